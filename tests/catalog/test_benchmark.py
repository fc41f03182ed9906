"""The benchmark's pure parts: reading wrk, judging the targets, writing the report."""

from __future__ import annotations

import pytest

from bench import report, wrk
from bench.report import PAGES, Measured, Run, Sweep

WRK_OUTPUT = """\
Running 6s test @ http://127.0.0.1:8123/healthz/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.21ms  310.44us   9.87ms   91.20%
    Req/Sec     3.31k   120.55     3.52k    78.00%
  Latency Distribution
     50%    1.15ms
     75%    1.30ms
     90%    1.48ms
     99%  850.00us
  19871 requests in 6.00s, 5.12MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:   3311.72
Transfer/sec:    873.28KB
"""


def test_wrk_summary_is_read_in_milliseconds_with_errors_counted():
    load = wrk.parse(WRK_OUTPUT)
    assert load.requests == 19871
    assert load.rps == pytest.approx(3311.72)
    assert load.p50_ms == pytest.approx(1.15)
    assert load.p99_ms == pytest.approx(0.85)
    assert load.errors == 7


def test_wrk_seconds_latencies_and_a_clean_run():
    output = WRK_OUTPUT.replace("1.15ms", "1.50s").split("  Socket errors")[0]
    output += "Requests/sec:     12.50\n"
    load = wrk.parse(output)
    assert load.p50_ms == pytest.approx(1500.0)
    assert load.errors == 0


def test_unreadable_wrk_output_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="Unreadable wrk output"):
        wrk.parse("unable to connect to 127.0.0.1:8123 Connection refused\n")


def page(key: str) -> report.Page:
    return next(p for p in PAGES if p.key == key)


def measured(key: str, rps: float, reference: float = 1000.0, errors: int = 0) -> Measured:
    load = wrk.Load(requests=int(rps * 6), rps=rps, p50_ms=1.0, p99_ms=3.0, errors=errors)
    return Measured(page=page(key), path=page(key).path, load=load, reference_rps=reference)


def run(models: int, **ratios: float) -> Run:
    found = Run(config="PostgreSQL", dataset=f"{models} models", models=models)
    found.measured["healthz"] = measured("healthz", 1000.0)
    for key, ratio in ratios.items():
        found.measured[key] = measured(key, ratio * 1000.0)
    return found


def by_target(checks: list[report.Check]) -> dict[str, list[report.Check]]:
    grouped: dict[str, list[report.Check]] = {}
    for check in checks:
        grouped.setdefault(check.target, []).append(check)
    return grouped


def test_ratio_targets_pass_and_fail_on_their_thresholds():
    checks = report.checks(
        [run(50, comparison_cached=0.80, comparison_uncached=0.24, directory=0.2, model=0.5)]
    )
    outcome = {check.target: check.passed for check in checks}
    assert outcome == {
        "Comparison, from the page cache >= 0.80 of /healthz/": True,
        "Comparison, page cache off >= 0.25 of /healthz/": False,
        "Directory >= 0.20 of /healthz/": True,
        "Model page >= 0.20 of /healthz/": True,
    }
    [cached] = report.checks([run(50, comparison_cached=0.79)])
    assert not cached.passed


def test_errors_fail_a_target_whatever_the_speed():
    errored = run(50)
    errored.measured["directory"] = measured("directory", 900.0, errors=3)
    [check] = report.checks([errored])
    assert not check.passed
    assert "3 errors" in check.detail


def test_the_large_catalog_must_stay_within_ten_percent_of_the_small_one():
    small = run(50, comparison_cached=0.90, model=0.50)
    large = run(3000, comparison_cached=0.82, model=0.44)  # -9% and -12%
    scale = [c for c in report.checks([small, large]) if "3,000 models within" in c.target]
    outcome = {check.target.split(":")[0]: check.passed for check in scale}
    assert outcome == {"Comparison, from the page cache": True, "Model page": False}


def test_the_shipped_catalogs_ranking_must_answer_within_its_time():
    fast = Run(config="PostgreSQL", dataset="the shipped catalog", models=1023, cost_ms=149.0)
    slow = Run(config="SQLite", dataset="the shipped catalog", models=1023, cost_ms=151.0)
    synthetic = Run(config="SQLite", dataset="50 models", models=50, cost_ms=900.0)
    checks = [c for c in report.checks([fast, slow, synthetic]) if "Workload ranking" in c.target]
    assert [(check.passed, check.detail.split(":")[0]) for check in checks] == [
        (True, "PostgreSQL, the shipped catalog"),
        (False, "SQLite, the shipped catalog"),
    ]
    assert "median 151 ms of 20 requests" in checks[1].detail


def sitemap_run(models: int, seconds: list[float], peak_kib: int) -> Run:
    swept = Run(config="PostgreSQL", dataset=f"sitemap {models}", models=models)
    swept.sweep = Sweep(
        pages=len(seconds),
        urls_per_page=[50_000] * len(seconds),
        seconds=seconds,
        rss_before_kib=40_000,
        peak_kib=peak_kib,
    )
    return swept


def test_sitemap_time_and_flat_memory_are_judged():
    checks = by_target(
        report.checks(
            [
                sitemap_run(1000, [0.3, 0.4], peak_kib=60_000),
                sitemap_run(3000, [0.3, 2.1], peak_kib=70_000),
            ]
        )
    )
    timing = checks["Every 50,000-URL sitemap page in under 2 s"]
    assert [check.passed for check in timing] == [True, False]
    [memory] = checks["Sitemap memory does not grow with the catalog"]
    assert not memory.passed  # 70,000 KiB is 17% over 60,000
    [flat] = report.checks(
        [sitemap_run(1000, [0.3], peak_kib=60_000), sitemap_run(3000, [0.3], peak_kib=62_000)]
    )[2:]
    assert flat.passed


def rendered(runs: list[Run]) -> str:
    return report.render(
        runs,
        date="2026-11-24",
        machine=["2 cores", "24 GiB"],
        command="python manage.py bench",
        seconds_per_url=6,
        connections=4,
        duration_s=300,
    )


def test_the_report_has_every_page_its_figures_and_each_verdict():
    section = rendered([run(50, comparison_cached=0.80, comparison_uncached=0.10)])
    assert section.startswith(report.BEGIN)
    assert section.rstrip().endswith(report.END)
    assert "`python manage.py bench`" in section
    assert "whole run took 5.0 minutes" in section
    for each in PAGES:
        assert f"| {each.label} |" in section
    assert "| Comparison, from the page cache | 800 | 1.0 | 3.0 | 0.80 | – |" in section
    assert "- met: Comparison, from the page cache >= 0.80" in section
    assert "- **missed**: Comparison, page cache off >= 0.25" in section
    assert "Accept-Encoding: gzip, deflate, br, zstd" in section


def test_the_report_gives_each_page_s_bytes_with_gzip_and_without():
    measured = run(1022)
    measured.sizes = [
        report.Size("Comparison", "/compare/a-vs-b/", 40_370, 6_935),
        report.Size("Sitemap page", "/sitemaps/comparisons-1.xml", 6_465_064, 291_377, 50_000),
    ]
    section = rendered([measured])
    assert "| 1022 models | Comparison, `/compare/a-vs-b/` | 40,370 | 6,935 | 83% |" in section
    assert (
        "| 1022 models | Sitemap page, `/sitemaps/comparisons-1.xml` (50,000 URLs) "
        "| 6,465,064 | 291,377 | 95% |"
    ) in section


def test_writing_replaces_only_the_benchmark_section(tmp_path):
    path = tmp_path / "PERFORMANCE.md"
    report.write(path, f"{report.BEGIN}\nfirst\n{report.END}\n")
    assert path.read_text() == f"# Performance\n\n{report.BEGIN}\nfirst\n{report.END}\n"
    notes = "\n## What we changed\n\nWritten by hand.\n"
    path.write_text("# Performance\n\nIntro.\n\n" + f"{report.BEGIN}\nold\n{report.END}\n" + notes)
    report.write(path, f"{report.BEGIN}\nnew\n{report.END}\n")
    text = path.read_text()
    assert "old" not in text
    assert text == (
        "# Performance\n\nIntro.\n\n" + f"{report.BEGIN}\nnew\n{report.END}\n" + "\n" + notes[1:]
    )


def soaked(errors: int, samples: list[int]) -> Run:
    soaked = run(3000)
    load = wrk.Load(requests=180_000, rps=3000.0, p50_ms=15.0, p99_ms=40.0, errors=errors)
    soaked.soak = report.Soak(
        seconds=60, connections=64, paths=450, load=load, rss_samples_kib=samples
    )
    return soaked


def test_the_soak_fails_on_any_error_or_growing_memory():
    flat = [70_000, 71_000, 70_500, 71_200, 70_800, 71_000]
    growing = [70_000, 71_000, 74_000, 76_000, 79_000, 82_000]
    outcome = {
        (errors, tuple(samples)): [
            check.passed for check in report.checks([soaked(errors, samples)])
        ]
        for errors, samples in [(0, flat), (1, flat), (0, growing)]
    }
    assert outcome[(0, tuple(flat))] == [True, True]
    assert outcome[(1, tuple(flat))] == [False, True]
    assert outcome[(0, tuple(growing))] == [True, False]  # +15% from the first third
    section = rendered([soaked(0, flat)])
    assert "64 connections for 60 s on a rotation of 450 mixed URLs" in section
    assert "180,000 requests" in section


def test_the_rotation_script_requests_each_path_in_turn():
    script = wrk.rotation_script(["/a/", '/q?x="1"'])
    assert '"/a/",\n  "/q?x=\\"1\\""' in script
    assert "next_path % #paths + 1" in script


class TwoWorkers:
    """A server whose two workers did the given CPU ticks in each successive run."""

    base = "http://127.0.0.1:1"

    def __init__(self, runs):
        self.runs = list(runs)
        self.totals = {1: 0, 2: 0}
        self.warmed = {self.base + PAGES[0].path}

    def worker_cpu_ticks(self):
        return dict(self.totals)

    def ran(self):
        first, second = self.runs.pop(0)
        self.totals[1] += first
        self.totals[2] += second


def bench_on(server):
    from bench.run import Bench, Options

    said = []
    options = Options(("sqlite",), ("small",), 6, 4, "", "", None, "bench")
    bench = Bench(options, said.append)
    loads = iter(range(1, 10))

    def load(url, seconds, *, gzip):
        server.ran()
        return wrk.Load(requests=100, rps=float(next(loads)), p50_ms=1, p99_ms=2, errors=0)

    bench.load = load
    return bench, said


def test_a_run_one_worker_served_alone_is_run_again():
    server = TwoWorkers([(290, 3), (150, 140)])
    bench, said = bench_on(server)
    assert bench.drive(server, PAGES[0], 6).rps == 2.0  # the second, balanced run
    assert bench.rerun == 1
    assert "one worker served nearly every request" in said[0]


def test_a_balanced_run_counts_at_once_and_a_lopsided_one_is_tried_three_times():
    balanced = TwoWorkers([(200, 120)])
    bench, said = bench_on(balanced)
    assert bench.drive(balanced, PAGES[0], 6).rps == 1.0
    assert (bench.rerun, said) == (0, [])
    lopsided = TwoWorkers([(290, 0)] * 3)
    bench, said = bench_on(lopsided)
    assert bench.drive(lopsided, PAGES[0], 6).rps == 3.0  # the last try is kept
    assert bench.rerun == 2
    assert "repeated 2" in report.render(
        [],
        date="2026-12-03",
        machine=[],
        command="bench",
        seconds_per_url=6,
        connections=4,
        duration_s=60,
        rerun=bench.rerun,
    )
