import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FLUX_GPT = "/compare/flux-1-1-pro-vs-gpt-4o/"
SONNET_GPT = "/compare/claude-sonnet-4-vs-gpt-4o/"


def text_of(response) -> str:
    return response.content.decode()


class TestSeedPairs:
    def test_flux_vs_gpt4o_states_units_and_that_they_do_different_jobs(self, client, demo_catalog):
        response = client.get(FLUX_GPT)
        assert response.status_code == 200
        page = text_of(response)
        assert "$0.04 per image" in page
        assert "$2.50 per 1M input tokens" in page
        assert "$10.00 per 1M output tokens" in page
        assert "not directly comparable" in page
        assert "leads" not in response.context["c"].verdict.headline
        assert "/img/1M" not in page
        assert "Not comparable: different units" in page

    def test_a_same_category_pair_shows_a_verdict_consistent_with_its_table(
        self, client, demo_catalog
    ):
        response = client.get(SONNET_GPT)
        assert response.status_code == 200
        verdict = response.context["c"].verdict
        assert verdict.same_job
        winners = [c for c in verdict.categories if c.outcome.value == verdict.leader.value]
        # Quality, coding (Aider Polyglot), context, output and capabilities; GPT-4o price.
        assert (len(winners), verdict.comparable) == (5, 6)
        assert verdict.headline.endswith("leads five of the six categories we can compare")
        page = text_of(response)
        assert verdict.headline in page
        decided = page.count('class="tag">decides')
        assert decided == len(verdict.categories)

    def test_every_section_is_there_in_order(self, client, demo_catalog):
        page = text_of(client.get(SONNET_GPT))
        headings = [
            "Head to head",
            "Price breakdown",
            "Key differences",
            "About the models",
            "When to use each",
            "Cost calculator",
            "Frequently asked questions",
            "Sources",
        ]
        positions = [page.index(f">{heading}</h2>") for heading in headings]
        assert positions == sorted(positions)
        assert "Last updated" in page

    def test_deprecated_models_carry_a_banner_with_their_successor(self, client, demo_catalog):
        from catalog.models import AIModel

        AIModel.objects.filter(slug="claude-sonnet-4").update(
            status="deprecated", successor=AIModel.objects.get(slug="claude-sonnet-4-5")
        )
        page = text_of(client.get(SONNET_GPT))
        assert "Claude Sonnet 4 is deprecated." in page
        assert reverse("catalog:model_detail", kwargs={"slug": "claude-sonnet-4-5"}) in page

    def test_every_number_cites_a_listed_source(self, client, demo_catalog):
        response = client.get(SONNET_GPT)
        page = text_of(response)
        for source in response.context["sources"]:
            assert f'id="source-{source.number}"' in page
            assert f'href="#source-{source.number}"' in page


class TestAddresses:
    def test_the_reverse_order_answers_301_to_the_canonical_url(self, client, demo_catalog):
        response = client.get("/compare/gpt-4o-vs-flux-1-1-pro/")
        assert response.status_code == 301
        assert response["Location"] == FLUX_GPT

    def test_the_redirect_keeps_the_workload(self, client, demo_catalog):
        response = client.get("/compare/gpt-4o-vs-flux-1-1-pro/?images=5")
        assert response["Location"] == FLUX_GPT + "?images=5"

    def test_an_old_slug_answers_301(self, client, demo_catalog):
        from catalog.models import AIModel, AIModelSlug

        AIModelSlug.objects.create(slug="gpt4o", model=AIModel.objects.get(slug="gpt-4o"))
        response = client.get("/compare/flux-1-1-pro-vs-gpt4o/")
        assert response.status_code == 301
        assert response["Location"] == FLUX_GPT

    def test_an_unknown_slug_is_a_404_that_suggests_close_matches(self, client, demo_catalog):
        response = client.get("/compare/flux-1-1-pro-vs-gpt-4oo/")
        assert response.status_code == 404
        page = text_of(response)
        assert "gpt-4oo" in page
        assert 'href="/models/gpt-4o/"' in page

    def test_a_model_compared_with_itself_redirects_to_its_page(self, client, demo_catalog):
        response = client.get("/compare/gpt-4o-vs-gpt-4o/")
        assert response.status_code == 301
        assert response["Location"] == "/models/gpt-4o/"

    @pytest.mark.parametrize(
        "path",
        [
            "/compare/gpt-4o/",
            "/compare/a-vs-b-vs-c/",
            "/compare/GPT-4o-vs-o3/",
            "/compare/-vs-o3/",
            "/compare/gpt-4o-vs-/",
            "/compare/gpt_4o-vs-o3/",
        ],
    )
    def test_anything_malformed_is_a_404(self, client, demo_catalog, path):
        assert client.get(path).status_code == 404

    def test_unpublished_models_are_not_compared(self, client, demo_catalog):
        from catalog.models import AIModel

        AIModel.objects.filter(slug="gpt-4o").update(is_published=False)
        assert client.get(FLUX_GPT).status_code == 404


def test_the_page_stays_within_eight_queries_on_a_300_model_catalog(
    client, large_catalog, django_assert_max_num_queries
):
    a, b = sorted([large_catalog[1].slug, large_catalog[2].slug])
    with django_assert_max_num_queries(8):
        response = client.get(f"/compare/{a}-vs-{b}/")
    assert response.status_code == 200
    a, b = sorted([large_catalog[0].slug, large_catalog[1].slug])
    with django_assert_max_num_queries(8):
        assert client.get(f"/compare/{a}-vs-{b}/").status_code == 200


class TestCalculator:
    def test_a_workload_in_the_url_is_priced(self, client, demo_catalog):
        response = client.get(SONNET_GPT, {"input_tokens": "1,000,000", "output_tokens": "0"})
        page = text_of(response)
        assert response.status_code == 200
        assert "1,000,000 input tokens at $3.00 per 1M input tokens" in page
        assert "$2.50" in page
        costs = {cost.model: cost.total_text for cost in response.context["story"].costs}
        assert costs == {"Claude Sonnet 4": "$3.00", "GPT-4o": "$2.50"}

    def test_only_the_fields_a_pair_needs_are_read(self, client, demo_catalog):
        """An image pair ignores token parameters, even invalid ones, and a shown field
        the query leaves out keeps the pair's default (1,000 images)."""
        pair = "/compare/dall-e-3-vs-gpt-image-1/"
        stories = {}
        for query in ({"cached_share": "150"}, {"batch": "on"}, {"image_quality": "high"}):
            response = client.get(pair, query)
            assert response.status_code == 200
            story = stories[next(iter(query))] = response.context["story"]
            assert story.workload is not None, query
            assert story.workload.images == 1_000
            assert story.workload.cached_share == 0
            assert all(cost.total is not None for cost in story.costs)
        assert stories["image_quality"].workload.image_quality == "high"
        # A field that applies still gets its own error.
        page = text_of(client.get(pair, {"image_size": "9x9"}))
        assert "Select a valid choice" in page

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("input_tokens", "-5", "greater than or equal to 0"),
            ("input_tokens", "lots", "whole number of tokens"),
            ("images", "1e9", "whole number of images"),
            ("output_tokens", "nan", "whole number of tokens"),
            ("output_tokens", "9" * 40, "no longer than 20 digits"),
            ("input_tokens", "99999999999999", "less than or equal to"),
        ],
    )
    def test_bad_numbers_get_a_friendly_message(self, client, demo_catalog, field, value, message):
        response = client.get(FLUX_GPT, {field: value})
        assert response.status_code == 200
        page = text_of(response)
        assert message in page
        assert 'aria-invalid="true"' in page
        assert "Fix the numbers above" in page

    def test_htmx_gets_only_the_calculator_fragment(self, client, demo_catalog):
        response = client.get(
            SONNET_GPT,
            {"input_tokens": "2000000", "output_tokens": "0"},
            headers={"HX-Request": "true", "HX-Target": "cost-calculator"},
        )
        page = text_of(response)
        assert response.status_code == 200
        assert page.lstrip().startswith('<section id="cost-calculator"')
        assert "<html" not in page
        assert "$6.00" in page
        assert "HX-Request" in response["Vary"]

    def test_the_full_page_also_varies_on_htmx(self, client, demo_catalog):
        response = client.get(SONNET_GPT)
        assert "HX-Request" in response["Vary"]
        assert "<html" in text_of(response)

    def test_a_history_restore_gets_the_full_page(self, client, demo_catalog):
        response = client.get(
            SONNET_GPT,
            headers={
                "HX-Request": "true",
                "HX-History-Restore-Request": "true",
                "HX-Target": "cost-calculator",
            },
        )
        assert "<html" in text_of(response)

    def test_an_htmx_request_for_another_target_gets_the_comparison(self, client, demo_catalog):
        response = client.get(SONNET_GPT, headers={"HX-Request": "true", "HX-Target": "main"})
        page = text_of(response)
        assert page.lstrip().startswith("<title>Claude Sonnet 4 vs GPT-4o")
        assert '<article id="comparison"' in page
        assert "<html" not in page
