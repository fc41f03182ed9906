"""What one import did, for the command's report: counts, coverage and skipped records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

KINDS = ("providers", "models", "offers", "prices", "scores", "benchmarks")


@dataclass
class Summary:
    dataset: str
    read: int
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    retired: Counter[str] = field(default_factory=Counter)
    discrepancies: int = 0
    settled: int = 0  # open discrepancies of this dataset it no longer raises, removed
    skipped: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    # Coverage: the records the source's figure counts, those placed on a model, and
    # every one that was not, as (reason, source id, record id).
    universe: str = "records"
    counted: int = 0
    mapped: int = 0
    unmapped: list[tuple[str, str, str]] = field(default_factory=list)
    run_id: int | None = None  # the ImportRun row that keeps this report

    @property
    def share(self) -> float:
        return self.mapped / self.counted if self.counted else 1.0

    def coverage_lines(self, limit: int = 6) -> list[str]:
        if not self.counted:
            return []
        rows = [
            f"  {self.counted:,} {self.universe}: {self.mapped:,} mapped to a model "
            f"({self.share:.1%}), {len(self.unmapped):,} skipped"
        ]
        reasons = Counter(reason for reason, _, _ in self.unmapped)
        for reason, count in reasons.most_common(limit):
            shown = [record for r, _, record in self.unmapped if r == reason][:3]
            rows.append(f"    {count:>6,}  {reason} (e.g. {', '.join(shown)})")
        if len(reasons) > limit:
            rows.append(f"    ... and {len(reasons) - limit} more reasons")
        return rows

    @property
    def changed(self) -> bool:
        changes = sum(self.created.values()) + sum(self.updated.values())
        return bool(changes + sum(self.retired.values()) + self.discrepancies + self.settled)

    def skip(self, reason: str, example: str) -> None:
        self.skipped[reason] += 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < 3:
            shown.append(example)

    def lines(self) -> list[str]:
        rows = [f"{self.read:,} entries read from {self.dataset}", *self.coverage_lines()]
        for kind in KINDS:
            total = self.created[kind] + self.updated[kind] + self.unchanged[kind]
            if total or self.retired[kind]:
                retired = f" {self.retired[kind]:>6,} ended" if self.retired[kind] else ""
                rows.append(
                    f"  {kind:<11} {self.created[kind]:>6,} created {self.updated[kind]:>6,} "
                    f"updated {self.unchanged[kind]:>6,} unchanged{retired}"
                )
        if self.discrepancies:
            rows.append(f"  {self.discrepancies:,} discrepancies recorded for editors to review")
        if self.settled:
            rows.append(
                f"  {self.settled:,} discrepancies removed: the dataset agrees now, "
                "or no longer lists the value"
            )
        if self.skipped:
            rows.append(f"  {sum(self.skipped.values()):,} values left out; top reasons:")
            for reason, count in self.skipped.most_common(6):
                shown = ", ".join(self.examples.get(reason, []))
                rows.append(f"    {count:>6,}  {reason}" + (f" (e.g. {shown})" if shown else ""))
        return rows
