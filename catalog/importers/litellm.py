"""LiteLLM's price map (model_prices_and_context_window.json).

Prices there are USD per unit named in the key: per token, per image, per
pixel, per second, per character. They are read as exact decimals (never
floats) and converted into Versus's units: per 1M tokens, per image, per
megapixel, per second, per 1M characters. Suffixes become conditions: batch,
priority, flex, 1-hour cache, and long-prompt tiers ("prompt > 200K tokens").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers.listings import Listing, PriceLine
from catalog.importers.records import Batch, ImportDataError, money

DATASET = "litellm"
DATASET_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
MILLION = Decimal(1_000_000)
NOT_MODELS = {"sample_spec", "fallback_generalizations"}
# The entries the coverage figure counts: LiteLLM's chat, image, embedding and audio models.
COUNTED_MODES = {"chat", "image_generation", "embedding", "audio_transcription", "audio_speech"}
UNIVERSE = "chat, image, embedding and audio entries"

MODES = {
    "chat": "text_generation",
    "completion": "text_generation",
    "responses": "text_generation",
    "image_generation": "image_generation",
    "embedding": "embedding",
    "audio_transcription": "speech_to_text",
    "audio_speech": "text_to_speech",
    "video_generation": "video_generation",
}

# (component, unit, multiplier, condition); None for the component means it
# depends on the entry's mode (see _mode_component).
BASE_KEYS: dict[str, tuple[str | None, str, Decimal, str]] = {
    "input_cost_per_token": ("input_tokens", "per_1m_tokens", MILLION, ""),
    "output_cost_per_token": ("output_tokens", "per_1m_tokens", MILLION, ""),
    "input_cost_per_token_cache_hit": ("cached_input", "per_1m_tokens", MILLION, ""),
    "cache_read_input_token_cost": ("cached_input", "per_1m_tokens", MILLION, ""),
    "cache_creation_input_token_cost": ("cache_write", "per_1m_tokens", MILLION, ""),
    "input_cost_per_audio_token": ("audio_input", "per_1m_tokens", MILLION, ""),
    "output_cost_per_audio_token": ("audio_output", "per_1m_tokens", MILLION, ""),
    "cache_read_input_audio_token_cost": ("audio_input", "per_1m_tokens", MILLION, "cached"),
    "cache_creation_input_audio_token_cost": (
        "audio_input",
        "per_1m_tokens",
        MILLION,
        "cache write",
    ),
    "output_cost_per_reasoning_token": (
        "output_tokens",
        "per_1m_tokens",
        MILLION,
        "reasoning tokens",
    ),
    "input_cost_per_character": ("text_input", "per_1m_characters", MILLION, ""),
    "input_cost_per_image": (None, "per_image", Decimal(1), ""),
    "output_cost_per_image": ("image_output", "per_image", Decimal(1), ""),
    "input_cost_per_image_token": ("image_input", "per_1m_tokens", MILLION, ""),
    "output_cost_per_image_token": ("image_output", "per_1m_tokens", MILLION, ""),
    "input_cost_per_pixel": (None, "per_megapixel", MILLION, ""),
    "output_cost_per_pixel": ("image_output", "per_megapixel", MILLION, ""),
    "input_cost_per_second": (None, "per_second", Decimal(1), ""),
    "output_cost_per_second": (None, "per_second", Decimal(1), ""),
    "output_cost_per_second_1080p": ("video_output", "per_second", Decimal(1), "1080p"),
    "input_cost_per_audio_per_second": ("audio_input", "per_second", Decimal(1), ""),
    "input_cost_per_video_per_second": ("video_input", "per_second", Decimal(1), ""),
    "output_cost_per_video_per_second": ("video_output", "per_second", Decimal(1), ""),
    "output_cost_per_video_token": ("video_output", "per_1m_tokens", MILLION, ""),
    "input_cost_per_request": ("request", "per_request", Decimal(1), ""),
    "input_cost_per_query": ("request", "per_request", Decimal(1), ""),
}

# Price keys whose unit Versus does not model (pages, sessions, Databricks
# units, search context bundles). They are reported as skipped, not errors.
NOT_MODELLED = {
    "annotation_cost_per_page",
    "citation_cost_per_token",
    "code_interpreter_cost_per_session",
    "input_dbu_cost_per_token",
    "ocr_cost_per_credit",
    "ocr_cost_per_page",
    "output_cost_per_character",
    "output_dbu_cost_per_token",
    "search_context_cost_per_query",
}

SUFFIX = re.compile(r"_(batches|priority|flex|above_1hr|above_\d+k_tokens|above_\d+s_interval)")
SIZE = re.compile(r"^(\d+)-x-(\d+)$")
QUALITIES = {"standard", "hd", "low", "medium", "high"}


def _is_price_key(key: str) -> bool:
    return "cost" in key


def _conditions(rest: str) -> list[str] | None:
    """Conditions named by a key's suffixes, or None when a suffix is not understood."""
    found = SUFFIX.findall(rest)
    if "".join(f"_{part}" for part in found) != rest:
        return None
    conditions = []
    for part in found:
        if part == "batches":
            conditions.append("batch")
        elif part in ("priority", "flex"):
            conditions.append(part)
        elif part == "above_1hr":
            conditions.append("1-hour cache")
        elif part.endswith("k_tokens"):
            conditions.append(f"prompt > {part.split('_')[1].upper()} tokens")
        else:
            return []  # video interval tiers: understood, not modelled
    return conditions


def _mode_component(base: str, mode: str) -> str:
    if base in ("input_cost_per_image", "input_cost_per_pixel"):
        return "image_output" if mode == "image_generation" else "image_input"
    if base == "input_cost_per_second":
        return "video_input" if mode == "video_generation" else "audio_input"
    if mode == "audio_transcription":
        return "audio_input"  # a transcription is billed by the seconds of audio it hears
    return "video_output" if mode == "video_generation" else "audio_output"


def parse_price_key(key: str, mode: str) -> tuple[str, str, Decimal, list[str]] | str:
    """(component, unit, multiplier, conditions) for a price key, or why it is skipped.

    Raises KeyError for a key whose unit is unknown.
    """
    if any(key == name or key.startswith(name + "_") for name in NOT_MODELLED):
        return "price key with a unit Versus does not model"
    for base in sorted(BASE_KEYS, key=len, reverse=True):
        if key != base and not key.startswith(base + "_"):
            continue
        conditions = _conditions(key[len(base) :])
        if conditions is None:
            continue
        component, unit, multiplier, condition = BASE_KEYS[base]
        if key != base and not conditions:
            return "price tier Versus does not model"
        component = component or _mode_component(base, mode)
        return component, unit, multiplier, [condition, *conditions] if condition else conditions
    raise KeyError(key)


def _split_key(key: str) -> tuple[str, list[str]]:
    """The model part of a key, and the conditions its quality, size or steps prefix names:
    "hd/1024-x-1792/dall-e-3" is dall-e-3 at "HD, 1024×1792"."""
    parts = key.split("/")
    conditions: list[str] = []
    kept: list[str] = []
    for index, part in enumerate(parts):
        size = SIZE.match(part)
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if part in QUALITIES and SIZE.match(following):
            conditions.append("HD" if part == "hd" else part)
        elif size:
            conditions.append(f"{size.group(1)}×{size.group(2)}")
        elif re.fullmatch(r"\d+-steps", part):
            conditions.append(part.replace("-", " "))
        else:
            kept.append(part)
    return "/".join(kept), conditions


# LiteLLM's provider names for one route: "vertex_ai-anthropic_models" is Vertex AI.
def host_name(provider: str) -> str:
    """The host a LiteLLM provider name stands for, as our provider aliases know it."""
    lowered = provider.lower()
    for prefix in ("vertex_ai", "fireworks_ai", "bedrock"):
        if lowered.startswith(prefix):
            return prefix
    lowered = lowered.removeprefix("text-completion-")
    return {"azure_text": "azure", "cohere_chat": "cohere"}.get(lowered, lowered)


def _specs(entry: dict[str, Any], on: date) -> dict[str, Any]:
    def count(key: str) -> int | None:
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return None
        return int(value) if value > 0 else None

    def flag(key: str) -> bool | None:
        value = entry.get(key)
        return value if isinstance(value, bool) else None

    specs: dict[str, Any] = {
        "context_window": count("max_input_tokens"),
        "max_output_tokens": count("max_output_tokens"),
        "tool_calling": flag("supports_function_calling"),
        "structured_output": flag("supports_response_schema"),
        "vision_input": flag("supports_vision"),
        "reasoning": flag("supports_reasoning"),
    }
    retired = entry.get("deprecation_date")
    if isinstance(retired, str):
        try:
            if date.fromisoformat(retired) <= on:
                specs["status"] = "deprecated"
        except ValueError:
            pass
    return specs


def parse(
    path: Path, dataset_date: date | None, progress: Callable[[int, int], None] | None = None
) -> Batch:
    file = path.name
    if path.is_dir():
        raise ImportDataError(file, "-", "expected LiteLLM's JSON file, got a folder")
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError as error:
        raise ImportDataError(file, "-", f"not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ImportDataError(file, where, f"not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise ImportDataError(file, "-", "expected an object mapping model ids to entries")
    batch = Batch(
        dataset=DATASET, dataset_date=dataset_date, dataset_url=DATASET_URL, universe=UNIVERSE
    )
    on = dataset_date or date.today()
    keys = [key for key in sorted(data) if key not in NOT_MODELS]
    routes = {
        host_name(str(entry.get("litellm_provider")))
        for entry in data.values()
        if isinstance(entry, dict) and isinstance(entry.get("litellm_provider"), str)
    }
    for index, key in enumerate(keys, start=1):
        if progress and index % 200 == 0:
            progress(index, len(keys))
        batch.read += 1
        listing = _read_entry(batch, file, key, data[key], on, routes)
        if listing is not None:
            batch.listings.append(listing)
    if progress:
        progress(len(keys), len(keys))
    return batch


def _model_part(key: str, route: str, routes: set[str]) -> str:
    """The key without LiteLLM's route prefix ("bedrock/", "vertex_ai/", "openrouter/")."""
    first, _, rest = key.partition("/")
    if rest and (first.lower() == route or first.lower() in routes):
        return rest
    return key


def _read_entry(
    batch: Batch, file: str, key: str, entry: Any, on: date, routes: set[str]
) -> Listing | None:
    if not isinstance(entry, dict):
        raise ImportDataError(file, key, "the entry is not an object")
    provider = entry.get("litellm_provider")
    if not isinstance(provider, str) or not provider:
        raise ImportDataError(file, key, "missing required key 'litellm_provider'")
    mode = entry.get("mode")
    if not isinstance(mode, str):
        batch.skip("no mode (a pricing bucket, not a model)", key)
        return None
    if mode not in MODES:
        batch.skip(f"{mode.replace('_', ' ')} is not a kind of model Versus compares", key)
        return None
    counted = mode in COUNTED_MODES
    outputs = entry.get("supported_output_modalities")
    if mode == "chat" and isinstance(outputs, list) and outputs and "text" not in outputs:
        # Lyria's "chat" entry answers in music only: not a text model.
        batch.skip("a chat entry that answers only in audio, not in text", key)
        return None
    if "commitment" in key:
        if counted:
            batch.skip_record("a reserved-capacity commitment, not a per-use price", key)
        return None
    prices, skipped = _prices(file, key, entry, mode)
    for reason in skipped:
        batch.skip(reason, key)
    if not prices:
        if counted:
            batch.skip_record("lists no price", key)
        return None
    base_key, variant = _split_key(key)
    route = host_name(provider)
    return Listing(
        source_id=key,
        raw_id=_model_part(base_key, route, routes),
        host=route,
        lab=route,
        category=MODES[mode],
        specs=_specs(entry, on) if not variant else {},
        counted=counted,
        prices=tuple(
            PriceLine(component, unit, amount, ", ".join([*variant, *conditions]))
            for component, unit, amount, conditions in prices
            if not (mode == "embedding" and component == "output_tokens")
        ),
        source_url=_source(entry),
    )


def _source(entry: dict[str, Any]) -> str:
    source = entry.get("source")
    if not isinstance(source, str) or not source.startswith("https://"):
        return ""
    return source if " " not in source.strip() else ""  # "https://... (Vertex AI)" is not a link


PriceRow = tuple[str, str, Decimal, list[str]]


def _prices(
    file: str, key: str, entry: dict[str, Any], mode: str
) -> tuple[list[PriceRow], list[str]]:
    """Every price of an entry as (component, unit, amount, conditions), and skip reasons."""
    rows: list[PriceRow] = []
    skipped: list[str] = []
    generation_pixels = mode == "image_generation" and "input_cost_per_pixel" in entry
    priced: list[tuple[str, Any, list[str]]] = [
        (name, value, []) for name, value in entry.items() if _is_price_key(name)
    ]
    tiers = entry.get("tiered_pricing")
    if tiers is not None:
        if not isinstance(tiers, list):
            raise ImportDataError(file, key, "tiered_pricing is not a list")
        for tier in tiers:
            if not isinstance(tier, dict) or not isinstance(tier.get("range"), list):
                raise ImportDataError(file, key, "a tiered_pricing entry has no range")
            low = money(tier["range"][0], file, key, "a tier's range")
            condition = [] if low == 0 else [f"prompt > {_thousands(low)} tokens"]
            priced += [
                (name, value, condition) for name, value in tier.items() if _is_price_key(name)
            ]
    # An image generator's entry that gives an output price per image or pixel prices
    # the pictures it is shown (edits, references) with input_cost_per_image; one that
    # gives none writes its generation price there.
    inputs_are_inputs = mode == "image_generation" and any(
        _positive(entry.get(name)) for name in ("output_cost_per_image", "output_cost_per_pixel")
    )
    for name, value, conditions in priced:
        if name == "output_cost_per_pixel" and generation_pixels and value == 0:
            continue  # LiteLLM writes the generation price as input_cost_per_pixel
        read_as = mode
        if inputs_are_inputs and name.startswith(("input_cost_per_image", "input_cost_per_pixel")):
            read_as = "chat"  # an image given to the model, as a chat model reads it
        if mode == "audio_transcription" and name.startswith("output_cost_per_second"):
            continue  # a transcript is text: LiteLLM repeats the audio price here
        try:
            parsed = parse_price_key(name, read_as)
        except KeyError:
            skipped.append(f"an unknown price key ({name}; price skipped)")
            continue
        if isinstance(value, dict) and not isinstance(parsed, str):
            parsed = "a price given as a table of options (price skipped)"
        if isinstance(parsed, str):
            skipped.append(parsed)
            continue
        component, unit, multiplier, key_conditions = parsed
        amount = (money(value, file, key, name) * multiplier).normalize()
        if mode == "image_generation" and component.startswith("image_") and amount == 0:
            # No image API gives pictures away at list price: a zero here is a price
            # LiteLLM does not know (Azure's DALL-E 2, Bedrock's Titan).
            skipped.append("an image price of zero, which stands for an unknown price")
            continue
        rows.append((component, unit, amount, [*conditions, *key_conditions]))
    return rows, skipped


def _positive(value: Any) -> bool:
    """Whether a price as read (a Decimal, or a number) is above zero."""
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool) and value > 0


def _thousands(tokens: Decimal) -> str:
    return f"{(tokens / 1000).normalize():f}K"
