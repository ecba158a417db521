"""OAuth2 bearer tokens with scopes: ``x-tokenInfoFunc`` says who a token is and what it may do.

The backend is chosen by ONE line, ``APP_CLASS`` below (or on the command line:
``python examples/oauth2/app.py [flask|aiohttp|quart] [--port 8080]``).

Here the token info comes from a local function; with ``x-tokenInfoUrl`` (or the
``TOKENINFO_URL`` environment variable) connexion asks an authorization server instead.
"""

from __future__ import annotations

import argparse
import pathlib
import threading
from typing import Any

import connexion
from connexion import NoContent

# The one line that picks the backend; nothing else changes, neither here nor in the spec.
APP_CLASS = connexion.FlaskApp
# APP_CLASS = connexion.AioHttpApp
# APP_CLASS = connexion.QuartApp

# What an authorization server would say about each token it issued. ``scope`` may be a
# space-separated string or a list; ``uid`` may stand for ``sub``.
TOKENS: dict[str, dict[str, Any]] = {
    "123": {"uid": "jdoe", "scope": ["read"]},
    "456": {"sub": "rms", "scope": "read write"},
    "789": {"sub": "guest", "scope": ""},
}

SECRET = {"text": "wbevuec"}
_lock = threading.Lock()  # handlers run in worker threads on aiohttp and Quart


def token_info(access_token: str) -> dict[str, Any] | None:
    """The scheme's ``x-tokenInfoFunc``: the token's info, or ``None`` for an unknown token.

    ``None`` is a 401. connexion then checks the operation's scopes against ``scope``: a
    token without them is a 403 that names the missing scopes.
    """
    return TOKENS.get(access_token)


def get_secret(user: str) -> str:
    """``GET /secret`` (scope ``read``): ``user`` is the token's ``sub`` (or ``uid``)."""
    with _lock:
        return f"You are {user} and the secret is '{SECRET['text']}'"


def put_secret(secret: str, user: str) -> tuple[Any, int]:
    """``PUT /secret`` (scopes ``read`` and ``write``): the text body is the new secret."""
    with _lock:
        SECRET["text"] = secret
    return NoContent, 204


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
