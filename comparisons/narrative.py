"""The words around the table, built once from the verdict.

Pure: `narrate` turns one `Comparison` (and the visitor's workload) into one
frozen `Narrative`: headline, key differences, when to use each, the FAQ and
the meta description. Every part is written from the same decided rows, and
every number is the row's own text or its short form, so none of it can
contradict the table or the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from catalog.units import format_count, format_listed_usd, format_usd_rounded
from comparisons import materiality
from comparisons.cost import Cost, Workload, default_workload, monthly_cost
from comparisons.facts import ModelFacts, Value
from comparisons.materiality import format_ratio, worth_stating
from comparisons.metrics import (
    CAPABILITIES,
    Kind,
    default_offer,
    thinks,
    unit_words,
    with_article,
)
from comparisons.verdict import (
    CategoryResult,
    Comparison,
    Outcome,
    Row,
    join_words,
    short_verdict,
)

RELEASE_GAP_DAYS = 180
PARAMETER_RATIO = Decimal("1.5")
MIN_REASONS = 2


@dataclass(frozen=True, kw_only=True)
class Narrative:
    """Everything the page says in words about one comparison."""

    headline: str
    explanation: str
    title: str
    meta_description: str
    key_differences: tuple[str, ...]
    nothing_separates: str  # shown instead of key differences when there are none
    when_a: tuple[str, ...]
    when_b: tuple[str, ...]
    faq: tuple[tuple[str, str], ...]  # the last is the cost question (cost_faq)
    offers_note: str
    thinking_note: str
    rule: str
    workload: Workload | None
    costs: tuple[Cost, ...]

    @property
    def cost_faq(self) -> tuple[str, str]:
        """The FAQ's cost question, which the calculator updates in place."""
        return self.faq[-1]


def _facts(comparison: Comparison, side: Outcome) -> ModelFacts:
    return comparison.a if side is Outcome.A else comparison.b


def _other(side: Outcome) -> Outcome:
    return Outcome.B if side is Outcome.A else Outcome.A


def _value(row: Row, side: Outcome) -> Value:
    return row.a if side is Outcome.A else row.b


def _text(row: Row, side: Outcome) -> str:
    return row.a_text if side is Outcome.A else row.b_text


def _flag(value: Value) -> bool | None:
    return value.raw if value.known and isinstance(value.raw, bool) else None


def _row(comparison: Comparison, key: str) -> Row | None:
    return comparison.rows_by_key.get(key)


def short_number(row: Row, side: Outcome) -> str:
    """A value's number without its unit or notes, for prose: $3.50, 200,000, 1,450."""
    value = _value(row, side)
    raw = value.raw
    if not isinstance(raw, Decimal):
        return _text(row, side)
    if row.metric.kind is Kind.MONEY:
        return format_usd_rounded(raw) if value.derived else format_listed_usd(raw)
    if row.metric.kind is Kind.COUNT:
        return format_count(int(raw))
    return f"{raw.normalize():f}{'%' if value.percent else ''}"


def _pair_of_numbers(row: Row, winner: Outcome) -> str:
    """'$3.50 against $4.38 per 1M tokens (blended 3:1 input:output)'."""
    mine, theirs = short_number(row, winner), short_number(row, _other(winner))
    if row.metric.kind is Kind.MONEY:
        return f"{mine} against {theirs} {unit_words(_value(row, winner).unit)}"
    if row.metric.kind is Kind.COUNT:
        return f"{mine} tokens against {theirs}"
    return f"{mine} against {theirs}"


def _ratio_words(row: Row, word: str) -> str:
    if row.ratio is None or not worth_stating(row.ratio):
        return ""
    return f", {format_ratio(row.ratio)} {word}"


def _interval(value: Value) -> str:
    if not value.interval:
        return ""
    low, high = value.interval
    return f"{low.normalize():f}–{high.normalize():f}"


def by_intervals(row: Row) -> bool:
    """Whether a score row was read by its 95% intervals (else by the 3-point margin)."""
    return bool(row.a.interval and row.b.interval)


def _score_sentence(row: Row, winner: Outcome, name: str) -> str:
    board = _value(row, winner).unit_label
    pair = _pair_of_numbers(row, winner)
    if by_intervals(row):
        return (
            f"{name} scores higher on {board}: {pair}, and the 95% "
            f"intervals ({_interval(_value(row, winner))} and "
            f"{_interval(_value(row, _other(winner)))}) do not overlap."
        )
    margin = _value(row, winner).margin or materiality.SCORE_MARGIN
    return f"{name} scores higher on {board}: {pair}, more than {margin:f} points apart."


def score_tie_words(row: Row) -> str:
    """Why two scores count as level, by the rule that read them."""
    if by_intervals(row):
        return "The 95% intervals overlap, so the difference is not meaningful."
    margin = row.a.margin or materiality.SCORE_MARGIN
    return f"The scores are within {margin:f} points of each other, which counts as level."


def decided_sentence(comparison: Comparison, category: CategoryResult) -> str:
    """The key difference a decided category makes, with both values."""
    row = category.row
    winner = category.outcome
    name = _facts(comparison, winner).name
    if category.key == "price":
        mode = " in thinking mode" if row.metric.key == "thinking_price" else ""
        return (
            f"{name} is cheaper{mode}: {_pair_of_numbers(row, winner)}{_ratio_words(row, 'less')}."
        )
    if category.key in ("quality", "coding"):
        return _score_sentence(row, winner, name)
    if category.key == "context":
        pair = _pair_of_numbers(row, winner)
        return f"{name} takes longer inputs: {pair}{_ratio_words(row, 'more')}."
    if category.key == "output":
        return (
            f"{name} can write longer answers: {_pair_of_numbers(row, winner)}"
            f"{_ratio_words(row, 'more')}."
        )
    # capabilities: name what the winner has that the other lacks
    only = _exclusive_capabilities(comparison, winner)
    other = _facts(comparison, _other(winner)).name
    return (
        f"{name} has more of the capabilities known for both: "
        f"{join_words(only)}, which {other} lacks."
    )


def _exclusive_capabilities(comparison: Comparison, side: Outcome) -> list[str]:
    found = []
    for key, label in CAPABILITIES:
        row = _row(comparison, key)
        if row is None:
            continue
        mine, theirs = _flag(_value(row, side)), _flag(_value(row, _other(side)))
        if mine and theirs is False:
            found.append(label.lower())
    return found


def key_differences(comparison: Comparison) -> tuple[str, ...]:
    a, b = comparison.a, comparison.b
    found: list[str] = []
    if a.category != b.category:
        found.append(
            f"They do different jobs: {a.name} is {with_article(a.category_label.lower())} "
            f"model, {b.name} {with_article(b.category_label.lower())} model."
        )
    decided = [c for c in comparison.verdict.categories if c.outcome in (Outcome.A, Outcome.B)]
    found.extend(decided_sentence(comparison, category) for category in decided)
    capabilities_said = any(c.key == "capabilities" for c in decided)
    for side in (Outcome.A, Outcome.B):
        only = _exclusive_capabilities(comparison, side)
        if only and not capabilities_said:
            found.append(f"Only {_facts(comparison, side).name} supports {join_words(only)}.")
    openness = _row(comparison, "open_weights")
    if openness:
        flag_a, flag_b = _flag(openness.a), _flag(openness.b)
        if flag_a is not None and flag_b is not None and flag_a != flag_b:
            open_side = Outcome.A if flag_a else Outcome.B
            licence = _row(comparison, "license")
            licence_value = _value(licence, open_side) if licence else None
            licence_text = (
                f", under {licence_value.raw}" if licence_value and licence_value.known else ""
            )
            found.append(
                f"{_facts(comparison, open_side).name} has open weights{licence_text}; "
                f"{_facts(comparison, _other(open_side)).name} does not."
            )
    found.extend(_release_gap(comparison))
    found.extend(_parameter_gap(comparison))
    return tuple(found)


def _release_gap(comparison: Comparison) -> list[str]:
    row = _row(comparison, "release_date")
    if row is None or not (isinstance(row.a.raw, date) and isinstance(row.b.raw, date)):
        return []
    gap = (row.a.raw - row.b.raw).days
    if abs(gap) < RELEASE_GAP_DAYS:
        return []
    newer = Outcome.A if gap > 0 else Outcome.B
    months = round(abs(gap) / 30.44)
    return [
        f"{_facts(comparison, newer).name} is newer: released {months} months after "
        f"{_facts(comparison, _other(newer)).name}, on {_text(row, newer)} against "
        f"{_text(row, _other(newer))}."
    ]


def _parameter_gap(comparison: Comparison) -> list[str]:
    row = _row(comparison, "parameters")
    if row is None or not (row.a.known and row.b.known) or row.a.estimated or row.b.estimated:
        return []
    if not (isinstance(row.a.raw, Decimal) and isinstance(row.b.raw, Decimal)):
        return []
    low, high = sorted((row.a.raw, row.b.raw))
    if low <= 0 or high / low < PARAMETER_RATIO:
        return []
    bigger = Outcome.A if row.a.raw > row.b.raw else Outcome.B
    return [
        f"{_facts(comparison, bigger).name} is {format_ratio(high / low)} the size: "
        f"{_text(row, bigger)} parameters against {_text(row, _other(bigger))}. Size alone "
        "decides nothing here and is not counted."
    ]


WIN_REASONS = {
    "quality": "Output quality comes first: it scores higher on {board}, {mine} against {theirs}.",
    "coding": "You write code with it: it scores higher on {board}, {mine} against {theirs}.",
    "price": "Cost matters most: it is cheaper{mode}, {pair}.",
    "context": "You send long inputs: it takes {mine} tokens against {theirs}.",
    "output": "You need long answers: it writes up to {mine} tokens against {theirs}.",
    "capabilities": "You rely on {only}, which only it has here.",
}


def when_to_use(comparison: Comparison, side: Outcome) -> tuple[str, ...]:
    """Reasons to pick one side: at least two from the data, then any editorial line."""
    me = _facts(comparison, side)
    other = _facts(comparison, _other(side))
    reasons: list[str] = []
    if me.category != other.category:
        reasons.append(f"You need {me.category_label.lower()}: that is the job {me.name} does.")
    for category in comparison.verdict.categories:
        if category.outcome is not side:
            continue
        row = category.row
        reasons.append(
            WIN_REASONS[category.key].format(
                board=_value(row, side).unit_label,
                mine=short_number(row, side),
                theirs=short_number(row, _other(side)),
                mode=" in thinking mode" if row.metric.key == "thinking_price" else "",
                pair=_pair_of_numbers(row, side),
                only=join_words(_exclusive_capabilities(comparison, side)),
            )
        )
    said_capabilities = any(
        c.key == "capabilities" and c.outcome is side for c in comparison.verdict.categories
    )
    if not said_capabilities:
        for label in _exclusive_capabilities(comparison, side):
            reasons.append(f"You need {label}, which only {me.name} offers here.")
    openness = _row(comparison, "open_weights")
    if (
        openness
        and _flag(_value(openness, side))
        and _flag(_value(openness, _other(side))) is False
    ):
        reasons.append(
            "You want to run, inspect or fine-tune the model yourself: its weights are open."
        )
    reasons.extend(_component_reasons(comparison, side))
    reasons.extend(_level_reasons(comparison, side))
    release = _row(comparison, "release_date")
    if release:
        mine, theirs = _value(release, side).raw, _value(release, _other(side)).raw
        if (
            isinstance(mine, date)
            and isinstance(theirs, date)
            and (mine - theirs).days >= RELEASE_GAP_DAYS
        ):
            reasons.append(f"You want the newer model: released {_text(release, side)}.")
    reasons.extend(_offer_reasons(comparison, side))
    reasons.extend(_known_reasons(comparison, side))
    if len(reasons) < MIN_REASONS:
        reasons.append(
            f"You already build on {me.creator}'s models or platform: {me.name} is theirs."
        )
    if len(reasons) < MIN_REASONS:
        behind = [
            c.label.lower() for c in comparison.verdict.categories if c.outcome is _other(side)
        ]
        reasons.append(
            f"Little else in the data favours it: {other.name} is ahead on {join_words(behind)}."
            if behind
            else "Little else in the data sets it apart: too few of its values are known."
        )
    if me.best_for:
        reasons.append(f"Our editors suggest it for {join_words(list(me.best_for))}.")
    if me.deprecated:
        move = f"a move to {me.successor_name}" if me.successor_name else "a move to another model"
        reasons.append(f"Note: {me.name} is deprecated, so plan {move}.")
    return tuple(reasons)


def _component_reasons(comparison: Comparison, side: Outcome) -> list[str]:
    """A lower input or output rate, when the blended price alone does not decide it."""
    price = next((c for c in comparison.verdict.categories if c.key == "price"), None)
    if price and price.outcome is side:
        return []
    in_thinking_mode = bool(price and price.row.metric.key == "thinking_price")
    found = []
    for key, work in (("input_price", "mostly reading"), ("output_price", "mostly writing")):
        row = _row(comparison, key)
        if row is None or not (row.a.known and row.b.known) or row.a.unit != row.b.unit:
            continue
        mine, theirs = _value(row, side).raw, _value(row, _other(side)).raw
        if not (isinstance(mine, Decimal) and isinstance(theirs, Decimal)):
            continue
        if mine < theirs and not materiality.level_by_ratio(mine, theirs):
            numbers = (
                f"{short_number(row, side)} against {short_number(row, _other(side))} "
                f"{unit_words(_value(row, side).unit)}"
            )
            if in_thinking_mode:
                found.append(
                    f"You can run it without thinking and your work is {work}: its standard "
                    f"{row.metric.noun} is lower, {numbers}."
                )
            else:
                found.append(f"Your work is {work}: its {row.metric.noun} is lower, {numbers}.")
    return found


def _level_reasons(comparison: Comparison, side: Outcome) -> list[str]:
    level = [c for c in comparison.verdict.categories if c.outcome is Outcome.TIE]
    if not level:
        return []
    other = _facts(comparison, _other(side)).name
    return [f"It matches {other} on {join_words([c.label.lower() for c in level])}."]


KNOWN_REASONS = {
    "quality": "You want a measured model: it has {text}, where {other}'s score is unknown.",
    "coding": "You want a measured coder: it has {text}, where {other}'s coding score is unknown.",
    "price": "You want a listed price: {text}, where {other}'s is unknown.",
    "context": "You need a known input limit: {text}, where {other}'s is unknown.",
    "output": "You need a known output limit: {text}, where {other}'s is unknown.",
}


def _known_reasons(comparison: Comparison, side: Outcome) -> list[str]:
    """A category this side has a value for and the other does not: a fact in its favour."""
    other = _facts(comparison, _other(side)).name
    found = []
    for category in comparison.verdict.categories:
        row = category.row
        mine, theirs = _value(row, side), _value(row, _other(side))
        if (
            category.key in KNOWN_REASONS
            and mine.known
            and not mine.self_reported
            and not theirs.known
        ):
            found.append(KNOWN_REASONS[category.key].format(text=_text(row, side), other=other))
    return found


def _offer_reasons(comparison: Comparison, side: Outcome) -> list[str]:
    me, other = _facts(comparison, side), _facts(comparison, _other(side))
    mine = default_offer(me)
    theirs = default_offer(other)
    found = []
    if mine is not None and mine.by_creator and theirs is not None and not theirs.by_creator:
        found.append(f"You want to buy from the model's maker: {me.creator} sells it directly.")
    hosts_me, hosts_other = len(me.offers), len(other.offers)
    if hosts_me > hosts_other and hosts_me >= 2:
        found.append(
            f"You want a choice of hosts: {hosts_me} sell it, against {hosts_other} for "
            f"{other.name}."
        )
    return found


def thinking_note(comparison: Comparison) -> str:
    """What a reader must know about thinking tokens, for the models that think."""
    thinkers = [facts.name for facts in (comparison.a, comparison.b) if thinks(facts)]
    if not thinkers:
        return ""
    subject = join_words(thinkers)
    verb = "thinks" if len(thinkers) == 1 else "think"
    return (
        f"{subject} {verb} before answering. Thinking tokens are billed as output tokens, at a "
        "host's thinking-mode rate where it lists one, so a long chain of thought costs like a "
        "long answer; the calculator takes the share of output that is thinking."
    )


def offers_note(comparison: Comparison) -> str:
    """Which offer each side's compared values come from."""
    parts = []
    for facts in (comparison.a, comparison.b):
        offer = default_offer(facts)
        if offer is None:
            parts.append(f"{facts.name} has no current offer")
        elif offer.by_creator:
            parts.append(f"{facts.name} as sold by {offer.host}")
        else:
            sells = any(own.by_creator for own in facts.offers)
            why = "lists no standard price for it" if sells else "does not sell it"
            parts.append(
                f"{facts.name} via {offer.host}, its cheapest host, as {facts.creator} {why}"
            )
    return "Each model's price and limits come from one offer: " + "; ".join(parts) + "."


def _answer(comparison: Comparison, row: Row, *, win: str, tie: str) -> str:
    """Both values in the table's words, then who is ahead, a tie, or why neither is."""
    text = f"{comparison.a.name}: {row.a_text}. {comparison.b.name}: {row.b_text}."
    if row.outcome in (Outcome.A, Outcome.B):
        return f"{text} {win.format(winner=_facts(comparison, row.outcome).name)}"
    if row.outcome is Outcome.TIE:
        return f"{text} {tie}"
    return f"{text} {row.reason_text}."


def _openness(value: Value, licence: str) -> str:
    flag = _flag(value)
    if flag is None:
        return f"whether the weights are published is unknown; licence: {licence}"
    if flag:
        return f"yes, its weights are published under {licence}"
    return f"no, its weights are not published; licence: {licence}"


def faq(
    comparison: Comparison,
    headline: str,
    explanation: str,
    workload: Workload,
    costs: tuple[Cost, ...],
) -> tuple[tuple[str, str], ...]:
    """Questions and answers written from the same rows as the table."""
    a, b = comparison.a, comparison.b
    items = [(f"Which is better, {a.name} or {b.name}?", f"{headline}. {explanation}".strip())]
    price_category = next((c for c in comparison.verdict.categories if c.key == "price"), None)
    price = price_category.row if price_category else comparison.row("price")
    factor = (
        f", by {format_ratio(price.ratio)}"
        if price.ratio is not None and worth_stating(price.ratio)
        else ""
    )
    mode = " in thinking mode" if price.metric.key == "thinking_price" else ""
    items.append(
        (
            f"How does {a.name}'s pricing compare with {b.name}'s?",
            _answer(
                comparison,
                price,
                win="{winner} is cheaper" + mode + factor + ".",
                tie="They cost about the same: the difference is under 10%, which counts as level.",
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
                    tie="Their limits are within 10% of each other, which counts as level.",
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
                    win="{winner} is ahead and the 95% intervals do not overlap."
                    if by_intervals(arena)
                    else "{winner} is ahead by more than "
                    + f"{arena.a.margin or materiality.SCORE_MARGIN:f} points.",
                    tie=score_tie_words(arena),
                ),
            )
        )
    coding = _row(comparison, "coding")
    if coding:
        items.append(
            (
                f"Which is better at coding, {a.name} or {b.name}?",
                _answer(
                    comparison,
                    coding,
                    win="{winner} scores higher and the 95% intervals do not overlap."
                    if by_intervals(coding)
                    else "{winner} scores higher, by more than "
                    + f"{coding.a.margin or materiality.SCORE_MARGIN:f} points.",
                    tie=score_tie_words(coding),
                ),
            )
        )
    note = thinking_note(comparison)
    if note:
        items.append((f"How is thinking billed for {join_words([a.name, b.name])}?", note))
    openness = comparison.row("open_weights")
    licence = comparison.row("license")
    items.append(
        (
            f"Can I download and run {a.name} or {b.name} myself?",
            f"{a.name}: {_openness(openness.a, licence.a_text)}. "
            f"{b.name}: {_openness(openness.b, licence.b_text)}.",
        )
    )
    items.append(cost_question(comparison, workload, costs))
    return tuple(items)


def cost_question(
    comparison: Comparison, workload: Workload, costs: tuple[Cost, ...]
) -> tuple[str, str]:
    """The FAQ's cost answer for the workload it names (the calculator's, when set)."""
    a, b = comparison.a, comparison.b
    return (
        f"What would {a.name} and {b.name} cost for {workload.describe()} a month?",
        " ".join(f"{cost.model}: {cost.summary()}." for cost in costs)
        + " At each model's default offer; change the numbers in the calculator.",
    )


def meta_description(comparison: Comparison, headline: str, title: str, limit: int = 160) -> str:
    """Both models, their creators and the verdict, in under `limit` characters."""
    a, b = comparison.a, comparison.b
    pair = f"{a.name} ({a.creator}) vs {b.name} ({b.creator})"
    candidates = [
        f"{pair}: {headline}. Sourced prices, specs and arena scores.",
        f"{pair}: {title}. Sourced prices, specs and arena scores.",
        f"{pair}: {title}.",
    ]
    for text in candidates:
        if len(text) < limit:
            return text
    return candidates[-1][: limit - 2].rsplit(" ", 1)[0] + "…"


def pair_workload(comparison: Comparison) -> Workload:
    """The default workload for a pair: it fits both models' categories."""
    categories = {comparison.a.category, comparison.b.category}
    thinking = any(thinks(facts) for facts in (comparison.a, comparison.b))
    return default_workload(categories, thinking=thinking)


def narrate(comparison: Comparison, workload: Workload | None = None) -> Narrative:
    """The page's words, once. `workload` is the visitor's; None when their numbers are
    invalid (the FAQ then uses the default workload and says so by naming it)."""
    verdict = comparison.verdict
    names = {Outcome.A: comparison.a.name, Outcome.B: comparison.b.name}
    title = short_verdict(verdict, names)
    priced = workload if workload is not None else pair_workload(comparison)
    costs = (monthly_cost(comparison.a, priced), monthly_cost(comparison.b, priced))
    differences = key_differences(comparison)
    nothing = ""
    if not differences:
        nothing = f"Nothing we can compare separates them. {materiality.RULE}"
    return Narrative(
        headline=verdict.headline,
        explanation=verdict.explanation,
        title=title,
        meta_description=meta_description(comparison, verdict.headline, title),
        key_differences=differences,
        nothing_separates=nothing,
        when_a=when_to_use(comparison, Outcome.A),
        when_b=when_to_use(comparison, Outcome.B),
        faq=faq(comparison, verdict.headline, verdict.explanation, priced, costs),
        offers_note=offers_note(comparison),
        thinking_note=thinking_note(comparison),
        rule=materiality.RULE,
        workload=workload,
        costs=costs if workload is not None else (),
    )


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
