"""The shipped catalog: current to the public data, sourced, quick and safe to load."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from catalog.models import AIModel, CacheVersion, Offer, Price, Provider, Score
from catalog.shipped import SHIPPED_PATH
from tests.snapshot import _counts, capture, catalog_models, load_demo_catalog, restore

pytestmark = pytest.mark.django_db

# Models the public data of July 2026 holds, which a current site must show.
CURRENT = {
    "gpt-5": "GPT-5",
    "gpt-5-5": "GPT-5.5",
    "claude-opus-4-8": "Claude Opus 4.8",
    "claude-sonnet-5": "Claude Sonnet 5",
    "gemini-3-5-flash": "Gemini 3.5 Flash",
    "deepseek-v4-pro": "DeepSeek V4 Pro",
    "qwen3-7-max": "Qwen3.7 Max",
    "mistral-large-3": "Mistral Large 3",
    "gpt-image-2": "GPT-Image-2",
}


def snapshot():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Provider, AIModel, Offer, Price, Score)
    }


def test_the_site_is_current_out_of_the_box(demo_catalog):
    published = AIModel.objects.published()
    assert published.count() >= 300
    assert published.values("creator").distinct().count() >= 20
    names = dict(published.filter(slug__in=CURRENT).values_list("slug", "name"))
    assert names == CURRENT
    released = published.filter(release_date__year=2026)
    assert released.count() >= 50
    categories = set(published.values_list("category", flat=True))
    assert {"text_generation", "image_generation", "embedding", "speech_to_text"} <= categories


def test_every_value_names_its_source_and_dates(demo_catalog):
    for price in Price.objects.all():
        assert price.source_url.startswith("https://")
        assert price.source_id
        assert price.dataset in {"models-dev", "litellm"}
        assert price.dataset_date is not None
        assert price.checked_on <= date(2026, 7, 31)
    for score in Score.objects.all():
        assert score.dataset in {"lmarena", "aider", "llm-stats", "models-dev"}
        assert score.source_url.startswith("https://")
        assert score.source_id
        assert score.dataset_date is not None
        assert score.measured_on <= date(2026, 7, 31)
        if score.dataset == "lmarena":
            assert score.measured_on in {date(2025, 8, 4), date(2025, 12, 11)}
    gpt = AIModel.objects.get(slug="gpt-4o")
    assert gpt.provenance["context_window"]["dataset"] in {"models-dev", "litellm"}
    assert gpt.checked_on <= date(2026, 7, 31)


def test_headline_facts_come_through(demo_catalog):
    today = date(2026, 12, 1)
    gpt = AIModel.objects.get(slug="gpt-4o")
    own = Price.objects.current(today).filter(model=gpt, host=gpt.creator, condition="")
    amounts = {p.component: p.amount for p in own if p.unit == "per_1m_tokens"}
    assert (amounts["input_tokens"], amounts["output_tokens"]) == (Decimal("2.5"), Decimal("10"))
    assert {"amazon-bedrock", "google-vertex"} <= set(
        Offer.objects.filter(model__slug="claude-sonnet-4-5").values_list("host__slug", flat=True)
    )
    flux = AIModel.objects.get(slug="flux-1-1-pro")
    assert flux.creator.slug == "black-forest-labs"
    assert flux.category == "image_generation"
    assert Score.objects.filter(model__slug="gpt-5", benchmark__slug="lmarena-text").exists()


def test_the_editorial_layer_is_there(demo_catalog):
    gpt = AIModel.objects.get(slug="gpt-4o")
    assert gpt.description
    assert gpt.best_for
    assert gpt.provenance["description"]["origin"] == "editor"
    assert Provider.objects.get(slug="openai").pricing_url.startswith("https://")


def test_loading_twice_changes_nothing(demo_catalog):
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo_catalog", stdout=out)
    assert snapshot() == before
    assert "nothing changed" in out.getvalue()


def every_catalog_row():
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in catalog_models()
    }


def catalog_version():
    return CacheVersion.objects.get(name="catalog").version


def test_the_suites_copy_of_the_catalog_is_what_a_load_writes(
    db, django_capture_on_commit_callbacks
):
    """The demo_catalog fixture copies the rows of one real load back in (tests/snapshot.py):
    every value must come back as the load wrote it, the cache versions move as a load
    moves them, and new rows still get keys of their own."""
    version = catalog_version()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_catalog", stdout=io.StringIO())
    bumped_by_load = catalog_version() - version
    assert bumped_by_load > 0
    loaded = every_catalog_row()
    assert sum(map(len, loaded.values())) > 20_000
    kept = capture()
    version = catalog_version()
    with connection.cursor() as cursor:
        for model in catalog_models():
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    assert not AIModel.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        restore(kept)
    assert every_catalog_row() == loaded
    assert catalog_version() - version == bumped_by_load
    added = Provider.objects.create(name="A New Lab", slug="a-new-lab")
    assert added.pk > max(row["id"] for row in loaded["catalog.Provider"])


def test_an_editors_change_survives_a_reload(demo_catalog):
    AIModel.objects.filter(slug="gpt-4o").update(description="Edited by an editor.")
    Price.objects.filter(model__slug="gpt-4o").first().delete()
    call_command("load_demo_catalog", stdout=io.StringIO())
    assert AIModel.objects.get(slug="gpt-4o").description == "Edited by an editor."


def test_a_bad_row_writes_nothing_and_names_the_row(tmp_path):
    data = json.loads(SHIPPED_PATH.read_text())
    columns = data["prices"]["columns"]
    data["prices"]["rows"][3][columns.index("amount")] = "-1.00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(CommandError) as excinfo:
        call_command("load_demo_catalog", path=bad, stdout=io.StringIO())
    assert "prices row 4" in str(excinfo.value)
    assert "nothing was written" in str(excinfo.value)
    assert not Provider.objects.exists()


def test_a_truncated_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "truncated.json"
    bad.write_text(SHIPPED_PATH.read_text()[:500])
    with pytest.raises(CommandError, match="cannot read it"):
        call_command("load_demo_catalog", path=bad, stdout=io.StringIO())


@pytest.mark.parametrize(
    "url", ["/compare/claude-sonnet-4-5-vs-gpt-5/", "/models/gpt-5/", "/models/claude-haiku-4-5/"]
)
def test_no_page_claims_a_moment_later_than_its_data(client, demo_catalog, url):
    """The data is of July 2026: no "as of" or "last updated" says the day it was loaded."""
    page = client.get(url).content.decode()
    today = date.today()
    assert f"{today.day} {today:%B} {today.year}" not in page
    assert f"{today.day} {today:%b} {today.year}" not in page
    assert "July 2026" in page or "Jul 2026" in page


@pytest.mark.parametrize(("typed", "name"), [("gpt-5", "GPT-5"), ("opus 4.8", "Claude Opus 4.8")])
def test_the_picker_finds_current_models_first(client, demo_catalog, typed, name):
    page = client.get("/suggest/", {"field": "a", "a": typed}).content.decode()
    first = page.split('data-name="')[1].split('"')[0]
    assert first == name


def test_deprecated_models_are_labelled_and_never_suggested_first(client, db):
    from tests.factories import AIModelFactory, ProviderFactory

    # One named creator: a sequenced name ("Provider 19") would match the typed "9".
    xai = ProviderFactory(name="xAI", slug="xai")
    AIModelFactory(name="Grok 9", slug="grok-9", status="deprecated", creator=xai)
    AIModelFactory(name="Grok 9 Mini", slug="grok-9-mini", creator=xai)
    snapshot_base = AIModelFactory(name="Grok 10", slug="grok-10", creator=xai)
    AIModelFactory(name="Grok 9 Dated", slug="grok-9-dated", snapshot_of=snapshot_base, creator=xai)
    page = client.get("/suggest/", {"field": "a", "a": "Grok 9"}).content.decode()
    names = [part.split('"')[0] for part in page.split('data-name="')[1:]]
    assert names == ["Grok 9 Mini", "Grok 9 Dated", "Grok 9"]
    options = page.split('role="option"')[1:]
    assert "deprecated" in options[2]
    assert "dated snapshot" in options[1]


def _filenodes(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_relation_filenode(oid) FROM pg_class WHERE relname = ANY(%s)",
            [tables],
        )
        return dict(cursor.fetchall())


def _estimated_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT * FROM {connection.ops.quote_name(table)}")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="relation files are PostgreSQL's")
def test_a_copy_of_the_catalog_goes_into_files_its_rollback_throws_away(db):
    """Each test's copy is written into new files, so rolling the test back leaves no
    dead rows in the tables (a CI database may run without autovacuum), and the
    planner's estimates match the rows the test holds rather than the rows earlier
    tests left behind."""
    # All but the tables the migrations seed.
    empty = [table for table, count in _counts().items() if count == 0]
    before = _filenodes(empty)  # the files every test shares
    load_demo_catalog()  # the run's first load, or a copy of it
    with connection.cursor() as cursor:
        for table in empty:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    load_demo_catalog()  # the tables are as the migrations left them: this one is a copy
    after = _filenodes(empty)
    assert Score._meta.db_table in empty
    assert [table for table in empty if after[table] == before[table]] == []
    scores = Score.objects.count()
    assert scores > 1000
    assert scores / 4 <= _estimated_rows(Score._meta.db_table) <= scores * 4
