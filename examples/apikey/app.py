"""API keys: ``x-apikeyInfoFunc`` looks the key up, in a header or in the query string.

The backend is chosen by ONE line, ``APP_CLASS`` below (or on the command line:
``python examples/apikey/app.py [flask|aiohttp|quart] [--port 8080]``).
"""

from __future__ import annotations

import argparse
import pathlib
from typing import Any

import connexion

# The one line that picks the backend; nothing else changes, neither here nor in the spec.
APP_CLASS = connexion.FlaskApp
# APP_CLASS = connexion.AioHttpApp
# APP_CLASS = connexion.QuartApp

# Keys and what they stand for. An example only: a real application keeps hashes of its keys.
TOKEN_DB = {"asdf1234567890": {"uid": 100}, "qwerty0987654321": {"uid": 200}}


def apikey_auth(apikey: str, required_scopes: list[str] | None = None) -> dict[str, Any] | None:
    """The schemes' ``x-apikeyInfoFunc``: token info for a known key, ``None`` otherwise.

    A callback that takes ``required_scopes`` receives the requirement's scopes (none here).
    ``uid`` (like ``sub``) becomes the handler's ``user`` argument.
    """
    return TOKEN_DB.get(apikey)


def get_secret(user: int) -> str:
    """``GET /secret``: ``user`` is the key's ``uid``."""
    return f"You are {user} and the secret is 'wbevuec'"


HERE = pathlib.Path(__file__).resolve().parent
BACKENDS = {
    "flask": connexion.FlaskApp,
    "aiohttp": connexion.AioHttpApp,
    "quart": connexion.QuartApp,
}


def create_app(app_class: Any = None) -> Any:
    """The app on ``app_class`` (``APP_CLASS`` unless given), serving ``openapi.yaml``."""
    app = (app_class or APP_CLASS)(__name__, specification_dir=HERE)
    app.add_api("openapi.yaml")
    return app


app = create_app()

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backend", nargs="?", choices=sorted(BACKENDS), help="overrides APP_CLASS")
    parser.add_argument("--port", type=int, default=8080)
    arguments = parser.parse_args()
    if arguments.backend:
        app = create_app(BACKENDS[arguments.backend])
    app.run(port=arguments.port)
