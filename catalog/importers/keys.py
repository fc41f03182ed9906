"""How a dataset's id or display name becomes a key that two spellings of one model share.

Pure string functions, no Django. `identity_key` folds the spellings the
public catalogs use for one model ("claude-3.5-sonnet", "Claude 3.5 Sonnet",
"claude-3-5-sonnet", fireworks' "kimi-k2p6" for "kimi-k2.6") into one key;
`strip_decorations` removes what hosts add to an id (region and vendor
prefixes, "-v1:0", "@default", quantisation tags) and keeps what those
decorations say (the region, the vendor, a ":free" tier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Bedrock-style region prefixes ("us.anthropic.claude-...") and path segments
# ("azure/eu/gpt-4o") that name where a host serves a model, not the model.
REGIONS = {
    "us": "US",
    "eu": "EU",
    "apac": "Asia-Pacific",
    "ap": "Asia-Pacific",
    "sa": "South America",
    "jp": "Japan",
    "au": "Australia",
    "ca": "Canada",
    "us-gov": "US GovCloud",
    "global": "global",
    "global-standard": "global",
}
# Tags after a colon that name a mode of the listing, not the model ("qwen3-coder:free").
TAGS = {"free", "beta", "thinking", "extended", "nitro", "floor", "online", "exacto", "web", "tee"}
# Cloud regions as path segments ("bedrock/us-east-1/..."), by their area.
CLOUD_REGION = re.compile(r"^(us-gov|us|eu|ap|ca|sa|me|af|il|mx)-[a-z]+-\d$")
NOT_NAMESPACES = {"accounts", "fireworks", "models", "routers", "*", "fal-ai", "preset"}
# Folders that name a way a host runs a model: a tag of the listing.
TAG_FOLDERS = {"tee": "tee"}
# Vendor prefixes in Bedrock-style ids: "anthropic.claude-...", "meta.llama3-...".
VENDOR_PREFIX = re.compile(r"^([a-z][a-z0-9-]*)\.(?=[a-z])")
VERSION_SUFFIX = re.compile(r"(?:-\d+:0|:0)$")
# Serving details hosts add to an open model's id: precision, quantisation, throughput tiers.
SERVING_SUFFIX = re.compile(
    r"-(?:fp8|fp4|fp16|bf16|nvfp4|mxfp4|int4|int8|awq|gptq|gguf|mlx|q4|q8|tput|maas|hf|dynamic|"
    r"w4a16|w8a8)$"
)
# Words a host appends to an open model's name that do not make it another model.
HOST_WORDS = (
    "turbo",
    "versatile",
    "instant",
    "instruct",
    "it",
    "chat",
    "latest",
)

# Date stamps at the end of an id: 20250514, 2024-08-06, 08-2024, 202506, 0613 / 2411.
_STAMPS = (
    re.compile(r"-(20\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])$"),
    re.compile(r"-(0[1-9]|1[0-2])-(20\d{2})$"),
    re.compile(r"-(20\d{2})(0[1-9]|1[0-2])$"),
    re.compile(r"-(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$"),
    re.compile(r"-(2[3-9])(0[1-9]|1[0-2])$"),
    re.compile(r"-(00[1-9])$"),
    re.compile(r"(?:(?<=-preview)|(?<=-exp))-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"),
)

# Suffixes that sell one model in another mode, with the condition they name
# and the way their price relates to the standard rate.
VARIANT_WORDS: dict[str, tuple[str, str]] = {
    "fast": ("fast mode", "dearer"),
    "highspeed": ("high-speed mode", "dearer"),
    "turbo": ("turbo mode", "dearer"),
    "priority": ("priority", "dearer"),
    "flex": ("flex", "cheaper"),
    "batch": ("batch", "cheaper"),
    "free": ("free tier", "free"),
    "coding": ("coding plan", "any"),
    # Routes a host sells one model through, at its own price.
    "tee": ("confidential computing (TEE)", "any"),
    "original": ("original weights", "any"),
    "cheaper": ("discounted route", "any"),
    "lightning": ("fast mode", "any"),
}
# Modes that only benchmarks and arenas name ("claude-opus-4-5-20251101-thinking-32k").
MODE_SUFFIX = re.compile(
    r"-(?P<mode>thinking|no-thinking|non-reasoning|reasoning|think|nothink|"
    r"high|medium|low|minimal|xhigh)(?:-(?P<budget>\d+)k)?$"
)
MODE_WORDS = {
    "thinking": "thinking",
    "think": "thinking",
    "reasoning": "reasoning on",
    "no-thinking": "thinking off",
    "nothink": "thinking off",
    "non-reasoning": "reasoning off",
    "high": "high reasoning effort",
    "xhigh": "extra-high reasoning effort",
    "medium": "medium reasoning effort",
    "low": "low reasoning effort",
    "minimal": "minimal reasoning effort",
}


def identity_key(text: str) -> str:
    """One key for every spelling of a name: lowercase words and numbers joined by hyphens.

    "Claude 3.5 Sonnet", "claude-3-5-sonnet" and "claude-3.5-sonnet" give
    "claude-3-5-sonnet"; "kimi-k2p6" and "Kimi K2.6" give "kimi-k-2-6"; a
    minor version ".0" is dropped ("gemini-2.0-flash" is "gemini-2-flash").
    """
    key = text.lower().strip().replace("+", " plus ")
    key = re.sub(r"(?<=\d)p(?=\d)", ".", key)
    key = re.sub(r"(?<=\d)\.0(?![\d])", "", key)
    key = re.sub(r"[^a-z0-9]+", "-", key)
    key = re.sub(r"(?<=[a-z])(?=\d)", "-", key)
    key = re.sub(r"-+", "-", key).strip("-")
    key = re.sub(r"-generate(?=-|$)", "", key)  # Google's "imagen-4.0-generate-001"
    key = re.sub(r"(?<=[a-z])-v-(?=\d)", "-", key)  # "llama-v3p1" is "llama-3.1"
    key = re.sub(r"^gpt-35(?=-|$)", "gpt-3-5", key)  # Azure's "gpt-35-turbo"
    # Amazon's "nova-lite-v1" names the API's version 1 of Nova Lite, not another model.
    key = re.sub(r"^((?:amazon-)?nova-(?:\d-)?[a-z]+)-1$", r"\1", key)
    # "claude-opus-4-0" is Anthropic's own name for Claude Opus 4.
    return re.sub(r"(?<=-\d)-0$", "", key)


def word_order_key(key: str) -> str:
    """The key with its words in sorted order and its numbers in place order:
    "claude-4-sonnet" and "claude-sonnet-4" agree."""
    parts = key.split("-")
    words = sorted(part for part in parts if not part.isdigit())
    numbers = [part for part in parts if part.isdigit()]
    return "-".join(words) + "|" + "-".join(numbers)


def split_stamp(key: str) -> tuple[str, str]:
    """(key without a trailing date or version stamp, the stamp or "")."""
    for pattern in _STAMPS:
        match = pattern.search(key)
        if match and match.start() > 0:
            return key[: match.start()], key[match.start() + 1 :]
    return key, ""


def split_latest(key: str) -> tuple[str, bool]:
    """(key without "-latest" or "-beta", whether it had one): names that point at a model."""
    for word in ("-latest", "-beta"):
        if key.endswith(word) and len(key) > len(word):
            return key[: -len(word)], True
    return key, False


def split_variant(key: str) -> tuple[str, str, str]:
    """(base key, condition, price relation) for a key ending in a variant word;
    (key, "", "") for any other key."""
    for word, (condition, relation) in VARIANT_WORDS.items():
        if key.endswith(f"-{word}"):
            return key[: -len(word) - 1], condition, relation
    return key, "", ""


def split_mode(key: str) -> tuple[str, str]:
    """(base key, mode condition) for an arena or benchmark name with a mode suffix."""
    resolution = re.search(r"-(?P<size>[124])k$", key)
    if resolution and resolution.start() > 0:
        return key[: resolution.start()], f"{resolution.group('size')}K images"
    match = MODE_SUFFIX.search(key)
    if not match or match.start() == 0:
        return key, ""
    mode = MODE_WORDS[match.group("mode")]
    if match.group("budget"):
        mode = f"{mode}, {match.group('budget')}K budget"
    return key[: match.start()], mode


def without_host_words(key: str) -> str:
    """The key without the words hosts append to an open model's name ("-instruct-turbo")."""
    changed = True
    while changed:
        changed = False
        for word in HOST_WORDS:
            if key.endswith(f"-{word}") and len(key) > len(word) + 1:
                key = key[: -len(word) - 1]
                changed = True
    return key


@dataclass(frozen=True)
class Core:
    """An id without a host's decorations, and what those decorations said."""

    id: str
    namespace: tuple[str, ...] = ()
    vendor: str = ""
    region: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)


def strip_decorations(raw: str) -> Core:
    """Split a host's id into the model's own id and the host's decorations.

    "bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0" is the id
    "claude-haiku-4-5-20251001" from vendor "anthropic" in the US region;
    "accounts/fireworks/models/kimi-k2p6" is "kimi-k2p6";
    "qwen/qwen3-coder:free" is "qwen3-coder" in namespace "qwen" tagged "free".
    """
    parts = [part for part in raw.strip().split("/") if part]
    if not parts:
        return Core(id="")
    *folders, last = parts
    region = ""
    namespace: list[str] = []
    folder_tags: list[str] = []
    for folder in folders:
        lowered = folder.lower()
        cloud_region = CLOUD_REGION.match(lowered)
        if lowered in REGIONS:
            region = REGIONS[lowered]
        elif cloud_region:
            region = REGIONS.get(cloud_region.group(1), cloud_region.group(1).upper())
        elif lowered in TAG_FOLDERS:
            folder_tags.append(TAG_FOLDERS[lowered])
        elif lowered not in NOT_NAMESPACES and not lowered.startswith("@"):
            namespace.append(folder)
    tags: list[str] = []
    while ":" in last and not VERSION_SUFFIX.search(last):
        last, tag = last.rsplit(":", 1)
        if tag.lower() not in TAGS and not tag.isdigit():
            last = f"{last}-{tag}"  # ollama's "qwen3.5:397b" is qwen3.5-397b
            break
        if tag.isdigit() and int(tag) < 10:  # "claude-v2:1" is version 2.1
            last = f"{last}.{tag}"
            break
        if tag.isdigit():  # "claude-opus-4-thinking:32000" has a 32K thinking budget
            size = int(tag)
            last = f"{last}-{size // 1024 if size % 1024 == 0 else size // 1000}k"
            continue
        tags.insert(0, tag.lower())
    if "@" in last:
        last, stamp = last.split("@", 1)
        if stamp.lower() not in ("default", "latest"):
            last = f"{last}-{stamp}"
    vendor = ""
    first, _, rest = last.partition(".")
    if rest and first.lower() in REGIONS:
        region = REGIONS[first.lower()]
        last = rest
    match = VENDOR_PREFIX.match(last)
    if match and not re.match(r"^[a-z]+\d*\.\d", last.lower()):
        vendor = match.group(1).lower()
        last = last[match.end() :]
        if re.match(r"^[a-z]?\d", last.lower()):  # "deepseek.v3" is DeepSeek V3
            last = f"{vendor}-{last}"
    last = VERSION_SUFFIX.sub("", last)
    last = re.sub(r"(?<=\d{8})-v\d+$", "", last)  # Bedrock's "claude-3-5-sonnet-20241022-v2:0"
    if vendor:
        last = re.sub(r"-v1$", "", last)  # Bedrock's API version, not the model's
    lowered = last.lower()
    while SERVING_SUFFIX.search(lowered):
        lowered = SERVING_SUFFIX.sub("", lowered)
    last = last[: len(lowered)]
    return Core(
        id=last,
        namespace=tuple(namespace),
        vendor=vendor,
        region=region,
        tags=tuple([*folder_tags, *tags]),
    )


_BRANDS = {
    "gpt": "GPT",
    "glm": "GLM",
    "deepseek": "DeepSeek",
    "minimax": "MiniMax",
    "chatgpt": "ChatGPT",
    "oss": "OSS",
    "qwq": "QwQ",
    "qvq": "QVQ",
    "tts": "TTS",
    "hd": "HD",
    "vl": "VL",
    "mini": "mini",
    "ai": "AI",
    "llm": "LLM",
    "ocr": "OCR",
    "xl": "XL",
    "dall": "DALL",
    "sd": "SD",
    "sdxl": "SDXL",
}


def readable_name(model_id: str) -> str:
    """A name for a model known only by an id: "claude-3-opus-20240229" is
    "Claude 3 Opus (2024-02-29)", "llama-3.1-70b-instruct" is "Llama 3.1 70B Instruct"."""
    text = model_id.rsplit("/", 1)[-1]
    text = re.sub(r"(?<=\d)p(?=\d)", ".", text)  # fireworks' "qwen2p5-0p5b" is Qwen2.5 0.5B
    stamp_text = ""
    key = identity_key(text)
    _, stamp = split_stamp(key)
    if stamp and len(stamp) == 8 and stamp.isdigit():
        stamp_text = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"
    elif stamp:
        stamp_text = stamp
    if stamp:
        text = re.sub(r"[-_@.]?" + re.escape(stamp).replace(r"\-", "[-_]?") + r"$", "", text)
    words = []
    for word in re.split(r"[-_\s]+", text):
        if not word:
            continue
        lowered = word.lower()
        if lowered in _BRANDS:
            words.append(_BRANDS[lowered])
        elif re.fullmatch(r"[a-z]?\d+(\.\d+)?[a-z]", lowered) and not lowered.endswith("o"):
            words.append(word.upper())  # 70B, A22B, E4B, 8X7B
        elif re.fullmatch(r"o\d", lowered):
            words.append(lowered)  # o3, as OpenAI writes it
        elif word[0].isalpha() and word.islower():
            words.append(word[0].upper() + word[1:])
        else:
            words.append(word)
    name = " ".join(words)
    name = re.sub(r"^GPT (?=\d)", "GPT-", name)
    name = re.sub(r"^(o\d) (mini|pro)\b", r"\1-\2", name)
    return f"{name} ({stamp_text})" if stamp_text else name


_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")
NAME_DECORATIONS = {"latest", "new", "beta", "legacy", "deprecated"}


def clean_name(name: str) -> tuple[str, str]:
    """(a display name without a host's notes in brackets, the region such a note named).

    "Claude Haiku 4.5 (latest)" is "Claude Haiku 4.5"; "Claude Haiku 4.5 (US)"
    is "Claude Haiku 4.5" in the US region. Other brackets ("GPT-4o (2024-05-13)")
    are part of the name.
    """
    region = ""
    kept = name.strip()
    for match in list(_PAREN.finditer(name)):
        note = match.group(1).strip()
        lowered = note.lower()
        if lowered in NAME_DECORATIONS or lowered in REGIONS or note in REGIONS.values():
            if lowered in REGIONS or note in REGIONS.values():
                region = REGIONS.get(lowered, note)
            kept = kept.replace(match.group(0).strip(), " ").strip()
    return re.sub(r"\s{2,}", " ", kept).strip(), region
