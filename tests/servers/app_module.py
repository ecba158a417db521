"""One small API served by every backend, for the real-server tests of tests/servers.

The attributes the servers import (``module:attribute``):

- ``flask_app``: a :class:`connexion.FlaskApp`, a WSGI callable (gunicorn sync and gevent
  workers, ``flask_app.run(server="gevent")``);
- ``aiohttp_app``: the ``aiohttp.web.Application`` of an :class:`connexion.AioHttpApp`, which
  gunicorn's ``aiohttp.GunicornWebWorker`` wants; ``aiohttp_factory`` is the same as an
  ``async def`` factory, the other form that worker accepts; ``aiohttp_connexion_app`` is the
  ``AioHttpApp`` itself (for its ``run()``);
- ``quart_app``: a :class:`connexion.QuartApp`, an ASGI callable (hypercorn, uvicorn).

An app whose framework is not installed is ``None`` (tox's single-backend envs import this
module too).
"""

from __future__ import annotations

import time
from typing import Any

import connexion
from connexion import ProblemException

MODULE = __name__

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Deployment check", "version": "1.0"},
    "servers": [{"url": "/api"}],
    "paths": {
        "/items/{item_id}": {
            "get": {
                "operationId": f"{MODULE}.get_item",
                "parameters": [
                    {
                        "name": "item_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
                "responses": {"200": {"description": "the item"}},
            }
        },
        "/items": {
            "post": {
                "operationId": f"{MODULE}.create_item",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["name", "qty"],
                                "properties": {
                                    "name": {"type": "string", "minLength": 1},
                                    "qty": {"type": "integer", "minimum": 1},
                                },
                                "additionalProperties": False,
                            }
                        }
                    },
                },
                "responses": {"201": {"description": "created"}},
            }
        },
        "/slow": {
            "get": {
                "operationId": f"{MODULE}.slow_echo",
                "parameters": [
                    {"name": "tag", "in": "query", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "X-Tag",
                        "in": "header",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {"200": {"description": "the tag, as seen before and after"}},
            }
        },
    },
}

#: The stock of items: read only, so every worker process answers alike (the app is stateless).
ITEMS = {1: "pen", 2: "ink", 7: "paper"}

#: How long ``slow_echo`` sleeps: ``time.sleep``, which gevent's monkey-patching makes yield.
SLOW_SECONDS = 0.2


def get_item(item_id: int) -> Any:
    if item_id not in ITEMS:
        raise ProblemException(404, "Not Found", f"Item {item_id} does not exist")
    return {"id": item_id, "name": ITEMS[item_id]}


def create_item(body: dict[str, Any]) -> Any:
    return {"id": 100, **body}, 201, {"Location": "/api/items/100"}


def slow_echo(tag: str) -> Any:
    """Echo the request's ``tag`` query value and ``X-Tag`` header, read around a sleep.

    Reading ``connexion.request`` after the sleep shows that each concurrent request (thread,
    task or greenlet) still sees its own request, not the one another request set meanwhile.
    """
    before = (connexion.request.args["tag"], connexion.request.headers["X-Tag"])
    time.sleep(SLOW_SECONDS)
    after = (connexion.request.args["tag"], connexion.request.headers["X-Tag"])
    return {"argument": tag, "before": list(before), "after": list(after)}


def build(app_class: Any) -> Any:
    """An app of ``app_class`` serving :data:`SPEC`, or None if its framework is missing."""
    try:
        app = app_class(MODULE)
    except ImportError:
        return None
    app.add_api(SPEC)
    return app


async def aiohttp_factory() -> Any:
    """The ``async def`` form of ``aiohttp_app`` for gunicorn's aiohttp worker."""
    return build(connexion.AioHttpApp).app


flask_app = build(connexion.FlaskApp)
aiohttp_connexion_app = build(connexion.AioHttpApp)
aiohttp_app = None if aiohttp_connexion_app is None else aiohttp_connexion_app.app
quart_app = build(connexion.QuartApp)
