from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`manage.py bench`: the production stack measured with wrk (see docs/PERFORMANCE.md)."""

    name = "bench"
    verbose_name = "Benchmarks"
