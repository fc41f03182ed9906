"""The metric registry: every row of the head-to-head table, how it is read and written.

Pure: no Django. Each metric turns a model's facts into one `Value` and writes
it with its own unit, so the table, the key differences and the FAQ print the
same words for the same number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import partial

from catalog.units import (
    format_count,
    format_listed_usd,
    format_parameters,
    format_usd_rounded,
    unit_phrase,
)
from comparisons.facts import (
    NOT_APPLICABLE,
    UNKNOWN,
    ModelFacts,
    Offer,
    PriceFact,
    State,
    Value,
)
from comparisons.scores import (
    format_score,
    other_benchmarks,
    read_benchmark,
    read_coding_score,
    score_value,
)

TEXT = "text_generation"
IMAGE = "image_generation"
EMBEDDING = "embedding"
SPEECH_TO_TEXT = "speech_to_text"
TEXT_TO_SPEECH = "text_to_speech"
VIDEO = "video_generation"
QUALITY = "quality"  # Benchmark.designation of the board a category's verdict reads
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
    # A benchmark row beyond the designated ones: shown and compared, never decisive.
    benchmark: bool = False

    def value_for(self, facts: ModelFacts) -> Value:
        if facts.category not in self.applies_to:
            return NOT_APPLICABLE
        return self.read(facts)


def _spec(key: str) -> Callable[[ModelFacts], Value]:
    return lambda facts: facts.spec(key)


def _text(value: str) -> Value:
    return Value(state=State.KNOWN, raw=value)


# Conditions under which a host lists its thinking-mode (reasoning) rates.
THINKING_CONDITIONS = ("thinking", "reasoning tokens")
# Image prices are compared for one reference image: a 1024 x 1024 image at the standard
# (or medium) quality; a per-megapixel rate is worked out for that size.
REFERENCE_SIZE = "1024×1024"
REFERENCE_QUALITIES = ("standard", "medium")
REFERENCE_MEGAPIXELS = Decimal(1024 * 1024) / Decimal(1_000_000)
# The component and preferred unit that stand for each non-text category's price.
HEADLINE_COMPONENT = {
    IMAGE: ("image_output", "per_image"),
    VIDEO: ("video_output", "per_second"),
    EMBEDDING: ("input_tokens", "per_1m_tokens"),
    SPEECH_TO_TEXT: ("audio_input", "per_second"),
    TEXT_TO_SPEECH: ("text_input", "per_1m_characters"),
}


# Every price headline_price (without thinking) can read: a reader that prices many
# models at once (the directory) may fetch only these.
HEADLINE_COMPONENTS = frozenset(
    {"input_tokens", "output_tokens", "image_output", "audio_output"}
    | {component for component, _ in HEADLINE_COMPONENT.values()}
)
HEADLINE_CONDITIONS = frozenset(
    {"", REFERENCE_SIZE} | {f"{quality}, {REFERENCE_SIZE}" for quality in REFERENCE_QUALITIES}
)


@dataclass(frozen=True, kw_only=True)
class Headline:
    """The one price that stands for an offer in the verdict, the directory and sorting."""

    amount: Decimal
    unit: str
    price: PriceFact  # the listed price it is cited by
    basis: str = ""  # how it was reached when not a standard rate as listed
    rests_on: tuple[PriceFact, ...] = ()  # every listed price it is worked out from


def blend(input_amount: Decimal, output_amount: Decimal) -> Decimal:
    """3 input tokens for every output token, exact: (3 x 2 + 8) / 4 = 3.5."""
    return (BLEND_INPUT * input_amount + BLEND_OUTPUT * output_amount) / (
        BLEND_INPUT + BLEND_OUTPUT
    )


def thinking_rate(offer: Offer, component: str) -> PriceFact | None:
    """A host's thinking-mode rate for a token component, when it lists one."""
    for condition in THINKING_CONDITIONS:
        price = offer.priced(component, "per_1m_tokens", condition)
        if price is not None:
            return price
    return None


def has_thinking_rates(offer: Offer) -> bool:
    return any(thinking_rate(offer, c) for c in ("input_tokens", "output_tokens"))


def _image_headline(offer: Offer) -> Headline | None:
    listed = offer.standard("image_output", "per_image")
    if listed is not None:
        return Headline(amount=listed.amount, unit="image_output:per_image", price=listed)
    for quality in (*REFERENCE_QUALITIES, ""):
        condition = f"{quality}, {REFERENCE_SIZE}" if quality else REFERENCE_SIZE
        price = offer.priced("image_output", "per_image", condition)
        if price is not None:
            return Headline(
                amount=price.amount, unit="image_output:per_image", price=price, basis=condition
            )
    per_megapixel = offer.standard("image_output", "per_megapixel")
    if per_megapixel is not None:
        return Headline(
            amount=per_megapixel.amount * REFERENCE_MEGAPIXELS,
            unit="image_output:per_image",
            price=per_megapixel,
            basis=f"{REFERENCE_SIZE} at {format_listed_usd(per_megapixel.amount)} per megapixel",
        )
    return None


def headline_price(offer: Offer, category: str, *, thinking: bool = False) -> Headline | None:
    """The one function behind every headline price on the site.

    Text is blended from the input and output rates (thinking-mode rates when
    `thinking` and the host lists them); images are priced for the reference
    image; other categories by their main component, in its preferred unit.
    """
    if category == TEXT:
        tokens_in = offer.standard("input_tokens", "per_1m_tokens")
        tokens_out = offer.standard("output_tokens", "per_1m_tokens")
        basis = ""
        if thinking:
            think_in = thinking_rate(offer, "input_tokens")
            think_out = thinking_rate(offer, "output_tokens")
            if think_in or think_out:
                basis = "thinking-mode rates"
            tokens_in, tokens_out = think_in or tokens_in, think_out or tokens_out
        if tokens_in and tokens_out:
            return Headline(
                amount=blend(tokens_in.amount, tokens_out.amount),
                unit=BLENDED_UNIT,
                price=tokens_out if basis else tokens_in,
                basis=basis,
                rests_on=(tokens_in, tokens_out),
            )
        return None
    if category == IMAGE:
        return _image_headline(offer)
    component, preferred = HEADLINE_COMPONENT[category]
    price = offer.standard(component, preferred) or offer.standard(component)
    if price is None and category == TEXT_TO_SPEECH:
        # Priced by the audio it speaks, not the text it reads: shown, in its own unit.
        price = offer.standard("audio_output", "per_second") or offer.standard("audio_output")
    if price is None:
        return None
    return Headline(amount=price.amount, unit=f"{price.component}:{price.unit}", price=price)


def choose_offer(offers: tuple[Offer, ...], category: str) -> Offer | None:
    """The default offer: the creator's own when it lists a standard price; otherwise
    the cheapest host's that does (by headline price, hosts in name order on a tie); a
    creator selling only a free tier or a plan is not the default."""
    own = [offer for offer in offers if offer.by_creator]
    if own and headline_price(own[0], category) is not None:
        return own[0]
    priced = []
    for offer in offers:
        headline = headline_price(offer, category)
        if headline is not None:
            priced.append((headline.unit, headline.amount, offer.host, offer))
    if priced:
        priced.sort(key=lambda item: (item[0], item[1], item[2]))
        return priced[0][3]
    if own:
        return own[0]
    return offers[0] if offers else None


def default_offer(facts: ModelFacts) -> Offer | None:
    """The offer every compared value of a model comes from (see choose_offer)."""
    if "offer" not in facts.memo:
        facts.memo["offer"] = choose_offer(facts.offers, facts.category)
    found = facts.memo["offer"]
    return found if isinstance(found, Offer) else None


def _price_value(headline: Headline, offer: Offer) -> Value:
    notes = [headline.basis] if headline.basis else []
    if not offer.by_creator:
        notes.append(f"via {offer.host}")
    return Value(
        state=State.KNOWN,
        raw=headline.amount,
        unit=headline.unit,
        source_url=headline.price.source_url,
        checked_on=headline.price.checked_on,
        note=", ".join(notes),
        source_record=headline.price.source_id,
        derived=headline.amount != headline.price.amount,
        dissent=tuple(d for price in headline.rests_on or (headline.price,) for d in price.dissent),
    )


def read_headline_price(facts: ModelFacts) -> Value:
    offer = default_offer(facts)
    headline = headline_price(offer, facts.category) if offer else None
    if offer is None or headline is None:
        return UNKNOWN
    return _price_value(headline, offer)


def thinks(facts: ModelFacts) -> bool | None:
    """Whether a model has a thinking (reasoning) mode: its spec, or a thinking-mode rate."""
    flag = facts.spec("reasoning")
    offer = default_offer(facts)
    if offer is not None and has_thinking_rates(offer):
        return True
    return flag.raw if flag.known and isinstance(flag.raw, bool) else None


def read_thinking_price(facts: ModelFacts) -> Value:
    """The blended price in thinking mode, where thinking tokens are billed as output."""
    answer = thinks(facts)
    if answer is False:
        return NOT_APPLICABLE
    offer = default_offer(facts)
    headline = headline_price(offer, facts.category, thinking=True) if offer else None
    if answer is None or offer is None or headline is None:
        return UNKNOWN
    value = _price_value(headline, offer)
    if not headline.basis:
        note = "thinking billed at the output rate"
        value = replace(value, note=f"{note}, {value.note}" if value.note else note)
    return value


def _component_price(component: str) -> Callable[[ModelFacts], Value]:
    def read(facts: ModelFacts) -> Value:
        offer = default_offer(facts)
        price = offer.standard(component, "per_1m_tokens") if offer else None
        if offer is None or price is None:
            return UNKNOWN
        headline = Headline(amount=price.amount, unit=f"{component}:per_1m_tokens", price=price)
        return _price_value(headline, offer)

    return read


def _limit(key: str) -> Callable[[ModelFacts], Value]:
    """A token limit of the default offer. A host's own limit is its value, with the
    creator's larger one beside it; a host that states none is never credited with
    the creator's."""

    def read(facts: ModelFacts) -> Value:
        own = facts.spec(key)
        offer = default_offer(facts)
        if offer is None or offer.by_creator:
            return own
        served = getattr(offer, key)
        own_text = (
            f"{format_count(int(own.raw))} tokens"
            if own.known and isinstance(own.raw, Decimal)
            else ""
        )
        if served is None:
            note = f"{offer.host} does not state the limit it serves"
            if own_text:
                note += f"; the model's own is {own_text}"
            return Value(state=State.UNKNOWN, note=note)
        note = f"via {offer.host}"
        if own.known and isinstance(own.raw, Decimal) and own.raw > served:
            note += f"; {facts.creator}'s own limit is {own_text}"
        return Value(
            state=State.KNOWN,
            raw=Decimal(served),
            source_url=offer.source_url or own.source_url,
            checked_on=offer.checked_on or own.checked_on,
            note=note,
        )

    return read


QUALITY = "quality"


def read_primary_score(facts: ModelFacts) -> Value:
    """The score on the benchmark designated as its category's quality metric (the text
    arena for text models): every other board a model has a score on is left out."""
    mine = sorted(
        (
            s
            for s in facts.scores
            if s.benchmark_category == facts.category and s.designation == QUALITY
        ),
        key=lambda s: s.benchmark_slug,
    )
    if not mine:
        return UNKNOWN
    return score_value(mine[0])


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
        "thinking_price",
        "Price in thinking mode",
        "pricing",
        Direction.LOWER,
        Kind.MONEY,
        read_thinking_price,
        applies_to=frozenset({TEXT}),
        noun="thinking-mode price",
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
        "coding",
        "Coding benchmark",
        "quality",
        Direction.HIGHER,
        Kind.SCORE,
        read_coding_score,
        applies_to=frozenset({TEXT}),
        noun="coding score",
    ),
    Metric(
        "context_window",
        "Context window",
        "limits",
        Direction.HIGHER,
        Kind.COUNT,
        _limit("context_window"),
        applies_to=TOKEN_MODELS,
        noun="context window",
    ),
    Metric(
        "max_output_tokens",
        "Output limit",
        "limits",
        Direction.HIGHER,
        Kind.COUNT,
        _limit("max_output_tokens"),
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
BENCHMARK_KEY = "benchmark:"


def benchmark_metrics(
    a: ModelFacts, b: ModelFacts, limit: int | None = None
) -> tuple[tuple[Metric, ...], int]:
    """A metric for every other benchmark either model has a score on, shared ones first
    (only the first `limit` of them, when given), and how many there are in all."""
    scores = other_benchmarks(a, b)
    metrics = tuple(
        Metric(
            f"{BENCHMARK_KEY}{score.benchmark_slug}",
            score.benchmark,
            "quality",
            Direction.HIGHER if score.higher_is_better else Direction.LOWER,
            Kind.SCORE,
            partial(read_benchmark, score.benchmark_slug),
            noun=f"score on {score.benchmark}",
            benchmark=True,
        )
        for score in (scores if limit is None else scores[:limit])
    )
    return metrics, len(scores)


# Each verdict category is decided by exactly one metric, so nothing counts twice.
CATEGORY_PLAN: dict[str, tuple[tuple[str, str, str], ...]] = {
    TEXT: (
        ("quality", "Quality", "arena"),
        ("coding", "Coding", "coding"),
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
        return f"Unknown: {value.note}" if value.note else "Unknown"
    if value.state is State.NOT_APPLICABLE:
        return "Not applicable"
    if value.state is State.NOT_DISCLOSED:
        return f"Not disclosed by {owner}"
    raw = value.raw
    text: str
    if metric.kind is Kind.MONEY and isinstance(raw, Decimal):
        money = format_usd_rounded(raw) if value.derived else format_listed_usd(raw)
        text = f"{money} {unit_words(value.unit)}"
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
    if value.note and metric.kind is not Kind.SCORE:  # a score writes its condition itself
        text += f", {value.note}"
    return text


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
