"""The models.dev TOML tree, as listings for the identity layer.

`models/<lab>/*.toml` (when present; added upstream in June 2026) are each
lab's own list of its models. `providers/<provider>/models/**.toml` are
offers: a file with `base_model` inherits the lab file (deep merge, then
`base_model_omit`); a file in a subfolder (`openrouter/models/anthropic/...`)
names its lab by the folder. Costs are USD per 1M tokens. Every schema the
data has had is read: `[cost.context_over_200k]` (early 2026) and
`[[cost.tiers]]` are long-prompt tiers, `[experimental.modes.fast]` is fast mode.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers.listings import Listing, PriceLine
from catalog.importers.models_dev_benchmarks import lab_benchmarks
from catalog.importers.records import Batch, ImportDataError, money

DATASET = "models-dev"
DATASET_URL = "https://models.dev"
REPOSITORY = "https://github.com/anomalyco/models.dev/blob/{ref}/{path}"
NOT_INHERITED = ("benchmarks", "license", "links", "weights")
MODALITIES = {"text", "image", "audio", "video", "pdf"}
# Embedding models by their id: "embed" anywhere, or the usual open embedding families.
EMBEDDING_ID = re.compile(r"embed|(^|[-/_])(bge|e5|gte|multilingual-e5)-|minilm|mpnet")

# [cost] keys: (component, condition), per 1M tokens. "input"/"output" depend on the category.
COST_KEYS = {
    "cache_read": ("cached_input", ""),
    "cached_read": ("cached_input", ""),
    "cache_input": ("cached_input", ""),
    "cached_input": ("cached_input", ""),
    "cache_write": ("cache_write", ""),
    "cached_write": ("cache_write", ""),
    "reasoning": ("output_tokens", "reasoning tokens"),
    "input_audio": ("audio_input", ""),
    "output_audio": ("audio_output", ""),
}
# What "input" and "output" tokens are for each kind of model.
TOKEN_COMPONENTS = {
    "image_generation": ("input_tokens", "image_output"),
    "text_to_speech": ("input_tokens", "audio_output"),
    "speech_to_text": ("audio_input", "output_tokens"),
    "embedding": ("input_tokens", None),
}
# Keys outside the upstream schema whose unit is not defined (per image or per
# image token, per request, per citation): skipped with a reason.
UNDEFINED_UNITS = {"image", "request", "citation"}


def _load(path: Path, root: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportDataError(str(path.relative_to(root)), "-", f"invalid TOML ({error})") from None
    except IsADirectoryError:
        raise ImportDataError(str(path.relative_to(root)), "-", "a folder, not a file") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _omit(record: dict[str, Any], paths: Any) -> None:
    for path in paths if isinstance(paths, list) else []:
        *parents, last = str(path).split(".")
        target: Any = record
        for part in parents:
            target = target.get(part) if isinstance(target, dict) else None
        if isinstance(target, dict):
            target.pop(last, None)


def category(model_id: str, record: dict[str, Any]) -> str:
    """The category, from the record's modalities (and "embed" in its id or family)."""
    modalities = record.get("modalities") or {}
    inputs, outputs = set(modalities.get("input") or []), set(modalities.get("output") or [])
    family = str(record.get("family", ""))
    if EMBEDDING_ID.search(model_id.lower()) or "embed" in family.lower():
        return "embedding"
    if "video" in outputs:
        return "video_generation"
    if "image" in outputs:
        return "image_generation"
    if "audio" in outputs and "text" not in outputs:
        return "text_to_speech"
    if "audio" in inputs and outputs == {"text"} and "text" not in inputs:
        return "speech_to_text"
    return "text_generation"


def _specs(record: dict[str, Any], batch: Batch, source: str) -> dict[str, Any]:
    limit = record.get("limit") or {}
    modalities = record.get("modalities") or {}
    inputs = [m for m in modalities.get("input") or [] if m in MODALITIES]
    specs: dict[str, Any] = {
        "family": str(record.get("family", ""))[:80],
        "input_modalities": inputs,
        "output_modalities": [m for m in modalities.get("output") or [] if m in MODALITIES],
        "context_window": _positive(limit.get("context")),
        "max_output_tokens": _positive(limit.get("output")),
        "open_weights": _flag(record.get("open_weights")),
        "tool_calling": _flag(record.get("tool_call")),
        "structured_output": _flag(record.get("structured_output")),
        "reasoning": _flag(record.get("reasoning")),
        "vision_input": "image" in inputs if modalities.get("input") is not None else None,
    }
    if record.get("status") == "deprecated":
        specs["status"] = "deprecated"
    knowledge = str(record.get("knowledge", ""))
    if len(knowledge) in (7, 10) and knowledge[4] == "-":
        specs["knowledge_cutoff"] = knowledge
    released = str(record.get("release_date", ""))
    if len(released) == 10:
        try:
            specs["release_date"] = date.fromisoformat(released)
        except ValueError:
            batch.skip("a release date that is not a date (left unknown)", source)
    return specs


def _positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _thousands(size: int) -> str:
    return f"{(Decimal(size) / 1000).normalize():f}K"


def _costs(record: dict[str, Any], file: str, batch: Batch, kind: str) -> tuple[PriceLine, ...]:
    """Every price of a record, per 1M tokens, with its condition."""
    cost = record.get("cost")
    lines: list[PriceLine] = []
    if cost is not None:
        if not isinstance(cost, dict):
            raise ImportDataError(file, "cost", "[cost] is not a table")
        lines += _table(cost, file, batch, kind, "", "cost")
    fast = (record.get("experimental") or {}).get("modes", {}).get("fast")
    if isinstance(fast, dict) and isinstance(fast.get("cost"), dict):
        lines += _table(fast["cost"], file, batch, kind, "fast mode", "experimental.modes.fast")
    return tuple(lines)


def _table(
    cost: dict[str, Any], file: str, batch: Batch, kind: str, condition: str, where: str
) -> list[PriceLine]:
    tokens_in, tokens_out = TOKEN_COMPONENTS.get(kind, ("input_tokens", "output_tokens"))
    lines: list[PriceLine] = []
    for key, value in cost.items():
        if key == "tiers":
            lines += _tiers(value, file, batch, kind, condition)
            continue
        if key.startswith("context_over_") and isinstance(value, dict):
            size = key.removeprefix("context_over_").upper()
            tier = ", ".join(c for c in (condition, f"prompt > {size} tokens") if c)
            lines += _table(value, file, batch, kind, tier, f"{where}.{key}")
            continue
        if isinstance(value, dict):
            batch.skip(
                "a price table models.dev does not define (skipped)", f"{file} [{where}.{key}]"
            )
            continue
        if key in ("input", "output"):
            component = tokens_in if key == "input" else tokens_out
            if component is None:
                continue  # embeddings produce vectors, not output tokens
            lines.append(
                PriceLine(
                    component, "per_1m_tokens", money(value, file, f"{where}.{key}", key), condition
                )
            )
        elif key in COST_KEYS:
            component, extra = COST_KEYS[key]
            both = ", ".join(c for c in (condition, extra) if c)
            lines.append(
                PriceLine(
                    component, "per_1m_tokens", money(value, file, f"{where}.{key}", key), both
                )
            )
        elif key in UNDEFINED_UNITS:
            batch.skip("a price key whose unit models.dev does not define (price skipped)", file)
        else:
            batch.skip(f"an unknown price key ({key}; price skipped)", file)
    return lines


def _tiers(tiers: Any, file: str, batch: Batch, kind: str, condition: str) -> list[PriceLine]:
    if not isinstance(tiers, list):
        batch.skip("a [[cost.tiers]] that is not a list of tables (tiers skipped)", file)
        return []
    lines: list[PriceLine] = []
    for tier in tiers:
        size = tier.get("tier", {}).get("size") if isinstance(tier, dict) else None
        if not isinstance(size, int) or isinstance(size, bool):
            batch.skip("a price tier without tier.size (tier skipped)", file)
            continue
        prices = {k: v for k, v in tier.items() if k != "tier"}
        tier_condition = ", ".join(
            c for c in (condition, f"prompt > {_thousands(size)} tokens") if c
        )
        lines += _table(prices, file, batch, kind, tier_condition, "cost.tiers")
    return lines


def _source_url(file: str, ref: str) -> str:
    return REPOSITORY.format(ref=ref or "dev", path=file)


def parse(
    root: Path,
    dataset_date: date | None,
    progress: Callable[[int, int], None] | None = None,
    *,
    ref: str = "",
) -> Batch:
    if not root.is_dir():
        raise ImportDataError(
            root.name, "-", "expected the models.dev folder (with providers/), got a file"
        )
    if not (root / "providers").is_dir():
        raise ImportDataError(
            root.name, "-", "not a models.dev tree: there is no providers/ folder"
        )
    labs: dict[str, dict[str, Any]] = {}
    if (root / "models").is_dir():
        for path in sorted((root / "models").rglob("*.toml")):
            labs[path.relative_to(root / "models").with_suffix("").as_posix()] = _load(path, root)
    files = sorted((root / "providers").glob("*/models/**/*.toml"))
    newest = [str(r.get("last_updated", "")) for r in labs.values()]
    batch = Batch(
        dataset=DATASET,
        dataset_date=dataset_date,
        dataset_url=DATASET_URL,
        universe="provider files",
    )
    hosts: dict[str, str] = {}
    for model_id, record in labs.items():
        batch.read += 1
        lab, own_id = model_id.split("/", 1)
        file = f"models/{model_id}.toml"
        name = record.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ImportDataError(file, "name", "missing required key 'name'")
        kind = category(own_id, record)
        batch.listings.append(
            Listing(
                source_id=file,
                raw_id=own_id,
                name=name.strip(),
                lab=lab,
                own_list=True,
                category=kind,
                specs=_specs(record, batch, file),
                source_url=_source_url(file, ref),
                counted=False,
                scores=lab_benchmarks(record, file, lab, batch),
            )
        )
    for index, path in enumerate(files, start=1):
        if progress and index % 250 == 0:
            progress(index, len(files))
        batch.read += 1
        record = _load(path, root)
        newest.append(str(record.get("last_updated", "")))
        batch.listings.append(_offer(root, path, record, labs, hosts, batch, ref))
    if progress:
        progress(len(files), len(files))
    if batch.dataset_date is None:
        dated = sorted(d for d in newest if len(d) == 10 and d[4] == "-")
        batch.dataset_date = date.fromisoformat(dated[-1]) if dated else None
    return batch


def _host_name(root: Path, provider: str, hosts: dict[str, str]) -> str:
    if provider not in hosts:
        info = root / "providers" / provider / "provider.toml"
        hosts[provider] = (
            str(_load(info, root).get("name") or provider) if info.is_file() else provider
        )
    return hosts[provider]


def _offer(
    root: Path,
    path: Path,
    record: dict[str, Any],
    labs: dict[str, Any],
    hosts: dict[str, str],
    batch: Batch,
    ref: str,
) -> Listing:
    provider = path.relative_to(root / "providers").parts[0]
    file = path.relative_to(root).as_posix()
    model_id = path.relative_to(root / "providers" / provider / "models").with_suffix("").as_posix()
    base_id = record.get("base_model")
    merged = record
    if isinstance(base_id, str) and base_id:
        if base_id not in labs:
            batch.skip("a base_model that is not in models/ (inheritance skipped)", file)
            base_id = ""
        else:
            merged = _merge(
                {k: v for k, v in labs[base_id].items() if k not in NOT_INHERITED}, record
            )
            _omit(merged, record.get("base_model_omit"))
    else:
        base_id = ""
    name = merged.get("name")
    kind = category(model_id, merged)
    return Listing(
        source_id=file,
        raw_id=model_id,
        host=provider,
        host_name=_host_name(root, provider, hosts),
        name=name.strip() if isinstance(name, str) else "",
        base_id=base_id,
        lab=provider,
        category=kind,
        specs=_specs(merged, batch, file),
        prices=_costs(merged, file, batch, kind),
        source_url=_source_url(file, ref),
    )
