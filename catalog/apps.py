from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from catalog import changes, models

        changes.connect(
            models=(
                models.AIModel,
                models.Price,
                models.Score,
                models.Offer,
                models.AIModelSlug,
                models.Discrepancy,  # shown beside the values other sources dispute
            ),
            shared=(models.Provider, models.ProviderSlug, models.Benchmark),
        )
