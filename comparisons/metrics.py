"""The metric registry: every row of the head-to-head table, how it is read and written.

Pure: no Django. Each metric turns a model's facts into one `Value` and writes
it with its own unit, so the table, the key differences and the FAQ print the
same words for the same number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from catalog.units import format_count, format_parameters, format_usd, unit_phrase
from comparisons.facts import (
    NOT_APPLICABLE,
    UNKNOWN,
    ModelFacts,
    Offer,
    PriceFact,
    State,
    Value,
)

TEXT = "text_generation"
IMAGE = "image_generation"
EMBEDDING = "embedding"
SPEECH_TO_TEXT = "speech_to_text"
TEXT_TO_SPEECH = "text_to_speech"
VIDEO = "video_generation"
ALL_CATEGORIES = frozenset({TEXT, IMAGE, EMBEDDING, SPEECH_TO_TEXT, TEXT_TO_SPEECH, VIDEO})

# Text prices are blended at 3 input tokens for every output token.
BLEND_INPUT = Decimal(3)
BLEND_OUTPUT = Decimal(1)
BLENDED_UNIT = "blended:per_1m_tokens"


class Direction(Enum):
    HIGHER = "higher is better"
    LOWER = "lower is better"
    INFO = "informational"


class Kind(Enum):
    TEXT = "text"
    DATE = "date"
    FLAG = "flag"
    COUNT = "count"
    PARAMETERS = "parameters"
    MONEY = "money"
    MONTH = "month"
    SCORE = "score"
    CAPABILITIES = "capabilities"


GROUPS = (
    ("overview", "Overview"),
    ("pricing", "Pricing"),
    ("quality", "Quality"),
    ("limits", "Limits"),
    ("capabilities", "Capabilities"),
)

CAPABILITIES = (
    ("tool_calling", "Tool calling"),
    ("structured_output", "Structured output"),
    ("vision_input", "Image input"),
    ("reasoning", "Reasoning mode"),
)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    group: str
    direction: Direction
    kind: Kind
    read: Callable[[ModelFacts], Value]
    applies_to: frozenset[str] = ALL_CATEGORIES
    # What the value is called in a sentence ("context window", "blended price").
    noun: str = ""

    def value_for(self, facts: ModelFacts) -> Value:
        if facts.category not in self.applies_to:
            return NOT_APPLICABLE
        return self.read(facts)


def _spec(key: str) -> Callable[[ModelFacts], Value]:
    return lambda facts: facts.spec(key)


def _text(value: str) -> Value:
    return Value(state=State.KNOWN, raw=value)


def _headline_price(offer: Offer, category: str) -> tuple[Decimal, str, PriceFact] | None:
    """The one price that stands for an offer in the verdict, with its unit."""
    if category == TEXT:
        tokens_in = offer.standard("input_tokens", "per_1m_tokens")
        tokens_out = offer.standard("output_tokens", "per_1m_tokens")
        if tokens_in and tokens_out:
            blended = (BLEND_INPUT * tokens_in.amount + BLEND_OUTPUT * tokens_out.amount) / (
                BLEND_INPUT + BLEND_OUTPUT
            )
            return blended, BLENDED_UNIT, tokens_in
        return None
    component = {
        IMAGE: "image_output",
        VIDEO: "image_output",
        EMBEDDING: "input_tokens",
        SPEECH_TO_TEXT: "audio_input",
        TEXT_TO_SPEECH: "text_input",
    }[category]
    preferred = {IMAGE: "per_image", EMBEDDING: "per_1m_tokens"}.get(category)
    price = offer.standard(component, preferred) or offer.standard(component)
    if price is None:
        return None
    return price.amount, f"{price.component}:{price.unit}", price


def default_offer(facts: ModelFacts) -> Offer | None:
    """The creator's own offer; when the creator sells none, the cheapest host's."""
    own = [offer for offer in facts.offers if offer.by_creator]
    if own:
        return own[0]
    priced = []
    for offer in facts.offers:
        headline = _headline_price(offer, facts.category)
        if headline is not None:
            priced.append((headline[1], headline[0], offer.host, offer))
    if priced:
        priced.sort(key=lambda item: (item[0], item[1], item[2]))
        return priced[0][3]
    return facts.offers[0] if facts.offers else None


def _price_value(amount: Decimal, unit: str, price: PriceFact, offer: Offer) -> Value:
    return Value(
        state=State.KNOWN,
        raw=amount,
        unit=unit,
        source_url=price.source_url,
        checked_on=price.checked_on,
        note="" if offer.by_creator else f"via {offer.host}",
        source_record=price.source_id,
    )


def read_headline_price(facts: ModelFacts) -> Value:
    offer = default_offer(facts)
    headline = _headline_price(offer, facts.category) if offer else None
    if offer is None or headline is None:
        return UNKNOWN
    amount, unit, price = headline
    return _price_value(amount, unit, price, offer)


def _component_price(component: str) -> Callable[[ModelFacts], Value]:
    def read(facts: ModelFacts) -> Value:
        offer = default_offer(facts)
        price = offer.standard(component, "per_1m_tokens") if offer else None
        if offer is None or price is None:
            return UNKNOWN
        return _price_value(price.amount, f"{component}:per_1m_tokens", price, offer)

    return read


def read_primary_score(facts: ModelFacts) -> Value:
    """The score on the benchmark made for the model's own category (e.g. the text arena)."""
    mine = sorted(
        (s for s in facts.scores if s.benchmark_category == facts.category),
        key=lambda s: s.benchmark_slug,
    )
    if not mine:
        return UNKNOWN
    score = mine[0]
    interval = None
    if score.ci_lower is not None and score.ci_upper is not None:
        interval = (score.ci_lower, score.ci_upper)
    return Value(
        state=State.KNOWN,
        raw=score.value,
        unit=score.benchmark_slug,
        unit_label=score.benchmark,
        source_url=score.source_url,
        checked_on=score.checked_on,
        interval=interval,
        votes=score.votes,
        measured_on=score.measured_on,
    )


def read_capabilities(facts: ModelFacts) -> Value:
    known = tuple(
        f"{key}:{'yes' if facts.spec(key).raw else 'no'}"
        for key, _ in CAPABILITIES
        if facts.spec(key).known
    )
    if not known:
        return UNKNOWN
    sources = [facts.spec(key) for key, _ in CAPABILITIES if facts.spec(key).known]
    return Value(
        state=State.KNOWN,
        raw=known,
        unit="capabilities",
        source_url=sources[0].source_url,
        checked_on=sources[0].checked_on,
    )


TOKEN_MODELS = frozenset({TEXT, EMBEDDING})

METRICS: tuple[Metric, ...] = (
    Metric(
        "creator",
        "Creator",
        "overview",
        Direction.INFO,
        Kind.TEXT,
        lambda f: _text(f.creator),
    ),
    Metric(
        "category",
        "What it does",
        "overview",
        Direction.INFO,
        Kind.TEXT,
        lambda f: _text(f.category_label),
    ),
    Metric(
        "release_date",
        "Release date",
        "overview",
        Direction.INFO,
        Kind.DATE,
        _spec("release_date"),
        noun="release date",
    ),
    Metric(
        "open_weights", "Open weights", "overview", Direction.INFO, Kind.FLAG, _spec("open_weights")
    ),
    Metric("license", "Licence", "overview", Direction.INFO, Kind.TEXT, _spec("license")),
    Metric(
        "parameters",
        "Parameters",
        "overview",
        Direction.INFO,
        Kind.PARAMETERS,
        _spec("parameters"),
        noun="parameter count",
    ),
    Metric(
        "knowledge_cutoff",
        "Knowledge cutoff",
        "overview",
        Direction.INFO,
        Kind.MONTH,
        _spec("knowledge_cutoff"),
        applies_to=frozenset({TEXT}),
    ),
    Metric(
        "price",
        "Price",
        "pricing",
        Direction.LOWER,
        Kind.MONEY,
        read_headline_price,
        noun="price",
    ),
    Metric(
        "input_price",
        "Input price",
        "pricing",
        Direction.LOWER,
        Kind.MONEY,
        _component_price("input_tokens"),
        applies_to=frozenset({TEXT}),
        noun="input price",
    ),
    Metric(
        "output_price",
        "Output price",
        "pricing",
        Direction.LOWER,
        Kind.MONEY,
        _component_price("output_tokens"),
        applies_to=frozenset({TEXT}),
        noun="output price",
    ),
    Metric(
        "arena",
        "Arena score",
        "quality",
        Direction.HIGHER,
        Kind.SCORE,
        read_primary_score,
        applies_to=frozenset({TEXT, IMAGE}),
        noun="arena score",
    ),
    Metric(
        "context_window",
        "Context window",
        "limits",
        Direction.HIGHER,
        Kind.COUNT,
        _spec("context_window"),
        applies_to=TOKEN_MODELS,
        noun="context window",
    ),
    Metric(
        "max_output_tokens",
        "Output limit",
        "limits",
        Direction.HIGHER,
        Kind.COUNT,
        _spec("max_output_tokens"),
        applies_to=frozenset({TEXT}),
        noun="output limit",
    ),
    Metric(
        "capabilities",
        "Capabilities",
        "capabilities",
        Direction.HIGHER,
        Kind.CAPABILITIES,
        read_capabilities,
        applies_to=frozenset({TEXT}),
        noun="capabilities",
    ),
    *(
        Metric(
            key,
            label,
            "capabilities",
            Direction.INFO,
            Kind.FLAG,
            _spec(key),
            applies_to=frozenset({TEXT}),
        )
        for key, label in CAPABILITIES
    ),
)

METRICS_BY_KEY = {metric.key: metric for metric in METRICS}

# Each verdict category is decided by exactly one metric, so nothing counts twice.
CATEGORY_PLAN: dict[str, tuple[tuple[str, str, str], ...]] = {
    TEXT: (
        ("quality", "Quality", "arena"),
        ("price", "Price", "price"),
        ("context", "Context window", "context_window"),
        ("output", "Output limit", "max_output_tokens"),
        ("capabilities", "Capabilities", "capabilities"),
    ),
    IMAGE: (("quality", "Quality", "arena"), ("price", "Price per image", "price")),
    EMBEDDING: (("price", "Price", "price"), ("context", "Input limit", "context_window")),
    SPEECH_TO_TEXT: (("price", "Price", "price"),),
    TEXT_TO_SPEECH: (("price", "Price", "price"),),
    VIDEO: (("price", "Price", "price"),),
}


def format_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def format_month(text: str) -> str:
    """A knowledge cutoff as words: 2023-10 is "Oct 2023", 2025-03-31 is "31 Mar 2025"."""
    try:
        if len(text) == 7:
            return f"{date.fromisoformat(text + '-01'):%b %Y}"
        return format_date(date.fromisoformat(text))
    except ValueError:
        return text


def with_article(noun: str) -> str:
    """The noun with "a" or "an": an image generation model, a text generation model."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def unit_words(unit: str) -> str:
    """How a stored unit reads in a sentence: "per 1M input tokens", "per image"."""
    if unit == BLENDED_UNIT:
        return "per 1M tokens (blended 3:1 input:output)"
    component, _, price_unit = unit.partition(":")
    if price_unit:
        return unit_phrase(component, price_unit)
    return unit


def shown(metric: Metric, facts: ModelFacts) -> tuple[Value, str]:
    """The metric's value for a model and the words it is shown with, worked out once."""
    found = facts.shown.get(metric.key)
    if found is None:
        value = metric.value_for(facts)
        found = facts.shown[metric.key] = (value, format_value(metric, value, facts.creator))
    return found


def format_value(metric: Metric, value: Value, owner: str) -> str:
    """The words a value is shown with, the same in the table, the FAQ and the summary."""
    if value.state is State.UNKNOWN:
        return "Unknown"
    if value.state is State.NOT_APPLICABLE:
        return "Not applicable"
    if value.state is State.NOT_DISCLOSED:
        return f"Not disclosed by {owner}"
    raw = value.raw
    text: str
    if metric.kind is Kind.MONEY and isinstance(raw, Decimal):
        amount = raw.quantize(Decimal("0.0001")) if value.unit == BLENDED_UNIT else raw
        text = f"{format_usd(amount.normalize())} {unit_words(value.unit)}"
    elif metric.kind is Kind.COUNT and isinstance(raw, Decimal):
        text = f"{format_count(int(raw))} tokens"
    elif metric.kind is Kind.PARAMETERS and isinstance(raw, Decimal):
        text = format_parameters(int(raw))
    elif metric.kind is Kind.SCORE and isinstance(raw, Decimal):
        text = format_score(value)
    elif metric.kind is Kind.CAPABILITIES and isinstance(raw, tuple):
        text = format_capabilities(raw)
    elif metric.kind is Kind.MONTH and isinstance(raw, str):
        text = format_month(raw)
    elif isinstance(raw, bool):
        text = "Yes" if raw else "No"
    elif isinstance(raw, date):
        text = format_date(raw)
    elif isinstance(raw, tuple):
        text = ", ".join(raw) if raw else "None"
    else:
        text = str(raw)
    if value.estimated:
        text += " (estimate)"
    if value.note:
        text += f", {value.note}"
    return text


def format_score(value: Value) -> str:
    assert isinstance(value.raw, Decimal)
    text = f"{value.raw.normalize():f} on {value.unit_label}"
    details = []
    if value.interval:
        low, high = value.interval
        details.append(f"95% interval {low.normalize():f}–{high.normalize():f}")
    if value.votes:
        details.append(f"{value.votes:,} votes")
    if value.measured_on:
        details.append(format_date(value.measured_on))
    return f"{text} ({'; '.join(details)})" if details else text


def format_capabilities(raw: tuple[str, ...]) -> str:
    labels = dict(CAPABILITIES)
    known = dict(item.split(":") for item in raw)
    has = [labels[key] for key, answer in known.items() if answer == "yes"]
    lacks = [labels[key].lower() for key, answer in known.items() if answer == "no"]
    unknown = [labels[key].lower() for key, _ in CAPABILITIES if key not in known]
    parts = [", ".join(has) if has else "None of those known"]
    if lacks:
        parts.append(f"no {', '.join(lacks)}")
    if unknown:
        parts.append(f"{', '.join(unknown)} unknown")
    return "; ".join(parts)
