"""factory-boy factories for the catalog."""

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from catalog.models import AIModel, Benchmark, Price, Provider, Score


class ProviderFactory(DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Provider {n}")
    slug = factory.Sequence(lambda n: f"provider-{n}")
    kind = Provider.Kind.LAB
    website = "https://provider.example"
    pricing_url = "https://provider.example/pricing"


class AIModelFactory(DjangoModelFactory):
    class Meta:
        model = AIModel
        django_get_or_create = ("slug",)

    creator = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Model {n}")
    slug = factory.Sequence(lambda n: f"model-{n}")
    category = AIModel.Category.TEXT
    input_modalities = factory.LazyFunction(lambda: ["text"])
    output_modalities = factory.LazyFunction(lambda: ["text"])
    release_date = date(2025, 1, 15)
    context_window = 128_000
    max_output_tokens = 16_384
    open_weights = False
    tool_calling = True
    structured_output = True
    vision_input = False
    reasoning = False
    is_published = True
    source_url = "https://provider.example/models"
    checked_on = date(2025, 6, 1)


class ImageModelFactory(AIModelFactory):
    category = AIModel.Category.IMAGE
    output_modalities = factory.LazyFunction(lambda: ["image"])
    context_window = None
    max_output_tokens = None
    tool_calling = None
    structured_output = None
    vision_input = None
    reasoning = None


class PriceFactory(DjangoModelFactory):
    class Meta:
        model = Price

    model = factory.SubFactory(AIModelFactory)
    host = factory.SelfAttribute("model.creator")
    component = Price.Component.INPUT_TOKENS
    unit = Price.Unit.PER_1M_TOKENS
    amount = Decimal("1.00")
    condition = ""
    effective_from = date(2025, 1, 1)
    source_url = "https://provider.example/pricing"
    checked_on = date(2025, 6, 1)


class BenchmarkFactory(DjangoModelFactory):
    class Meta:
        model = Benchmark
        django_get_or_create = ("slug",)

    name = "LMArena Text"
    slug = "lmarena-text"
    category = AIModel.Category.TEXT
    direction = Benchmark.Direction.HIGHER
    unit = "arena score"
    url = "https://lmarena.ai/leaderboard/text"
    # The two arena boards the verdict reads are their categories' quality metric.
    designation = factory.LazyAttribute(
        lambda board: "quality" if board.slug in ("lmarena-text", "lmarena-text-to-image") else ""
    )


class ScoreFactory(DjangoModelFactory):
    class Meta:
        model = Score

    model = factory.SubFactory(AIModelFactory)
    benchmark = factory.SubFactory(BenchmarkFactory)
    value = Decimal("1300")
    ci_lower = Decimal("1295")
    ci_upper = Decimal("1305")
    votes = 10_000
    measured_on = date(2025, 8, 4)
    source_url = "https://lmarena.ai/leaderboard/text"
    checked_on = date(2025, 8, 4)


def text_model_with_prices(
    *, input_price: str = "1.00", output_price: str = "4.00", **kwargs: object
) -> AIModel:
    """A published text model with a current input and output price from its creator."""
    model = AIModelFactory(**kwargs)
    PriceFactory(model=model, component=Price.Component.INPUT_TOKENS, amount=Decimal(input_price))
    PriceFactory(model=model, component=Price.Component.OUTPUT_TOKENS, amount=Decimal(output_price))
    return model


def build_catalog(size: int, *, providers: int = 12) -> list[AIModel]:
    """`size` published models (a fifth of them image models) with prices and scores, fast."""
    from bench.synthetic import seed

    return seed(size, providers=providers)
