from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("models/<slug:slug>/", views.model_detail, name="model_detail"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider_detail"),
]
