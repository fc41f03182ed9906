"""The importers against the real public catalogs beside the project (skipped without them)."""

import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from catalog.models import AIModel, Offer, Price, Score

pytestmark = pytest.mark.django_db

DATA = Path(os.environ.get("VERSUS_SHARED_DATA", settings.BASE_DIR.parent / "shared" / "data"))
real_data = pytest.mark.skipif(
    not (DATA / "litellm").is_dir(), reason=f"the shared public catalogs are not at {DATA}"
)
DATES = {
    "lmarena_date": date(2025, 12, 11),
    "lmarena_csv_date": date(2025, 8, 4),
    "litellm_date": date(2026, 7, 24),
}


def refresh(**options) -> str:
    out = io.StringIO()
    call_command("refresh_catalog", str(DATA), stdout=out, **DATES, **options)
    return out.getvalue()


def coverage(output: str) -> dict[str, float]:
    """The share column of the command's closing table, per source (first of each)."""
    shares: dict[str, float] = {}
    for line in output.splitlines():
        parts = line.split()
        if (
            len(parts) >= 4
            and parts[0] in ("models-dev", "litellm", "lmarena")
            and parts[3].endswith("%")
        ):
            shares.setdefault(parts[0], float(parts[3].rstrip("%")) / 100)
    return shares


def standard(slug: str, host: str) -> dict[str, Decimal]:
    rows = Price.objects.current(date.today()).filter(
        model__slug=slug, host__slug=host, condition="", unit="per_1m_tokens"
    )
    return {row.component: row.amount for row in rows}


@real_data
def test_every_public_record_resolves_to_one_model():
    output = refresh()
    shares = coverage(output)
    assert shares["models-dev"] >= 0.95
    assert shares["litellm"] >= 0.90
    assert shares["lmarena"] >= 0.80

    assert AIModel.objects.filter(creator__kind="lab").count() >= 800
    for name in ("Claude Sonnet 4", "Claude Haiku 4.5", "Claude Opus 4.7", "Mistral Large 3"):
        assert AIModel.objects.filter(name__iexact=name).count() == 1, name
    sonnet = set(
        Offer.objects.filter(model__slug="claude-sonnet-4-5").values_list("host__slug", flat=True)
    )
    assert len(sonnet) >= 5
    assert {"amazon-bedrock", "google-vertex", "anthropic"} <= sonnet
    assert Offer.objects.filter(model__slug="gpt-4o", host__slug="azure").exists()

    # The variant files of the issue: their standard prices, and their modes as conditions.
    assert standard("claude-opus-4-7", "venice")["input_tokens"] == Decimal("6")
    assert standard("kimi-k2-7-code", "moonshotai")["input_tokens"] == Decimal("0.95")
    assert standard("claude-haiku-4-5", "llmgateway")["input_tokens"] == Decimal("1")
    # No plan or free file is anyone's standard token price.
    plans = Price.objects.filter(
        condition="", source_id__regex=r"(coding|token)-plan|-free\b|:free"
    )
    assert not plans.filter(component__in=["input_tokens", "output_tokens"]).exists()

    assert AIModel.objects.get(slug="gpt-image-1-5").category == "image_generation"
    assert AIModel.objects.get(slug="nano-banana").category == "image_generation"
    assert not AIModel.objects.filter(slug__startswith="ft-").exists()
    assert not AIModel.objects.filter(name__regex=r"^[a-z0-9.-]+-20\d{6}$").exists()
    score = Score.objects.get(
        model__slug="claude-opus-4-5",
        benchmark__slug="lmarena-text",
        condition="thinking, 32K budget",
        measured_on=date(2025, 12, 11),
    )
    assert score.value > 1400


def rows() -> int:
    return AIModel.objects.count() + Price.objects.count() + Offer.objects.count()


@real_data
def test_refreshing_the_same_data_again_settles_at_once():
    """A second refresh of the same data may move a few host records that the first placed
    before the model they name existed (at most 0.1% of rows); a third changes nothing."""
    refresh()
    first = rows()
    refresh()
    second = rows()
    assert second - first <= first / 1000
    refresh()
    assert rows() == second


@real_data
def test_a_dry_run_writes_nothing():
    output = refresh(dry_run=True)
    assert "Dry run: nothing was written." in output
    assert not AIModel.objects.exists()
