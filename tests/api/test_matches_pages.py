"""The API says what the pages say: the same rows, verdict, prices and totals, for a
sample of pairs and models of the shipped catalog."""

import html
import random
import re
from decimal import Decimal

from markupsafe import escape

from catalog.models import AIModel
from comparisons.cost import format_money

API = "/api/v1"


def sample_pairs(count=8):
    """Pairs of every kind: named ones, same category and across categories."""
    chooser = random.Random(20)
    published = list(AIModel.objects.published().order_by("slug").values_list("slug", "category"))
    by_category: dict[str, list[str]] = {}
    for slug, category in published:
        by_category.setdefault(category, []).append(slug)
    pairs = [("claude-sonnet-4-5", "gpt-5"), ("flux-1-1-pro", "gpt-4o")]
    for slugs in by_category.values():
        if len(slugs) >= 2:
            pairs.append(tuple(sorted(chooser.sample(slugs, 2))))
    while len(pairs) < count:
        a, b = chooser.sample([slug for slug, _ in published], 2)
        pairs.append(tuple(sorted((a, b))))
    return [tuple(sorted(pair)) for pair in pairs]


def test_comparisons_match_their_pages(client, demo_catalog):
    for a, b in sample_pairs():
        page = client.get(f"/compare/{a}-vs-{b}/").content.decode()
        body = client.get(f"{API}/compare/{a}-vs-{b}").json()
        assert body["url"] == f"/compare/{a}-vs-{b}/"
        assert str(escape(body["verdict"]["headline"])) in page, (a, b)
        assert str(escape(body["title"])) in page
        plain = " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
        positions = []
        for row in body["rows"]:
            for side in ("a", "b"):
                assert str(escape(row[side]["text"])) in page, (a, b, row["key"], side)
            assert row["result_text"] in plain, (a, b, row["key"])
            positions.append(page.index(f">{escape(row['label'])}"))
        assert positions == sorted(positions), (a, b)  # the page's order
        for cost in body["costs"]:
            if cost["total"] is not None:
                assert format_money(Decimal(cost["total"]["amount"])) in page, (a, b)
        for item in body["key_differences"]:
            assert str(escape(item)) in page
        for source in body["sources"]:
            assert str(escape(source["url"])) in page


def test_model_pages_match(client, demo_catalog):
    chooser = random.Random(7)
    slugs = [
        "gpt-4o",
        *chooser.sample(list(AIModel.objects.published().values_list("slug", flat=True)), 7),
    ]
    for slug in slugs:
        page = client.get(f"/models/{slug}/").content.decode()
        body = client.get(f"{API}/models/{slug}").json()
        for spec in body["specs"]:
            assert str(escape(spec["fact"]["text"])) in page, (slug, spec["key"])
        for offer in body["offers"]:
            for price in offer["prices"]:
                assert str(escape(price["text"])) in page, (slug, price["text"])
        for score in body["scores"]:
            assert str(escape(score["benchmark"])) in page


def test_the_ranking_matches_its_page(client, demo_catalog):
    query = {"input_tokens": "5000000", "output_tokens": "1000000"}
    page = client.get("/cost/", query).content.decode()
    body = client.get(f"{API}/cost", query).json()
    assert body["ranked"]
    for entry in body["ranked"]:
        assert str(escape(entry["model"]["name"])) in page
        assert format_money(Decimal(entry["cost"]["total"]["amount"])) in page
