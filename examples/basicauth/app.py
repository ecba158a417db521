"""HTTP basic authentication: ``x-basicInfoFunc`` checks the user name and password.

The backend is chosen by ONE line, ``APP_CLASS`` below (or on the command line:
``python examples/basicauth/app.py [flask|aiohttp|quart] [--port 8080]``).
"""

from __future__ import annotations

import argparse
import hmac
import pathlib
from typing import Any

import connexion

# The one line that picks the backend; nothing else changes, neither here nor in the spec.
APP_CLASS = connexion.FlaskApp
# APP_CLASS = connexion.AioHttpApp
# APP_CLASS = connexion.QuartApp

# An example only: a real application keeps password hashes (hashlib.scrypt, argon2, ...).
PASSWORDS = {"admin": "secret", "foo": "bar"}


def basic_auth(username: str, password: str) -> dict[str, Any] | None:
    """The scheme's ``x-basicInfoFunc``: token info for good credentials, ``None`` otherwise.

    ``None`` makes connexion answer 401 with ``WWW-Authenticate: Basic``; ``sub`` becomes the
    handler's ``user`` argument.
    """
    expected = PASSWORDS.get(username)
    # compare_digest takes the same time wherever the strings differ.
    if expected is not None and hmac.compare_digest(expected.encode(), password.encode()):
        return {"sub": username}
    return None


def get_secret(user: str) -> str:
    """``GET /secret``: ``user`` is the ``sub`` the callback returned."""
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
