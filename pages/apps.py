from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The public pages: the catalog's and the comparisons', and the sitemaps."""

    name = "pages"
    verbose_name = "Pages"
