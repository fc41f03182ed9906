"""Placing one listing: the matching rules in order, and new models for what nothing matches.

See catalog/importers/resolver.py for the order the rules are tried in.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from catalog.importers.index import CatalogIndex
from catalog.importers.keys import (
    identity_key,
    readable_name,
    split_latest,
    split_mode,
    split_stamp,
    split_variant,
    strip_decorations,
    without_host_words,
)
from catalog.importers.listings import (
    DERIVATIVE,
    PLAN_HOST,
    Placement,
    Prepared,
    Target,
    limits_of,
    price_ratio,
    same_price,
    signature,
    slug_for,
)
from catalog.importers.records import ModelRecord, PriceRecord


class Resolver(CatalogIndex):
    """Places listings one by one: matching by the rules in order, else a new model."""

    def _mine(self, item: Prepared) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        mine = signature(item.listing.prices)
        if all(v is None for v in mine) and not item.host:
            return self.evidence.get(item.key, mine)
        return mine

    def _theirs(
        self, slug: str, item: Prepared
    ) -> tuple[Decimal | None, Decimal | None, Decimal | None] | None:
        target = self.targets[slug]
        host = item.host.slug if item.host else ""
        return target.prices.get(host) or target.prices.get(target.creator)

    def _same_host_prices(self, slug: str, item: Prepared) -> bool:
        """Whether this run's data has the same host selling the model at a price of its own."""
        return item.host is not None and (slug, item.host.slug) in self.listed

    def _agrees(self, slug: str, item: Prepared) -> bool:
        """Whether a listing's prices and limits agree with a model's (a twin, not a snapshot)."""
        target = self.targets[slug]
        mine = self._mine(item)
        theirs = self._theirs(slug, item)
        if any(v is not None for v in mine) and theirs is not None:
            return all(same_price(a, b) for a, b in zip(mine, theirs, strict=True) if a is not None)
        limits = limits_of(item.listing.specs)
        return all(
            a is None or b is None or a == b for a, b in zip(limits, target.limits, strict=True)
        )

    def _variant_agrees(self, slug: str, item: Prepared, relation: str) -> bool:
        """A variant word is a mode of the base model only when the data says so."""
        target = self.targets[slug]
        mine = self._mine(item)
        if relation == "any":
            return True
        if relation == "free":
            return all(v is None or v == 0 for v in mine)
        limits = limits_of(item.listing.specs)
        pairs = zip(limits, target.limits, strict=True)
        if any(a is not None and b is not None and a != b for a, b in pairs):
            return False
        theirs = self._theirs(slug, item)
        if theirs is None or all(v is None for v in mine):
            return not item.own  # no evidence: a host's file follows the word
        ratios = [
            r
            for r in (price_ratio(a, b) for a, b in zip(mine, theirs, strict=True))
            if r is not None
        ]
        if not ratios:
            return not item.own
        if any(abs(r - ratios[0]) > Decimal("0.02") * ratios[0] for r in ratios):
            return False
        return ratios[0] > 1 if relation == "dearer" else ratios[0] < 1

    def _match(self, item: Prepared) -> tuple[str, str, str] | None:
        """(slug, condition, how) for a listing that is a known model, or None."""
        creator = item.creator
        key = item.key
        found = self._lookup(key, creator)
        if found is not None:
            return found[0], found[1], "id"
        if item.alt_key:
            matched = self._match(replace(item, key=item.alt_key, alt_key=""))
            if matched is not None:
                return matched
        name_key = identity_key(item.listing.name) if item.listing.name else ""
        stamped = bool(split_stamp(key)[1])
        root = item.listing.own_list and not item.listing.host
        if root:
            name_key = ""  # a creator's own id is definitive; its display name is not
        if name_key and name_key != key and not stamped:
            found = self._lookup(name_key, creator)
            if found is not None:
                return found[0], found[1], "name"
        if item.listing.benchmark or not item.own:
            base, mode = split_mode(key)
            # Hosts' ids end in "-medium" or "-high" for sizes as often as for effort.
            if (
                mode
                and not item.listing.benchmark
                and "thinking" not in mode
                and "reasoning" not in mode
            ):
                mode = ""
            if mode:
                matched = self._match(replace(item, key=base))
                if matched is not None:
                    return matched[0], join_conditions(matched[1], mode), "mode"
        base, latest = split_latest(key)
        if latest:
            slug = self._plain(base, creator) or self._family_twin(base, item)
            if slug is not None and self._agrees(slug, item):
                return slug, "", "latest"
        base, stamp = split_stamp(key)
        if stamp:
            slug = self._plain(base, creator) or self._lookup_words(base, creator)
            if slug is not None:
                return slug, "", "dated twin" if self._agrees(slug, item) else "snapshot"
            slug = self._family_twin(base, item)
            if slug is not None:
                return slug, "", "dated twin"
            if name_key and name_key != key:
                found = self._lookup(name_key, creator)
                if found is not None:
                    return found[0], found[1], "name"
        base, condition, relation = split_variant(key)
        if condition:
            slug = self._plain(base, creator) or self._lookup_words(base, creator)
            if slug is not None and self._variant_agrees(slug, item, relation):
                return slug, condition, "variant"
        if item.own:
            slug = self._lookup_words(key, creator)
            return (slug, "", "word order") if slug is not None else None
        plain = without_host_words(split_stamp(key)[0])
        if plain != key:
            found = self._lookup(plain, creator)
            if found is not None:
                return found[0], found[1], "host words"
        slug = self._lookup_words(key, creator)
        if slug is not None:
            return slug, "", "word order"
        plain_matches = [s for s in self.plain_index.get(plain, ()) if self._fits(s, creator)]
        if len(plain_matches) == 1:
            return plain_matches[0], "", "host words"
        for other in (f"{key}-preview", key.removesuffix("-preview")):
            if other != key:
                found = self._lookup(other, creator)
                if found is not None:
                    return found[0], found[1], "preview"
        return None

    def _family_twin(self, base: str, item: Prepared) -> str | None:
        """A model of the same family whose prices this listing repeats (never without prices:
        two dated releases with no price to tell them apart stay apart)."""
        if all(value is None for value in self._mine(item)):
            return None
        members = [s for s in sorted(self.family.get(base, ())) if self._fits(s, item.creator)]
        agreeing = [s for s in members if self._agrees(s, item)]
        return agreeing[0] if len(agreeing) == 1 else None

    # -- placing -----------------------------------------------------------------------

    def _new_slug(self, item: Prepared, name: str) -> str:
        options = sorted([slug_for(name), slug_for(item.core.id)], key=len)
        if item.creator:
            options.append(f"{item.creator.slug}-{slug_for(item.core.id)}")
        for option in options:
            if option and option not in self.taken and "-vs-" not in f"-{option}-":
                return option
        number = 2
        while f"{options[0]}-{number}" in self.taken:
            number += 1
        return f"{options[0]}-{number}"

    def _create(self, item: Prepared, snapshot_of: str = "") -> str | None:
        listing = item.listing
        if item.creator is None:
            return None
        if not listing.category:
            return None
        name = listing.name.strip()
        review = not name or (not listing.own_list and name.lower() == item.core.id.lower())
        if review:
            name = readable_name(item.core.id)
        name = re.sub(r"^[^:]{2,30}:\s+", "", name) if ":" in name else name
        slug = self._new_slug(item, name)
        self.taken.add(slug)
        record = ModelRecord(
            slug=slug,
            name=name[:120],
            creator=item.creator,
            category=listing.category,
            specs=dict(listing.specs),
            source_id=listing.source_id,
            source_url=listing.source_url,
            name_needs_review=review,
            snapshot_of=snapshot_of,
            dataset=listing.dataset,
        )
        self.created[slug] = record
        self.out.models.append(record)
        self.targets[slug] = Target(
            slug=slug,
            creator=item.creator.slug,
            category=listing.category,
            limits=limits_of(listing.specs),
        )
        if item.key in self.evidence:
            self.targets[slug].prices[item.creator.slug] = self.evidence[item.key]
        if snapshot_of:
            self.out.snapshots[slug] = snapshot_of
        for text in (item.key, identity_key(name), identity_key(listing.name)):
            self._register(text, slug)
        return slug

    def _remember_prices(self, slug: str, item: Prepared) -> None:
        prices = signature(item.listing.prices)
        if item.host is None or all(v is None for v in prices):
            return
        self.listed.add((slug, item.host.slug))
        self.targets[slug].prices.setdefault(item.host.slug, prices)

    def _emit(
        self, item: Prepared, slug: str, condition: str, how: str, *, created: bool = False
    ) -> None:
        listing = item.listing
        name_key = ""
        if listing.name and not condition and item.own:
            name_key = identity_key(listing.name)
        self.out.placements.append(
            Placement(
                listing, slug, condition, how, item.key, item.own, item.host, created, name_key
            )
        )
        self._register(item.key, slug, condition)
        if name_key:
            self._register(name_key, slug)
        if item.host is None:
            return
        self._remember_prices(slug, item)
        conditions = [condition] if condition else []
        plan = bool(PLAN_HOST.search(listing.host)) or bool(
            PLAN_HOST.search(item.host.name.lower())
        )
        if plan:
            conditions.append("subscription plan")
        elif (
            listing.prices
            and all(p.amount == 0 for p in listing.prices if not p.condition)
            and "free tier" not in conditions
            and any(not p.condition for p in listing.prices)
        ):
            conditions.append("free tier")
        region = f"{item.region} region" if item.region and item.region != "global" else ""
        if item.region == "global":
            region = "global endpoint"
        for price in listing.prices:
            parts = [*conditions, price.condition, region]
            self.out.prices.append(
                PriceRecord(
                    model_slug=slug,
                    host=item.host,
                    component=price.component,
                    unit=price.unit,
                    amount=price.amount,
                    condition=", ".join(p for p in parts if p),
                    source_id=listing.source_id,
                    source_url=listing.source_url,
                    region=item.region,
                    exact=how in ("id", "base"),
                    dataset=listing.dataset,
                )
            )

    def _update_specs(self, slug: str, item: Prepared) -> None:
        """A creator's own record updates the model's specs (the writer decides what it may)."""
        listing = item.listing
        if slug in self.created:
            record = self.created[slug]
            merged = {**listing.specs, **{k: v for k, v in record.specs.items() if v is not None}}
            self.created[slug] = replace(record, specs=merged)
            index = self.out.models.index(record)
            self.out.models[index] = self.created[slug]
            return
        target = self.targets[slug]
        assert item.creator is not None
        self.out.models.append(
            ModelRecord(
                slug=slug,
                name=listing.name,
                creator=item.creator,
                category=listing.category or target.category,
                specs=dict(listing.specs),
                source_id=listing.source_id,
                source_url=listing.source_url,
                existing=True,
                dataset=listing.dataset,
            )
        )

    def place(self, item: Prepared) -> None:
        listing = item.listing
        alias = self._editor_alias(item)
        if alias is not None:
            if alias.model_slug is None:
                self.out.skipped.append(("an editor marked it as not a model", listing))
            elif alias.model_slug not in self.targets:
                self.out.skipped.append(
                    ("an editor's alias names a model not in the catalog", listing)
                )
            else:
                self._emit(item, alias.model_slug, alias.condition, "alias")
            return
        if listing.base_id:
            base = self._base(item)
            if base is not None:
                slug, condition = base
                self._emit(item, slug, condition, "base")
                return
        found = self._match(item)
        if found is not None:
            slug, condition, how = found
            condition = join_conditions(condition, *(tag_condition(tag) for tag in item.tags))
            if how == "snapshot":
                # A dated id at another price than the undated one: another model when the
                # creator lists it, or when this host sells the undated one at its own price.
                if item.own or self._same_host_prices(slug, item):
                    created = self._create(item, snapshot_of=slug)
                    if created is not None:
                        self._emit(item, created, condition, "id", created=True)
                        return
            elif item.own and not condition and how in ("id", "name", "word order"):
                self._update_specs(slug, item)
            elif how == "dated twin" and item.own:
                self.out.merged_slugs.setdefault(slug_for(item.core.id), slug)
            self._emit(item, slug, condition, how)
            return
        if item.creator is None:
            self.out.skipped.append(("no rule names its creator", listing))
            return
        if DERIVATIVE.search(item.key) and not item.core.namespace:
            self.out.skipped.append(
                ("a community fine-tune; the data does not say who made it", listing)
            )
            return
        if not listing.category:
            self.out.skipped.append(("its category is not one Versus compares", listing))
            return
        created = self._create(item)
        assert created is not None
        self._emit(item, created, "", "id", created=True)

    def _base(self, item: Prepared) -> tuple[str, str] | None:
        """The model a models.dev `base_model` names, with the condition the file's own id adds."""
        base_core = strip_decorations(item.listing.base_id.split("/", 1)[-1])
        base_key = identity_key(base_core.id)
        plain = replace(item, key=base_key, tags=(), listing=replace(item.listing, name=""))
        found = self._match(plain)
        if found is None:
            return None
        slug, condition, _how = found
        words = [condition, *(tag_condition(tag) for tag in item.tags)]
        if item.key != base_key and item.key.startswith(base_key):
            words.append(split_variant(item.key)[1] or split_mode(item.key)[1])
        return slug, join_conditions(*words)


def tag_condition(tag: str) -> str:
    """The condition a listing's tag names (":free", ":thinking", a "TEE/" folder)."""
    return split_variant(f"x-{tag}")[1] or split_mode(f"x-{tag}")[1]


def join_conditions(*conditions: str) -> str:
    parts = [part for condition in conditions for part in condition.split(", ") if part]
    return ", ".join(dict.fromkeys(parts))


def placing_order(item: Prepared) -> tuple[int, int, str]:
    """Strongest evidence first: creators' own lists (their root files, then their offers
    that name a base model, then the rest), then hosts' records the same way; undated
    before dated within each."""
    listing = item.listing
    stamped = bool(split_stamp(item.key)[1]) or split_latest(item.key)[1]
    variant = bool(split_variant(item.key)[1])
    if listing.own_list and not listing.host:
        rank = 0
    else:
        rank = (1 if item.own else 3) + (0 if listing.base_id else 1)
    return rank, int(stamped) * 2 + int(variant), item.key
