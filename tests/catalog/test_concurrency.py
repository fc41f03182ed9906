"""Editors' conflicts: a form opened before a colleague's save cannot overwrite it."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from catalog.models import AIModel, Price
from tests.admin_forms import admin_post_data
from tests.factories import text_model_with_prices

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague_client(db) -> Client:
    user = User.objects.create_user("colleague", password="another-long-passphrase")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def refusal(response) -> str:
    assert response.status_code == 200, "the stale form was saved"
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def test_a_stale_model_form_is_refused_and_the_colleagues_change_kept(
    editor_client, colleague_client
):
    model = text_model_with_prices(slug="gpt-4o", name="GPT-4o")
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    mine = admin_post_data(editor_client.get(url))
    theirs = admin_post_data(colleague_client.get(url))

    theirs["context_window"] = "200000"
    assert colleague_client.post(url, theirs).status_code == 302

    mine["description"] = "My edit, made on an old copy."
    message = refusal(editor_client.post(url, mine))
    assert "Someone else changed this AI model after you opened it" in message
    assert "colleague saved it on" in message
    model.refresh_from_db()
    assert model.context_window == 200000
    assert model.description != "My edit, made on an old copy."
    # Sending the same stale form again is refused again; a fresh one saves.
    assert "Someone else changed" in refusal(editor_client.post(url, mine))
    fresh = admin_post_data(editor_client.get(url))
    fresh["description"] = "My edit, made on the current copy."
    assert editor_client.post(url, fresh).status_code == 302
    model.refresh_from_db()
    assert model.context_window == 200000
    assert model.description == "My edit, made on the current copy."


def test_a_stale_price_form_is_refused(editor_client, colleague_client):
    model = text_model_with_prices(input_price="2.50")
    price = Price.objects.get(model=model, component="input_tokens")
    url = reverse("admin:catalog_price_change", args=[price.pk])
    mine = admin_post_data(editor_client.get(url))
    theirs = admin_post_data(colleague_client.get(url))
    theirs["amount"] = "2.25"
    assert colleague_client.post(url, theirs).status_code == 302
    mine["condition"] = "batch"
    assert "Someone else changed this price" in refusal(editor_client.post(url, mine))
    price.refresh_from_db()
    assert str(price.amount).rstrip("0") == "2.25"
    assert price.condition == ""


def test_a_change_made_outside_the_admin_also_counts(editor_client):
    model = text_model_with_prices()
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    mine = admin_post_data(editor_client.get(url))
    AIModel.objects.filter(pk=model.pk).update(max_output_tokens=4321)  # an import, a script
    mine["description"] = "Edited"
    assert "changed outside the admin" in refusal(editor_client.post(url, mine))
    model.refresh_from_db()
    assert model.max_output_tokens == 4321


def test_a_row_deleted_while_its_form_was_open_is_not_recreated():
    from django.forms import modelform_factory

    from catalog.concurrency import TOKEN_FIELD, ConcurrencyGuardForm

    model = text_model_with_prices(input_price="2.50")
    price = Price.objects.get(model=model, component="input_tokens")
    PriceForm = modelform_factory(Price, form=ConcurrencyGuardForm, fields=["amount", "condition"])
    opened = PriceForm(instance=price)
    data = {"amount": "2.00", "condition": "", TOKEN_FIELD: opened[TOKEN_FIELD].value()}
    form = PriceForm(data, instance=price)
    Price.objects.filter(pk=price.pk).delete()  # by someone else, while the form was open
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "deleted"
    assert not Price.objects.filter(pk=price.pk).exists()


def test_saves_and_actions_are_in_the_admin_history_with_who_and_when(editor_client, editor):
    model = text_model_with_prices(slug="gpt-4o", name="GPT-4o")
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    data = admin_post_data(editor_client.get(url))
    data["context_window"] = "64000"
    assert editor_client.post(url, data).status_code == 302
    changelist = reverse("admin:catalog_aimodel_changelist")
    action = {"action": "unpublish", "_selected_action": [model.pk]}
    assert editor_client.post(changelist, action).status_code == 302

    entries = LogEntry.objects.filter(object_id=str(model.pk)).order_by("action_time")
    assert [(entry.user, entry.action_flag) for entry in entries] == [
        (editor, CHANGE),
        (editor, CHANGE),
    ]
    assert "Context window" in entries[0].get_change_message()
    assert entries[1].get_change_message() == "Unpublished."
    assert all(entry.action_time is not None for entry in entries)
    history = editor_client.get(reverse("admin:catalog_aimodel_history", args=[model.pk]))
    assert b"Unpublished." in history.content
    assert b"editor" in history.content


def test_publishing_is_in_the_admin_history_too(editor_client, editor):
    model = text_model_with_prices(is_published=False)
    changelist = reverse("admin:catalog_aimodel_changelist")
    action = {"action": "publish", "_selected_action": [model.pk]}
    assert editor_client.post(changelist, action).status_code == 302
    model.refresh_from_db()
    assert model.is_published
    [entry] = LogEntry.objects.filter(object_id=str(model.pk))
    assert (entry.user, entry.get_change_message()) == (editor, "Published.")


def test_an_admin_save_that_fails_halfway_leaves_the_data_as_it_was(editor_client, monkeypatch):
    """The model row is written first and the old slug second; if the database fails in
    between, the page says so (503) and the first write is rolled back."""
    from django.db import OperationalError

    from catalog import admin as catalog_admin

    def database_fails(*args, **kwargs):
        raise OperationalError("the database went away")

    model = text_model_with_prices(slug="old-slug", name="Old Name")
    url = reverse("admin:catalog_aimodel_change", args=[model.pk])
    data = admin_post_data(editor_client.get(url))
    data.update(slug="new-slug", name="New Name")
    monkeypatch.setattr(catalog_admin, "record_old_slug", database_fails)
    response = editor_client.post(url, data)
    assert response.status_code == 503
    model.refresh_from_db()
    assert (model.slug, model.name) == ("old-slug", "Old Name")
    assert not LogEntry.objects.filter(object_id=str(model.pk)).exists()
