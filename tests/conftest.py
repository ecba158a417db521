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
    "flask": connexion.FlaskApp,
}
SPEC_VERSIONS = ("swagger", "openapi")


@pytest.fixture(params=sorted(APP_CLASSES))
def backend(request: pytest.FixtureRequest) -> str:
    """The name of a backend; every behavioural test runs once per backend."""
    return str(request.param)


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

    connexion registers one route per operation, so this has one entry per operation.
    """
    if isinstance(app, connexion.FlaskApp):
        return [
            (rule.endpoint, rule.rule)
            for rule in app.app.url_map.iter_rules()
            if rule.endpoint != "static"
            and not rule.endpoint.endswith(("openapi_json", "openapi_yaml"))
        ]
    raise NotImplementedError(type(app).__name__)
