"""A TCP proxy on loopback that passes, refuses or stalls connections to a real server.

Tests point Redis or PostgreSQL clients at it, then turn the dependency "off"
(refuse: every connection is closed at once), "stalled" (connections are
accepted and never answered) or back "on", without touching the real server.
Everything it starts ends with `close()`, and nothing listens beyond 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from typing import Literal

Mode = Literal["pass", "refuse", "stall"]


class FaultProxy:
    def __init__(self, target_port: int, target_host: str = "127.0.0.1") -> None:
        self.target = (target_host, target_port)
        self.mode: Mode = "pass"
        self.prefix = ""  # the cache key prefix of the test using it, if any
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self.thread.start()

    def url(self, scheme: str, rest: str = "") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{rest}"

    def set(self, mode: Mode) -> None:
        """Change what happens to new connections; open ones are cut unless passing."""
        self.mode = mode
        if mode != "pass":
            self._cut()

    def close(self) -> None:
        self.closed.set()
        with contextlib.suppress(OSError):
            self.listener.close()
        self._cut()
        self.thread.join(timeout=5)

    def _cut(self) -> None:
        with self.lock:
            sockets, self.open = self.open, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self) -> None:
        self.listener.settimeout(0.2)
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.mode == "refuse":
                client.close()
                continue
            with self.lock:
                self.open.append(client)
            if self.mode == "stall":
                continue  # held open, never read and never answered
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open.append(upstream)
            threading.Thread(
                target=self._pipe, args=(client, upstream), name="fault-proxy-pipe", daemon=True
            ).start()

    def _pipe(self, client: socket.socket, upstream: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        try:
            selector.register(client, selectors.EVENT_READ, upstream)
            selector.register(upstream, selectors.EVENT_READ, client)
            while not self.closed.is_set():
                for key, _ in selector.select(timeout=0.2):
                    source = key.fileobj
                    assert isinstance(source, socket.socket)
                    data = source.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            selector.close()
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()
