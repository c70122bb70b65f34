"""A small HTTP endpoint on loopback that answers POSTs through `handle`: the base of the
kit's webhook receiver (and of the project's own test receiver)."""

from __future__ import annotations

import contextlib
import socket
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from zoomstack.testing.lifecycle import Lifecycle

LOOPBACK = "127.0.0.1"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A sender that went away mid-request leaves the answer nowhere to go: not an error
        worth a traceback."""


class LoopbackEndpoint(Lifecycle):
    def __init__(self, port: int = 0) -> None:
        self.port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def handle(self, path: str, headers: Message, body: bytes) -> tuple[int, bytes]:
        """The status and JSON body to answer a POST with (runs on a server thread)."""
        raise NotImplementedError

    def start(self) -> Self:
        if self._server is not None:
            return self
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Head and body leave in two writes: without this, Nagle's algorithm and the
            # sender's delayed ACK add ~40 ms to every answer on a kept-alive connection.
            disable_nagle_algorithm = True

            def setup(self) -> None:
                super().setup()
                with endpoint._connections_lock:
                    endpoint._connections.add(self.connection)

            def finish(self) -> None:
                with endpoint._connections_lock:
                    endpoint._connections.discard(self.connection)
                super().finish()

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:  # the sender died mid-request: nothing was delivered
                    self.close_connection = True
                    return
                status, answer = endpoint.handle(self.path, self.headers, body)
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        server = _QuietServer((LOOPBACK, self.port), Handler)
        self.port = int(server.server_address[1])
        self._server = server
        # serve_forever polls for shutdown: at its default 0.5 s every stop (every test that
        # uses a receiver) would wait a quarter of a second on average.
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="zoomstack-loopback-endpoint",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Go down like a real endpoint: no new connections, and the kept-alive ones cut (a
        sender reusing one would otherwise still be answered)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
