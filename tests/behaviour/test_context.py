"""connexion.request and connexion.context: in handlers, per thread, per greenlet, and unbound."""

from __future__ import annotations

import json
import os
import pathlib
import select
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import connexion
import tests.fakeapi.context as handlers
from tests.conftest import build_app

REPO = pathlib.Path(__file__).resolve().parents[2]
HANDLERS = "tests.fakeapi.context"


def context_spec(spec_version: str) -> dict[str, Any]:
    """The spec of the context handlers, in Swagger 2.0 or OpenAPI 3.0."""
    swagger = spec_version == "swagger"

    def path_param(name: str) -> dict[str, Any]:
        if swagger:
            return {"name": name, "in": "path", "required": True, "type": "integer"}
        return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}

    def operation(handler: str, *parameters: dict[str, Any], body: bool = False) -> Any:
        op: dict[str, Any] = {"operationId": f"{HANDLERS}.{handler}"}
        if swagger:
            op["responses"] = {"200": {"description": "ok", "schema": {"type": "object"}}}
            if body:
                parameters += ({"name": "body", "in": "body", "schema": {"type": "object"}},)
        else:
            op["responses"] = {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            }
            if body:
                op["requestBody"] = {
                    "content": {"application/json": {"schema": {"type": "object"}}}
                }
        if parameters:
            op["parameters"] = list(parameters)
        return op

    paths = {
        "/echo/{item_id}": {
            "get": operation("echo", path_param("item_id")),
            "post": operation("echo_body", path_param("item_id"), body=True),
        },
        "/context": {"get": operation("use_context")},
        "/missing-attribute": {"get": operation("missing_attribute")},
        "/concurrent/{n}": {"get": operation("concurrent", path_param("n"))},
        "/slow/{n}": {"get": operation("slow", path_param("n"))},
        "/stats": {"get": operation("stats")},
    }
    info = {"title": "Context", "version": "1.0"}
    if swagger:
        return {
            "swagger": "2.0",
            "info": info,
            "basePath": "/ctx",
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "paths": paths,
        }
    return {"openapi": "3.0.3", "info": info, "servers": [{"url": "/ctx"}], "paths": paths}


@pytest.fixture
def app(backend, spec_version):
    return build_app(backend, context_spec(spec_version))


# --- in a handler --------------------------------------------------------------------------------


def test_request_attributes_in_a_handler(app):
    client = app.test_client()
    response = client.post(
        "/ctx/echo/5?q=a&q=b&single=1",
        json={"hello": ["world"]},
        headers={"X-Test": "header value", "Cookie": "flavour=vanilla"},
    )
    assert response.status_code == 200
    seen = response.json()
    assert seen["method"] == "POST"
    assert seen["path"] == "/ctx/echo/5"
    assert seen["url"].endswith("/ctx/echo/5?q=a&q=b&single=1")
    assert seen["path_params"] == {"item_id": "5"}
    assert seen["args"] == {"q": ["a", "b"], "single": ["1"]}
    assert seen["header"] == "header value"
    assert seen["cookie"] == "vanilla"
    assert seen["json"] == {"hello": ["world"]}
    assert seen["context"] == {}
    assert seen["item_id"] == 5
    assert seen["body"] == {"hello": ["world"]}


def test_request_without_a_body(app):
    seen = app.test_client().get("/ctx/echo/7").json()
    assert seen["method"] == "GET"
    assert seen["json"] is None
    assert seen["args"] == {}
    assert seen["header"] is None


def test_context_is_the_request_context(app):
    response = app.test_client().get("/ctx/context")
    assert response.status_code == 200
    assert response.json() == {
        "via_request": "by the handler",
        "same_dict": True,
        "context_arg_is_it": False,
        "contains": True,
    }


def test_context_passed_as_an_argument(backend, spec_version):
    app = build_app(backend, context_spec(spec_version), pass_context_arg_name="ctx")
    assert app.test_client().get("/ctx/context").json()["context_arg_is_it"] is True


def test_attribute_nobody_has_raises_attribute_error(app):
    assert app.test_client().get("/ctx/missing-attribute").json() == {"raised": "AttributeError"}


def test_context_does_not_leak_between_requests(app):
    client = app.test_client()
    assert client.get("/ctx/context").status_code == 200
    assert client.get("/ctx/echo/1").json()["context"] == {}


# --- outside a request ---------------------------------------------------------------------------


def test_outside_a_request_the_proxies_raise_runtime_error(app):
    # Also after a request has been served on this very thread.
    assert app.test_client().get("/ctx/echo/1").status_code == 200
    with pytest.raises(RuntimeError, match="outside"):
        connexion.request.method  # noqa: B018
    with pytest.raises(RuntimeError, match="outside"):
        connexion.request.remote_addr  # noqa: B018
    with pytest.raises(RuntimeError, match="outside"):
        connexion.context["user"]  # noqa: B018
    with pytest.raises(RuntimeError):
        connexion.context["user"] = "nobody"
    assert not connexion.request
    assert not connexion.context


# --- per thread ----------------------------------------------------------------------------------


def test_each_thread_sees_its_own_request(app):
    workers = 8
    handlers.BARRIER = threading.Barrier(workers)
    try:

        def call(n: int) -> Any:
            client = app.test_client()
            return client.get(
                f"/ctx/concurrent/{n}", query_string={"n": str(n)}, headers={"X-N": str(n)}
            )

        with ThreadPoolExecutor(max_workers=workers) as pool:
            responses = list(pool.map(call, range(workers)))
    finally:
        handlers.BARRIER = None
    for n, response in enumerate(responses):
        assert response.status_code == 200, response.text
        assert response.json() == {
            "path_n": n,
            "query_n": str(n),
            "header_n": str(n),
            "context_n": str(n),
            "query_before_wait": str(n),
        }


# --- per greenlet / per task ---------------------------------------------------------------------

# One concurrent server per backend; each prints its port, then serves until terminated.
# Flask runs on gevent (one greenlet per request); aiohttp and Quart on their event loop (one
# task per request, the sync handler in a worker thread). gevent monkey-patches only the
# subprocess, never the pytest process.
CONCURRENT_SERVERS = {
    "aiohttp": """
import json
import socket
import sys

from aiohttp import web

import connexion

app = connexion.AioHttpApp(__name__)
app.add_api(json.loads(sys.argv[1]))
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(128)  # connections wait in the backlog until the server accepts them
print(sock.getsockname()[1], flush=True)
web.run_app(app.app, sock=sock, print=None, access_log=None)
""",
    "quart": """
import json
import socket
import sys

import uvicorn

import connexion

app = connexion.QuartApp(__name__)
app.add_api(json.loads(sys.argv[1]))
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(128)  # connections wait in the backlog until the server accepts them
print(sock.getsockname()[1], flush=True)
uvicorn.run(app, fd=sock.fileno(), log_level="warning")
""",
    "flask": """
from gevent import monkey

monkey.patch_all()

import json
import sys

from gevent.pywsgi import WSGIServer

import connexion

app = connexion.FlaskApp(__name__)
app.add_api(json.loads(sys.argv[1]))
server = WSGIServer(("127.0.0.1", 0), app, log=None)
server.start()
print(server.server_port, flush=True)
server.serve_forever()
""",
}


def read_port(process: subprocess.Popen[str], timeout: float) -> int:
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise AssertionError("the server did not report its port in time")
    line = process.stdout.readline()  # type: ignore[union-attr]
    if not line.strip():
        raise AssertionError(f"the server exited: {process.communicate(timeout=5)[1]}")
    return int(line)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=15) as response:
        return response.status, json.loads(response.read())


def test_each_concurrent_request_sees_its_own_request(backend, spec_version, tmp_path):
    script = tmp_path / "serve.py"
    script.write_text(CONCURRENT_SERVERS[backend])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, str(script), json.dumps(context_spec(spec_version))],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = read_port(process, timeout=30)
        base = f"http://127.0.0.1:{port}/ctx"
        workers = 8

        def call(n: int) -> tuple[int, Any]:
            return fetch(f"{base}/slow/{n}?n={n}", headers={"X-N": str(n)})

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(call, range(workers)))
        elapsed = time.monotonic() - started

        for n, (status, body) in enumerate(results):
            assert status == 200
            assert body == {
                "path_n": n,
                "query_n": str(n),
                "header_n": str(n),
                "context_n": str(n),
            }
        status, stats = fetch(f"{base}/stats")
        assert status == 200
        # The slow requests really were served at the same time, by one process.
        assert stats["max_active"] > 1
        assert elapsed < workers * 0.4
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate(timeout=10)
