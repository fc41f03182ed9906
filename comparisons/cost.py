"""Monthly cost of a workload from a model's current prices. Pure: no Django.

Every unit the catalog prices is priced here: tokens (with a cached share, a
share of thinking tokens, batch and the long-prompt tier), images by quality
and size, characters, and seconds of audio or video. A total is given only
when every part of the workload is priced.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from catalog.units import describe_price, format_count, format_usd
from comparisons.facts import ModelFacts, Offer, PriceFact
from comparisons.metrics import (
    EMBEDDING,
    IMAGE,
    SPEECH_TO_TEXT,
    TEXT,
    TEXT_TO_SPEECH,
    VIDEO,
    default_offer,
    thinking_rate,
    thinks,
)

MILLION = Decimal(1_000_000)
HUNDRED = Decimal(100)

# What a visitor may choose for an image, and the words hosts use for it.
IMAGE_QUALITIES = {
    "low": ("low",),
    "standard": ("standard", "medium", ""),
    "high": ("high", "HD"),
}
IMAGE_SIZES = ("1024×1024", "1024×1536", "1536×1024", "1024×1792", "1792×1024", "512×512")
LONG_PROMPT = re.compile(r"^prompt > (\d+)K tokens$")


@dataclass(frozen=True, kw_only=True)
class Workload:
    """What a visitor expects to send each month."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_share: int = 0  # % of input tokens read from the prompt cache
    reasoning_share: int = 0  # % of output tokens that are thinking tokens
    prompt_tokens: int = 0  # tokens in one prompt: chooses a long-prompt tier
    batch: bool = False
    images: int = 0
    image_quality: str = "standard"
    image_size: str = "1024×1024"
    characters: int = 0
    audio_minutes: int = 0
    video_seconds: int = 0

    @property
    def empty(self) -> bool:
        """Whether there is nothing to price: no tokens, images, characters or media."""
        return not any(
            (
                self.input_tokens,
                self.output_tokens,
                self.images,
                self.characters,
                self.audio_minutes,
                self.video_seconds,
            )
        )

    def describe(self) -> str:
        """The workload in words, as the calculator and the FAQ name it."""
        parts = []
        if self.input_tokens:
            cached = f" ({self.cached_share}% cached)" if self.cached_share else ""
            parts.append(f"{format_count(self.input_tokens)} input tokens{cached}")
        if self.output_tokens:
            thinking = f" ({self.reasoning_share}% thinking)" if self.reasoning_share else ""
            parts.append(f"{format_count(self.output_tokens)} output tokens{thinking}")
        if self.images:
            noun = "image" if self.images == 1 else "images"
            parts.append(
                f"{format_count(self.images)} {self.image_quality}-quality {self.image_size} {noun}"
            )
        if self.characters:
            parts.append(f"{format_count(self.characters)} characters of text to speak")
        if self.audio_minutes:
            noun = "minute" if self.audio_minutes == 1 else "minutes"
            parts.append(f"{format_count(self.audio_minutes)} {noun} of audio")
        if self.video_seconds:
            noun = "second" if self.video_seconds == 1 else "seconds"
            parts.append(f"{format_count(self.video_seconds)} {noun} of video")
        if not parts:
            return "nothing"
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return text + (" in batch" if self.batch else "")


# The fields that apply to each category's work.
FIELDS_FOR: dict[str, tuple[str, ...]] = {
    TEXT: (
        "input_tokens",
        "output_tokens",
        "cached_share",
        "reasoning_share",
        "prompt_tokens",
        "batch",
    ),
    EMBEDDING: ("input_tokens", "batch"),
    IMAGE: ("images", "image_quality", "image_size"),
    TEXT_TO_SPEECH: ("characters", "audio_minutes"),
    SPEECH_TO_TEXT: ("audio_minutes",),
    VIDEO: ("video_seconds",),
}


def fields_for(categories: set[str]) -> tuple[str, ...]:
    """The calculator fields a pair of models of these categories needs, in order."""
    wanted = {name for category in categories for name in FIELDS_FOR.get(category, ())}
    order = [name for category in FIELDS_FOR.values() for name in category]
    return tuple(dict.fromkeys(name for name in order if name in wanted))


def default_workload(categories: set[str], *, thinking: bool = False) -> Workload:
    """A month of work that fits the pair: tokens for text, images for image models, ..."""
    text = TEXT in categories
    return Workload(
        input_tokens=10_000_000 if text or EMBEDDING in categories else 0,
        output_tokens=2_000_000 if text else 0,
        reasoning_share=50 if text and thinking else 0,
        prompt_tokens=10_000 if text else 0,
        images=1_000 if IMAGE in categories else 0,
        characters=1_000_000 if TEXT_TO_SPEECH in categories else 0,
        audio_minutes=1_000 if SPEECH_TO_TEXT in categories else 0,
        video_seconds=60 if VIDEO in categories else 0,
    )


@dataclass(frozen=True, kw_only=True)
class CostLine:
    """One part of a workload at one rate. Its words are written when first read: a
    ranking prices every model and shows a page of them."""

    quantity: Decimal
    label: str
    price: PriceFact
    cost: Decimal
    note: str = ""

    @property
    def part(self) -> str:
        return f"{format_count(int(self.quantity))} {self.label}"

    @property
    def price_text(self) -> str:
        price = self.price
        text = describe_price(price.amount, price.component, price.unit)
        return text + (f" ({price.condition})" if price.condition else "")


@dataclass(frozen=True, kw_only=True)
class Cost:
    model: str
    host: str
    lines: tuple[CostLine, ...]
    unpriced: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.unpriced

    @property
    def total(self) -> Decimal | None:
        """The month's cost, or None when any part of the workload has no price."""
        if not self.complete:
            return None
        return sum((line.cost for line in self.lines), Decimal(0))

    @property
    def total_text(self) -> str:
        total = self.total
        return format_money(total) if total is not None else ""

    def summary(self) -> str:
        """ "$45.00 a month", or what part of the workload it cannot price."""
        if self.total is not None:
            via = f" via {self.host}" if self.host else ""
            return f"{self.total_text} a month{via}"
        return f"no total, as it has no price for the {_join(self.unpriced)}"


def _join(parts: tuple[str, ...]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def format_money(amount: Decimal) -> str:
    """A cost rounded to the cent, or to a hundredth of a cent when under a cent."""
    places = Decimal("0.01") if amount == 0 or amount >= Decimal("0.01") else Decimal("0.0001")
    return format_usd(amount.quantize(places, rounding=ROUND_HALF_UP))


@functools.lru_cache(maxsize=1024)
def _tags(condition: str) -> frozenset[str]:
    return frozenset(part.strip() for part in condition.split(",") if part.strip())


def _find(offer: Offer, component: str, unit: str, wanted: frozenset[str]) -> PriceFact | None:
    for price in offer.conditioned(component, unit):
        if _tags(price.condition) == wanted:
            return price
    return None


def long_prompt_tier(offer: Offer, prompt_tokens: int) -> str:
    """The offer's long-prompt condition that a prompt of this size falls in, or ""."""
    tiers = []
    for price in offer.prices:
        for tag in _tags(price.condition):
            found = LONG_PROMPT.match(tag)
            if found and prompt_tokens > int(found.group(1)) * 1_000:
                tiers.append((int(found.group(1)), tag))
    return max(tiers)[1] if tiers else ""


class _Pricer:
    """Finds the rate for one part of a workload under the workload's conditions."""

    def __init__(self, offer: Offer, workload: Workload) -> None:
        self.offer = offer
        self.tier = long_prompt_tier(offer, workload.prompt_tokens)
        self.batch = workload.batch

    def rate(self, component: str, unit: str, mode: str = "") -> tuple[PriceFact | None, str]:
        """The price and a note saying which conditions it was priced under."""
        wanted = {tag for tag in (self.tier, "batch" if self.batch else "", mode) if tag}
        attempts = [frozenset(wanted)]
        if self.batch:
            attempts.append(frozenset(wanted - {"batch"}))
        for tags in attempts:
            price = _find(self.offer, component, unit, tags)
            if price is not None:
                missing = "batch" in wanted and "batch" not in tags
                return price, "no batch rate listed, so the standard rate" if missing else ""
        return None, ""


def _line(quantity: Decimal, label: str, price: PriceFact, per: Decimal, note: str) -> CostLine:
    return CostLine(
        quantity=quantity, label=label, price=price, cost=price.amount * quantity / per, note=note
    )


def _share(total: int, percent: int) -> Decimal:
    return (Decimal(total) * Decimal(percent) / HUNDRED).to_integral_value(ROUND_HALF_UP)


def _token_lines(
    facts: ModelFacts, offer: Offer, workload: Workload
) -> tuple[list[CostLine], list[str], list[str]]:
    lines: list[CostLine] = []
    unpriced: list[str] = []
    notes: list[str] = []
    pricer = _Pricer(offer, workload)
    thinking_on = workload.reasoning_share > 0 and thinks(facts)
    think_in = thinking_rate(offer, "input_tokens") if thinking_on else None
    think_out = thinking_rate(offer, "output_tokens") if thinking_on else None
    mode_in = think_in.condition if think_in else ""
    mode_out = think_out.condition if think_out else ""
    if workload.input_tokens:
        cached = _share(workload.input_tokens, workload.cached_share)
        fresh = Decimal(workload.input_tokens) - cached
        price, note = pricer.rate("input_tokens", "per_1m_tokens", mode_in)
        if price is None:
            unpriced.append("input tokens")
        else:
            if fresh:
                lines.append(_line(fresh, "input tokens", price, MILLION, note))
            if cached:
                cached_price, cached_note = pricer.rate("cached_input", "per_1m_tokens")
                if cached_price is None:
                    cached_price = price
                    cached_note = "no cached rate listed, so the input rate"
                lines.append(
                    _line(cached, "cached input tokens", cached_price, MILLION, cached_note)
                )
    if workload.output_tokens:
        thinking = _share(workload.output_tokens, workload.reasoning_share)
        answer = Decimal(workload.output_tokens) - thinking
        price, note = pricer.rate("output_tokens", "per_1m_tokens", mode_out)
        if price is None:
            unpriced.append("output tokens")
        else:
            if answer:
                lines.append(_line(answer, "output tokens", price, MILLION, note))
            if thinking:
                answer_flag = thinks(facts)
                if answer_flag is False:
                    notes.append(
                        f"{facts.name} does not think, so it writes no thinking tokens; "
                        "its answers may be shorter or weaker on hard problems."
                    )
                else:
                    billed = "thinking tokens, billed as output"
                    extra = "" if answer_flag else "whether it thinks is unknown"
                    lines.append(_line(thinking, billed, price, MILLION, extra or note))
    if pricer.tier:
        notes.append(f"Priced at the {pricer.tier} tier for prompts of that size.")
    return lines, unpriced, notes


def _image_price(offer: Offer, workload: Workload) -> tuple[PriceFact | None, Decimal, str]:
    """A price per image for the chosen quality and size, the megapixels it is charged
    for (1 when priced per image), and how it was reached."""
    width, _, height = workload.image_size.partition("×")
    megapixels = Decimal(int(width) * int(height)) / MILLION
    each = f"{megapixels.quantize(Decimal('0.01'))} megapixels each"
    for quality in IMAGE_QUALITIES.get(workload.image_quality, ("",)):
        wanted = frozenset(t for t in (quality, workload.image_size) if t)
        price = _find(offer, "image_output", "per_image", wanted)
        if price is not None:
            return price, Decimal(1), ""
        price = _find(offer, "image_output", "per_megapixel", wanted)
        if price is not None:
            return price, megapixels, each
    standard = offer.standard("image_output", "per_image")
    if standard is not None:
        return standard, Decimal(1), "its one listed price per image"
    per_megapixel = offer.standard("image_output", "per_megapixel")
    if per_megapixel is not None:
        return per_megapixel, megapixels, each
    return None, Decimal(1), ""


def monthly_cost(facts: ModelFacts, workload: Workload, offer: Offer | None = None) -> Cost:
    """Each part of the workload priced at one offer's rates: the model's default offer
    unless another is given."""
    offer = offer if offer is not None else default_offer(facts)
    lines: list[CostLine] = []
    unpriced: list[str] = []
    notes: list[str] = []
    wanted = [
        name
        for name, quantity in (
            ("input tokens", workload.input_tokens),
            ("output tokens", workload.output_tokens),
            ("images", workload.images),
            ("characters", workload.characters),
            ("minutes of audio", workload.audio_minutes),
            ("seconds of video", workload.video_seconds),
        )
        if quantity
    ]
    if offer is None:
        return Cost(model=facts.name, host="", lines=(), unpriced=tuple(wanted))
    if workload.input_tokens or workload.output_tokens:
        token_lines, token_unpriced, token_notes = _token_lines(facts, offer, workload)
        lines += token_lines
        unpriced += token_unpriced
        notes += token_notes
    if workload.images:
        price, per_image, note = _image_price(offer, workload)
        if price is None:
            unpriced.append("images")
        else:
            label = "images" if workload.images != 1 else "image"
            line = _line(Decimal(workload.images), label, price, Decimal(1), note)
            lines.append(replace(line, cost=line.cost * per_image))
    if workload.characters:
        price = offer.standard("text_input", "per_1m_characters")
        if price is None:
            unpriced.append("characters")
        else:
            lines.append(_line(Decimal(workload.characters), "characters", price, MILLION, ""))
    if workload.audio_minutes:
        component = "audio_output" if facts.category == TEXT_TO_SPEECH else "audio_input"
        price = offer.standard(component, "per_second")
        if price is None:
            unpriced.append("minutes of audio")
        else:
            seconds = Decimal(workload.audio_minutes * 60)
            line = _line(seconds, "seconds of audio", price, Decimal(1), "")
            lines.append(line)
    if workload.video_seconds:
        price = offer.standard("video_output", "per_second")
        if price is None:
            unpriced.append("seconds of video")
        else:
            seconds = Decimal(workload.video_seconds)
            lines.append(_line(seconds, "seconds of video", price, Decimal(1), ""))
    return Cost(
        model=facts.name,
        host=offer.host,
        lines=tuple(lines),
        unpriced=tuple(unpriced),
        notes=tuple(notes),
    )


def cheapest_cost(facts: ModelFacts, workload: Workload) -> Cost:
    """The workload priced at every host that sells the model: the lowest complete total,
    the default offer's on a tie; the default offer's cost when no host prices it all."""
    default = monthly_cost(facts, workload)
    best = default
    for offer in facts.offers:
        if offer.host == default.host:
            continue
        cost = monthly_cost(facts, workload, offer)
        total = cost.total
        if total is not None and (best.total is None or total < best.total):
            best = cost
    return best
