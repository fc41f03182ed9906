"""The consistency sweep: every comparison page of the shipped catalog, read as an expert
would (tests/comparisons/invariants.py), and a sample of them rendered in full."""

import re
from datetime import date
from html import unescape
from typing import Any

import pytest

from catalog.models import AIModel
from comparisons.narrative import narrate
from comparisons.selectors import facts_for, headline_prices
from comparisons.verdict import compare_models
from pages.sitemaps import comparison_plan
from tests.comparisons.invariants import problems
from tests.parallel import SHARED, forked_map

# The pairs the issue that brought materiality named, rendered in full.
NAMED = [
    ("gemini-2-5-pro", "o3"),
    ("gpt-4-1-nano", "llama-4-scout"),
    ("o4-mini", "qwen3-235b-a22b"),
    ("claude-sonnet-4-5", "gpt-4o"),
    ("claude-opus-4-1", "llama-4-scout"),
    ("gpt-4-1", "o3"),
    ("grok-4", "gpt-4o"),
    ("dall-e-3", "gpt-image-1"),
    ("text-embedding-3-large", "text-embedding-3-small"),
    ("gpt-4o-mini-tts", "tts-1"),
]
RENDER_EVERY = 2_500  # one page in this many of the sitemap is rendered in full as well


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def shipped(demo_catalog):
    today = date.today()
    models = list(AIModel.objects.published().select_related("creator", "successor"))
    facts = {f.slug: f for f in facts_for(models, today).values()}
    return today, models, facts


def _check_pairs(bounds: tuple[int, int]) -> tuple[int, dict[str, tuple[str, str]]]:
    """Read the pairs [start, stop) of the sitemap; pure, so it runs in a forked worker."""
    plan: Any = SHARED["plan"]
    facts: Any = SHARED["facts"]
    today: Any = SHARED["today"]
    found: dict[str, tuple[str, str]] = {}
    counted = 0
    for a, b, _ in plan.iterate(*bounds):
        result = compare_models(a=facts[a], b=facts[b], on=today)
        counted += 1
        for problem in problems(result, narrate(result)):
            found.setdefault(problem.split(":")[0], (f"{a} vs {b}", problem))
    return counted, found


def test_every_sitemap_pair_reads_right(shipped):
    """Every comparison page the sitemap lists, on both cores (the reading is pure)."""
    today, _, facts = shipped
    plan = comparison_plan()
    total = plan.total
    assert total > 10_000  # the whole shipped catalog, not a sample
    results = forked_map(_check_pairs, total, plan=plan, facts=facts, today=today)
    found: dict[str, tuple[str, str]] = {}
    for _, problems_found in results:
        for key, value in problems_found.items():
            found.setdefault(key, value)
    assert sum(counted for counted, _ in results) == total
    assert found == {}, "\n".join(f"{pair}: {problem}" for pair, problem in found.values())


def test_a_sample_of_pages_says_what_the_engine_decided(client, shipped):
    _, _, facts = shipped
    plan = comparison_plan()
    sample = [(a, b) for a, b in NAMED if a in facts and b in facts]
    assert len(sample) >= 8
    sample += [
        (a, b) for n, (a, b, _) in enumerate(plan.iterate(0, plan.total)) if n % RENDER_EVERY == 0
    ]
    for a, b in sample:
        first, second = sorted((a, b))
        response = client.get(f"/compare/{first}-vs-{second}/")
        assert response.status_code == 200, (a, b)
        page = text_of(response.content.decode())
        story = response.context["story"]
        result = response.context["c"]
        assert problems(result, story) == [], (a, b)
        for words in (story.headline, *story.key_differences, *story.when_a, *story.when_b):
            assert words in page, (a, b, words)
        for question, answer in story.faq:
            assert question in page, (a, b, question)
            assert answer in page, (a, b, answer)
        price = result.row("price")
        assert price.a_text in page
        assert price.b_text in page


def test_the_directory_shows_the_comparisons_prices(client, shipped):
    """The same number in both places: each directory price cell is the price row its
    model's comparison pages show."""
    today, _, facts = shipped
    row = re.compile(
        r'name="compare" value="([^"]+)".*?</th>\s*<td>.*?</td>\s*<td>(.*?)</td>', re.S
    )
    for category in ("text_generation", "image_generation", "embedding", "text_to_speech"):
        html = client.get("/models/", {"category": category, "sort": "price"}).content.decode()
        cells = row.findall(html)
        assert len(cells) > 5, category
        rival = next(f for f in facts.values() if f.category == category)
        for slug, cell in cells:
            other = (
                rival
                if rival.slug != slug
                else next(f for f in facts.values() if f.category == category and f.slug != slug)
            )
            price = compare_models(a=facts[slug], b=other, on=today).row("price")
            expected = price.a_text if price.a.known else "See model page"
            assert unescape(cell) == expected, slug


def test_a_price_filter_uses_exact_arithmetic(client, demo_catalog):
    """GPT-4.1 at $2 and $8 blends to exactly $3.50: a $3.20 ceiling leaves it out on
    every database, and $3.50 keeps it."""
    model = AIModel.objects.get(slug="gpt-4-1")
    assert headline_prices([model], date.today())[model.pk][0].raw == 3.5
    below = client.get("/models/", {"q": "gpt-4.1", "max_price": "3.2"}).content.decode()
    at = client.get("/models/", {"q": "gpt-4.1", "max_price": "3.5"}).content.decode()
    assert 'value="gpt-4-1"' not in below
    assert 'value="gpt-4-1"' in at
