"""Benchmark names, modes and sources read the same whichever dataset spells them (no database)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.importers import aider, llm_stats, lmarena
from catalog.importers.benchmarks import AIDER_POLYGLOT, benchmark_for, family_and_rest
from catalog.importers.models_dev_benchmarks import measured_by


@pytest.mark.parametrize(
    "spelling", ["SWE-Bench Verified", "SWE-bench Verified", "SWE Bench Verified"]
)
def test_spellings_of_one_benchmark_meet_on_one_board(spelling):
    board = benchmark_for(spelling)
    assert (board.slug, board.family, board.variant) == (
        "swe-bench-verified",
        "SWE-bench",
        "Verified",
    )
    assert board.scale_max == Decimal(100)


def test_a_split_or_harness_is_part_of_the_variant_and_the_name():
    board = benchmark_for("SWE-Bench Pro", extra=("hard-aa", "Claude Code"))
    assert board.variant == "Pro, hard-aa, Claude Code"
    assert board.name == "SWE-bench Pro (hard-aa, Claude Code)"
    assert board.slug != benchmark_for("SWE-Bench Pro", extra=("public",)).slug


def test_an_unknown_family_keeps_its_name_and_aider_polyglot_is_the_coding_board():
    assert family_and_rest("Claw-eval") == ("Claw-eval", "")
    assert family_and_rest("MMMU (val)") == family_and_rest("MMMUval")
    assert benchmark_for("Aider Polyglot") == AIDER_POLYGLOT
    assert AIDER_POLYGLOT.designation == "coding"


@pytest.mark.parametrize(
    ("source", "lab", "expected"),
    [
        ("https://aider.chat/docs/leaderboards/", "openai", "independent"),
        ("https://labs.scale.com/leaderboard/swe_bench_pro_public", "openai", "independent"),
        ("https://huggingface.co/deepseek-ai/DeepSeek-V3.2", "deepseek", "lab"),
        ("https://www.anthropic.com/news/claude-opus-4-5", "anthropic", "lab"),
        ("https://www.anthropic.com/news/claude-opus-4-8", "google", "independent"),
    ],
)
def test_who_measured_a_models_dev_score_follows_its_source(source, lab, expected):
    assert measured_by(source, lab) == expected


@pytest.mark.parametrize(
    ("label", "entry", "raw_id"),
    [
        ("gpt-5 (high)", {"reasoning_effort": "high"}, "gpt-5-high"),
        ("o3-mini (high)", {}, "o3-mini-high"),
        ("claude-sonnet-4-20250514 (32k thinking)", {"thinking_tokens": 32000}, None),
        ("gemini-2.5-flash-preview-05-20 (24k think)", {"thinking_tokens": 24576}, None),
        ("claude-opus-4-20250514 (no think)", {}, "claude-opus-4-20250514-no-thinking"),
        ("DeepSeek V3 (0324)", {}, "DeepSeek V3-0324"),
        ("gemini-exp-1206 (whole)", {}, "gemini-exp-1206"),
        ("Qwen3 235B A22B diff, no think, Alibaba API", {}, "Qwen3 235B A22B diff"),
    ],
)
def test_aider_labels_become_ids_with_their_mode(label, entry, raw_id):
    name = aider.model_name(label, entry)
    if raw_id is None:
        assert name.endswith(("-thinking-32k", "-thinking-24k"))
    else:
        assert name == raw_id


POLYGLOT = """\
- dirname: 2025-08-23-15-47-21--gpt-5-high
  model: gpt-5 (high)
  reasoning_effort: high
  pass_rate_1: 52.0
  pass_rate_2: 88.0
  command: aider --model openai/gpt-5
  date: 2025-08-23
- dirname: 2025-06-27-23-53-57--o3-arch
  model: o3 (high) + gpt-4.1
  editor_model: gpt-4.1
  pass_rate_2: 78.2
  date: 2025-06-27
"""
EDIT = """\
- dirname: 2024-05-01-20-05-59--direct-opus
  model: claude-3-opus-20240229
  pass_rate_2: 68.4
  date: 2024-05-01
- dirname: 2024-12-21-22-06-01--polyglot-o1-mini-whole
  model: o1-mini-2024-09-12
  pass_rate_2: 27.1
  date: 2024-12-21
"""


def test_aider_files_give_one_listing_a_run_and_skip_pairs_of_models(tmp_path):
    (tmp_path / "polyglot_leaderboard.yml").write_text(POLYGLOT)
    (tmp_path / "edit_leaderboard.yml").write_text(EDIT)
    batch = aider.parse(tmp_path, None)
    assert batch.read == 4
    assert batch.dataset_date == date(2025, 8, 23)
    lines = {listing.raw_id: listing.scores[0] for listing in batch.listings}
    assert lines["gpt-5-high"].value == Decimal("88.00")
    assert lines["gpt-5-high"].benchmark.slug == "aider-polyglot"
    assert lines["gpt-5-high"].measured_on == date(2025, 8, 23)
    assert lines["claude-3-opus-20240229"].benchmark.slug == "aider-code-editing"
    # The edit file's last run was a polyglot run.
    assert lines["o1-mini-2024-09-12"].benchmark.slug == "aider-polyglot"
    assert [reason for reason, *_ in batch.unmapped] == [aider.PAIR]


def write_llm_stats(root: Path, org: str, model_id: str, metrics: list[str]) -> None:
    folder = root / "models" / org / model_id
    folder.mkdir(parents=True)
    (folder / "model.json").write_text(
        '{"name": "Claude 3.7 Sonnet", "qualitative_metrics": [' + ",".join(metrics) + "]}"
    )


def metric(name: str, score: str, *, self_reported: bool = True, method: str = "") -> str:
    return (
        f'{{"dataset_name": "{name}", "score": {score}, '
        f'"is_self_reported": {"true" if self_reported else "false"}, '
        f'"analysis_method": "{method}", "date_recorded": "2025-02-24", '
        '"source_link": "https://www.anthropic.com/news/claude-3-7-sonnet"}'
    )


def test_llm_stats_scores_are_percentages_with_who_reported_them(tmp_path):
    write_llm_stats(
        tmp_path,
        "anthropic",
        "claude-3-7-sonnet-20250219",
        [
            metric("SWE-bench Verified", "0.703"),
            metric("GPQA", "0.848", self_reported=False, method="Diamond, extended thinking"),
            metric("CodeForces", "1977"),
            metric("FLEURS", "0.067", method="WER"),
        ],
    )
    batch = llm_stats.parse(tmp_path, None)
    (listing,) = batch.listings
    assert listing.raw_id == "claude-3-7-sonnet-20250219"
    assert listing.name == "Claude 3.7 Sonnet"
    by_board = {line.benchmark.slug: line for line in listing.scores}
    assert set(by_board) == {"swe-bench-verified", "gpqa-diamond"}
    assert by_board["swe-bench-verified"].value == Decimal("70.30")
    assert by_board["swe-bench-verified"].measured_by == "lab"
    assert by_board["gpqa-diamond"].measured_by == "independent"
    assert by_board["swe-bench-verified"].source_url.startswith("https://www.anthropic.com/")
    assert batch.skipped[llm_stats.NOT_A_FRACTION] == 1
    assert batch.skipped[llm_stats.ERROR_RATE_REASON] == 1
    assert batch.dataset_date == date(2025, 2, 24)


ARENA = """{
 "full": {"claude-opus-4-5-20251101-thinking-32k": {"rating": 1490.5, "rating_q975": 1496.1,
          "rating_q025": 1484.9}},
 "coding": {"claude-opus-4-5-20251101-thinking-32k": {"rating": 1510.25}},
 "hard_6": {"claude-opus-4-5-20251101-thinking-32k": {"rating": 1500}}
}"""


def test_every_board_of_an_arena_catalog_file_is_read_with_its_intervals(tmp_path):
    path = tmp_path / "leaderboard-text-style-control.json"
    path.write_text(ARENA)
    batch = lmarena.parse(path, date(2025, 12, 11))
    (listing,) = batch.listings  # one record a model, with every board's score
    boards = {line.benchmark.slug: line for line in listing.scores}
    assert set(boards) == {
        "lmarena-text-style-control",
        "lmarena-text-style-control-coding",
        "lmarena-text-style-control-hard-6",
    }
    overall = boards["lmarena-text-style-control"]
    assert (overall.ci_lower, overall.ci_upper) == (Decimal("1484.90"), Decimal("1496.10"))
    coding = boards["lmarena-text-style-control-coding"].benchmark
    assert coding.name == "LMArena Text (style control, coding)"
    assert (coding.family, coding.variant, coding.designation) == (
        "LMArena Text",
        "style control, coding",
        "",
    )
    assert boards["lmarena-text-style-control-hard-6"].benchmark.variant == (
        "style control, hard prompts"
    )
