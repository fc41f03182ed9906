from django.apps import AppConfig


class WebConfig(AppConfig):
    """Site-wide plumbing: the page cache, HTTP helpers, links, search metadata, security."""

    name = "web"
    verbose_name = "Site plumbing"

    def ready(self) -> None:
        from web import signals

        signals.connect()
