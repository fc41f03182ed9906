import json

import pytest

from config.storage import StaticStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"version": "1.1", "hash": "0", "paths": {"css/site.css": "css/site.4f2a.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticStorage(location=tmp_path, base_url="/static/")


def test_urls_carry_the_hash_from_the_manifest_every_time(storage):
    assert storage.url("css/site.css") == "/static/css/site.4f2a.css"
    assert storage.url("css/site.css") == "/static/css/site.4f2a.css"


def test_a_file_missing_from_the_manifest_fails_loudly_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/missing.js")
