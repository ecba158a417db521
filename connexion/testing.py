"""One synchronous test client shape for every backend.

``app.test_client()`` returns a client with ``get/post/put/patch/delete/head/options(path,
json=, data=, headers=, query_string=)``; each returns a :class:`TestResponse` with
``status_code``, ``headers``, ``content``, ``text`` and ``json()``.
"""

from __future__ import annotations

import asyncio
import json as json_module
import secrets
import threading
import urllib.parse
import weakref
from collections.abc import Coroutine, Mapping
from typing import Any


class TestResponse:
    """A response seen by a test client.

    :param status_code: the HTTP status.
    :param headers: the response headers (case-insensitive mapping).
    :param content: the body bytes.
    """

    __test__ = False  # not a pytest test class

    def __init__(self, status_code: int, headers: Mapping[str, str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json_module.loads(self.content)

    def __repr__(self) -> str:
        return f"<TestResponse {self.status_code}>"


class TestClient:
    """Base of the per-backend clients: subclasses implement :meth:`open`."""

    __test__ = False

    def open(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        content_type: str | None = None,
    ) -> TestResponse:
        """Send one request and return its response."""
        raise NotImplementedError

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("DELETE", path, **kwargs)

    def head(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("HEAD", path, **kwargs)

    def options(self, path: str, **kwargs: Any) -> TestResponse:
        return self.open("OPTIONS", path, **kwargs)


class FlaskTestClient(TestClient):
    """The test client of :class:`~connexion.FlaskApp`, over Flask's own test client.

    ``data`` may be bytes, text, or a dict of form fields (a value ``(fileobj, filename)`` or
    a list of them makes a multipart upload). A ``Cookie`` header reaches the app as given:
    werkzeug's cookie jar, which would replace it, is off unless ``use_cookies=True``.
    """

    def __init__(self, flask_app: Any, **kwargs: Any) -> None:
        kwargs.setdefault("use_cookies", False)
        self._client = flask_app.test_client(**kwargs)

    def open(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        content_type: str | None = None,
    ) -> TestResponse:
        arguments: dict[str, Any] = {
            "method": method,
            "headers": dict(headers or {}),
            "query_string": query_string,
        }
        if json is not None:
            arguments["json"] = json
        if data is not None:
            arguments["data"] = data
        if content_type is not None:
            arguments["content_type"] = content_type
        response = self._client.open(path, **arguments)
        try:
            return TestResponse(response.status_code, response.headers, response.get_data())
        finally:
            # Streamed bodies (send_file, generators) hold resources until closed.
            response.close()


# --- the async backends: encode the request ourselves, run it on a private event loop -------


def _query(path: str, query_string: Any) -> str:
    if not query_string:
        return path
    if isinstance(query_string, bytes):
        query_string = query_string.decode()
    if not isinstance(query_string, str):
        items = query_string.items() if isinstance(query_string, Mapping) else query_string
        query_string = urllib.parse.urlencode(list(items), doseq=True)
    return path + ("&" if "?" in path else "?") + str(query_string)


def _is_file(value: Any) -> bool:
    return hasattr(value, "read") or (
        isinstance(value, tuple) and bool(value) and hasattr(value[0], "read")
    )


def _file_part(value: Any) -> tuple[bytes, str, str] | None:
    """``(content, filename, content_type)`` for a file value, None for a plain field."""
    if isinstance(value, tuple) and value and hasattr(value[0], "read"):
        content_type = value[2] if len(value) > 2 else "application/octet-stream"
        return value[0].read(), str(value[1]), str(content_type)
    if hasattr(value, "read"):
        name = getattr(value, "filename", None) or getattr(value, "name", "file")
        content_type = getattr(value, "content_type", None) or "application/octet-stream"
        return value.read(), str(name), str(content_type)
    return None


def _fields(data: Mapping[str, Any]) -> list[tuple[str, Any]]:
    fields: list[tuple[str, Any]] = []
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            fields.append((key, item))
    return fields


def _multipart(fields: list[tuple[str, Any]]) -> tuple[bytes, str]:
    boundary = "connexion" + secrets.token_hex(8)
    chunks: list[bytes] = []
    for name, value in fields:
        part = _file_part(value)
        chunks.append(f"--{boundary}\r\n".encode())
        if part is None:
            chunks.append(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            chunks.append(str(value).encode() + b"\r\n")
        else:
            content, filename, content_type = part
            chunks.append(
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode()
            )
            chunks.append(content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def encode_body(
    json: Any, data: Any, headers: dict[str, str], content_type: str | None
) -> bytes | None:
    """Encode ``json`` or ``data`` as Flask's test client would; set Content-Type in headers."""
    names = {k.lower(): k for k in headers}
    body: bytes | None = None
    if json is not None:
        body = json_module.dumps(json).encode()
        content_type = content_type or "application/json"
    elif isinstance(data, Mapping):
        fields = _fields(data)
        wants_multipart = (content_type or "").startswith("multipart/form-data")
        if wants_multipart or any(_is_file(value) for _, value in fields):
            body, content_type = _multipart(fields)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = content_type or "application/x-www-form-urlencoded"
    elif isinstance(data, str):
        body = data.encode()
    elif data is not None:
        body = bytes(data)
    if content_type and "content-type" not in names:
        headers["Content-Type"] = content_type
    return body


class _LoopThread:
    """An event loop running in a daemon thread; coroutines are submitted from any thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="connexion-test-clients", daemon=True
        )
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(_TIMEOUT)


_TIMEOUT = 120.0
_shared: _LoopThread | None = None
_shared_lock = threading.Lock()


def _loop_thread() -> _LoopThread:
    """The one background loop every async test client runs on (created on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = _LoopThread()
        return _shared


_closing: set[asyncio.Task[Any]] = set()


def _run_hooks(loop_thread: _LoopThread, hooks: list[Any]) -> None:
    if not loop_thread.thread.is_alive():
        return
    if threading.current_thread() is loop_thread.thread:
        # The garbage collector may finalize a client on the loop's own thread, in the middle
        # of another client's request: waiting there for the loop would wait forever, so the
        # hooks are scheduled instead (and kept referenced until they are done).
        for hook in hooks:
            task = loop_thread.loop.create_task(hook())
            _closing.add(task)
            task.add_done_callback(_closing.discard)
        return
    for hook in hooks:
        loop_thread.run(hook())


class _LoopClient(TestClient):
    """Runs an async framework client on a background event loop shared by all clients.

    Calls may come from several threads at once; each waits for its own answer. The client
    releases what it holds (a test server, connections) when closed or garbage collected.
    """

    def __init__(self) -> None:
        self._hooks: list[Any] = []
        self._loop_thread = _loop_thread()
        self._finalizer = weakref.finalize(self, _run_hooks, self._loop_thread, self._hooks)

    def _run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return self._loop_thread.run(coroutine)

    def close(self) -> None:
        """Release the client's server and connections."""
        self._finalizer()

    def __enter__(self) -> _LoopClient:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def open(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        query_string: Any = None,
        content_type: str | None = None,
    ) -> TestResponse:
        all_headers = dict(headers or {})
        body = encode_body(json, data, all_headers, content_type)
        return self._run(  # type: ignore[no-any-return]
            self._send(method, _query(path, query_string), body, all_headers)
        )

    async def _send(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> TestResponse:
        """Send one encoded request with the framework's client."""
        raise NotImplementedError


class AioHttpTestClient(_LoopClient):
    """The test client of :class:`~connexion.AioHttpApp`: a real server on 127.0.0.1."""

    def __init__(self, aiohttp_app: Any, **kwargs: Any) -> None:
        from aiohttp.test_utils import TestClient as AioClient
        from aiohttp.test_utils import TestServer

        super().__init__()

        async def start() -> Any:
            client = AioClient(TestServer(aiohttp_app, host="127.0.0.1"), **kwargs)
            await client.start_server()
            return client

        self._client = self._run(start())
        self._hooks.append(self._client.close)

    async def _send(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> TestResponse:
        async with self._client.request(
            method, url, data=body, headers=headers, allow_redirects=False
        ) as response:
            content = await response.read()
            return TestResponse(response.status, response.headers, content)


class QuartTestClient(_LoopClient):
    """The test client of :class:`~connexion.QuartApp`, over Quart's own (no socket)."""

    def __init__(self, quart_app: Any, **kwargs: Any) -> None:
        super().__init__()
        self._client = quart_app.test_client(**kwargs)

    async def _send(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> TestResponse:
        response = await self._client.open(url, method=method, data=body, headers=headers)
        content = await response.get_data()
        return TestResponse(response.status_code, response.headers, content)
