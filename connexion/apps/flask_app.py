"""FlaskApp: connexion on Flask (WSGI), served by Flask's server, gevent or any WSGI server."""

from __future__ import annotations

import functools
from typing import Any

import flask
import werkzeug.exceptions
from werkzeug.routing import BaseConverter

from connexion.apis.flask_api import FlaskApi, problem_for_exception, to_framework_response
from connexion.apis.flask_utils import register_blueprint
from connexion.apps.abstract import AbstractApp
from connexion.core.request import ConnexionResponse
from connexion.core.response import serialize
from connexion.jsonifier import JSONEncoder


class FlaskJSONEncoder(JSONEncoder):
    """JSON encoder for datetime, date, Decimal and UUID (subclassed by generated servers)."""


class NumberConverter(BaseConverter):
    """Flask converter for numbers (``<float:x>`` that also accepts integers and signs)."""

    regex = r"[+-]?[0-9]*(\.[0-9]*)?"

    def to_python(self, value: str) -> float:
        return float(value)


class IntegerConverter(BaseConverter):
    """Flask converter for signed integers."""

    regex = r"[+-]?[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value)


class FlaskApp(AbstractApp):
    """connexion on Flask.

    :param import_name: the application module's name (``__name__``).
    :param server: the default server of :meth:`run`: ``flask`` or ``gevent``.
    :param extra_files: files the reloader watches in debug mode.
    :param kwargs: the options of :class:`~connexion.apps.abstract.AbstractApp`.
    """

    default_server = "flask"

    def __init__(
        self,
        import_name: str,
        server: str = "flask",
        extra_files: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.extra_files = extra_files or []
        super().__init__(import_name, FlaskApi, server=server, **kwargs)

    def create_app(self) -> flask.Flask:
        app = flask.Flask(self.import_name, **self.server_args)
        app.url_map.converters["float"] = NumberConverter
        app.url_map.converters["int"] = IntegerConverter
        return app

    def get_root_path(self) -> str:
        return str(self.app.root_path)

    def set_errors_handlers(self) -> None:
        self.app.register_error_handler(
            werkzeug.exceptions.HTTPException, self.common_error_handler
        )
        self.app.register_error_handler(Exception, self.common_error_handler)

    def common_error_handler(self, exception: BaseException) -> Any:
        """Answer any error as problem+json; unexpected ones are logged, never shown."""
        return to_framework_response(problem_for_exception(exception))

    def register_api(self, api: FlaskApi) -> None:
        register_blueprint(self.app, api.blueprint)

    def add_url_rule(
        self, rule: str, endpoint: str | None = None, view_func: Any = None, **options: Any
    ) -> Any:
        """Add a plain Flask route (see :meth:`flask.Flask.add_url_rule`)."""
        return self.app.add_url_rule(rule, endpoint, view_func, **options)

    def add_error_handler(self, code_or_exception: Any, function: Any) -> None:
        """Register a Flask error handler for a status code or an exception class.

        The handler may return anything a Flask view may, or a
        :class:`~connexion.lifecycle.ConnexionResponse` such as :func:`connexion.problem`.
        """

        @functools.wraps(function)
        def handler(exception: BaseException) -> Any:
            result = function(exception)
            if isinstance(result, ConnexionResponse):
                return to_framework_response(serialize(result, FlaskApi.jsonifier))
            return result

        self.app.register_error_handler(code_or_exception, handler)

    def test_client(self, **kwargs: Any) -> Any:
        """A synchronous test client (see :class:`connexion.testing.TestClient`)."""
        from connexion.testing import FlaskTestClient

        return FlaskTestClient(self.app, **kwargs)

    def __call__(self, environ: Any, start_response: Any) -> Any:
        """WSGI entry point: serve through the Flask app."""
        return self.app(environ, start_response)

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

        :param server: ``flask`` (Flask's development server), ``gevent``
            (``gevent.pywsgi.WSGIServer``) or ``tornado``.
        """
        port, server, debug, host = self._run_settings(port, server, debug, host)
        if server == "flask":
            self.app.run(
                host,
                port=port,
                debug=debug,
                extra_files=extra_files or self.extra_files or None,
                **options,
            )
        elif server == "gevent":
            try:
                import gevent.pywsgi
            except ImportError:
                raise RuntimeError(
                    "The gevent server needs gevent: pip install 'connexion[gevent]'"
                ) from None
            gevent.pywsgi.WSGIServer((host, port), self, **options).serve_forever()
        elif server == "tornado":
            try:
                import tornado.httpserver
                import tornado.ioloop
                import tornado.wsgi
            except ImportError:
                raise RuntimeError(
                    "The tornado server needs tornado: pip install tornado"
                ) from None
            container = tornado.wsgi.WSGIContainer(self)
            http_server = tornado.httpserver.HTTPServer(container, **options)
            http_server.listen(port, address=host)
            tornado.ioloop.IOLoop.instance().start()
        else:
            raise ValueError(f"Unknown server {server!r}: use 'flask', 'gevent' or 'tornado'")
