"""The catalog index the identity layer matches against, and how a record is prepared.

A record's id becomes a key; the key, the record's layout and the editors'
rules name its creator. Every model known (from the database, or placed in
this run) is found by its keys: its slug, the ids earlier imports placed on
it, and, weakest, its display name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from catalog.importers.keys import (
    Core,
    clean_name,
    identity_key,
    split_latest,
    split_stamp,
    strip_decorations,
    without_host_words,
    word_order_key,
)
from catalog.importers.listings import (
    NOT_MODELS,
    Alias,
    Listing,
    Prepared,
    Resolved,
    Rules,
    Target,
    slug_for,
)
from catalog.importers.records import ModelRecord, ProviderRecord


class CatalogIndex:
    """The models known so far, every key that finds them, and who made what a record names."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.out = Resolved()
        self.targets: dict[str, Target] = {}
        # key -> every (slug, condition) it names, strongest first
        self.index: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # The creators' own prices by key, read before anything is placed: the evidence
        # that tells a "-highspeed" mode from a model of its own.
        self.evidence: dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]] = {}
        self.word_index: dict[str, set[str]] = defaultdict(set)
        self.family: dict[str, set[str]] = defaultdict(set)  # stamp-less key -> slugs
        self.plain_index: dict[str, set[str]] = defaultdict(set)  # key without host words
        self.listed: set[tuple[str, str]] = set()  # (slug, host) placed in this run
        self.taken = set(rules.taken_slugs)
        self.created: dict[str, ModelRecord] = {}
        for known in rules.models:
            target = Target(
                slug=known.slug,
                creator=known.creator_slug,
                category=known.category,
                limits=(known.context_window, known.max_output_tokens),
                prices=dict(known.prices),
            )
            self.targets[known.slug] = target
            self.taken.add(known.slug)
        # What earlier imports placed, in their order, then slugs; names are the weakest keys.
        for key, slug, condition in rules.remembered:
            if slug in self.targets:
                self._register(key, slug, condition)
        for known in rules.models:
            for text in (known.slug, *known.other_keys):
                self._register(identity_key(text), known.slug)
        for known in rules.models:
            for text in (known.name, clean_name(known.name)[0]):
                self._register(identity_key(text), known.slug)

    # -- the index --------------------------------------------------------------------

    def _register(self, key: str, slug: str, condition: str = "") -> None:
        if not key:
            return
        entries = self.index[key]
        if all(entry[0] != slug for entry in entries):
            entries.append((slug, condition))
        if condition:
            return
        self.word_index[word_order_key(key)].add(slug)
        base = split_latest(split_stamp(key)[0])[0]
        self.family[base].add(slug)
        self.plain_index[without_host_words(base)].add(slug)

    def _lookup(self, key: str, creator: ProviderRecord | None) -> tuple[str, str] | None:
        for found in self.index.get(key, ()):
            if self._fits(found[0], creator):
                return found
        return None

    def _plain(self, key: str, creator: ProviderRecord | None) -> str | None:
        """The model a key names in its standard mode."""
        for slug, condition in self.index.get(key, ()):
            if not condition and self._fits(slug, creator):
                return slug
        return None

    def _fits(self, slug: str, creator: ProviderRecord | None) -> bool:
        return creator is None or self.targets[slug].creator == creator.slug

    def _lookup_words(self, key: str, creator: ProviderRecord | None) -> str | None:
        found = [s for s in self.word_index.get(word_order_key(key), ()) if self._fits(s, creator)]
        return found[0] if len(found) == 1 else None

    # -- preparing a listing --------------------------------------------------------------

    def _provider(self, name: str, display: str = "") -> ProviderRecord:
        known = self.rules.hosts.get(name.lower()) or self.rules.labs.get(name.lower())
        if known is not None:
            return known
        return ProviderRecord(slug=slug_for(name), name=(display or name)[:100], kind="host")

    def _lab(self, name: str) -> ProviderRecord | None:
        return self.rules.labs.get(name.lower())

    def _pattern_creator(self, key: str) -> ProviderRecord | None:
        for pattern, creator in self.rules.creator_patterns:
            if pattern.match(key):
                return creator
        return None

    def _creator(self, listing: Listing, core: Core, key: str) -> ProviderRecord | None:
        if listing.base_id:
            lab = self._lab(listing.base_id.split("/", 1)[0])
            if lab is not None:
                return lab
        if listing.lab and listing.own_list:
            lab = self._lab(listing.lab)
            if lab is not None:
                return lab
        for folder in core.namespace:
            lab = self._lab(folder.lstrip("~"))
            if lab is not None:
                return lab
        if core.vendor:
            lab = self._lab(core.vendor)
            if lab is not None:
                return lab
        pattern = self._pattern_creator(key)
        if pattern is not None:
            return pattern
        if listing.lab and self._lab(listing.lab):
            return self._lab(listing.lab)
        if listing.host and key.startswith(slug_for(listing.host)):
            # A host's own model, named after it ("venice-uncensored", "groq/compound").
            host = self._provider(listing.host, listing.host_name)
            return replace(host, kind="both")
        for folder in core.namespace[:1]:
            if folder.lower() in self.rules.hosts:
                host = self.rules.hosts[folder.lower()]
                return (
                    replace(host, kind="both")
                    if slug_for(folder) == slug_for(listing.host)
                    else None
                )
        for folder in core.namespace:
            # A lab folder no rule knows ("TheDrummer/Cydonia-24B") names its own lab.
            if folder.lower() not in self.rules.hosts and identity_key(folder):
                return ProviderRecord(slug=slug_for(folder), name=folder[:100], kind="lab")
        return None

    def _prefixed(self, key: str) -> tuple[str, ProviderRecord, tuple[str, ...]] | None:
        """An id with a host's words in front ("duo-chat-gpt-5-1", "anthropic-claude-3-opus"):
        the id without them, the creator its rest names, and the words dropped."""
        parts = key.split("-")
        for drop in range(1, min(4, len(parts))):
            rest = "-".join(parts[drop:])
            creator = self._pattern_creator(rest)
            if creator is not None and any(c.isalpha() for c in rest):
                return rest, creator, tuple(parts[:drop])
        return None

    def prepare(self, listing: Listing) -> Prepared | str:
        if listing.not_a_model:
            return listing.not_a_model
        if listing.raw_id.lower().startswith("ft:"):
            return "a fine-tuning price, not a model"
        core = strip_decorations(listing.raw_id)
        key = identity_key(core.id)
        if not key:
            return "no model id"
        for pattern, reason in NOT_MODELS:
            if pattern.search(key):
                return reason
        lab_word, _, rest = key.partition("-")
        lab = self.rules.labs.get(lab_word)
        host_word = bool(listing.host) and lab_word == slug_for(listing.host)
        rest_creator = self._pattern_creator(rest) if rest and (lab or host_word) else None
        if lab is not None and rest_creator is not None and rest_creator.slug == lab.slug:
            key = rest  # "meta-llama-3-1-8b-instruct" is Meta's "llama-3-1-8b-instruct"
            creator: ProviderRecord | None = lab
        elif rest_creator is not None and host_word and not listing.own_list:
            # A host that puts its own name in front of every id it serves:
            # Databricks' "databricks-claude-sonnet-4-5" is Anthropic's Claude Sonnet 4.5.
            key = rest
            creator = rest_creator
        else:
            creator = self._creator(listing, core, key)
        tags = core.tags
        alt_key = ""
        if creator is None and not listing.own_list:
            prefixed = self._prefixed(key)
            if prefixed is not None:
                alt_key, creator, dropped = prefixed
                if "coding" in dropped:
                    tags = (*tags, "coding")
        host = None
        if listing.host:
            host = self._provider(listing.host, listing.host_name)
        name, region = clean_name(listing.name)
        if name != listing.name:
            listing = replace(listing, name=name)
        own = listing.own_list or (
            host is not None and creator is not None and host.slug == creator.slug
        )
        return Prepared(
            listing=listing,
            core=core,
            key=key,
            creator=creator,
            host=host,
            region=core.region or region,
            tags=tags,
            own=own,
            alt_key=alt_key,
        )

    def _editor_alias(self, item: Prepared) -> Alias | None:
        for key in (identity_key(item.listing.raw_id), item.key):
            if key in self.rules.aliases:
                return self.rules.aliases[key]
        return None

    # -- matching ---------------------------------------------------------------------
