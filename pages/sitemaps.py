"""Sitemaps: an index, and sections for models, providers, benchmarks and comparisons.

The comparison section lists every pair of published, active models within
one category, plus the pairs editors feature across categories, in canonical
order. It is computed from pair arithmetic (global position -> category,
i, j), never from a table of pairs or a list of them in memory: a page of
50,000 URLs needs only the sorted slugs of the models and is streamed out.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from xml.sax.saxutils import escape

from django.db.models import DateTimeField, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse

from catalog.models import AIModel, Benchmark, Price, Provider, Score
from comparisons.models import FeaturedComparison

PAGE_SIZE = 50_000
# A sitemap index lists at most 50,000 sitemaps, so no section has more pages.
MAX_PAGES = 50_000
SECTIONS = ("models", "providers", "benchmarks", "comparisons")


def pair_count(n: int) -> int:
    """How many unordered pairs n models make."""
    return n * (n - 1) // 2


def pairs_before(i: int, n: int) -> int:
    """How many pairs (x, y), x < y < n, come before the first pair that starts at i."""
    return i * n - i * (i + 1) // 2


def unrank(position: int, n: int) -> tuple[int, int]:
    """The pair (i, j), i < j < n, at `position` in row order (0,1), (0,2), ..., (1,2), ..."""
    if not 0 <= position < pair_count(n):
        raise IndexError(position)
    low, high = 0, n - 2
    while low < high:  # the last row i whose first pair is at or before position
        middle = (low + high + 1) // 2
        if pairs_before(middle, n) <= position:
            low = middle
        else:
            high = middle - 1
    i = low
    return i, i + 1 + position - pairs_before(i, n)


@dataclass(frozen=True)
class Block:
    """A run of pairs: all pairs of one category's models, or the featured pairs."""

    slugs: tuple[str, ...]
    changed: tuple[datetime, ...]
    start: int
    pairs: tuple[tuple[int, int], ...] | None = None  # explicit pairs (featured)

    @property
    def count(self) -> int:
        return len(self.pairs) if self.pairs is not None else pair_count(len(self.slugs))

    def pair_at(self, offset: int) -> tuple[int, int]:
        return self.pairs[offset] if self.pairs is not None else unrank(offset, len(self.slugs))


@dataclass(frozen=True)
class PairPlan:
    """Where every comparison URL sits, without listing them."""

    blocks: tuple[Block, ...]

    @property
    def total(self) -> int:
        return sum(block.count for block in self.blocks)

    def pages(self) -> int:
        return -(-self.total // PAGE_SIZE)

    def iterate(self, first: int, stop: int) -> Iterator[tuple[str, str, datetime]]:
        """(slug a, slug b, last change) for global positions first .. stop - 1."""
        starts = [block.start for block in self.blocks]
        index = bisect.bisect_right(starts, first) - 1
        position = first
        while position < stop and 0 <= index < len(self.blocks):
            block = self.blocks[index]
            offset = position - block.start
            if offset >= block.count:
                index += 1
                continue
            if block.pairs is None:
                n = len(block.slugs)
                i, j = unrank(offset, n)
                while position < stop and i < n - 1:
                    yield block.slugs[i], block.slugs[j], max(block.changed[i], block.changed[j])
                    position += 1
                    j += 1
                    if j == n:
                        i, j = i + 1, i + 2
            else:
                for i, j in block.pairs[offset : offset + (stop - position)]:
                    yield block.slugs[i], block.slugs[j], max(block.changed[i], block.changed[j])
                    position += 1
            index += 1

    def page_changed(self, page: int) -> datetime | None:
        """The newest change among the models a page's pairs are made of."""
        first, stop = (page - 1) * PAGE_SIZE, min(page * PAGE_SIZE, self.total)
        newest = [
            max(block.changed)
            for block in self.blocks
            if block.count and block.start < stop and block.start + block.count > first
        ]
        return max(newest) if newest else None


def _changed_models() -> Sequence[tuple[str, str, datetime]]:
    """(category, slug, newest change of its data) for each published, active model."""
    newest_price = Price.objects.filter(model=OuterRef("pk")).order_by("-updated_at")
    newest_score = Score.objects.filter(model=OuterRef("pk")).order_by("-updated_at")
    changed = Greatest(
        F("updated_at"),
        F("creator__updated_at"),
        Coalesce(Subquery(newest_price.values("updated_at")[:1]), F("updated_at")),
        Coalesce(Subquery(newest_score.values("updated_at")[:1]), F("updated_at")),
        output_field=DateTimeField(),
    )
    return list(
        AIModel.objects.published()
        .active()
        .filter(snapshot_of__isnull=True)  # a dated snapshot has no comparison pages of its own
        .annotate(changed=changed)
        .order_by("category", "slug")
        .values_list("category", "slug", "changed")
    )


def comparison_plan() -> PairPlan:
    """Same-category pairs by category, then featured pairs across categories."""
    rows = _changed_models()
    blocks: list[Block] = []
    start = 0
    by_category: dict[str, list[tuple[str, datetime]]] = {}
    for category, slug, changed in rows:
        by_category.setdefault(category, []).append((slug, changed))
    for models in by_category.values():
        block = Block(
            slugs=tuple(slug for slug, _ in models),
            changed=tuple(changed for _, changed in models),
            start=start,
        )
        blocks.append(block)
        start += block.count
    category_of = {slug: category for category, slug, _ in rows}
    changed_of = {slug: changed for _, slug, changed in rows}
    featured = sorted(
        {
            tuple(sorted((a, b)))
            for a, b in FeaturedComparison.objects.values_list("model_a__slug", "model_b__slug")
            if a in category_of and b in category_of and category_of[a] != category_of[b]
        }
    )
    if featured:
        slugs = sorted({slug for pair in featured for slug in pair})
        index = {slug: n for n, slug in enumerate(slugs)}
        blocks.append(
            Block(
                slugs=tuple(slugs),
                changed=tuple(changed_of[slug] for slug in slugs),
                start=start,
                pairs=tuple((index[a], index[b]) for a, b in featured),
            )
        )
    return PairPlan(blocks=tuple(blocks))


def _w3c(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def url_entries(base: str, rows: Iterator[tuple[str, datetime | None]]) -> Iterator[str]:
    """The <url> elements of a section page, in chunks of text."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    chunk: list[str] = []
    for path, changed in rows:
        lastmod = f"<lastmod>{_w3c(changed)}</lastmod>" if changed else ""
        chunk.append(f"<url><loc>{escape(base + path)}</loc>{lastmod}</url>\n")
        if len(chunk) == 1000:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)
    yield "</urlset>\n"


def comparison_rows(plan: PairPlan, page: int) -> Iterator[tuple[str, datetime | None]]:
    first, stop = (page - 1) * PAGE_SIZE, min(page * PAGE_SIZE, plan.total)
    prefix = reverse("comparisons:comparison", kwargs={"pair": "a-vs-b"}).removesuffix("a-vs-b/")
    for a, b, changed in plan.iterate(first, stop):
        yield f"{prefix}{a}-vs-{b}/", changed


def model_rows(page: int) -> Iterator[tuple[str, datetime | None]]:
    rows = _changed_models()[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    for _, slug, changed in rows:
        yield reverse("catalog:model_detail", kwargs={"slug": slug}), changed


def provider_rows(page: int) -> Iterator[tuple[str, datetime | None]]:
    providers = Provider.objects.order_by("slug").values_list("slug", "updated_at")
    for slug, changed in providers[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        yield reverse("catalog:provider_detail", kwargs={"slug": slug}), changed


def _benchmarks() -> Sequence[tuple[str, datetime]]:
    """(slug, last change) of every benchmark with a published model's score, by slug; a
    board changes when a score on it does."""
    boards = (
        Benchmark.objects.filter(scores__model__is_published=True)
        .annotate(changed=Max("scores__updated_at"))
        .order_by("slug")
        .values_list("slug", "changed", "updated_at")
    )
    return [(slug, max(changed, updated)) for slug, changed, updated in boards]


def benchmark_rows(page: int) -> Iterator[tuple[str, datetime | None]]:
    boards = _benchmarks()
    if page == 1 and boards:
        yield reverse("catalog:benchmark_list"), max(changed for _, changed in boards)
    for slug, changed in boards[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        yield reverse("catalog:benchmark_detail", kwargs={"slug": slug}), changed


def section_pages() -> list[tuple[str, int, datetime | None]]:
    """(section, page, last change) for every sitemap page the index lists."""
    models = _changed_models()
    model_pages = max(1, -(-len(models) // PAGE_SIZE))
    model_changed = max((changed for _, _, changed in models), default=None)
    providers = Provider.objects.order_by("-updated_at").values_list("updated_at", flat=True)
    provider_count = Provider.objects.count()
    listed: list[tuple[str, int, datetime | None]] = [
        ("models", page, model_changed) for page in range(1, model_pages + 1)
    ]
    listed += [
        ("providers", page, providers.first())
        for page in range(1, max(1, -(-provider_count // PAGE_SIZE)) + 1)
    ]
    boards = _benchmarks()
    listed += [
        ("benchmarks", page, max((changed for _, changed in boards), default=None))
        for page in range(1, max(1, -(-len(boards) // PAGE_SIZE)) + 1)
    ]
    plan = comparison_plan()
    listed += [
        ("comparisons", page, plan.page_changed(page)) for page in range(1, plan.pages() + 1)
    ]
    return listed


def index_entries(base: str, pages: list[tuple[str, int, datetime | None]]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for section, page, changed in pages:
        path = reverse("comparisons:sitemap_section", kwargs={"section": section, "page": page})
        lastmod = f"<lastmod>{_w3c(changed)}</lastmod>" if changed else ""
        lines.append(f"<sitemap><loc>{escape(base + path)}</loc>{lastmod}</sitemap>")
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"
