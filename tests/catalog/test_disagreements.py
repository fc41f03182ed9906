"""Two datasets that disagree: the designated one's value is shown, the other's is kept,
and visitors and editors see both, with their sources and dates."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.changes import announce
from catalog.models import AIModel, Discrepancy, Price
from catalog.tracking import outranks
from tests.catalog.test_importers import run, write_litellm, write_tree

pytestmark = pytest.mark.django_db

LITELLM_DATE = date(2026, 7, 24)
TREE = {
    "providers/openai/provider.toml": 'name = "OpenAI"\n',
    "providers/openai/models/gpt-9.toml": (
        'name = "GPT-9"\nrelease_date = "2026-01-10"\nlast_updated = "2026-07-01"\n'
        "[cost]\ninput = 2\noutput = 8\n[limit]\ncontext = 100_000\noutput = 16_000\n"
    ),
    "providers/openai/models/gpt-9-mini.toml": (
        'name = "GPT-9 mini"\nrelease_date = "2026-01-10"\nlast_updated = "2026-07-01"\n'
        "[cost]\ninput = 0.4\noutput = 1.6\n[limit]\ncontext = 100_000\noutput = 16_000\n"
    ),
}


def litellm(input_per_token: float = 2.5e-06, context: int = 120_000) -> dict:
    return {
        "gpt-9": {
            "litellm_provider": "openai",
            "mode": "chat",
            "input_cost_per_token": input_per_token,
            "output_cost_per_token": 8e-06,  # agrees with models.dev: nothing to say
            "max_input_tokens": context,
        }
    }


def import_models_dev(tmp_path) -> None:
    run("models-dev", write_tree(tmp_path / "tree", TREE))


def import_litellm(tmp_path, entries: dict | None = None, name: str = "prices.json") -> None:
    path = write_litellm(tmp_path, entries or litellm(), name)
    run("litellm", path, dataset_date=LITELLM_DATE)


INPUT = "input_tokens per_1m_tokens (standard) at openai"


def disagreements() -> list[tuple]:
    return sorted(
        Discrepancy.objects.values_list(
            "kind", "field", "current_value", "imported_value", "dataset", "dataset_date"
        )
    )


@pytest.fixture
def both(tmp_path) -> AIModel:
    import_models_dev(tmp_path)
    import_litellm(tmp_path)
    return AIModel.objects.get(slug="gpt-9")


def test_models_dev_is_designated_over_litellm_and_no_dataset_over_itself():
    assert outranks("models-dev", "litellm")
    assert not outranks("litellm", "models-dev")
    assert not outranks("models-dev", "models-dev")
    # A dataset neither names holds what it wrote first, and yields to both.
    assert not outranks("llm-stats", "aider")
    assert outranks("litellm", "llm-stats")


@pytest.mark.parametrize("order", ["models.dev first", "LiteLLM first"])
def test_the_designated_value_is_shown_whichever_dataset_came_first(tmp_path, order):
    if order == "models.dev first":
        import_models_dev(tmp_path)
        import_litellm(tmp_path)
    else:
        import_litellm(tmp_path)
        import_models_dev(tmp_path)
    model = AIModel.objects.get(slug="gpt-9")
    shown = Price.objects.get(
        model=model, host__slug="openai", component="input_tokens", ends_on=None
    )
    assert (shown.amount, shown.dataset) == (Decimal("2"), "models-dev")
    assert model.context_window == 100_000
    assert model.provenance["context_window"]["dataset"] == "models-dev"
    # The price did not change, its source did: one row, no history of a change.
    assert Price.objects.filter(model=model, component="input_tokens").count() == 1
    assert disagreements() == [
        ("source_conflict", "context_window", "100000", "120000", "litellm", LITELLM_DATE),
        ("source_conflict", INPUT, "2", "2.5", "litellm", LITELLM_DATE),
    ]


def test_a_disagreement_the_dataset_drops_is_removed_and_a_reviewed_one_stays(tmp_path, both):
    Discrepancy.objects.filter(field="context_window").update(resolved=True)
    # LiteLLM now agrees on the input price and gives another context window.
    output = run(
        "litellm",
        write_litellm(tmp_path, litellm(2e-06, 130_000), "later.json"),
        dataset_date=date(2026, 8, 1),
    )
    assert "1 discrepancies removed: the dataset agrees now" in output
    assert disagreements() == [
        ("source_conflict", "context_window", "100000", "130000", "litellm", date(2026, 8, 1)),
    ]
    # A new value is a new question for the editors, even where they had settled the old.
    assert Discrepancy.objects.get().resolved is False


def test_an_unchanged_disagreement_keeps_its_review_and_takes_the_newer_date(tmp_path, both):
    Discrepancy.objects.update(resolved=True)
    run("litellm", write_litellm(tmp_path, litellm(), "same.json"), dataset_date=date(2026, 8, 1))
    assert set(Discrepancy.objects.values_list("resolved", "dataset_date")) == {
        (True, date(2026, 8, 1))
    }


def test_the_model_page_shows_both_values_with_sources_and_dates(client, both):
    html = client.get(both.get_absolute_url()).content.decode()
    assert html.count('<details class="dissent">') == 2  # the input price, the context window
    assert (
        "Shown: $2.00 per 1M input tokens, from models.dev (1 Jul 2026). "
        "LiteLLM (24 Jul 2026) gives $2.50 per 1M input tokens."
    ) in html
    assert (
        "Shown: 100,000 tokens, from models.dev (1 Jul 2026). "
        "LiteLLM (24 Jul 2026) gives 120,000 tokens."
    ) in html


def test_a_marker_goes_once_the_values_agree(client, both):
    """An editor who sets the other value makes the two agree: nothing to mark."""
    AIModel.objects.filter(pk=both.pk).update(context_window=120_000)
    both.refresh_from_db()
    both.save()  # announces the change, as the admin does
    html = client.get(both.get_absolute_url()).content.decode()
    assert html.count('<details class="dissent">') == 1
    assert "gives 120,000 tokens" not in html


DISPUTED_INPUT = "LiteLLM (24 Jul 2026) gives $2.50 per 1M input tokens."
DISPUTED_CONTEXT = "LiteLLM (24 Jul 2026) gives 120,000 tokens."


def pair_url(client) -> str:
    """The canonical comparison page of the two, as the picker redirects to it."""
    response = client.get(reverse("comparisons:picker"), {"a": "gpt-9", "b": "gpt-9-mini"})
    assert response.status_code == 302
    return response["Location"]


def test_the_comparison_marks_its_table_and_price_breakdown(client, both):
    response = client.get(pair_url(client))
    assert response.status_code == 200
    html = response.content.decode()
    # The blended price rests on the disputed input rate; the input rate's own row; the
    # context window's row; the input rate in the price breakdown.
    assert html.count('<details class="dissent">') == 4
    assert html.count(DISPUTED_INPUT) == 3
    assert html.count(DISPUTED_CONTEXT) == 1


def test_the_host_matrix_marks_the_disputed_rate(client, both):
    hosts = f"{pair_url(client)}hosts/"
    full = client.get(hosts).content.decode()
    fragment = client.get(hosts, headers={"HX-Request": "true", "HX-Target": "hosts"})
    assert full.count(DISPUTED_INPUT) == 1
    assert fragment.content.decode().count(DISPUTED_INPUT) == 1
    assert "<html" not in fragment.content.decode()


def test_the_htmx_swap_carries_the_markers(client, both):
    """The picker's in-place swap shows what the full page shows."""
    swapped = client.get(
        reverse("comparisons:picker"),
        {"a": "gpt-9", "b": "gpt-9-mini"},
        headers={"HX-Request": "true", "HX-Target": "page"},
    )
    assert swapped.status_code == 200
    html = swapped.content.decode()
    assert "<html" not in html
    assert html.count(DISPUTED_INPUT) == 3
    assert html.count(DISPUTED_CONTEXT) == 1


def test_reading_the_disagreements_is_one_query_whatever_their_number(
    client, both, django_capture_on_commit_callbacks
):
    def queries() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            announce([both.slug])  # as an import does: the page is built again
        with CaptureQueriesContext(connection) as captured:
            assert client.get(both.get_absolute_url()).status_code == 200
        return len(captured)

    few = queries()
    assert few > 3  # the page was built, not read from the cache
    Discrepancy.objects.bulk_create(
        Discrepancy(
            kind="source_conflict",
            model=both,
            field=f"cached_input per_1m_tokens (region {n}) at openai",
            current_value="1",
            imported_value="2",
            dataset=f"other-{n}",
        )
        for n in range(30)
    )
    assert queries() == few


def test_editors_see_the_same_list_in_the_admin(both, editor_client):
    response = editor_client.get(reverse("admin:catalog_discrepancy_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "120000" in html
    assert "2.5" in html
    assert "Datasets disagree" in html
