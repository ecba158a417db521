"""The Flask adapter: spec routes on a Blueprint, Flask request <-> neutral request."""

from __future__ import annotations

import json
from typing import Any

import flask
from werkzeug.wrappers import Response as WerkzeugResponse

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
from connexion.core.request import ConnexionRequest, ConnexionResponse
from connexion.drivers import run_sync
from connexion.jsonifier import Jsonifier

__all__ = ["FlaskApi", "context"]


def _flask_request() -> Any:
    if flask.has_request_context():
        return flask.request._get_current_object()  # type: ignore[attr-defined]
    return None


register_framework_request(_flask_request)


class FlaskJsonifier(Jsonifier):
    """JSON that honours ``app.json_encoder`` when a user sets it (as generated servers do)."""

    def dumps(self, data: Any, **kwargs: Any) -> str:
        try:
            encoder = getattr(flask.current_app, "json_encoder", None)
        except RuntimeError:  # outside an app context
            encoder = None
        if encoder is not None:
            return json.dumps(data, cls=encoder, **kwargs) + "\n"
        return super().dumps(data, **kwargs)


class FlaskApi(AbstractAPI):
    """A specification served by Flask; its routes live on :attr:`blueprint`."""

    jsonifier = FlaskJsonifier()
    allow_async_handlers = False

    def init_framework(self) -> None:
        # The app renames the blueprint if another API already uses this name.
        self.blueprint = flask.Blueprint(
            blueprint_name(self.base_path), __name__, url_prefix=self.base_path or None
        )

    def add_operation(self, operation: Operation) -> None:
        rule, endpoint, renamed = blueprint_rule(operation)
        self.blueprint.add_url_rule(
            rule, endpoint, self._view(operation, renamed), methods=[operation.method.upper()]
        )

    def _view(self, operation: Operation, renamed: dict[str, str]) -> Any:
        settings = self.settings
        reads_body = operation.body is not None

        def view(**path_params: str) -> Any:
            if renamed:
                path_params = {renamed.get(k, k): v for k, v in path_params.items()}
            request = to_neutral_request(path_params, reads_body)
            result = run_sync(request_pipeline(operation, request, settings), request)
            return to_framework_response(result)

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
        def view(tail: str = "") -> Any:
            request = flask.request
            site = SiteRequest(request.method, request.script_root, request.headers, tail)
            return to_framework_response(handler(site))

        view.site_route = True  # type: ignore[attr-defined]  # not a spec operation
        rule = path + "<path:tail>" if tail else path
        self.blueprint.add_url_rule(rule, name, view, methods=["GET"])

    def is_framework_response(self, value: Any) -> bool:
        return isinstance(value, WerkzeugResponse)


def to_neutral_request(path_params: dict[str, str], reads_body: bool = True) -> ConnexionRequest:
    """The neutral request for the Flask request being served.

    :param path_params: the values the route matched.
    :param reads_body: whether the operation has a body to read (GETs usually do not).
    """
    request = flask.request._get_current_object()  # type: ignore[attr-defined]
    form = files = body = None
    if reads_body:
        if request.mimetype in FORM_MEDIA_TYPES:
            form, files = request.form, request.files
        else:
            body = request.get_data()
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


def to_framework_response(result: Any) -> Any:
    """A Flask response for what the pipeline returned."""
    if isinstance(result, ConnexionResponse):
        response = flask.Response(
            result.body, status=result.status_code, content_type=result.content_type
        )
        if result.headers:
            for key, value in result.headers.items():
                if isinstance(value, (list, tuple)):
                    for item in value:
                        response.headers.add(key, item)
                else:
                    response.headers[key] = value
        return response
    return result


def problem_for_exception(exception: BaseException) -> ConnexionResponse:
    """The problem response for any exception (no traceback ever reaches the body)."""
    return abstract.problem_for_exception(exception, describe_http_exception, FlaskApi.jsonifier)
