"""Token info fetched over HTTP (``x-tokenInfoUrl`` / ``TOKENINFO_URL``): the one place.

A small pool of keep-alive connections per host, with a timeout, on the standard library's
http.client: under gevent's monkey-patching its sockets cooperate, and the async backends run
it in a worker thread (the pipeline marks the call as blocking), so it never stalls a loop.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

#: Seconds to wait for the token info server, connecting and reading.
TIMEOUT = 5.0
#: Idle connections kept per host.
POOL_SIZE = 10

_Key = tuple[str, str, int]


class ConnectionPool:
    """Keep-alive HTTP(S) connections, reused across requests and threads.

    :param timeout: seconds for connecting and for each read.
    :param size: idle connections kept per host.
    """

    def __init__(self, timeout: float = TIMEOUT, size: int = POOL_SIZE) -> None:
        self.timeout = timeout
        self.size = size
        self._idle: dict[_Key, list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()

    def _take(self, key: _Key, reuse: bool = True) -> tuple[http.client.HTTPConnection, bool]:
        """An idle connection (``True``: reused) or a new one (``False``)."""
        if reuse:
            with self._lock:
                idle = self._idle.get(key)
                if idle:
                    return idle.pop(), True
        scheme, host, port = key
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=self.timeout), False
        return http.client.HTTPConnection(host, port, timeout=self.timeout), False

    def _give_back(self, key: _Key, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < self.size:
                idle.append(connection)
                return
        connection.close()

    def get(self, url: str, headers: dict[str, str]) -> tuple[int, bytes]:
        """GET ``url``; return the status and body.

        :raises OSError: on network failure or timeout.
        :raises ValueError: for a URL that is not an absolute http(s) URL.
        """
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"Not an absolute http(s) URL: {url!r}")
        port = parts.port or (443 if scheme == "https" else 80)
        key = (scheme, parts.hostname, port)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        reuse = True
        while True:
            connection, reused = self._take(key, reuse)
            if reused:
                # An idle connection keeps the timeout it was made with; use the current one.
                connection.timeout = self.timeout
                if connection.sock is not None:
                    connection.sock.settimeout(self.timeout)
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except TimeoutError:
                connection.close()
                raise  # a slow server: waiting once is enough
            except (http.client.HTTPException, OSError):
                connection.close()
                if not reused:
                    raise  # a fresh connection failed (refused, timed out): no second wait
                reuse = False  # a kept-alive connection the server had closed: retry, fresh
                continue
            if response.will_close:
                connection.close()
            else:
                self._give_back(key, connection)
            return response.status, body

    def clear(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()


POOL = ConnectionPool()


def get_token_info_remote(token_info_url: str, token: str) -> dict[str, Any] | None:
    """Ask ``token_info_url`` about ``token`` (sent as a Bearer token).

    :return: the token info dict, or ``None`` when the server rejects the token, cannot be
        reached in time, or answers something that is not a JSON object.
    """
    try:
        status, body = POOL.get(
            token_info_url, {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        )
    except (http.client.HTTPException, OSError, ValueError) as exc:
        logger.warning("Token info request to %s failed: %s", token_info_url, exc)
        return None
    if not 200 <= status < 300:
        return None
    try:
        info = json.loads(body)
    except ValueError:
        return None
    return info if isinstance(info, dict) else None
