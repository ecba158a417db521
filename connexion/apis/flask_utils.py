"""Spec paths and operation ids turned into Flask routes and endpoint names.

Quart shares Flask's routing and werkzeug's exceptions, so both adapters use these helpers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from connexion.apis.abstract import HttpError
from connexion.core.operation import Operation

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


def blueprint_rule(operation: Operation) -> tuple[str, str, dict[str, str]]:
    """The Flask/Quart rule and endpoint of ``operation``, and the renamed path variables.

    :return: ``(rule, endpoint, renamed)`` where ``renamed`` maps the Flask variable names that
        differ from the spec's parameter names back to the spec's names.
    """
    path_parameters = operation.parameters_in("path")
    types = {p.name: "path" for p in path_parameters if p.schema.get("format") == "path"}
    renamed = {
        flask_variable_name(p.name): p.name
        for p in path_parameters
        if flask_variable_name(p.name) != p.name
    }
    endpoint = flaskify_endpoint(f"{operation.method}{operation.path}")
    return flaskify_path(operation.path, types) or "/", endpoint, renamed


def blueprint_name(base_path: str) -> str:
    """A blueprint name for an API under ``base_path``."""
    return flaskify_endpoint(base_path.strip("/").replace("/", "_")) or "root"


def register_blueprint(app: Any, blueprint: Any) -> None:
    """Register ``blueprint`` on a Flask or Quart app, renamed if its name is taken."""
    name, counter = blueprint.name, 1
    while name in app.blueprints:
        counter += 1
        name = f"{blueprint.name}_{counter}"
    app.register_blueprint(blueprint, name=name)


def describe_http_exception(exception: BaseException) -> HttpError | None:
    """Status, title, detail and headers of a werkzeug HTTP exception (Flask and Quart)."""
    import werkzeug.exceptions

    if not isinstance(exception, werkzeug.exceptions.HTTPException):
        return None
    headers = {k: v for k, v in exception.get_headers() if k.lower() != "content-type"}
    return exception.code or 500, exception.name, exception.description or exception.name, headers
