"""Importers, against the real public catalogs and against broken files."""

import io
import json
import os
import subprocess
import sys
import threading
from datetime import date
from decimal import Decimal
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from catalog.importers import aliases
from catalog.importers.litellm import parse_price_key
from catalog.models import AIModel, Discrepancy, Price, Provider, Score

pytestmark = pytest.mark.django_db

DATA = Path(os.environ.get("VERSUS_SHARED_DATA", settings.BASE_DIR.parent / "shared" / "data"))
LITELLM = DATA / "litellm" / "model_prices_and_context_window.json"
MODELS_DEV = DATA / "models.dev"
ARENA_CSV = DATA / "arena" / "fboulnois-llm-leaderboard-csv"
ARENA_JSON = DATA / "arena" / "lmarena-arena-catalog"
real_data = pytest.mark.skipif(
    not LITELLM.exists(), reason=f"the shared public catalogs are not at {DATA}"
)


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_catalog", *[str(arg) for arg in args], stdout=out, **options)
    return out.getvalue()


def import_everything() -> list[str]:
    return [
        run("models-dev", MODELS_DEV),
        run("litellm", LITELLM),
        run("lmarena", ARENA_CSV, dataset_date=date(2025, 8, 4)),
        run("lmarena", ARENA_JSON, dataset_date=date(2025, 12, 11)),
    ]


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Provider, AIModel, Price, Score, Discrepancy)
    }


@real_data
class TestRealCatalogs:
    def test_full_import_then_a_second_run_changes_nothing(self):
        first = import_everything()
        assert all("Imported in" in output for output in first)
        after = counts()
        assert after["AIModel"] > 400
        assert after["Price"] > 5000
        assert after["Score"] > 100
        second = import_everything()
        assert all("Nothing changed" in output for output in second)
        assert counts() == after

    def test_known_facts_come_through_in_our_units(self):
        import_everything()
        today = date.today()
        gpt = AIModel.objects.get(slug="gpt-4o")
        assert gpt.context_window == 128_000
        own = Price.objects.current(today).filter(model=gpt, host__slug="openai", condition="")
        amounts = {(p.component, p.unit): p.amount for p in own}
        assert amounts[("input_tokens", "per_1m_tokens")] == Decimal("2.50")
        assert amounts[("output_tokens", "per_1m_tokens")] == Decimal("10.00")
        flux = Price.objects.get(model__slug="flux-1-1-pro", host__slug="black-forest-labs")
        assert (flux.component, flux.unit, flux.amount) == (
            "image_output",
            "per_image",
            Decimal("0.04"),
        )
        assert flux.source_url == "https://bfl.ai/pricing"
        tier = Price.objects.get(
            model__slug="claude-sonnet-4-5",
            host__slug="anthropic",
            component="input_tokens",
            condition="prompt > 200K tokens",
            dataset="litellm",
        )
        assert tier.amount == Decimal("6.00")
        score = Score.objects.get(
            model__slug="gpt-4o", benchmark__slug="lmarena-text", measured_on=date(2025, 8, 4)
        )
        assert (score.value, score.ci_lower, score.ci_upper) == (1285, 1282, 1288)
        assert score.votes == 47973

    def test_every_imported_value_says_where_it_came_from(self):
        import_everything()
        for price in Price.objects.all():
            assert price.origin == "import"
            assert price.dataset in {"models-dev", "litellm"}
            assert price.source_id
            assert price.source_url.startswith("https://")
        for score in Score.objects.all():
            assert score.dataset == "lmarena"
            assert score.dataset_date in {date(2025, 8, 4), date(2025, 12, 11)}
        gpt = AIModel.objects.get(slug="gpt-4o")
        assert gpt.provenance["context_window"]["origin"] == "import"
        assert gpt.provenance["context_window"]["dataset"] in {"models-dev", "litellm"}
        assert gpt.provenance["context_window"]["source_id"]

    def test_imported_models_start_unpublished(self):
        import_everything()
        assert not AIModel.objects.published().exists()

    def test_an_editors_value_survives_and_the_difference_is_shown(self, demo_catalog):
        run("litellm", LITELLM)
        imagen = AIModel.objects.get(slug="imagen-3")
        assert imagen.is_published
        current = Price.objects.current(date.today()).get(
            model=imagen, component="image_output", unit="per_image", condition=""
        )
        assert current.amount == Decimal("0.03")
        assert current.origin == "editor"
        found = Discrepancy.objects.get(model=imagen, dataset="litellm")
        assert (found.kind, found.current_value, found.imported_value) == (
            "editor_value",
            "0.03",
            "0.04",
        )

    def test_datasets_that_disagree_are_shown_to_editors(self, editor_client):
        run("models-dev", MODELS_DEV)
        run("litellm", LITELLM)
        conflict = (
            Discrepancy.objects.filter(kind="source_conflict").select_related("model").first()
        )
        assert conflict is not None
        page = editor_client.get("/admin/catalog/discrepancy/").content.decode()
        assert conflict.model.name in page
        change = f"/admin/catalog/aimodel/{conflict.model.pk}/change/"
        assert conflict.imported_value in editor_client.get(change).content.decode()

    def test_pages_keep_their_query_budgets_after_a_full_import(
        self, client, demo_catalog, django_assert_max_num_queries
    ):
        import_everything()
        for url, budget in (
            ("/compare/claude-sonnet-4-vs-gpt-4o/", 8),
            ("/models/?sort=price", 6),
            ("/models/gpt-4o/", 9),
            ("/providers/openai/", 6),
            ("/", 7),
        ):
            with django_assert_max_num_queries(budget):
                assert client.get(url).status_code == 200

    def test_a_dry_run_writes_nothing(self):
        output = run("litellm", LITELLM, dry_run=True)
        assert "Dry run: nothing was written." in output
        assert counts() == {name: 0 for name in counts()}


def write_litellm(tmp_path, entries: dict, name: str = "prices.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(entries))
    return path


CHAT = {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2e-06}


class TestPriceHistory:
    def test_a_changed_price_becomes_a_new_dated_row(self, tmp_path):
        run("litellm", write_litellm(tmp_path, {"gpt-9": CHAT}), dataset_date=date(2026, 1, 1))
        changed = {"gpt-9": {**CHAT, "input_cost_per_token": 1.5e-06}}
        run(
            "litellm", write_litellm(tmp_path, changed, "later.json"), dataset_date=date(2026, 2, 1)
        )
        rows = list(Price.objects.filter(model__slug="gpt-9").history())
        assert [(row.amount, row.effective_from) for row in rows] == [
            (Decimal("1.5"), date(2026, 2, 1)),
            (Decimal("2"), date(2026, 1, 1)),
        ]

    def test_unit_conversions_are_exact(self, tmp_path):
        entries = {
            "img": {
                "litellm_provider": "openai",
                "mode": "image_generation",
                "input_cost_per_image": 0.04,
            },
            "hd/1024-x-1792/img": {
                "litellm_provider": "openai",
                "mode": "image_generation",
                "input_cost_per_pixel": 6.539e-08,
                "output_cost_per_pixel": 0.0,
            },
            "ears": {
                "litellm_provider": "openai",
                "mode": "audio_transcription",
                "input_cost_per_second": 0.0001,
            },
            "voice": {
                "litellm_provider": "openai",
                "mode": "audio_speech",
                "input_cost_per_character": 1.5e-05,
            },
            "tiered": {
                "litellm_provider": "openai",
                "mode": "chat",
                "tiered_pricing": [
                    {"input_cost_per_token": 5e-08, "range": [0, 256000.0]},
                    {"input_cost_per_token": 2.5e-07, "range": [256000.0, 1000000.0]},
                ],
            },
        }
        run("litellm", write_litellm(tmp_path, entries))
        found = {
            (p.model.slug, p.component, p.unit, p.condition): p.amount
            for p in Price.objects.select_related("model")
        }
        assert found == {
            ("img", "image_output", "per_image", ""): Decimal("0.04"),
            ("img", "image_output", "per_megapixel", "HD, 1024×1792"): Decimal("0.06539"),
            ("ears", "audio_input", "per_second", ""): Decimal("0.0001"),
            ("voice", "text_input", "per_1m_characters", ""): Decimal("15"),
            ("tiered", "input_tokens", "per_1m_tokens", ""): Decimal("0.05"),
            ("tiered", "input_tokens", "per_1m_tokens", "prompt > 256K tokens"): Decimal("0.25"),
        }


@pytest.mark.parametrize(
    ("key", "mode", "expected"),
    [
        ("input_cost_per_token", "chat", ("input_tokens", "per_1m_tokens", 1_000_000, [])),
        (
            "output_cost_per_token_batches",
            "chat",
            ("output_tokens", "per_1m_tokens", 1_000_000, ["batch"]),
        ),
        (
            "cache_read_input_token_cost_above_200k_tokens_priority",
            "chat",
            ("cached_input", "per_1m_tokens", 1_000_000, ["prompt > 200K tokens", "priority"]),
        ),
        (
            "cache_creation_input_token_cost_above_1hr",
            "chat",
            ("cache_write", "per_1m_tokens", 1_000_000, ["1-hour cache"]),
        ),
        ("input_cost_per_image", "chat", ("image_input", "per_image", 1, [])),
        ("input_cost_per_image", "image_generation", ("image_output", "per_image", 1, [])),
        ("output_cost_per_second", "video_generation", ("video_output", "per_second", 1, [])),
        ("search_context_cost_per_query", "chat", "price key with a unit Versus does not model"),
    ],
)
def test_price_keys_map_to_our_units(key, mode, expected):
    assert parse_price_key(key, mode) == expected


def test_an_unknown_price_key_is_refused():
    with pytest.raises(KeyError):
        parse_price_key("input_cost_per_lightyear", "chat")


class TestBadInput:
    """Each kind of malformed file: one line naming the file and the entry; nothing written."""

    def fails(self, *args, **options) -> str:
        before = counts()
        with pytest.raises(CommandError) as excinfo:
            run(*args, **options)
        assert counts() == before
        message = str(excinfo.value)
        assert message.startswith("Nothing imported: ")
        assert "\n" not in message
        return message

    def test_truncated_json(self, tmp_path):
        path = tmp_path / "cut.json"
        path.write_text(json.dumps({"gpt-9": CHAT, "gpt-10": CHAT})[:40])
        assert "cut.json: line 1" in self.fails("litellm", path)

    def test_negative_price(self, tmp_path):
        path = write_litellm(
            tmp_path, {"good": CHAT, "bad": {**CHAT, "input_cost_per_token": -1e-06}}
        )
        message = self.fails("litellm", path)
        assert "prices.json: bad: input_cost_per_token is negative" in message

    def test_non_numeric_price(self, tmp_path):
        path = write_litellm(tmp_path, {"bad": {**CHAT, "output_cost_per_token": "cheap"}})
        assert "bad: output_cost_per_token is not a number ('cheap')" in self.fails("litellm", path)

    def test_missing_required_key(self, tmp_path):
        path = write_litellm(tmp_path, {"orphan": {"mode": "chat", "input_cost_per_token": 1e-06}})
        assert "orphan: missing required key 'litellm_provider'" in self.fails("litellm", path)

    def test_unknown_unit(self, tmp_path):
        path = write_litellm(tmp_path, {"odd": {**CHAT, "input_cost_per_lightyear": 1}})
        assert "odd: unknown price key 'input_cost_per_lightyear'" in self.fails("litellm", path)

    def make_tree(self, tmp_path, model_toml: str) -> Path:
        root = tmp_path / "models.dev"
        folder = root / "providers" / "openai" / "models"
        folder.mkdir(parents=True)
        (root / "providers" / "openai" / "provider.toml").write_text('name = "OpenAI"\n')
        (folder / "gpt-9.toml").write_text(model_toml)
        return root

    def test_invalid_toml(self, tmp_path):
        root = self.make_tree(tmp_path, 'name = "GPT-9\n[cost\ninput = 1\n')
        assert "providers/openai/models/gpt-9.toml: -: invalid TOML" in self.fails(
            "models-dev", root
        )

    def test_unknown_cost_key_in_toml(self, tmp_path):
        root = self.make_tree(tmp_path, 'name = "GPT-9"\n[cost]\ninput = 1\nper_hug = 2\n')
        assert "gpt-9.toml: cost.per_hug: unknown price key 'per_hug'" in self.fails(
            "models-dev", root
        )

    def test_missing_name_in_toml(self, tmp_path):
        root = self.make_tree(tmp_path, "[cost]\ninput = 1\n")
        assert "gpt-9.toml: name: missing required key 'name'" in self.fails("models-dev", root)

    def test_not_a_models_dev_tree(self, tmp_path):
        assert "not a models.dev tree" in self.fails("models-dev", tmp_path)

    def test_arena_files_need_their_date(self, tmp_path):
        board = tmp_path / "lmarena_text.csv"
        board.write_text(
            "rank,model,arena_score,95_pct_ci,votes\n1,GPT-4o-2024-08-06,1285,+3/-3,10\n"
        )
        assert "--dataset-date" in self.fails("lmarena", board)

    def test_arena_score_that_is_not_a_number(self, tmp_path):
        board = tmp_path / "lmarena_text.csv"
        board.write_text(
            "rank,model,arena_score,95_pct_ci,votes\n1,GPT-4o-2024-08-06,high,+3/-3,10\n"
        )
        message = self.fails("lmarena", board, dataset_date=date(2025, 8, 4))
        assert (
            "lmarena_text.csv: line 2 (GPT-4o-2024-08-06): arena_score is not a number" in message
        )

    def test_a_missing_file(self, tmp_path):
        assert "no such file or folder" in self.fails("litellm", tmp_path / "absent.json")

    def test_the_command_line_shows_no_traceback(self, tmp_path):
        path = write_litellm(tmp_path, {"bad": {**CHAT, "input_cost_per_token": -1}})
        result = subprocess.run(
            [sys.executable, "manage.py", "import_catalog", "litellm", str(path)],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "DJANGO_DEBUG": "1"},
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "bad: input_cost_per_token is negative" in result.stderr


def test_unmatched_arena_names_are_reported_not_guessed(tmp_path, demo_catalog):
    board = tmp_path / "lmarena_text.csv"
    board.write_text(
        "rank,model,arena_score,95_pct_ci,votes\n"
        "1,GPT-4o-2024-08-06,1285,+3/-3,47973\n"
        "2,GPT-4o-latest-mystery,1300,+4/-4,10\n"
    )
    output = run("lmarena", board, dataset_date=date(2025, 8, 4))
    assert "no alias maps this arena name to a model (e.g. GPT-4o-latest-mystery)" in output
    assert not Score.objects.filter(value=1300).exists()


def test_every_alias_points_at_a_demo_model(demo_catalog):
    demo = set(AIModel.objects.values_list("slug", flat=True))
    for table in (aliases.MODELS_DEV, aliases.LITELLM, aliases.ARENA):
        assert set(table.values()) <= demo


def test_arena_aliases_keep_dated_snapshots_apart():
    assert aliases.ARENA["GPT-4o-2024-08-06"] == "gpt-4o"
    assert "GPT-4o-2024-05-13" not in aliases.ARENA  # a different snapshot of GPT-4o
    assert "ChatGPT-4o-latest (2025-03-26)" not in aliases.ARENA


def test_a_url_is_fetched_when_given(tmp_path):
    write_litellm(tmp_path, {"gpt-9": CHAT})
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        run("litellm", f"http://127.0.0.1:{server.server_port}/prices.json")
    finally:
        server.shutdown()
    assert Price.objects.get(model__slug="gpt-9").amount == Decimal("2")
