"""The handlers of the benchmark spec (openapi.yaml), shared by the three connexion apps.

Plain ``def`` functions, as a connexion user writes them; each returns the same JSON as the
bare-framework routes in ``flask_apps``, ``aiohttp_apps`` and ``quart_apps``.
"""

from __future__ import annotations

from typing import Any


def get_item(item_id: int) -> dict[str, Any]:
    """GET /items/{item_id}."""
    return {"id": item_id, "name": f"item {item_id}"}


def search_items(
    limit: int = 20, active: bool = False, tags: list[str] | None = None
) -> dict[str, Any]:
    """GET /items?limit=&active=&tags=."""
    return {"limit": limit, "active": active, "tags": tags or []}


def create_order(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """POST /orders with a validated JSON body."""
    return order_summary(body), 201


def order_summary(order: dict[str, Any]) -> dict[str, Any]:
    """The answer to an order: what both the connexion and the bare routes return."""
    return {
        "id": 1,
        "customer_id": order["customer_id"],
        "total": round(order["quantity"] * order["unit_price"], 2),
        "lines": len(order["lines"]),
    }
