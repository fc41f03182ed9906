from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from catalog.models import AIModel, AIModelSlug, Price
from tests.admin_forms import admin_post_data
from tests.factories import BenchmarkFactory, ScoreFactory, text_model_with_prices

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:catalog_aimodel_changelist",
        "admin:catalog_aimodel_add",
        "admin:catalog_price_changelist",
        "admin:catalog_price_add",
        "admin:catalog_score_changelist",
        "admin:catalog_provider_changelist",
    ],
)
def test_editors_can_open_catalog_pages(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
        "admin:catalog_provider_add",
    ],
)
def test_editors_cannot_manage_users_groups_or_providers(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_editors_cannot_delete_providers_or_models(editor_client):
    model = text_model_with_prices()
    provider_delete = reverse("admin:catalog_provider_delete", args=[model.creator.pk])
    model_delete = reverse("admin:catalog_aimodel_delete", args=[model.pk])
    assert editor_client.get(provider_delete).status_code == 403
    assert editor_client.get(model_delete).status_code == 403
    user_delete = reverse("admin:auth_user_delete", args=[User.objects.get().pk])
    assert editor_client.get(user_delete).status_code == 403


def test_model_changelist_shows_the_current_price(editor_client):
    text_model_with_prices(name="Cheap Model", input_price="0.15", output_price="0.60")
    response = editor_client.get(reverse("admin:catalog_aimodel_changelist"))
    assert "$0.15 / $0.60 per 1M tokens" in response.content.decode()


def test_stale_filter_finds_models_whose_current_price_was_checked_long_ago(editor_client):
    stale = text_model_with_prices(name="Stale Model")
    fresh = text_model_with_prices(name="Fresh Model")
    Price.objects.filter(model=fresh).update(checked_on=date.today())
    url = reverse("admin:catalog_aimodel_changelist")
    page = editor_client.get(url, {"price_check": "stale"}).content.decode()
    assert stale.name in page
    assert fresh.name not in page


@pytest.mark.parametrize(
    ("url_name", "cap"),
    [
        ("admin:catalog_aimodel_changelist", 12),
        ("admin:catalog_price_changelist", 12),
        ("admin:catalog_score_changelist", 12),
        ("admin:catalog_provider_changelist", 10),
    ],
)
def test_changelists_stay_within_a_query_cap(
    editor_client, django_assert_max_num_queries, url_name, cap
):
    benchmark = BenchmarkFactory()
    for _ in range(40):
        model = text_model_with_prices()
        ScoreFactory(model=model, benchmark=benchmark)
    with django_assert_max_num_queries(cap):
        assert editor_client.get(reverse(url_name)).status_code == 200


def test_model_change_page_stays_within_a_query_cap(editor_client, django_assert_max_num_queries):
    model = text_model_with_prices()
    ScoreFactory(model=model)
    with django_assert_max_num_queries(25):
        response = editor_client.get(reverse("admin:catalog_aimodel_change", args=[model.pk]))
    assert response.status_code == 200


def test_editor_adds_a_dated_price_and_the_history_stays(editor_client):
    model = text_model_with_prices(slug="gpt-4o", name="GPT-4o", input_price="2.50")
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    data = admin_post_data(editor_client.get(url))
    new_row = "prices-0-"  # the "add a new price" inline comes first
    data.update(
        {
            f"{new_row}host": model.creator.pk,
            f"{new_row}component": "input_tokens",
            f"{new_row}unit": "per_1m_tokens",
            f"{new_row}amount": "2.00",
            f"{new_row}effective_from": "2026-01-01",
            f"{new_row}source_url": "https://openai.com/api/pricing/",
            f"{new_row}checked_on": "2026-01-01",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    amounts = Price.objects.filter(model=model, component="input_tokens").history()
    assert [price.amount for price in amounts] == [Decimal("2.00"), Decimal("2.50")]
    page = editor_client.get(url).content.decode()
    assert "Price history" in page
    assert page.index("$2.00") < page.index("$2.50") or "2.0000000000" in page


def test_renaming_a_model_in_the_admin_keeps_the_old_slug(editor_client):
    model = text_model_with_prices(slug="old-slug")
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    data = admin_post_data(editor_client.get(url))
    data["slug"] = "new-slug"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert AIModelSlug.objects.get(slug="old-slug").model == model
    assert AIModel.objects.by_slug("old-slug") == AIModel.objects.get(slug="new-slug")


def test_benchmark_and_score_lists_filter_by_the_new_fields(
    editor_client, django_assert_max_num_queries
):
    polyglot = BenchmarkFactory(
        slug="aider-polyglot", name="Aider Polyglot", family="Aider", designation="coding"
    )
    ScoreFactory(benchmark=polyglot, value=Decimal("61"), ci_lower=None, ci_upper=None)
    ScoreFactory(measured_by="lab", dataset="llm-stats")
    with django_assert_max_num_queries(12):
        page = editor_client.get(
            reverse("admin:catalog_benchmark_changelist"), {"designation": "coding"}
        ).content.decode()
    assert "Aider Polyglot" in page
    assert "LMArena Text" not in page
    with django_assert_max_num_queries(12):
        page = editor_client.get(
            reverse("admin:catalog_score_changelist"), {"measured_by__exact": "lab"}
        ).content.decode()
    assert "Reported by its maker" in page
    assert "llm-stats" in page


def test_a_model_on_many_boards_still_saves_in_the_admin(editor_client):
    """The model's page edits the designated boards' and editors' scores; the others are
    in the Score list, so a model on hundreds of boards does not overflow the form."""
    model = text_model_with_prices()
    ScoreFactory(model=model)  # on the designated board
    for n in range(120):
        board = BenchmarkFactory(slug=f"board-{n}", name=f"Board {n}")
        ScoreFactory(model=model, benchmark=board, dataset="lmarena", origin="import")
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    data = admin_post_data(editor_client.get(url))
    assert int(data["scores-TOTAL_FORMS"]) == 1
    assert editor_client.post(url, data).status_code == 302
