from django.urls import path

from pages.views import changes, cost, pair_benchmarks, pair_hosts, peers, shortlist
from pages.views import comparisons as views

app_name = "comparisons"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", views.picker, name="picker"),
    # Before the pair's pattern, which would read "shortlist" as a pair.
    path("compare/shortlist/", shortlist.shortlist_page, name="shortlist"),
    path("compare/<str:pair>/", views.comparison, name="comparison"),
    path("compare/<str:pair>/peers/", peers.comparison_peers, name="comparison_peers"),
    path(
        "compare/<str:pair>/benchmarks/",
        pair_benchmarks.comparison_benchmarks,
        name="comparison_benchmarks",
    ),
    path("compare/<str:pair>/hosts/", pair_hosts.comparison_hosts, name="comparison_hosts"),
    path("compare/<str:pair>/feed/", changes.pair_feed, name="comparison_feed"),
    path("cost/", cost.cost_ranking, name="cost"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemaps/<str:section>-<int:page>.xml", views.sitemap_section, name="sitemap_section"),
]
