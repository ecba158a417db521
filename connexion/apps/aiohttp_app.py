"""AioHttpApp: connexion on aiohttp, served by ``web.run_app`` or gunicorn's aiohttp worker."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import web

from connexion.apis.aiohttp_api import (
    AioHttpApi,
    Handler,
    ProblemsMiddleware,
)
from connexion.apps.abstract import AbstractApp, module_folder


def _options_answer(allowed: set[str]) -> Handler:
    names = set(allowed) | {"OPTIONS"} | ({"HEAD"} if "GET" in allowed else set())
    allow = ", ".join(sorted(names))

    async def options(request: web.Request) -> web.StreamResponse:
        return web.Response(status=200, headers={"Allow": allow})

    options.automatic_options = True  # type: ignore[attr-defined]  # not a spec operation
    return options


class AioHttpApp(AbstractApp):
    """connexion on aiohttp.

    :param import_name: the application module's name (``__name__``).
    :param only_one_api: the app serves a single API (kept for connexion 2 compatibility;
        every API's routes go on the app's own router either way).
    :param kwargs: the options of :class:`~connexion.apps.abstract.AbstractApp`; the
        ``middlewares`` option adds aiohttp middlewares after connexion's problem handler.
    """

    default_server = "aiohttp"

    def __init__(self, import_name: str, only_one_api: bool = False, **kwargs: Any) -> None:
        self.only_one_api = only_one_api
        self.error_handlers: dict[Any, Callable[[BaseException], Any]] = {}
        self._test_client: Any = None
        self._test_client_lock = threading.Lock()
        super().__init__(import_name, AioHttpApi, **kwargs)

    def create_app(self) -> web.Application:
        middlewares = list(self.options.get("middlewares") or [])
        # The middleware holds the handler table, not the App: no reference cycle, so an App
        # and its test server are released as soon as they are no longer used.
        self._problems = ProblemsMiddleware(self.error_handlers)
        # server_args go to web.Application (client_max_size, ...), as in connexion 2.
        server_args = dict(self.server_args)
        middlewares += list(server_args.pop("middlewares", None) or [])
        return web.Application(middlewares=[self._problems, *middlewares], **server_args)

    def get_root_path(self) -> str:
        return module_folder(self.import_name)

    def set_errors_handlers(self) -> None:
        self._problems.answer_all = True

    def register_api(self, api: AioHttpApi) -> None:
        methods: dict[str, set[str]] = {}
        for method, path, _ in api.routes:
            methods.setdefault(path, set()).add(method)
        for method, path, handler in api.routes:
            if method == "GET":
                # GET serves HEAD too, unless the spec has a HEAD operation of its own there.
                allow_head = "HEAD" not in methods[path]
                self.app.router.add_get(path, handler, allow_head=allow_head)
            else:
                self.app.router.add_route(method, path, handler)
        # Like Flask and Quart, answer OPTIONS with the allowed methods where the spec has no
        # OPTIONS operation of its own (a CORS preflight, for one).
        for path, allowed in methods.items():
            if "OPTIONS" not in allowed and "*" not in allowed:
                self.app.router.add_route("OPTIONS", path, _options_answer(allowed))

    def add_url_rule(
        self, rule: str, endpoint: str | None = None, view_func: Any = None, **options: Any
    ) -> Any:
        """Add a plain aiohttp route (``rule`` in aiohttp's ``{name}`` syntax)."""
        methods = options.pop("methods", None) or ["GET"]
        for method in methods:
            if method.upper() == "GET":
                self.app.router.add_get(rule, view_func, name=endpoint, **options)
            else:
                self.app.router.add_route(method.upper(), rule, view_func, name=endpoint)

    def add_error_handler(self, code_or_exception: Any, function: Any) -> None:
        """Answer an exception class (and its subclasses) or a status with ``function``.

        ``function(exception)`` may be ``async`` and may return an aiohttp response or a
        :class:`~connexion.lifecycle.ConnexionResponse` such as :func:`connexion.problem`.
        """
        self.error_handlers[code_or_exception] = function

    def test_client(self, **kwargs: Any) -> Any:
        """A synchronous test client (see :class:`connexion.testing.TestClient`).

        An aiohttp application can be started only once, so every call returns the same
        client, which serves calls from several threads at once.
        """
        from connexion.testing import AioHttpTestClient

        with self._test_client_lock:
            if self._test_client is None:
                self._test_client = AioHttpTestClient(self.app, **kwargs)
            return self._test_client

    def run(
        self,
        port: int | None = None,
        server: str | None = None,
        debug: bool | None = None,
        host: str | None = None,
        extra_files: Any = None,
        **options: Any,
    ) -> None:
        """Serve the app with ``aiohttp.web.run_app``.

        :param options: passed to ``run_app``; ``access_log`` (a logger or None) and
            ``use_default_access_log=True`` (log to ``aiohttp.access`` at INFO) are understood.
        """
        port, server, debug, host = self._run_settings(port, server, debug, host)
        if server != "aiohttp":
            raise ValueError(f"Unknown server {server!r}: AioHttpApp runs on 'aiohttp'")
        if options.pop("use_default_access_log", False):
            access_log = logging.getLogger("aiohttp.access")
            access_log.setLevel(logging.INFO)
            options.setdefault("access_log", access_log)
        web.run_app(self.app, host=host, port=port, **options)
