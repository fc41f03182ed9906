"""The benchmark's figures, the targets they are judged by, and docs/PERFORMANCE.md."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.wrk import Load

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"

# Each page's minimum requests per second, as a share of /healthz/ on the same server.
RATIO_TARGETS = {
    "comparison_cached": 0.80,
    "comparison_uncached": 0.25,
    "directory": 0.20,
    "model": 0.20,
}
# The large catalog's ratios may fall at most this far below the small one's.
SCALE_TOLERANCE = 0.10
SITEMAP_SECONDS = 2.0
# The workload ranking of the shipped catalog, page cache off: its median time, one
# request at a time.
COST_MS = 150.0
COST_REQUESTS = 20
# A run in which one worker did less than this share of the work measured half the
# server (every connection wrk opened landed on the other worker): it is run again.
BALANCED_SHARE = 0.2
BALANCE_TRIES = 3
SITEMAP_MEMORY_TOLERANCE = 0.10
# The soak's last worker-memory samples may exceed its first ones by at most this.
SOAK_MEMORY_TOLERANCE = 0.10
# Under faults: how long the pages showing each changed price are fetched and checked.
FAULT_CHECK_SECONDS = 3.0


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    cache: bool = True  # served with the page cache on (as production) or off
    gzip: bool = True  # asked for as browsers ask (Accept-Encoding with gzip) or without


PAGES = (
    Page("healthz", "`/healthz/` (reference)", "/healthz/"),
    Page("comparison_cached", "Comparison, from the page cache", "/compare/{pair}/"),
    Page(
        "comparison_identity",
        "Comparison, from the page cache, not gzipped",
        "/compare/{pair}/",
        gzip=False,
    ),
    Page("comparison_uncached", "Comparison, page cache off", "/compare/{pair}/", cache=False),
    Page(
        "cost_uncached",
        "Workload ranking, page cache off",
        "/cost/?input_tokens=12345678&output_tokens=2345678&cached_share=20",
        cache=False,
    ),
    Page("directory", "Directory", "/models/"),
    Page("model", "Model page", "/models/{model}/"),
    Page("suggest", "Picker suggestions", "/suggest/?field=a&a={query}"),
    Page("sitemap", "Sitemap page (first comparisons page)", "/sitemaps/comparisons-1.xml"),
)


@dataclass
class Measured:
    page: Page
    path: str
    load: Load
    reference_rps: float  # /healthz/ on the same server, in the same run
    queries: int | None = None

    @property
    def ratio(self) -> float:
        return self.load.rps / self.reference_rps if self.reference_rps else 0.0


@dataclass(frozen=True)
class Size:
    """One URL's body as sent to a client that does not take gzip, and to one that does."""

    label: str
    path: str
    identity: int  # bytes
    gzip: int
    urls: int | None = None  # a sitemap page's URLs

    @property
    def saved(self) -> float:
        return 1 - self.gzip / self.identity if self.identity else 0.0


@dataclass
class Sweep:
    """Every (or a sample of the) sitemap pages, fetched one after another."""

    pages: int
    urls_per_page: list[int]
    seconds: list[float]
    rss_before_kib: int
    peak_kib: int


@dataclass
class Soak:
    """Many connections on a rotation of mixed pages for a bounded time."""

    seconds: int
    connections: int
    paths: int
    load: Load
    rss_samples_kib: list[int]  # the largest worker's resident size, every few seconds

    @property
    def growth(self) -> float:
        """The last samples' peak over the first samples' peak, minus one."""
        third = max(1, len(self.rss_samples_kib) // 3)
        first = max(self.rss_samples_kib[:third], default=0)
        last = max(self.rss_samples_kib[-third:], default=0)
        return last / first - 1 if first else 0.0


@dataclass
class FaultSoak:
    """The soak with prices changing while Redis restarts and slow clients hold sockets."""

    seconds: int
    connections: int
    load: Load | None = None
    changes: int = 0
    checks: int = 0
    stale: list[str] = field(default_factory=list)  # what a check found instead
    bad_status: list[str] = field(default_factory=list)
    redis_restarts: int = 0
    slow_clients: int = 0
    slowest_check_ms: float = 0.0
    rss_samples_kib: list[int] = field(default_factory=list)

    @property
    def growth(self) -> float:
        third = max(1, len(self.rss_samples_kib) // 3)
        first = max(self.rss_samples_kib[:third], default=0)
        last = max(self.rss_samples_kib[-third:], default=0)
        return last / first - 1 if first else 0.0


@dataclass
class Run:
    """One configuration with one synthetic catalog."""

    config: str
    dataset: str
    models: int
    measured: dict[str, Measured] = field(default_factory=dict)
    peak_worker_kib: int = 0
    seed_seconds: float = 0.0
    sweep: Sweep | None = None
    soak: Soak | None = None
    faults: FaultSoak | None = None
    sizes: list[Size] = field(default_factory=list)
    cost_ms: float | None = None  # median of COST_REQUESTS sequential uncached rankings


@dataclass(frozen=True)
class Check:
    target: str
    passed: bool
    detail: str


def checks(runs: Sequence[Run]) -> list[Check]:
    """Every target, judged on every run it applies to."""
    found: list[Check] = []
    for run in runs:
        for key, minimum in RATIO_TARGETS.items():
            measured = run.measured.get(key)
            if measured is None:
                continue
            found.append(
                Check(
                    f"{measured.page.label} >= {minimum:.2f} of /healthz/",
                    measured.ratio >= minimum and not measured.load.errors,
                    f"{run.config}, {run.dataset}: {measured.ratio:.2f}"
                    + (f" ({measured.load.errors} errors)" if measured.load.errors else ""),
                )
            )
    for run in runs:
        if run.cost_ms is not None and run.dataset == "the shipped catalog":
            found.append(
                Check(
                    f"Workload ranking of the shipped catalog in under {COST_MS:g} ms, "
                    "page cache off",
                    run.cost_ms < COST_MS,
                    f"{run.config}, {run.dataset}: median {run.cost_ms:.0f} ms "
                    f"of {COST_REQUESTS} requests, one at a time",
                )
            )
    for run in runs:
        if run.soak is not None:
            found += _soak_checks(run, run.soak)
        if run.faults is not None:
            found += _fault_checks(run, run.faults)
    for config in dict.fromkeys(run.config for run in runs):
        found += _scale_checks(config, [r for r in runs if r.config == config and r.measured])
        sweeps = [(run, run.sweep) for run in runs if run.config == config and run.sweep]
        for run, sweep in sweeps:
            slowest = max(sweep.seconds)
            found.append(
                Check(
                    f"Every 50,000-URL sitemap page in under {SITEMAP_SECONDS:g} s",
                    slowest < SITEMAP_SECONDS,
                    f"{config}, {run.dataset}: slowest of {sweep.pages} pages {slowest:.2f} s",
                )
            )
        if len(sweeps) > 1:
            peaks = [sweep.peak_kib for _, sweep in sweeps]
            spread = max(peaks) / min(peaks) - 1
            found.append(
                Check(
                    "Sitemap memory does not grow with the catalog",
                    spread <= SITEMAP_MEMORY_TOLERANCE,
                    f"{config}: worker peak "
                    + ", ".join(f"{mib(s.peak_kib)} at {r.models:,} models" for r, s in sweeps),
                )
            )
    return found


def _fault_checks(run: Run, soak: FaultSoak) -> list[Check]:
    where = f"{run.config}, {run.dataset}"
    load = soak.load
    errors = (load.errors if load else 1) + len(soak.bad_status)
    return [
        Check(
            "Soak under faults: no stale page (every check shows the newest price)",
            not soak.stale and soak.checks > 0 and soak.redis_restarts > 0,
            f"{where}: {soak.checks:,} checks after {soak.changes} price changes, "
            f"{len(soak.stale)} stale" + (f" ({soak.stale[0]})" if soak.stale else ""),
        ),
        Check(
            "Soak under faults: no error response and no socket error",
            errors == 0 and load is not None and load.requests > 0,
            f"{where}: {load.requests if load else 0:,} requests, "
            f"{load.errors if load else 0} errors, {len(soak.bad_status)} failed checks",
        ),
        Check(
            f"Soak under faults: worker memory stays flat (within {SOAK_MEMORY_TOLERANCE:.0%})",
            soak.growth <= SOAK_MEMORY_TOLERANCE and bool(soak.rss_samples_kib),
            f"{where}: {mib(min(soak.rss_samples_kib, default=0))} to "
            f"{mib(max(soak.rss_samples_kib, default=0))}, last third vs first "
            f"{soak.growth:+.0%}",
        ),
    ]


def _soak_checks(run: Run, soak: Soak) -> list[Check]:
    where = f"{run.config}, {run.dataset}"
    return [
        Check(
            f"Soak ({soak.connections} connections, {soak.seconds} s): no error responses "
            "and no socket errors",
            soak.load.errors == 0 and soak.load.requests > 0,
            f"{where}: {soak.load.requests:,} requests, {soak.load.errors} errors",
        ),
        Check(
            f"Soak: worker memory stays flat (within {SOAK_MEMORY_TOLERANCE:.0%})",
            soak.growth <= SOAK_MEMORY_TOLERANCE and bool(soak.rss_samples_kib),
            f"{where}: {mib(min(soak.rss_samples_kib, default=0))} to "
            f"{mib(max(soak.rss_samples_kib, default=0))}, last third vs first "
            f"{soak.growth:+.0%}",
        ),
    ]


def _scale_checks(config: str, group: Sequence[Run]) -> list[Check]:
    """The largest catalog's ratios against the smallest one's, page by page."""
    if len(group) < 2:
        return []
    small, large = min(group, key=lambda r: r.models), max(group, key=lambda r: r.models)
    found = []
    for key, measured in large.measured.items():
        base = small.measured.get(key)
        if key in ("healthz", "sitemap") or base is None or not base.ratio:
            continue
        change = measured.ratio / base.ratio - 1
        found.append(
            Check(
                f"{measured.page.label}: {large.models:,} models within "
                f"{SCALE_TOLERANCE:.0%} of {small.models:,}",
                change >= -SCALE_TOLERANCE,
                f"{config}: ratio {base.ratio:.2f} -> {measured.ratio:.2f} ({change:+.0%})",
            )
        )
    return found


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def _page_table(group: Sequence[Run]) -> list[str]:
    head = ["Page"]
    rule = ["---"]
    for run in group:
        head += [f"{run.models:,} models: req/s", "p50 ms", "p99 ms", "ratio", "queries"]
        rule += ["---:"] * 5
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join(rule) + " |"]
    for page in PAGES:
        cells = [page.label]
        for run in group:
            measured = run.measured.get(page.key)
            if measured is None:
                cells += ["–"] * 5
                continue
            load = measured.load
            cells += [
                f"{load.rps:,.0f}" + (f" ({load.errors} errors)" if load.errors else ""),
                f"{load.p50_ms:.1f}",
                f"{load.p99_ms:.1f}",
                f"{measured.ratio:.2f}",
                "–" if measured.queries is None else str(measured.queries),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    memory = ["Peak worker memory"]
    for run in group:
        memory += [mib(run.peak_worker_kib), "", "", "", ""]
    lines.append("| " + " | ".join(memory) + " |")
    return lines


def _size_table(group: Sequence[Run]) -> list[str]:
    lines = [
        "Bytes on the wire (the body, without headers), to a client that does not take "
        "gzip and to one that does:",
        "",
        "| Catalog | URL | identity bytes | gzip bytes | saved |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for run in group:
        for size in run.sizes:
            urls = f" ({size.urls:,} URLs)" if size.urls is not None else ""
            lines.append(
                f"| {run.dataset} | {size.label}, `{size.path}`{urls} | {size.identity:,} | "
                f"{size.gzip:,} | {size.saved:.0%} |"
            )
    return lines


def render(
    runs: Sequence[Run],
    *,
    date: str,
    machine: Sequence[str],
    command: str,
    seconds_per_url: int,
    connections: int,
    duration_s: float,
    rerun: int = 0,
) -> str:
    """The benchmark section of docs/PERFORMANCE.md."""
    lines = [
        BEGIN,
        "## Benchmark",
        "",
        f"Measured on {date} by `{command}` (it wrote this section; "
        f"the whole run took {duration_s / 60:.1f} minutes).",
        "",
        "Machine: " + "; ".join(machine) + ".",
        "",
        "Each configuration runs gunicorn with production's settings (config/gunicorn.py: 2 "
        "workers of 8 threads, each worker on a listening socket of its own) on loopback "
        "with the "
        "production settings (debug off, every security header and the Content-Security-"
        "Policy; only the HTTPS redirect is off, as no TLS proxy stands in front), "
        "WhiteNoise serving compressed static files, and a synthetic catalog "
        "(`seed_synthetic_catalog`: one model in five an image model). wrk runs beside it "
        f"with one thread and {connections} connections, {seconds_per_url} s per URL "
        "after a one-second warm-up, asking for gzip as browsers do (`Accept-Encoding: "
        "gzip, deflate, br, zstd`; the site answers gzip) except on the row marked not "
        "gzipped. Each page with a target is measured between two "
        "half-length runs of `/healthz/` (the same middleware, no database or cache) on the "
        "same server, and its ratio is its requests per second over their mean, so a drift "
        "in the machine's speed moves both; the other pages, and the `/healthz/` row, use the "
        "mean of all of them. The "
        "uncached comparison runs on a second server started with `PAGE_CACHE=off`: no "
        "page is stored or served from the cache, the page is rendered on every request "
        "from the per-model facts cache (the workload ranking from its category's facts, "
        f"cached the same way; it is also timed one request at a time, {COST_REQUESTS} "
        "workloads of its own, and judged by the median). Queries are counted in a "
        "separate process with the same settings, on a repeat request (what a warmed-up "
        "server does). A run in which one worker did under "
        f"{BALANCED_SHARE:.0%} of the work (every connection landed on the other) is run "
        f"again, up to {BALANCE_TRIES} times; this run repeated {rerun}.",
        "",
    ]
    configs: dict[str, list[Run]] = {}
    for run in runs:
        configs.setdefault(run.config, []).append(run)
    for config, group in configs.items():
        lines.append(f"### {config}")
        lines.append("")
        table = [run for run in group if run.measured]
        if table:
            lines += _page_table(table)
            lines.append("")
        for run in group:
            if run.sweep is None:
                continue
            sweep = run.sweep
            mean = sum(sweep.seconds) / len(sweep.seconds)
            lines.append(
                f"Sitemap, {run.dataset}: {sweep.pages} pages of up to "
                f"{max(sweep.urls_per_page):,} URLs fetched one after another, gzipped as "
                "crawlers ask, each the first time since the catalog was made; slowest "
                f"{max(sweep.seconds):.2f} s, mean {mean:.2f} s; "
                f"worker memory {mib(sweep.rss_before_kib)} before, peak {mib(sweep.peak_kib)}."
            )
            lines.append("")
        sized = [run for run in group if run.sizes]
        if sized:
            lines += _size_table(sized)
            lines.append("")
    for run in runs:
        if run.soak is None:
            continue
        soak = run.soak
        samples = ", ".join(f"{kib / 1024:.0f}" for kib in soak.rss_samples_kib)
        lines += [
            "### Load and soak",
            "",
            f"{run.config}, {run.dataset}: {soak.connections} connections for {soak.seconds} s "
            f"on a rotation of {soak.paths} mixed URLs (comparisons, model pages, directory "
            "pages and filters, picker suggestions, the sitemap index, `/healthz/`), after one "
            f"pass over them: {soak.load.requests:,} requests, {soak.load.rps:,.0f} req/s, "
            f"p50 {soak.load.p50_ms:.1f} ms, p99 {soak.load.p99_ms:.1f} ms, "
            f"{soak.load.errors} error responses or socket errors. Largest worker's memory "
            f"every 5 s (MiB): {samples}.",
            "",
        ]
    for run in runs:
        if run.faults is None:
            continue
        faults = run.faults
        samples = ", ".join(f"{kib / 1024:.0f}" for kib in faults.rss_samples_kib)
        load = faults.load
        lines += [
            "### Soak under faults",
            "",
            f"{run.config}, {run.dataset}, with a Redis of its own (append-only file, "
            f"`allkeys-lru`): {faults.connections} connections for {faults.seconds} s on the "
            f"same rotation while {faults.changes} prices changed one after another, each "
            "through Django in a process of its own, and the comparison and model page "
            f"showing it were fetched for {FAULT_CHECK_SECONDS:g} s from half a second after "
            "its commit: every fetch must answer 200 with the new price. In the first "
            "third Redis runs; then it is stopped, a price changes while it is down, and "
            f"it is started again ({faults.redis_restarts} restart; it comes back with the "
            "versions and pages it held, and the page showing the change is checked at "
            f"once); in the last third {faults.slow_clients} clients trickle a request "
            f"header line every 2 s. {faults.checks:,} checks, {len(faults.stale)} stale, "
            f"{len(faults.bad_status)} not 200, slowest {faults.slowest_check_ms:.0f} ms; "
            + (
                f"wrk: {load.requests:,} requests, p50 {load.p50_ms:.1f} ms, "
                f"p99 {load.p99_ms:.1f} ms, {load.errors} error responses or socket errors. "
                if load
                else "wrk did not report. "
            )
            + f"Largest worker's memory every 5 s (MiB): {samples}.",
            "",
        ]
    lines += ["### Targets", ""]
    for check in checks(runs):
        lines.append(
            f"- {'met' if check.passed else '**missed**'}: {check.target} ({check.detail})"
        )
    lines += ["", END]
    return "\n".join(lines) + "\n"


def write(path: Path, section: str) -> None:
    """Replace the benchmark section of `path`, keeping everything written by hand."""
    text = path.read_text() if path.exists() else "# Performance\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)
