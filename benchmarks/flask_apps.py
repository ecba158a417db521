"""The Flask apps of the benchmark: connexion's FlaskApp and the same routes in bare Flask.

Serve with gunicorn, one worker (see README.rst)::

    gunicorn -w 1 -k sync -b 127.0.0.1:8000 benchmarks.flask_apps:connexion_app
    gunicorn -w 1 -k sync -b 127.0.0.1:8000 benchmarks.flask_apps:bare
"""

from __future__ import annotations

import pathlib
from typing import Any

import flask

import connexion
from benchmarks.handlers import order_summary

HERE = pathlib.Path(__file__).parent

connexion_app = connexion.FlaskApp(__name__, specification_dir=HERE)
connexion_app.add_api("openapi.yaml")

bare = flask.Flask(__name__)


@bare.get("/items/<item_id>")
def get_item(item_id: str) -> Any:
    item_id_int = int(item_id)
    return {"id": item_id_int, "name": f"item {item_id_int}"}


@bare.get("/items")
def search_items() -> Any:
    args = flask.request.args
    return {
        "limit": int(args.get("limit", 20)),
        "active": args.get("active", "false") == "true",
        "tags": args.getlist("tags"),
    }


@bare.post("/orders")
def create_order() -> Any:
    order = flask.request.get_json()
    return order_summary(order), 201
