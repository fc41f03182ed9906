"""Pure checks over many items on every core: forked workers read what the test shared.

A check that reads hundreds of thousands of pairs (every comparison's words) is pure
computation once the facts are read from the database; forked workers share those
facts without copying them, and each reads its own range of the items.
"""

import multiprocessing
import os
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# What the workers read: set before they are forked, cleared after.
SHARED: dict[str, Any] = {}


def ranges(total: int, parts: int = 32) -> list[tuple[int, int]]:
    """[start, stop) ranges that cover range(total) in about `parts` pieces."""
    step = max(1, -(-total // parts))
    return [(start, min(start + step, total)) for start in range(0, total, step)]


def forked_map(check: Callable[[tuple[int, int]], T], total: int, **shared: Any) -> list[T]:
    """`check` of every range of range(total), on every core; `shared` is what it reads
    from SHARED."""
    SHARED.update(shared)
    try:
        with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
            return pool.map(check, ranges(total))
    finally:
        SHARED.clear()
