"""Importers against small files of each shape the public data has had."""

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

from catalog.identity import ModelAlias
from catalog.importers.litellm import parse_price_key
from catalog.models import (
    AIModel,
    AIModelSlug,
    Discrepancy,
    ImportRun,
    Offer,
    Price,
    Provider,
    Score,
)

pytestmark = pytest.mark.django_db


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_catalog", *[str(arg) for arg in args], stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Provider, AIModel, Price, Score, Discrepancy, Offer)
    }


def write_litellm(tmp_path, entries: dict, name: str = "prices.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(entries))
    return path


CHAT = {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2e-06}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """A models.dev tree: {"providers/openai/models/gpt-9.toml": "...", ...}."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "providers").mkdir(parents=True, exist_ok=True)
    return root


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
            "painter": {
                "litellm_provider": "openai",
                "mode": "image_generation",
                "input_cost_per_image": 0.0011,
                "output_cost_per_image": 0.134,
            },
            "titan": {
                "litellm_provider": "openai",
                "mode": "image_generation",
                "input_cost_per_image": 0.0,
                "output_cost_per_image": 0.008,
            },
            "unknown-price": {
                "litellm_provider": "openai",
                "mode": "image_generation",
                "input_cost_per_pixel": 0.0,
                "output_cost_per_image": 0.02,
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
            # Beside an output price, input_cost_per_image prices the pictures it is shown.
            ("painter", "image_input", "per_image", ""): Decimal("0.0011"),
            ("painter", "image_output", "per_image", ""): Decimal("0.134"),
            # A zero image price is LiteLLM's unknown, not a free picture.
            ("titan", "image_output", "per_image", ""): Decimal("0.008"),
            ("unknown-price", "image_output", "per_image", ""): Decimal("0.02"),
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

    def test_a_folder_where_the_price_file_belongs(self, tmp_path):
        assert "expected LiteLLM's JSON file, got a folder" in self.fails("litellm", tmp_path)

    def test_a_file_where_the_tree_belongs(self, tmp_path):
        path = write_litellm(tmp_path, {"gpt-9": CHAT})
        assert "expected the models.dev folder" in self.fails("models-dev", path)

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

    def test_missing_name_in_a_labs_own_file(self, tmp_path):
        root = write_tree(tmp_path / "tree", {"models/openai/gpt-9.toml": "[cost]\ninput = 1\n"})
        assert "models/openai/gpt-9.toml: name: missing required key 'name'" in self.fails(
            "models-dev", root
        )

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


EARLY_2026 = {
    # The schema of early 2026: no models/ folder, every file complete, long-prompt
    # prices in [cost.context_over_200k], and "cached_read" in some files.
    "providers/anthropic/provider.toml": 'name = "Anthropic"\n',
    "providers/anthropic/models/claude-sonnet-4-5.toml": (
        'name = "Claude Sonnet 4.5 (latest)"\nrelease_date = "2025-09-29"\n'
        "[cost]\ninput = 3\noutput = 15\ncache_read = 0.3\n"
        "[cost.context_over_200k]\ninput = 6\noutput = 22.5\n"
        "[limit]\ncontext = 200_000\noutput = 64_000\n"
        '[modalities]\ninput = ["text", "image"]\noutput = ["text"]\n'
    ),
    "providers/anthropic/models/claude-3-5-haiku-20241022.toml": (
        'name = "Claude Haiku 3.5"\nrelease_date = "2024-10-22"\n'
        "[cost]\ninput = 0.8\noutput = 4\n[limit]\ncontext = 200_000\noutput = 8_192\n"
    ),
    "providers/openrouter/models/anthropic/claude-sonnet-4.5.toml": (
        'name = "Anthropic: Claude Sonnet 4.5"\n[cost]\ninput = 3\noutput = 15\ncached_read = 0.3\n'
        "[limit]\ncontext = 1_000_000\noutput = 64_000\n"
    ),
    "providers/openrouter/models/openai/gpt-4o.toml": (
        'name = "OpenAI: GPT-4o"\n[cost]\ninput = 2.5\noutput = 10\nper_hug = 2\n'
    ),
}
JULY_2026 = {
    "models/anthropic/claude-sonnet-4-5.toml": (
        'name = "Claude Sonnet 4.5"\nrelease_date = "2025-09-29"\n'
        "[limit]\ncontext = 200_000\noutput = 64_000\n"
        '[modalities]\ninput = ["text", "image"]\noutput = ["text"]\n'
    ),
    "models/anthropic/claude-sonnet-4-5-20250929.toml": 'name = "Claude Sonnet 4.5"\n',
    "providers/anthropic/provider.toml": 'name = "Anthropic"\n',
    "providers/anthropic/models/claude-sonnet-4-5.toml": (
        'base_model = "anthropic/claude-sonnet-4-5"\n[cost]\ninput = 3\noutput = 15\n'
        "[[cost.tiers]]\ntier = { size = 200_000 }\ninput = 6\noutput = 22.5\n"
        "[experimental.modes.fast]\ncost = { input = 18, output = 90 }\n"
    ),
    "providers/anthropic/models/claude-sonnet-4-5-20250929.toml": (
        'base_model = "anthropic/claude-sonnet-4-5-20250929"\n[cost]\ninput = 3\noutput = 15\n'
    ),
    "providers/amazon-bedrock/provider.toml": 'name = "Amazon Bedrock"\n',
    "providers/amazon-bedrock/models/anthropic.claude-sonnet-4-5-20250929-v1:0.toml": (
        'base_model = "anthropic/claude-sonnet-4-5-20250929"\n[cost]\ninput = 3\noutput = 15\n'
    ),
}


class TestModelsDevSchemas:
    def test_the_early_2026_tree_imports_with_its_long_prompt_tier(self, tmp_path):
        output = run("models-dev", write_tree(tmp_path / "early", EARLY_2026), ref="abc123")
        assert "Imported in" in output
        tier = Price.objects.get(
            model__slug="claude-sonnet-4-5",
            host__slug="anthropic",
            component="input_tokens",
            condition="prompt > 200K tokens",
        )
        assert tier.amount == Decimal("6")
        cached = Price.objects.get(
            model__slug="claude-sonnet-4-5", host__slug="openrouter", component="cached_input"
        )
        assert cached.amount == Decimal("0.3")
        # An unknown price key leaves that price out, with its reason, and the run goes on.
        assert "an unknown price key (per_hug; price skipped)" in output
        assert Price.objects.filter(model__slug="gpt-4o", host__slug="openrouter").count() == 2
        assert AIModel.objects.get(slug="claude-sonnet-4-5").name == "Claude Sonnet 4.5"

    def test_then_the_july_2026_tree_on_top(self, tmp_path):
        run(
            "models-dev", write_tree(tmp_path / "early", EARLY_2026), dataset_date=date(2026, 1, 15)
        )
        run("models-dev", write_tree(tmp_path / "july", JULY_2026), dataset_date=date(2026, 7, 1))
        assert AIModel.objects.filter(name__startswith="Claude Sonnet 4.5").count() == 1
        model = AIModel.objects.get(slug="claude-sonnet-4-5")
        hosts = set(Offer.objects.filter(model=model).values_list("host__slug", flat=True))
        assert hosts == {"anthropic", "openrouter", "amazon-bedrock"}
        fast = Price.objects.get(
            model=model, host__slug="anthropic", component="input_tokens", condition="fast mode"
        )
        assert fast.amount == Decimal("18")
        # The dated twin's slug redirects to the model rather than being a model.
        assert AIModelSlug.objects.filter(slug="claude-sonnet-4-5-20250929", model=model).exists()

    def test_each_price_cites_the_record_it_came_from(self, tmp_path):
        run("models-dev", write_tree(tmp_path / "july", JULY_2026), ref="f3fc692")
        price = Price.objects.get(
            model__slug="claude-sonnet-4-5", host__slug="amazon-bedrock", component="input_tokens"
        )
        file = "providers/amazon-bedrock/models/anthropic.claude-sonnet-4-5-20250929-v1:0.toml"
        assert price.source_id == file
        assert price.source_url == f"https://github.com/anomalyco/models.dev/blob/f3fc692/{file}"
        assert price.dataset == "models-dev"

    def test_litellm_prices_are_dated_by_the_data_not_the_day_of_import(self, tmp_path):
        run("litellm", write_litellm(tmp_path, {"gpt-9": CHAT}), dataset_date=date(2026, 7, 24))
        price = Price.objects.get(model__slug="gpt-9")
        assert (price.effective_from, price.checked_on, price.dataset_date) == (
            date(2026, 7, 24),
            date(2026, 7, 24),
            date(2026, 7, 24),
        )
        assert price.source_id == "gpt-9"

    def test_categories_and_units_from_mode_and_modalities(self, tmp_path):
        tree = write_tree(
            tmp_path / "tree",
            {
                "providers/openai/models/gpt-image-9.toml": (
                    'name = "GPT Image 9"\n[cost]\ninput = 5\noutput = 40\n'
                    '[modalities]\ninput = ["text", "image"]\noutput = ["text", "image"]\n'
                ),
                "providers/google/models/gemini-9-tts.toml": (
                    'name = "Gemini 9 TTS"\n[cost]\ninput = 0.5\noutput = 10\n'
                    '[modalities]\ninput = ["text"]\noutput = ["audio"]\n'
                ),
            },
        )
        run("models-dev", tree)
        image = AIModel.objects.get(slug="gpt-image-9")
        assert image.category == "image_generation"
        assert set(image.prices.values_list("component", flat=True)) == {
            "input_tokens",
            "image_output",
        }
        tts = AIModel.objects.get(slug="gemini-9-tts")
        assert tts.category == "text_to_speech"
        assert set(tts.prices.values_list("component", flat=True)) == {
            "input_tokens",
            "audio_output",
        }
        entries = {
            "whisper-9": {
                "litellm_provider": "openai",
                "mode": "audio_transcription",
                "input_cost_per_second": 0.0001,
                "output_cost_per_second": 0.0001,
            },
        }
        run("litellm", write_litellm(tmp_path, entries))
        (whisper,) = Price.objects.filter(model__slug="whisper-9")
        assert (whisper.component, whisper.unit) == ("audio_input", "per_second")

    def test_a_chat_entry_that_answers_only_in_audio_is_not_a_text_model(self, tmp_path):
        entries = {
            "gemini/lyria-9-clip": {
                "litellm_provider": "gemini",
                "mode": "chat",
                "input_cost_per_token": 1e-06,
                "output_cost_per_token": 2e-06,
                "supported_output_modalities": ["audio"],
            },
            "gemini/gemini-9-flash": {
                "litellm_provider": "gemini",
                "mode": "chat",
                "input_cost_per_token": 1e-06,
                "output_cost_per_token": 2e-06,
                "supported_output_modalities": ["text", "audio"],
            },
        }
        run("litellm", write_litellm(tmp_path, entries))
        assert list(AIModel.objects.values_list("slug", flat=True)) == ["gemini-9-flash"]


class TestEditorsRules:
    def test_an_editors_alias_places_a_record_on_their_model(self, tmp_path, editor):
        run("litellm", write_litellm(tmp_path, {"gpt-9": CHAT}))
        model = AIModel.objects.get(slug="gpt-9")
        ModelAlias.objects.create(text="gpt-nine-preview", key="gpt-nine-preview", model=model)
        run(
            "litellm",
            write_litellm(
                tmp_path, {"gpt-nine-preview": {**CHAT, "input_cost_per_token": 3e-06}}, "b.json"
            ),
        )
        assert not AIModel.objects.filter(slug="gpt-nine-preview").exists()
        assert Offer.objects.filter(model=model).count() == 1

    def test_a_name_marked_not_a_model_stays_out(self, tmp_path):
        ModelAlias.objects.create(text="gpt-9", key="gpt-9", kind="not_a_model")
        output = run("litellm", write_litellm(tmp_path, {"gpt-9": CHAT}))
        assert "an editor marked it as not a model" in output
        assert not AIModel.objects.exists()

    def test_an_editors_rename_survives_the_next_import(self, tmp_path):
        run("litellm", write_litellm(tmp_path, {"gpt-9": CHAT}))
        AIModel.objects.filter(slug="gpt-9").update(name="GPT-9 by hand")
        run(
            "litellm",
            write_litellm(tmp_path, {"gpt-9": {**CHAT, "max_input_tokens": 9000}}, "b.json"),
        )
        assert AIModel.objects.get(slug="gpt-9").name == "GPT-9 by hand"


class TestKeepingCurrent:
    def import_both(self, tmp_path):
        run(
            "models-dev", write_tree(tmp_path / "early", EARLY_2026), dataset_date=date(2026, 1, 15)
        )
        run("models-dev", write_tree(tmp_path / "july", JULY_2026), dataset_date=date(2026, 7, 1))

    def test_a_price_the_source_dropped_is_history_not_current(self, tmp_path):
        self.import_both(tmp_path)
        haiku = AIModel.objects.get(slug="claude-haiku-3-5")
        assert not Price.objects.current(date(2026, 12, 1)).filter(model=haiku).exists()
        old = Price.objects.get(model=haiku, component="input_tokens")
        assert (old.amount, old.effective_from, old.ends_on) == (
            Decimal("0.8"),
            date(2026, 1, 15),
            date(2026, 7, 1),
        )
        # Before the July data it was the current price.
        assert Price.objects.current(date(2026, 3, 1)).filter(pk=old.pk).exists()
        offer = Offer.objects.get(model=haiku, host__slug="anthropic")
        assert offer.ended_on == date(2026, 7, 1)

    def test_a_model_no_source_lists_is_deprecated_with_the_date(self, tmp_path):
        self.import_both(tmp_path)
        haiku = AIModel.objects.get(slug="claude-haiku-3-5")
        assert (haiku.status, haiku.deprecated_on) == ("deprecated", date(2026, 7, 1))
        assert AIModel.objects.get(slug="claude-sonnet-4-5").status == "active"
        # Listed again later: active again.
        run("models-dev", write_tree(tmp_path / "early", EARLY_2026), dataset_date=date(2026, 8, 1))
        haiku.refresh_from_db()
        assert (haiku.status, haiku.deprecated_on) == ("active", None)

    def test_an_editors_status_and_publishing_hold(self, tmp_path):
        run(
            "models-dev", write_tree(tmp_path / "early", EARLY_2026), dataset_date=date(2026, 1, 15)
        )
        haiku = AIModel.objects.get(slug="claude-haiku-3-5")
        assert haiku.is_published  # a known creator, a compared category and a price
        haiku.status = "active"
        haiku.is_published = False
        haiku.provenance = {
            **haiku.provenance,
            "status": {"origin": "editor"},
            "is_published": {"origin": "editor"},
        }
        haiku.save()
        run("models-dev", write_tree(tmp_path / "july", JULY_2026), dataset_date=date(2026, 7, 1))
        haiku.refresh_from_db()
        assert (haiku.status, haiku.is_published) == ("active", False)

    def test_each_run_is_kept_with_what_it_could_not_map(self, tmp_path):
        entries = {"gpt-9": CHAT, "agent-max": {**CHAT, "litellm_provider": "mystery"}}
        output = run("litellm", write_litellm(tmp_path, entries), dataset_date=date(2026, 7, 24))
        assert "listed in the admin, under Import runs" in output
        import_run = ImportRun.objects.get()
        assert (import_run.dataset, import_run.dataset_date, import_run.mapped) == (
            "litellm",
            date(2026, 7, 24),
            1,
        )
        (record,) = import_run.unmapped.all()
        assert (record.record_id, record.reason) == ("agent-max", "no rule names its creator")


class TestScheduledRefresh:
    def serve(self, folder):
        handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def sources(self, tmp_path):
        import tarfile

        tree = write_tree(tmp_path / "models.dev-dev", JULY_2026)
        with tarfile.open(tmp_path / "models-dev.tar.gz", "w:gz") as archive:
            archive.add(tree, arcname="models.dev-dev")
        write_litellm(tmp_path, {"gpt-9": CHAT}, "litellm.json")
        boards = tmp_path / "arena-catalog-main" / "data"
        boards.mkdir(parents=True)
        (boards / "leaderboard-text.json").write_text(
            json.dumps({"full": {"gpt-9": {"rating": 1300.5}}})
        )
        with tarfile.open(tmp_path / "arena.tar.gz", "w:gz") as archive:
            archive.add(tmp_path / "arena-catalog-main", arcname="arena-catalog-main")

    def test_every_source_is_fetched_from_its_url(self, tmp_path, settings):
        self.sources(tmp_path)
        server = self.serve(tmp_path)
        base = f"http://127.0.0.1:{server.server_port}"
        settings.CATALOG_SOURCE_URLS = {
            "models-dev": f"{base}/models-dev.tar.gz",
            "litellm": f"{base}/litellm.json",
            "lmarena": f"{base}/arena.tar.gz",
        }
        try:
            out = io.StringIO()
            call_command("refresh_catalog", fetch=True, stdout=out)
        finally:
            server.shutdown()
        assert "Catalog refreshed" in out.getvalue()
        assert Offer.objects.filter(
            model__slug="claude-sonnet-4-5", host__slug="amazon-bedrock"
        ).exists()
        gpt = Price.objects.get(model__slug="gpt-9")
        assert gpt.effective_from == date.today()  # a file with no date: the day it was fetched
        assert Score.objects.get(model__slug="gpt-9").value == Decimal("1300.50")

    def test_a_failing_source_leaves_the_catalog_as_it_was(self, tmp_path, settings):
        self.sources(tmp_path)
        run("litellm", write_litellm(tmp_path, {"gpt-9": CHAT}, "first.json"))
        before = counts()
        server = self.serve(tmp_path)
        base = f"http://127.0.0.1:{server.server_port}"
        settings.CATALOG_SOURCE_URLS = {
            "models-dev": f"{base}/models-dev.tar.gz",
            "litellm": f"{base}/missing.json",
        }
        try:
            with pytest.raises(CommandError) as excinfo:
                call_command("refresh_catalog", fetch=True, stdout=io.StringIO())
        finally:
            server.shutdown()
        message = str(excinfo.value)
        assert message.startswith("Nothing imported: ")
        assert "\n" not in message
        assert counts() == before

    def test_a_data_folder_needs_the_dates_its_files_do_not_carry(self, tmp_path):
        prices = tmp_path / "data" / "litellm"
        prices.mkdir(parents=True)
        write_litellm(prices, {"gpt-9": CHAT})
        folder = tmp_path / "data"
        with pytest.raises(CommandError, match="--litellm-date"):
            call_command("refresh_catalog", str(folder), stdout=io.StringIO())
