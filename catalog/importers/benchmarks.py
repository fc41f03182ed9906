"""One name for each benchmark, whichever dataset spells it.

"SWE-Bench Verified", "SWE-bench Verified" and "SWE Bench Verified" are one
board (family "SWE-bench", variant "Verified"), so the same score read from
two datasets lands on one benchmark and the two values can be compared. What
makes two scores comparable beyond the name (a split, a harness, a version)
is part of the variant; a mode the model ran in (reasoning effort) is not: it
is the score's condition.
"""

from __future__ import annotations

import re
from decimal import Decimal

from catalog.importers.listings import slug_for
from catalog.importers.records import BenchmarkRecord

PERCENT = Decimal(100)
TEXT = "text_generation"
AIDER_URL = "https://aider.chat/docs/leaderboards/"
# Aider's polyglot board is the designated independent coding benchmark: one harness run
# by the aider project for every model, so no score on it is a lab's own claim.
AIDER_POLYGLOT = BenchmarkRecord(
    "aider-polyglot",
    "Aider Polyglot",
    TEXT,
    AIDER_URL,
    unit="percent",
    family="Aider",
    variant="polyglot",
    scale_max=PERCENT,
    designation="coding",
)
AIDER_CODE_EDITING = BenchmarkRecord(
    "aider-code-editing",
    "Aider Code Editing",
    TEXT,
    AIDER_URL,
    unit="percent",
    family="Aider",
    variant="code editing",
    scale_max=PERCENT,
)
# Families by how their name is spelled once case, spaces and hyphens are ignored.
FAMILIES = {
    "swebench": "SWE-bench",
    "sweatlas": "SWE-Atlas",
    "terminalbench": "Terminal-Bench",
    "aider": "Aider",
    "artificialanalysis": "Artificial Analysis",
    "gpqa": "GPQA",
    "mmlu": "MMLU",
    "mmmu": "MMMU",
    "aime": "AIME",
    "livecodebench": "LiveCodeBench",
    "taubench": "TAU-bench",
    "bigbench": "BIG-Bench",
    "humaneval": "HumanEval",
    "gsm8k": "GSM8K",
    "chartqa": "ChartQA",
    "docvqa": "DocVQA",
    "mathvista": "MathVista",
    "mrcr": "MRCR",
    "graphwalks": "Graphwalks",
    "arc": "ARC",
    "mbpp": "MBPP",
    "ifeval": "IFEval",
    "simpleqa": "SimpleQA",
    "mgsm": "MGSM",
    "multiple": "MultiPL-E",
}
# Names that run a family and its variant together in one word.
SPELLINGS = {"mmmuval": "MMMU (val)", "gpqadiamond": "GPQA Diamond"}
_WORD = re.compile(r"[^\s\-_/]+")


def compact(text: str) -> str:
    """Lowercase letters and digits only ("+" kept as "plus"): spelling-blind."""
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("+", "plus"))


def _tidy(word: str) -> str:
    return word.strip("()[]")


def family_and_rest(name: str) -> tuple[str, str]:
    """("SWE-bench", "Verified") for "SWE-Bench Verified"; (name, "") for an unknown family."""
    name = SPELLINGS.get(compact(name), name)
    words = _WORD.findall(name.replace("’", "'"))
    for length in range(1, len(words) + 1):
        family = FAMILIES.get(compact("".join(words[:length])))
        if family is not None:
            rest = " ".join(_tidy(word) for word in words[length:] if _tidy(word))
            return family, rest
    return " ".join(name.split()), ""


def benchmark_for(
    name: str,
    *,
    extra: tuple[str, ...] = (),
    unit: str = "percent",
    scale_max: Decimal | None = PERCENT,
    url: str = "",
    category: str = TEXT,
) -> BenchmarkRecord:
    """The board a dataset's benchmark name means; `extra` are the parts of the variant
    the name does not carry (a split, a harness), shown in brackets."""
    family, rest = family_and_rest(name)
    extras = tuple(part.strip() for part in extra if part and part.strip())
    variant = ", ".join(part for part in (rest, *extras) if part)
    if compact(f"{family}{rest}") == "aiderpolyglot" and not extras:
        return AIDER_POLYGLOT
    shown = f"{family} {rest}".strip()
    if extras:
        shown = f"{shown} ({', '.join(extras)})"
    return BenchmarkRecord(
        slug=slug_for(f"{family} {variant}")[:80],
        name=shown[:100],
        category=category,
        url=url,
        unit=unit,
        family=family[:80],
        variant=variant[:120],
        scale_max=scale_max,
    )
