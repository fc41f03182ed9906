"""The benchmark, in order: each configuration, each catalog size, each URL."""

from __future__ import annotations

import json
import os
import platform
import re
import tempfile
import threading
import time
import urllib.parse
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import django
from django.core.management.base import CommandError

from bench import faults, report, wrk
from bench.report import BALANCE_TRIES, BALANCED_SHARE, PAGES, Measured, Page, Run, Size, Sweep
from bench.stack import Configuration, Server, fetch, fetch_raw, manage, python

PAIR = "catalog-model-1-vs-catalog-model-2"
MODEL = "catalog-model-3"
QUERY = "catalog+model+1"
# What each page must contain, so a 404 or an error page is never measured as fast.
EXPECTED = {
    "healthz": b"ok",
    "comparison_cached": b"Head to head",
    "comparison_identity": b"Head to head",
    "comparison_uncached": b"Head to head",
    "cost_uncached": b"models priced for",
    "directory": b"AI model directory",
    "model": b"Catalog Model 3",
    "suggest": b"Catalog Model 1",
    "sitemap": b"<urlset",
}
WARM_UP_S = 1


@dataclass(frozen=True)
class Dataset:
    slug: str
    label: str
    size: int
    text_only: bool = False
    pages: bool = True  # drive every page with wrk
    sweep: str = ""  # "all" or "sample" of the comparison sitemap pages
    soak: bool = False  # the load and soak test (production stack only)
    shipped: bool = False  # the catalog `make run` serves, not a synthetic one
    pair: str = PAIR
    model: str = MODEL
    query: str = QUERY
    # What the model page and the suggestions must show (the check that a page is real).
    model_name: bytes = b"Catalog Model 3"
    query_name: bytes = b"Catalog Model 1"

    def expected(self, page: str) -> bytes:
        return {"model": self.model_name, "suggest": self.query_name}.get(page, EXPECTED[page])


DATASETS = (
    Dataset(
        "shipped",
        "the shipped catalog",
        1022,
        shipped=True,
        pair="claude-sonnet-4-5-vs-gpt-5",
        model="gpt-5",
        query="claude",
        model_name=b"GPT-5",
        query_name=b"Claude",
    ),
    Dataset("small", "50 models", 50),
    Dataset("large", "3,000 models", 3000, sweep="sample", soak=True),
    Dataset("sitemap", "1,000 text models", 1000, text_only=True, pages=False, sweep="all"),
)


@dataclass(frozen=True)
class Options:
    configurations: Sequence[str]
    datasets: Sequence[str]
    seconds: int
    connections: int
    postgres_url: str
    redis_url: str
    output: Path | None
    command: str
    soak_seconds: int = 60
    soak_connections: int = 64


Say = Callable[[str], None]


def path_of(page: Page, dataset: Dataset | None = None) -> str:
    if dataset is None:
        return page.path.format(pair=PAIR, model=MODEL, query=QUERY)
    return page.path.format(pair=dataset.pair, model=dataset.model, query=dataset.query)


def soak_paths(models: int) -> list[str]:
    """A mix of every kind of page a visitor or crawler asks for, most of them distinct."""
    slug = "catalog-model-{}".format
    pairs = [sorted([slug(n), slug(n + 1)]) for n in range(1, min(models, 301))]
    paths = [f"/compare/{a}-vs-{b}/" for a, b in pairs]
    paths += [f"/models/{slug(n)}/" for n in range(1, min(models, 41))]
    paths += [f"/models/?page={n}" for n in range(1, 21)]
    paths += [
        f"/models/?category={category}&sort={sort}"
        for category in ("text_generation", "image_generation")
        for sort in ("name", "price", "context", "newest", "score")
    ]
    paths += [f"/suggest/?field=a&a=catalog+model+{n}" for n in range(1, 41)]
    paths += ["/", "/models/", "/sitemap.xml", "/healthz/"]
    return paths


def machine_facts(wrk_path: str, configurations: Sequence[Configuration]) -> list[str]:
    cpu = "unknown CPU"
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    memory = ""
    try:
        found = re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())
        memory = f"{int(found.group(1)) / 1024**2:.0f} GiB RAM" if found else ""
    except OSError:
        pass
    system = platform.system() + " " + platform.release()
    try:
        found = re.search(r'PRETTY_NAME="([^"]+)"', Path("/etc/os-release").read_text())
        system = f"{found.group(1)} ({system})" if found else system
    except OSError:
        pass
    import gunicorn

    servers: dict[str, str] = {}
    for configuration in configurations:
        servers.update(configuration.server_versions())
    return [
        f"{os.cpu_count()} cores ({cpu})",
        memory,
        system,
        f"Python {platform.python_version()}",
        f"Django {django.get_version()}",
        f"gunicorn {gunicorn.__version__}",
        *(f"{name} {number}" for name, number in servers.items()),
        wrk.version(wrk_path),
    ]


class Bench:
    def __init__(self, options: Options, say: Say) -> None:
        self.options = options
        self.say = say
        self.log: list[str] = []
        self.wrk = ""
        self.dataset: Dataset | None = None  # the catalog being measured
        self.rerun = 0  # runs repeated because one worker served nearly all of it

    def warm(self, server: Server, page: Page) -> None:
        """Check the page answers with its content, then load it for a second."""
        url = server.base + path_of(page, self.dataset)
        status, body = fetch(url, gzip=page.gzip)
        expected = (self.dataset or DATASETS[1]).expected(page.key)
        if status != 200 or expected not in body:
            raise CommandError(
                f"{path_of(page, self.dataset)} answered {status} without the expected content"
            )
        self.load(url, WARM_UP_S, gzip=page.gzip)
        server.warmed.add(url)

    def load(self, url: str, seconds: int, *, gzip: bool) -> wrk.Load:
        timeout = 30 if "/sitemaps/" in url else 10
        return wrk.drive(
            self.wrk,
            url,
            seconds=seconds,
            connections=self.options.connections,
            timeout_s=timeout,
            gzip=gzip,
        )

    def drive(self, server: Server, page: Page, seconds: int) -> wrk.Load:
        """wrk on one page, again when the kernel gave one worker (nearly) every connection."""
        url = server.base + path_of(page, self.dataset)
        if url not in server.warmed:
            self.warm(server, page)
        for attempt in range(1, BALANCE_TRIES + 1):
            before = server.worker_cpu_ticks()
            load = self.load(url, seconds, gzip=page.gzip)
            after = server.worker_cpu_ticks()
            used = [after[pid] - before[pid] for pid in after if pid in before]
            if len(used) < 2 or min(used) >= BALANCED_SHARE * sum(used):
                return load
            if attempt < BALANCE_TRIES:
                self.rerun += 1
                self.say(f"    {page.label}: one worker served nearly every request; again")
        return load

    def measure_server(self, server: Server, pages: Sequence[Page], run: Run) -> None:
        """Pages with a target run between two half-length runs of /healthz/, and their
        mean is the page's reference: the machine's speed drifts (other tenants,
        frequency changes), so the reference is taken beside each such page. The
        other pages are divided by the mean of every /healthz/ run on the server."""
        healthz = PAGES[0]
        for page in [healthz, *pages]:  # every page once, so no page pays the server's start
            self.warm(server, page)
        references: list[wrk.Load] = []
        half = max(1, self.options.seconds // 2)
        plain: list[tuple[Page, wrk.Load]] = []
        for page in pages:
            if page.key not in report.RATIO_TARGETS:
                plain.append((page, self.drive(server, page, self.options.seconds)))
                continue
            before = self.drive(server, healthz, half)
            load = self.drive(server, page, self.options.seconds)
            after = self.drive(server, healthz, half)
            references += [before, after]
            self.record(run, page, load, (before.rps + after.rps) / 2)
        if not references:
            references.append(self.drive(server, healthz, self.options.seconds))
        mean = sum(load.rps for load in references) / len(references)
        for page, load in plain:
            self.record(run, page, load, mean)
        if healthz.key not in run.measured:
            merged = wrk.Load(
                requests=sum(load.requests for load in references),
                rps=mean,
                p50_ms=sum(load.p50_ms for load in references) / len(references),
                p99_ms=max(load.p99_ms for load in references),
                errors=sum(load.errors for load in references),
            )
            run.measured[healthz.key] = Measured(healthz, healthz.path, merged, mean)
        run.peak_worker_kib = max(run.peak_worker_kib, server.worker_peak_kib())

    def record(self, run: Run, page: Page, load: wrk.Load, reference: float) -> None:
        run.measured[page.key] = Measured(page, path_of(page, self.dataset), load, reference)
        errors = f", {load.errors} errors" if load.errors else ""
        self.say(
            f"    {page.label}: {load.rps:,.0f} req/s, p50 {load.p50_ms:.1f} ms, "
            f"p99 {load.p99_ms:.1f} ms; ratio {load.rps / reference:.2f} "
            f"(/healthz/ {reference:,.0f} req/s){errors}"
        )

    def time_ranking(self, server: Server) -> float:
        """The workload ranking's median time over sequential requests, each for a
        workload of its own (the page cache is off; the facts cache is warm)."""
        seconds = []
        for n in range(report.COST_REQUESTS):
            path = f"/cost/?input_tokens={1_000_000 + n}&output_tokens=250000"
            started = time.perf_counter()
            status, body = fetch(server.base + path, gzip=True)
            seconds.append(time.perf_counter() - started)
            if status != 200 or EXPECTED["cost_uncached"] not in body:
                raise CommandError(f"{path} answered {status}")
        seconds.sort()
        median = seconds[len(seconds) // 2] * 1000
        self.say(f"    Workload ranking, one request at a time: median {median:.0f} ms")
        return median

    def count_queries(self, env: dict[str, str], pages: Sequence[Page], run: Run) -> None:
        output = python(env, "-m", "bench.probe", *(path_of(p, self.dataset) for p in pages))
        counts = json.loads(output.strip().splitlines()[-1])
        for page in pages:
            run.measured[page.key].queries = counts[path_of(page, self.dataset)]

    def sweep(self, server: Server, dataset: Dataset) -> Sweep:
        for _ in range(5):
            fetch(server.base + "/healthz/")
        before = server.worker_rss_kib()
        _, index = fetch(server.base + "/sitemap.xml")
        pages = [
            url
            for url in re.findall(r"<loc>([^<]+)</loc>", index.decode())
            if "/sitemaps/comparisons-" in url
        ]
        if dataset.sweep == "sample" and len(pages) > 3:
            pages = [pages[0], pages[len(pages) // 2], pages[-1]]
        urls, seconds = [], []
        for url in pages:
            # The index names the site's public origin (SITE_URL); fetch from this server.
            path = urllib.parse.urlsplit(url).path
            started = time.perf_counter()
            status, body = fetch(server.base + path, timeout_s=60, gzip=True)
            seconds.append(time.perf_counter() - started)
            if status != 200:
                raise CommandError(f"{url} answered {status}")
            urls.append(body.count(b"<url>"))
        result = Sweep(
            pages=len(pages),
            urls_per_page=urls,
            seconds=seconds,
            rss_before_kib=before,
            peak_kib=server.worker_peak_kib(),
        )
        self.say(
            f"    sitemap: {len(pages)} pages of up to {max(urls):,} URLs, slowest "
            f"{max(seconds):.2f} s, worker peak {report.mib(result.peak_kib)}"
        )
        return result

    def sizes(self, server: Server, dataset: Dataset) -> list[Size]:
        """A comparison page and the first sitemap page of comparisons (50,000 URLs when the
        catalog has that many pairs), as sent without gzip and with it."""
        found = []
        pages = [
            ("Comparison", f"/compare/{dataset.pair}/"),
            ("Sitemap page", "/sitemaps/comparisons-1.xml"),
        ]
        for label, path in pages:
            status, identity, _ = fetch_raw(server.base + path, timeout_s=60)
            gzip_status, gzipped, encoded = fetch_raw(server.base + path, timeout_s=60, gzip=True)
            if status != 200 or gzip_status != 200 or not encoded:
                raise CommandError(f"{path} answered {status} and {gzip_status} (gzip {encoded})")
            # The same page both ways, but for the CSP nonce each response draws.
            if len(zlib.decompress(gzipped, zlib.MAX_WBITS | 16)) != len(identity):
                raise CommandError(f"{path}: the gzip body is not the identity body")
            urls = identity.count(b"<url>") if "/sitemaps/" in path else None
            found.append(Size(label, path, len(identity), len(gzipped), urls))
        sizes = [f"{size.label} {size.identity:,} -> {size.gzip:,} gzipped" for size in found]
        self.say("    bytes: " + "; ".join(sizes))
        return found

    def soak(self, server: Server, workdir: Path) -> report.Soak:
        """One pass over the mix (each page once, as a crawler would), then the bounded
        load with the largest worker's memory sampled every five seconds."""
        paths = soak_paths(3000)
        for path in paths:
            status, _ = fetch(server.base + path)
            if status != 200:
                raise CommandError(f"{path} answered {status} before the soak")
        script = workdir / "soak.lua"
        script.write_text(wrk.rotation_script(paths))
        samples: list[int] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(5):
                samples.append(server.worker_rss_kib())

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            load = wrk.drive(
                self.wrk,
                server.base + "/",
                seconds=self.options.soak_seconds,
                connections=self.options.soak_connections,
                timeout_s=30,
                script=script,
            )
        finally:
            stop.set()
            sampler.join()
        result = report.Soak(
            seconds=self.options.soak_seconds,
            connections=self.options.soak_connections,
            paths=len(paths),
            load=load,
            rss_samples_kib=samples,
        )
        self.say(
            f"    soak: {load.requests:,} requests, {load.rps:,.0f} req/s, p99 "
            f"{load.p99_ms:.0f} ms, {load.errors} errors; worker memory "
            f"{report.mib(min(samples, default=0))}-{report.mib(max(samples, default=0))}"
        )
        return result

    def fault_soak(self, env: dict[str, str], workdir: Path, log: Path) -> report.FaultSoak:
        """The soak again, with a Redis of its own restarted and slow clients."""

        def drive(server: Server, script: Path, seconds: int, connections: int) -> wrk.Load:
            return wrk.drive(
                self.wrk,
                server.base + "/",
                seconds=seconds,
                connections=connections,
                timeout_s=30,
                script=script,
            )

        result = faults.run_fault_soak(
            env,
            workdir,
            log,
            seconds=self.options.soak_seconds,
            connections=self.options.soak_connections,
            paths=soak_paths(3000),
            drive=drive,
            say=self.say,
        )
        load = result.load
        self.say(
            f"    under faults: {result.checks:,} checks after {result.changes} price changes, "
            f"{len(result.stale)} stale, {len(result.bad_status)} not 200; "
            f"{load.requests if load else 0:,} requests, {load.errors if load else '-'} errors"
        )
        return result

    def run_dataset(self, configuration: Configuration, dataset: Dataset, workdir: Path) -> Run:
        run = Run(config=configuration.label, dataset=dataset.label, models=dataset.size)
        self.say(f"  {dataset.label}: creating the database and the catalog")
        configuration.create_database(dataset.slug)
        try:
            env = configuration.environment(dataset.slug)
            started = time.perf_counter()
            manage(env, "migrate", "--noinput")
            self.dataset = dataset
            if dataset.shipped:
                manage(env, "load_demo_catalog")
            else:
                seed = ["seed_synthetic_catalog", str(dataset.size)]
                manage(env, *seed, *(["--text-only"] if dataset.text_only else []))
            run.seed_seconds = time.perf_counter() - started
            log = workdir / f"gunicorn-{configuration.slug}-{dataset.slug}.log"
            if dataset.pages:
                cached = [page for page in PAGES[1:] if page.cache]
                uncached = [page for page in PAGES[1:] if not page.cache]
                with Server(env, log) as server:
                    self.measure_server(server, cached, run)
                    run.sizes = self.sizes(server, dataset)
                off = {**env, "PAGE_CACHE": "off"}
                with Server(off, log) as server:
                    self.measure_server(server, uncached, run)
                    run.cost_ms = self.time_ranking(server)
                self.count_queries(env, [PAGES[0], *cached], run)
                self.count_queries(off, uncached, run)
            if dataset.sweep:
                with Server(env, log) as server:
                    run.sweep = self.sweep(server, dataset)
                    run.sizes = run.sizes or self.sizes(server, dataset)
            if dataset.soak and configuration.uses_postgres and self.options.soak_seconds:
                with Server(env, log) as server:
                    run.soak = self.soak(server, workdir)
                run.faults = self.fault_soak(env, workdir, log)
        finally:
            configuration.drop_database(dataset.slug)
            configuration.clear_cache(dataset.slug)
        return run

    def run(self) -> list[report.Check]:
        started = time.perf_counter()
        self.wrk = wrk.ensure_installed(self.log)
        for line in self.log:
            self.say(line)
        with tempfile.TemporaryDirectory(prefix="versus-bench-") as scratch:
            workdir = Path(scratch)
            configurations = [
                configuration
                for configuration in (
                    Configuration(
                        "postgresql",
                        "PostgreSQL and Redis",
                        postgres_url=self.options.postgres_url,
                        redis_url=self.options.redis_url,
                        workdir=workdir,
                    ),
                    Configuration("sqlite", "SQLite and the in-process cache", workdir=workdir),
                )
                if configuration.slug in self.options.configurations
            ]
            machine = [fact for fact in machine_facts(self.wrk, configurations) if fact]
            self.say("Collecting static files (compressed, hashed) as production does")
            manage(configurations[0].environment("static"), "collectstatic", "--noinput")
            runs = []
            for configuration in configurations:
                self.say(f"{configuration.label}:")
                for dataset in DATASETS:
                    if dataset.slug in self.options.datasets:
                        runs.append(self.run_dataset(configuration, dataset, workdir))
        section = report.render(
            runs,
            date=date.today().isoformat(),
            machine=machine,
            command=self.options.command,
            seconds_per_url=self.options.seconds,
            connections=self.options.connections,
            duration_s=time.perf_counter() - started,
            rerun=self.rerun,
        )
        if self.options.output is not None:
            report.write(self.options.output, section)
        return report.checks(runs)
