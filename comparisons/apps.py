from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Comparisons"

    def ready(self) -> None:
        from catalog import changes
        from comparisons.models import FeaturedComparison

        changes.connect(listings=(FeaturedComparison,))
