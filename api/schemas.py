"""The shapes of the API's answers, from which the OpenAPI schema is written.

Money is a decimal string with its currency and unit, never a float; dates are
ISO 8601; a value that may be missing says which of its four states it is in.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Schema
from pydantic import Field

State = Literal["known", "unknown", "not applicable", "not disclosed"]
Outcome = Literal["a", "b", "tie", "not comparable", "informational"]


class ErrorDetail(Schema):
    field: str = Field(description="The query parameter at fault, or an empty string.")
    message: str


class Error(Schema):
    status: int
    error: str = Field(description='The status in words: "Bad request", "Not found".')
    detail: str
    errors: list[ErrorDetail] = []


class Dissent(Schema):
    """Another source's value where it differs from the one shown."""

    text: str
    source: str
    dated: date | None
    shown_text: str
    shown_source: str
    shown_dated: date | None


class Fact(Schema):
    """One value of one model, with where it came from."""

    state: State
    value: bool | str | list[str] | None = Field(
        description="Numbers and money as decimal strings, dates as ISO 8601."
    )
    text: str = Field(description="The value in the pages' words.")
    unit: str = Field(
        description="What the value is in, where two values are compared only in the same "
        'one: a price\'s "component:unit", a score\'s benchmark, "" for a plain count.'
    )
    source_url: str
    checked_on: date | None
    estimated: bool
    derived: bool = Field(description="Worked out from listed prices, not listed as it is.")
    self_reported: bool = Field(description="Measured by the model's own maker.")
    interval: list[str] | None = Field(description="The 95% interval, as decimal strings.")
    votes: int | None
    measured_on: date | None
    note: str
    dissent: list[Dissent]


class Money(Schema):
    amount: str = Field(
        description="Exact, as a decimal string (a total is not rounded)", examples=["2.5"]
    )
    currency: Literal["USD"]
    text: str = Field(description="As the pages write it, rounded as they round it: $40.00")


class Price(Schema):
    component: str
    component_label: str
    unit: str
    price: Money
    text: str = Field(description='"$3.00 per 1M input tokens"')
    condition: str = Field(description='"" for the standard rate, else e.g. "batch"')
    effective_from: date
    effective_from_known: bool = Field(
        description="False when effective_from is only when a dataset first listed it."
    )
    source_url: str
    checked_on: date
    dissent: list[Dissent]


class Offer(Schema):
    host: str
    host_slug: str
    by_creator: bool
    context_window: int | None
    max_output_tokens: int | None
    prices: list[Price]


class HistoricPrice(Schema):
    host: str
    host_slug: str
    component: str
    unit: str
    price: Money
    text: str
    condition: str
    effective_from: date
    ends_on: date | None
    status: Literal["current", "upcoming", "history"]
    source_url: str
    checked_on: date


class ProviderRef(Schema):
    slug: str
    name: str


class ModelRef(Schema):
    slug: str
    name: str
    category: str
    status: Literal["active", "deprecated"]
    creator: ProviderRef
    url: str
    api_url: str


class ModelSummary(ModelRef):
    category_label: str
    release_date: date | None
    open_weights: bool | None
    context_window: int | None
    headline_price: Fact


class ModelPage(Schema):
    results: list[ModelSummary]
    count: int = Field(description="Models matching the filters, on every page.")
    next_cursor: str | None
    next: str | None = Field(description="The address of the next page, or null.")


class Spec(Schema):
    key: str
    label: str
    fact: Fact


class Measured(Schema):
    """One score: its value, its 95% interval when the board gives one, and its source."""

    condition: str = Field(description='The mode the model ran in; "" by default.')
    value: str
    ci_lower: str | None
    ci_upper: str | None
    votes: int | None
    measured_on: date
    measured_by: Literal["independent", "lab"]
    source_url: str


class Score(Measured):
    benchmark: str
    benchmark_slug: str
    unit: str = Field(description='What the value counts: "arena score", "percent", ...')
    checked_on: date
    rank: int | None = Field(description="Its rank on the board, when it is the one ranked.")
    board_size: int | None


class Modalities(Schema):
    input: list[str] = Field(description="What it reads: text, image, audio, ...")
    output: list[str]
    source_url: str
    checked_on: date | None


class ModelDetail(ModelRef):
    category_label: str
    description: str
    modalities: Modalities
    successor: ModelRef | None
    data_date: date | None = Field(description="The newest date of the data shown.")
    specs: list[Spec]
    headline_price: Fact
    offers: list[Offer]
    price_history: list[HistoricPrice]
    scores: list[Score]


class ProviderSummary(Schema):
    slug: str
    name: str
    kind: str
    website: str
    url: str
    api_url: str
    models_made: int


class ProviderDetail(ProviderSummary):
    description: str
    made: list[ModelRef]
    hosted: list[ModelRef]


class Standing(Measured):
    rank: int
    model: str
    slug: str
    creator: str
    deprecated: bool


class BenchmarkSummary(Schema):
    slug: str
    name: str
    category: str
    unit: str
    higher_is_better: bool
    url: str
    api_url: str


class Leaderboard(BenchmarkSummary):
    description: str
    standings: list[Standing]


class Row(Schema):
    key: str
    label: str
    group: str
    a: Fact
    b: Fact
    outcome: Outcome
    direction: str = Field(description='"higher is better", "lower is better", ...')
    result_text: str = Field(description="The table's result column, word for word.")
    reason: str | None = Field(description="Why no side wins, when it is not comparable.")
    reason_text: str
    ratio: str | None = Field(description="a's value over b's, to 4 decimal places.")
    decides: str = Field(description="The verdict category this row decides, if any.")


class Category(Schema):
    key: str
    label: str
    metric: str
    outcome: Outcome
    comparable: bool


class Verdict(Schema):
    same_job: bool
    leader: Outcome | None
    a_wins: int
    b_wins: int
    ties: int
    comparable: int
    headline: str
    explanation: str
    categories: list[Category]


class Question(Schema):
    question: str
    answer: str


class CostLine(Schema):
    part: str
    price_text: str
    cost: Money
    note: str


class Cost(Schema):
    model: str
    host: str
    total: Money | None = Field(description="Null when part of the workload has no price.")
    summary: str
    unpriced: list[str]
    lines: list[CostLine]
    notes: list[str]


class Source(Schema):
    number: int
    url: str
    checked_on: date | None
    record: str
    used_for: list[str]


class Comparison(Schema):
    a: ModelRef
    b: ModelRef
    url: str
    on: date
    data_date: date | None
    title: str
    verdict: Verdict
    rows: list[Row]
    benchmarks_left_out: int
    key_differences: list[str]
    nothing_separates: str
    when_a: list[str]
    when_b: list[str]
    faq: list[Question]
    workload: str
    costs: list[Cost]
    sources: list[Source]


class Ranked(Schema):
    rank: int = Field(description="1 for the cheapest; 0 for a model no host fully prices.")
    model: ModelRef
    cost: Cost
    quality: Fact


class Ranking(Schema):
    category: str
    workload: str
    quality_board: str
    considered: int = Field(description="Models of the category, before the criteria.")
    priced: int = Field(description="Models ranked: some host prices the whole workload.")
    total: int = Field(description="Models meeting the criteria, priced or not.")
    page: int
    pages: int
    ranked: list[Ranked]
    unpriced: list[Ranked]


class Change(Schema):
    day: date
    kind: str
    kind_label: str
    model: str
    model_slug: str
    creator: str
    title: str
    detail: str
    source_url: str
    key: str


class Changes(Schema):
    page: int
    has_next: bool
    results: list[Change]
