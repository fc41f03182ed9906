"""The JSON API: its answers, errors, cache validators, CORS, rate limit and queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import AIModel, Price
from comparisons.cost import format_money
from comparisons.metrics import BLENDED_UNIT
from tests.factories import PriceFactory, ProviderFactory
from web.caching import clear_local_copies

API = "/api/v1"


def get(client, path, **kwargs):
    return client.get(f"{API}{path}", **kwargs)


class TestModels:
    def test_every_filtered_model_once_by_following_the_cursor(self, client, demo_catalog):
        for query in (
            {"category": "text_generation"},
            {"sort": "price"},
            {"sort": "newest"},
            {"sort": "score"},  # models without a score follow those with one
            {"sort": "context", "open_weights": "yes"},
        ):
            expected = AIModel.objects.published()
            if "category" in query:
                expected = expected.filter(category=query["category"])
            if "open_weights" in query:
                expected = expected.filter(open_weights=True)
            seen, params, pages = [], {**query, "limit": 100}, 0
            while True:
                body = get(client, "/models", data=params).json()
                seen += [item["slug"] for item in body["results"]]
                pages += 1
                if body["next_cursor"] is None:
                    break
                params["cursor"] = body["next_cursor"]
            assert body["count"] == expected.count()
            assert sorted(seen) == sorted(expected.values_list("slug", flat=True))
            assert pages == -(-body["count"] // 100)

    def test_a_cursor_holds_its_place_when_a_model_is_added_before_it(self, client, demo_catalog):
        first = get(client, "/models", data={"limit": 5}).json()
        second = get(client, "/models", data={"limit": 5, "cursor": first["next_cursor"]}).json()
        model = AIModel.objects.published().get(slug=first["results"][0]["slug"])
        AIModel.objects.create(
            name="Aaa First Model",
            slug="aaa-first-model",
            creator=model.creator,
            category=model.category,
            is_published=True,
        )
        again = get(client, "/models", data={"limit": 5, "cursor": first["next_cursor"]}).json()
        assert again["results"] == second["results"]

    def test_filters_as_in_the_directory(self, client, demo_catalog):
        body = get(client, "/models", data={"max_price": "1", "sort": "price", "limit": 100}).json()
        assert body["results"]
        amounts = []
        for item in body["results"]:
            price = item["headline_price"]
            assert price["state"] == "known"
            assert price["unit"] == BLENDED_UNIT
            amounts.append((item["category"], Decimal(price["value"])))
            assert Decimal(price["value"]) <= 1
        assert amounts == sorted(amounts)
        page = client.get("/models/", {"max_price": "1"}).content.decode()
        assert f"{body['count']} model" in page

        open_only = get(client, "/models", data={"open_weights": "yes", "limit": 100}).json()
        assert open_only["results"]
        assert all(m["open_weights"] for m in open_only["results"])

    def test_money_is_a_decimal_string_never_a_float(self, client, demo_catalog):
        body = get(client, "/models/gpt-4o").json()
        for offer in body["offers"]:
            for price in offer["prices"]:
                assert isinstance(price["price"]["amount"], str)
                Decimal(price["price"]["amount"])
                assert price["price"]["currency"] == "USD"
        assert b'"amount": 2.5' not in get(client, "/models/gpt-4o").content

    @pytest.mark.parametrize(
        "query",
        [
            {"sort": "cheapest"},
            {"limit": "0"},
            {"limit": "1000"},
            {"min_context": "-1"},
            {"max_price": "abc"},
            {"cursor": "not-a-cursor"},
            {"cursor": "eyJzIjoibmFtZSIsImsiOlsxXX0"},  # a cursor of the wrong shape
            # A price cursor holding NaN, which no comparison can order.
            {
                "sort": "price",
                "cursor": "eyJzIjogInByaWNlIiwgImsiOiBbInRleHRfZ2VuZXJhdGlvbiIsIGZhbHNlLCAi"
                "YmxlbmRlZDpwZXJfMW1fdG9rZW5zIiwgeyJkIjogIk5hTiJ9LCAieCIsICJ4IiwgIngiXX0",
            },
        ],
    )
    def test_bad_parameters_are_a_400_in_json(self, client, demo_catalog, query):
        response = get(client, "/models", data=query)
        assert response.status_code == 400
        body = response.json()
        assert body["status"] == 400
        assert body["error"] == "Bad Request"
        assert body["detail"]

    def test_an_unknown_creator_is_a_404(self, client, demo_catalog):
        response = get(client, "/models", data={"creator": ["openai", "no-such-lab"]})
        assert response.status_code == 404
        assert response.json()["errors"][0]["field"] == "creator"

    def test_next_names_only_the_filters(self, client, demo_catalog):
        get(client, "/models", data={"limit": 3, "sort": "context", "utm_source": "mail"})
        body = get(client, "/models", data={"limit": 3, "sort": "context"}).json()
        assert "utm_source" not in body["next"]
        assert "sort=context" in body["next"]
        assert "limit=3" in body["next"]
        following = client.get(body["next"]).json()
        assert following["results"][0]["slug"] not in {m["slug"] for m in body["results"]}

    def test_a_cursor_from_another_order_is_refused(self, client, demo_catalog):
        first = get(client, "/models", data={"limit": 2, "sort": "newest"}).json()
        response = get(client, "/models", data={"limit": 2, "cursor": first["next_cursor"]})
        assert response.status_code == 400
        assert "another order" in response.json()["detail"]


class TestModel:
    def test_specs_carry_their_state_source_and_date(self, client, demo_catalog):
        body = get(client, "/models/gpt-4o").json()
        specs = {spec["key"]: spec["fact"] for spec in body["specs"]}
        assert specs["context_window"]["state"] == "known"
        assert specs["context_window"]["value"] == "128000"
        assert specs["context_window"]["source_url"].startswith("https://")
        assert specs["context_window"]["checked_on"]
        states = {fact["state"] for fact in specs.values()}
        assert states <= {"known", "unknown", "not disclosed"}

    def test_prices_history_and_scores(self, client, demo_catalog):
        body = get(client, "/models/gpt-4o").json()
        assert {offer["host_slug"] for offer in body["offers"]} >= {"openai"}
        statuses = {row["status"] for row in body["price_history"]}
        assert "current" in statuses
        assert len(body["price_history"]) == Price.objects.filter(model__slug="gpt-4o").count()
        arena = [s for s in body["scores"] if s["benchmark_slug"] == "lmarena-text"]
        assert arena
        assert arena[0]["ci_lower"] is not None
        assert arena[0]["rank"] >= 1

    def test_modalities_with_their_source(self, client, demo_catalog):
        body = get(client, "/models/gpt-4o").json()
        assert "image" in body["modalities"]["input"]
        assert body["modalities"]["output"] == ["text"]
        assert body["modalities"]["source_url"].startswith("https://")
        assert body["status"] == "active"

    def test_an_old_slug_answers_with_the_model_it_became(self, client, demo_catalog):
        from catalog.models import AIModelSlug

        old = AIModelSlug.objects.select_related("model").filter(model__is_published=True).first()
        body = get(client, f"/models/{old.slug}").json()
        assert body["slug"] == old.model.slug

    def test_unknown_and_unpublished_models_are_404_in_json(self, client, demo_catalog):
        AIModel.objects.filter(slug="gpt-4o").update(is_published=False)
        for slug in ("gpt-4o", "no-such-model"):
            response = get(client, f"/models/{slug}")
            assert response.status_code == 404
            assert response["Content-Type"] == "application/json"
            assert slug in response.json()["detail"]


class TestOthers:
    def test_providers(self, client, demo_catalog):
        listed = {p["slug"]: p for p in get(client, "/providers").json()}
        assert listed["openai"]["models_made"] > 10
        assert "amazon-bedrock" in listed  # a host that makes nothing
        bedrock = get(client, "/providers/amazon-bedrock").json()
        assert bedrock["made"] == []
        assert any(m["slug"] == "claude-sonnet-4-5" for m in bedrock["hosted"])
        assert get(client, "/providers/nobody").status_code == 404

    def test_a_leaderboard(self, client, demo_catalog):
        assert any(b["slug"] == "lmarena-text" for b in get(client, "/benchmarks").json())
        board = get(client, "/benchmarks/lmarena-text").json()
        ranks = [standing["rank"] for standing in board["standings"]]
        assert ranks == sorted(ranks)
        assert ranks[0] == 1
        assert all(isinstance(standing["value"], str) for standing in board["standings"])
        assert get(client, "/benchmarks/no-board").status_code == 404

    def test_a_comparison_has_one_address(self, client, demo_catalog):
        from catalog.models import AIModelSlug

        canonical = f"{API}/compare/claude-sonnet-4-5-vs-gpt-5"
        other = get(client, "/compare/gpt-5-vs-claude-sonnet-4-5")
        assert other.status_code == 301
        assert other["Location"] == canonical
        old = AIModelSlug.objects.filter(model__slug="gpt-5").first()
        if old is not None:
            assert get(client, f"/compare/claude-sonnet-4-5-vs-{old.slug}")["Location"] == canonical
        one = client.get(canonical).json()
        assert one["a"]["slug"] == "claude-sonnet-4-5"
        assert one["verdict"]["categories"]
        for row in one["rows"]:
            if row["outcome"] in ("not comparable", "informational"):
                continue
            assert row["outcome"] in ("a", "b", "tie")
        reasons = {row["reason"] for row in one["rows"] if row["outcome"] == "not comparable"}
        assert None not in reasons
        for row in one["rows"]:
            assert row["result_text"], row["key"]  # every row says why: won, level, or not
            if row["outcome"] == "tie":
                assert row["result_text"].startswith("Level:")
            if row["outcome"] in ("a", "b"):
                assert row["result_text"].endswith(f"({row['direction']})")
        assert one["sources"]
        assert all(s["url"].startswith("https://") for s in one["sources"])

    @pytest.mark.parametrize(
        ("pair", "status"),
        [("gpt-4o", 404), ("gpt-4o-vs-nobody", 404), ("gpt-4o-vs-gpt-4o", 400)],
    )
    def test_bad_pairs(self, client, demo_catalog, pair, status):
        response = get(client, f"/compare/{pair}")
        assert response.status_code == status
        assert response.json()["status"] == status

    def test_the_ranking_takes_a_workload(self, client, demo_catalog):
        body = get(client, "/cost", data={"input_tokens": "1000000", "output_tokens": "0"}).json()
        assert body["workload"] == "1,000,000 input tokens"
        assert body["priced"] <= body["total"] <= body["considered"]
        first = body["ranked"][0]["cost"]["total"]
        assert first["text"] == format_money(Decimal(first["amount"]))
        totals = [Decimal(item["cost"]["total"]["amount"]) for item in body["ranked"]]
        assert totals == sorted(totals)
        images = get(client, "/cost", data={"category": "image_generation", "images": "10"}).json()
        assert images["workload"].startswith("10 standard-quality")
        assert get(client, "/cost", data={"input_tokens": "-5"}).status_code == 400
        assert get(client, "/cost", data={"page": "9999"}).status_code == 404
        assert get(client, "/cost", data={"category": "music"}).status_code == 400

    def test_the_change_log(self, client, demo_catalog):
        body = get(client, "/changes").json()
        days = [date.fromisoformat(change["day"]) for change in body["results"]]
        assert days == sorted(days, reverse=True)
        only = get(client, "/changes", data={"kind": "model", "creator": "openai"}).json()
        assert only["results"]
        assert {c["creator"] for c in only["results"]} == {"OpenAI"}
        assert get(client, "/changes", data={"kind": "gossip"}).status_code == 400
        assert get(client, "/changes", data={"creator": "nobody"}).status_code == 404
        # A host that makes no published model is no creator, as on the page.
        assert get(client, "/changes", data={"creator": "openrouter"}).status_code == 404


class TestHttp:
    def test_validators_and_304(self, client, demo_catalog):
        response = get(client, "/models/gpt-4o")
        assert response["ETag"]
        assert response["Last-Modified"]
        again = get(client, "/models/gpt-4o", headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304
        assert again["Access-Control-Allow-Origin"] == "*"

    def test_an_edit_is_seen_at_once(
        self, client, demo_catalog, django_capture_on_commit_callbacks
    ):
        before = get(client, "/models/gpt-4o").json()
        model = AIModel.objects.get(slug="gpt-4o")
        model.description = "Changed by an editor."
        with django_capture_on_commit_callbacks(execute=True):
            model.save()
        after = get(client, "/models/gpt-4o", headers={"If-None-Match": "x"}).json()
        assert before["description"] != after["description"] == "Changed by an editor."

    def test_gzip_when_asked(self, client, demo_catalog):
        get(client, "/cost")
        response = get(client, "/cost", headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]

    def test_cors_is_open_for_reading(self, client, demo_catalog):
        response = get(client, "/providers", headers={"Origin": "https://elsewhere.example"})
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
        preflight = client.options(
            f"{API}/providers",
            headers={
                "Origin": "https://elsewhere.example",
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match",
            },
        )
        assert preflight.status_code == 204
        assert "GET" in preflight["Access-Control-Allow-Methods"]
        assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]

    def test_writing_is_refused_in_json(self, client, demo_catalog):
        response = client.post(f"{API}/models", {"name": "x"})
        assert response.status_code == 405
        assert response.json()["status"] == 405
        assert response["Allow"] == "GET, HEAD, OPTIONS"

    def test_head_answers_as_get_without_a_body(self, client, demo_catalog):
        full = get(client, "/models/gpt-4o")
        head = client.head(f"{API}/models/gpt-4o")
        assert head.status_code == 200
        assert head.content == b""
        assert head["ETag"] == full["ETag"]
        assert int(head["Content-Length"]) == len(full.content)

    def test_unknown_addresses_are_404_in_json(self, client, db):
        for path in ("/api/v1/nothing", "/api/v2/models", "/api/"):
            response = client.get(path)
            assert response.status_code == 404
            assert response.json()["error"] == "Not Found"

    def test_the_rate_limit_answers_429_with_retry_after(self, client, demo_catalog, settings):
        settings.API_RATE_LIMIT = 3
        answers = [get(client, "/providers", REMOTE_ADDR="203.0.113.9") for _ in range(5)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
        refused = answers[-1]
        assert 1 <= int(refused["Retry-After"]) <= settings.API_RATE_WINDOW
        assert refused.json()["status"] == 429
        assert refused["Access-Control-Allow-Origin"] == "*"
        # Another address has its own allowance.
        assert get(client, "/providers", REMOTE_ADDR="203.0.113.10").status_code == 200
        # The pages are not limited.
        assert client.get("/providers/openai/", REMOTE_ADDR="203.0.113.9").status_code == 200

    def test_the_limit_is_counted_in_redis_for_every_worker(
        self, client, demo_catalog, settings, shared_redis
    ):
        import redis

        from tests.caches import REDIS

        settings.API_RATE_LIMIT = 2
        assert get(client, "/providers", REMOTE_ADDR="198.51.100.7").status_code == 200
        counted = [
            key
            for key in redis.Redis.from_url(REDIS).scan_iter(f"{shared_redis}:*api-rate*")
            if b"198.51.100.7" in key
        ]
        assert len(counted) == 1
        # A second worker (its own memory, the same Redis) sees the same count.
        clear_local_copies()
        assert get(client, "/providers", REMOTE_ADDR="198.51.100.7").status_code == 200
        assert get(client, "/providers", REMOTE_ADDR="198.51.100.7").status_code == 429

    def test_without_redis_the_api_still_answers(self, client, demo_catalog, redis_proxy):
        redis_proxy.set("refuse")
        response = get(client, "/models/gpt-4o")
        assert response.status_code == 200
        assert response.json()["slug"] == "gpt-4o"

    def test_failures_are_json_too(self, client, demo_catalog, monkeypatch):
        from django.db import OperationalError
        from django.test import Client

        quiet = Client(raise_request_exception=False)

        def outage(*args):
            raise OperationalError("connection refused")

        monkeypatch.setattr("api.endpoints.leaderboard", outage)
        response = quiet.get(f"{API}/benchmarks/lmarena-text")
        assert response.status_code == 503
        assert response["Retry-After"]
        assert response.json()["status"] == 503

        def bug(*args):
            raise RuntimeError("a bug")

        monkeypatch.setattr("api.endpoints.leaderboard", bug)
        response = quiet.get(f"{API}/benchmarks/lmarena-text")
        assert response.status_code == 500
        assert response.json() == {
            "status": 500,
            "error": "Internal Server Error",
            "detail": "Something went wrong on our side. Try again in a moment.",
            "errors": [],
        }

    def test_the_schema_and_its_docs_page(self, client, db):
        schema = client.get(f"{API}/openapi.json").json()
        assert schema["openapi"].startswith("3.")
        assert {
            "/api/v1/models",
            "/api/v1/models/{slug}",
            "/api/v1/providers",
            "/api/v1/providers/{slug}",
            "/api/v1/benchmarks/{slug}",
            "/api/v1/compare/{pair}",
            "/api/v1/cost",
            "/api/v1/changes",
        } <= set(schema["paths"])
        docs = client.get(f"{API}/docs/").content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in docs
        assert "cdn" not in docs.lower()


# The pages' own budgets (tests of each page), on a 300-model catalog, cold caches.
BUDGETS = {
    "/models": 5,
    "/models?sort=price&max_price=50": 5,
    "/providers/big-host": 5,
    "/benchmarks/lmarena-text": 6,
    "/cost": 8,
    "/changes": 8,
}


def test_every_endpoint_stays_within_its_pages_query_budget(
    client, large_catalog, django_assert_max_num_queries
):
    host = ProviderFactory(slug="big-host", kind="host")
    for model in large_catalog[:50]:
        PriceFactory(model=model, host=host)
    a, b = sorted([large_catalog[1].slug, large_catalog[2].slug])
    budgets = {**BUDGETS, f"/compare/{a}-vs-{b}": 8, f"/models/{large_catalog[3].slug}": 11}
    from django.core.cache import cache

    for path, budget in budgets.items():
        cache.clear()
        clear_local_copies()
        with django_assert_max_num_queries(budget), CaptureQueriesContext(connection):
            response = client.get(f"{API}{path}")
        assert response.status_code == 200, path
