"""The words around the table: key differences, when to use each, the FAQ, sources.

Pure: everything here is read from one `Comparison`, and every number is the
row's own text, so none of it can contradict the table or the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from comparisons.cost import Workload, monthly_cost
from comparisons.facts import ModelFacts, Value
from comparisons.metrics import CAPABILITIES, with_article
from comparisons.verdict import Comparison, Outcome, Row

KEY_RATIO = Decimal("1.5")
RELEASE_GAP_DAYS = 180


def format_ratio(ratio: Decimal) -> str:
    places = Decimal(1) if ratio >= 10 else Decimal("0.1")
    return f"{ratio.quantize(places, rounding=ROUND_HALF_UP).normalize():f}x"


def _sides(row: Row) -> tuple[str, str, str, str] | None:
    """(winner's text, loser's text) for a row won by one side, with names."""
    if row.outcome is Outcome.A:
        return "a", "b", row.a_text, row.b_text
    if row.outcome is Outcome.B:
        return "b", "a", row.b_text, row.a_text
    return None


def _facts(comparison: Comparison, side: str) -> ModelFacts:
    return comparison.a if side == "a" else comparison.b


def _flag(value: Value) -> bool | None:
    return value.raw if value.known and isinstance(value.raw, bool) else None


def key_differences(comparison: Comparison) -> list[str]:
    a, b = comparison.a, comparison.b
    found: list[str] = []
    if a.category != b.category:
        found.append(
            f"They do different jobs: {a.name} is {with_article(a.category_label.lower())} "
            f"model, {b.name} {with_article(b.category_label.lower())} model."
        )
    for key, phrase in (
        ("price", "cheaper"),
        ("context_window", "larger"),
        ("max_output_tokens", "larger"),
    ):
        row = _row(comparison, key)
        sides = _sides(row) if row else None
        if row is None or sides is None or row.ratio is None or row.ratio < KEY_RATIO:
            continue
        winner, _, win_text, lose_text = sides
        name = _facts(comparison, winner).name
        if phrase == "cheaper":
            found.append(
                f"{name} is {format_ratio(row.ratio)} cheaper on {row.metric.noun}: "
                f"{win_text} against {lose_text}."
            )
        else:
            found.append(
                f"{name} has a {format_ratio(row.ratio)} larger {row.metric.noun}: "
                f"{win_text} against {lose_text}."
            )
    arena = _row(comparison, "arena")
    arena_sides = _sides(arena) if arena else None
    if arena and arena_sides:
        winner, _, win_text, lose_text = arena_sides
        found.append(
            f"{_facts(comparison, winner).name} scores higher on {arena.a.unit_label}, "
            f"outside both 95% intervals: {win_text} against {lose_text}."
        )
    for key, label in CAPABILITIES:
        row = _row(comparison, key)
        if row is None:
            continue
        flag_a, flag_b = _flag(row.a), _flag(row.b)
        if flag_a is not None and flag_b is not None and flag_a != flag_b:
            owner = a if flag_a else b
            found.append(f"Only {owner.name} supports {label.lower()}.")
    openness = _row(comparison, "open_weights")
    if openness:
        flag_a, flag_b = _flag(openness.a), _flag(openness.b)
        if flag_a is not None and flag_b is not None and flag_a != flag_b:
            open_model, closed_model = (a, b) if flag_a else (b, a)
            licence = _row(comparison, "license")
            licence_text = ""
            if licence:
                value = licence.a if open_model is a else licence.b
                licence_text = f" ({value.raw})" if value.known else ""
            found.append(
                f"{open_model.name} has open weights{licence_text}; {closed_model.name} does not."
            )
    found.extend(_release_gap(comparison))
    found.extend(_parameter_gap(comparison))
    return found


def _row(comparison: Comparison, key: str) -> Row | None:
    return next((row for row in comparison.rows if row.metric.key == key), None)


def _release_gap(comparison: Comparison) -> list[str]:
    row = _row(comparison, "release_date")
    if row is None or not (isinstance(row.a.raw, date) and isinstance(row.b.raw, date)):
        return []
    gap = (row.a.raw - row.b.raw).days
    if abs(gap) < RELEASE_GAP_DAYS:
        return []
    newer, older = (comparison.a, comparison.b) if gap > 0 else (comparison.b, comparison.a)
    months = round(abs(gap) / 30.44)
    return [
        f"{newer.name} is newer: released {months} months after {older.name} "
        f"({row.a_text if newer is comparison.a else row.b_text} against "
        f"{row.b_text if newer is comparison.a else row.a_text})."
    ]


def _parameter_gap(comparison: Comparison) -> list[str]:
    row = _row(comparison, "parameters")
    if row is None or not (row.a.known and row.b.known) or row.a.estimated or row.b.estimated:
        return []
    if not (isinstance(row.a.raw, Decimal) and isinstance(row.b.raw, Decimal)):
        return []
    low, high = sorted((row.a.raw, row.b.raw))
    if low <= 0 or high / low < KEY_RATIO:
        return []
    bigger = comparison.a if row.a.raw > row.b.raw else comparison.b
    return [
        f"{bigger.name} has {format_ratio(high / low)} as many parameters ({row.a_text} for "
        f"{comparison.a.name}, {row.b_text} for {comparison.b.name}); size alone decides nothing "
        "here and is not counted."
    ]


def when_to_use(comparison: Comparison, side: str) -> list[str]:
    """Reasons to pick one side, each backed by a category it wins or a fact it alone has."""
    me = _facts(comparison, side)
    other = _facts(comparison, "b" if side == "a" else "a")
    mine = Outcome.A if side == "a" else Outcome.B
    reasons: list[str] = []
    if me.category != other.category:
        reasons.append(f"You need {me.category_label.lower()}: that is the job {me.name} does.")
    for category in comparison.verdict.categories:
        if category.outcome is not mine:
            continue
        text = category.row.a_text if side == "a" else category.row.b_text
        reasons.append(
            {
                "quality": f"Output quality comes first: it scores higher ({text}).",
                "price": f"Cost matters most: it is cheaper ({text}).",
                "context": f"You send long inputs: its limit is {text}.",
                "output": f"You need long answers: it can write up to {text}.",
                "capabilities": f"You rely on its wider feature set ({text}).",
            }[category.key]
        )
    for key, label in CAPABILITIES:
        row = _row(comparison, key)
        if row is None:
            continue
        flag_me = _flag(row.a if side == "a" else row.b)
        flag_other = _flag(row.b if side == "a" else row.a)
        if flag_me and flag_other is False:
            reasons.append(f"You need {label.lower()}, which only {me.name} offers here.")
    openness = _row(comparison, "open_weights")
    if openness:
        flag_me = _flag(openness.a if side == "a" else openness.b)
        flag_other = _flag(openness.b if side == "a" else openness.a)
        if flag_me and flag_other is False:
            reasons.append(
                "You want to run, inspect or fine-tune the model yourself: its weights are open."
            )
    if me.best_for:
        reasons.append(f"Its creator and our editors suggest it for {', '.join(me.best_for)}.")
    if me.deprecated:
        reasons.append(f"Note: {me.name} is deprecated, so plan for its successor.")
    if not reasons:
        reasons.append(f"The data we have shows no advantage over {other.name}.")
    return reasons


DEFAULT_TEXT_WORKLOAD = Workload(input_tokens=10_000_000, output_tokens=2_000_000)
DEFAULT_IMAGE_WORKLOAD = Workload(images=1_000)


def default_workload(comparison: Comparison) -> Workload:
    categories = {comparison.a.category, comparison.b.category}
    images = "image_generation" in categories
    tokens = bool(categories - {"image_generation"})
    return Workload(
        input_tokens=DEFAULT_TEXT_WORKLOAD.input_tokens if tokens else 0,
        output_tokens=DEFAULT_TEXT_WORKLOAD.output_tokens if tokens else 0,
        images=DEFAULT_IMAGE_WORKLOAD.images if images else 0,
    )


def faq(comparison: Comparison) -> list[tuple[str, str]]:
    """Questions and answers written from the same rows as the table."""
    a, b = comparison.a, comparison.b
    verdict = comparison.verdict
    items = [
        (
            f"Which is better, {a.name} or {b.name}?",
            f"{verdict.headline}. {verdict.explanation}".strip(),
        )
    ]
    price = comparison.row("price")
    factor = f" by a factor of {format_ratio(price.ratio)[:-1]}" if price.ratio else ""
    items.append(
        (
            f"How does {a.name}'s pricing compare with {b.name}'s?",
            _answer(
                comparison,
                price,
                win="{winner} is cheaper" + factor + ".",
                tie="They cost about the same (within 1%).",
            ),
        )
    )
    context = _row(comparison, "context_window")
    if context:
        items.append(
            (
                f"How much text can {a.name} and {b.name} take in at once?",
                _answer(
                    comparison,
                    context,
                    win="{winner} accepts longer inputs.",
                    tie="Their limits are about the same (within 1%).",
                ),
            )
        )
    arena = _row(comparison, "arena")
    if arena:
        items.append(
            (
                f"Which scores higher in blind human votes, {a.name} or {b.name}?",
                _answer(
                    comparison,
                    arena,
                    win="{winner} is ahead and the 95% intervals do not overlap.",
                    tie="The 95% intervals overlap, so the difference is not meaningful.",
                ),
            )
        )

    openness = comparison.row("open_weights")
    licence = comparison.row("license")
    items.append(
        (
            f"Can I download and run {a.name} or {b.name} myself?",
            f"{a.name}: {_openness(openness.a, licence.a_text)}. "
            f"{b.name}: {_openness(openness.b, licence.b_text)}.",
        )
    )

    workload = default_workload(comparison)
    cost_a, cost_b = monthly_cost(a, workload), monthly_cost(b, workload)
    items.append(
        (
            f"What would {a.name} and {b.name} cost for {workload.describe()} a month?",
            f"{a.name}: {cost_a.summary()}. {b.name}: {cost_b.summary()}. "
            "Standard rates of each model's default offer; change the numbers in the calculator.",
        )
    )
    return items


def _answer(comparison: Comparison, row: Row, *, win: str, tie: str) -> str:
    """Both values in the table's words, then who is ahead, a tie, or why neither is."""
    text = f"{comparison.a.name}: {row.a_text}. {comparison.b.name}: {row.b_text}."
    sides = _sides(row)
    if sides:
        return f"{text} {win.format(winner=_facts(comparison, sides[0]).name)}"
    if row.outcome is Outcome.TIE:
        return f"{text} {tie}"
    return f"{text} {row.reason_text}."


def _openness(value: Value, licence: str) -> str:
    flag = _flag(value)
    if flag is None:
        return f"whether the weights are published is unknown (licence: {licence})"
    if flag:
        return f"yes, its weights are published (licence: {licence})"
    return f"no, its weights are not published (licence: {licence})"


@dataclass(frozen=True, kw_only=True)
class Source:
    number: int
    url: str
    checked_on: date | None
    used_for: tuple[str, ...]
    record: str = ""  # the dataset record (a file or key) when the URL is the whole dataset


def sources(comparison: Comparison) -> tuple[list[Source], dict[tuple[str, str], int]]:
    """A numbered list of every source cited in the table, and which cell cites which."""
    numbers: dict[tuple[str, date | None, str], int] = {}
    used: dict[int, dict[str, list[str]]] = {}
    cells: dict[tuple[str, str], int] = {}
    for row in comparison.rows:
        for side, facts, value in (("a", comparison.a, row.a), ("b", comparison.b, row.b)):
            if not value.known or not value.source_url:
                continue
            record = value.source_record if value.source_record not in value.source_url else ""
            key = (value.source_url, value.checked_on, record)
            number = numbers.setdefault(key, len(numbers) + 1)
            used.setdefault(number, {}).setdefault(facts.name, []).append(row.metric.label.lower())
            cells[(row.metric.key, side)] = number
    listed = [
        Source(
            number=number,
            url=url,
            checked_on=checked,
            used_for=tuple(f"{name}: {', '.join(labels)}" for name, labels in used[number].items()),
            record=record,
        )
        for (url, checked, record), number in numbers.items()
    ]
    return listed, cells


def short_verdict(comparison: Comparison) -> str:
    """The verdict in a few words, without repeating both names."""
    verdict = comparison.verdict
    if not verdict.same_job:
        return "not directly comparable, they do different jobs"
    if verdict.comparable == 0:
        return "not enough data to compare them"
    if verdict.leader is None:
        return f"level across {verdict.comparable} comparable categories"
    wins = verdict.a_wins if verdict.leader is Outcome.A else verdict.b_wins
    return f"{comparison.name(verdict.leader)} leads {wins} of {verdict.comparable} categories"


def meta_description(comparison: Comparison, limit: int = 160) -> str:
    """Both models, their creators and the verdict, in under `limit` characters."""
    a, b = comparison.a, comparison.b
    pair = f"{a.name} ({a.creator}) vs {b.name} ({b.creator})"
    candidates = [
        f"{pair}: {comparison.verdict.headline}. Sourced prices, specs and arena scores.",
        f"{pair}: {short_verdict(comparison)}. Sourced prices, specs and arena scores.",
        f"{pair}: {short_verdict(comparison)}.",
    ]
    for text in candidates:
        if len(text) < limit:
            return text
    return candidates[-1][: limit - 2].rsplit(" ", 1)[0] + "…"


def faq_jsonld(items: list[tuple[str, str]]) -> dict[str, object]:
    """FAQPage structured data: the visible questions and answers, word for word."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            }
            for question, answer in items
        ],
    }
