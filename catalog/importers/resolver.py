"""The identity layer: every record of every dataset resolved to one model, or skipped for a reason.

Pure: no Django. A parser turns each record of a dataset into a `Listing`
(an id, a display name, where it sits in the data, its specs and prices);
`resolve` places every listing on one model of the catalog, using the
editors' rules (`Rules`: aliases, creator patterns, provider names) and the
models already known, and creates a model only for what nothing matches.

A listing is matched, strongest signal first:
1. an editor's alias for its id (or an editor's "not a model");
2. models.dev's `base_model`, the creator's own lists and the catalog's
   models, by the id's key, then the display name's key;
3. a dated or "-latest" twin: the same model when its prices and limits
   agree with the undated one, else a snapshot model linked to it;
4. a variant word ("-fast", ":free", "-highspeed"): a price condition of the
   base model when the data agrees (same limits, a price that is a multiple
   in the word's direction), never the standard rate;
5. the id without what hosts append ("-instruct-turbo"), words in another
   order ("claude-4-sonnet"), a "-preview" suffix.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal

from catalog.importers.listings import (
    REGION_ORDER,
    KnownModel,
    Listing,
    Prepared,
    Resolved,
    Rules,
    signature,
)
from catalog.importers.placing import Resolver, placing_order
from catalog.importers.records import PriceRecord


def resolve(listings: Iterable[Listing], rules: Rules) -> Resolved:
    """Place every listing on one model, or skip it with a reason.

    Records are placed in order (creators' lists first), so a host's record
    placed before the model it names was created could land elsewhere than
    it would once that model is known. A second pass that knows every model
    the first created, with the prices it saw, gives the placement the next
    import of the same data would also give: importing twice changes nothing.
    """
    listings = list(listings)
    first = _resolve_once(listings, rules)
    created = [record for record in first.models if not record.existing]
    if not created:
        return first
    second = _resolve_once(listings, _knowing(rules, first))
    records = {record.slug: record for record in created}
    # The second pass knows the first pass's models: they are still new to the catalog.
    used = {placement.model_slug for placement in second.placements}
    new = [records[slug] for slug in records if slug in used]
    new += [
        record for record in second.models if not record.existing and record.slug not in records
    ]
    second.models = new + [record for record in second.models if record.existing]
    second.snapshots = {
        **{s: b for s, b in first.snapshots.items() if s in used},
        **second.snapshots,
    }
    second.merged_slugs = {**first.merged_slugs, **second.merged_slugs}
    return second


def _knowing(rules: Rules, result: Resolved) -> Rules:
    """The rules with the models a resolution created, and the prices it placed, known."""
    signatures: dict[str, dict[str, list[Decimal | None]]] = defaultdict(dict)
    slots = {("input_tokens", "per_1m_tokens"): 0, ("output_tokens", "per_1m_tokens"): 1}
    slots[("image_output", "per_image")] = 2
    for price in result.prices:
        slot = slots.get((price.component, price.unit))
        if slot is not None and not price.condition:
            entry = signatures[price.model_slug].setdefault(price.host.slug, [None, None, None])
            if entry[slot] is None:
                entry[slot] = price.amount
    remembered = [*rules.remembered]
    remembered += [(k, p.model_slug, c) for p in result.placements for k, c in p.keys]
    known = [
        replace(model, prices={**model.prices, **_frozen(signatures.get(model.slug, {}))})
        for model in rules.models
    ]
    for record in result.models:
        if record.existing:
            continue
        known.append(
            KnownModel(
                slug=record.slug,
                creator_slug=record.creator.slug,
                name=record.name,
                category=record.category,
                context_window=record.specs.get("context_window"),
                max_output_tokens=record.specs.get("max_output_tokens"),
                prices=_frozen(signatures.get(record.slug, {})),
            )
        )
    return replace(rules, models=known, remembered=remembered)


def _frozen(
    signatures: Mapping[str, list[Decimal | None]],
) -> dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]]:
    return {host: (v[0], v[1], v[2]) for host, v in signatures.items()}


def _resolve_once(listings: list[Listing], rules: Rules) -> Resolved:
    resolver = Resolver(rules)
    prepared: list[Prepared] = []
    for listing in listings:
        item = resolver.prepare(listing)
        if isinstance(item, str):
            resolver.out.skipped.append((item, listing))
        else:
            prepared.append(item)
    for item in prepared:
        if item.own and item.host is not None and item.listing.prices:
            resolver.evidence.setdefault(item.key, signature(item.listing.prices))
    for item in sorted(prepared, key=placing_order):
        resolver.place(item)
    resolver.out.prices = promote_regions(resolver.out.prices)
    return resolver.out


def promote_regions(prices: list[PriceRecord]) -> list[PriceRecord]:
    """Where a host sells a model only through regional endpoints, its preferred region's
    price is the standard rate (global, then US, then EU), the others keep their region."""
    by_offer: dict[tuple[str, str], list[PriceRecord]] = defaultdict(list)
    for price in prices:
        by_offer[(price.model_slug, price.host.slug)].append(price)
    result: list[PriceRecord] = []
    for group in by_offer.values():
        if any(not p.region for p in group):
            result.extend(group)
            continue
        regions = Counter(p.region for p in group)
        preferred = next((r for r in REGION_ORDER if r in regions), sorted(regions)[0])
        for price in group:
            if price.region == preferred:
                words = ("global endpoint", f"{preferred} region")
                kept = [c for c in price.condition.split(", ") if c and c not in words]
                price = replace(price, condition=", ".join(kept), region="")
            result.append(price)
    return result
