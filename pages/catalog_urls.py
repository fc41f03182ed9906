from django.urls import path

from pages.views import benchmarks, changes
from pages.views import catalog as views

app_name = "catalog"

urlpatterns = [
    path("models/", views.directory, name="directory"),
    path("models/<slug:slug>/", views.model_detail, name="model_detail"),
    path("models/<slug:slug>/feed/", changes.model_feed, name="model_feed"),
    path("changes/", changes.changes, name="changes"),
    path("changes/feed/", changes.changes_feed, name="changes_feed"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider_detail"),
    path("suggest/", views.suggest, name="suggest"),
    path("benchmarks/", benchmarks.benchmark_list, name="benchmark_list"),
    path("benchmarks/<slug:slug>/", benchmarks.benchmark_detail, name="benchmark_detail"),
]
