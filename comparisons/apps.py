from django.apps import AppConfig


class ComparisonsConfig(AppConfig):
    name = "comparisons"
    verbose_name = "Comparisons"

    def ready(self) -> None:
        from catalog import signals
        from comparisons.models import FeaturedComparison

        signals.connect(catalog=(FeaturedComparison,))
