"""The models.dev TOML tree.

`models/<lab>/*.toml` (when present) are canonical models by their creator.
`providers/<provider>/models/**.toml` are offers: a file with `base_model`
inherits the lab file (deep merge, then `base_model_omit`); a file in a
creator's own provider folder is that creator's model; any other file names
no creator, so it is reported and skipped. Costs are USD per 1M tokens.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog.importers import aliases
from catalog.importers.records import (
    Batch,
    ImportDataError,
    ModelRecord,
    PriceRecord,
    ProviderRecord,
    money,
)

DATASET = "models-dev"
DATASET_URL = "https://models.dev"
NOT_INHERITED = ("benchmarks", "license", "links", "weights")
MODALITIES = {"text", "image", "audio", "video", "pdf"}

# [cost] keys: component and condition. Costs are per 1M tokens.
COST_KEYS = {
    "input": ("input_tokens", ""),
    "output": ("output_tokens", ""),
    "cache_read": ("cached_input", ""),
    "cache_input": ("cached_input", ""),
    "cached_input": ("cached_input", ""),
    "cache_write": ("cache_write", ""),
    "cached_write": ("cache_write", ""),
    "reasoning": ("output_tokens", "reasoning tokens"),
    "input_audio": ("audio_input", ""),
    "output_audio": ("audio_output", ""),
}
# Keys outside the upstream schema whose unit is not defined (per image or per
# image token, per request, per citation): reported as skipped.
UNDEFINED_UNITS = {"image", "request", "citation"}


def _load(path: Path, root: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImportDataError(str(path.relative_to(root)), "-", f"invalid TOML ({error})") from None


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


def _category(model_id: str, record: dict[str, Any]) -> str:
    """The category, by documented rules on the record's modalities and id."""
    modalities = record.get("modalities") or {}
    inputs, outputs = set(modalities.get("input") or []), set(modalities.get("output") or [])
    family = str(record.get("family", ""))
    if "embed" in model_id.lower() or "embed" in family.lower():
        return "embedding"
    if "video" in outputs:
        return "video_generation"
    if "image" in outputs and "text" not in outputs:
        return "image_generation"
    if "audio" in outputs and "text" not in outputs:
        return "text_to_speech"
    if inputs == {"audio"} and outputs == {"text"}:
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
            batch.skip("a release date that is not a date", source)
    elif released:
        batch.skip("a month-only release date (left unknown)", source)
    return specs


def _positive(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _costs(record: dict[str, Any], file: str, batch: Batch) -> list[tuple[str, Decimal, str]]:
    """(component, amount per 1M tokens, condition) for each price in [cost]."""
    cost = record.get("cost")
    if cost is None:
        return []
    if not isinstance(cost, dict):
        raise ImportDataError(file, "cost", "[cost] is not a table")
    rows = []
    for key, value in cost.items():
        if key == "tiers":
            rows.extend(_tiers(value, file))
        elif key in COST_KEYS:
            component, condition = COST_KEYS[key]
            rows.append((component, money(value, file, f"cost.{key}", key), condition))
        elif key in UNDEFINED_UNITS:
            batch.skip("a price key whose unit models.dev does not define", file)
        else:
            raise ImportDataError(
                file, f"cost.{key}", f"unknown price key {key!r}: its unit is not one Versus knows"
            )
    return rows


def _tiers(tiers: Any, file: str) -> list[tuple[str, Decimal, str]]:
    if not isinstance(tiers, list):
        raise ImportDataError(file, "cost.tiers", "tiers is not a list of tables")
    rows = []
    for tier in tiers:
        size = tier.get("tier", {}).get("size") if isinstance(tier, dict) else None
        if not isinstance(size, int):
            raise ImportDataError(file, "cost.tiers", "a tier has no tier.size")
        condition = f"prompt > {(Decimal(size) / 1000).normalize():f}K tokens"
        for key, value in tier.items():
            if key in COST_KEYS and not COST_KEYS[key][1]:
                rows.append(
                    (COST_KEYS[key][0], money(value, file, f"cost.tiers.{key}", key), condition)
                )
    return rows


def _provider_record(root: Path, name: str, kind: str) -> ProviderRecord:
    if name in aliases.CREATORS:
        slug, label = aliases.CREATORS[name]
        return ProviderRecord(slug=slug, name=label, kind="lab")
    if name in aliases.HOSTS:
        slug, label = aliases.HOSTS[name]
        return ProviderRecord(slug=slug, name=label, kind=kind)
    label = name
    info = root / "providers" / name / "provider.toml"
    if info.exists():
        label = str(_load(info, root).get("name") or name)
    return ProviderRecord(slug=aliases.slug_for(name), name=label[:100], kind=kind)


def parse(
    root: Path, dataset_date: date | None, progress: Callable[[int, int], None] | None = None
) -> Batch:
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
    batch = Batch(dataset=DATASET, dataset_date=dataset_date, dataset_url=DATASET_URL)
    for model_id, record in labs.items():
        batch.read += 1
        lab = model_id.split("/", 1)[0]
        _add_model(batch, root, model_id, record, lab, f"models/{model_id}.toml")
    for index, path in enumerate(files, start=1):
        if progress and index % 250 == 0:
            progress(index, len(files))
        batch.read += 1
        record = _load(path, root)
        newest.append(str(record.get("last_updated", "")))
        _add_offer(batch, root, path, record, labs)
    if progress:
        progress(len(files), len(files))
    if batch.dataset_date is None:
        dated = sorted(d for d in newest if len(d) == 10)
        batch.dataset_date = date.fromisoformat(dated[-1]) if dated else None
    return batch


def _add_model(
    batch: Batch, root: Path, model_id: str, record: dict[str, Any], lab: str, file: str
) -> str:
    slug = aliases.MODELS_DEV.get(model_id) or aliases.slug_for(model_id.split("/", 1)[1])
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ImportDataError(file, "name", "missing required key 'name'")
    batch.models.append(
        ModelRecord(
            slug=slug,
            name=name.strip(),
            creator=_provider_record(root, lab, "lab"),
            category=_category(model_id, record),
            specs=_specs(record, batch, file),
            source_id=file,
        )
    )
    return slug


def _add_offer(
    batch: Batch, root: Path, path: Path, record: dict[str, Any], labs: dict[str, Any]
) -> None:
    provider = path.relative_to(root / "providers").parts[0]
    file = path.relative_to(root).as_posix()
    model_id = path.relative_to(root / "providers" / provider / "models").with_suffix("")
    own_id = f"{provider}/{model_id.as_posix()}"
    base_id = record.get("base_model")
    if base_id is not None:
        if base_id not in labs:
            raise ImportDataError(file, "base_model", f"names {base_id!r}, which is not in models/")
        merged = _merge({k: v for k, v in labs[base_id].items() if k not in NOT_INHERITED}, record)
        _omit(merged, record.get("base_model_omit"))
        slug = aliases.MODELS_DEV.get(base_id) or aliases.slug_for(base_id.split("/", 1)[1])
    elif provider in aliases.CREATORS:
        merged = record
        slug = _add_model(batch, root, own_id, record, provider, file)
    elif own_id in aliases.MODELS_DEV:
        merged, slug = record, aliases.MODELS_DEV[own_id]
    else:
        batch.skip("a host's file with no base_model to name the creator", file)
        return
    host = _provider_record(root, provider, "host")
    for component, amount, condition in _costs(merged, file, batch):
        batch.prices.append(
            PriceRecord(
                model_slug=slug,
                host=host,
                component=component,
                unit="per_1m_tokens",
                amount=amount,
                condition=condition,
                source_id=file,
            )
        )
