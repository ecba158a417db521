"""Spec paths and operation ids turned into Flask routes and endpoint names."""

from __future__ import annotations

import re
from collections.abc import Mapping

_PATH_PARAMETER = re.compile(r"\{([^}]+)\}")
_NOT_IDENTIFIER = re.compile(r"\W")


def flask_variable_name(name: str) -> str:
    """A Flask-compatible variable name for the spec path parameter ``name``."""
    cleaned = _NOT_IDENTIFIER.sub("_", name)
    if not cleaned or cleaned[0].isdigit():
        cleaned = "_" + cleaned
    return cleaned


def flaskify_path(swagger_path: str, types: Mapping[str, str] | None = None) -> str:
    """Convert ``/pets/{petId}`` to Flask's ``/pets/<petId>``.

    :param swagger_path: the path template of the spec.
    :param types: converter names by parameter name (``path`` captures slashes).
    """
    types = types or {}

    def convert(match: re.Match[str]) -> str:
        name = match.group(1)
        variable = flask_variable_name(name)
        converter = types.get(name)
        return f"<{converter}:{variable}>" if converter else f"<{variable}>"

    return _PATH_PARAMETER.sub(convert, swagger_path)


def flaskify_endpoint(identifier: str, randomize: int | None = None) -> str:
    """A Flask endpoint name for an operation id (dots are not allowed in endpoints)."""
    endpoint = identifier.replace(".", "_")
    if randomize:
        import secrets

        endpoint += "|" + secrets.token_hex(randomize)
    return endpoint
