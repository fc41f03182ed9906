"""Comparison pairs and their one canonical URL: /compare/<a>-vs-<b>/ with a < b."""

from catalog.validators import COMPARISON_SEPARATOR, SLUG_PATTERN
from web.links import page_path


def split_pair(pair: str) -> tuple[str, str] | None:
    """("a", "b") from "a-vs-b"; None when the text is not two valid slugs."""
    parts = pair.split(COMPARISON_SEPARATOR)
    if len(parts) != 2 or not all(SLUG_PATTERN.match(part) for part in parts):
        return None
    return parts[0], parts[1]


def comparison_url(a_slug: str, b_slug: str) -> str:
    """The canonical URL of a pair: slugs in sorted order."""
    first, second = sorted([a_slug, b_slug])
    return page_path("comparisons:comparison", pair=f"{first}-vs-{second}")


def benchmarks_url(a_slug: str, b_slug: str) -> str:
    """The canonical URL of every benchmark score of a pair, slugs in the comparison's order."""
    first, second = sorted([a_slug, b_slug])
    return page_path("comparisons:comparison_benchmarks", pair=f"{first}-vs-{second}")


def pair_feed_url(a_slug: str, b_slug: str) -> str:
    """The Atom feed of both models' changes, slugs in the comparison's order."""
    first, second = sorted([a_slug, b_slug])
    return page_path("comparisons:comparison_feed", pair=f"{first}-vs-{second}")


def hosts_url(a_slug: str, b_slug: str) -> str:
    """The canonical URL of a pair's offers host by host, slugs in the comparison's order."""
    first, second = sorted([a_slug, b_slug])
    return page_path("comparisons:comparison_hosts", pair=f"{first}-vs-{second}")


def peers_url(a_slug: str, b_slug: str) -> str:
    """The canonical URL of a pair among its peers, slugs in the comparison's order."""
    first, second = sorted([a_slug, b_slug])
    return page_path("comparisons:comparison_peers", pair=f"{first}-vs-{second}")
