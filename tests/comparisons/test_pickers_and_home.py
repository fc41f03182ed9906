import pytest
from django.urls import reverse

from comparisons.models import FeaturedComparison
from tests.factories import AIModelFactory, BenchmarkFactory, ImageModelFactory, ScoreFactory

pytestmark = pytest.mark.django_db

PICKER = "/compare/"
HTMX = {"HX-Request": "true", "HX-Target": "page"}


class TestPickerWithoutJavaScript:
    def test_two_slugs_redirect_to_the_canonical_comparison(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": "claude-sonnet-4"})
        assert response.status_code == 302
        assert response["Location"] == "/compare/claude-sonnet-4-vs-gpt-4o/"

    def test_names_typed_in_any_case_are_understood(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": "CLAUDE SONNET 4"})
        assert response["Location"] == "/compare/claude-sonnet-4-vs-gpt-4o/"

    def test_a_missing_side_reshows_the_form_with_a_message(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": ""})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Choose the second model." in page
        assert 'value="gpt-4o"' in page

    def test_the_same_model_twice_is_explained(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": "GPT-4o"})
        assert response.status_code == 200
        assert "You chose GPT-4o twice" in response.content.decode()

    def test_an_unknown_model_gets_a_did_you_mean(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": "claude sonet 4"})
        page = response.content.decode()
        assert "We found no model called “claude sonet 4”" in page
        assert "Did you mean Claude Sonnet 4" in page

    def test_the_directorys_compare_checkboxes_land_on_the_comparison(self, client, demo_catalog):
        response = client.get(PICKER, {"compare": ["o3", "gpt-4o"]})
        assert response["Location"] == "/compare/gpt-4o-vs-o3/"

    def test_more_than_two_ticked_models_is_explained(self, client, demo_catalog):
        response = client.get(PICKER, {"compare": ["o3", "gpt-4o", "gpt-4-1"]})
        assert response.status_code == 200
        assert "Tick exactly two models" in response.content.decode()

    def test_an_empty_picker_is_a_form_not_an_error(self, client, demo_catalog):
        response = client.get(PICKER)
        assert response.status_code == 200
        assert "Choose two models to compare" in response.content.decode()


class TestPickerWithHtmx:
    def test_the_comparison_is_swapped_in_and_the_canonical_url_pushed(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": "flux-1-1-pro"}, headers=HTMX)
        assert response.status_code == 200
        assert response["HX-Push-Url"] == "/compare/flux-1-1-pro-vs-gpt-4o/"
        page = response.content.decode()
        assert '<article id="comparison"' in page
        assert "<html" not in page
        assert "<title>FLUX1.1 [pro] vs GPT-4o" in page
        assert "HX-Request" in response["Vary"]

    def test_a_half_finished_pick_changes_nothing(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": ""}, headers=HTMX)
        assert response.status_code == 204

    def test_an_unknown_name_shows_the_message_in_the_picker(self, client, demo_catalog):
        response = client.get(PICKER, {"a": "gpt-4o", "b": "nope"}, headers=HTMX)
        assert response["HX-Retarget"] == "[data-picker]"
        assert response["HX-Reswap"] == "outerHTML"
        assert "We found no model called “nope”" in response.content.decode()

    def test_a_history_restore_of_the_picker_gets_a_full_page(self, client, demo_catalog):
        headers = {**HTMX, "HX-History-Restore-Request": "true"}
        response = client.get(PICKER, {"a": "gpt-4o", "b": "o3"}, headers=headers)
        assert response.status_code == 302


class TestSuggestions:
    def url(self, **params):
        return reverse("catalog:suggest") + "?" + "&".join(f"{k}={v}" for k, v in params.items())

    def test_matches_are_grouped_by_category_and_limited(self, client, demo_catalog):
        response = client.get(self.url(field="a", a="o"))
        page = response.content.decode()
        assert page.count('role="option"') <= 10
        assert 'class="listbox-group"' in page

    def test_the_other_fields_category_comes_first(self, client, demo_catalog):
        page = client.get(self.url(field="b", b="", a="flux-1-1-pro")).content.decode()
        first_group = page.split('class="listbox-group"')[1]
        assert first_group.split("<", 1)[0].split(">")[1].strip() == "Image generation"
        text_first = client.get(self.url(field="b", b="", a="gpt-4o")).content.decode()
        assert (
            text_first.split('class="listbox-group"')[1]
            .split("</div>")[0]
            .endswith("Text generation")
        )

    def test_names_starting_with_the_text_rank_first(self, client):
        AIModelFactory(name="Alpha Large", slug="alpha-large")
        AIModelFactory(name="Big Alpha", slug="big-alpha")
        page = client.get(self.url(field="a", a="alp")).content.decode()
        assert page.index("Alpha Large") < page.index("Big Alpha")

    def test_it_stays_fast_with_many_models(
        self, client, large_catalog, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(4):
            page = client.get(self.url(field="a", a="catalog", b="catalog-model-5")).content
        assert page.decode().count('role="option"') == 10

    def test_no_match_says_so(self, client, demo_catalog):
        page = client.get(self.url(field="a", a="zzzz")).content.decode()
        assert "No model matches “zzzz”" in page


class TestHome:
    def test_home_shows_pickers_featured_popular_and_newest(self, client, demo_catalog):
        from catalog.models import AIModel

        FeaturedComparison.objects.create(
            model_a=AIModel.objects.get(slug="gpt-4o"),
            model_b=AIModel.objects.get(slug="flux-1-1-pro"),
            note="Different jobs, compared honestly.",
        )
        page = client.get("/").content.decode()
        assert 'action="/compare/"' in page
        assert 'name="a"' in page
        assert 'name="b"' in page
        assert 'href="/compare/flux-1-1-pro-vs-gpt-4o/"' in page
        assert "Different jobs, compared honestly." in page
        assert "Popular match-ups" in page
        top = list(
            AIModel.objects.published()
            .active()
            .in_category("text_generation")
            .rated()
            .order_by("-arena_score", "name")[:2]
        )
        first, second = sorted(model.slug for model in top)
        assert f'href="/compare/{first}-vs-{second}/"' in page
        newest = page.split("Newest models")[1]
        dated = AIModel.objects.published().filter(release_date__isnull=False)
        newest_model = dated.order_by("-release_date", "name").first()
        assert newest_model.name in newest
        assert newest_model.release_date.year == 2026

    def test_home_stays_within_its_query_budget(
        self, client, large_catalog, django_assert_max_num_queries
    ):
        for n in range(1, 6):
            FeaturedComparison.objects.create(
                model_a=large_catalog[n], model_b=large_catalog[n + 10], position=n
            )
        with django_assert_max_num_queries(6):
            assert client.get("/").status_code == 200

    def test_popular_pairs_stay_within_one_category(self, client):
        texts = [AIModelFactory() for _ in range(3)]
        images = [ImageModelFactory() for _ in range(3)]
        image_arena = BenchmarkFactory(
            slug="lmarena-text-to-image", name="LMArena Text-to-Image", category="image_generation"
        )
        for n, model in enumerate(texts + images):
            benchmark = image_arena if model in images else BenchmarkFactory()
            ScoreFactory(
                model=model,
                benchmark=benchmark,
                value=1000 + n,
                ci_lower=990 + n,
                ci_upper=1010 + n,
            )
        page = client.get("/").content.decode()
        section = page.split("Popular match-ups")[1].split("Newest models")[0]
        assert f"{images[2].name} vs {images[1].name}" in section
        assert f"{texts[2].name} vs {texts[1].name}" in section
        for text in texts:
            for image in images:
                assert f"{text.name} vs {image.name}" not in section
                assert f"{image.name} vs {text.name}" not in section
