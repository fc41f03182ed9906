"""Explicit mappings from the public datasets' names to Versus's own.

Nothing here is inferred: a dataset id maps to one of our models only when a
row below says so, or when the id, made into a slug, is exactly the slug of
a model by the same creator. Whatever no rule maps is reported, not guessed.
"""

import re

# Dataset organisations that are model creators, with our provider slug.
CREATORS = {
    "alibaba": ("alibaba", "Alibaba Cloud"),
    "anthropic": ("anthropic", "Anthropic"),
    "black_forest_labs": ("black-forest-labs", "Black Forest Labs"),
    "codestral": ("mistral", "Mistral AI"),
    "cohere": ("cohere", "Cohere"),
    "cohere_chat": ("cohere", "Cohere"),
    "dashscope": ("alibaba", "Alibaba Cloud"),
    "deepseek": ("deepseek", "DeepSeek"),
    "gemini": ("google", "Google"),
    "google": ("google", "Google"),
    "meta": ("meta", "Meta"),
    "minimax": ("minimax", "MiniMax"),
    "mistral": ("mistral", "Mistral AI"),
    "moonshotai": ("moonshotai", "Moonshot AI"),
    "openai": ("openai", "OpenAI"),
    "stability": ("stability-ai", "Stability AI"),
    "xai": ("xai", "xAI"),
    "zhipuai": ("zhipuai", "Zhipu AI"),
}

# Dataset hosts whose slug on Versus differs from the dataset's name.
HOSTS = {
    "amazon-bedrock": ("amazon-bedrock", "Amazon Bedrock"),
    "bedrock": ("amazon-bedrock", "Amazon Bedrock"),
    "bedrock_converse": ("amazon-bedrock", "Amazon Bedrock"),
    "groq": ("groq", "Groq"),
    "together_ai": ("together-ai", "Together AI"),
    "togetherai": ("together-ai", "Together AI"),
}

# models.dev ids ("lab/id" for models/, "provider/id" for provider files).
MODELS_DEV = {
    "alibaba/qwen2-5-72b-instruct": "qwen-2-5-72b",
    "alibaba/qwen3-235b-a22b": "qwen-3-235b",
    "amazon-bedrock/meta.llama3-3-70b-instruct-v1:0": "llama-3-3-70b",
    "amazon-bedrock/meta.llama4-maverick-17b-instruct-v1:0": "llama-4-maverick",
    "anthropic/claude-3-5-haiku-20241022": "claude-3-5-haiku",
    "anthropic/claude-opus-4-0": "claude-opus-4",
    "anthropic/claude-opus-4-1-20250805": "claude-opus-4-1",
    "anthropic/claude-opus-4-20250514": "claude-opus-4",
    "anthropic/claude-sonnet-4-0": "claude-sonnet-4",
    "anthropic/claude-sonnet-4-20250514": "claude-sonnet-4",
    "anthropic/claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
    "cohere/command-a-03-2025": "command-a",
    "cohere/command-r-08-2024": "command-r",
    "cohere/command-r-plus-08-2024": "command-r-plus",
    "groq/llama-3.3-70b-versatile": "llama-3-3-70b",
    "meta/llama-3.3-70b-instruct": "llama-3-3-70b",
    "meta/llama-4-maverick-17b-instruct": "llama-4-maverick",
    "meta/llama-4-scout-17b-instruct": "llama-4-scout",
    "mistral/mistral-large-2411": "mistral-large",
    "mistral/mistral-medium-2505": "mistral-medium-3",
    "mistral/mistral-small-2506": "mistral-small",
    "togetherai/meta-llama/Llama-3.3-70B-Instruct-Turbo": "llama-3-3-70b",
}

# LiteLLM keys, after any size or quality prefix (see litellm.py).
LITELLM = {
    "anthropic.claude-3-5-haiku-20241022-v1:0": "claude-3-5-haiku",
    "black_forest_labs/flux-dev": "flux-1-dev",
    "black_forest_labs/flux-kontext-pro": "flux-1-kontext-pro",
    "black_forest_labs/flux-pro-1.1": "flux-1-1-pro",
    "black_forest_labs/flux-pro-1.1-ultra": "flux-1-1-pro-ultra",
    "claude-opus-4-1-20250805": "claude-opus-4-1",
    "claude-opus-4-20250514": "claude-opus-4",
    "claude-sonnet-4-20250514": "claude-sonnet-4",
    "claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
    "command-a-03-2025": "command-a",
    "command-r-08-2024": "command-r",
    "command-r-plus-08-2024": "command-r-plus",
    "embed-english-v3.0": "embed-english-v3",
    "gemini/imagen-3.0-generate-002": "imagen-3",
    "gemini/imagen-4.0-generate-001": "imagen-4",
    "groq/llama-3.3-70b-versatile": "llama-3-3-70b",
    "groq/meta-llama/llama-4-maverick-17b-128e-instruct": "llama-4-maverick",
    "groq/meta-llama/llama-4-scout-17b-16e-instruct": "llama-4-scout",
    "meta.llama3-1-405b-instruct-v1:0": "llama-3-1-405b",
    "mistral/mistral-large-2411": "mistral-large",
    "mistral/mistral-medium-2505": "mistral-medium-3",
    "stability/sd3.5-large": "stable-diffusion-3-5-large",
    "stability/sd3.5-medium": "stable-diffusion-3-5-medium",
    "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": "llama-3-3-70b",
    "together_ai/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo": "llama-3-1-405b",
    "whisper-1": "whisper",
    "xai/grok-4-0709": "grok-4",
}

# LMArena names: the CSV's display names and the catalog JSON's ids.
ARENA = {
    "Claude 3.5 Haiku (20241022)": "claude-3-5-haiku",
    "Claude Opus 4 (20250514)": "claude-opus-4",
    "Claude Sonnet 4 (20250514)": "claude-sonnet-4",
    "Command A (03-2025)": "command-a",
    "Command R (08-2024)": "command-r",
    "Command R+ (08-2024)": "command-r-plus",
    "DALL·E 3": "dall-e-3",
    "DeepSeek-R1": "deepseek-r1",
    "DeepSeek-V3": "deepseek-v3",
    "FLUX-1-Kontext-Pro": "flux-1-kontext-pro",
    "FLUX1.1 [pro]": "flux-1-1-pro",
    "GPT-4.1-2025-04-14": "gpt-4-1",
    "GPT-4.1-mini-2025-04-14": "gpt-4-1-mini",
    "GPT-4.1-nano-2025-04-14": "gpt-4-1-nano",
    "GPT-4o-2024-08-06": "gpt-4o",
    "GPT-4o-mini-2024-07-18": "gpt-4o-mini",
    "GPT-Image-1": "gpt-image-1",
    "Gemini-2.0-Flash-001": "gemini-2-0-flash",
    "Gemini-2.5-Flash": "gemini-2-5-flash",
    "Gemini-2.5-Pro": "gemini-2-5-pro",
    "Grok-4-0709": "grok-4",
    "Imagen-3.0-generate-002": "imagen-3",
    "Llama-3.3-70B-Instruct": "llama-3-3-70b",
    "Llama-4-Maverick-17B-128E-Instruct": "llama-4-maverick",
    "Llama-4-Scout-17B-16E-Instruct": "llama-4-scout",
    "Meta-Llama-3.1-405B-Instruct-bf16": "llama-3-1-405b",
    "Mistral Medium 3": "mistral-medium-3",
    "Mistral-Large-2411": "mistral-large",
    "Mistral-Small-2506": "mistral-small",
    "Qwen2.5-72B-Instruct": "qwen-2-5-72b",
    "Qwen3-235B-A22B": "qwen-3-235b",
    "Stable Diffusion 3.5 Large": "stable-diffusion-3-5-large",
    "claude-3-5-haiku-20241022": "claude-3-5-haiku",
    "claude-opus-4-1-20250805": "claude-opus-4-1",
    "claude-opus-4-20250514": "claude-opus-4",
    "claude-sonnet-4-20250514": "claude-sonnet-4",
    "claude-sonnet-4-5-20250929": "claude-sonnet-4-5",
    "command-a-03-2025": "command-a",
    "command-r-08-2024": "command-r",
    "command-r-plus-08-2024": "command-r-plus",
    "dall-e-3": "dall-e-3",
    "deepseek-r1": "deepseek-r1",
    "deepseek-v3": "deepseek-v3",
    "flux-1-kontext-pro": "flux-1-kontext-pro",
    "flux-1.1-pro": "flux-1-1-pro",
    "gemini-2.0-flash-001": "gemini-2-0-flash",
    "gemini-2.5-flash": "gemini-2-5-flash",
    "gemini-2.5-pro": "gemini-2-5-pro",
    "gpt-4.1-2025-04-14": "gpt-4-1",
    "gpt-4.1-mini-2025-04-14": "gpt-4-1-mini",
    "gpt-4.1-nano-2025-04-14": "gpt-4-1-nano",
    "gpt-4o-2024-08-06": "gpt-4o",
    "gpt-4o-mini-2024-07-18": "gpt-4o-mini",
    "gpt-image-1": "gpt-image-1",
    "grok-4-0709": "grok-4",
    "imagen-3.0-generate-002": "imagen-3",
    "llama-3.1-405b-instruct-bf16": "llama-3-1-405b",
    "llama-3.3-70b-instruct": "llama-3-3-70b",
    "llama-4-maverick-17b-128e-instruct": "llama-4-maverick",
    "llama-4-scout-17b-16e-instruct": "llama-4-scout",
    "mistral-large-2411": "mistral-large",
    "mistral-medium-2505": "mistral-medium-3",
    "mistral-small-2506": "mistral-small",
    "o3-2025-04-16": "o3",
    "o3-mini": "o3-mini",
    "o4-mini-2025-04-16": "o4-mini",
    "qwen2.5-72b-instruct": "qwen-2-5-72b",
    "qwen3-235b-a22b": "qwen-3-235b",
    "stable-diffusion-v35-large": "stable-diffusion-3-5-large",
}

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_for(identifier: str) -> str:
    """A dataset id as a Versus slug: lowercase words joined by single hyphens."""
    return _NOT_SLUG.sub("-", identifier.lower()).strip("-")
