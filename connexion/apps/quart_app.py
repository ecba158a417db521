"""QuartApp: connexion on Quart (ASGI), served by hypercorn or uvicorn."""

from __future__ import annotations

import functools
from typing import Any

import quart
import werkzeug.exceptions

from connexion.apis.flask_utils import register_blueprint
from connexion.apis.quart_api import QuartApi, problem_for_exception, to_framework_response
from connexion.apps.abstract import AbstractApp
from connexion.core.request import ConnexionResponse
from connexion.core.response import serialize


class QuartApp(AbstractApp):
    """connexion on Quart.

    :param import_name: the application module's name (``__name__``).
    :param kwargs: the options of :class:`~connexion.apps.abstract.AbstractApp`.
    """

    default_server = "hypercorn"

    def __init__(self, import_name: str, **kwargs: Any) -> None:
        super().__init__(import_name, QuartApi, **kwargs)

    def create_app(self) -> quart.Quart:
        return quart.Quart(self.import_name, **self.server_args)

    def get_root_path(self) -> str:
        return str(self.app.root_path)

    def set_errors_handlers(self) -> None:
        self.app.register_error_handler(
            werkzeug.exceptions.HTTPException, self.common_error_handler
        )
        self.app.register_error_handler(Exception, self.common_error_handler)

    async def common_error_handler(self, exception: BaseException) -> Any:
        """Answer any error as problem+json; unexpected ones are logged, never shown."""
        return to_framework_response(problem_for_exception(exception))

    def register_api(self, api: QuartApi) -> None:
        register_blueprint(self.app, api.blueprint)

    def add_url_rule(
        self, rule: str, endpoint: str | None = None, view_func: Any = None, **options: Any
    ) -> Any:
        """Add a plain Quart route (see :meth:`quart.Quart.add_url_rule`)."""
        return self.app.add_url_rule(rule, endpoint, view_func, **options)

    def add_error_handler(self, code_or_exception: Any, function: Any) -> None:
        """Register a Quart error handler for a status code or an exception class.

        The handler may be ``async``, and may return a Quart response or a
        :class:`~connexion.lifecycle.ConnexionResponse` such as :func:`connexion.problem`.
        """

        @functools.wraps(function)
        async def handler(exception: BaseException) -> Any:
            result = function(exception)
            if hasattr(result, "__await__"):
                result = await result
            if isinstance(result, ConnexionResponse):
                return to_framework_response(serialize(result, QuartApi.jsonifier))
            return result

        self.app.register_error_handler(code_or_exception, handler)

    def test_client(self, **kwargs: Any) -> Any:
        """A synchronous test client (see :class:`connexion.testing.TestClient`)."""
        from connexion.testing import QuartTestClient

        return QuartTestClient(self.app, **kwargs)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        """ASGI entry point: serve through the Quart app."""
        await self.app(scope, receive, send)

    def run(
        self,
        port: int | None = None,
        server: str | None = None,
        debug: bool | None = None,
        host: str | None = None,
        extra_files: Any = None,
        **options: Any,
    ) -> None:
        """Serve the app.

        :param server: ``hypercorn`` (the default) or ``uvicorn``.
        :param options: passed to the server's configuration.
        """
        port, server, debug, host = self._run_settings(port, server, debug, host)
        if server == "hypercorn":
            try:
                import asyncio

                import hypercorn.asyncio
                import hypercorn.config
            except ImportError:
                raise RuntimeError(
                    "The hypercorn server needs hypercorn: pip install hypercorn"
                ) from None
            config = hypercorn.config.Config()
            config.bind = [f"{host}:{port}"]
            for key, value in options.items():
                setattr(config, key, value)
            asyncio.run(hypercorn.asyncio.serve(self, config))
        elif server == "uvicorn":
            try:
                import uvicorn
            except ImportError:
                raise RuntimeError(
                    "The uvicorn server needs uvicorn: pip install uvicorn"
                ) from None
            uvicorn.run(self, host=host, port=port, **options)
        else:
            raise ValueError(f"Unknown server {server!r}: use 'hypercorn' or 'uvicorn'")
