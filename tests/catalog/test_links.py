from django.urls import reverse, set_script_prefix

from web.links import page_path


def test_page_path_is_reverse():
    assert page_path("catalog:model_detail", slug="gpt-4o") == reverse(
        "catalog:model_detail", kwargs={"slug": "gpt-4o"}
    )
    assert page_path("comparisons:home") == "/"


def test_a_site_mounted_under_a_prefix_gets_prefixed_paths():
    assert page_path("catalog:directory") == "/models/"
    set_script_prefix("/versus/")
    try:
        assert page_path("catalog:directory") == "/versus/models/"
    finally:
        set_script_prefix("/")
    assert page_path("catalog:directory") == "/models/"
