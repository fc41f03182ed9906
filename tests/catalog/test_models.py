from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import AIModel, AIModelSlug, Price, Provider
from tests.factories import AIModelFactory, PriceFactory, ProviderFactory, ScoreFactory

pytestmark = pytest.mark.django_db


def test_negative_amount_is_rejected_by_the_database():
    price = PriceFactory.build(model=AIModelFactory(), amount=Decimal("-0.01"))
    price.host = price.model.creator
    with pytest.raises(IntegrityError), transaction.atomic():
        price.save()


def test_negative_amount_is_rejected_by_validation():
    price = PriceFactory.build(model=AIModelFactory(), amount=Decimal("-1"))
    price.host = price.model.creator
    with pytest.raises(ValidationError) as excinfo:
        price.full_clean()
    assert "amount" in excinfo.value.message_dict


def test_one_price_per_offer_component_condition_and_date():
    first = PriceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PriceFactory(model=first.model, host=first.host, amount=Decimal("9.99"))
    # A different condition or date is a different row.
    PriceFactory(model=first.model, condition="batch")
    PriceFactory(model=first.model, effective_from=first.effective_from + timedelta(days=1))
    assert Price.objects.filter(model=first.model).count() == 3


def test_slugs_are_unique():
    existing = AIModelFactory(slug="gpt-4o")
    with pytest.raises(IntegrityError), transaction.atomic():
        AIModel.objects.create(
            creator=existing.creator, name="Copy", slug="gpt-4o", category="text_generation"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.create(name="Another", slug=existing.creator.slug)


@pytest.mark.parametrize("slug", ["gpt-vs-claude", "vs-model", "model-vs", ""])
def test_database_refuses_slugs_that_break_comparison_urls(slug):
    model = AIModelFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AIModel.objects.filter(pk=model.pk).update(slug=slug)


@pytest.mark.parametrize("slug", ["gpt-vs-claude", "vs-model", "model-vs", "GPT-4o", "a--b", "a_b"])
def test_validation_explains_bad_slugs(slug):
    model = AIModelFactory.build(creator=ProviderFactory(), slug=slug)
    with pytest.raises(ValidationError) as excinfo:
        model.full_clean()
    assert "slug" in excinfo.value.message_dict


def test_provider_slug_cannot_contain_vs():
    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.create(name="Bad", slug="x-vs-y")


def test_score_interval_must_contain_the_value():
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreFactory(value=Decimal("1300"), ci_lower=Decimal("1301"))


def test_model_cannot_succeed_itself():
    model = AIModelFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        AIModel.objects.filter(pk=model.pk).update(successor=model)


class TestCurrentPrice:
    """A price is current when it is the newest row in effect on the date asked."""

    @pytest.fixture
    def history(self):
        model = AIModelFactory()
        old = PriceFactory(model=model, amount=Decimal("5.00"), effective_from=date(2024, 5, 13))
        new = PriceFactory(model=model, amount=Decimal("2.50"), effective_from=date(2024, 10, 2))
        return model, old, new

    def current_amounts(self, model, on):
        return list(
            Price.objects.current(on)
            .filter(model=model, component=Price.Component.INPUT_TOKENS)
            .values_list("amount", flat=True)
        )

    def test_before_any_price_there_is_none(self, history):
        model, _, _ = history
        assert self.current_amounts(model, date(2024, 5, 12)) == []

    def test_before_the_change_the_old_price_holds(self, history):
        model, _, _ = history
        assert self.current_amounts(model, date(2024, 10, 1)) == [Decimal("5.00")]

    def test_on_the_day_of_the_change_the_new_price_holds(self, history):
        model, _, _ = history
        assert self.current_amounts(model, date(2024, 10, 2)) == [Decimal("2.50")]

    def test_after_the_change_the_new_price_holds(self, history):
        model, _, _ = history
        assert self.current_amounts(model, date(2026, 1, 1)) == [Decimal("2.50")]

    def test_an_announced_future_price_is_not_current_yet(self, history):
        model, _, _ = history
        PriceFactory(model=model, amount=Decimal("1.00"), effective_from=date(2030, 1, 1))
        assert self.current_amounts(model, date(2026, 1, 1)) == [Decimal("2.50")]
        assert Price.objects.upcoming(date(2026, 1, 1)).filter(model=model).count() == 1

    def test_each_condition_and_host_keeps_its_own_current_row(self, history):
        model, _, _ = history
        PriceFactory(model=model, condition="batch", amount=Decimal("1.25"))
        PriceFactory(model=model, host=ProviderFactory(kind="host"), amount=Decimal("3.00"))
        amounts = sorted(self.current_amounts(model, date(2026, 1, 1)))
        assert amounts == [Decimal("1.25"), Decimal("2.50"), Decimal("3.00")]

    def test_history_lists_every_row_newest_first(self, history):
        model, old, new = history
        assert list(Price.objects.filter(model=model).history()) == [new, old]


def test_current_score_is_the_newest_snapshot():
    model = AIModelFactory()
    ScoreFactory(
        model=model,
        value=Decimal("1280"),
        ci_lower=None,
        ci_upper=None,
        measured_on=date(2025, 1, 1),
    )
    newest = ScoreFactory(
        model=model,
        value=Decimal("1290"),
        ci_lower=Decimal("1286"),
        ci_upper=Decimal("1294"),
        measured_on=date(2025, 8, 4),
    )
    assert list(model.scores.current()) == [newest]


class TestSlugHistory:
    def test_old_slug_resolves_to_the_model(self):
        model = AIModelFactory(slug="new-name")
        AIModelSlug.objects.create(slug="old-name", model=model)
        assert AIModel.objects.by_slug("old-name") == model
        assert AIModel.objects.by_slug("new-name") == model
        assert AIModel.objects.by_slug("never-existed") is None

    def test_old_slug_of_a_model_answers_301_to_its_page(self, client):
        model = AIModelFactory(slug="new-name")
        AIModelSlug.objects.create(slug="old-name", model=model)
        response = client.get("/models/old-name/")
        assert response.status_code == 301
        assert response["Location"] == "/models/new-name/"

    def test_a_new_model_cannot_take_a_slug_that_still_redirects(self):
        model = AIModelFactory(slug="new-name")
        AIModelSlug.objects.create(slug="old-name", model=model)
        other = AIModelFactory.build(creator=model.creator, slug="old-name")
        with pytest.raises(ValidationError) as excinfo:
            other.full_clean()
        assert "slug" in excinfo.value.message_dict
