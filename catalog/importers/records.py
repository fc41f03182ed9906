"""What a parser reads from a dataset, before anything touches the database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catalog.importers.listings import Listing


# The provenance key that marks a model an import created (its unset fields are defaults).
CREATED = "_created"


class ImportDataError(Exception):
    """Malformed input: the message names the file and the entry."""

    def __init__(self, file: str, entry: str, problem: str) -> None:
        super().__init__(f"{file}: {entry}: {problem}")


@dataclass(frozen=True)
class ProviderRecord:
    slug: str
    name: str
    kind: str = "host"
    website: str = ""


@dataclass(frozen=True)
class ModelRecord:
    slug: str
    name: str
    creator: ProviderRecord
    category: str
    specs: dict[str, Any]
    source_id: str
    source_url: str = ""
    name_needs_review: bool = False
    snapshot_of: str = ""  # the slug of the model this is a dated snapshot of
    existing: bool = False  # a creator's record for a model already known
    dataset: str = ""


@dataclass(frozen=True)
class PriceRecord:
    model_slug: str
    host: ProviderRecord
    component: str
    unit: str
    amount: Decimal
    condition: str
    source_id: str
    source_url: str = ""
    region: str = ""
    exact: bool = False  # the record names this model itself, not a twin or a variant
    dataset: str = ""


@dataclass(frozen=True)
class BenchmarkRecord:
    slug: str
    name: str
    category: str
    url: str
    unit: str = "arena score"
    family: str = ""
    variant: str = ""
    scale_max: Decimal | None = None  # 100 for a percentage; None when open-ended (Elo)
    designation: str = ""  # "quality" or "coding": see Benchmark.designation


@dataclass(frozen=True)
class ScoreRecord:
    model_slug: str
    benchmark: BenchmarkRecord
    value: Decimal
    ci_lower: Decimal | None
    ci_upper: Decimal | None
    votes: int | None
    source_id: str
    condition: str = ""
    measured_by: str = "independent"
    measured_on: date | None = None  # the score's own date; the dataset's date when None
    source_url: str = ""  # the score's own source; the benchmark's page when empty


@dataclass
class Batch:
    """Everything one run read from one dataset."""

    dataset: str
    dataset_date: date | None
    dataset_url: str
    read: int = 0
    listings: list[Listing] = field(default_factory=list)
    models: list[ModelRecord] = field(default_factory=list)
    prices: list[PriceRecord] = field(default_factory=list)
    scores: list[ScoreRecord] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    # The records the coverage figure counts ("provider files"), and those a parser
    # already knows it cannot map, with why: (reason, source id, the record's id).
    universe: str = "records"
    unmapped: list[tuple[str, str, str]] = field(default_factory=list)
    location: str = ""  # the file, folder or URL it was read from

    def skip(self, reason: str, example: str) -> None:
        """Something in a record that was left out (a price, a date), the record itself kept."""
        self.skipped[reason] += 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < 3:
            shown.append(example)

    def skip_record(self, reason: str, source_id: str, record_id: str = "") -> None:
        """A record the coverage counts that cannot be placed on a model, and why."""
        self.unmapped.append((reason, source_id, record_id or source_id))


def money(value: Any, file: str, entry: str, what: str) -> Decimal:
    """A price read exactly: a number that is not negative, never a float's rounding."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ImportDataError(file, entry, f"{what} is not a number ({value!r})")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ImportDataError(file, entry, f"{what} is not a number ({value!r})") from None
    if not amount.is_finite():
        raise ImportDataError(file, entry, f"{what} is not a finite number ({value!r})")
    if amount < 0:
        raise ImportDataError(file, entry, f"{what} is negative ({value!r})")
    return amount
