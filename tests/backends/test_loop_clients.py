"""A test client garbage collected in the middle of another client's request lets it finish.

The clients of the async backends share one background event loop: a client collected on that
loop's own thread must not make it wait for itself."""

from __future__ import annotations

import gc
import threading
from typing import Any

import pytest

from connexion import testing
from tests.conftest import build_app

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "gc", "version": "1"},
    "paths": {
        "/collect": {
            "get": {
                "operationId": "tests.backends.test_loop_clients.collect",
                "responses": {"200": {"description": "collected"}},
            }
        }
    },
}


def collect() -> dict[str, Any]:
    # Run inline, so on the async backends on the clients' loop thread: whatever garbage there
    # is gets finalized right here.
    gc.collect()
    return {"thread": threading.current_thread().name}


INLINE = {"options": {"sync_handlers": "inline"}}


def test_a_client_collected_during_a_request_does_not_block_it(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Seconds of waiting instead of two minutes, should the loop wait for itself again.
    monkeypatch.setattr(testing, "_TIMEOUT", 5.0)
    gc.disable()
    try:
        garbage = build_app(backend, SPEC, app_options=INLINE)
        client = garbage.test_client()
        assert client.get("/collect").status_code == 200
        garbage.cycle = garbage  # only the collector can free it, and it runs in the handler
        del garbage, client
        app = build_app(backend, SPEC, app_options=INLINE)
        answer = app.test_client().get("/collect")
    finally:
        gc.enable()

    assert answer.status_code == 200
    if backend != "flask":  # Flask's client calls the app in the calling thread
        assert answer.json() == {"thread": "connexion-test-clients"}
    # The collected client's server was closed in the background: the loop still serves.
    assert app.test_client().get("/collect").status_code == 200
