"""connexion: a spec-first web framework on Flask, aiohttp or Quart.

Write the OpenAPI document first, then plain Python functions; connexion routes, parses,
validates and answers errors as the document says.
"""

from __future__ import annotations

import importlib
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


# The backends are imported on first use, so that a process imports only the framework it
# runs on (a gevent worker never loads asyncio, aiohttp or Quart on connexion's account).
_BACKENDS = {
    "FlaskApp": ("connexion.apps.flask_app", "FlaskApp"),
    "FlaskApi": ("connexion.apis.flask_api", "FlaskApi"),
    "App": ("connexion.apps.flask_app", "FlaskApp"),
    "Api": ("connexion.apis.flask_api", "FlaskApi"),
    "AioHttpApp": ("connexion.apps.aiohttp_app", "AioHttpApp"),
    "AioHttpApi": ("connexion.apis.aiohttp_api", "AioHttpApi"),
    "QuartApp": ("connexion.apps.quart_app", "QuartApp"),
    "QuartApi": ("connexion.apis.quart_api", "QuartApi"),
}


def __getattr__(name: str) -> Any:
    if name not in _BACKENDS:
        raise AttributeError(f"module 'connexion' has no attribute {name!r}")
    module_name, attribute = _BACKENDS[name]
    try:
        value = getattr(importlib.import_module(module_name), attribute)
    except ImportError as exc:  # the backend's framework is an optional extra
        value = not_installed_error(exc)
    globals()[name] = value
    return value


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
