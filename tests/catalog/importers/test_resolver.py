"""The identity layer's rules, one by one, on listings built by hand (no database)."""

import re
from decimal import Decimal

from catalog.importers.listings import Alias, KnownModel, Listing, PriceLine, Rules
from catalog.importers.records import ProviderRecord
from catalog.importers.resolver import resolve

ANTHROPIC = ProviderRecord("anthropic", "Anthropic", "lab")
OPENAI = ProviderRecord("openai", "OpenAI", "lab")
GOOGLE = ProviderRecord("google", "Google", "lab")
MOONSHOT = ProviderRecord("moonshotai", "Moonshot AI", "lab")
XAI = ProviderRecord("xai", "xAI", "lab")
BEDROCK = ProviderRecord("amazon-bedrock", "Amazon Bedrock", "host")

RULES = Rules(
    creator_patterns=[
        (re.compile(r"^(?:claude)"), ANTHROPIC),
        (re.compile(r"^(?:gpt|o-\d)"), OPENAI),
        (re.compile(r"^(?:gemini|imagen)"), GOOGLE),
        (re.compile(r"^(?:kimi)"), MOONSHOT),
        (re.compile(r"^(?:grok)"), XAI),
    ],
    labs={
        "anthropic": ANTHROPIC,
        "openai": OPENAI,
        "google": GOOGLE,
        "moonshotai": MOONSHOT,
        "xai": XAI,
    },
    hosts={"bedrock": BEDROCK, "amazon-bedrock": BEDROCK},
)


def tokens(input_price: str, output_price: str, condition: str = "") -> tuple[PriceLine, ...]:
    return (
        PriceLine("input_tokens", "per_1m_tokens", Decimal(input_price), condition),
        PriceLine("output_tokens", "per_1m_tokens", Decimal(output_price), condition),
    )


def root(lab: str, model_id: str, name: str, **kwargs) -> Listing:
    """A lab's own list (models.dev models/<lab>/<id>.toml)."""
    kwargs.setdefault("category", "text_generation")
    return Listing(
        source_id=f"models/{lab}/{model_id}.toml",
        raw_id=model_id,
        name=name,
        lab=lab,
        own_list=True,
        counted=False,
        **kwargs,
    )


def offer(host: str, model_id: str, prices=(), **kwargs) -> Listing:
    kwargs.setdefault("category", "text_generation")
    return Listing(
        source_id=f"providers/{host}/models/{model_id}.toml",
        raw_id=model_id,
        host=host,
        lab=host,
        prices=prices,
        **kwargs,
    )


def placed(result, source_id: str):
    matches = [p for p in result.placements if p.listing.source_id == source_id]
    assert len(matches) == 1, f"{source_id} placed {len(matches)} times"
    return matches[0]


def price_of(result, model: str, host: str, component: str, condition: str = "") -> Decimal:
    found = {
        p.amount
        for p in result.prices
        if (p.model_slug, p.host.slug, p.component, p.condition)
        == (model, host, component, condition)
    }
    assert len(found) == 1, f"{model} at {host}: {found}"
    return found.pop()


def test_a_hosts_record_of_a_labs_model_is_an_offer_of_that_model():
    result = resolve(
        [
            root("anthropic", "claude-sonnet-4-5", "Claude Sonnet 4.5"),
            offer("anthropic", "claude-sonnet-4-5", tokens("3", "15")),
            offer("amazon-bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0", tokens("3", "15")),
            offer("openrouter", "anthropic/claude-sonnet-4.5", tokens("3", "15")),
        ],
        RULES,
    )
    assert [m.slug for m in result.models if not m.existing] == ["claude-sonnet-4-5"]
    hosts = {p.host.slug for p in result.prices if p.model_slug == "claude-sonnet-4-5"}
    assert hosts == {"anthropic", "amazon-bedrock", "openrouter"}


def test_a_dated_twin_with_the_same_prices_is_the_same_model_and_its_slug_redirects():
    result = resolve(
        [
            root("anthropic", "claude-opus-4-5", "Claude Opus 4.5 (latest)"),
            root("anthropic", "claude-opus-4-5-20251101", "Claude Opus 4.5"),
            offer("anthropic", "claude-opus-4-5", tokens("5", "25")),
            offer("anthropic", "claude-opus-4-5-20251101", tokens("5", "25")),
        ],
        RULES,
    )
    created = [m for m in result.models if not m.existing]
    assert [(m.slug, m.name) for m in created] == [("claude-opus-4-5", "Claude Opus 4.5")]
    assert result.merged_slugs == {"claude-opus-4-5-20251101": "claude-opus-4-5"}


def test_a_dated_id_at_other_prices_is_a_snapshot_linked_to_its_base():
    result = resolve(
        [
            root("openai", "gpt-4o", "GPT-4o"),
            root("openai", "gpt-4o-2024-05-13", "GPT-4o (2024-05-13)"),
            offer("openai", "gpt-4o", tokens("2.50", "10")),
            offer("openai", "gpt-4o-2024-05-13", tokens("5", "15")),
            offer("openai", "gpt-4o-2024-08-06", tokens("2.50", "10")),
        ],
        RULES,
    )
    assert result.snapshots == {"gpt-4o-2024-05-13": "gpt-4o"}
    assert placed(result, "providers/openai/models/gpt-4o-2024-08-06.toml").model_slug == "gpt-4o"
    assert price_of(result, "gpt-4o", "openai", "input_tokens") == Decimal("2.50")
    assert price_of(result, "gpt-4o-2024-05-13", "openai", "input_tokens") == Decimal("5")


def test_a_fast_file_is_fast_mode_of_the_model_never_its_standard_rate():
    result = resolve(
        [
            root("anthropic", "claude-opus-4-7", "Claude Opus 4.7"),
            offer(
                "venice", "claude-opus-4-7", tokens("6", "30"), base_id="anthropic/claude-opus-4-7"
            ),
            offer(
                "venice",
                "claude-opus-4-7-fast",
                tokens("36", "180"),
                base_id="anthropic/claude-opus-4-7",
            ),
        ],
        RULES,
    )
    assert price_of(result, "claude-opus-4-7", "venice", "input_tokens") == Decimal("6")
    assert price_of(result, "claude-opus-4-7", "venice", "input_tokens", "fast mode") == 36


def test_a_highspeed_model_in_the_labs_list_is_a_mode_when_the_data_says_so():
    """Same limits, and the creator's own price is a multiple: a mode, not a model."""
    limits = {"context_window": 262_144, "max_output_tokens": 262_144}
    result = resolve(
        [
            root("moonshotai", "kimi-k2.7-code", "Kimi K2.7 Code", specs=limits),
            root(
                "moonshotai", "kimi-k2.7-code-highspeed", "Kimi K2.7 Code Highspeed", specs=limits
            ),
            offer(
                "moonshotai",
                "kimi-k2.7-code",
                tokens("0.95", "4"),
                base_id="moonshotai/kimi-k2.7-code",
            ),
            offer(
                "moonshotai",
                "kimi-k2.7-code-highspeed",
                tokens("1.90", "8"),
                base_id="moonshotai/kimi-k2.7-code",
            ),
        ],
        RULES,
    )
    assert [m.slug for m in result.models if not m.existing] == ["kimi-k2-7-code"]
    assert price_of(result, "kimi-k2-7-code", "moonshotai", "input_tokens") == Decimal("0.95")
    assert price_of(
        result, "kimi-k2-7-code", "moonshotai", "input_tokens", "high-speed mode"
    ) == Decimal("1.90")


def test_a_cheaper_fast_model_is_a_model_of_its_own():
    """Imagen 4 Fast costs less than Imagen 4: not a fast mode, a model (and so Grok 4 Fast)."""
    image = {"category": "image_generation"}
    result = resolve(
        [
            offer(
                "google",
                "imagen-4",
                (PriceLine("image_output", "per_image", Decimal("0.04")),),
                **image,
            ),
            offer(
                "google",
                "imagen-4-fast",
                (PriceLine("image_output", "per_image", Decimal("0.02")),),
                **image,
            ),
            offer("xai", "grok-4", tokens("3", "15"), specs={"context_window": 256_000}),
            offer(
                "xai", "grok-4-fast", tokens("0.20", "0.50"), specs={"context_window": 2_000_000}
            ),
        ],
        RULES,
    )
    created = {m.slug for m in result.models if not m.existing}
    assert created == {"imagen-4", "imagen-4-fast", "grok-4", "grok-4-fast"}


def test_free_files_and_subscription_plans_are_never_a_standard_rate():
    result = resolve(
        [
            root("anthropic", "claude-haiku-4-5", "Claude Haiku 4.5"),
            offer(
                "llmgateway",
                "claude-haiku-4-5",
                tokens("1", "5"),
                base_id="anthropic/claude-haiku-4-5",
            ),
            offer(
                "llmgateway",
                "claude-haiku-4-5-free",
                tokens("0", "0"),
                base_id="anthropic/claude-haiku-4-5",
            ),
            offer(
                "kimi-for-coding", "k2p6", tokens("0", "0"), base_id="anthropic/claude-haiku-4-5"
            ),
            offer("some-router", "anthropic/claude-haiku-4.5", tokens("0", "0")),
        ],
        RULES,
    )
    standard = {
        (p.host.slug, p.amount)
        for p in result.prices
        if p.component == "input_tokens" and not p.condition
    }
    assert standard == {("llmgateway", Decimal("1"))}
    conditions = {
        (p.host.slug, p.condition) for p in result.prices if p.component == "input_tokens"
    }
    assert ("llmgateway", "free tier") in conditions
    assert ("kimi-for-coding", "subscription plan") in conditions
    assert ("some-router", "free tier") in conditions


def test_regions_are_conditions_and_a_host_with_only_regions_gets_a_standard_rate():
    result = resolve(
        [
            root("anthropic", "claude-haiku-4-5", "Claude Haiku 4.5"),
            offer("amazon-bedrock", "anthropic.claude-haiku-4-5-20251001-v1:0", tokens("1", "5")),
            offer(
                "amazon-bedrock",
                "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
                tokens("1.1", "5.5"),
            ),
            offer(
                "other-cloud", "us.anthropic.claude-haiku-4-5-20251001-v1:0", tokens("1.1", "5.5")
            ),
            offer("other-cloud", "eu.anthropic.claude-haiku-4-5-20251001-v1:0", tokens("1.2", "6")),
        ],
        RULES,
    )
    assert price_of(result, "claude-haiku-4-5", "amazon-bedrock", "input_tokens") == 1
    assert price_of(
        result, "claude-haiku-4-5", "amazon-bedrock", "input_tokens", "EU region"
    ) == Decimal("1.1")
    # Only regional endpoints: the US one (the first preferred) stands as the standard rate.
    assert price_of(result, "claude-haiku-4-5", "other-cloud", "input_tokens") == Decimal("1.1")
    assert price_of(
        result, "claude-haiku-4-5", "other-cloud", "input_tokens", "EU region"
    ) == Decimal("1.2")


def test_a_model_known_by_an_id_in_another_word_order_is_the_same_model():
    known = KnownModel(
        slug="claude-sonnet-4",
        creator_slug="anthropic",
        name="Claude Sonnet 4",
        category="text_generation",
        prices={"anthropic": (Decimal("3"), Decimal("15"), None)},
    )
    rules = Rules(
        **{**RULES.__dict__, "models": [known], "taken_slugs": frozenset({"claude-sonnet-4"})}
    )
    result = resolve(
        [offer("anthropic", "claude-4-sonnet-20250514", tokens("3", "15"))],
        rules,
    )
    assert placed(
        result, "providers/anthropic/models/claude-4-sonnet-20250514.toml"
    ).model_slug == ("claude-sonnet-4")
    assert not [m for m in result.models if not m.existing]


def test_a_model_known_only_by_an_id_gets_a_readable_name_and_is_flagged():
    result = resolve([offer("openai", "gpt-4-0613", tokens("30", "60"))], RULES)
    (model,) = [m for m in result.models if not m.existing]
    assert model.name == "GPT-4 (0613)"
    assert model.name_needs_review


def test_an_unknown_lab_folder_names_its_own_lab():
    result = resolve([offer("nano-gpt", "TheDrummer/Cydonia-24B-v4", tokens("0.5", "1"))], RULES)
    (model,) = [m for m in result.models if not m.existing]
    assert model.creator.slug == "thedrummer"


def test_what_is_not_a_model_is_skipped_with_a_reason():
    result = resolve(
        [
            offer("openai", "ft:gpt-4o-2024-08-06", tokens("3.75", "15")),
            offer("openai", "container", tokens("1", "1")),
            offer("cohere", "rerank-v3.5", tokens("1", "1")),
            offer("openai", "omni-moderation-latest", tokens("0", "0")),
            offer("mistral", "mistral-ocr-latest", tokens("1", "1")),
            offer("openai", "gpt-realtime", tokens("4", "16")),
            offer("openrouter", "openrouter/auto", tokens("1", "1")),
            offer("mystery", "agent-max", tokens("1", "1")),
            offer("together_ai", "together-ai-21.1b-41b", tokens("0.8", "0.8")),
            offer("together_ai", "together-ai-up-to-4b", tokens("0.1", "0.1")),
            offer("fireworks", "accounts/fireworks/models/qwen3-1p7b-fp8-draft", tokens("0", "0")),
            offer("together_ai", "llamaguard-7b", tokens("0.2", "0.2")),
            offer(
                "fireworks",
                "accounts/fireworks/models/flux-1-dev-controlnet-union",
                tokens("0.001", "0.001"),
            ),
        ],
        RULES,
    )
    reasons = {listing.raw_id: reason for reason, listing in result.skipped}
    assert reasons["ft:gpt-4o-2024-08-06"] == "a fine-tuning price, not a model"
    assert "container" in reasons["container"]
    assert "reranker" in reasons["rerank-v3.5"]
    assert "safety" in reasons["omni-moderation-latest"]
    assert "OCR" in reasons["mistral-ocr-latest"]
    assert "realtime" in reasons["gpt-realtime"]
    assert "router" in reasons["openrouter/auto"]
    assert reasons["agent-max"] == "no rule names its creator"
    assert "price tier" in reasons["together-ai-21.1b-41b"]
    assert "price tier" in reasons["together-ai-up-to-4b"]
    assert "draft model" in reasons["accounts/fireworks/models/qwen3-1p7b-fp8-draft"]
    assert "safety" in reasons["llamaguard-7b"]
    assert "ControlNet" in reasons["accounts/fireworks/models/flux-1-dev-controlnet-union"]
    assert not result.placements


def test_a_host_that_prefixes_its_name_serves_the_labs_model():
    """Databricks names every endpoint "databricks-<id>": Anthropic's and OpenAI's models
    stay theirs, and the host's record is an offer, not a Databricks model."""
    databricks = ProviderRecord("databricks", "Databricks", "lab")
    rules = Rules(
        creator_patterns=[*RULES.creator_patterns, (re.compile(r"^dbrx"), databricks)],
        labs={**RULES.labs, "databricks": databricks},
        hosts=RULES.hosts,
    )
    result = resolve(
        [
            root("anthropic", "claude-sonnet-4-5", "Claude Sonnet 4.5"),
            root("openai", "gpt-5", "GPT-5"),
            offer("databricks", "databricks/databricks-claude-sonnet-4-5", tokens("3", "15")),
            offer("databricks", "databricks/databricks-gpt-5", tokens("1.25", "10")),
            offer("databricks", "databricks/databricks-dbrx-instruct", tokens("0.75", "2.25")),
            offer("snowflake", "snowflake-gpt-5", tokens("1.25", "10")),
        ],
        rules,
    )
    gpt = placed(result, "providers/databricks/models/databricks/databricks-gpt-5.toml")
    assert gpt.model_slug == "gpt-5"
    sonnet = placed(
        result, "providers/databricks/models/databricks/databricks-claude-sonnet-4-5.toml"
    )
    assert sonnet.model_slug == "claude-sonnet-4-5"
    assert price_of(result, "claude-sonnet-4-5", "databricks", "input_tokens") == Decimal("3")
    assert placed(result, "providers/snowflake/models/snowflake-gpt-5.toml").model_slug == "gpt-5"
    created = {m.slug: m.creator.slug for m in result.models if not m.existing}
    assert created == {
        "claude-sonnet-4-5": "anthropic",
        "gpt-5": "openai",
        "databricks-dbrx-instruct": "databricks",  # the host's own model stays its own
    }


def test_an_editors_alias_decides_and_not_a_model_is_respected():
    known = KnownModel(
        slug="gpt-4o", creator_slug="openai", name="GPT-4o", category="text_generation"
    )
    rules = Rules(
        **{
            **RULES.__dict__,
            "models": [known],
            "aliases": {
                "chatgpt-4o-latest": Alias("gpt-4o", "ChatGPT's version"),
                "gpt-4o-secret": Alias(None),
            },
        }
    )
    result = resolve(
        [
            offer("openai", "chatgpt-4o-latest", tokens("5", "15")),
            offer("openai", "gpt-4o-secret", tokens("5", "15")),
        ],
        rules,
    )
    assert placed(result, "providers/openai/models/chatgpt-4o-latest.toml").condition == (
        "ChatGPT's version"
    )
    assert [reason for reason, _ in result.skipped] == ["an editor marked it as not a model"]


def test_arena_names_go_through_the_same_resolver_with_their_mode():
    known = KnownModel(
        slug="claude-opus-4-5",
        creator_slug="anthropic",
        name="Claude Opus 4.5",
        category="text_generation",
    )
    rules = Rules(**{**RULES.__dict__, "models": [known]})
    arena = [
        Listing(
            source_id="text: a",
            raw_id="claude-opus-4-5-20251101",
            benchmark=True,
            category="text_generation",
        ),
        Listing(
            source_id="text: b",
            raw_id="claude-opus-4-5-20251101-thinking-32k",
            benchmark=True,
            category="text_generation",
        ),
    ]
    result = resolve(arena, rules)
    assert {p.listing.source_id: (p.model_slug, p.condition) for p in result.placements} == {
        "text: a": ("claude-opus-4-5", ""),
        "text: b": ("claude-opus-4-5", "thinking, 32K budget"),
    }


def test_a_creators_list_keeps_models_with_similar_names_apart():
    result = resolve(
        [
            root("zhipuai", "glm-5", "GLM-5"),
            root("zhipuai", "glm-5-turbo", "GLM-5-Turbo"),
            root("cohere", "command-r-08-2024", "Command R"),
            root("cohere", "command-r-plus-08-2024", "Command R+"),
        ],
        Rules(
            **{
                **RULES.__dict__,
                "labs": {
                    **RULES.labs,
                    "zhipuai": ProviderRecord("zhipuai", "Zhipu AI", "lab"),
                    "cohere": ProviderRecord("cohere", "Cohere", "lab"),
                },
            }
        ),
    )
    assert {m.name for m in result.models} == {"GLM-5", "GLM-5-Turbo", "Command R", "Command R+"}
