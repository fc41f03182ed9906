"""A synthetic catalog of any size, for load tests and query budgets.

Every model is published, priced by its creator and scored on its category's
arena; one model in five is an image model unless `text_only` is set. The
names say they are synthetic, and the prices are not real.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from catalog.changes import announce
from catalog.models import AIModel, Benchmark, Price, Provider, Score

CHECKED = date(2025, 6, 1)


def _benchmark(slug: str, name: str, category: str) -> Benchmark:
    benchmark, _ = Benchmark.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "category": category,
            "unit": "arena score",
            "url": f"https://lmarena.ai/leaderboard/{slug.removeprefix('lmarena-')}",
            "family": name,
            "designation": "quality",  # the board its category's verdict reads
        },
    )
    return benchmark


@transaction.atomic
def seed(
    size: int, *, providers: int = 12, text_only: bool = False, prefix: str = "synthetic"
) -> list[AIModel]:
    """Create `size` published models from `providers` synthetic creators."""
    makers = [
        Provider.objects.get_or_create(
            slug=f"{prefix}-lab-{n}",
            defaults={
                "name": f"Synthetic Lab {n} ({prefix})",
                "kind": Provider.Kind.LAB,
                "pricing_url": "https://provider.example/pricing",
            },
        )[0]
        for n in range(providers)
    ]
    text_arena = _benchmark("lmarena-text", "LMArena Text", AIModel.Category.TEXT)
    image_arena = _benchmark(
        "lmarena-text-to-image", "LMArena Text-to-Image", AIModel.Category.IMAGE
    )
    models = AIModel.objects.bulk_create(
        [
            AIModel(
                creator=makers[n % providers],
                name=f"Catalog Model {n}",
                slug=f"catalog-model-{n}" if prefix == "synthetic" else f"{prefix}-model-{n}",
                category=AIModel.Category.IMAGE
                if n % 5 == 0 and not text_only
                else AIModel.Category.TEXT,
                context_window=None if n % 5 == 0 and not text_only else 8_000 * (1 + n % 40),
                max_output_tokens=None if n % 5 == 0 and not text_only else 4_096,
                release_date=date(2024, 1 + n % 12, 1 + n % 28),
                open_weights=n % 3 == 0,
                tool_calling=n % 2 == 0,
                is_published=True,
                description="A synthetic model for load tests.",
                source_url="https://provider.example/models",
                checked_on=CHECKED,
            )
            for n in range(size)
        ],
        batch_size=1000,
    )
    prices, scores = [], []
    for n, model in enumerate(models):
        common = {
            "model": model,
            "host": model.creator,
            "effective_from": date(2025, 1, 1),
            "source_url": "https://provider.example/pricing",
            "checked_on": CHECKED,
        }
        if model.category == AIModel.Category.IMAGE:
            amount = Decimal(n % 9 + 1) / 100
            prices.append(
                Price(component="image_output", unit="per_image", amount=amount, **common)
            )
        else:
            amount = Decimal(n % 17 + 1) / 4
            prices.append(
                Price(component="input_tokens", unit="per_1m_tokens", amount=amount, **common)
            )
            prices.append(
                Price(component="output_tokens", unit="per_1m_tokens", amount=amount * 4, **common)
            )
        benchmark = image_arena if model.category == AIModel.Category.IMAGE else text_arena
        value = Decimal(1000 + n % 500)
        scores.append(
            Score(
                model=model,
                benchmark=benchmark,
                value=value,
                ci_lower=value - 5,
                ci_upper=value + 5,
                votes=5000,
                measured_on=date(2025, 8, 4),
                source_url=benchmark.url,
                checked_on=date(2025, 8, 4),
            )
        )
    Price.objects.bulk_create(prices, batch_size=2000)
    Score.objects.bulk_create(scores, batch_size=2000)
    announce(shared=True)
    return models
