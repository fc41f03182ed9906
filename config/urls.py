from django.contrib import admin
from django.urls import include, path

from config import health

admin.site.site_header = "Versus editors"
admin.site.site_title = "Versus admin"
admin.site.index_title = "Catalog"

handler500 = "config.faults.server_error"

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
    path("", include("pages.comparison_urls")),
    path("", include("pages.catalog_urls")),
]
