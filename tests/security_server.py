"""A real token-info HTTP server on 127.0.0.1 for the ``x-tokenInfoUrl`` tests.

It serves ``GET /tokeninfo`` in threads of its own, speaking HTTP/1.1 with keep-alive (so the
client's connection pool can be observed), and counts the connections it accepts. Every wait
is bounded: a slow answer waits at most ``delay`` seconds and ends at once when the server
stops, and stopping joins the serving thread with a timeout.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Mapping
from typing import Any

STOP_TIMEOUT = 5.0


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # A kept-alive connection the client leaves open ends its thread after this many seconds.
    timeout = STOP_TIMEOUT
    server: _Server

    def do_GET(self) -> None:
        server = self.server
        server.requests.append(self.headers.get("Authorization", ""))
        if server.delay:
            server.stopping.wait(server.delay)
        auth_type, _, token = self.headers.get("Authorization", "").partition(" ")
        if self.path.split("?")[0] == "/not-json":
            self._answer(200, b"<html>not json</html>", "text/html")
            return
        info = server.tokens.get(token) if auth_type.lower() == "bearer" else None
        if info is None:
            self._answer(401, b'{"error": "invalid_token"}', "application/json")
            return
        self._answer(200, json.dumps(info).encode(), "application/json")

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default listen queue of 5 drops the connections of a burst, and their
    # clients retry a second later: tests that send many fetches at once need a longer one.
    request_queue_size = 64

    def __init__(self, tokens: Mapping[str, Any], delay: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tokens = dict(tokens)
        self.delay = delay
        self.stopping = threading.Event()
        self.requests: list[str] = []
        self.connections = 0

    def get_request(self) -> Any:
        accepted = super().get_request()
        self.connections += 1
        return accepted


class TokenInfoServer:
    """A token-info endpoint: ``with TokenInfoServer(tokens) as server: server.url``.

    :param tokens: the token info dict answered for each valid bearer token.
    :param delay: seconds to wait before answering (to test the client's timeout).
    """

    def __init__(self, tokens: Mapping[str, Any], delay: float = 0.0) -> None:
        self._server = _Server(tokens, delay)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The token-info URL."""
        return f"http://127.0.0.1:{self.port}/tokeninfo"

    @property
    def requests(self) -> list[str]:
        """The Authorization header of every request served so far."""
        return self._server.requests

    @property
    def connections(self) -> int:
        """How many TCP connections the server accepted."""
        return self._server.connections

    def start(self) -> TokenInfoServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(STOP_TIMEOUT)

    def __enter__(self) -> TokenInfoServer:
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()
