from django.urls import path

from pages.views import comparisons as views
from pages.views import pair_benchmarks, pair_hosts, peers

app_name = "comparisons"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", views.picker, name="picker"),
    path("compare/<str:pair>/", views.comparison, name="comparison"),
    path("compare/<str:pair>/peers/", peers.comparison_peers, name="comparison_peers"),
    path(
        "compare/<str:pair>/benchmarks/",
        pair_benchmarks.comparison_benchmarks,
        name="comparison_benchmarks",
    ),
    path("compare/<str:pair>/hosts/", pair_hosts.comparison_hosts, name="comparison_hosts"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemaps/<str:section>-<int:page>.xml", views.sitemap_section, name="sitemap_section"),
]
