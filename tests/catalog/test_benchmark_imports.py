"""Benchmarks as data: every source's scores through the identity layer, side by side."""

import io
import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction

from catalog.models import AIModel, Benchmark, Discrepancy, ImportRun, Score
from tests.factories import AIModelFactory, BenchmarkFactory, ScoreFactory

pytestmark = pytest.mark.django_db

LAB_FILE = """\
name = "GPT-5"
family = "gpt"
release_date = "2025-08-07"
[limit]
context = 400_000
output = 128_000
[modalities]
input = ["text", "image"]
output = ["text"]

[[benchmarks]]
name = "Aider Polyglot"
score = 88.0
metric = "percent correct"
source = "https://aider.chat/docs/leaderboards/"
date = "2025-08-23"

[[benchmarks]]
name = "SWE-Bench Pro"
score = 41.78
metric = "resolve rate"
dataset = "public"
source = "https://labs.scale.com/leaderboard/swe_bench_pro_public"

[[benchmarks]]
name = "Terminal-Bench"
version = "2.1"
score = 70.6
metric = "pass@1"
harness = "Codex"
variant = "high"
source = "https://artificialanalysis.ai/agents/coding-agents"

[[benchmarks]]
name = "SWE-Bench Verified"
score = 74.9
source = "https://openai.com/index/introducing-gpt-5/"
"""
POLYGLOT = """\
- dirname: 2025-08-23-15-47-21--gpt-5-high
  model: gpt-5 (high)
  reasoning_effort: high
  pass_rate_2: 88.0
  date: 2025-08-23
- dirname: 2025-08-23-15-47-21--gpt-5-low
  model: gpt-5 (low)
  reasoning_effort: low
  pass_rate_2: 81.3
  date: 2025-08-23
- dirname: 2025-08-23-15-47-21--gpt-5-plain
  model: gpt-5
  pass_rate_2: 86.0
  date: 2025-08-23
- dirname: 2025-01-01-00-00-00--mystery
  model: Mystery Model 9000
  pass_rate_2: 12.0
  date: 2025-01-01
"""
LLM_STATS = """{"name": "GPT-5", "qualitative_metrics": [
 {"dataset_name": "SWE-bench Verified", "score": 0.749, "is_self_reported": true,
  "analysis_method": "", "date_recorded": "2025-08-07",
  "source_link": "https://openai.com/index/introducing-gpt-5/"},
 {"dataset_name": "GPQA", "score": 0.871, "is_self_reported": false,
  "analysis_method": "Diamond", "date_recorded": "2025-08-10",
  "source_link": "https://example.org/gpqa-run"}
]}"""
ARENA = """{
 "full": {"gpt-5-high": {"rating": 1440.2, "rating_q975": 1446.0, "rating_q025": 1434.4}},
 "coding": {"gpt-5-high": {"rating": 1465.8, "rating_q975": 1473.0, "rating_q025": 1458.6}}
}"""


def data_folder(root: Path) -> Path:
    files = {
        "models.dev/models/openai/gpt-5.toml": LAB_FILE,
        "models.dev/providers/openai/provider.toml": 'name = "OpenAI"\n',
        "models.dev/providers/openai/models/gpt-5.toml": (
            'base_model = "openai/gpt-5"\n[cost]\ninput = 1.25\noutput = 10\n'
        ),
        "aider/polyglot_leaderboard.yml": POLYGLOT,
        "llm-stats/models/openai/gpt-5/model.json": LLM_STATS,
        "arena/lmarena-arena-catalog/leaderboard-text.json": ARENA,
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def refresh(folder: Path) -> str:
    out = io.StringIO()
    call_command("refresh_catalog", str(folder), lmarena_date=date(2025, 12, 11), stdout=out)
    return out.getvalue()


def scores(benchmark: str) -> list[tuple[str, str, str, Decimal]]:
    return sorted(
        Score.objects.filter(model__slug="gpt-5", benchmark__slug=benchmark).values_list(
            "dataset", "condition", "measured_by", "value"
        )
    )


class TestEverySource:
    @pytest.fixture(autouse=True)
    def imported(self, tmp_path):
        self.output = refresh(data_folder(tmp_path))

    def test_scores_land_on_the_model_with_their_mode_and_source(self):
        assert scores("aider-polyglot") == [
            ("aider", "", "independent", Decimal("86.00")),
            ("aider", "high reasoning effort", "independent", Decimal("88.00")),
            ("aider", "low reasoning effort", "independent", Decimal("81.30")),
            ("models-dev", "", "independent", Decimal("88.00")),
        ]
        terminal = Score.objects.get(benchmark__slug="terminal-bench-2-1-codex")
        assert terminal.condition == "high reasoning effort"
        assert terminal.source_url == "https://artificialanalysis.ai/agents/coding-agents"
        assert terminal.benchmark.family == "Terminal-Bench"
        assert terminal.benchmark.variant == "2.1, Codex"
        polyglot = Benchmark.objects.get(slug="aider-polyglot")
        assert (polyglot.designation, polyglot.scale_max) == ("coding", Decimal(100))

    def test_the_same_score_from_two_sources_is_kept_side_by_side(self):
        assert scores("swe-bench-verified") == [
            ("llm-stats", "", "lab", Decimal("74.90")),
            ("models-dev", "", "lab", Decimal("74.90")),
        ]
        gpqa = Score.objects.get(benchmark__slug="gpqa-diamond")
        assert (gpqa.measured_by, gpqa.measured_on) == ("independent", date(2025, 8, 10))
        assert gpqa.source_url == "https://example.org/gpqa-run"

    def test_the_arena_file_gives_every_board_and_the_verdicts_board_is_designated(self):
        overall = Score.objects.get(benchmark__slug="lmarena-text")
        assert (overall.condition, overall.ci_lower, overall.ci_upper) == (
            "high reasoning effort",
            Decimal("1434.40"),
            Decimal("1446.00"),
        )
        assert overall.benchmark.designation == "quality"
        coding = Benchmark.objects.get(slug="lmarena-text-coding")
        assert (coding.family, coding.variant, coding.designation) == (
            "LMArena Text",
            "coding",
            "",
        )
        assert coding.scale_max is None

    def test_a_name_no_model_has_is_reported_unmapped(self):
        run = ImportRun.objects.get(dataset="aider")
        assert [record.record_id for record in run.unmapped.all()] == ["Mystery Model 9000"]
        assert "aider" in self.output

    def test_a_second_run_of_the_same_data_changes_nothing(self, tmp_path):
        before = Score.objects.count(), list(Discrepancy.objects.values_list("field", "dataset"))
        refresh(data_folder(tmp_path / "again"))
        after = Score.objects.count(), list(Discrepancy.objects.values_list("field", "dataset"))
        assert after == before
        # models.dev's undated-mode 88.0 is aider's run at high effort; aider's default
        # run scored 86.0, and an editor is shown that the two disagree.
        assert before[1] == [("score on aider-polyglot", "aider")]


def test_two_datasets_that_disagree_are_kept_and_shown_to_editors(tmp_path):
    folder = data_folder(tmp_path)
    stats = folder / "llm-stats/models/openai/gpt-5/model.json"
    stats.write_text(stats.read_text().replace('"score": 0.749', '"score": 0.721'))
    refresh(folder)
    assert [value for *_, value in scores("swe-bench-verified")] == [
        Decimal("72.10"),
        Decimal("74.90"),
    ]
    disagreement = Discrepancy.objects.get(field="score on swe-bench-verified")
    assert disagreement.kind == "source_conflict"
    assert disagreement.dataset == "llm-stats"
    assert disagreement.current_value == "74.9 (models-dev)"
    assert disagreement.imported_value == "72.1"


def test_an_import_never_writes_beside_an_editors_score_of_the_same_date():
    model = AIModelFactory(slug="gpt-5", name="GPT-5")
    board = BenchmarkFactory()
    ScoreFactory(model=model, benchmark=board, value=1300, measured_on=date(2025, 12, 11))
    from catalog.importers.records import Batch, ScoreRecord
    from catalog.importers.writer import Writer

    batch = Batch(dataset="lmarena", dataset_date=date(2025, 12, 11), dataset_url="")
    batch.scores.append(
        ScoreRecord("gpt-5", board_record(), Decimal("1440"), None, None, None, "row 1")
    )
    Writer(batch, today=date(2025, 12, 12)).run()
    assert Score.objects.filter(model=model).count() == 1
    assert Discrepancy.objects.get().kind == "editor_value"


def board_record():
    from catalog.importers.lmarena import BOARDS

    return BOARDS["text"]


def test_one_designated_quality_board_per_category():
    BenchmarkFactory()
    with transaction.atomic(), pytest.raises(IntegrityError):
        BenchmarkFactory(slug="another", name="Another", designation="quality")
    BenchmarkFactory(slug="coding", name="Coding", designation="coding")
    assert Benchmark.objects.filter(designation="").count() == 0


def test_a_score_per_dataset_but_one_per_dataset():
    score = ScoreFactory()
    ScoreFactory(
        model=score.model, benchmark=score.benchmark, measured_on=score.measured_on, dataset="x"
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        ScoreFactory(
            model=score.model,
            benchmark=score.benchmark,
            measured_on=score.measured_on,
            dataset="x",
        )


DATA = Path(os.environ.get("VERSUS_SHARED_DATA", settings.BASE_DIR.parent / "shared" / "data"))


@pytest.mark.skipif(
    not (DATA / "aider").is_dir() or not (DATA / "llm-stats").is_dir(),
    reason=f"the shared public catalogs are not at {DATA}",
)
def test_the_real_benchmark_files_import_through_the_identity_layer():
    call_command(
        "refresh_catalog",
        str(DATA),
        lmarena_date=date(2025, 12, 11),
        lmarena_csv_date=date(2025, 8, 4),
        litellm_date=date(2026, 7, 24),
        stdout=io.StringIO(),
    )
    for dataset in ("aider", "llm-stats"):
        run = ImportRun.objects.get(dataset=dataset)
        assert run.share >= 0.9, dataset
    text = AIModel.objects.published().filter(category="text_generation")
    assert text.filter(scores__benchmark__slug="lmarena-text").distinct().count() >= 150
    assert text.filter(scores__benchmark__slug="aider-polyglot").distinct().count() >= 40
    assert Score.objects.filter(dataset="llm-stats", measured_by="lab").count() > 1000
    assert Benchmark.objects.filter(family="LMArena Text").count() >= 50
    assert Score.objects.filter(
        model__slug="gpt-5", benchmark__slug="aider-polyglot", dataset="aider"
    ).exists()
