"""The identity admin: editors keep aliases, creator patterns and offers, and merge duplicates."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.identity import CreatorPattern, ModelAlias, ProviderAlias
from catalog.importers.keys import identity_key
from catalog.models import AIModel, AIModelSlug, Offer, Price
from tests.factories import PriceFactory, ProviderFactory, text_model_with_prices

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "model"),
    [
        ("admin:catalog_modelalias_changelist", None),
        ("admin:catalog_creatorpattern_changelist", None),
        ("admin:catalog_provideralias_changelist", None),
        ("admin:catalog_offer_changelist", None),
        ("admin:catalog_modelalias_change", ModelAlias),
        ("admin:catalog_creatorpattern_change", CreatorPattern),
        ("admin:catalog_provideralias_change", ProviderAlias),
        ("admin:catalog_offer_change", Offer),
    ],
)
def test_editors_open_the_identity_pages_in_few_queries(
    editor_client, django_assert_max_num_queries, url_name, model
):
    chatgpt = text_model_with_prices(name="GPT-4o", slug="gpt-4o")
    ModelAlias.objects.create(text="gpt-4o-2024-08-06", key="gpt-4o-2024-08-06", model=chatgpt)
    Offer.objects.create(model=chatgpt, host=chatgpt.creator, context_window=128_000)
    args = [model.objects.first().pk] if model else []
    with django_assert_max_num_queries(12):
        assert editor_client.get(reverse(url_name, args=args)).status_code == 200


def test_the_seeded_rules_are_there():
    assert CreatorPattern.objects.filter(pattern="^(?:claude)", creator_slug="anthropic").exists()
    assert ProviderAlias.objects.filter(
        name="bedrock_converse", provider_slug="amazon-bedrock"
    ).exists()


def test_an_alias_an_editor_adds_is_keyed_by_its_spelling_free_form(editor_client):
    model = text_model_with_prices(name="Claude Sonnet 4.5", slug="claude-sonnet-4-5")
    response = editor_client.post(
        reverse("admin:catalog_modelalias_add"),
        {
            "text": "Claude-Sonnet-4.5 (Bedrock)",
            "kind": "alias",
            "model": model.pk,
            "condition": "",
        },
    )
    assert response.status_code == 302
    alias = ModelAlias.objects.get()
    assert (alias.key, alias.origin) == (identity_key("Claude-Sonnet-4.5 (Bedrock)"), "editor")


def test_an_alias_needs_its_model_unless_it_is_not_a_model(editor_client):
    response = editor_client.post(
        reverse("admin:catalog_modelalias_add"),
        {"text": "mystery-model", "kind": "alias", "model": "", "condition": ""},
    )
    assert response.status_code == 200
    assert "Choose the model this name stands for." in response.content.decode()
    assert not ModelAlias.objects.exists()


def test_merging_moves_prices_and_keeps_the_old_slug_and_id(editor_client):
    keep = text_model_with_prices(name="Claude Sonnet 4", slug="claude-sonnet-4")
    duplicate = text_model_with_prices(
        name="claude-4-sonnet-20250514", slug="claude-4-sonnet-20250514", creator=keep.creator
    )
    host = ProviderFactory(slug="amazon-bedrock", name="Amazon Bedrock", kind="host")
    PriceFactory(model=duplicate, host=host, amount=Decimal("3.30"))
    response = editor_client.post(
        reverse("admin:catalog_aimodel_changelist"),
        {
            "action": "merge",
            "_selected_action": [keep.pk, duplicate.pk],
            "target": keep.pk,
            "apply": "Merge",
        },
    )
    assert response.status_code == 302
    assert not AIModel.objects.filter(pk=duplicate.pk).exists()
    assert Price.objects.filter(model=keep, host=host, amount=Decimal("3.30")).exists()
    assert AIModelSlug.objects.filter(slug="claude-4-sonnet-20250514", model=keep).exists()
    assert ModelAlias.objects.filter(
        key=identity_key("claude-4-sonnet-20250514"), model=keep
    ).exists()
    # The duplicate's own prices for the same offer and date stay the kept model's.
    assert Price.objects.filter(model=keep, host=keep.creator).count() == 2
    assert Price.objects.filter(model=keep, effective_from=date(2025, 1, 1)).count() == 3


def test_the_merge_page_asks_which_model_stays(editor_client):
    one = text_model_with_prices(name="One")
    two = text_model_with_prices(name="Two")
    response = editor_client.post(
        reverse("admin:catalog_aimodel_changelist"),
        {"action": "merge", "_selected_action": [one.pk, two.pk]},
    )
    assert response.status_code == 200
    assert "Merge into" in response.content.decode()
    assert AIModel.objects.filter(pk__in=[one.pk, two.pk]).count() == 2


def unmapped_record(record_id="gpt-nine", reason="no rule names its creator"):
    from catalog.models import ImportRun, UnmappedRecord

    run = ImportRun.objects.create(dataset="litellm", location="prices.json", counted=2, mapped=1)
    return UnmappedRecord.objects.create(
        run=run, source_id=record_id, record_id=record_id, reason=reason
    )


def test_import_runs_and_their_records_are_browsable(editor_client, django_assert_max_num_queries):
    record = unmapped_record()
    with django_assert_max_num_queries(12):
        page = editor_client.get(reverse("admin:catalog_importrun_changelist"))
    assert "1 of 2" in page.content.decode()
    with django_assert_max_num_queries(12):
        listing = editor_client.get(reverse("admin:catalog_unmappedrecord_changelist"))
    assert record.record_id in listing.content.decode()
    with django_assert_max_num_queries(12):
        detail = editor_client.get(reverse("admin:catalog_importrun_change", args=[record.run.pk]))
    assert detail.status_code == 200


def test_a_record_mapped_from_the_admin_becomes_an_editors_alias(editor_client):
    record = unmapped_record()
    model = text_model_with_prices(name="GPT-9", slug="gpt-9")
    response = editor_client.post(
        reverse("admin:catalog_unmappedrecord_changelist"),
        {
            "action": "map_to_model",
            "_selected_action": [record.pk],
            "model": model.pk,
            "condition": "",
            "apply": "Map",
        },
    )
    assert response.status_code == 302
    alias = ModelAlias.objects.get(key="gpt-nine")
    assert (alias.model, alias.origin) == (model, "editor")
    record.refresh_from_db()
    assert record.settled


def test_a_record_marked_not_a_model_is_skipped_next_time(editor_client):
    record = unmapped_record("auto-router")
    editor_client.post(
        reverse("admin:catalog_unmappedrecord_changelist"),
        {"action": "mark_not_a_model", "_selected_action": [record.pk]},
    )
    alias = ModelAlias.objects.get(key="auto-router")
    assert (alias.kind, alias.model) == ("not_a_model", None)
