"""The Quart adapter: spec routes on a Quart Blueprint, Quart request <-> neutral request."""

from __future__ import annotations

from typing import Any

import quart

from connexion.apis import abstract
from connexion.apis.abstract import CATCH_ALL_ID, CATCH_ALL_METHODS, AbstractAPI
from connexion.apis.console import SiteHandler, SiteRequest
from connexion.apis.flask_utils import (
    blueprint_name,
    blueprint_rule,
    describe_http_exception,
    flaskify_endpoint,
)
from connexion.context import context, register_framework_request
from connexion.core.operation import FORM_MEDIA_TYPES, Operation
from connexion.core.pipeline import request_pipeline
from connexion.core.request import ConnexionRequest, ConnexionResponse, MultiDict
from connexion.datastructures import UploadedFile
from connexion.drivers import run_async

__all__ = ["QuartApi", "context"]


def _quart_request() -> Any:
    if quart.has_request_context():
        return quart.request._get_current_object()  # type: ignore[attr-defined]
    return None


register_framework_request(_quart_request)


class QuartApi(AbstractAPI):
    """A specification served by Quart; its routes live on :attr:`blueprint`."""

    def init_framework(self) -> None:
        # The app renames the blueprint if another API already uses this name.
        self.blueprint = quart.Blueprint(
            blueprint_name(self.base_path), __name__, url_prefix=self.base_path or None
        )
        self.sync_in_thread = self.options.sync_handlers_in_thread

    def add_operation(self, operation: Operation) -> None:
        rule, endpoint, renamed = blueprint_rule(operation)
        self.blueprint.add_url_rule(
            rule, endpoint, self._view(operation, renamed), methods=[operation.method.upper()]
        )

    def _view(self, operation: Operation, renamed: dict[str, str]) -> Any:
        settings = self.settings
        reads_body = operation.body is not None
        sync_in_thread = self.sync_in_thread

        async def view(**path_params: str) -> Any:
            if renamed:
                path_params = {renamed.get(k, k): v for k, v in path_params.items()}
            request = await to_neutral_request(path_params, reads_body)
            result = await run_async(
                request_pipeline(operation, request, settings), request, sync_in_thread
            )
            return await without_head_body(to_framework_response(result), request.method)

        view.__name__ = flaskify_endpoint(operation.operation_id or view.__name__)
        return view

    def add_catch_all(self, operation: Operation) -> None:
        self.blueprint.add_url_rule(
            "/<path:path>",
            flaskify_endpoint(CATCH_ALL_ID),
            self._view(operation, {}),
            methods=list(CATCH_ALL_METHODS),
        )

    def add_site_route(
        self, path: str, name: str, handler: SiteHandler, tail: bool = False
    ) -> None:
        async def view(tail: str = "") -> Any:
            request = quart.request
            site = SiteRequest(request.method, request.root_path, request.headers, tail)
            return await without_head_body(to_framework_response(handler(site)), request.method)

        view.site_route = True  # type: ignore[attr-defined]  # not a spec operation
        rule = path + "<path:tail>" if tail else path
        self.blueprint.add_url_rule(rule, name, view, methods=["GET"])

    def is_framework_response(self, value: Any) -> bool:
        return isinstance(value, quart.Response)


async def to_neutral_request(
    path_params: dict[str, str], reads_body: bool = True
) -> ConnexionRequest:
    """The neutral request for the Quart request being served, with the body read.

    :param path_params: the values the route matched.
    :param reads_body: whether the operation has a body to read.
    """
    request = quart.request._get_current_object()  # type: ignore[attr-defined]
    form = files = body = None
    if reads_body:
        if request.mimetype in FORM_MEDIA_TYPES:
            form = await request.form
            uploads = await request.files
            files = MultiDict(
                (name, _uploaded(name, upload)) for name, upload in uploads.items(multi=True)
            )
        else:
            body = await request.get_data()
    return ConnexionRequest(
        url=None,
        method=request.method,
        path_params=path_params,
        query=request.args,
        headers=request.headers,
        form=form,
        body=body,
        files=files,
        framework_request=request,
    )


def _uploaded(name: str, upload: Any) -> UploadedFile:
    return UploadedFile(
        upload.stream,
        filename=upload.filename,
        name=name,
        content_type=upload.content_type,
        headers=upload.headers,
    )


def to_framework_response(result: Any) -> Any:
    """A Quart response for what the pipeline returned."""
    if not isinstance(result, ConnexionResponse):
        return result
    response = quart.Response(
        result.body, status=result.status_code, content_type=result.content_type
    )
    for key, value in result.headers.items():
        if isinstance(value, (list, tuple)):
            for item in value:
                response.headers.add(key, item)
        else:
            response.headers[key] = value
    return response


async def without_head_body(response: Any, method: str) -> Any:
    """The answer to a HEAD request keeps its Content-Length and loses its body (Quart does
    not strip it, as werkzeug does)."""
    if method == "HEAD" and isinstance(response, quart.Response):
        length = len(await response.get_data())
        response.set_data(b"")
        response.headers["Content-Length"] = str(length)
    return response


def problem_for_exception(exception: BaseException) -> ConnexionResponse:
    """The problem response for any exception (no traceback ever reaches the body)."""
    return abstract.problem_for_exception(exception, describe_http_exception, QuartApi.jsonifier)
