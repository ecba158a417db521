"""One synchronous test client shape for every backend.

``app.test_client()`` returns a client with ``get/post/put/patch/delete/head/options(path,
json=, data=, headers=, query_string=)``; each returns a :class:`TestResponse` with
``status_code``, ``headers``, ``content``, ``text`` and ``json()``.
"""

from __future__ import annotations

import json as json_module
from collections.abc import Mapping
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
