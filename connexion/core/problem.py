"""``application/problem+json`` answers (RFC 7807)."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from connexion.core.request import ConnexionResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"


def status_title(status: int) -> str:
    """Return the standard reason phrase of ``status`` ("Unknown" when there is none)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def problem(
    status: int,
    title: str | None,
    detail: str | None,
    type: str | None = None,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    ext: Mapping[str, Any] | None = None,
) -> ConnexionResponse:
    """Build an RFC 7807 problem response.

    :param status: the HTTP status code.
    :param title: a short summary of the problem type (the reason phrase when ``None``).
    :param detail: an explanation specific to this occurrence.
    :param type: a URI reference identifying the problem type (``about:blank`` by default).
    :param instance: a URI reference identifying this occurrence.
    :param headers: extra response headers.
    :param ext: extra members merged into the problem object.
    :return: a :class:`ConnexionResponse` whose body is the problem object.
    """
    status = int(status)
    body: dict[str, Any] = {
        "type": type or "about:blank",
        "title": title if title is not None else status_title(status),
        "detail": detail if detail is not None else status_title(status),
        "status": status,
    }
    if instance:
        body["instance"] = instance
    if ext:
        body.update(ext)
    return ConnexionResponse(
        status_code=status,
        mimetype=PROBLEM_MEDIA_TYPE,
        content_type=PROBLEM_MEDIA_TYPE,
        body=body,
        headers=dict(headers) if headers else {},
    )
