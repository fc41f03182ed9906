"""Build verdict-engine inputs directly: no database needed."""

from datetime import UTC, date, datetime
from decimal import Decimal

from comparisons.facts import ModelFacts, Offer, PriceFact, ScoreFact, State, Value

CHECKED = date(2026, 7, 24)
LABELS = {"text_generation": "Text generation", "image_generation": "Image generation"}


def known(raw, **extra) -> Value:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = Decimal(raw)
    return Value(
        state=State.KNOWN,
        raw=raw,
        source_url="https://example.com/specs",
        checked_on=CHECKED,
        **extra,
    )


def price(
    component: str,
    amount: str,
    unit: str = "per_1m_tokens",
    condition: str = "",
    host: str = "Maker",
) -> PriceFact:
    return PriceFact(
        host=host,
        host_slug=host.lower().replace(" ", "-"),
        component=component,
        unit=unit,
        amount=Decimal(amount),
        condition=condition,
        effective_from=date(2025, 1, 1),
        source_url="https://example.com/pricing",
        checked_on=CHECKED,
    )


def offer(*prices: PriceFact, by_creator: bool = True, host: str = "Maker") -> Offer:
    return Offer(host=host, host_slug=host.lower(), by_creator=by_creator, prices=prices)


def arena(
    value: str,
    low: str | None,
    high: str | None,
    benchmark: str = "lmarena-text",
    category: str = "text_generation",
) -> ScoreFact:
    return ScoreFact(
        benchmark="LMArena Text" if benchmark == "lmarena-text" else "LMArena Text-to-Image",
        benchmark_slug=benchmark,
        benchmark_category=category,
        higher_is_better=True,
        value=Decimal(value),
        ci_lower=Decimal(low) if low else None,
        ci_upper=Decimal(high) if high else None,
        votes=1000,
        measured_on=date(2025, 8, 4),
        source_url="https://lmarena.ai/leaderboard/text",
        checked_on=date(2025, 8, 4),
        designation="quality",
    )


def bench(
    value: str,
    benchmark: str = "MMLU-Pro",
    *,
    slug: str | None = None,
    family: str = "",
    scale_max: str | None = "100",
    measured_by: str = "independent",
    condition: str = "",
    dataset: str = "",
    measured_on: date = date(2025, 6, 1),
    interval: tuple[str, str] | None = None,
    designation: str = "",
    higher_is_better: bool = True,
) -> ScoreFact:
    """A score on a benchmark other than the arena: a percentage unless scale_max=None."""
    slug = slug or benchmark.lower().replace(" ", "-")
    return ScoreFact(
        benchmark=benchmark,
        benchmark_slug=slug,
        benchmark_category="text_generation",
        higher_is_better=higher_is_better,
        value=Decimal(value),
        ci_lower=Decimal(interval[0]) if interval else None,
        ci_upper=Decimal(interval[1]) if interval else None,
        votes=None,
        measured_on=measured_on,
        source_url=f"https://example.com/benchmarks/{slug}",
        checked_on=CHECKED,
        family=family,
        measured_by=measured_by,
        dataset=dataset,
        scale_max=Decimal(scale_max) if scale_max else None,
        designation=designation,
        condition=condition,
    )


def coding(value: str, **extra) -> ScoreFact:
    """A score on the designated independent coding benchmark."""
    return bench(value, "SWE-bench Verified", designation="coding", **extra)


def text_model(
    name: str,
    *,
    input_price="1.00",
    output_price="4.00",
    context=128_000,
    output=16_384,
    score=None,
    scores=(),
    capabilities=(True, True, False, False),
    creator="Maker",
    **specs,
) -> ModelFacts:
    prices = []
    if input_price is not None:
        prices.append(price("input_tokens", input_price, host=creator))
    if output_price is not None:
        prices.append(price("output_tokens", output_price, host=creator))
    spec_values = {
        "context_window": known(context) if context else Value(state=State.UNKNOWN),
        "max_output_tokens": known(output) if output else Value(state=State.UNKNOWN),
        "release_date": known(date(2025, 1, 15)),
        "open_weights": known(False),
        "license": known("Proprietary"),
    }
    for key, flag in zip(
        ("tool_calling", "structured_output", "vision_input", "reasoning"),
        capabilities,
        strict=True,
    ):
        spec_values[key] = known(flag) if flag is not None else Value(state=State.UNKNOWN)
    spec_values.update(specs)
    return ModelFacts(
        name=name,
        slug=name.lower().replace(" ", "-"),
        creator=creator,
        creator_slug=creator.lower(),
        category="text_generation",
        category_label="Text generation",
        specs=spec_values,
        offers=(offer(*prices, host=creator),) if prices else (),
        scores=((score,) if score else ()) + tuple(scores),
        last_changed=datetime(2026, 1, 1, tzinfo=UTC),
    )


def image_model(name: str, *, per_image="0.04", score=None, creator="Painter") -> ModelFacts:
    prices = [price("image_output", per_image, unit="per_image", host=creator)] if per_image else []
    return ModelFacts(
        name=name,
        slug=name.lower().replace(" ", "-"),
        creator=creator,
        creator_slug=creator.lower(),
        category="image_generation",
        category_label="Image generation",
        specs={"release_date": known(date(2024, 10, 2)), "open_weights": known(False)},
        offers=(offer(*prices, host=creator),) if prices else (),
        scores=(score,) if score else (),
        last_changed=datetime(2026, 2, 1, tzinfo=UTC),
    )
