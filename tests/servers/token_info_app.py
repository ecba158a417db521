"""An API whose secured operation fetches OAuth2 token info over HTTP, on every backend.

Served in a subprocess by tests/servers/test_token_info_concurrency.py. The ``x-tokenInfoUrl``
of its oauth2 scheme comes from the environment variable :data:`URL_VARIABLE`, read when this
module is imported (the test's token-info server picks a free port). ``GET /api/secured``
needs the ``read`` scope and echoes what the handler saw of the token; ``GET /api/public``
needs nothing.

The attributes the servers import: ``flask_app`` (a :class:`connexion.FlaskApp`, for
``run(server="gevent")`` and gunicorn's gevent worker), ``aiohttp_app`` (an
:class:`connexion.AioHttpApp`) and ``quart_app`` (a :class:`connexion.QuartApp`). The async
apps run sync handlers and callbacks inline on the event loop (``sync_handlers: inline``), so
only the token-info fetch's own ``blocking`` flag keeps that fetch off the loop.
"""

from __future__ import annotations

import os
from typing import Any

import connexion

MODULE = __name__
#: The environment variable that holds the token-info URL.
URL_VARIABLE = "CONNEXION_TEST_TOKEN_INFO_URL"
#: Only the async backends understand this option.
ASYNC_OPTIONS = {"sync_handlers": "inline"}


def spec(token_info_url: str) -> dict[str, Any]:
    """The API, with its oauth2 scheme asking ``token_info_url`` about each token."""
    ok = {"200": {"description": "ok"}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Token info concurrency", "version": "1.0"},
        "servers": [{"url": "/api"}],
        "components": {
            "securitySchemes": {
                "oauth": {
                    "type": "oauth2",
                    "x-tokenInfoUrl": token_info_url,
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": "https://auth.example.com/token",
                            "scopes": {"read": "read things"},
                        }
                    },
                }
            }
        },
        "paths": {
            "/secured": {
                "get": {
                    "operationId": f"{MODULE}.whoami",
                    "security": [{"oauth": ["read"]}],
                    "responses": ok,
                }
            },
            "/public": {
                "get": {
                    "operationId": f"{MODULE}.public",
                    "security": [],
                    "responses": ok,
                }
            },
        },
    }


def whoami(user: Any, token_info: Any) -> Any:
    """What this request's handler sees: its arguments and ``connexion.context``."""
    return {
        "user": user,
        "token_info": token_info,
        "context_user": connexion.context.get("user"),
        "authorization": connexion.request.headers.get("Authorization"),
    }


def public() -> Any:
    return {"public": True}


def build(app_class: Any, **add_api_options: Any) -> Any:
    """An app of ``app_class`` serving the API, or None if its framework is missing."""
    try:
        app = app_class(MODULE)
    except ImportError:
        return None
    app.add_api(
        spec(os.environ.get(URL_VARIABLE, "http://127.0.0.1:9/tokeninfo")), **add_api_options
    )
    return app


flask_app = build(connexion.FlaskApp)
aiohttp_app = build(connexion.AioHttpApp, options=ASYNC_OPTIONS)
quart_app = build(connexion.QuartApp, options=ASYNC_OPTIONS)
