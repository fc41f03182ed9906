"""Seed the identity rules: who makes a model, by its id, and the datasets' names for providers.

Patterns match the start of an id's key: lowercase, words and numbers joined
by hyphens, a hyphen between letters and digits ("qwen3.5" is "qwen-3-5").
Editors extend and correct both tables in the admin; a rerun of this
migration (after `migrate catalog 0006`) only adds rows that are missing.
"""

from django.db import migrations

# (creator slug, creator name, patterns); earlier rows win, so fine-tunes of another
# lab's model ("llama-3-1-nemotron", "llama-3-1-tulu") come before the base lab.
CREATORS = [
    ("nomic-ai", "Nomic AI", [r"gpt-4all", r"nomic"]),
    ("eleutherai", "EleutherAI", [r"gpt-(j|neo|neox)(-|$)", r"pythia"]),
    ("nvidia", "NVIDIA", [r"nemotron", r"llama-.*nemotron", r"nvidia", r"nv-", r"llama-2-.*steerlm", r"cosmos"]),
    ("allen-ai", "Allen Institute for AI", [r"olmo", r"molmo", r"tulu", r"llama-.*tulu"]),
    ("nous-research", "Nous Research", [r"hermes", r"nous-", r"openhermes", r"deephermes"]),
    ("cognitive-computations", "Cognitive Computations", [r"dolphin"]),
    ("openai", "OpenAI", [r"gpt(-|$)", r"chatgpt", r"o-\d+(-|$)", r"dall-e", r"whisper", r"tts-\d", r"text-embedding-(3|ada)", r"codex", r"sora", r"davinci", r"babbage", r"computer-use", r"omni-moderation", r"text-moderation"]),
    ("anthropic", "Anthropic", [r"claude", r"(opus|sonnet|haiku)-\d"]),
    ("google", "Google", [r"gemini", r"gemma", r"codegemma", r"medgemma", r"paligemma", r"recurrentgemma", r"imagen", r"veo-", r"palm", r"(chat|text|code)-bison", r"textembedding", r"text-embedding-00", r"text-multilingual-embedding", r"lyria", r"learnlm", r"nano-banana"]),
    ("meta", "Meta", [r"llama", r"codellama", r"code-llama", r"meta-llama"]),
    ("mistral", "Mistral AI", [r"mistral", r"mixtral", r"codestral", r"ministral", r"magistral", r"devstral", r"pixtral", r"voxtral", r"mathstral", r"open-(mistral|mixtral|codestral)", r"labs-devstral"]),
    ("deepseek", "DeepSeek", [r"deepseek"]),
    ("alibaba", "Alibaba Cloud", [r"qwen", r"qwq", r"qvq", r"wan-\d", r"wanx", r"tongyi", r"gte-"]),
    ("xai", "xAI", [r"grok"]),
    ("moonshotai", "Moonshot AI", [r"kimi", r"moonshot"]),
    ("zhipuai", "Zhipu AI", [r"glm", r"chatglm", r"codegeex", r"cogview", r"cogvideo", r"autoglm"]),
    ("minimax", "MiniMax", [r"minimax", r"abab", r"hailuo", r"speech-0\d", r"music-0\d"]),
    ("amazon", "Amazon", [r"amazon", r"titan", r"nova-(pro|lite|micro|premier|canvas|reel|sonic|act|2-lite|2-pro|2-sonic|2-omni|multimodal)"]),
    ("cohere", "Cohere", [r"command", r"embed-(english|multilingual|v-\d)", r"aya", r"c-4-ai"]),
    ("black-forest-labs", "Black Forest Labs", [r"flux"]),
    ("stability-ai", "Stability AI", [r"stable", r"sd-\d", r"sdxl", r"stablelm", r"japanese-stable"]),
    ("microsoft", "Microsoft", [r"phi(-|$)", r"wizardlm", r"mai-", r"orca", r"e-5-", r"multilingual-e-5"]),
    ("ibm", "IBM", [r"granite"]),
    ("ai21", "AI21 Labs", [r"jamba", r"j-2", r"jurassic"]),
    ("perplexity", "Perplexity", [r"sonar", r"r-1776", r"pplx"]),
    ("baidu", "Baidu", [r"ernie"]),
    ("tencent", "Tencent", [r"hunyuan"]),
    ("bytedance", "ByteDance", [r"doubao", r"seed", r"ui-tars"]),
    ("stepfun", "StepFun", [r"step-\d", r"step-audio", r"step-r-\d"]),
    ("xiaomi", "Xiaomi", [r"mimo"]),
    ("meituan", "Meituan", [r"longcat"]),
    ("inclusion-ai", "inclusionAI", [r"(ling|ring)-(flash|mini|lite|plus|1t|\d)"]),
    ("prime-intellect", "Prime Intellect", [r"intellect"]),
    ("inception", "Inception", [r"mercury"]),
    ("reka", "Reka", [r"reka"]),
    ("01-ai", "01.AI", [r"yi-"]),
    ("databricks", "Databricks", [r"dbrx", r"dolly", r"mpt-"]),
    ("snowflake", "Snowflake", [r"snowflake-arctic", r"arctic-"]),
    ("tii", "Technology Innovation Institute", [r"falcon"]),
    ("lmsys", "LMSYS", [r"vicuna", r"fastchat"]),
    ("nexusflow", "Nexusflow", [r"starling", r"athene"]),
    ("stanford", "Stanford University", [r"alpaca"]),
    ("uc-berkeley", "UC Berkeley", [r"koala"]),
    ("openassistant", "OpenAssistant", [r"oasst"]),
    ("hugging-face", "Hugging Face", [r"zephyr", r"smollm", r"idefics"]),
    ("rwkv", "RWKV", [r"rwkv"]),
    ("university-of-washington", "University of Washington", [r"guanaco"]),
    ("openchat", "OpenChat", [r"openchat"]),
    ("upstage", "Upstage", [r"solar"]),
    ("shanghai-ai-lab", "Shanghai AI Laboratory", [r"internlm", r"intern-?vl"]),
    ("together-ai", "Together AI", [r"stripedhyena"]),
    ("liquid-ai", "Liquid AI", [r"lfm"]),
    ("arcee-ai", "Arcee AI", [r"arcee", r"trinity", r"virtuoso"]),
    ("voyage-ai", "Voyage AI", [r"voyage"]),
    ("jina-ai", "Jina AI", [r"jina"]),
    ("baai", "BAAI", [r"bge"]),
    ("elevenlabs", "ElevenLabs", [r"eleven"]),
    ("recraft", "Recraft", [r"recraft"]),
    ("ideogram", "Ideogram", [r"ideogram"]),
    ("kuaishou", "Kuaishou", [r"kling", r"kat-", r"kwai"]),
    ("writer", "Writer", [r"palmyra"]),
    ("aleph-alpha", "Aleph Alpha", [r"luminous"]),
    ("sber", "Sber", [r"gigachat"]),
    ("gryphe", "Gryphe", [r"mythomax"]),
    ("cartesia", "Cartesia", [r"sonic(-|$)"]),
    ("sarvam", "Sarvam AI", [r"sarvam"]),
    ("bria", "Bria AI", [r"bria"]),
    ("baichuan", "Baichuan", [r"baichuan"]),
    ("inflection", "Inflection AI", [r"inflection"]),
    ("aion-labs", "AionLabs", [r"aion-"]),
    ("poolside", "Poolside", [r"laguna", r"malibu"]),
    ("deep-cogito", "Deep Cogito", [r"cogito"]),
    ("essential-ai", "Essential AI", [r"rnj-"]),
    ("g42", "G42", [r"jais"]),
    ("mbzuai", "MBZUAI", [r"k-2-think"]),
    ("speakleash", "SpeakLeash", [r"bielik"]),
    ("luma-ai", "Luma AI", [r"ray-\d", r"luma"]),
    ("runway", "Runway", [r"runway", r"gen-[34](-|$)"]),
    ("leonardo-ai", "Leonardo.Ai", [r"lucid-(origin|realism)", r"leonardo"]),
    ("canopy-labs", "Canopy Labs", [r"orpheus"]),
    ("morph", "Morph", [r"morph-v"]),
    ("relace", "Relace", [r"relace"]),
    ("miromind", "MiroMind", [r"mirothinker"]),
    ("sentence-transformers", "Sentence Transformers", [r"all-mini-?lm", r"all-mpnet", r"multi-qa", r"paraphrase-"]),
    ("h-company", "H Company", [r"holo-\d"]),
    ("mancer", "Mancer", [r"weaver"]),
    ("sao10k", "Sao10K", [r"l-3-.*(euryale|lunaris|stheno|hanami)"]),
]

LAB = "lab"
HOST = "host"

# The datasets' names for labs, as a namespace, vendor prefix or lab folder.
CREATOR_NAMES = {
    "openai": "openai", "anthropic": "anthropic", "google": "google", "google-deepmind": "google",
    "gemini": "google", "meta": "meta", "meta-llama": "meta", "meta_llama": "meta", "llama": "meta",
    "facebook": "meta", "mistral": "mistral", "mistralai": "mistral", "codestral": "mistral",
    "deepseek": "deepseek", "deepseek-ai": "deepseek", "alibaba": "alibaba", "qwen": "alibaba",
    "dashscope": "alibaba", "alibaba-cn": "alibaba", "xai": "xai", "x-ai": "xai",
    "moonshotai": "moonshotai", "moonshot": "moonshotai", "moonshotai-cn": "moonshotai",
    "zhipuai": "zhipuai", "zai": "zhipuai", "z-ai": "zhipuai", "zai-org": "zhipuai",
    "thudm": "zhipuai", "minimax": "minimax", "minimaxai": "minimax", "minimax-cn": "minimax",
    "amazon": "amazon", "amazon_nova": "amazon", "nova": "amazon", "cohere": "cohere",
    "cohereforai": "cohere", "coherelabs": "cohere", "black_forest_labs": "black-forest-labs",
    "black-forest-labs": "black-forest-labs", "stability": "stability-ai",
    "stabilityai": "stability-ai", "stability-ai": "stability-ai", "microsoft": "microsoft",
    "nvidia": "nvidia", "ibm": "ibm", "ibm-granite": "ibm", "ai21": "ai21", "ai21labs": "ai21",
    "perplexity": "perplexity", "perplexity-ai": "perplexity", "baidu": "baidu",
    "tencent": "tencent", "bytedance": "bytedance", "bytedance-seed": "bytedance",
    "stepfun": "stepfun", "stepfun-ai": "stepfun", "xiaomi": "xiaomi", "xiaomimimo": "xiaomi",
    "meituan": "meituan", "meituan-longcat": "meituan", "inclusionai": "inclusion-ai",
    "primeintellect": "prime-intellect", "prime-intellect": "prime-intellect",
    "inception": "inception", "inceptionlabs": "inception", "reka": "reka", "rekaai": "reka",
    "01-ai": "01-ai", "allenai": "allen-ai", "nousresearch": "nous-research",
    "databricks": "databricks", "snowflake": "snowflake", "tiiuae": "tii", "lmsys": "lmsys",
    "huggingfaceh4": "hugging-face", "arcee-ai": "arcee-ai", "liquid": "liquid-ai",
    "liquidai": "liquid-ai", "voyage": "voyage-ai", "jinaai": "jina-ai", "baai": "baai",
    "elevenlabs": "elevenlabs", "recraft": "recraft", "sakana": "sakana-ai",
    "sakanaai": "sakana-ai", "sarvam": "sarvam", "sarvamai": "sarvam",
    "deepreinforce": "deepreinforce", "upstage": "upstage", "writer": "writer",
    "gryphe": "gryphe", "deepgram": "deepgram", "nomic-ai": "nomic-ai",
}
EXTRA_LABS = {
    "sakana-ai": "Sakana AI",
    "deepreinforce": "DeepReinforce",
    "deepgram": "Deepgram",
}

# The datasets' names for hosts that are not a lab's own API.
HOSTS = {
    "amazon-bedrock": ("amazon-bedrock", "Amazon Bedrock"),
    "bedrock": ("amazon-bedrock", "Amazon Bedrock"),
    "bedrock_converse": ("amazon-bedrock", "Amazon Bedrock"),
    "bedrock_mantle": ("amazon-bedrock", "Amazon Bedrock"),
    "azure": ("azure", "Microsoft Azure"),
    "azure_ai": ("azure", "Microsoft Azure"),
    "azure-cognitive-services": ("azure", "Microsoft Azure"),
    "google-vertex": ("google-vertex", "Google Vertex AI"),
    "google-vertex-anthropic": ("google-vertex", "Google Vertex AI"),
    "vertex_ai": ("google-vertex", "Google Vertex AI"),
    "together_ai": ("together-ai", "Together AI"),
    "togetherai": ("together-ai", "Together AI"),
    "fireworks_ai": ("fireworks-ai", "Fireworks AI"),
    "fireworks-ai": ("fireworks-ai", "Fireworks AI"),
    "groq": ("groq", "Groq"),
    "deepinfra": ("deepinfra", "DeepInfra"),
    "openrouter": ("openrouter", "OpenRouter"),
    "cerebras": ("cerebras", "Cerebras"),
    "sambanova": ("sambanova", "SambaNova"),
    "nebius": ("nebius", "Nebius AI Studio"),
    "novita": ("novita-ai", "Novita AI"),
    "novita-ai": ("novita-ai", "Novita AI"),
    "hyperbolic": ("hyperbolic", "Hyperbolic"),
    "replicate": ("replicate", "Replicate"),
    "baseten": ("baseten", "Baseten"),
    "cloudflare": ("cloudflare-workers-ai", "Cloudflare Workers AI"),
    "cloudflare-workers-ai": ("cloudflare-workers-ai", "Cloudflare Workers AI"),
    "vercel": ("vercel-ai-gateway", "Vercel AI Gateway"),
    "vercel_ai_gateway": ("vercel-ai-gateway", "Vercel AI Gateway"),
    "github-models": ("github-models", "GitHub Models"),
    "github_copilot": ("github-copilot", "GitHub Copilot"),
    "github-copilot": ("github-copilot", "GitHub Copilot"),
    "alibaba-cn": ("alibaba-cloud-china", "Alibaba Cloud (China)"),
    "moonshotai-cn": ("moonshot-ai-china", "Moonshot AI (China)"),
    "minimax-cn": ("minimax-china", "MiniMax (China)"),
    "zhipuai": ("zhipu-bigmodel", "Zhipu BigModel (China)"),
    "zai": ("zhipuai", "Zhipu AI"),
    "gemini": ("google", "Google"),
    "meta_llama": ("meta", "Meta"),
    "llama": ("meta", "Meta"),
    "codestral": ("mistral", "Mistral AI"),
    "dashscope": ("alibaba", "Alibaba Cloud"),
    "moonshot": ("moonshotai", "Moonshot AI"),
    "amazon_nova": ("amazon", "Amazon"),
    "nova": ("amazon", "Amazon"),
    "watsonx": ("ibm-watsonx", "IBM watsonx"),
    "oci": ("oracle-oci", "Oracle Cloud Infrastructure"),
    "snowflake": ("snowflake-cortex", "Snowflake Cortex"),
    "snowflake-cortex": ("snowflake-cortex", "Snowflake Cortex"),
    "databricks": ("databricks", "Databricks"),
    "sap-ai-core": ("sap-ai-core", "SAP AI Core"),
    "lambda_ai": ("lambda", "Lambda"),
    "scaleway": ("scaleway", "Scaleway"),
    "ovhcloud": ("ovhcloud", "OVHcloud"),
    "fal_ai": ("fal", "fal.ai"),
    "wandb": ("wandb", "Weights & Biases"),
}


def seed(apps, schema_editor):
    CreatorPattern = apps.get_model("catalog", "CreatorPattern")
    ProviderAlias = apps.get_model("catalog", "ProviderAlias")
    names = {slug: name for slug, name, _ in CREATORS} | EXTRA_LABS
    position = 0
    for slug, name, patterns in CREATORS:
        for pattern in patterns:
            position += 1
            CreatorPattern.objects.get_or_create(
                pattern=f"^(?:{pattern})",
                defaults={"creator_slug": slug, "creator_name": name, "position": position},
            )
    for alias, slug in CREATOR_NAMES.items():
        ProviderAlias.objects.get_or_create(
            name=alias,
            role="creator",
            defaults={"provider_slug": slug, "provider_name": names[slug], "kind": LAB},
        )
    for alias, (slug, name) in HOSTS.items():
        ProviderAlias.objects.get_or_create(
            name=alias,
            role="host",
            defaults={
                "provider_slug": slug,
                "provider_name": name,
                "kind": LAB if slug in names else HOST,
            },
        )


EDITOR_CODENAMES = [
    f"{action}_{model}"
    for model in ("modelalias", "creatorpattern", "provideralias", "offer")
    for action in ("view", "add", "change")
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="catalog", codename__in=EDITOR_CODENAMES)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for editors in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        editors.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="catalog", codename__in=EDITOR_CODENAMES
            )
        )


def unseed(apps, schema_editor):
    apps.get_model("catalog", "CreatorPattern").objects.all().delete()
    apps.get_model("catalog", "ProviderAlias").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_identity_rules_and_offers")]

    operations = [migrations.RunPython(seed, unseed), migrations.RunPython(grant, revoke)]
