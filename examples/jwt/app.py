"""JWT bearer tokens: ``x-bearerInfoFunc`` verifies the token and returns its claims.

The backend is chosen by ONE line, ``APP_CLASS`` below (or on the command line:
``python examples/jwt/app.py [flask|aiohttp|quart] [--port 8080]``).

The JWTs are HS256 tokens made and checked by the few lines under "HS256 JWT" with the
standard library (hmac, hashlib, base64), to keep the example free of dependencies. They are
an example only: a real application uses a maintained JWT library (PyJWT, joserfc, ...),
which also checks the claims this one ignores and supports key rotation.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import pathlib
import time
from typing import Any

import connexion

# The one line that picks the backend; nothing else changes, neither here nor in the spec.
APP_CLASS = connexion.FlaskApp
# APP_CLASS = connexion.AioHttpApp
# APP_CLASS = connexion.QuartApp

JWT_ISSUER = "com.example.connexion"
# Set JWT_SECRET in the environment: the default is only good for trying the example.
JWT_SECRET = os.environ.get("JWT_SECRET", "change-this-example-secret").encode()
JWT_LIFETIME_SECONDS = 600


# --- HS256 JWT (an example only, see the module docstring) -------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    # validate=True refuses characters outside the alphabet instead of skipping them.
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _sign(signing_input: str, secret: bytes) -> bytes:
    return hmac.new(secret, signing_input.encode("ascii"), hashlib.sha256).digest()


def encode_jwt(claims: dict[str, Any], secret: bytes) -> str:
    """An HS256 JWT carrying ``claims``."""
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}"
    return f"{signing_input}.{_b64url(_sign(signing_input, secret))}"


def decode_jwt(token: str, secret: bytes, now: float | None = None) -> dict[str, Any] | None:
    """The claims of an HS256 JWT signed with ``secret`` and not expired, else ``None``."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    header_b64, payload_b64, signature_b64 = parts
    try:
        signature = _b64url_decode(signature_b64)
        header = json.loads(_b64url_decode(header_b64))
        claims = json.loads(_b64url_decode(payload_b64))
    except (binascii.Error, ValueError):
        return None
    # Check the signature first, in constant time, and accept HS256 only ("alg": "none" is
    # the classic attack on code that trusts the header).
    expected = _sign(f"{header_b64}.{payload_b64}", secret)
    if not hmac.compare_digest(signature, expected):
        return None
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        return None
    if not isinstance(claims, dict):
        return None
    expires = claims.get("exp")
    if not isinstance(expires, (int, float)) or expires <= (time.time() if now is None else now):
        return None
    return claims


# --- the callback and the handlers ------------------------------------------------------------


def decode_token(token: str) -> dict[str, Any] | None:
    """The scheme's ``x-bearerInfoFunc``: the claims of a valid token, ``None`` otherwise.

    ``None`` makes connexion answer 401 with ``WWW-Authenticate: Bearer``; the ``sub`` claim
    becomes the handler's ``user`` argument and the claims its ``token_info``.
    """
    claims = decode_jwt(token, JWT_SECRET)
    if claims is None or claims.get("iss") != JWT_ISSUER:
        return None
    return claims


def generate_token(user_id: int) -> str:
    """``GET /auth/{user_id}``: a token for ``user_id`` (a real app would check a password)."""
    now = int(time.time())
    claims = {
        "iss": JWT_ISSUER,
        "iat": now,
        "exp": now + JWT_LIFETIME_SECONDS,
        "sub": str(user_id),
    }
    return encode_jwt(claims, JWT_SECRET)


def get_secret(user: str, token_info: dict[str, Any]) -> str:
    """``GET /secret``: ``user`` is the token's ``sub``, ``token_info`` all its claims."""
    return (
        f"You are user_id {user} and the secret is 'wbevuec'. Decoded token claims: {token_info}"
    )


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
