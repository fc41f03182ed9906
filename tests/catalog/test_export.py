"""A rebuilt shipped catalog keeps every slug the one it replaces published."""

import pytest

from catalog.identity import ModelAlias
from catalog.management.commands.export_catalog import keep_previous_slugs
from catalog.models import AIModelSlug
from tests.factories import AIModelFactory, PriceFactory, ProviderFactory


def created(source_id: str) -> dict:
    return {"_created": {"origin": "import", "dataset": "litellm", "source_id": source_id}}


def previous(*rows: tuple[str, str, str], old: tuple[tuple[str, str], ...] = ()) -> dict:
    return {
        "models": {
            "columns": ["creator", "slug", "provenance"],
            "rows": [[creator, slug, created(source)] for creator, slug, source in rows],
        },
        "old_slugs": {"columns": ["slug", "model"], "rows": [list(pair) for pair in old]},
    }


@pytest.mark.django_db
def test_renamed_merged_and_host_prefixed_models_keep_their_slugs():
    alibaba = ProviderFactory(slug="alibaba")
    renamed = AIModelFactory(
        slug="qwen2-5-coder-7b", creator=alibaba, provenance=created("fireworks/qwen2p5-coder-7b")
    )
    merged = AIModelFactory(slug="gpt-oss-20b", provenance=created("openai/gpt-oss-20b"))
    PriceFactory(model=merged, source_id="together_ai/openai/gpt-oss-20b")
    claude = AIModelFactory(slug="claude-opus-4-5", provenance=created("anthropic/x"))
    ModelAlias.objects.create(text="claude-opus-4-5", key="claude-opus-4-5", model=claude)
    kept = keep_previous_slugs(
        previous(
            ("alibaba", "qwen2p5-coder-7b", "fireworks/qwen2p5-coder-7b"),
            ("together", "openai-gpt-oss-20b", "together_ai/openai/gpt-oss-20b"),
            ("databricks", "databricks-claude-opus-4-5", "databricks/databricks-claude-opus-4-5"),
            ("together", "together-ai-up-to-4b", "together_ai/together-ai-up-to-4b"),
            ("openai", "gpt-oss-20b", "openai/gpt-oss-20b"),
            old=(("qwen2p5-coder-7b-instruct", "qwen2p5-coder-7b"),),
        )
    )
    redirects = dict(AIModelSlug.objects.values_list("slug", "model__slug"))
    assert redirects == {
        "qwen2p5-coder-7b": renamed.slug,
        "qwen2p5-coder-7b-instruct": renamed.slug,  # an older redirect follows the rename
        "openai-gpt-oss-20b": merged.slug,
        "databricks-claude-opus-4-5": claude.slug,
    }
    assert kept == 4
    # A price tier that is no longer a model is let go, not pointed somewhere wrong.
    assert "together-ai-up-to-4b" not in redirects


@pytest.mark.django_db
def test_keeping_slugs_twice_changes_nothing():
    model = AIModelFactory(slug="qwen3-0-6b", provenance=created("fireworks/qwen3-0p6b"))
    catalog = previous(("alibaba", "qwen3-0p6b", "fireworks/qwen3-0p6b"))
    keep_previous_slugs(catalog)
    keep_previous_slugs(catalog)
    assert list(AIModelSlug.objects.values_list("slug", "model")) == [("qwen3-0p6b", model.pk)]
