"""Test fixtures: one app factory, parametrized over backends and spec versions.

A behavioural test takes ``backend`` (and ``spec_version`` where the case exists in both
Swagger 2.0 and OpenAPI 3.0) and builds its app with :func:`build_app`. Adding a backend is
one entry in ``APP_CLASSES``.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any

import pytest

import connexion

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
SHARED_SPECS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "specs"

APP_CLASSES: dict[str, Callable[..., Any]] = {
    "aiohttp": connexion.AioHttpApp,
    "flask": connexion.FlaskApp,
    "quart": connexion.QuartApp,
}
SPEC_VERSIONS = ("swagger", "openapi")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backends",
        default=",".join(sorted(APP_CLASSES)),
        help="comma-separated backends to run the behavioural suite on (default: all)",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        chosen = [b.strip() for b in metafunc.config.getoption("backends").split(",") if b]
        unknown = sorted(set(chosen) - set(APP_CLASSES))
        if unknown:
            raise pytest.UsageError(f"unknown backend(s): {', '.join(unknown)}")
        metafunc.parametrize("backend", chosen)


@pytest.fixture(params=SPEC_VERSIONS)
def spec_version(request: pytest.FixtureRequest) -> str:
    """``swagger`` (2.0) or ``openapi`` (3.0): the same case written in both."""
    return str(request.param)


def build_app(
    backend: str,
    spec: str | dict[str, Any],
    *,
    folder: str | pathlib.Path = FIXTURES,
    app_options: dict[str, Any] | None = None,
    **add_api_options: Any,
) -> Any:
    """An app of ``backend`` serving ``spec`` (a file under tests/fixtures, or a dict)."""
    app = APP_CLASSES[backend](__name__, specification_dir=folder, **(app_options or {}))
    app.add_api(spec, **add_api_options)
    return app


@pytest.fixture
def app_factory(backend: str) -> Callable[..., Any]:
    """``app_factory(spec, **add_api_options)`` builds an app of the current backend."""

    def factory(spec: str | dict[str, Any], **options: Any) -> Any:
        return build_app(backend, spec, **options)

    return factory


def operation_routes(app: Any) -> list[tuple[str, str]]:
    """The (endpoint, rule) pairs an app routes to spec operations (spec endpoints excluded).

    connexion registers one route per operation, so this has one entry per operation. The
    routes of the served spec and the console are marked ``site_route`` and left out.
    """
    if isinstance(app, (connexion.FlaskApp, connexion.QuartApp)):
        views = app.app.view_functions
        return [
            (rule.endpoint, rule.rule)
            for rule in app.app.url_map.iter_rules()
            if rule.endpoint != "static" and not getattr(views[rule.endpoint], "site_route", False)
        ]
    if isinstance(app, connexion.AioHttpApp):
        routes = [
            route
            for route in app.app.router.routes()
            if route.resource is not None and not getattr(route.handler, "site_route", False)
        ]
        # aiohttp adds a HEAD route beside each GET route, with the same handler, and
        # connexion an automatic OPTIONS answer where the spec has no OPTIONS operation.
        get_handlers = {route.handler for route in routes if route.method == "GET"}
        return [
            (route.method, route.resource.canonical)
            for route in routes
            if not (route.method == "HEAD" and route.handler in get_handlers)
            and not getattr(route.handler, "automatic_options", False)
        ]
    raise NotImplementedError(type(app).__name__)
