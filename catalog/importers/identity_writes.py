"""Writing what the identity layer decided: placements, snapshot links, redirects, offers."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from catalog.identity import ModelAlias
from catalog.importers.listings import Resolved
from catalog.importers.records import CREATED, ScoreRecord
from catalog.importers.resolver import resolve
from catalog.importers.rules import load_rules
from catalog.models import AIModel, AIModelSlug, ImportRun, Offer, Price, Score, UnmappedRecord
from catalog.validators import validate_catalog_slug

if TYPE_CHECKING:
    from catalog.importers.writer import Writer


def resolve_batch(writer: Writer) -> Resolved:
    """Place the batch's listings on models (the identity layer) and queue what follows."""
    resolved = writer.resolved or resolve(writer.batch.listings, load_rules(writer.on))
    summary = writer.summary
    summary.unmapped = list(writer.batch.unmapped)
    for reason, listing in resolved.skipped:
        if listing.counted:
            summary.unmapped.append((reason, listing.source_id, listing.raw_id))
    summary.mapped = sum(1 for p in resolved.placements if p.listing.counted)
    summary.counted = summary.mapped + len(summary.unmapped)
    writer.batch.models.extend(resolved.models)
    # A record that names the model itself outranks a twin's or a variant's.
    writer.batch.prices.extend(sorted(resolved.prices, key=lambda p: not p.exact))
    for placement in resolved.placements:
        for line in placement.listing.scores:
            writer.batch.scores.append(
                ScoreRecord(
                    model_slug=placement.model_slug,
                    benchmark=line.benchmark,
                    value=line.value,
                    ci_lower=line.ci_lower,
                    ci_upper=line.ci_upper,
                    votes=line.votes,
                    source_id=placement.listing.source_id,
                    condition=", ".join(c for c in (placement.condition, line.condition) if c),
                    measured_by=line.measured_by,
                    measured_on=line.measured_on,
                    source_url=line.source_url,
                )
            )
    return resolved


def link(writer: Writer, resolved: Resolved) -> None:
    """Snapshots point at their base model; a merged twin's slug redirects to its model."""
    linked = []
    for slug, base in resolved.snapshots.items():
        model, target = writer.model(slug), writer.model(base)
        if model is not None and target is not None and model.snapshot_of_id is None:
            model.snapshot_of = target
            linked.append(model)
    writer.read.update(linked, ["snapshot_of"])
    taken = set(writer.models) | set(writer.renamed)
    redirects = []
    for slug, target_slug in sorted(resolved.merged_slugs.items()):
        target = writer.model(target_slug)
        if target is not None and slug not in taken and slug != target.slug:
            try:
                validate_catalog_slug(slug)
            except Exception:
                continue
            redirects.append(AIModelSlug(slug=slug, model=target))
            taken.add(slug)
    AIModelSlug.objects.bulk_create(redirects)
    remember_keys(writer, resolved)


def remember_keys(writer: Writer, resolved: Resolved) -> None:
    """Remember where each record's id was placed, in placing order, so that the next
    import of the same data (and other datasets using the same ids) places it the same."""
    known = set(
        ModelAlias.objects.filter(origin=ModelAlias.Origin.IMPORT).values_list(
            "key", "model__slug", "condition"
        )
    )
    new: list[ModelAlias] = []
    for placement in resolved.placements:
        model = writer.model(placement.model_slug)
        for key, whole_condition in placement.keys:
            condition = whole_condition[:120]
            if not key or model is None or (key, model.slug, condition) in known:
                continue
            known.add((key, model.slug, condition))
            new.append(
                ModelAlias(
                    text=placement.listing.raw_id[:300],
                    key=key,
                    model=model,
                    condition=condition,
                    origin=ModelAlias.Origin.IMPORT,
                    note=f"{writer._source(placement.listing).dataset}: "
                    f"{placement.listing.source_id}"[:200],
                )
            )
    ModelAlias.objects.bulk_create(new, batch_size=1000)


def apply_offers(writer: Writer, resolved: Resolved) -> None:
    """Each host that lists a model is an offer, with the limits it serves."""
    existing = {(o.model_id, o.host_id): o for o in Offer.objects.all()}
    writer.read.keep(existing.values())
    new: dict[tuple[int, int], Offer] = {}
    changed: dict[int, Offer] = {}
    fields = ("context_window", "max_output_tokens")
    for placement in resolved.placements:
        listing = placement.listing
        model = writer.model(placement.model_slug)
        if model is None or placement.host is None or placement.condition:
            continue
        host = writer.provider(placement.host)
        key = (model.pk, host.pk)
        if key in new:
            continue
        values = {name: listing.specs.get(name) for name in fields}
        offer = existing.get(key)
        if offer is None:
            new[key] = Offer(
                model=model,
                host=host,
                source_url=listing.source_url[:500],
                listed_on=writer.batch.dataset_date,
                origin=Offer.Origin.IMPORT,
                dataset=writer.batch.dataset,
                source_id=listing.source_id[:300],
                dataset_date=writer.batch.dataset_date,
                **values,
            )
            continue
        if offer.origin == Offer.Origin.EDITOR or offer.pk in changed:
            continue
        update = {name: value for name, value in values.items() if value is not None}
        if offer.dataset == writer.batch.dataset or not offer.dataset:
            update |= {"source_id": listing.source_id[:300], "dataset": writer.batch.dataset}
        if writer.batch.dataset_date and (offer.listed_on or date.min) < writer.batch.dataset_date:
            update |= {"listed_on": writer.batch.dataset_date, "ended_on": None}
        if any(getattr(offer, name) != value for name, value in update.items()):
            for name, value in update.items():
                setattr(offer, name, value)
            changed[offer.pk] = offer
    Offer.objects.bulk_create(new.values(), batch_size=1000)
    writer.read.update(
        changed.values(),
        [*fields, "source_id", "dataset", "listed_on", "ended_on"],
        whole_row=["origin", *fields],
        batch_size=1000,
    )
    writer.summary.created["offers"] += len(new)
    writer.summary.updated["offers"] += len(changed)


LISTED = "_listed"  # provenance key: {dataset: the newest dataset date that listed the model}
UNLISTED = "no source lists it any more"


def mark_listed(writer: Writer, resolved: Resolved) -> None:
    """Remember which datasets list each model; end the offers this dataset dropped, and mark
    deprecated (with the date) a model that no source lists any more. An editor's status
    holds; a model deprecated this way is active again when a source lists it again."""
    batch = writer.batch
    when = batch.dataset_date
    if not batch.listings or when is None:
        return
    dataset = batch.dataset
    listed = {placement.model_slug for placement in resolved.placements}
    hosts_listed = {
        (placement.model_slug, placement.host.slug)
        for placement in resolved.placements
        if placement.host is not None and not placement.condition
    }
    for model in writer.models.values():
        provenance = dict(model.provenance or {})
        datasets = dict(provenance.get(LISTED, {}))
        if model.slug in listed:
            if datasets.get(dataset) == when.isoformat():
                continue
            datasets[dataset] = when.isoformat()
        elif dataset in datasets:
            del datasets[dataset]
        else:
            continue
        provenance[LISTED] = datasets
        status = provenance.get("status") or {}
        by_editor = status.get("origin") == "editor"
        if not datasets and not by_editor and model.status != AIModel.Status.DEPRECATED:
            model.status = AIModel.Status.DEPRECATED
            model.deprecated_on = when
            provenance["status"] = {"origin": "import", "dataset": dataset, "reason": UNLISTED}
            writer.summary.retired["models"] += 1
        elif datasets and status.get("reason") == UNLISTED:
            model.status = AIModel.Status.ACTIVE
            model.deprecated_on = None
            provenance.pop("status", None)
        model.provenance = provenance
        writer.changed_models.setdefault(model.slug, set()).update({"status", "deprecated_on"})
    ending = list(
        Offer.objects.filter(
            origin=Offer.Origin.IMPORT, dataset=dataset, ended_on__isnull=True
        ).select_related("model", "host")
    )
    ended = [o for o in ending if (o.model.slug, o.host.slug) not in hosts_listed]
    writer.read.keep(ended)
    for offer in ended:
        offer.ended_on = when
    ended = writer.read.update(ended, ["ended_on"], whole_row=["origin"], batch_size=1000)
    writer.summary.retired["offers"] += len(ended)


def publish_by_policy(writer: Writer) -> None:
    """Publish what an import brought in once it has a standard price or a score; a model an
    editor published or unpublished stays as they left it."""
    candidates = {
        model.pk: model
        for model in writer.models.values()
        if not model.is_published
        and CREATED in (model.provenance or {})
        and (model.provenance or {}).get("is_published", {}).get("origin") != "editor"
    }
    if not candidates:
        return
    ids = list(candidates)
    priced = set(
        Price.objects.current(writer.on)
        .standard()
        .filter(model_id__in=ids)
        .values_list("model_id", flat=True)
    )
    scored = set(Score.objects.filter(model_id__in=ids).values_list("model_id", flat=True))
    publishing = [candidates[pk] for pk in sorted(priced | scored)]
    for model in publishing:
        model.is_published = True
    publishing = writer.read.update(publishing, ["is_published"], whole_row=["is_published"])
    writer.summary.updated["published"] += len(publishing)


def record_run(writer: Writer) -> None:
    """Keep the run, with every record it could not map, for editors to work through."""
    summary = writer.summary
    run = ImportRun.objects.create(
        dataset=writer.batch.dataset,
        location=writer.batch.location[:500],
        dataset_date=writer.batch.dataset_date,
        counted=summary.counted,
        mapped=summary.mapped,
        universe=summary.universe[:80],
        counts={
            "created": dict(summary.created),
            "updated": dict(summary.updated),
            "unchanged": dict(summary.unchanged),
            "ended": dict(summary.retired),
            "discrepancies": summary.discrepancies,
        },
        report="\n".join(summary.lines()),
    )
    UnmappedRecord.objects.bulk_create(
        (
            UnmappedRecord(
                run=run, reason=reason[:200], source_id=source_id[:300], record_id=record[:300]
            )
            for reason, source_id, record in summary.unmapped
        ),
        batch_size=1000,
    )
    summary.run_id = run.pk
