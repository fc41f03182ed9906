"""Hostile input on every public URL and query parameter: never a 5xx, never reflected raw.

Hypothesis draws unicode (control characters and NUL included), very long
strings, path tricks, and huge, negative and non-finite numbers, repeats
parameters, and appends a markup payload to every string; the payload must
never come back unescaped.
"""

import json
import os
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</title><h1>injected</h1>",
    "</script><script>alert(1)</script>",
]
TRICKS = [
    "",
    "..",
    "../../etc/passwd",
    "%2e%2e%2f",
    "..%2f..%2f",
    "%00",
    "\x00",
    "//evil.example",
    "\\\\evil.example",
    "gpt-4o\x00",
    "-vs-",
    "gpt-4o-vs-o3-vs-claude-sonnet-4",
    "GPT-4O",
    " gpt-4o ",
    "\u202egpt-4o",
    "gpt‑4o",  # a non-breaking hyphen
    "x" * 10_000,
    "é" * 3_000,
]
NUMBERS = [
    "",
    "-1",
    "0",
    "-0",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "1e-400",
    "0x10",
    "1_000",
    "١٢٣",
    " 5 ",
    "9" * 400,
    "-" + "9" * 400,
    "1.5",
    "1,000",
]

hostile_text = st.one_of(st.text(max_size=80), st.sampled_from(TRICKS))
hostile = st.builds(
    lambda text, payload, before: payload + text if before else text + payload,
    hostile_text,
    st.sampled_from(PAYLOADS),
    st.booleans(),
)
numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
slugs = st.sampled_from(["gpt-4o", "o3", "claude-sonnet-4", "flux-1-1-pro", "openai"])
values = st.one_of(hostile, numbers, slugs)
repeated = st.lists(values, min_size=1, max_size=3)  # a parameter given 1-3 times

JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.DOTALL)

FUZZ = settings(
    # FUZZ_EXAMPLES=1000 for a longer hunt than the suite's.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(response) -> None:
    assert response.status_code < 500, response.status_code
    if response.streaming:
        body = b"".join(response.streaming_content).decode(errors="replace")
    else:
        body = response.content.decode(errors="replace")
    for payload in PAYLOADS:
        assert payload not in body, f"{payload!r} reflected unescaped"


def test_the_check_catches_a_server_error_and_a_raw_reflection():
    from django.http import HttpResponse, HttpResponseServerError

    with pytest.raises(AssertionError):
        check(HttpResponseServerError("boom"))
    with pytest.raises(AssertionError, match="reflected unescaped"):
        check(HttpResponse(f"<p>{PAYLOADS[1]}</p>"))
    check(HttpResponse("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"))


def segment(text: str, raw: bool) -> str:
    """A path segment as a browser would send it, or raw (the test client encodes)."""
    return text if raw else quote(text, safe="")


@FUZZ
@given(
    template=st.sampled_from(
        [
            "/models/{}/",
            "/providers/{}/",
            "/compare/{}/",
            "/compare/{}-vs-gpt-4o/",
            "/compare/gpt-4o-vs-{}/",
            "/compare/{}/peers/",
            "/compare/gpt-4o-vs-{}/peers/",
            "/sitemaps/{}-1.xml",
            "/sitemaps/comparisons-{}.xml",
            "/{}",
            "/models/{}",
        ]
    ),
    text=st.one_of(hostile, numbers, hostile_text),
    raw=st.booleans(),
    htmx=st.booleans(),
)
def test_paths(client, demo_catalog, template, text, raw, htmx):
    path = template.format(segment(text, raw))
    headers = {"HX-Request": "true", "HX-Target": "page"} if htmx else {}
    check(client.get(path, headers=headers))


@FUZZ
@given(
    page=st.sampled_from([*NUMBERS, "1", "2", "10", "99999999999999999999"]),
    section=st.sampled_from(["comparisons", "models", "providers"]),
)
def test_sitemap_pages(client, demo_catalog, page, section):
    if page.isascii() and page.isdigit():
        check(client.get(f"/sitemaps/{section}-{page}.xml"))
    check(client.get(f"/sitemaps/{section}-{quote(page, safe='')}.xml"))


@FUZZ
@given(a=repeated, b=repeated, htmx=st.booleans())
def test_picker(client, demo_catalog, a, b, htmx):
    headers = {"HX-Request": "true", "HX-Target": "page"} if htmx else {}
    check(client.get("/compare/", {"a": a, "b": b}, headers=headers))


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            name: repeated
            for name in [
                "q",
                "category",
                "creator",
                "open_weights",
                "capabilities",
                "min_context",
                "max_price",
                "max_image_price",
                "sort",
                "page",
            ]
        },
    ),
    htmx=st.booleans(),
)
def test_directory_filters(client, demo_catalog, params, htmx):
    headers = {"HX-Request": "true", "HX-Target": "results"} if htmx else {}
    check(client.get("/models/", params, headers=headers))


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {},
        optional={name: repeated for name in ["input_tokens", "output_tokens", "images"]},
    ),
    pair=st.sampled_from(["claude-sonnet-4-vs-gpt-4o", "flux-1-1-pro-vs-gpt-4o"]),
    htmx=st.booleans(),
)
def test_calculator(client, demo_catalog, params, pair, htmx):
    headers = {"HX-Request": "true", "HX-Target": "cost"} if htmx else {}
    check(client.get(f"/compare/{pair}/", params, headers=headers))


@FUZZ
@given(field=repeated, a=repeated, b=repeated)
def test_suggestions(client, demo_catalog, field, a, b):
    check(client.get("/suggest/", {"field": field, "a": a, "b": b}))


@FUZZ
@given(text=hostile)
def test_editor_text_is_escaped_everywhere_it_is_shown(client, demo_catalog, text):
    from django.core.cache import cache

    from catalog.models import AIModel, Provider
    from web.caching import clear_local_copies

    # What an editor can type: forms refuse NUL, and names have a length limit.
    text = text.replace("\x00", "")
    name = text[-120:]
    AIModel.objects.filter(slug="gpt-4o").update(name=name, description=text)
    Provider.objects.filter(slug="openai").update(name=text[-100:], description=text)
    # The test's transaction never commits, so the catalog version cannot move on:
    # empty the caches instead, so every example renders its pages afresh.
    cache.clear()
    clear_local_copies()
    for path in [
        "/",
        "/models/",
        "/models/gpt-4o/",
        "/providers/openai/",
        "/compare/claude-sonnet-4-vs-gpt-4o/",
        "/suggest/?field=a&a=gpt",
    ]:
        response = client.get(path)
        check(response)
        blocks = [json.loads(block) for block in JSON_LD.findall(response.content.decode())]
        if path == "/models/gpt-4o/":
            [application] = [b for b in blocks if b["@type"] == "SoftwareApplication"]
            assert application["name"] == name
            assert application["description"] == text


def test_nul_in_the_other_pickers_text_is_ignored_not_an_error(client, demo_catalog):
    """Found by the fuzzer on PostgreSQL, which refuses NUL in a query parameter."""
    response = client.get("/suggest/", {"field": "a", "a": "gpt-4o", "b": "o3\x00<b>"})
    assert response.status_code == 200
    assert b"GPT-4o" in response.content
