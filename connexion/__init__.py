"""connexion: a spec-first web framework on Flask, aiohttp or Quart.

Write the OpenAPI document first, then plain Python functions; connexion routes, parses,
validates and answers errors as the document says.
"""

from __future__ import annotations

import sys
from typing import Any

from connexion.apis.abstract import AbstractAPI
from connexion.apps.abstract import AbstractApp
from connexion.context import context, request
from connexion.core.problem import problem
from connexion.core.resolver import Resolution, Resolver, RestyResolver
from connexion.core.response import NoContent
from connexion.exceptions import ProblemException

__version__ = "3.0.0.dev0"


def not_installed_error(exc: ImportError) -> Any:
    """Build a stand-in for a class whose backend is not installed; using it raises ``exc``."""

    def raise_error(*args: Any, **kwargs: Any) -> Any:
        raise exc

    return type(
        "NotInstalled",
        (),
        {"__init__": raise_error, "__new__": lambda cls, *a, **k: raise_error()},
    )


try:
    from connexion.apis.flask_api import FlaskApi
    from connexion.apps.flask_app import FlaskApp
except ImportError as exc:  # Flask is an optional extra
    FlaskApi = FlaskApp = not_installed_error(exc)  # type: ignore[misc]

try:
    from connexion.apis.aiohttp_api import AioHttpApi
    from connexion.apps.aiohttp_app import AioHttpApp
except ImportError as exc:  # aiohttp is an optional extra
    AioHttpApi = AioHttpApp = not_installed_error(exc)  # type: ignore[misc]

try:
    from connexion.apis.quart_api import QuartApi
    from connexion.apps.quart_app import QuartApp
except ImportError as exc:  # Quart is an optional extra
    QuartApi = QuartApp = not_installed_error(exc)  # type: ignore[misc]

App = FlaskApp
Api = FlaskApi

from connexion.operations import compat as _operation_compat  # noqa: E402

sys.modules.setdefault("connexion.operation", _operation_compat)

__all__ = [
    "AbstractAPI",
    "AbstractApp",
    "AioHttpApi",
    "AioHttpApp",
    "Api",
    "App",
    "FlaskApi",
    "FlaskApp",
    "NoContent",
    "ProblemException",
    "QuartApi",
    "QuartApp",
    "Resolution",
    "Resolver",
    "RestyResolver",
    "__version__",
    "context",
    "not_installed_error",
    "problem",
    "request",
]
