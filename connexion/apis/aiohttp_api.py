"""The aiohttp adapter: spec routes for an aiohttp router, aiohttp request <-> neutral request."""

from __future__ import annotations

import inspect
import io
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from connexion.apis import abstract
from connexion.apis.abstract import AbstractAPI, HttpError
from connexion.apis.console import SiteHandler, SiteRequest
from connexion.apis.flask_utils import flask_variable_name
from connexion.context import context
from connexion.core.operation import FORM_MEDIA_TYPES, Operation
from connexion.core.pipeline import request_pipeline
from connexion.core.problem import status_title
from connexion.core.request import ConnexionRequest, ConnexionResponse, MultiDict
from connexion.core.response import serialize
from connexion.datastructures import UploadedFile
from connexion.drivers import run_async
from connexion.exceptions import ProblemException

__all__ = ["AioHttpApi", "context", "problems_middleware"]


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class AioHttpApi(AbstractAPI):
    """A specification served by aiohttp; its routes are in :attr:`routes` until registered."""

    def init_framework(self) -> None:
        self.routes: list[tuple[str, str, Handler]] = []
        self.sync_in_thread = self.options.sync_handlers_in_thread

    def add_operation(self, operation: Operation) -> None:
        renamed: dict[str, str] = {}
        path = operation.path
        for parameter in operation.parameters_in("path"):
            variable = flask_variable_name(parameter.name)
            if variable != parameter.name:
                renamed[variable] = parameter.name
            pattern = ":.+" if parameter.schema.get("format") == "path" else ""
            path = path.replace("{" + parameter.name + "}", "{" + variable + pattern + "}")
        self.routes.append(
            (operation.method.upper(), self.base_path + path, self._view(operation, renamed))
        )

    def _view(self, operation: Operation, renamed: dict[str, str]) -> Handler:
        settings = self.settings
        reads_body = operation.body is not None
        sync_in_thread = self.sync_in_thread

        async def view(request: web.Request) -> web.StreamResponse:
            path_params = dict(request.match_info)
            if renamed:
                path_params = {renamed.get(k, k): v for k, v in path_params.items()}
            neutral = await to_neutral_request(request, path_params, reads_body)
            result = await run_async(
                request_pipeline(operation, neutral, settings), neutral, sync_in_thread
            )
            return to_framework_response(result)

        return view

    def add_catch_all(self, operation: Operation) -> None:
        self.routes.append(("*", self.base_path + "/{path:.+}", self._view(operation, {})))

    def add_site_route(
        self, path: str, name: str, handler: SiteHandler, tail: bool = False
    ) -> None:
        route = self.base_path + (path + "{tail:.+}" if tail else path)

        async def view(request: web.Request) -> web.StreamResponse:
            rest = request.match_info.get("tail", "")
            # Mounted with add_subapp, the app's routes gain the mount prefix in front.
            canonical = request.match_info.route.resource.canonical  # type: ignore[union-attr]
            mount = canonical[: -len(route)] if canonical.endswith(route) else ""
            site = SiteRequest(request.method, mount, request.headers, rest)
            return to_framework_response(handler(site))

        view.site_route = True  # type: ignore[attr-defined]  # not a spec operation
        self.routes.append(("GET", route, view))

    def is_framework_response(self, value: Any) -> bool:
        return isinstance(value, web.StreamResponse)


async def to_neutral_request(
    request: web.Request, path_params: dict[str, str], reads_body: bool = True
) -> ConnexionRequest:
    """The neutral request for an aiohttp request, with the body read.

    :param request: the aiohttp request.
    :param path_params: the values the route matched.
    :param reads_body: whether the operation has a body to read.
    """
    form = files = body = None
    if reads_body:
        if request.content_type in FORM_MEDIA_TYPES:
            fields: list[tuple[str, Any]] = []
            uploads: list[tuple[str, Any]] = []
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    uploads.append((name, _uploaded(value)))
                else:
                    fields.append((name, value))
            form, files = MultiDict(fields), MultiDict(uploads)
        else:
            body = await request.read()
    query = request.query
    return ConnexionRequest(
        url=None,
        method=request.method,
        path_params=path_params,
        query=MultiDict(query.items()) if query else None,
        headers=request.headers,
        form=form,
        body=body,
        files=files,
        framework_request=request,
    )


def _uploaded(field: web.FileField) -> UploadedFile:
    stream = field.file
    if not hasattr(stream, "seek"):
        stream = io.BytesIO(stream.read())
    return UploadedFile(
        stream,
        filename=field.filename,
        name=field.name,
        content_type=field.content_type,
        headers=field.headers,
    )


def to_framework_response(result: Any) -> web.StreamResponse:
    """An aiohttp response for what the pipeline returned."""
    if not isinstance(result, ConnexionResponse):
        return result  # type: ignore[no-any-return]
    response = web.Response(body=result.body, status=result.status_code)
    if result.content_type:
        response.headers["Content-Type"] = result.content_type
    for key, value in result.headers.items():
        if isinstance(value, (list, tuple)):
            for item in value:
                response.headers.add(key, str(item))
        else:
            response.headers[key] = str(value)
    return response


def describe_http_exception(exception: BaseException) -> HttpError | None:
    """Status, title, detail and headers of an aiohttp HTTP exception."""
    if not isinstance(exception, web.HTTPException):
        return None
    status = exception.status
    title = exception.reason or status_title(status)
    # aiohttp's default text is "404: Not Found"; a custom text is a real detail.
    text = exception.text or ""
    detail = title if not text or text.startswith(f"{status}:") else text
    headers = {
        k: v
        for k, v in exception.headers.items()
        if k.lower() not in ("content-type", "content-length")
    }
    return status, title, detail, headers


def problem_for_exception(exception: BaseException) -> ConnexionResponse:
    """The problem response for any exception (no traceback ever reaches the body)."""
    return abstract.problem_for_exception(exception, describe_http_exception, AioHttpApi.jsonifier)


class ProblemsMiddleware:
    """Answers errors: by the handlers of ``add_error_handler``, else as problem+json.

    :param handlers: the app's handler table, by exception class or status code.
    """

    __middleware_version__ = 1

    def __init__(
        self, handlers: dict[Any, Callable[[BaseException], Any]], answer_all: bool = False
    ) -> None:
        self.handlers = handlers
        self.answer_all = answer_all  # True unless skip_error_handlers

    async def __call__(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except Exception as exc:
            if isinstance(exc, web.HTTPException) and exc.status < 400:
                raise
            custom = self.handler_for(exc)
            if custom is not None:
                result = custom(exc)
                if inspect.isawaitable(result):
                    result = await result
                if isinstance(result, ConnexionResponse):
                    result = serialize(result, AioHttpApi.jsonifier)
                return to_framework_response(result)
            if self.answer_all or isinstance(exc, ProblemException):
                return to_framework_response(problem_for_exception(exc))
            raise

    def handler_for(self, exc: BaseException) -> Callable[[BaseException], Any] | None:
        """The registered handler for ``exc``: by class (nearest first), then by status."""
        if not self.handlers:
            return None
        for cls in type(exc).__mro__:
            if cls in self.handlers:
                return self.handlers[cls]
        status = getattr(exc, "status", None)
        return self.handlers.get(status) if isinstance(status, int) else None


#: connexion 2's name: a middleware answering every error as application/problem+json.
problems_middleware = ProblemsMiddleware({}, answer_all=True)
