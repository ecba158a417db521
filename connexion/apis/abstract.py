"""The part of an API that is the same on every backend.

An API object loads one specification, builds its operations once, and asks its backend
subclass to register one route per operation plus the spec endpoints. Subclasses implement
the few framework-facing methods at the bottom; nothing else.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import pathlib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NoReturn

from connexion.apis.console import ServedSpec, SiteHandler, console_for
from connexion.core.bundle import bundle_document, has_external_refs
from connexion.core.context import request_var
from connexion.core.operation import ApiConfig, Operation, build_operation, build_operations
from connexion.core.pipeline import PipelineSettings
from connexion.core.problem import problem
from connexion.core.request import ConnexionResponse
from connexion.core.resolver import Resolution, Resolver
from connexion.core.response import DEFAULT_JSONIFIER, serialize
from connexion.core.spec import Specification
from connexion.core.validation import JsonSchemaEngine
from connexion.exceptions import ProblemException
from connexion.jsonifier import Jsonifier
from connexion.options import ConnexionOptions
from connexion.security.remote import get_token_info_remote

logger = logging.getLogger(__name__)

#: ``(status, title, detail, headers)`` of a framework's HTTP exception.
HttpError = tuple[int, str, str, Mapping[str, str]]

INTERNAL_ERROR_DETAIL = (
    "The server encountered an internal error and was unable to complete your request."
)


def problem_for_exception(
    exception: BaseException,
    describe_http_exception: Callable[[BaseException], HttpError | None],
    jsonifier: Jsonifier = DEFAULT_JSONIFIER,
) -> ConnexionResponse:
    """The serialised problem response for any exception; a traceback never reaches it.

    :param exception: what was raised.
    :param describe_http_exception: reads the framework's own HTTP exceptions.
    :param jsonifier: serialises the problem.
    """
    if isinstance(exception, ProblemException):
        return serialize(exception.to_problem(), jsonifier)
    described = describe_http_exception(exception)
    if described is not None:
        status, title, detail, headers = described
        return serialize(problem(status, title, detail, headers=headers), jsonifier)
    # Anything else is a bug in the handler: logged with its traceback, never shown.
    logger.error("Unhandled error while serving a request", exc_info=exception)
    return serialize(problem(500, "Internal Server Error", INTERNAL_ERROR_DETAIL), jsonifier)


class AbstractAPI:
    """One specification served under one base path.

    :param specification: a path to the spec (relative to ``specification_dir``) or a dict.
    :param base_path: overrides the spec's base path.
    :param arguments: values rendered into the spec with Jinja2.
    :param validate_responses: check every response against the spec.
    :param strict_validation: reject query and form parameters the spec does not define.
    :param resolver: finds the handler of each operation (a callable is wrapped in
        :class:`~connexion.resolver.Resolver`).
    :param auth_all_paths: check credentials before answering 404 / 405.
    :param debug: debug mode.
    :param resolver_error: answer unresolvable operations with this status instead of failing.
    :param validator_map: replaces the ``body``, ``parameter`` or ``response`` validators.
    :param pythonic_params: pass camelCase parameters as snake_case arguments.
    :param pass_context_arg_name: pass the request context dict under this argument name.
    :param options: the option dict (see :mod:`connexion.options`).
    :param specification_dir: the folder relative spec paths and ``$ref`` files start from.
    """

    jsonifier: Jsonifier = Jsonifier()
    allow_async_handlers = True

    def __init__(
        self,
        specification: str | os.PathLike[str] | Mapping[str, Any],
        base_path: str | None = None,
        arguments: Mapping[str, Any] | None = None,
        validate_responses: bool = False,
        strict_validation: bool = False,
        resolver: Any = None,
        auth_all_paths: bool = False,
        debug: bool = False,
        resolver_error_handler: Any = None,
        validator_map: Mapping[str, Any] | None = None,
        pythonic_params: bool = False,
        pass_context_arg_name: str | None = None,
        options: Mapping[str, Any] | ConnexionOptions | None = None,
        resolver_error: int | None = None,
        specification_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.specification = Specification.load(
            specification if isinstance(specification, Mapping) else _path(specification),
            arguments=dict(arguments) if arguments else None,
            base_dir=specification_dir,
        ).with_base_path(base_path)
        self.base_path = self.specification.base_path
        version = self.specification.version
        if isinstance(options, ConnexionOptions):
            self.options = ConnexionOptions(options.as_dict(), version)
        else:
            self.options = ConnexionOptions(options, version)
        # Read on every backend, so that a bad value fails here even where it has no effect.
        self.sync_handlers_in_thread = self.options.sync_handlers_in_thread
        self.debug = debug
        self.auth_all_paths = auth_all_paths
        self.validate_responses = validate_responses
        self.strict_validation = strict_validation
        self.pythonic_params = pythonic_params
        self.pass_context_arg_name = pass_context_arg_name
        self.resolver_error = resolver_error
        if resolver is None:
            resolver = Resolver()
        elif not isinstance(resolver, Resolver) and callable(resolver):
            resolver = Resolver(resolver)
        self.resolver = resolver
        raw = self.specification.raw
        self.config = ApiConfig(
            version=version,
            resolver=resolver,
            resolver_error=resolver_error,
            strict_validation=strict_validation,
            validate_responses=validate_responses,
            pythonic_params=pythonic_params,
            pass_context_arg_name=pass_context_arg_name,
            uri_parser_class=self.options.uri_parser_class,
            validator_map=dict(validator_map or {}),
            security_schemes=self.specification.security_schemes,
            global_security=tuple(self.specification.security),
            security_fallthrough=bool(self.options.get("security_fallthrough", False)),
            fetch_token_info=get_token_info_remote,
            consumes=tuple(raw.get("consumes") or ("application/json",)),
            produces=tuple(raw.get("produces") or ("application/json",)),
            allow_async_handlers=self.allow_async_handlers,
            engine=JsonSchemaEngine(shared=True),
        )
        self.settings = PipelineSettings(self.jsonifier, self.is_framework_response)
        self.operations: list[Operation] = build_operations(
            self.specification.operations(), self.config
        )
        self.init_framework()
        for operation in self.operations:
            self.add_operation(operation)
        self.served = ServedSpec(self.served_document, version, self.base_path)
        if self.options.openapi_spec_available:
            self.add_openapi_json()
            self.add_openapi_yaml()
        self.console = console_for(
            self.options,
            self.spec_url_path,
            f"{self.base_path}{self.options.openapi_console_ui_path}/",
        )
        if self.console is not None:
            self.add_swagger_ui()
        if self.auth_all_paths:
            self.add_catch_all(self.catch_all_operation())

    # --- served spec --------------------------------------------------------------------

    def served_document(self) -> dict[str, Any]:
        """The spec as written, in one document: references to other files pulled in."""
        raw = self.specification.raw
        if not has_external_refs(raw):
            return raw
        spec = self.specification
        main = spec.file_path or spec.base_dir / "<document>"
        return dict(bundle_document(raw, str(main)))

    def served_spec(self, prefix: str = "") -> dict[str, Any]:
        """The spec as served at ``openapi.json`` / ``swagger.json`` to clients that reach the
        app under the path ``prefix`` (see :class:`~connexion.apis.console.ServedSpec`)."""
        return self.served.for_prefix(prefix)

    def add_openapi_json(self) -> None:
        """Serve the spec as JSON at :attr:`spec_url_path`."""
        self.add_site_route(self.spec_url_path, "openapi_json", self.served.json)

    def add_openapi_yaml(self) -> None:
        """Serve the spec as YAML at :attr:`spec_yaml_url_path`."""
        if self.spec_yaml_url_path != self.spec_url_path:
            self.add_site_route(self.spec_yaml_url_path, "openapi_yaml", self.served.yaml)

    def add_swagger_ui(self) -> None:
        """Serve the Swagger UI console at ``{base}{swagger_url}/``."""
        console = self.console
        assert console is not None
        self.add_site_route(console.ui_path, "swagger_ui_redirect", console.redirect)
        self.add_site_route(console.ui_path + "/", "swagger_ui_index", console.index)
        self.add_site_route(console.ui_path + "/", "swagger_ui_static", console.asset, tail=True)

    @property
    def spec_url_path(self) -> str:
        """The path of the JSON spec, relative to the base path."""
        return self.options.openapi_spec_path

    @property
    def spec_yaml_url_path(self) -> str:
        """The path of the YAML spec, relative to the base path: the JSON path with ``.yaml``
        for ``.json`` (without that suffix, the same path: no YAML twin is served)."""
        path = self.spec_url_path
        return path[: -len(".json")] + ".yaml" if path.endswith(".json") else path

    # --- auth_all_paths ------------------------------------------------------------------

    def catch_all_operation(self) -> Operation:
        """The operation behind the ``auth_all_paths`` route: global security, then 404/405.

        It runs through the same pipeline as the spec's operations, so the spec's global
        security is checked first: a caller without valid credentials gets a 401 and learns
        nothing about which paths or methods exist. Its one parameter, ``path``, is the rest
        of the URL after the base path.
        """
        answer = not_found_or_not_allowed(self.operations)
        config = dataclasses.replace(
            self.config,
            resolver=_FixedResolver(answer),
            resolver_error=None,
            strict_validation=False,
            validate_responses=False,
            pass_context_arg_name=None,
        )
        path_parameter: dict[str, Any] = {"name": "path", "in": "path", "required": True}
        if self.config.version >= (3, 0):
            path_parameter["schema"] = {"type": "string", "format": "path"}
        else:
            path_parameter.update(type="string", format="path")
        definition = {"operationId": CATCH_ALL_ID, "parameters": [path_parameter]}
        return build_operation("/{path}", "get", definition, {}, config)

    # --- what a backend implements --------------------------------------------------------

    def init_framework(self) -> None:
        """Create the framework objects (blueprint, router...) routes are added to."""
        raise NotImplementedError

    def add_operation(self, operation: Operation) -> None:
        """Register one route that runs the pipeline for ``operation``."""
        raise NotImplementedError

    def add_catch_all(self, operation: Operation) -> None:
        """Route every method of every path under the base path that no other route answers
        (``auth_all_paths``) to ``operation``, passing the rest of the path as ``path``."""
        raise NotImplementedError

    def add_site_route(
        self, path: str, name: str, handler: SiteHandler, tail: bool = False
    ) -> None:
        """Answer ``GET`` (and ``HEAD``) of ``{base}{path}`` with ``handler``.

        :param path: the path relative to the base path.
        :param name: the endpoint name (unique within the API).
        :param handler: reads a :class:`~connexion.apis.console.SiteRequest`.
        :param tail: route every path below ``path`` (which ends with ``/``), passing the rest
            as :attr:`SiteRequest.tail`.
        """
        raise NotImplementedError

    def is_framework_response(self, value: Any) -> bool:
        """Whether a handler returned the framework's own response object."""
        return False


#: The operationId of the ``auth_all_paths`` operation (and its endpoint name).
CATCH_ALL_ID = "connexion.auth_all_paths"
#: The methods the ``auth_all_paths`` route answers.
CATCH_ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
NOT_FOUND_DETAIL = (
    "The requested URL was not found on the server. If you entered the URL manually please "
    "check your spelling and try again."
)


class _FixedResolver:
    """Resolves every operation to one function."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function

    def resolve(self, operation: Any) -> Resolution:
        return Resolution(self.function, CATCH_ALL_ID)


def path_pattern(operation: Operation) -> re.Pattern[str]:
    """A regular expression that matches the paths of ``operation``'s path template."""
    slashes = {p.name for p in operation.parameters_in("path") if p.schema.get("format") == "path"}
    pattern = ""
    for static, name in re.findall(r"([^{]*)(?:\{([^}]*)\})?", operation.path):
        pattern += re.escape(static)
        if name:
            pattern += ".+" if name in slashes else "[^/]+"
    return re.compile(pattern or "/")


def not_found_or_not_allowed(operations: Sequence[Operation]) -> Callable[[str], NoReturn]:
    """The handler of the ``auth_all_paths`` operation.

    It raises a 405 problem (with ``Allow``) when the path matches one of ``operations`` but
    the method does not, and a 404 problem otherwise.
    """
    known: dict[str, tuple[re.Pattern[str], set[str]]] = {}
    for operation in operations:
        pattern, methods = known.setdefault(operation.path, (path_pattern(operation), set()))
        methods.add(operation.method.upper())
        if operation.method == "get":
            methods.add("HEAD")

    def answer(path: str) -> NoReturn:
        target = "/" + path
        allowed = set()
        for pattern, methods in known.values():
            if pattern.fullmatch(target):
                allowed |= methods
        if allowed and request_var.get().method not in allowed:
            raise ProblemException(
                405,
                "Method Not Allowed",
                "The method is not allowed for the requested URL.",
                headers={"Allow": ", ".join(sorted(allowed))},
            )
        raise ProblemException(404, "Not Found", NOT_FOUND_DETAIL)

    return answer


def _path(value: str | os.PathLike[str]) -> str | pathlib.Path:
    return value if isinstance(value, str) else pathlib.Path(value)
