"""A plain ``def`` handler that returns a coroutine (a sync decorator around an async function)."""

from __future__ import annotations

import asyncio
import functools

from tests.conftest import build_app

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Wrapped", "version": "1.0"},
    "paths": {
        "/wrapped": {
            "get": {
                "operationId": "tests.behaviour.test_awaitable_results.wrapped",
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def sync_wrapper(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)  # returns the coroutine, un-awaited

    return wrapper


@sync_wrapper
async def _wrapped():
    await asyncio.sleep(0)
    return {"awaited": True}


def wrapped():
    return _wrapped()


def test_returned_coroutine_is_awaited_or_refused_clearly(backend, caplog):
    client = build_app(backend, SPEC).test_client()
    response = client.get("/wrapped")
    if backend == "flask":
        # A sync backend cannot await it: a 500 problem, and the log says why.
        assert response.status_code == 500
        assert response.headers["Content-Type"] == "application/problem+json"
        assert "returned a coroutine" in caplog.text
    else:
        assert response.status_code == 200
        assert response.json() == {"awaited": True}
