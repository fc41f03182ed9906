import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from catalog.demo import DEMO_PATH
from catalog.models import AIModel, Benchmark, Price, Provider, Score

pytestmark = pytest.mark.django_db

REQUIRED_SLUGS = {
    "gpt-4o",
    "gpt-4o-mini",
    "gpt-4-1",
    "o3",
    "claude-sonnet-4",
    "claude-opus-4",
    "claude-3-5-haiku",
    "gemini-2-5-pro",
    "gemini-2-5-flash",
    "llama-3-1-405b",
    "llama-3-3-70b",
    "mistral-large",
    "deepseek-v3",
    "deepseek-r1",
    "grok-3",
    "command-r-plus",
    "qwen-2-5-72b",
    "flux-1-1-pro",
    "flux-1-1-pro-ultra",
    "flux-1-dev",
    "dall-e-3",
    "gpt-image-1",
    "imagen-3",
    "stable-diffusion-3-5-large",
    "text-embedding-3-large",
    "whisper",
}


def snapshot():
    return {
        "providers": list(Provider.objects.order_by("pk").values()),
        "models": list(AIModel.objects.order_by("pk").values()),
        "prices": list(Price.objects.order_by("pk").values()),
        "scores": list(Score.objects.order_by("pk").values()),
        "benchmarks": list(Benchmark.objects.order_by("pk").values()),
    }


def test_demo_catalog_has_the_promised_breadth(demo_catalog):
    published = AIModel.objects.published()
    assert published.count() >= 45
    assert Provider.objects.count() >= 12
    assert set(published.values_list("slug", flat=True)) >= REQUIRED_SLUGS
    categories = set(published.values_list("category", flat=True))
    assert {"text_generation", "image_generation", "embedding", "speech_to_text"} <= categories


def test_loading_twice_changes_nothing(demo_catalog):
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo_catalog", stdout=out)
    assert snapshot() == before
    assert "nothing changed" in out.getvalue()


def test_every_price_has_unit_source_and_checked_date(demo_catalog):
    assert Price.objects.count() > 100
    for price in Price.objects.select_related("host"):
        assert price.unit in Price.Unit.values
        assert price.source_url.startswith("https://")
        assert price.checked_on is not None


def test_headline_facts(demo_catalog):
    flux = AIModel.objects.get(slug="flux-1-1-pro")
    assert flux.creator.name == "Black Forest Labs"
    assert flux.release_date == date(2024, 10, 2)
    flux_prices = Price.objects.current(date.today()).filter(model=flux, condition="")
    assert [(p.component, p.unit, p.amount) for p in flux_prices] == [
        ("image_output", "per_image", Decimal("0.04"))
    ]
    gpt = AIModel.objects.get(slug="gpt-4o")
    assert gpt.creator.name == "OpenAI"
    assert gpt.context_window == 128_000
    current = {
        p.component: p.amount
        for p in Price.objects.current(date.today()).filter(
            model=gpt, condition="", host=gpt.creator
        )
    }
    assert current["input_tokens"] == Decimal("2.50")
    assert current["output_tokens"] == Decimal("10.00")


def test_arena_scores_carry_interval_votes_and_date(demo_catalog):
    score = Score.objects.get(model__slug="gpt-4o", benchmark__slug="lmarena-text")
    assert score.ci_lower < score.value < score.ci_upper
    assert score.votes is not None
    assert score.votes > 0
    assert score.measured_on == date(2025, 8, 4)
    image_scores = Score.objects.filter(benchmark__slug="lmarena-text-to-image")
    assert image_scores.filter(model__slug="flux-1-1-pro").exists()


def test_an_editors_change_survives_a_reload(demo_catalog):
    AIModel.objects.filter(slug="gpt-4o").update(description="Edited by an editor.")
    call_command("load_demo_catalog", stdout=io.StringIO())
    assert AIModel.objects.get(slug="gpt-4o").description == "Edited by an editor."


def test_a_bad_file_writes_nothing_and_names_the_entry(tmp_path):
    data = json.loads(DEMO_PATH.read_text())
    data["models"][3]["prices"][0]["amount"] = "-1.00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo_catalog", path=bad, stdout=io.StringIO())
    assert data["models"][3]["slug"] in str(excinfo.value)
    assert "nothing was written" in str(excinfo.value)
    assert Provider.objects.count() == 0
    assert AIModel.objects.count() == 0


def test_a_truncated_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "truncated.json"
    bad.write_text(DEMO_PATH.read_text()[:500])
    with pytest.raises(CommandError, match="cannot read the demo catalog"):
        call_command("load_demo_catalog", path=bad, stdout=io.StringIO())
