from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from catalog import models, signals

        signals.connect(
            models.Provider,
            models.AIModel,
            models.Price,
            models.Benchmark,
            models.Score,
            models.AIModelSlug,
            models.ProviderSlug,
        )
