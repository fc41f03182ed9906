"""How ids and names become keys: the spellings of one model agree, other models do not."""

import pytest

from catalog.importers.keys import (
    clean_name,
    identity_key,
    readable_name,
    split_mode,
    split_stamp,
    split_variant,
    strip_decorations,
    word_order_key,
)


@pytest.mark.parametrize(
    "spellings",
    [
        ("claude-3.5-sonnet", "Claude 3.5 Sonnet", "claude-3-5-sonnet", "claude_3_5_sonnet"),
        ("kimi-k2.6", "Kimi K2.6", "kimi-k2p6"),
        ("gemini-2.0-flash", "Gemini 2 Flash"),
        ("llama-v3p1-405b-instruct", "llama-3.1-405b-instruct", "Llama 3.1 405B Instruct"),
        ("gpt-35-turbo", "gpt-3.5-turbo"),
        ("claude-opus-4-0", "Claude Opus 4"),
        ("Command R+", "command-r-plus"),
        ("nova-lite-v1", "Nova Lite", "nova-lite-v1.0"),
        ("nova-2-lite-v1", "Nova 2 Lite"),
    ],
)
def test_spellings_of_one_model_share_a_key(spellings):
    assert len({identity_key(text) for text in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("gpt-4o", "gpt-4o-mini"),
        ("claude-opus-4-5", "claude-opus-4"),
        ("qwen2.5-7b", "qwen2-57b"),
        ("command-r", "command-r-plus"),
        ("gpt-4", "gpt-4-0613"),
        ("nova-lite", "nova-2-lite"),
        ("llama-3.1-nemotron-nano-8b-v1", "llama-3.1-nemotron-nano-8b"),
    ],
)
def test_different_models_keep_different_keys(one, other):
    assert identity_key(one) != identity_key(other)


def test_words_in_another_order_agree_but_numbers_keep_their_order():
    assert word_order_key(identity_key("claude-4-sonnet")) == word_order_key(
        identity_key("claude-sonnet-4")
    )
    assert word_order_key(identity_key("claude-3-5-sonnet")) != word_order_key(
        identity_key("claude-5-3-sonnet")
    )


@pytest.mark.parametrize(
    ("text", "base", "stamp"),
    [
        ("claude-sonnet-4-20250514", "claude-sonnet-4", "20250514"),
        ("gpt-4o-2024-08-06", "gpt-4o", "2024-08-06"),
        ("command-r-08-2024", "command-r", "08-2024"),
        ("mistral-large-2411", "mistral-large", "2411"),
        ("gpt-4-0613", "gpt-4", "0613"),
        ("gemini-1.5-pro-002", "gemini-1-5-pro", "002"),
        ("gemini-2.5-flash-preview-05-20", "gemini-2-5-flash-preview", "05-20"),
        ("qwen3-235b-a22b", "qwen-3-235b-a-22b", ""),
        ("llama-3.1-405b", "llama-3-1-405b", ""),
    ],
)
def test_date_and_version_stamps(text, base, stamp):
    assert split_stamp(identity_key(text)) == (base, stamp)


def test_variant_words_and_modes():
    assert split_variant(identity_key("claude-opus-4-7-fast")) == (
        "claude-opus-4-7",
        "fast mode",
        "dearer",
    )
    assert split_variant(identity_key("claude-haiku-4-5-free"))[1:] == ("free tier", "free")
    assert split_mode(identity_key("claude-opus-4-5-20251101-thinking-32k")) == (
        "claude-opus-4-5-20251101",
        "thinking, 32K budget",
    )
    assert split_mode(identity_key("gpt-5.1-high"))[1] == "high reasoning effort"


@pytest.mark.parametrize(
    ("raw", "model_id", "vendor", "region", "tags"),
    [
        (
            "us.anthropic.claude-haiku-4-5-20251001-v1:0",
            "claude-haiku-4-5-20251001",
            "anthropic",
            "US",
            (),
        ),
        ("global.anthropic.claude-opus-4-6-v1", "claude-opus-4-6", "anthropic", "global", ()),
        (
            "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "claude-3-5-sonnet-20241022",
            "anthropic",
            "",
            (),
        ),
        ("claude-opus-4-5@20251101", "claude-opus-4-5-20251101", "", "", ()),
        ("claude-opus-4-6@default", "claude-opus-4-6", "", "", ()),
        ("accounts/fireworks/models/kimi-k2p6", "kimi-k2p6", "", "", ()),
        ("eu/gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "", "EU", ()),
        ("us-east-1/meta.llama3-8b-instruct-v1:0", "llama3-8b-instruct", "meta", "US", ()),
        ("qwen/qwen3-coder:free", "qwen3-coder", "", "", ("free",)),
        ("qwen3.5:397b", "qwen3.5-397b", "", "", ()),
        ("TEE/glm-5.toml".removesuffix(".toml"), "glm-5", "", "", ("tee",)),
        ("Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", "Qwen3-Coder-480B-A35B-Instruct", "", "", ()),
        ("deepseek.v3-v1:0", "deepseek-v3", "deepseek", "", ()),
        ("amazon.titan-embed-text-v2:0", "titan-embed-text-v2", "amazon", "", ()),
    ],
)
def test_host_decorations_are_removed_and_kept_as_facts(raw, model_id, vendor, region, tags):
    core = strip_decorations(raw)
    assert (core.id, core.vendor, core.region, core.tags) == (model_id, vendor, region, tags)


def test_a_lab_folder_is_a_namespace():
    assert strip_decorations("meta-llama/Llama-3.3-70B-Instruct-Turbo").namespace == ("meta-llama",)


@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("claude-3-opus-20240229", "Claude 3 Opus (2024-02-29)"),
        ("llama-3.1-70b-instruct", "Llama 3.1 70B Instruct"),
        ("gpt-4o-mini", "GPT-4o mini"),
        ("o4-mini-2025-04-16", "o4-mini (2025-04-16)"),
        ("qwen3-235b-a22b-2507", "Qwen3 235B A22B (2507)"),
        ("qwen2p5-0p5b-instruct", "Qwen2.5 0.5B Instruct"),
        ("deepseek-coder-7b-base-v1p5", "DeepSeek Coder 7B Base V1.5"),
    ],
)
def test_readable_names_from_ids(model_id, name):
    assert readable_name(model_id) == name


def test_a_hosts_notes_in_brackets_are_not_part_of_the_name():
    assert clean_name("Claude Haiku 4.5 (latest)") == ("Claude Haiku 4.5", "")
    assert clean_name("Claude Haiku 4.5 (US)") == ("Claude Haiku 4.5", "US")
    assert clean_name("GPT-4o (2024-05-13)") == ("GPT-4o (2024-05-13)", "")
