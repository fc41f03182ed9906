import re
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comparisons.models import FeaturedComparison
from pages import sitemaps
from pages.sitemaps import Block, PairPlan, pair_count, unrank
from tests.factories import AIModelFactory, ImageModelFactory

LOC = re.compile(r"<loc>([^<]+)</loc>")


def body(response) -> str:
    return (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )


class TestPairArithmetic:
    @given(st.integers(min_value=0, max_value=70))
    def test_unrank_lists_every_pair_exactly_once_in_order(self, n):
        assert [unrank(k, n) for k in range(pair_count(n))] == list(combinations(range(n), 2))

    @given(st.integers(min_value=2, max_value=2000), st.data())
    def test_unrank_of_any_position_is_a_valid_pair(self, n, data):
        k = data.draw(st.integers(min_value=0, max_value=pair_count(n) - 1))
        i, j = unrank(k, n)
        assert 0 <= i < j < n
        assert sitemaps.pairs_before(i, n) + (j - i - 1) == k

    def test_positions_outside_the_range_are_refused(self):
        with pytest.raises(IndexError):
            unrank(pair_count(5), 5)
        with pytest.raises(IndexError):
            unrank(0, 1)

    @given(
        st.lists(st.integers(min_value=0, max_value=30), min_size=0, max_size=5),
        st.data(),
    )
    def test_any_range_of_the_plan_equals_the_same_slice_of_all_pairs(self, sizes, data):
        from datetime import UTC, datetime

        moment = datetime(2026, 1, 1, tzinfo=UTC)
        blocks, start, expected = [], 0, []
        for b, n in enumerate(sizes):
            slugs = tuple(f"c{b}-m{m:02d}" for m in range(n))
            blocks.append(Block(slugs=slugs, changed=(moment,) * n, start=start))
            start += pair_count(n)
            expected += [(slugs[i], slugs[j]) for i, j in combinations(range(n), 2)]
        plan = PairPlan(blocks=tuple(blocks))
        assert plan.total == len(expected)
        first = data.draw(st.integers(min_value=0, max_value=plan.total))
        stop = data.draw(st.integers(min_value=first, max_value=plan.total))
        assert [(a, b) for a, b, _ in plan.iterate(first, stop)] == expected[first:stop]

    def test_a_thousand_text_models_make_ten_pages(self):
        from datetime import UTC, datetime

        n = 1000
        slugs = tuple(f"model-{m:04d}" for m in range(n))
        plan = PairPlan(
            blocks=(Block(slugs=slugs, changed=(datetime(2026, 1, 1, tzinfo=UTC),) * n, start=0),)
        )
        assert plan.total == 499_500
        assert plan.pages() == 10
        first_page = list(plan.iterate(0, 50_000))
        assert len(first_page) == 50_000
        assert first_page[0][:2] == ("model-0000", "model-0001")
        last_page = list(plan.iterate(450_000, plan.total))
        assert len(last_page) == 49_500
        assert last_page[-1][:2] == ("model-0998", "model-0999")


@pytest.mark.django_db
class TestSitemapViews:
    def test_robots_allows_the_site_disallows_admin_and_names_the_sitemap(self, client):
        text = client.get("/robots.txt").content.decode()
        assert "User-agent: *\nAllow: /\n" in text
        assert "Disallow: /admin/" in text
        assert "Sitemap: https://versus.example/sitemap.xml" in text

    def test_the_index_lists_each_section_page(self, client, demo_catalog):
        response = client.get("/sitemap.xml")
        assert response["Content-Type"].startswith("application/xml")
        locs = LOC.findall(body(response))
        pages = sitemaps.comparison_plan().pages()
        assert pages > 1  # the shipped catalog has more pairs than one page holds
        assert locs == [
            "https://versus.example/sitemaps/models-1.xml",
            "https://versus.example/sitemaps/providers-1.xml",
            "https://versus.example/sitemaps/benchmarks-1.xml",
            *(f"https://versus.example/sitemaps/comparisons-{n}.xml" for n in range(1, pages + 1)),
        ]
        assert body(response).count("<lastmod>") == len(locs)

    def small_catalog(self):
        text = [AIModelFactory(slug=slug) for slug in ("alpha", "beta", "gamma")]
        images = [ImageModelFactory(slug=slug) for slug in ("paint", "sketch")]
        AIModelFactory(slug="retired", status="deprecated")
        AIModelFactory(slug="alpha-2024-01-01", snapshot_of=text[0])
        return text, images

    def test_comparisons_are_same_category_pairs_in_canonical_order(self, client):
        self.small_catalog()
        locs = LOC.findall(body(client.get("/sitemaps/comparisons-1.xml")))
        assert locs == [
            "https://versus.example/compare/paint-vs-sketch/",
            "https://versus.example/compare/alpha-vs-beta/",
            "https://versus.example/compare/alpha-vs-gamma/",
            "https://versus.example/compare/beta-vs-gamma/",
        ]

    def test_featured_pairs_across_categories_are_added(self, client):
        text, images = self.small_catalog()
        FeaturedComparison.objects.create(model_a=text[1], model_b=images[0])
        locs = LOC.findall(body(client.get("/sitemaps/comparisons-1.xml")))
        assert locs[-1] == "https://versus.example/compare/beta-vs-paint/"

    def test_deprecated_models_and_snapshots_make_no_pairs(self, client):
        self.small_catalog()
        models = body(client.get("/sitemaps/models-1.xml"))
        pairs = body(client.get("/sitemaps/comparisons-1.xml"))
        assert "/models/retired/" not in models
        assert "retired" not in pairs
        assert "alpha-2024-01-01" not in models + pairs  # a dated snapshot of alpha
        assert client.get("/models/alpha-2024-01-01/").status_code == 200

    def test_every_url_has_a_lastmod(self, client, demo_catalog):
        text = body(client.get("/sitemaps/comparisons-1.xml"))
        assert text.count("<url>") == text.count("<lastmod>") > 0

    def test_sections_are_paginated(self, client, monkeypatch):
        monkeypatch.setattr(sitemaps, "PAGE_SIZE", 4)
        for n in range(5):
            AIModelFactory(slug=f"text-{n}")
        for n in range(3):
            ImageModelFactory(slug=f"image-{n}")
        index = LOC.findall(body(client.get("/sitemap.xml")))
        comparison_pages = [loc for loc in index if "comparisons-" in loc]
        assert len(comparison_pages) == 4  # 10 text pairs + 3 image pairs = 13
        seen = []
        for loc in comparison_pages:
            seen += LOC.findall(body(client.get(loc.removeprefix("https://versus.example"))))
        assert len(seen) == len(set(seen)) == 13
        assert client.get("/sitemaps/comparisons-5.xml").status_code == 404
        assert len(LOC.findall(body(client.get("/sitemaps/models-2.xml")))) == 4

    def test_an_empty_catalog_has_an_empty_section(self, client):
        assert LOC.findall(body(client.get("/sitemaps/comparisons-1.xml"))) == []
        assert client.get("/sitemaps/comparisons-2.xml").status_code == 404

    @pytest.mark.parametrize(
        "path", ["/sitemaps/widgets-1.xml", "/sitemaps/models-0.xml", "/sitemaps/models-99.xml"]
    )
    def test_unknown_sections_and_pages_are_404(self, client, demo_catalog, path):
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_benchmarks_section_lists_boards_with_published_scores(client, demo_catalog):
    locs = LOC.findall(body(client.get("/sitemaps/benchmarks-1.xml")))
    assert locs[0] == "https://versus.example/benchmarks/"
    assert "https://versus.example/benchmarks/lmarena-text/" in locs
    for loc in locs:
        assert client.get(loc.removeprefix("https://versus.example")).status_code == 200
    assert client.get("/sitemaps/benchmarks-2.xml").status_code == 404
