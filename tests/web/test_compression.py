"""gzip: pages and sitemap sections compressed once when cached, served as each client asks."""

import gzip
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.caches import COMPARISON
from web import caching
from web.compression import (
    MIN_BYTES,
    accepts_gzip,
    compress_pieces,
    compress_stream,
    decompress_stream,
)

GZIP = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what browsers send
SITEMAP = "/sitemaps/comparisons-1.xml"


class TestAcceptEncoding:
    @pytest.mark.parametrize(
        ("header", "gzip_ok"),
        [
            ("gzip, deflate, br, zstd", True),
            ("GZIP", True),
            ("x-gzip", True),
            ("br;q=1.0, gzip;q=0.5", True),
            ("gzip;q=0", False),
            ("gzip;q=0.000", False),
            ("gzip;q=nonsense", False),
            ("*", True),
            ("*;q=0", False),
            ("gzip;q=0, *", False),  # named and refused: `*` is for codings not named
            ("deflate, br", False),
            ("identity", False),
            ("", False),
        ],
    )
    def test_gzip_is_sent_only_where_the_header_allows_it(self, header, gzip_ok):
        assert accepts_gzip(header) is gzip_ok


class TestPieces:
    @given(
        st.lists(st.binary(max_size=3000), min_size=1, max_size=5),
        st.binary(min_size=0, max_size=40),
    )
    def test_the_gzip_body_is_the_identity_body_with_the_filler_in_each_gap(self, pieces, fill):
        pieces = (b"<html>" + b"repeated text " * 100, *pieces)
        gzipped = compress_pieces(tuple(pieces))
        assert gzipped is not None
        body = gzipped.body(fill)
        assert body.startswith(b"\x1f\x8b")
        assert gzip.decompress(body) == fill.join(pieces)  # checks the CRC and the size too

    def test_a_body_too_small_or_incompressible_is_kept_as_it_is(self):
        import os

        assert compress_pieces((b"x" * (MIN_BYTES - 1),)) is None
        assert compress_pieces((os.urandom(4 * MIN_BYTES),)) is None

    def test_a_stream_compresses_and_comes_back_in_bounded_chunks(self):
        chunks = [f"<url><loc>https://x.example/{n}/</loc></url>\n".encode() for n in range(50_000)]
        body = compress_stream(iter(chunks))
        assert len(body) < sum(map(len, chunks)) / 10
        back = list(decompress_stream(body))
        assert b"".join(back) == b"".join(chunks)
        assert max(map(len, back)) <= 64 * 1024


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response["Vary"].split(",")}


def nonces(text: bytes) -> set[bytes]:
    return set(re.findall(rb'nonce="([^"]+)"', text))


def without_nonces(text: bytes) -> bytes:
    """The page without its CSP nonces, drawn afresh for every response."""
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', text)


@pytest.mark.django_db
class TestPages:
    def test_a_browser_gets_gzip_and_a_client_that_does_not_ask_gets_the_page_as_it_was(
        self, client, demo_catalog
    ):
        identity = client.get(COMPARISON)
        compressed = client.get(COMPARISON, headers=GZIP)
        again = client.get(COMPARISON)  # from the cache now
        assert not identity.has_header("Content-Encoding")
        assert not again.has_header("Content-Encoding")
        assert b"<html" in again.content
        assert compressed["Content-Encoding"] == "gzip"
        assert int(compressed["Content-Length"]) == len(compressed.content)
        assert len(compressed.content) < len(identity.content) / 3
        body = gzip.decompress(compressed.content)
        assert without_nonces(body) == without_nonces(identity.content)
        assert len(body) == len(identity.content)
        for response in (identity, compressed, again):
            assert "accept-encoding" in vary(response)
            assert {"hx-request", "hx-target", "hx-history-restore-request"} <= vary(response)

    def test_the_gzip_body_carries_its_own_nonce_which_its_policy_names(self, client, demo_catalog):
        seen = []
        for _ in range(2):
            response = client.get(COMPARISON, headers=GZIP)
            body = gzip.decompress(response.content)
            [nonce] = nonces(body)
            assert f"'nonce-{nonce.decode()}'" in response["Content-Security-Policy"]
            assert b"csp-nonce-placeholder" not in body
            seen.append(nonce)
        assert seen[0] != seen[1]

    def test_each_representation_has_its_own_etag_and_its_own_304(self, client, demo_catalog):
        identity = client.get(COMPARISON)
        compressed = client.get(COMPARISON, headers=GZIP)
        assert identity["ETag"] != compressed["ETag"]
        assert not compressed["ETag"].startswith("W/")
        for etag, headers in ((identity["ETag"], {}), (compressed["ETag"], GZIP)):
            unchanged = client.get(COMPARISON, headers={**headers, "If-None-Match": etag})
            assert unchanged.status_code == 304
            assert unchanged["ETag"] == etag
            assert "accept-encoding" in vary(unchanged)
        # A validator for the other representation is not this one's: the full body.
        crossed = client.get(COMPARISON, headers={**GZIP, "If-None-Match": identity["ETag"]})
        assert crossed.status_code == 200
        assert crossed["Content-Encoding"] == "gzip"

    def test_a_gzip_etag_is_answered_without_rendering_when_the_page_is_not_cached(
        self, client, demo_catalog, django_assert_max_num_queries
    ):
        from django.core.cache import cache

        etag = client.get(COMPARISON, headers=GZIP)["ETag"]
        cache.clear()
        caching.clear_local_copies()
        with django_assert_max_num_queries(1):  # the versions
            unchanged = client.get(COMPARISON, headers={**GZIP, "If-None-Match": etag})
        assert unchanged.status_code == 304
        assert unchanged["ETag"] == etag

    def test_head_answers_with_the_headers_of_get(self, client, demo_catalog):
        get = client.get(COMPARISON, headers=GZIP)
        head = client.head(COMPARISON, headers=GZIP)
        assert head.status_code == 200
        assert head.content == b""
        for name in ("Content-Encoding", "Content-Length", "ETag", "Vary"):
            assert head[name] == get[name]

    def test_htmx_fragments_are_gzipped_too_and_stay_private(self, client, demo_catalog):
        headers = {**GZIP, "HX-Request": "true", "HX-Target": "page"}
        fragment = client.get(COMPARISON, headers=headers)
        assert fragment["Content-Encoding"] == "gzip"
        assert b"<html" not in gzip.decompress(fragment.content)
        assert "no-store" in fragment["Cache-Control"]
        assert not fragment.has_header("ETag")

    def test_small_responses_error_pages_and_refusals_go_out_as_they_are(
        self, client, demo_catalog
    ):
        robots = client.get("/robots.txt", headers=GZIP)
        missing = client.get("/models/no-such-model/", headers=GZIP)
        refused = client.get(COMPARISON, headers={"Accept-Encoding": "gzip;q=0, br"})
        assert robots.status_code == 200
        assert missing.status_code == 404
        assert refused.status_code == 200
        for response in (robots, missing, refused):
            assert not response.has_header("Content-Encoding")
        assert b"Sitemap:" in robots.content
        assert b"<html" in refused.content

    def test_a_visitor_with_a_session_gets_the_page_rendered_and_uncompressed(
        self, client, demo_catalog
    ):
        client.cookies["sessionid"] = "someone"
        response = client.get(COMPARISON, headers=GZIP)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding")
        assert response.context is not None  # rendered for this visitor


@pytest.mark.django_db
class TestSitemaps:
    def test_a_section_is_kept_gzipped_and_decompresses_to_the_same_xml(self, client):
        from tests.factories import AIModelFactory

        for n in range(60):
            AIModelFactory(slug=f"model-{n:02d}")
        first = client.get(SITEMAP, headers=GZIP)  # rendered, compressed and stored
        identity = client.get(SITEMAP)  # decompressed from what was stored
        again = client.get(SITEMAP, headers=GZIP)
        assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
        assert identity.streaming
        assert not identity.has_header("Content-Encoding")
        xml = b"".join(identity.streaming_content)
        assert xml.count(b"<url>") == 60 * 59 // 2
        assert gzip.decompress(first.content) == gzip.decompress(again.content) == xml
        assert len(again.content) < len(xml) / 10
        assert "accept-encoding" in vary(identity)
        assert identity["ETag"] != again["ETag"]

    def test_a_section_is_not_kept_in_each_workers_memory(self, client):
        from tests.factories import AIModelFactory

        for n in range(3):
            AIModelFactory(slug=f"model-{n}")
        client.get(SITEMAP, headers=GZIP)
        client.get(SITEMAP, headers=GZIP)
        kept = caching._near["page"].entries.values()
        assert not [entry for entry in kept if entry.pieces is None]
