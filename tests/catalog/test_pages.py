from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from catalog.models import AIModelSlug, Price, ProviderSlug
from pages.charts import step_chart
from tests.factories import (
    AIModelFactory,
    PriceFactory,
    ProviderFactory,
    ScoreFactory,
    text_model_with_prices,
)

pytestmark = pytest.mark.django_db


class TestModelPage:
    def test_specs_show_their_source_and_date(self, client, demo_catalog):
        page = client.get("/models/gpt-4o/").content.decode()
        assert "128,000 tokens" in page
        assert "Not disclosed by OpenAI" in page
        assert 'href="https://platform.openai.com/docs/models/gpt-4o"' in page
        assert "checked 24 Jul 2026" in page

    def test_prices_by_host_with_history(self, client):
        model = AIModelFactory(slug="priced")
        PriceFactory(model=model, amount=Decimal("5.00"), effective_from=date(2024, 5, 13))
        PriceFactory(model=model, amount=Decimal("2.50"), effective_from=date(2024, 10, 1))
        ended = PriceFactory(
            model=model,
            component="output_tokens",
            amount=Decimal("10.00"),
            effective_from=date(2024, 5, 13),
            ends_on=date(2025, 1, 1),
        )
        response = client.get("/models/priced/")
        page = response.content.decode()
        assert "$2.50 per 1M input tokens" in page
        statuses = {(row["price"].amount, row["status"]) for row in response.context["history"]}
        assert (Decimal("5.0000000000"), "history") in statuses
        assert (Decimal("2.5000000000"), "current") in statuses
        # A price its source stopped listing is history, never current.
        assert (ended.amount, "history") in statuses

    def test_a_model_sold_only_by_hosts_lists_each_host(self, client, demo_catalog):
        page = client.get("/models/llama-3-3-70b/").content.decode()
        for host in ("Groq", "Together AI", "Amazon Bedrock"):
            assert f"<h3>{host}" in page

    def test_the_history_chart_draws_a_step_for_each_dated_row(self, client):
        model = AIModelFactory(slug="stepper")
        for days, amount in ((0, "5.00"), (100, "4.00"), (200, "2.50")):
            PriceFactory(
                model=model,
                amount=Decimal(amount),
                effective_from=date(2024, 1, 1) + timedelta(days=days),
            )
        response = client.get("/models/stepper/")
        chart = response.context["charts"][0]["chart"]
        assert len(chart.steps) == 3
        assert chart.path.count(" V") == 2
        page = response.content.decode()
        assert page.count('class="step-point"') == 3
        assert 'data-steps="3"' in page

    def test_scores_show_their_interval(self, client, demo_catalog):
        page = client.get("/models/gpt-4o/").content.decode()
        assert "1282–1288" in page
        assert "47,973" in page

    def test_compare_with_links_stay_in_the_category(self, client, demo_catalog):
        response = client.get("/models/flux-1-1-pro/")
        related = response.context["related"]
        assert related
        assert all(item["other"].category == "image_generation" for item in related)
        assert all(item["url"].startswith("/compare/") for item in related)

    def test_compare_with_picks_the_nearest_prices_and_follows_a_price_change(
        self, client, django_capture_on_commit_callbacks
    ):
        with transaction.atomic():  # as an import would: one bump once it commits
            models = {
                price: text_model_with_prices(
                    name=f"Model {price}", input_price=price, output_price=price
                )
                for price in ["1.00", "2.00", "3.20", "10.00", "20.00"]
            }

        def related_names() -> list[str]:
            response = client.get(f"/models/{models['2.00'].slug}/")
            return [item["other"].name for item in response.context["related"]]

        assert related_names()[:3] == ["Model 1.00", "Model 3.20", "Model 10.00"]
        with django_capture_on_commit_callbacks(execute=True):
            PriceFactory(
                model=models["20.00"],
                component=Price.Component.INPUT_TOKENS,
                amount=Decimal("2.10"),
                effective_from=date.today(),
            )
            PriceFactory(
                model=models["20.00"],
                component=Price.Component.OUTPUT_TOKENS,
                amount=Decimal("2.10"),
                effective_from=date.today(),
            )
        assert related_names()[:3] == ["Model 20.00", "Model 1.00", "Model 3.20"]

    def test_deprecated_models_carry_a_banner(self, client):
        successor = AIModelFactory(slug="newer", name="Newer Model")
        AIModelFactory(slug="older", name="Older Model", status="deprecated", successor=successor)
        page = client.get("/models/older/").content.decode()
        assert "Older Model is deprecated." in page
        assert 'href="/models/newer/"' in page

    def test_an_old_slug_redirects(self, client):
        model = AIModelFactory(slug="fresh")
        AIModelSlug.objects.create(slug="stale", model=model)
        response = client.get("/models/stale/")
        assert response.status_code == 301
        assert response["Location"] == "/models/fresh/"

    def test_an_unknown_slug_is_a_404_with_suggestions(self, client, demo_catalog):
        response = client.get("/models/gpt-40/")
        assert response.status_code == 404
        assert 'href="/models/gpt-4o/"' in response.content.decode()

    def test_query_budget_on_a_large_catalog(
        self, client, large_catalog, django_assert_max_num_queries
    ):
        # The model and its hosts' limits, prices, scores, what other sources say of
        # them, history, and the "compare with" index (models and their prices) of its
        # category.
        for model in (large_catalog[3], large_catalog[5]):
            with django_assert_max_num_queries(11):
                assert client.get(f"/models/{model.slug}/").status_code == 200


class TestProviderPage:
    def test_models_made_and_models_hosted(self, client, demo_catalog):
        page = client.get("/providers/amazon-bedrock/").content.decode()
        made = page.split("Models by Amazon Bedrock")[1].split("Models Amazon Bedrock hosts")[0]
        hosted = page.split("Models Amazon Bedrock hosts")[1]
        assert "makes no published model" in made
        assert "Claude Sonnet 4.5" in hosted
        assert "Llama 3.3 70B Instruct" in hosted

    def test_a_lab_lists_its_models(self, client, demo_catalog):
        page = client.get("/providers/black-forest-labs/").content.decode()
        assert "FLUX1.1 [pro]" in page
        assert "https://bfl.ai/pricing" in page

    def test_old_and_unknown_slugs(self, client):
        provider = ProviderFactory(slug="new-lab")
        ProviderSlug.objects.create(slug="old-lab", provider=provider)
        assert client.get("/providers/old-lab/")["Location"] == "/providers/new-lab/"
        assert client.get("/providers/no-such-lab/").status_code == 404

    def test_query_budget(self, client, large_catalog, django_assert_max_num_queries):
        host = ProviderFactory(slug="big-host", kind="host")
        for model in large_catalog[:50]:
            PriceFactory(model=model, host=host)
        with django_assert_max_num_queries(5):
            assert client.get("/providers/big-host/").status_code == 200
        with django_assert_max_num_queries(5):
            assert client.get("/providers/synthetic-lab-1/").status_code == 200


def test_step_chart_is_empty_without_rows():
    assert step_chart([], until=date(2026, 1, 1), describe=str, date_text=str) is None


def test_step_chart_runs_to_today():
    chart = step_chart(
        [(date(2025, 1, 1), Decimal("2")), (date(2025, 6, 1), Decimal("1"))],
        until=date(2026, 1, 1),
        describe=lambda amount: f"${amount}",
        date_text=str,
    )
    assert chart.end_label == "2026-01-01"
    assert chart.steps[0].y < chart.steps[1].y  # the cheaper price sits lower
    assert chart.path.endswith(f"H{chart.width - 8:.1f}")


def test_model_page_scores_listed(client):
    model = text_model_with_prices(slug="scored")
    ScoreFactory(model=model)
    assert "LMArena Text" in client.get("/models/scored/").content.decode()
