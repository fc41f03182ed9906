from django.urls import path

from comparisons import views

app_name = "comparisons"

urlpatterns = [
    path("compare/<str:pair>/", views.comparison, name="comparison"),
]
