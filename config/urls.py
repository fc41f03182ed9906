from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Versus editors"
admin.site.site_title = "Versus admin"
admin.site.index_title = "Catalog"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("comparisons.urls")),
    path("", include("catalog.urls")),
]
