"""What search engines see on every page type."""

import json
import re
from html import unescape
from html.parser import HTMLParser
from itertools import combinations, islice
from typing import Any

import pytest
from django.conf import settings

from comparisons.narrative import narrate
from comparisons.selectors import facts_for
from comparisons.verdict import compare_models
from tests.parallel import SHARED, forked_map

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "directory": "/models/",
    "model": "/models/gpt-4o/",
    "provider": "/providers/openai/",
    "comparison": "/compare/claude-sonnet-4-vs-gpt-4o/",
}


class Head(HTMLParser):
    """Collects the SEO tags, JSON-LD blocks, h1 count and FAQ text of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self.h1, self.lang = {}, {}, [], 0, None
        self.faq, self._script, self._tag, self._text = [], False, None, ""
        self.title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content")
        if tag == "link" and "rel" in attrs:
            self.links[attrs["rel"]] = attrs.get("href")
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._script, self._text = True, ""
        if tag == "h1":
            self.h1 += 1
        if tag in ("dt", "dd"):
            self._tag, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.jsonld.append(json.loads(self._text))
            self._script = False
        if tag in ("dt", "dd") and self._tag == tag:
            self.faq.append(" ".join(self._text.split()))
            self._tag = None

    def handle_data(self, data):
        if self._script or self._tag:
            self._text += data


def read(client, url) -> Head:
    response = client.get(url)
    assert response.status_code == 200, url
    head = Head()
    head.feed(response.content.decode())
    match = re.search(r"<title>(.*?)</title>", response.content.decode())
    assert match is not None
    head.title = unescape(match.group(1))
    return head


@pytest.fixture
def pages(client, demo_catalog):
    return {name: read(client, url) for name, url in PAGES.items()}


def test_every_page_has_its_own_title_and_description(pages):
    titles = [page.title for page in pages.values()]
    descriptions = [page.meta["description"] for page in pages.values()]
    assert len(set(titles)) == len(titles)
    assert len(set(descriptions)) == len(descriptions)
    for page in pages.values():
        assert 10 < len(page.meta["description"]) < 160


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_canonical_social_tags_lang_one_h1_and_breadcrumbs(pages, name):
    page = pages[name]
    assert page.lang == "en"
    assert page.h1 == 1
    assert page.links["canonical"] == settings.SITE_URL + PAGES[name]
    for tag in ("og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title"):
        assert page.meta[tag], tag
    assert page.meta["og:url"] == page.links["canonical"]
    crumbs = [block for block in page.jsonld if block["@type"] == "BreadcrumbList"]
    assert len(crumbs) == 1
    items = crumbs[0]["itemListElement"]
    assert items[0]["name"] == "Home"
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert items[-1]["item"] == page.links["canonical"]


def test_comparison_description_mentions_both_models_creators_and_verdict(pages):
    description = pages["comparison"].meta["description"]
    for text in ("Claude Sonnet 4", "Anthropic", "GPT-4o", "OpenAI", "leads five of the six"):
        assert text in description


def _descriptions(bounds: tuple[int, int]) -> tuple[int, list[str]]:
    """The pairs [start, stop) of every pair of models: how many were read, and the
    descriptions that are too long or leave out a model or its creator. Pure."""
    models: Any = SHARED["models"]
    facts: Any = SHARED["facts"]
    today: Any = SHARED["today"]
    counted, wrong = 0, []
    for a, b in islice(combinations(models, 2), *bounds):
        counted += 1
        text = narrate(compare_models(a=facts[a.pk], b=facts[b.pk], on=today)).meta_description
        parts = (a.name, b.name, a.creator.name, b.creator.name)
        if len(text) >= 160 or not all(part in text for part in parts):
            wrong.append(text)
    return counted, wrong


def test_every_demo_pair_gets_a_complete_description_under_160(demo_catalog):
    from datetime import date

    from catalog.models import AIModel

    models = list(AIModel.objects.published().select_related("creator"))
    today = date.today()
    facts = facts_for(models, today)
    total = len(models) * (len(models) - 1) // 2
    results = forked_map(_descriptions, total, models=models, facts=facts, today=today)
    assert sum(counted for counted, _ in results) == total
    wrong = [text for _, texts in results for text in texts]
    assert wrong == [], "\n".join(wrong[:20])


def test_faq_structured_data_is_the_visible_faq_word_for_word(pages):
    page = pages["comparison"]
    (faq_block,) = [block for block in page.jsonld if block["@type"] == "FAQPage"]
    structured = []
    for question in faq_block["mainEntity"]:
        assert question["@type"] == "Question"
        assert question["acceptedAnswer"]["@type"] == "Answer"
        structured += [question["name"], question["acceptedAnswer"]["text"]]
    assert structured == page.faq
    assert len(structured) >= 8


def test_model_pages_are_software_applications_with_known_offers(pages):
    (app,) = [block for block in pages["model"].jsonld if block["@type"] == "SoftwareApplication"]
    assert app["@context"] == "https://schema.org"
    assert app["name"] == "GPT-4o"
    assert app["author"] == {"@type": "Organization", "name": "OpenAI", "url": "https://openai.com"}
    assert app["datePublished"] == "2024-05-13"
    units = {offer["priceSpecification"]["unitText"]: offer["price"] for offer in app["offers"]}
    assert units["per 1M input tokens"] == "2.5"
    assert all(offer["priceCurrency"] == "USD" for offer in app["offers"])


def test_a_model_without_a_price_has_no_offers(client):
    from tests.factories import AIModelFactory

    AIModelFactory(slug="unpriced")
    page = read(client, "/models/unpriced/")
    (app,) = [block for block in page.jsonld if block["@type"] == "SoftwareApplication"]
    assert "offers" not in app


def test_editor_text_cannot_break_out_of_structured_data(client):
    from tests.factories import AIModelFactory

    AIModelFactory(slug="sneaky", description='</script><script>alert("x")</script> & more')
    body = client.get("/models/sneaky/").content.decode()
    assert '</script><script>alert("x")' not in body
    page = read(client, "/models/sneaky/")
    (app,) = [block for block in page.jsonld if block["@type"] == "SoftwareApplication"]
    assert app["description"] == '</script><script>alert("x")</script> & more'


def test_the_home_page_is_a_website_and_providers_are_organizations(pages):
    assert any(block["@type"] == "WebSite" for block in pages["home"].jsonld)
    (org,) = [block for block in pages["provider"].jsonld if block["@type"] == "Organization"]
    assert org["name"] == "OpenAI"


def test_error_and_picker_pages_are_not_indexed(client, demo_catalog):
    assert read(client, "/compare/?a=gpt-4o").meta["robots"] == "noindex"
    response = client.get("/models/no-such-model/")
    assert response.status_code == 404
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_faq_helper_and_page_agree(demo_catalog, client):
    response = client.get(PAGES["comparison"])
    assert response.context["story"].faq == narrate(response.context["c"]).faq
