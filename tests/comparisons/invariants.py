"""What an expert reader checks on every comparison: each rule returns the problems it finds.

Used by the consistency sweep over the shipped catalog and by tests that break
a narrative on purpose to show each rule can fail.
"""

from __future__ import annotations

import re
from decimal import Decimal

from comparisons.cost import monthly_cost
from comparisons.materiality import LEVEL_RATIO, intervals_overlap
from comparisons.metrics import Kind
from comparisons.narrative import Narrative, pair_workload, short_number
from comparisons.verdict import Comparison, Outcome

EDITORIAL = ("Our editors suggest", "Note: ")
# Words a reader notices, as patterns so that no model's own name sets them off; each
# with a plain string that any match contains, looked for first (it is much cheaper).
WORDS_A_READER_NOTICES = tuple(
    (literal, re.compile(pattern))
    for literal, pattern in (
        (" of ", r"\b1 of (the )?(1|one) categor"),
        ("all ", r"\ball (1|one|two) categor"),
        ("cheaper on price", r"\bcheaper on price\b"),
        ("factor of 1", r"\bfactor of 1\b"),
        ("1.0x", r"\b1\.0x\b"),
        ("Price decides price", r"\bPrice decides price\b"),
        ("within 1%", r"\bwithin 1%"),
    )
)
RATIO = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)x\b")
MONEY = re.compile(r"\$([\d,]+(?:\.\d+)?)")


def nested_brackets(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
            if depth > 1:
                return True
        elif char == ")":
            depth = max(0, depth - 1)
    return False


def significant_figures(number: str) -> int:
    digits = number.replace(",", "").replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "." in number else len(digits)


def all_texts(story: Narrative) -> list[str]:
    texts = [story.headline, story.explanation, story.meta_description, story.title]
    texts += [*story.key_differences, *story.when_a, *story.when_b, story.nothing_separates]
    texts += [part for item in story.faq for part in item]
    return [text for text in texts if text]


def wording_problems(story: Narrative, names: tuple[str, ...] = ()) -> list[str]:
    found = []
    texts = all_texts(story)
    joined = "\n".join(texts)
    # Each rule reads all the page's words at once, then names the sentence it found.
    for literal, words in WORDS_A_READER_NOTICES:
        if literal in joined and words.search(joined):
            found += [f"says {words.pattern!r}: {text}" for text in texts if words.search(text)]
    if joined.count("(") > 1:
        for text in texts:
            plain = text
            for name in names:  # a model's own name may hold brackets: "Magistral (2509)"
                plain = plain.replace(name, "a model")
            if plain.count("(") > 1 and nested_brackets(plain):
                found.append(f"nested brackets: {text}")
    for ratio in RATIO.findall(joined):
        if Decimal(ratio) < Decimal("1.1"):
            found.append(f"states a ratio under 1.1x: {ratio}x")
    for amount in MONEY.findall(joined):
        if significant_figures(amount) > 4 and Decimal(amount.replace(",", "")) < 1000:
            found.append(f"money to more than four figures: ${amount}")
    for name, items in (
        ("key differences", story.key_differences),
        ("when A", story.when_a),
        ("when B", story.when_b),
    ):
        if len(set(items)) != len(items):
            found.append(f"{name} repeats a line")
    return found


def score_problems(key: str, row) -> list[str]:
    """A score row won only by a difference that matters, never on a self-reported score."""
    if row.a.self_reported or row.b.self_reported:
        return [f"{key} won on a self-reported score"]
    if row.a.interval and row.b.interval:
        if intervals_overlap(row.a.interval, row.b.interval):
            return [f"{key} won with overlapping intervals"]
        return []
    if row.a.margin is None or row.b.margin is None:
        return [f"{key} won without intervals"]
    if abs(row.a.raw - row.b.raw) <= max(row.a.margin, row.b.margin):
        return [f"{key} won within {row.a.margin} points"]
    return []


def materiality_problems(comparison: Comparison) -> list[str]:
    found = []
    for category in comparison.verdict.categories:
        row = category.row
        if row.metric.benchmark:
            found.append(f"{category.key} decided by the benchmark row {row.metric.label}")
        if row.outcome not in (Outcome.A, Outcome.B):
            continue
        if row.metric.kind in (Kind.COUNT, Kind.MONEY):
            a, b = row.a.raw, row.b.raw
            assert isinstance(a, Decimal)
            assert isinstance(b, Decimal)
            low, high = sorted((a, b))
            if low > 0 and high < low * LEVEL_RATIO:
                found.append(f"{category.key} won on a difference under 10%: {a} against {b}")
    for row in comparison.rows:
        if row.metric.benchmark and row.decides:
            found.append(f"the benchmark row {row.metric.label} decides {row.decides}")
        if row.metric.kind is Kind.SCORE and row.outcome in (Outcome.A, Outcome.B):
            found += score_problems(row.metric.key, row)
    return found


def narrative_problems(comparison: Comparison, story: Narrative) -> list[str]:
    found = []
    verdict = comparison.verdict
    decided = [c for c in verdict.categories if c.outcome in (Outcome.A, Outcome.B)]
    for category in decided:
        winner = comparison.name(category.outcome)
        numbers = [short_number(category.row, side) for side in (Outcome.A, Outcome.B)]
        if category.key == "capabilities":
            numbers = []
        if not any(
            winner in point and all(number in point for number in numbers)
            for point in story.key_differences
        ):
            found.append(f"no key difference for the decisive {category.key} row")
    if decided and story.nothing_separates:
        found.append("says nothing separates them although a category was decided")
    if not story.key_differences and not story.nothing_separates:
        found.append("an empty key differences section says nothing")
    if verdict.leader is not None:
        if not story.headline.startswith(comparison.name(verdict.leader)):
            found.append("the headline does not name the leader first")
    elif " leads " in story.headline and "each leads" not in story.headline:
        found.append("the headline names a leader the verdict does not declare")
    if verdict.same_job:
        for side, reasons in ((Outcome.A, story.when_a), (Outcome.B, story.when_b)):
            data = []
            for reason in reasons:
                if reason.startswith(EDITORIAL):
                    break
                data.append(reason)
            if len(data) < 2:
                found.append(f"fewer than two reasons from the data for {comparison.name(side)}")
    answers = dict(story.faq)
    pricing = next((text for question, text in answers.items() if "pricing" in question), "")
    price = next((c.row for c in verdict.categories if c.key == "price"), comparison.row("price"))
    if price.a_text not in pricing or price.b_text not in pricing:
        found.append("the FAQ's prices are not the table's")
    workload = story.workload or pair_workload(comparison)
    costs = story.costs or (
        monthly_cost(comparison.a, workload),
        monthly_cost(comparison.b, workload),
    )
    question, cost_answer = next(
        ((q, text) for q, text in answers.items() if " cost for " in q), ("", "")
    )
    if workload.describe() not in question:
        found.append("the FAQ's cost question does not name the workload it prices")
    for cost in costs:
        if cost.total is not None and cost.total_text not in cost_answer:
            found.append(f"the FAQ's cost for {cost.model} is not the calculator's")
        if cost.total is None and "no total" not in cost_answer:
            found.append(f"the FAQ gives {cost.model} a total it does not have")
    return found


def problems(comparison: Comparison, story: Narrative) -> list[str]:
    return [
        *wording_problems(story, (comparison.a.name, comparison.b.name)),
        *materiality_problems(comparison),
        *narrative_problems(comparison, story),
    ]
