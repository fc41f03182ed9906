"""The change log at /changes/ and its Atom feeds: what counts as a change and its date,
filters, the section htmx swaps, feeds parsed back as Atom with the pages' numbers, and
query counts that do not grow with the catalog."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.synthetic import seed
from catalog.changelog import ENDED, NEW_MODEL, PRICE, SCORE, Scope, recent_changes
from catalog.models import Offer, Price
from tests.caches import add_price_in_admin
from tests.factories import (
    AIModelFactory,
    BenchmarkFactory,
    PriceFactory,
    ProviderFactory,
    ScoreFactory,
    text_model_with_prices,
)
from web.caching import clear_local_copies

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = date.today()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def history(committed):
    """Alpha: released 10 days ago, its input price listed by a dataset then cut by the
    same dataset, a dataset's undated listing, another dataset's different amount, an
    offer that ended and a score. Beta, by another lab: released 20 days ago."""
    with committed():
        lab = ProviderFactory(slug="lab", name="Lab")
        other = ProviderFactory(slug="other-lab", name="Other Lab")
        cloud = ProviderFactory(slug="cloud", name="Cloud", kind="host")
        alpha = AIModelFactory(
            slug="alpha", name="Alpha", creator=lab, release_date=TODAY - timedelta(days=10)
        )
        beta = AIModelFactory(
            slug="beta", name="Beta", creator=other, release_date=TODAY - timedelta(days=20)
        )
        listed = {"origin": Price.Origin.IMPORT, "dataset": "litellm", "host": lab}
        PriceFactory(
            model=alpha,
            amount=Decimal("5.00"),
            effective_from=TODAY - timedelta(days=40),
            starts_known=False,
            **listed,
        )
        PriceFactory(
            model=alpha,
            amount=Decimal("2.50"),
            effective_from=TODAY - timedelta(days=5),
            starts_known=False,
            dataset_date=TODAY - timedelta(days=5),
            **listed,
        )
        # Another dataset lists a different amount: a disagreement, not a change.
        PriceFactory(
            model=alpha,
            host=lab,
            origin=Price.Origin.IMPORT,
            dataset="models-dev",
            amount=Decimal("2.40"),
            effective_from=TODAY - timedelta(days=3),
            starts_known=False,
        )
        # A dataset's listing with no start date: not a change one can date.
        PriceFactory(
            model=beta,
            host=other,
            origin=Price.Origin.IMPORT,
            dataset="litellm",
            amount=Decimal("1.00"),
            effective_from=TODAY - timedelta(days=2),
            starts_known=False,
        )
        Offer.objects.create(model=alpha, host=cloud, ended_on=TODAY - timedelta(days=1))
        board = BenchmarkFactory(slug="board", name="Board", unit="points")
        ScoreFactory(
            model=alpha,
            benchmark=board,
            value=Decimal("1234"),
            ci_lower=None,
            ci_upper=None,
            measured_on=TODAY - timedelta(days=7),
        )
    return alpha, beta


def titles(changes):
    return [(change.day, change.kind, change.title) for change in changes]


def test_changes_are_dated_by_their_data_and_a_disagreement_is_not_one(history):
    found = titles(recent_changes(Scope(), TODAY, 50))
    assert found == [
        (TODAY - timedelta(days=1), ENDED, "Alpha: no longer offered by Cloud"),
        (
            TODAY - timedelta(days=5),
            PRICE,
            "Alpha: Input tokens at Lab, $5.00 → $2.50 per 1M input tokens",
        ),
        (TODAY - timedelta(days=7), SCORE, "Alpha: 1234 points on Board"),
        (TODAY - timedelta(days=10), NEW_MODEL, "Alpha released by Lab"),
        (TODAY - timedelta(days=20), NEW_MODEL, "Beta released by Other Lab"),
    ]


def test_an_editors_price_is_a_change_from_the_day_it_takes_effect(history, committed):
    alpha, _ = history
    with committed():
        PriceFactory(
            model=alpha,
            host=alpha.creator,
            origin=Price.Origin.EDITOR,
            amount=Decimal("2.00"),
            effective_from=TODAY,
        )
    [newest] = recent_changes(Scope(kinds=frozenset([PRICE])), TODAY, 1)
    assert newest.day == TODAY
    assert newest.title == "Alpha: Input tokens at Lab, $2.40 → $2.00 per 1M input tokens"
    assert "entered by an editor" in newest.detail


def test_a_scope_narrows_by_model_kind_and_creator(history):
    _, beta = history
    assert {c.model_slug for c in recent_changes(Scope(models=[beta.pk]), TODAY, 50)} == {"beta"}
    assert {c.kind for c in recent_changes(Scope(kinds=frozenset([SCORE])), TODAY, 50)} == {SCORE}
    assert {c.model_slug for c in recent_changes(Scope(creator="lab"), TODAY, 50)} == {"alpha"}
    assert len(recent_changes(Scope(), TODAY, 2)) == 2


class TestPage:
    def test_the_page_lists_changes_newest_first_linked_to_their_models(self, client, history):
        response = client.get("/changes/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "5 changes, newest first" in html
        links = re.findall(r'<p><a href="(/models/[^/]+/)">([^<]+)</a></p>', html)
        assert links[0] == ("/models/alpha/", "Alpha: no longer offered by Cloud")
        assert f'<time datetime="{(TODAY - timedelta(days=5)).isoformat()}">' in html
        assert (
            '<link rel="alternate" type="application/atom+xml" title="Versus: every change" '
            'href="https://versus.example/changes/feed/">' in html
        )

    def test_filters_narrow_the_list_and_htmx_gets_the_list_alone(self, client, history):
        html = client.get("/changes/", {"kind": "score"}).content.decode()
        assert "1 change, newest first" in html
        assert "Alpha: 1234 points on Board" in html
        response = client.get(
            "/changes/",
            {"creator": "other-lab"},
            headers={"HX-Request": "true", "HX-Target": "changes"},
        )
        fragment = response.content.decode()
        assert fragment.lstrip().startswith('<section id="changes"')
        assert "Beta released by Other Lab" in fragment
        assert "Alpha" not in fragment
        assert "HX-Request" in response.get("Vary", "")
        empty = client.get("/changes/", {"creator": "other-lab", "kind": "price"}).content.decode()
        assert "No change matches these filters" in empty

    def test_bad_filters_are_shown_as_errors_not_failures(self, client, history):
        response = client.get("/changes/", {"kind": "gossip", "page": "x"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Select a valid choice. gossip is not one of the available choices." in html
        assert "5 changes, newest first" in html

    def test_without_javascript_the_form_is_a_plain_get(self, client, history):
        html = client.get("/changes/").content.decode()
        form = re.search(r'<form class="filters" method="get" action="/changes/"[^>]*>', html)
        assert form is not None
        assert '<button type="submit">Show changes</button>' in html


def parse_atom(response) -> ET.Element:
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    return root


def entry_titles(root: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title", "") for entry in root.findall(f"{ATOM}entry")]


class TestFeeds:
    def test_the_site_feed_is_atom_with_the_pages_entries(self, client, history):
        root = parse_atom(client.get("/changes/feed/"))
        assert entry_titles(root) == [
            title for _, _, title in titles(recent_changes(Scope(), TODAY, 50))
        ]
        ids = [entry.findtext(f"{ATOM}id") for entry in root.findall(f"{ATOM}entry")]
        assert len(set(ids)) == len(ids)

    def test_a_models_feed_carries_its_price_in_the_model_pages_words(
        self, client, committed, admin_user
    ):
        with committed():
            model = text_model_with_prices(slug="gamma", name="Gamma", input_price="3.00")
            add_price_in_admin(client, admin_user, model, "1.25")
        client.cookies.clear()
        page = client.get("/models/gamma/").content.decode()
        assert "$1.25 per 1M input tokens" in page
        assert 'href="/models/gamma/feed/" data-feed>' in page
        root = parse_atom(client.get("/models/gamma/feed/"))
        assert root.findtext(f"{ATOM}title") == "Gamma: changes on Versus"
        first = entry_titles(root)[0]
        assert first.endswith("$1.25 per 1M input tokens")
        assert "$3.00" in first

    def test_a_pairs_feed_follows_both_models_and_the_comparison_links_it(self, client, history):
        comparison = client.get("/compare/alpha-vs-beta/").content.decode()
        assert 'href="/compare/alpha-vs-beta/feed/" data-feed>' in comparison
        root = parse_atom(client.get("/compare/alpha-vs-beta/feed/"))
        assert {title.split(":")[0].split(" released")[0] for title in entry_titles(root)} == {
            "Alpha",
            "Beta",
        }
        assert client.get("/compare/alpha-vs-nobody/feed/").status_code == 404
        assert client.get("/models/nobody/feed/").status_code == 404


def test_the_page_and_feeds_cost_the_same_queries_whatever_the_catalogs_size(
    client, django_assert_max_num_queries
):
    seed(10, text_only=True)
    paths = [
        "/changes/",
        "/changes/feed/",
        "/models/catalog-model-1/feed/",
        "/compare/catalog-model-1-vs-catalog-model-2/feed/",
    ]

    def cold_queries() -> list[int]:
        from django.core.cache import cache

        counts = []
        for path in paths:
            cache.clear()
            clear_local_copies()
            with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts.append(len(queries))
        return counts

    small = cold_queries()
    seed(40, text_only=True, prefix="more")
    assert cold_queries() == small
