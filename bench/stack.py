"""What the benchmark starts: a database and cache per configuration, and gunicorn.

Everything started here is stopped here, by the handle it was started with:
gunicorn by its process id, the benchmark's PostgreSQL database by dropping
it, its Redis keys by their prefix, the SQLite files with their directory.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

READY_TIMEOUT_S = 60


@dataclass
class Configuration:
    """One database and cache pair the site can run on."""

    slug: str
    label: str
    postgres_url: str = ""  # the server to create the benchmark database on
    redis_url: str = ""
    workdir: Path = field(default_factory=Path)
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))

    @property
    def uses_postgres(self) -> bool:
        return bool(self.postgres_url)

    def database_url(self, dataset: str) -> str:
        if self.uses_postgres:
            return f"{self.postgres_url.rstrip('/')}/{self.database_name(dataset)}"
        return f"sqlite:///{self.workdir / f'{self.slug}-{dataset}.sqlite3'}"

    def database_name(self, dataset: str) -> str:
        return f"versus_bench_{self.run_id}_{dataset}"

    def key_prefix(self, dataset: str) -> str:
        return f"versus-bench-{self.run_id}-{dataset}"

    def environment(self, dataset: str, **extra: str) -> dict[str, str]:
        """The production settings, as environment variables, for one dataset."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_", "PAGE_CACHE"))
        }
        env.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=BENCH_SECRET,
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            SITE_URL="http://127.0.0.1",
            # Production settings, except that no TLS proxy stands in front on loopback.
            DJANGO_SECURE_SSL_REDIRECT="0",
            DATABASE_URL=self.database_url(dataset),
            CACHE_KEY_PREFIX=self.key_prefix(dataset),
            PYTHONDONTWRITEBYTECODE="1",
        )
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(extra)
        return env

    # -- lifecycle of one dataset's database and cache ------------------------------

    def create_database(self, dataset: str) -> None:
        if self.uses_postgres:
            name = self.database_name(dataset)
            self._admin_sql(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')

    def drop_database(self, dataset: str) -> None:
        if self.uses_postgres:
            self._admin_sql(f'DROP DATABASE IF EXISTS "{self.database_name(dataset)}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm", "-journal"):
                path = Path(self.database_url(dataset).removeprefix("sqlite:///") + suffix)
                path.unlink(missing_ok=True)

    def clear_cache(self, dataset: str) -> None:
        if not self.redis_url:
            return
        import redis

        client = redis.Redis.from_url(self.redis_url)
        try:
            keys = list(client.scan_iter(match=f"{self.key_prefix(dataset)}:*", count=1000))
            for start in range(0, len(keys), 1000):
                client.delete(*keys[start : start + 1000])
        finally:
            client.close()

    def _admin_sql(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.postgres_url.rstrip('/')}/postgres", autocommit=True) as db:
            for statement in statements:
                db.execute(statement)

    def server_versions(self) -> dict[str, str]:
        """The database and cache servers' own version strings."""
        versions = {}
        if self.uses_postgres:
            import psycopg

            with psycopg.connect(f"{self.postgres_url.rstrip('/')}/postgres") as db:
                row = db.execute("SHOW server_version").fetchone()
                versions["PostgreSQL"] = str(row[0]).split(" ")[0] if row else "?"
        else:
            import sqlite3

            versions["SQLite"] = sqlite3.sqlite_version
        if self.redis_url:
            import redis

            client = redis.Redis.from_url(self.redis_url)
            try:
                versions["Redis"] = str(client.info("server")["redis_version"])
            finally:
                client.close()
        return versions


# A fixed, obviously local secret: the benchmark's databases are thrown away.
BENCH_SECRET = "benchmark-only-" + "0" * 40


def python(env: dict[str, str], *arguments: str) -> str:
    """Run this project's Python with `env`; its output, or a CommandError with its errors."""
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise CommandError(f"{' '.join(arguments)} failed:\n{result.stderr or result.stdout}")
    return result.stdout


def manage(env: dict[str, str], *arguments: str) -> str:
    """Run a management command with `env`."""
    return python(env, "manage.py", *arguments)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch_raw(url: str, timeout_s: float = 30, *, gzip: bool = False) -> tuple[int, bytes, bool]:
    """GET `url` (loopback only), accepting gzip or not: status, the body as it came, and
    whether it came gzipped."""
    headers = {"Accept-Encoding": "gzip"} if gzip else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            encoded = response.headers.get("Content-Encoding") == "gzip"
            return response.status, response.read(), encoded
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Encoding") == "gzip"


def fetch(url: str, timeout_s: float = 30, *, gzip: bool = False) -> tuple[int, bytes]:
    """GET `url` (loopback only): status and body (decompressed, if asked for gzipped)."""
    status, body, encoded = fetch_raw(url, timeout_s, gzip=gzip)
    return status, zlib.decompress(body, zlib.MAX_WBITS | 16) if encoded else body


def _status_field(pid: int, name: str) -> int:
    """A size field of /proc/<pid>/status (VmRSS, VmHWM) in KiB, 0 when gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    """gunicorn with production's settings (config/gunicorn.py) on a loopback port."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None
        self.warmed: set[str] = set()  # URLs already warmed up on this server

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    str(settings.BASE_DIR / "config" / "gunicorn.py"),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "config.wsgi",
                ],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                break
            try:
                status, _ = fetch(f"{self.base}/readyz/", timeout_s=2)
                workers = len(self.worker_pids())
                if status == 200 and workers == 2 and self.listening() == self.listeners(workers):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise CommandError(f"gunicorn did not become ready:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def listeners(self, workers: int) -> int:
        """How many sockets listen on the port once every worker is up: one per worker
        with config/gunicorn.py's `reuse_port`, else the master's one."""
        return 1 if self.env.get("GUNICORN_REUSE_PORT", "1") == "0" else workers

    def listening(self) -> int:
        """How many sockets listen on this server's port now (Linux's /proc/net/tcp)."""
        port = f":{self.port:04X}"
        try:
            rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
        except OSError:
            return 0
        return sum(1 for row in rows if row.split()[1].endswith(port) and row.split()[3] == "0A")

    def worker_cpu_ticks(self) -> dict[int, int]:
        """Each worker's CPU time so far (user and system, in clock ticks)."""
        ticks = {}
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks[pid] = int(fields[11]) + int(fields[12])
        return ticks

    def worker_rss_kib(self) -> int:
        """The largest current resident size of a worker."""
        return max((_status_field(pid, "VmRSS") for pid in self.worker_pids()), default=0)

    def worker_peak_kib(self) -> int:
        """The largest peak resident size any worker reached so far."""
        return max((_status_field(pid, "VmHWM") for pid in self.worker_pids()), default=0)

    def stop(self) -> None:
        """Stop gunicorn by the process id it was started with (its workers follow)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
