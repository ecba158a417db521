"""Turn what a handler returns into a serialised :class:`ConnexionResponse`.

A handler may return a body, ``(body,)``, ``(body, status)``, ``(body, headers)``,
``(body, status, headers)``, :data:`NoContent`, a :class:`ConnexionResponse`, or its
framework's own response (passed through untouched). The media type comes from an explicit
Content-Type header, else from the operation's response definition and the Accept header.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from connexion.core.request import ConnexionResponse
from connexion.jsonifier import Jsonifier


class _NoContent:
    """The sentinel for an empty body."""

    _instance: _NoContent | None = None

    def __new__(cls) -> _NoContent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NoContent"

    def __bool__(self) -> bool:
        return False


NoContent = _NoContent()

DEFAULT_JSONIFIER = Jsonifier()


def is_json_media_type(media_type: str | None) -> bool:
    """Whether ``media_type`` is JSON (``application/json`` or any ``+json`` type)."""
    if not media_type:
        return False
    base = media_type.split(";", 1)[0].strip().lower()
    return base == "application/json" or (
        base.startswith("application/") and base.endswith("+json")
    )


def _status(value: Any) -> int:
    if isinstance(value, enum.Enum):
        value = value.value
    return int(value)


def split_return_value(result: Any) -> tuple[Any, int | None, Mapping[str, Any] | None]:
    """Split a handler's return value into ``(body, status, headers)``."""
    if not isinstance(result, tuple):
        return result, None, None
    size = len(result)
    if size == 1:
        return result[0], None, None
    if size == 2:
        body, second = result
        if isinstance(second, (Mapping, list)):
            return body, None, _headers(second)
        return body, _status(second), None
    if size == 3:
        body, status, headers = result
        return body, _status(status), _headers(headers)
    raise TypeError(
        "A handler must return a body, (body,), (body, status), (body, headers) or "
        f"(body, status, headers); it returned a tuple of {size} items"
    )


def _headers(value: Any) -> Mapping[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value
    return dict(value)


def _accepts(accept: str, candidates: Sequence[str]) -> str | None:
    """Return the first of ``candidates`` that the Accept header ``accept`` prefers."""
    ranges: list[tuple[float, int, str]] = []
    for index, item in enumerate(accept.split(",")):
        parts = item.strip().split(";")
        media = parts[0].strip().lower()
        if not media:
            continue
        quality = 1.0
        for param in parts[1:]:
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((-quality, index, media))
    ranges.sort()
    for _, _, media in ranges:
        for candidate in candidates:
            if _media_matches(media, candidate):
                return candidate
    return None


def _media_matches(pattern: str, media_type: str) -> bool:
    if pattern in ("*/*", "*"):
        return True
    base = media_type.split(";", 1)[0].strip().lower()
    if pattern.endswith("/*"):
        return base.startswith(pattern[:-1])
    return pattern == base


def choose_media_type(
    candidates: Sequence[str], body: Any, accept: str | None, default: str = "application/json"
) -> str:
    """Pick the response media type among the operation's ``candidates``."""
    if not candidates:
        return default
    if len(candidates) == 1:
        return candidates[0]
    if accept:
        chosen = _accepts(accept, candidates)
        if chosen is not None:
            return chosen
    if not isinstance(body, (str, bytes)):
        for candidate in candidates:
            if is_json_media_type(candidate):
                return candidate
    return candidates[0]


def serialize(
    response: ConnexionResponse, jsonifier: Jsonifier = DEFAULT_JSONIFIER
) -> ConnexionResponse:
    """Encode ``response.body`` to bytes according to its media type, in place."""
    body = response.body
    if response.is_streamed or isinstance(body, bytes):
        return response
    if body is None or body is NoContent:
        response.body = b""
        return response
    if is_json_media_type(response.mimetype):
        response.body = jsonifier.dumps(body).encode("utf-8")
    elif isinstance(body, str):
        response.body = body.encode("utf-8")
    elif isinstance(body, (dict, list)):
        response.body = jsonifier.dumps(body).encode("utf-8")
    else:
        response.body = str(body).encode("utf-8")
    return response


def content_type_for(mimetype: str) -> str:
    """Return the Content-Type for ``mimetype`` (text types get ``charset=utf-8``)."""
    if mimetype.startswith("text/") and "charset" not in mimetype:
        return mimetype + "; charset=utf-8"
    return mimetype


def build_response(
    result: Any,
    *,
    media_types_for: Callable[[int], Sequence[str]],
    accept: str | None,
    jsonifier: Jsonifier = DEFAULT_JSONIFIER,
) -> ConnexionResponse:
    """Normalise a handler's return value into a serialised :class:`ConnexionResponse`.

    :param result: what the handler returned (not a framework response).
    :param media_types_for: gives the media types the spec allows for a status code.
    :param accept: the request's Accept header.
    :param jsonifier: the JSON serialiser.
    """
    if isinstance(result, ConnexionResponse):
        response = result
        if response.mimetype is None:
            if response.content_type:
                response.mimetype = response.content_type.split(";", 1)[0].strip()
            else:
                response.mimetype = choose_media_type(
                    media_types_for(response.status_code), response.body, accept
                )
        if response.content_type is None:
            response.content_type = content_type_for(response.mimetype)
        return serialize(response, jsonifier)

    body, status, headers = split_return_value(result)
    if status is None:
        status = 204 if body is NoContent else 200
    header_dict = dict(headers) if headers else {}
    content_type = None
    for name in header_dict:
        if name.lower() == "content-type":
            content_type = str(header_dict.pop(name))
            break
    if content_type:
        mimetype = content_type.split(";", 1)[0].strip()
    else:
        mimetype = choose_media_type(media_types_for(status), body, accept)
        content_type = content_type_for(mimetype)
    response = ConnexionResponse(
        status_code=status,
        mimetype=mimetype,
        content_type=content_type,
        body=body,
        headers=header_dict,
    )
    return serialize(response, jsonifier)
