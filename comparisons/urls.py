from django.urls import path

from comparisons import views

app_name = "comparisons"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", views.picker, name="picker"),
    path("compare/<str:pair>/", views.comparison, name="comparison"),
]
