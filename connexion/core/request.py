"""The neutral request and response that the core works on.

A backend builds a :class:`ConnexionRequest` from primitives (the body bytes already read,
form and files already parsed) and turns the :class:`ConnexionResponse` the pipeline returns
into its own response. Neither class knows about any framework.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

_MISSING: Any = object()


class MultiDict(Mapping[str, Any]):
    """A read-only mapping of keys to lists of values; ``[key]`` and ``get`` give the first.

    It has the interface of werkzeug's ``MultiDict`` that the core relies on (``getlist``,
    ``lists``), so a backend may pass its framework's own multidict instead.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, list[Any]] | Iterable[tuple[str, Any]] = ()) -> None:
        if isinstance(data, Mapping):
            self._data: dict[str, list[Any]] = {k: list(v) for k, v in data.items()}
        else:
            self._data = {}
            for key, value in data:
                self._data.setdefault(key, []).append(value)

    def __getitem__(self, key: str) -> Any:
        return self._data[key][0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def getlist(self, key: str) -> list[Any]:
        """Return every value of ``key`` (an empty list when it is absent)."""
        return list(self._data.get(key, ()))

    def lists(self) -> Iterator[tuple[str, list[Any]]]:
        """Iterate over ``(key, values)`` pairs."""
        return iter(self._data.items())

    def to_dict(self, flat: bool = True) -> dict[str, Any]:
        """Return a plain dict: first values when ``flat``, lists otherwise."""
        if flat:
            return {k: v[0] for k, v in self._data.items()}
        return {k: list(v) for k, v in self._data.items()}

    def __repr__(self) -> str:
        return f"MultiDict({self._data!r})"


_EMPTY = MultiDict()


class ConnexionRequest:
    """A request as the core sees it.

    :param url: the full URL of the request.
    :param method: the HTTP method, upper case.
    :param path_params: the values matched by the route, still strings.
    :param query: the query string as a multidict.
    :param headers: a case-insensitive mapping of header names to values.
    :param form: parsed ``application/x-www-form-urlencoded`` or ``multipart/form-data`` fields.
    :param body: the raw body bytes, already read.
    :param json_getter: a callable that parses the body as JSON (``json.loads`` by default).
    :param files: uploaded files by field name (objects with ``filename``, ``read()``, ...).
    :param context: the per-request context dict (``user``, ``token_info``, ...).
    :param cookies: cookie names to values.
    :param path: the path of the URL (without the query string).
    :param framework_request: the backend's own request object, reached through
        :data:`connexion.request` for attributes this class does not have.

    ``url``, ``path`` and ``cookies`` may be left ``None`` by a backend: they are then read
    from ``framework_request`` when first used, so a request that never needs them does not
    pay for building them.
    """

    __slots__ = (
        "_url",
        "method",
        "_path",
        "path_params",
        "query",
        "headers",
        "form",
        "files",
        "body",
        "_cookies",
        "context",
        "framework_request",
        "_json_getter",
        "_json",
    )

    def __init__(
        self,
        url: str | None,
        method: str,
        path_params: Mapping[str, str] | None = None,
        query: Any = None,
        headers: Mapping[str, str] | None = None,
        form: Any = None,
        body: bytes | None = None,
        json_getter: Callable[[], Any] | None = None,
        files: Any = None,
        context: dict[str, Any] | None = None,
        cookies: Mapping[str, str] | None = None,
        path: str | None = None,
        framework_request: Any = None,
    ) -> None:
        self._url = url
        self.method = method.upper()
        self._path = path
        self.path_params = path_params if path_params is not None else {}
        self.query = query if query is not None else _EMPTY
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.form = form if form is not None else _EMPTY
        self.files = files if files is not None else _EMPTY
        self.body = body
        self._cookies = cookies
        self.context: dict[str, Any] = context if context is not None else {}
        self.framework_request = framework_request
        self._json_getter = json_getter
        self._json = _MISSING

    @property
    def url(self) -> str:
        """The full URL of the request."""
        if self._url is None:
            self._url = str(getattr(self.framework_request, "url", ""))
        return self._url

    @property
    def path(self) -> str:
        """The path of the URL, without the query string."""
        if self._path is None:
            path = getattr(self.framework_request, "path", None)
            self._path = str(path) if path is not None else self.url.split("?", 1)[0]
        return self._path

    @property
    def cookies(self) -> Mapping[str, str]:
        """Cookie names to values."""
        if self._cookies is None:
            cookies = getattr(self.framework_request, "cookies", None)
            self._cookies = cookies if cookies is not None else {}
        return self._cookies

    @property
    def args(self) -> Any:
        """The query parameters (an alias of :attr:`query`, as in Flask)."""
        return self.query

    @property
    def content_type(self) -> str | None:
        """The Content-Type header, if any."""
        return self.headers.get("Content-Type")

    @property
    def mimetype(self) -> str:
        """The media type of the body, lower case and without parameters ("" when absent)."""
        value = self.headers.get("Content-Type") or ""
        return value.split(";", 1)[0].strip().lower()

    @property
    def json(self) -> Any:
        """The body parsed as JSON (``None`` when there is no body)."""
        if self._json is _MISSING:
            if self._json_getter is not None:
                self._json = self._json_getter()
            elif self.body:
                self._json = json.loads(self.body)
            else:
                self._json = None
        return self._json

    @json.setter
    def json(self, value: Any) -> None:
        self._json = value

    def get_json(self, *args: Any, **kwargs: Any) -> Any:
        """Return :attr:`json` (Flask's spelling)."""
        return self.json

    def get_data(self, *args: Any, **kwargs: Any) -> bytes:
        """Return the raw body bytes (Flask's spelling)."""
        return self.body or b""

    @property
    def data(self) -> bytes:
        """The raw body bytes."""
        return self.body or b""

    def __repr__(self) -> str:
        return f"<ConnexionRequest {self.method} {self.path!r}>"


class ConnexionResponse:
    """A response as the core produces it, before a backend serialises it.

    :param status_code: the HTTP status.
    :param mimetype: the media type of the body.
    :param content_type: the full Content-Type (``mimetype`` plus parameters).
    :param body: the body: bytes, text, or an object still to be serialised.
    :param headers: response headers.
    :param is_streamed: whether ``body`` is an iterable to stream.
    """

    __slots__ = ("status_code", "mimetype", "content_type", "body", "headers", "is_streamed")

    def __init__(
        self,
        status_code: int = 200,
        mimetype: str | None = None,
        content_type: str | None = None,
        body: Any = None,
        headers: Mapping[str, Any] | None = None,
        is_streamed: bool = False,
    ) -> None:
        self.status_code = status_code
        self.mimetype = mimetype
        self.content_type = content_type
        self.body = body
        self.headers: dict[str, Any] = dict(headers) if headers else {}
        self.is_streamed = is_streamed

    @property
    def text(self) -> str:
        """The body as text (bytes are decoded as UTF-8)."""
        if isinstance(self.body, bytes):
            return self.body.decode("utf-8", "replace")
        return "" if self.body is None else str(self.body)

    def __repr__(self) -> str:
        return f"<ConnexionResponse {self.status_code} {self.content_type!r}>"
