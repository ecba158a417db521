"""Request parameters: parse with the URI parser, cast, default, validate, name.

Errors are collected as values (dicts with ``in``, ``path`` and ``message``) so the pipeline
can answer one 400 problem that lists all of them.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from connexion.core.casting import CastError
from connexion.core.operation import MISSING, Operation, Parameter
from connexion.core.request import ConnexionRequest

Errors = list[dict[str, Any]]


def _as_lists(values: Any) -> dict[str, list[Any]]:
    lists = getattr(values, "lists", None)
    if lists is not None:
        return dict(lists())
    return {key: value if isinstance(value, list) else [value] for key, value in values.items()}


def error(location: str, path: str, message: str) -> dict[str, Any]:
    """One error entry of a 400 problem."""
    return {"in": location, "path": path, "message": message}


def apply_parameter(
    parameter: Parameter, raw: Any, kwargs: dict[str, Any], errors: Errors
) -> None:
    """Cast, default and validate one parameter value; store it in ``kwargs`` when passed."""
    location = parameter.location
    if raw is MISSING or (raw == "" and not parameter.is_string):
        if parameter.required:
            errors.append(
                error(location, parameter.name, f"Missing {location} parameter '{parameter.name}'")
            )
            return
        if parameter.default is MISSING:
            return
        value = parameter.default
        if isinstance(value, (list, dict)):
            # a handler may change what it receives; the next request needs the spec's default
            value = copy.deepcopy(value)
    else:
        try:
            value = parameter.cast(raw)
        except CastError as exc:
            # the same path as a validation error inside the value: ``ids/1``
            path = "".join(f"/{part}" for part in exc.path)
            errors.append(
                error(
                    location,
                    parameter.name + path,
                    f"{exc} for {location} parameter '{parameter.name}'",
                )
            )
            return
        if parameter.validator is not None:
            found = parameter.validator.errors(value)
            if found:
                for item in found:
                    errors.append(
                        error(
                            location,
                            parameter.name + item.path,
                            f"{item.message} ({location} parameter '{parameter.name}')",
                        )
                    )
                return
    if parameter.pass_to_handler:
        kwargs[parameter.arg_name] = value


def _resolve(op: Operation, location: str, values: Mapping[str, list[Any]]) -> Mapping[str, Any]:
    return op.uri_parser.resolve_params(values, location)  # type: ignore[no-any-return]


def extract_parameters(
    op: Operation, request: ConnexionRequest, kwargs: dict[str, Any], errors: Errors
) -> None:
    """Read every path, query, header and cookie parameter of ``op`` from ``request``."""
    by_location = op.by_location
    parameters = by_location.get("path")
    if parameters:
        resolved = _resolve(op, "path", {k: [v] for k, v in request.path_params.items()})
        for parameter in parameters:
            apply_parameter(parameter, resolved.get(parameter.name, MISSING), kwargs, errors)
    query = request.query
    parameters = by_location.get("query")
    if parameters:
        resolved = _resolve(op, "query", _as_lists(query)) if query else {}
        for parameter in parameters:
            apply_parameter(parameter, resolved.get(parameter.name, MISSING), kwargs, errors)
    parameters = by_location.get("header")
    if parameters:
        headers = request.headers
        present = {p.name: [headers[p.name]] for p in parameters if p.name in headers}
        resolved = _resolve(op, "header", present) if present else {}
        for parameter in parameters:
            apply_parameter(parameter, resolved.get(parameter.name, MISSING), kwargs, errors)
    parameters = by_location.get("cookie")
    if parameters:
        cookies = request.cookies
        present = {p.name: [cookies[p.name]] for p in parameters if p.name in cookies}
        resolved = _resolve(op, "cookie", present) if present else {}
        for parameter in parameters:
            apply_parameter(parameter, resolved.get(parameter.name, MISSING), kwargs, errors)


def extra_query_parameters(op: Operation, request: ConnexionRequest) -> list[str]:
    """The query keys that ``op`` does not define (``strict_validation``).

    The URI parser decides: the keys of a ``deepObject`` (``deep[min]``) or of an exploded
    ``form`` object (``?lat=1&lng=2``) belong to their parameter; what it leaves unnamed is extra.
    """
    query = request.query
    if not query:
        return []
    names = op.query_names
    return sorted(key for key in _resolve(op, "query", _as_lists(query)) if key not in names)
