from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from catalog import changes, models

        changes.connect(
            models=(models.AIModel, models.Price, models.Score, models.Offer, models.AIModelSlug),
            shared=(models.Provider, models.ProviderSlug, models.Benchmark),
        )
