"""The part of an App that is the same on every backend: settings, add_api, run defaults."""

from __future__ import annotations

import importlib.util
import logging
import os
import pathlib
import sys
from collections.abc import Mapping
from typing import Any

from connexion.apis.abstract import AbstractAPI
from connexion.options import ConnexionOptions

logger = logging.getLogger(__name__)


class AbstractApp:
    """The application users construct; a backend subclass wraps its framework's app.

    :param import_name: the name of the application module (``__name__``).
    :param api_cls: the API class of the backend.
    :param port: default port of :meth:`run` (5000).
    :param specification_dir: the folder spec paths are relative to (relative to the app's
        root folder).
    :param host: default host of :meth:`run` (``0.0.0.0``).
    :param server: default server of :meth:`run`.
    :param server_args: keyword arguments for the framework's app constructor.
    :param arguments: values rendered into every spec with Jinja2.
    :param auth_all_paths: check credentials before answering 404 / 405.
    :param debug: debug mode.
    :param resolver: the default resolver of every API.
    :param options: the default options of every API.
    :param skip_error_handlers: do not install connexion's problem+json error handlers.
    """

    default_server = "flask"

    def __init__(
        self,
        import_name: str,
        api_cls: type[AbstractAPI],
        port: int | None = None,
        specification_dir: str | os.PathLike[str] = "",
        host: str | None = None,
        server: str | None = None,
        server_args: Mapping[str, Any] | None = None,
        arguments: Mapping[str, Any] | None = None,
        auth_all_paths: bool = False,
        debug: bool | None = None,
        resolver: Any = None,
        options: Mapping[str, Any] | None = None,
        skip_error_handlers: bool = False,
    ) -> None:
        self.import_name = import_name
        self.api_cls = api_cls
        self.port = port
        self.host = host
        self.server = server or self.default_server
        self.server_args = dict(server_args or {})
        self.arguments = dict(arguments or {})
        self.auth_all_paths = auth_all_paths
        self.debug = debug
        self.resolver = resolver
        self.options = ConnexionOptions(options)
        self.apis: list[AbstractAPI] = []
        self.app = self.create_app()
        self.root_path = pathlib.Path(self.get_root_path())
        specification_dir = pathlib.Path(specification_dir)
        if not specification_dir.is_absolute():
            specification_dir = self.root_path / specification_dir
        self.specification_dir = specification_dir
        if not skip_error_handlers:
            self.set_errors_handlers()

    def add_api(
        self,
        specification: str | os.PathLike[str] | Mapping[str, Any],
        base_path: str | None = None,
        arguments: Mapping[str, Any] | None = None,
        auth_all_paths: bool | None = None,
        validate_responses: bool = False,
        strict_validation: bool = False,
        resolver: Any = None,
        resolver_error: int | None = None,
        pythonic_params: bool = False,
        pass_context_arg_name: str | None = None,
        options: Mapping[str, Any] | None = None,
        validator_map: Mapping[str, Any] | None = None,
    ) -> Any:
        """Serve a specification; return its API object.

        :param specification: a path (relative to ``specification_dir``) or a dict.
        :param base_path: overrides the spec's base path.
        :param arguments: values rendered into the spec (merged over the app's).
        :param auth_all_paths: check credentials before answering 404 / 405.
        :param validate_responses: check every response against the spec.
        :param strict_validation: reject parameters the spec does not define.
        :param resolver: finds handlers (a callable is wrapped in ``Resolver``).
        :param resolver_error: answer unresolvable operations with this status.
        :param pythonic_params: camelCase parameters become snake_case arguments.
        :param pass_context_arg_name: pass the request context under this argument name.
        :param options: options merged over the app's.
        :param validator_map: replaces the ``body``, ``parameter`` or ``response`` validators.
        """
        if isinstance(specification, (str, os.PathLike)):
            path = pathlib.Path(specification)
            if not path.is_absolute():
                path = self.specification_dir / path
            specification = path
        api = self.api_cls(
            specification,
            base_path=base_path,
            arguments={**self.arguments, **(arguments or {})},
            validate_responses=validate_responses,
            strict_validation=strict_validation,
            resolver=resolver or self.resolver,
            auth_all_paths=self.auth_all_paths if auth_all_paths is None else auth_all_paths,
            debug=bool(self.debug),
            validator_map=validator_map,
            pythonic_params=pythonic_params,
            pass_context_arg_name=pass_context_arg_name,
            options=self.options.extend(options).as_dict(),
            resolver_error=resolver_error,
            specification_dir=self.specification_dir,
        )
        self.register_api(api)
        self.apis.append(api)
        return api

    # --- what a backend implements --------------------------------------------------------

    def create_app(self) -> Any:
        """Create the framework's application object."""
        raise NotImplementedError

    def get_root_path(self) -> str:
        """The folder of the application module."""
        raise NotImplementedError

    def set_errors_handlers(self) -> None:
        """Install handlers that answer every error as problem+json."""
        raise NotImplementedError

    def register_api(self, api: Any) -> None:
        """Attach the API's routes to the framework's application."""
        raise NotImplementedError

    def add_url_rule(
        self, rule: str, endpoint: str | None = None, view_func: Any = None, **options: Any
    ) -> Any:
        """Add a plain framework route, outside any spec."""
        raise NotImplementedError

    def route(self, rule: str, **options: Any) -> Any:
        """Decorator form of :meth:`add_url_rule`."""

        def decorator(function: Any) -> Any:
            endpoint = options.pop("endpoint", None)
            self.add_url_rule(rule, endpoint, function, **options)
            return function

        return decorator

    def add_error_handler(self, code_or_exception: Any, function: Any) -> None:
        """Answer an exception class or a status code with ``function(exception)``."""
        raise NotImplementedError

    def test_client(self, **kwargs: Any) -> Any:
        """A synchronous test client (see :class:`connexion.testing.TestClient`)."""
        raise NotImplementedError

    def run(
        self,
        port: int | None = None,
        server: str | None = None,
        debug: bool | None = None,
        host: str | None = None,
        extra_files: Any = None,
        **options: Any,
    ) -> None:
        """Serve the app with one of the backend's servers."""
        raise NotImplementedError

    def _run_settings(
        self, port: int | None, server: str | None, debug: bool | None, host: str | None
    ) -> tuple[int, str, bool, str]:
        port = port if port is not None else self.port if self.port is not None else 5000
        server = server or self.server
        debug = self.debug if debug is None else debug
        host = host or self.host or "0.0.0.0"
        logger.info("Listening on %s:%s with the %s server", host, port, server)
        return int(port), server, bool(debug), host


def module_folder(import_name: str) -> str:
    """The folder of the module ``import_name`` (the working directory when it has none)."""
    module = sys.modules.get(import_name)
    filename = getattr(module, "__file__", None)
    if filename is None:
        try:
            spec = importlib.util.find_spec(import_name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if origin and origin not in ("built-in", "frozen"):
            filename = origin
    if filename is None:
        return os.getcwd()
    return os.path.dirname(os.path.abspath(filename))
