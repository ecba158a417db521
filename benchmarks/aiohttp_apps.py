"""The aiohttp apps of the benchmark: connexion's AioHttpApp and the same routes in bare aiohttp.

Run one with ``web.run_app`` (one process, no access log)::

    python -m benchmarks.aiohttp_apps {bare,inline,thread} PORT

``inline`` runs connexion's ``def`` handlers on the event loop
(``options={"sync_handlers": "inline"}``), ``thread`` in its thread pool (the default).
"""

from __future__ import annotations

import json
import pathlib
import sys

from aiohttp import web

import connexion
from benchmarks.handlers import order_summary

HERE = pathlib.Path(__file__).parent


def make_connexion(sync_handlers: str) -> web.Application:
    """The AioHttpApp's aiohttp app; its ``def`` handlers run ``inline`` or in a thread."""
    app = connexion.AioHttpApp(__name__, specification_dir=HERE)
    app.add_api("openapi.yaml", options={"sync_handlers": sync_handlers})
    return app.app


async def get_item(request: web.Request) -> web.Response:
    item_id = int(request.match_info["item_id"])
    return web.json_response({"id": item_id, "name": f"item {item_id}"})


async def search_items(request: web.Request) -> web.Response:
    query = request.query
    return web.json_response(
        {
            "limit": int(query.get("limit", 20)),
            "active": query.get("active", "false") == "true",
            "tags": query.getall("tags", []),
        }
    )


async def create_order(request: web.Request) -> web.Response:
    order = json.loads(await request.read())
    return web.json_response(order_summary(order), status=201)


def make_bare() -> web.Application:
    """The same three routes in bare aiohttp, without validation."""
    app = web.Application()
    app.router.add_get("/items/{item_id}", get_item)
    app.router.add_get("/items", search_items)
    app.router.add_post("/orders", create_order)
    return app


def make(variant: str) -> web.Application:
    """The app for ``variant``: ``bare``, ``inline`` or ``thread``."""
    if variant == "bare":
        return make_bare()
    return make_connexion(variant)


if __name__ == "__main__":
    variant, port = sys.argv[1], int(sys.argv[2])
    web.run_app(make(variant), host="127.0.0.1", port=port, access_log=None, print=None)
