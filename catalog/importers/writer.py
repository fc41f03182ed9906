"""Write a parsed dataset into the catalog: idempotent, with provenance, never over an editor.

Rules, for every value read:
- nothing there yet: write it, remembering the dataset, the record and the date;
- the same value: leave it (a second run of the same file changes nothing);
- a value an editor set by hand: leave it, and record a discrepancy to review;
- a value another dataset wrote: leave it, and record that the datasets disagree;
- a value this dataset wrote earlier: a price gets a new dated row (history),
  other values are updated.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from catalog.changes import announce
from catalog.importers import identity_writes
from catalog.importers.guard import ReadCopies
from catalog.importers.listings import Listing, Resolved
from catalog.importers.records import (
    CREATED,
    Batch,
    ModelRecord,
    PriceRecord,
    ProviderRecord,
    ScoreRecord,
)
from catalog.importers.summary import Summary
from catalog.models import (
    AIModel,
    AIModelSlug,
    Benchmark,
    Discrepancy,
    Price,
    Provider,
    Score,
)
from catalog.tracking import outranks, price_field
from catalog.validators import validate_catalog_slug

KINDS = ("providers", "models", "offers", "prices", "scores", "benchmarks")
# Prices are stored to ten decimal places (a ten-billionth of a dollar per unit).
STORED = Decimal("0.0000000001")
# Naming, not a fact: filled when empty, never reported as a disagreement.
QUIET = {"family"}
EMPTY: tuple[Any, ...] = (None, "", [], ())


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)[:200]


class Writer:
    """Applies one Batch, reading what exists once and writing in bulk."""

    def __init__(
        self,
        batch: Batch,
        *,
        today: date,
        resolved: Resolved | None = None,
        batches: dict[str, Batch] | None = None,
    ) -> None:
        self.batch = batch
        self.resolved = resolved
        # When sources are resolved together, a model one source's record created may be
        # written with another's: its provenance names the source it came from.
        self.batches = batches or {}
        self.today = today
        self.on = batch.dataset_date or today
        self.summary = Summary(dataset=batch.dataset, read=batch.read, universe=batch.universe)
        self.summary.skipped.update(batch.skipped)
        self.summary.examples.update({k: list(v) for k, v in batch.examples.items()})
        self.providers = {p.slug: p for p in Provider.objects.all()}
        self.models = {m.slug: m for m in AIModel.objects.all()}
        self.renamed = dict(AIModelSlug.objects.values_list("slug", "model__slug"))
        current = Price.objects.current(self.on)
        self.prices = {
            (p.model_id, p.host_id, p.component, p.unit, p.condition): p for p in current
        }
        # Other datasets' rows that start after this dataset's date: where this dataset is
        # designated over theirs, its row replaces them (apply_prices).
        self.later_prices: dict[tuple[Any, ...], list[Price]] = {}
        later = Price.objects.filter(
            effective_from__gt=self.on, origin=Price.Origin.IMPORT, ends_on__isnull=True
        ).exclude(dataset=batch.dataset)
        for p in later:
            key = (p.model_id, p.host_id, p.component, p.unit, p.condition)
            self.later_prices.setdefault(key, []).append(p)
        self.benchmarks = {b.slug: b for b in Benchmark.objects.all()}
        self.scores = {
            (s.model_id, s.benchmark_id, s.condition, s.measured_on, s.dataset): s
            for s in Score.objects.all()
        }
        self.discrepancies = {
            (d.model_id, d.field, d.dataset): d for d in Discrepancy.objects.all()
        }
        self.new_discrepancies: dict[tuple[int, str, str], Discrepancy] = {}
        self.raised: set[tuple[int, str, str]] = set()  # every disagreement this import saw
        self.changed_discrepancies: list[Discrepancy] = []
        self.changed_models: dict[str, set[str]] = {}
        # Rows as read: no write overwrites what someone saved since (importers/guard.py).
        self.read = ReadCopies()
        for rows in (self.models.values(), self.prices.values(), self.scores.values()):
            self.read.keep(rows)

    # -- providers ---------------------------------------------------------------

    def provider(self, record: ProviderRecord) -> Provider:
        existing = self.providers.get(record.slug)
        if existing is not None:
            return existing
        provider = Provider.objects.create(
            slug=record.slug,
            name=self._free_name(record.name, record.slug),
            kind=record.kind,
            website=record.website,
        )
        self.providers[record.slug] = provider
        self.summary.created["providers"] += 1
        return provider

    def _free_name(self, name: str, slug: str) -> str:
        taken = {p.name for p in self.providers.values()}
        return name if name not in taken else f"{name} ({slug})"

    # -- models ------------------------------------------------------------------

    def model(self, slug: str) -> AIModel | None:
        return self.models.get(slug) or self.models.get(self.renamed.get(slug, ""))

    def apply_models(self, records: list[ModelRecord]) -> None:
        seen: set[str] = set()
        created: list[AIModel] = []
        for record in records:
            if record.slug in seen:
                continue
            seen.add(record.slug)
            creator = self.provider(record.creator)
            model = self.model(record.slug)
            if model is None:
                new = self._new_model(record, creator)
                if new is not None:
                    created.append(new)
                continue
            if model.creator_id != creator.pk:
                self.summary.skip(
                    "the slug belongs to another creator's model", f"{record.source_id}"
                )
                continue
            self._update_specs(model, record)
        AIModel.objects.bulk_create(created, batch_size=500)
        for model in created:
            self.models[model.slug] = model
        self.summary.created["models"] += len(created)

    def _new_model(self, record: ModelRecord, creator: Provider) -> AIModel | None:
        try:
            validate_catalog_slug(record.slug)
        except Exception:
            self.summary.skip("its slug would be ambiguous in comparison URLs", record.source_id)
            return None
        specs = {k: v for k, v in record.specs.items() if v not in EMPTY}
        provenance = {name: self._origin(record) for name in specs}
        # Fields no dataset filled hold defaults, not an editor's choice.
        provenance[CREATED] = self._origin(record)
        return AIModel(
            slug=record.slug,
            name=record.name[:120],
            name_needs_review=record.name_needs_review,
            creator=creator,
            category=record.category,
            is_published=False,
            source_url=record.source_url or self._source(record).dataset_url,
            checked_on=self._source(record).dataset_date or self.today,
            provenance=provenance,
            **specs,
        )

    def _source(self, record: ModelRecord | PriceRecord | ScoreRecord | Listing) -> Batch:
        """The batch a record came from, when several sources are written together."""
        return self.batches.get(getattr(record, "dataset", ""), self.batch)

    def _origin(self, record: ModelRecord | PriceRecord | ScoreRecord) -> dict[str, str]:
        batch = self._source(record)
        origin = {"origin": "import", "dataset": batch.dataset, "source_id": record.source_id}
        if batch.dataset_date:
            origin["dataset_date"] = batch.dataset_date.isoformat()
        return origin

    def _update_specs(self, model: AIModel, record: ModelRecord) -> None:
        provenance = model.provenance or {}
        imported_model = CREATED in provenance
        changed: list[str] = []
        for name, value in record.specs.items():
            if value in EMPTY:
                continue
            current = getattr(model, name)
            if current == value:
                continue
            owner = provenance.get(name)
            if self._writable(owner, current, imported_model):
                changed.append(name)
            elif name in QUIET:
                continue
            elif owner is None or owner.get("origin") != "import":
                self.discrepancy("editor_value", model, None, name, current, value, record)
            elif outranks(self._source(record).dataset, owner.get("dataset", "")):
                # The designated source's value is shown; the one it replaces is kept.
                changed.append(name)
                self.discrepancy(
                    "source_conflict",
                    model,
                    None,
                    name,
                    value,
                    current,
                    None,
                    given_by=(
                        owner.get("dataset", ""),
                        owner.get("source_id", ""),
                        owner.get("dataset_date"),
                    ),
                )
            else:
                self.discrepancy("source_conflict", model, None, name, current, value, record)
        for name in changed:
            setattr(model, name, record.specs[name])
            provenance = {**provenance, name: self._origin(record)}
        model.provenance = provenance
        if changed:
            self.changed_models.setdefault(model.slug, set()).update(changed)
            self.summary.updated["models"] += 1
        else:
            self.summary.unchanged["models"] += 1

    def _writable(self, owner: dict[str, Any] | None, current: Any, imported_model: bool) -> bool:
        """Whether this dataset may write a value: it wrote it before, or nobody did."""
        if owner is None:
            return current in EMPTY or imported_model
        return owner.get("origin") == "import" and owner.get("dataset") == self.batch.dataset

    # -- discrepancies ------------------------------------------------------------

    def _displaced(
        self, model: AIModel, host: Provider, label: str, shown: Decimal, row: Price
    ) -> None:
        """Keep a lesser dataset's price row that this import's amount replaces."""
        self.discrepancy(
            "source_conflict",
            model,
            host,
            label,
            shown,
            row.amount,
            None,
            given_by=(row.dataset, row.source_id, row.dataset_date),
        )

    def discrepancy(
        self,
        kind: str,
        model: AIModel,
        host: Provider | None,
        name: str,
        current: Any,
        imported: Any,
        record: ModelRecord | PriceRecord | ScoreRecord | None,
        *,
        given_by: tuple[str, str, date | str | None] | None = None,
    ) -> None:
        """Keep a value that was not shown. `imported` is this import's value, unless
        `given_by` (dataset, record, date) says it is another dataset's, which this
        import's designated value replaced."""
        dataset, source_id, dataset_date = (
            given_by
            if given_by is not None
            else (self.batch.dataset, record.source_id if record else "", self.batch.dataset_date)
        )
        if isinstance(dataset_date, str):
            dataset_date = date.fromisoformat(dataset_date)
        key = (model.pk, name[:200], dataset)
        self.raised.add(key)
        values = {
            "kind": kind,
            "host": host,
            "current_value": _text(current),
            "imported_value": _text(imported),
            "source_id": source_id[:300],
            "dataset_date": dataset_date,
        }
        existing = self.discrepancies.get(key)
        if existing is not None:
            differs = any(
                getattr(existing, k) != v for k, v in values.items() if k != "dataset_date"
            )
            if differs or existing.dataset_date != dataset_date:
                for k, v in values.items():
                    setattr(existing, k, v)
                if differs:
                    existing.resolved = False
                    self.summary.discrepancies += 1
                self.changed_discrepancies.append(existing)
            return
        if key not in self.new_discrepancies:
            self.new_discrepancies[key] = Discrepancy(
                model=model, field=name[:200], dataset=dataset, **values
            )
            self.summary.discrepancies += 1

    def settle_discrepancies(self) -> list[Discrepancy]:
        """The open disagreements of this dataset that this import no longer raises: the
        dataset agrees now, or no longer lists the value. Reviewed ones stay as history."""
        return [
            found
            for key, found in self.discrepancies.items()
            if key[2] == self.batch.dataset and key not in self.raised and not found.resolved
        ]

    # -- prices ------------------------------------------------------------------

    def apply_prices(self, records: list[PriceRecord]) -> None:
        seen: dict[tuple[Any, ...], Decimal] = {}
        new: list[Price] = []
        corrected: list[Price] = []
        superseded: list[Price] = []
        for record in records:
            model = self.model(record.model_slug)
            if model is None:
                self.summary.skip("the model it prices is not in the catalog", record.source_id)
                continue
            record = replace(record, amount=record.amount.quantize(STORED))
            host = self.provider(record.host)
            key = (model.pk, host.pk, record.component, record.unit, record.condition)
            if key in seen:
                if seen[key] != record.amount:
                    self.summary.skip("conflicting duplicate within the dataset", record.source_id)
                continue
            seen[key] = record.amount
            current = self.prices.get(key)
            label = price_field(record.component, record.unit, record.condition, host.slug)
            for later in self.later_prices.get(key, ()):
                if not outranks(self.batch.dataset, later.dataset):
                    continue
                # A lesser dataset's row from a later date: this dataset's value is shown
                # instead, and the other's kept as a discrepancy.
                if later.amount != record.amount:
                    self._displaced(model, host, label, record.amount, later)
                superseded.append(later)
            if current is None or (
                current.origin == Price.Origin.IMPORT
                and current.dataset == self.batch.dataset
                and current.amount != record.amount
                and current.effective_from < self.on
            ):
                new.append(self._new_price(record, model, host))
            elif current.amount == record.amount:
                self.summary.unchanged["prices"] += 1
            elif current.origin == Price.Origin.EDITOR:
                self.discrepancy(
                    "editor_value", model, host, label, current.amount, record.amount, record
                )
            elif outranks(self.batch.dataset, current.dataset):
                # The designated source's amount is shown; the one it replaces is kept.
                self._displaced(model, host, label, record.amount, current)
                self._take_over(current, record)
                corrected.append(current)
            elif current.dataset != self.batch.dataset:
                self.discrepancy(
                    "source_conflict", model, host, label, current.amount, record.amount, record
                )
            else:  # the same dataset corrected its value on the same date
                current.amount = record.amount
                current.source_id = record.source_id[:300]
                corrected.append(current)
        Price.objects.filter(pk__in=[price.pk for price in superseded]).delete()
        Price.objects.bulk_create(new, batch_size=1000)
        corrected = self.read.update(
            corrected,
            ["amount", "source_id", "dataset", "dataset_date", "source_url", "checked_on"],
            whole_row=["origin", "dataset", "amount", "ends_on"],
            batch_size=1000,
        )
        self.summary.created["prices"] += len(new)
        self.summary.updated["prices"] += len(corrected) + len(superseded)
        self.retire_prices(set(seen))

    def retire_prices(self, listed: set[tuple[Any, ...]]) -> None:
        """A price this dataset wrote and no longer lists ends on the dataset's date: it stops
        being current and stays in the history. Editors' prices are never ended."""
        if not self.batch.listings or self.batch.dataset_date is None:
            return  # an empty read, or no date to end things on, retires nothing
        ending = [
            price
            for key, price in self.prices.items()
            if key not in listed
            and price.origin == Price.Origin.IMPORT
            and price.dataset == self.batch.dataset
            and price.ends_on is None
            and price.effective_from <= self.on
        ]
        for price in ending:
            price.ends_on = self.on
        ending = self.read.update(
            ending, ["ends_on"], whole_row=["origin", "amount", "ends_on"], batch_size=1000
        )
        self.summary.retired["prices"] += len(ending)

    def _take_over(self, price: Price, record: PriceRecord) -> None:
        """The designated dataset's amount for a price row another dataset wrote: the row
        is this dataset's now. Its start stays: the price did not change, its source did."""
        price.amount = record.amount
        price.dataset = self.batch.dataset
        price.dataset_date = self.batch.dataset_date
        price.source_id = record.source_id[:300]
        price.source_url = (record.source_url or self.batch.dataset_url)[:500]
        price.checked_on = self.on

    def _new_price(self, record: PriceRecord, model: AIModel, host: Provider) -> Price:
        return Price(
            model=model,
            host=host,
            component=record.component,
            unit=record.unit,
            amount=record.amount,
            condition=record.condition[:120],
            effective_from=self.on,
            checked_on=self.on,
            source_url=(record.source_url or self.batch.dataset_url)[:500],
            origin=Price.Origin.IMPORT,
            dataset=self.batch.dataset,
            source_id=record.source_id[:300],
            dataset_date=self.batch.dataset_date,
            starts_known=False,  # the date a dataset listed it; it may have applied before
        )

    # -- scores ------------------------------------------------------------------

    def apply_scores(self, records: list[ScoreRecord]) -> None:
        """Scores are kept per dataset: the same score from several sources stands side by
        side, and where two datasets give different values an editor sees it."""
        new: list[Score] = []
        changed: list[Score] = []
        seen: set[tuple[int, int, str, date]] = set()
        others = self._other_datasets_scores()
        flagged = set(
            Discrepancy.objects.filter(field__startswith="score on ")
            .exclude(dataset=self.batch.dataset)
            .values_list("model_id", "field", "dataset")
        )
        for record in records:
            model = self.model(record.model_slug)
            if model is None:
                self.summary.skip("the model it scores is not in the catalog", record.source_id)
                continue
            benchmark = self.benchmark(record)
            condition = record.condition[:120]
            on = record.measured_on or self.on
            if (model.pk, benchmark.pk, condition, on) in seen:
                self.summary.skip("a second name for the same model on one board", record.source_id)
                continue
            seen.add((model.pk, benchmark.pk, condition, on))
            values = {
                "value": record.value,
                "ci_lower": record.ci_lower,
                "ci_upper": record.ci_upper,
                "votes": record.votes,
                "measured_by": record.measured_by,
            }
            label = f"score on {benchmark.slug}" + (f" ({condition})" if condition else "")
            current = self.scores.get((model.pk, benchmark.pk, condition, on, self.batch.dataset))
            editors = self.scores.get((model.pk, benchmark.pk, condition, on, ""))
            if current is not None and current.origin == Score.Origin.EDITOR:
                editors = current
            if editors is not None and editors.origin == Score.Origin.EDITOR:
                if editors.value != record.value:
                    self.discrepancy(
                        "editor_value", model, None, label, editors.value, record.value, record
                    )
                continue
            other = others.get((model.pk, benchmark.pk, condition))
            if (
                other is not None
                and other.value != record.value
                # One disagreement is shown once, whichever of the two datasets saw it first.
                and (model.pk, label, other.dataset) not in flagged
            ):
                self.discrepancy(
                    "source_conflict",
                    model,
                    None,
                    label,
                    f"{other.value.normalize():f} ({other.dataset})",
                    record.value,
                    record,
                )
            if current is None:
                new.append(
                    Score(
                        model=model,
                        benchmark=benchmark,
                        condition=condition,
                        measured_on=on,
                        checked_on=self.on,
                        source_url=(record.source_url or benchmark.url or self.batch.dataset_url)[
                            :500
                        ],
                        origin=Score.Origin.IMPORT,
                        dataset=self.batch.dataset,
                        source_id=record.source_id[:300],
                        dataset_date=self.batch.dataset_date,
                        **values,
                    )
                )
            elif all(getattr(current, k) == v for k, v in values.items()):
                self.summary.unchanged["scores"] += 1
            else:
                for k, v in values.items():
                    setattr(current, k, v)
                changed.append(current)
        Score.objects.bulk_create(new, batch_size=1000)
        changed = self.read.update(
            changed,
            ["value", "ci_lower", "ci_upper", "votes", "measured_by"],
            whole_row=["origin", "dataset", "value"],
            batch_size=1000,
        )
        self.summary.created["scores"] += len(new)
        self.summary.updated["scores"] += len(changed)

    def _other_datasets_scores(self) -> dict[tuple[int, int, str], Score]:
        """The newest imported score of every other dataset, per model, board and mode."""
        newest: dict[tuple[int, int, str], Score] = {}
        for score in self.scores.values():
            if score.origin != Score.Origin.IMPORT or score.dataset == self.batch.dataset:
                continue
            key = (score.model_id, score.benchmark_id, score.condition)
            held = newest.get(key)
            if held is None or (score.measured_on, score.dataset) > (
                held.measured_on,
                held.dataset,
            ):
                newest[key] = score
        return newest

    def benchmark(self, record: ScoreRecord) -> Benchmark:
        spec = record.benchmark
        existing = self.benchmarks.get(spec.slug)
        if existing is None:
            taken = {b.name for b in self.benchmarks.values()}
            designated = {(b.category, b.designation) for b in self.benchmarks.values()}
            existing = Benchmark.objects.create(
                slug=spec.slug,
                name=spec.name if spec.name not in taken else f"{spec.name} ({spec.slug})",
                category=spec.category,
                unit=spec.unit,
                url=spec.url,
                family=spec.family,
                variant=spec.variant,
                scale_max=spec.scale_max,
                # A designation an editor gave another board of the category stands.
                designation=""
                if (spec.category, spec.designation) in designated
                else spec.designation,
                direction=Benchmark.Direction.HIGHER,
            )
            self.benchmarks[spec.slug] = existing
            self.summary.created["benchmarks"] += 1
        return existing

    # -- the run -----------------------------------------------------------------

    def run(self) -> Summary:
        resolved = identity_writes.resolve_batch(self) if self.batch.listings else None
        self.apply_models(self.batch.models)
        if resolved is not None:
            identity_writes.link(self, resolved)
            identity_writes.apply_offers(self, resolved)
            identity_writes.mark_listed(self, resolved)
        self.apply_prices(self.batch.prices)
        self.apply_scores(self.batch.scores)
        changed = [self.models[slug] for slug in sorted(self.changed_models)]
        fields = set().union(*self.changed_models.values()) if changed else set()
        self.read.update(
            changed,
            sorted(fields | {"provenance"}),
            merged=["provenance"],
            on_conflict=self.saved_since,
        )
        Discrepancy.objects.bulk_create(self.new_discrepancies.values(), batch_size=1000)
        Discrepancy.objects.bulk_update(
            self.changed_discrepancies,
            [
                "kind",
                "host",
                "current_value",
                "imported_value",
                "source_id",
                "dataset_date",
                "resolved",
            ],
        )
        settled = self.settle_discrepancies()
        if settled:
            Discrepancy.objects.filter(pk__in=[found.pk for found in settled]).delete()
            self.summary.settled = len(settled)
        identity_writes.publish_by_policy(self)
        identity_writes.record_run(self)
        if self.summary.changed:
            announce(shared=True)  # an import touches much of the catalog
        return self.summary

    def saved_since(self, model: Any, name: str, theirs: Any, ours: Any) -> None:
        """Someone saved `name` after this import read it: theirs stays, and the
        import's value is kept as a discrepancy for an editor to review."""
        if name != "provenance":
            self.discrepancy("editor_value", model, None, name, theirs, ours, None)
