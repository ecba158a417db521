"""The Quart apps of the benchmark: connexion's QuartApp and the same routes in bare Quart.

Serve with uvicorn or hypercorn, one worker (see README.rst)::

    uvicorn --host 127.0.0.1 --port 8000 --no-access-log benchmarks.quart_apps:connexion_inline
    hypercorn -b 127.0.0.1:8000 -w 1 benchmarks.quart_apps:bare

``connexion_inline`` runs the ``def`` handlers on the event loop
(``options={"sync_handlers": "inline"}``), ``connexion_thread`` in connexion's thread pool
(the default).
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import quart

import connexion
from benchmarks.handlers import order_summary

HERE = pathlib.Path(__file__).parent


def make_connexion(sync_handlers: str) -> connexion.QuartApp:
    """A QuartApp with ``def`` handlers run ``inline`` or in a ``thread``."""
    app = connexion.QuartApp(__name__, specification_dir=HERE)
    app.add_api("openapi.yaml", options={"sync_handlers": sync_handlers})
    return app


connexion_inline = make_connexion("inline")
connexion_thread = make_connexion("thread")

bare = quart.Quart(__name__)


@bare.get("/items/<item_id>")
async def get_item(item_id: str) -> Any:
    item_id_int = int(item_id)
    return {"id": item_id_int, "name": f"item {item_id_int}"}


@bare.get("/items")
async def search_items() -> Any:
    args = quart.request.args
    return {
        "limit": int(args.get("limit", 20)),
        "active": args.get("active", "false") == "true",
        "tags": args.getlist("tags"),
    }


@bare.post("/orders")
async def create_order() -> Any:
    order = json.loads(await quart.request.get_data())
    return order_summary(order), 201
