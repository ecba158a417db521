"""The request pipeline, written once for every backend.

:func:`request_pipeline` is a generator. It never calls user code itself: it yields a
:class:`Call` effect and receives the result (or has the exception thrown back in), so plain
try/except here decides the answer. ``connexion.drivers`` runs it synchronously (Flask,
threads, gevent) or asynchronously (aiohttp, Quart).

Steps: security, parameters, body, bind arguments, call the handler, build the response,
optionally validate the response.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator
from typing import Any

from connexion.core.body import extra_form_parameters, extract_body
from connexion.core.operation import Operation
from connexion.core.params import extra_query_parameters, extract_parameters
from connexion.core.request import ConnexionRequest, ConnexionResponse
from connexion.core.response import (
    DEFAULT_JSONIFIER,
    build_response,
    is_json_media_type,
    serialize,
)
from connexion.core.security import check_security
from connexion.exceptions import (
    BadRequestProblem,
    ExtraParameterProblem,
    NonConformingResponseBody,
    NonConformingResponseHeaders,
    ProblemException,
)
from connexion.jsonifier import Jsonifier


class Call:
    """An effect: the driver must call ``function(*args, **kwargs)`` and send the result.

    :param is_async: ``function`` returns an awaitable (decided once, at add_api time).
    :param blocking: ``function`` does blocking I/O: an async driver always runs it in a
        worker thread, whatever the ``sync_handlers`` option says.
    """

    __slots__ = ("function", "args", "kwargs", "is_async", "blocking")

    def __init__(
        self,
        function: Callable[..., Any],
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        is_async: bool = False,
        blocking: bool = False,
    ) -> None:
        self.function = function
        self.args = args
        self.kwargs = kwargs or {}
        self.is_async = is_async
        self.blocking = blocking


class PipelineSettings:
    """What the pipeline needs from the backend that drives it.

    :param jsonifier: serialises JSON bodies.
    :param is_framework_response: tells a framework response (passed through untouched).
    """

    __slots__ = ("jsonifier", "is_framework_response")

    def __init__(
        self,
        jsonifier: Jsonifier = DEFAULT_JSONIFIER,
        is_framework_response: Callable[[Any], bool] = lambda value: False,
    ) -> None:
        self.jsonifier = jsonifier
        self.is_framework_response = is_framework_response


def _summary(errors: list[dict[str, Any]]) -> str:
    if len(errors) == 1:
        return str(errors[0]["message"])
    return f"{len(errors)} validation errors: " + "; ".join(e["message"] for e in errors)


def bind_arguments(op: Operation, request: ConnexionRequest) -> dict[str, Any]:
    """Read, cast and validate everything the handler receives.

    :raises BadRequestProblem: listing every validation error.
    """
    if op.strict_validation:
        extra_query = extra_query_parameters(op, request)
        extra_form = extra_form_parameters(op, request)
        if extra_query or extra_form:
            raise ExtraParameterProblem(extra_form, extra_query)
    kwargs: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    extract_parameters(op, request, kwargs, errors)
    extract_body(op, request, kwargs, errors)
    if errors:
        raise BadRequestProblem(_summary(errors), errors=errors)
    context = request.context
    context_arg = op.pass_context_arg_name
    # As in connexion 2, only handlers that take the argument (or **kwargs) receive it.
    if context_arg and (context_arg in op.accepted_args or op.has_kwargs):
        kwargs[context_arg] = context
    if context:
        for name in ("user", "token_info"):
            if name in context and (name in op.accepted_args or op.has_kwargs):
                kwargs[name] = context[name]
    return kwargs


def validate_response(op: Operation, response: ConnexionResponse) -> None:
    """Check the response against the operation's definition for its status.

    :raises NonConformingResponseHeaders: when a required header is missing.
    :raises NonConformingResponseBody: when the body does not match the schema.
    """
    definition = op.response_for(response.status_code)
    if definition is None:
        return
    if definition.required_headers:
        present = {name.lower() for name in response.headers}
        missing = [h for h in definition.required_headers if h.lower() not in present]
        if missing:
            raise NonConformingResponseHeaders(
                "Keys in response header don't match response specification: " + ", ".join(missing)
            )
    validator = definition.validators.get(response.mimetype or "")
    if validator is None and len(definition.validators) == 1 and not definition.media_types:
        validator = next(iter(definition.validators.values()))
    if validator is None or not is_json_media_type(response.mimetype):
        return
    try:
        data = json.loads(response.body) if response.body else None
    except ValueError:
        raise NonConformingResponseBody("Response body is not valid JSON") from None
    found = validator.errors(data)
    if found:
        problem = NonConformingResponseBody(
            "; ".join((f"{e.path}: " if e.path else "") + e.message for e in found)
        )
        problem.ext = {
            "errors": [{"in": "response", "path": e.path, "message": e.message} for e in found]
        }
        raise problem


def request_pipeline(
    op: Operation, request: ConnexionRequest, settings: PipelineSettings
) -> Generator[Call, Any, Any]:
    """Serve ``request`` with ``op``; yields effects, returns the response.

    The return value is a serialised :class:`ConnexionResponse`, or the framework response
    the handler returned. Exceptions other than :class:`ProblemException` propagate to the
    backend's error handlers.
    """
    try:
        yield from check_security(op, request)
        kwargs = bind_arguments(op, request)
        result = yield Call(op.function, (), kwargs, op.is_async)
        if settings.is_framework_response(result):
            return result
        response = build_response(
            result,
            media_types_for=op.media_types_for,
            accept=request.headers.get("Accept"),
            jsonifier=settings.jsonifier,
        )
        if op.validate_responses:
            validate_response(op, response)
        return response
    except ProblemException as exc:
        return serialize(exc.to_problem(), settings.jsonifier)
