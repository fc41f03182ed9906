"""Driving a URL with wrk and reading its summary."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

# What Chrome and Firefox send; the site answers gzip (it makes no br or zstd).
ACCEPT_GZIP = "Accept-Encoding: gzip, deflate, br, zstd"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Load:
    """What wrk reported for one URL."""

    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors plus responses that were not 2xx or 3xx


def parse(output: str) -> Load:
    """The figures in wrk's `--latency` summary; ValueError if it has none."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    percentiles = {int(p): float(v) * _UNITS[unit] for p, v, unit in _PERCENTILE.findall(output)}
    if rps is None or total is None or set(percentiles) != {50, 99}:
        raise ValueError(f"Unreadable wrk output:\n{output}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return Load(
        requests=int(total.group(1)),
        rps=float(rps.group(1)),
        p50_ms=percentiles[50],
        p99_ms=percentiles[99],
        errors=errors,
    )


def _quietly(command: list[str]) -> int:
    return subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, check=False
    ).returncode


def ensure_installed(log: list[str]) -> str:
    """The path to wrk, installing Debian's package when this user can; else a clear error."""
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        log.append("wrk is not installed: installing Debian's package (apt-get install wrk).")
        if _quietly(["apt-get", "install", "-y", "wrk"]):
            _quietly(["apt-get", "update"])
            _quietly(["apt-get", "install", "-y", "wrk"])
        found = shutil.which("wrk")
        if found:
            return found
    raise CommandError(
        "The benchmark needs wrk, the HTTP load generator. Install it with "
        "`sudo apt-get install wrk` (Debian and Ubuntu) and run `make bench` again."
    )


def version(wrk: str) -> str:
    """wrk's own version line, such as `wrk debian/4.1.0-3+b2`."""
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    first = (result.stdout or result.stderr).splitlines()[:1]
    return first[0].split(" [")[0] if first else "wrk"


def rotation_script(paths: Sequence[str]) -> str:
    """A wrk Lua script that requests `paths` in turn, one after another."""
    listed = ",\n".join(f"  {json.dumps(path)}" for path in paths)
    return (
        f"local paths = {{\n{listed}\n}}\n"
        "local next_path = 0\n"
        "request = function()\n"
        "  next_path = next_path % #paths + 1\n"
        '  return wrk.format("GET", paths[next_path])\n'
        "end\n"
    )


def drive(
    wrk: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    timeout_s: int = 10,
    script: Path | None = None,
    gzip: bool = True,
) -> Load:
    """One wrk thread (the other core serves) holding `connections` open for `seconds`
    (wrk takes whole seconds); with `script`, the paths it requests instead of `url`'s.
    With `gzip`, each request accepts gzip as every browser's does (wrk reads the body
    as it comes and never decompresses it)."""
    command = [
        wrk,
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        f"{timeout_s}s",
        "--latency",
        *(["--header", ACCEPT_GZIP] if gzip else []),
        *(["--script", str(script)] if script else []),
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        output = (result.stderr.strip() or result.stdout.strip())[-500:]
        raise CommandError(f"wrk failed on {url} (exit code {result.returncode}): {output}")
    return parse(result.stdout)
