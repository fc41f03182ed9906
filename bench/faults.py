"""The soak under faults: prices change while Redis restarts and slow clients hold sockets.

Runs on the production stack (PostgreSQL, gunicorn with config/gunicorn.py) with
a Redis of its own, started here with an append-only file so that a restart
brings back the versions and pages it held, as a real Redis does. While wrk
keeps the site busy, a checker changes one model's price at a time (through
Django, in a separate process, as an editor's save would) and then fetches
the pages that show it: every fetch must show the new price. In the middle,
Redis is stopped, a price changes while it is down, and Redis is started
again; then slow clients trickle request headers while prices keep changing.
Everything started here is stopped here, by its process id.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from bench.report import FAULT_CHECK_SECONDS, FaultSoak
from bench.stack import Server, fetch, free_port
from bench.wrk import Load

CHECK_SECONDS = FAULT_CHECK_SECONDS
SETTLE_SECONDS = 0.5  # from a change's commit to the first check (announcements in flight)
# Slow clients held at once: each holds one of a worker's 8 threads, and gunicorn may
# give them all to one worker, so the phase stays below that (more are the buffering
# proxy's to absorb, README).
SLOW_CLIENTS = 4


class PrivateRedis:
    """redis-server on a free loopback port, persisting to an append-only file."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.directory = workdir / "redis"
        self.directory.mkdir(exist_ok=True)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
            "--maxmemory",
            "256mb",
            "--maxmemory-policy",
            "allkeys-lru",
        ]
        try:
            self.process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except FileNotFoundError:
            raise CommandError("redis-server is needed for the soak under faults.") from None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe,
            ):
                probe.sendall(b"PING\r\n")
                if probe.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.1)
        self.stop()
        raise CommandError("The soak's redis-server did not start.")

    def stop(self) -> None:
        """Stop it by its process id; SIGTERM makes it write its file first."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


class SlowClients:
    """Connections that send a request's head one line every two seconds, never ending it."""

    def __init__(self, port: int, count: int) -> None:
        self.port = port
        self.count = count
        self.sockets: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)

    def __enter__(self) -> SlowClients:
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(b"GET /models/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self.thread.start()
        return self

    def _trickle(self) -> None:
        line = 0
        while not self.stopped.wait(2):
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(f"X-Slow-{line}: 1\r\n".encode())
            line += 1

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


CHANGE = """
import sys, django
django.setup()
from datetime import date
from decimal import Decimal
from catalog.models import AIModel, Price
model = AIModel.objects.select_related("creator").get(slug=sys.argv[1])
Price.objects.create(
    model=model, host=model.creator, component="input_tokens", unit="per_1m_tokens",
    amount=Decimal(sys.argv[2]), effective_from=date.today(),
    source_url="https://versus.example/bench", checked_on=date.today(),
)
"""


def change_price(env: dict[str, str], slug: str, amount: Decimal) -> None:
    """Add today's price for `slug` through Django in a process of its own, as an editor's
    save commits: its versions are bumped in the database, then announced to Redis."""
    result = subprocess.run(
        [sys.executable, "-c", CHANGE, slug, str(amount)],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise CommandError(f"Changing {slug}'s price failed:\n{result.stderr[-2000:]}")


def pages_showing(slug: str, other: str) -> list[str]:
    a, b = sorted([slug, other])
    return [f"/compare/{a}-vs-{b}/", f"/models/{slug}/"]


@contextlib.contextmanager
def sampling(server: Server, samples: list[int]) -> Iterator[None]:
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(5):
            samples.append(server.worker_rss_kib())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def run_fault_soak(
    env: dict[str, str],
    workdir: Path,
    log: Path,
    *,
    seconds: int,
    connections: int,
    paths: list[str],
    drive: Callable[[Server, Path, int, int], Load],
    say: Callable[[str], None],
) -> FaultSoak:
    """The soak with its faults; `drive(server, script, seconds, connections)` runs wrk."""
    from bench import wrk
    from catalog.units import format_usd

    redis = PrivateRedis(workdir)
    redis.start()
    result = FaultSoak(seconds=seconds, connections=connections)
    env = {**env, "REDIS_URL": redis.url}
    script = workdir / "faults.lua"
    script.write_text(wrk.rotation_script(paths))
    try:
        with Server(env, log) as server:
            for path in paths:
                fetch(server.base + path)  # warm up, as the plain soak does
            loads: list[Load] = []
            driver = threading.Thread(
                target=lambda: loads.append(drive(server, script, seconds, connections)),
                daemon=True,
            )
            started = time.monotonic()
            with sampling(server, result.rss_samples_kib):
                driver.start()
                counter = iter(range(10_000))

                def change_and_check() -> tuple[list[str], str]:
                    # Text models only (every fifth synthetic model is an image model).
                    n = next(counter)
                    slug, other = f"catalog-model-{101 + 5 * n}", f"catalog-model-{102 + 5 * n}"
                    amount = Decimal("900") + Decimal(n + 1) / 100
                    change_price(env, slug, amount)
                    result.changes += 1
                    changed = (pages_showing(slug, other), format_usd(amount))
                    check(server, *changed, result, settle=SETTLE_SECONDS)
                    return changed

                phase = seconds / 3
                while time.monotonic() - started < phase:
                    change_and_check()
                say("      faults: Redis stopped; a price changes while it is down")
                redis.stop()
                changed = change_and_check()
                redis.start()
                result.redis_restarts += 1
                say("      faults: Redis back with what it held; pages checked at once")
                check(server, *changed, result)
                while time.monotonic() - started < 2 * phase:
                    change_and_check()
                say(f"      faults: {SLOW_CLIENTS} slow clients trickling request headers")
                with SlowClients(server.port, SLOW_CLIENTS):
                    result.slow_clients = SLOW_CLIENTS
                    while time.monotonic() - started < seconds - CHECK_SECONDS - 2:
                        change_and_check()
                driver.join(timeout=seconds + 60)
            result.load = loads[0] if loads else None
    finally:
        redis.stop()
    return result


def check(
    server: Server, paths: list[str], expected: str, result: FaultSoak, settle: float = 0.0
) -> None:
    """Fetch `paths` in turn for CHECK_SECONDS: each must answer 200 showing `expected`."""
    time.sleep(settle)
    deadline = time.monotonic() + CHECK_SECONDS
    while time.monotonic() < deadline:
        for path in paths:
            began = time.perf_counter()
            try:  # every other check as a browser asks, gzipped: both must be fresh
                gzip = result.checks % 2 == 1
                status, body = fetch(server.base + path, timeout_s=30, gzip=gzip)
            except OSError as error:  # refused, reset or timed out: an error, recorded
                status, body = 0, str(error).encode()
            result.slowest_check_ms = max(
                result.slowest_check_ms, (time.perf_counter() - began) * 1000
            )
            result.checks += 1
            if status != 200:
                result.bad_status.append(f"{path}: {status or body.decode()}")
            elif expected.encode() not in body:
                result.stale.append(f"{path} without {expected}")
        time.sleep(0.1)
