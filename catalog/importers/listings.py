"""What the identity layer reads and writes: listings in, placements out. Pure: no Django."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from catalog.importers.keys import Core
from catalog.importers.records import BenchmarkRecord, ModelRecord, PriceRecord, ProviderRecord

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

# Records that are not models on Versus, by a word of their id.
NOT_MODELS = (
    (re.compile(r"(^|-)rerank"), "a reranker, not a model Versus compares"),
    (
        re.compile(r"(^|-)(guard|llama-?guard|safeguard|moderation|shield-?gemma)(-|$)"),
        "a safety classifier, not a model Versus compares",
    ),
    (re.compile(r"(^|-)ocr(-|$)"), "an OCR service, not a model Versus compares"),
    (re.compile(r"(^|-)realtime(-|$)"), "a realtime session API, not a model Versus compares"),
    (re.compile(r"(^|-)container(-|$)"), "a code container, not a model"),
    (
        re.compile(r"(^|-)draft(-|$)"),
        "a draft model for speculative decoding, not a model Versus compares",
    ),
    (
        re.compile(r"(^|-)controlnet(-|$)"),
        "a ControlNet adapter that steers an image model, not a model Versus compares",
    ),
    (
        re.compile(r"^together-ai-(up-to-)?\d"),
        "a host's price tier by model size, not a model",
    ),
    (
        re.compile(r"(^|-)(auto|router|auto-model)(-|$)|^(free|fusion|pareto-code|bodybuilder)$"),
        "a router that picks a model for each request, not a model",
    ),
)
# Words of a community fine-tune's name: someone other than the base model's lab made it.
DERIVATIVE = re.compile(
    r"(^|-)(abliterated|uncensored|derestricted|heretic|lorablated|roleplay|role-play|nsfw|"
    r"unslop|unshackled|darkidol|rpmax|rprmax|celeste|magnum|euryale|stheno|lumimaid)(-|$)"
)
# Hosts that sell a subscription, not per-use prices: their prices are plan prices.
PLAN_HOST = re.compile(r"(coding|token)[-_ ]?plan|for[-_ ]coding|copilot")
REGION_ORDER = ("global", "US", "EU")
SAME = Decimal("0.001")  # prices within 0.1% are the same price


def slug_for(text: str) -> str:
    """Lowercase words joined by single hyphens."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


@dataclass(frozen=True)
class PriceLine:
    """One price of a listing, in Versus's units, before it is placed on a model."""

    component: str
    unit: str
    amount: Decimal
    condition: str = ""


@dataclass(frozen=True)
class ScoreLine:
    """One score of a leaderboard row, before the row is placed on a model."""

    benchmark: BenchmarkRecord
    value: Decimal
    ci_lower: Decimal | None = None
    ci_upper: Decimal | None = None
    votes: int | None = None
    condition: str = ""  # a mode the row itself names, beside the one its model's name gives
    measured_by: str = "independent"  # or "lab": the model's maker reported it
    measured_on: date | None = None
    source_url: str = ""


@dataclass(frozen=True)
class Listing:
    """One record of a dataset, as a parser read it."""

    source_id: str
    raw_id: str
    host: str = ""  # the dataset's name for who sells it; "" for a leaderboard row
    host_name: str = ""  # the host's display name, when the dataset gives one
    name: str = ""
    base_id: str = ""  # models.dev base_model, "lab/id"
    lab: str = ""  # the creator the data's layout names (models/<lab>/, a lab's own folder)
    own_list: bool = False  # the creator's own list of its models
    category: str = ""
    specs: Mapping[str, Any] = field(default_factory=dict)
    prices: tuple[PriceLine, ...] = ()
    source_url: str = ""
    not_a_model: str = ""  # a reason the parser already knows
    benchmark: bool = False  # a leaderboard name: mode suffixes ("-thinking-32k") are conditions
    scores: tuple[ScoreLine, ...] = ()
    counted: bool = True  # one of the records the source's coverage figure counts
    dataset: str = ""  # which dataset it came from, when several are resolved together


@dataclass(frozen=True)
class Alias:
    """An editor's rule for one key: a model (with a condition), or "not a model"."""

    model_slug: str | None
    condition: str = ""


@dataclass(frozen=True)
class KnownModel:
    """A model already in the catalog, as the resolver needs it."""

    slug: str
    creator_slug: str
    name: str
    category: str
    context_window: int | None = None
    max_output_tokens: int | None = None
    # host slug -> (standard input, standard output, per-image) prices
    prices: Mapping[str, tuple[Decimal | None, Decimal | None, Decimal | None]] = field(
        default_factory=dict
    )
    other_keys: tuple[str, ...] = ()  # old slugs


@dataclass(frozen=True)
class Rules:
    aliases: Mapping[str, Alias] = field(default_factory=dict)
    creator_patterns: Sequence[tuple[re.Pattern[str], ProviderRecord]] = ()
    # A dataset's names for labs (a namespace, a vendor prefix, a models.dev lab folder)
    # and for hosts (a models.dev provider folder, a LiteLLM provider), lowercase.
    labs: Mapping[str, ProviderRecord] = field(default_factory=dict)
    hosts: Mapping[str, ProviderRecord] = field(default_factory=dict)
    models: Sequence[KnownModel] = ()
    taken_slugs: frozenset[str] = frozenset()
    # What earlier imports placed where, in the order they placed it: (key, slug, condition).
    remembered: Sequence[tuple[str, str, str]] = ()


@dataclass(frozen=True)
class Placement:
    """Where a listing went: a model (its slug), under a condition."""

    listing: Listing
    model_slug: str
    condition: str
    how: str
    key: str = ""
    own: bool = False  # a creator's own record: its key is worth remembering
    host: ProviderRecord | None = None
    created: bool = False  # the record that brought the model into the catalog
    name_key: str = ""  # a creator's display name, which finds the model too

    @property
    def keys(self) -> tuple[tuple[str, str], ...]:
        """The (key, condition) pairs this placement taught the index, in order."""
        taught = [(self.key, self.condition)]
        if self.name_key:
            taught.append((self.name_key, ""))
        return tuple(taught)


@dataclass
class Resolved:
    models: list[ModelRecord] = field(default_factory=list)
    prices: list[PriceRecord] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    skipped: list[tuple[str, Listing]] = field(default_factory=list)
    # slug -> slug of the model it is a snapshot of
    snapshots: dict[str, str] = field(default_factory=dict)
    # a twin's slug that should redirect to the model it was merged into
    merged_slugs: dict[str, str] = field(default_factory=dict)


@dataclass
class Target:
    slug: str
    creator: str
    category: str
    limits: tuple[int | None, int | None] = (None, None)
    # host slug -> (input, output, image)
    prices: dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]] = field(
        default_factory=dict
    )


@dataclass
class Prepared:
    listing: Listing
    core: Core
    key: str
    creator: ProviderRecord | None
    host: ProviderRecord | None
    region: str
    tags: tuple[str, ...]
    own: bool  # the creator's own list: its root file, or its own API's record
    alt_key: str = ""  # the key without a host's words in front ("duo-chat-gpt-5-1")


def signature(
    prices: Iterable[PriceLine],
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    found: dict[str, Decimal] = {}
    for price in prices:
        if price.condition:
            continue
        if price.component == "input_tokens" and price.unit == "per_1m_tokens":
            found.setdefault("in", price.amount)
        elif price.component == "output_tokens" and price.unit == "per_1m_tokens":
            found.setdefault("out", price.amount)
        elif price.component == "image_output" and price.unit == "per_image":
            found.setdefault("image", price.amount)
    return found.get("in"), found.get("out"), found.get("image")


def limits_of(specs: Mapping[str, Any]) -> tuple[int | None, int | None]:
    return specs.get("context_window"), specs.get("max_output_tokens")


def same_price(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is b
    if a == b:
        return True
    bigger = max(abs(a), abs(b))
    return bigger > 0 and abs(a - b) / bigger <= SAME


def price_ratio(variant: Decimal | None, base: Decimal | None) -> Decimal | None:
    if variant is None or base is None or base == 0:
        return None
    return variant / base
