"""``async def`` handlers, where plain ``def`` handlers run, and the ``sync_handlers`` option.

aiohttp and Quart await ``async def`` handlers on their event loop; Flask refuses them when the
API is added. Plain ``def`` handlers run on every backend: on Flask inline on the thread (or
greenlet) that serves the request; on aiohttp and Quart in a worker thread by default, or
inline on the event loop with ``options={"sync_handlers": "inline"}``.
"""

from __future__ import annotations

import copy
import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import yaml

import tests.fakeapi.async_handlers as handlers
from connexion.exceptions import ResolverError
from connexion.utils import is_async_callable
from tests.conftest import FIXTURES, build_app

PROBLEM = "application/problem+json"
HANDLERS = "tests.fakeapi.async_handlers"


def async_spec(spec_version: str) -> str:
    return f"async_handlers/{spec_version}.yaml"


def sync_spec(spec_version: str) -> str:
    return f"async_handlers/sync_{spec_version}.yaml"


def assert_refused(error: pytest.ExceptionInfo[ResolverError], method: str, path: str) -> None:
    """The Flask refusal names the operation and says what to do instead."""
    message = str(error.value)
    assert f"{method} {path}" in message
    assert "'async def', which this backend cannot run" in message
    assert "use a plain 'def' handler, or AioHttpApp / QuartApp" in message


def async_app(backend: str, spec_version: str, **add_api_options: Any) -> Any:
    """The app serving the async handlers; None on Flask, after checking that it refuses them.

    Flask cannot await a coroutine, so ``add_api`` fails there, before any request, naming
    the first async operation of the spec. The callers have nothing more to check on Flask.
    """
    if backend == "flask":
        with pytest.raises(ResolverError) as error:
            build_app(backend, async_spec(spec_version), **add_api_options)
        assert "(operationId 'tests.fakeapi.async_handlers." in str(error.value)
        assert "'async def', which this backend cannot run" in str(error.value)
        return None
    return build_app(backend, async_spec(spec_version), **add_api_options)


# --- arguments and return forms ------------------------------------------------------------------


def test_async_handler_gets_path_and_query_arguments(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    client = app.test_client()
    response = client.get("/async/greet/Ada", query_string={"times": "2", "greeting": "Hi"})
    assert response.status_code == 200
    assert response.json() == {"message": "Hi Ada Hi Ada"}
    # The spec's default fills the missing query parameter.
    assert client.get("/async/greet/Ada").json() == {"message": "Hello Ada"}


def test_async_handler_arguments_are_validated_first(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    client = app.test_client()
    response = client.get("/async/greet/Ada", query_string={"times": "9"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["errors"][0]["path"] == "times"
    response = client.post("/async/items/abc", json={"name": "pen"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["in"] == "path"
    response = client.post("/async/items/1", json={"name": "", "qty": 0})
    assert response.status_code == 400
    assert {(e["in"], e["path"]) for e in response.json()["errors"]} == {
        ("body", "/name"),
        ("body", "/qty"),
    }


def test_async_handler_gets_the_body(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = app.test_client().post("/async/items/7", json={"name": "pen", "qty": 3})
    assert response.status_code == 201
    assert response.headers["Location"] == "/async/items/7"
    assert response.json() == {"id": 7, "name": "pen", "qty": 3}


@pytest.mark.parametrize(
    ("form", "status", "header", "body"),
    [
        ("body", 200, None, {"form": "body"}),
        ("one_tuple", 200, None, {"form": "one_tuple"}),
        ("body_status", 201, None, {"form": "body_status"}),
        ("body_headers", 200, "body_headers", {"form": "body_headers"}),
        ("body_status_headers", 201, "body_status_headers", {"form": "body_status_headers"}),
        ("http_status", 202, None, {"form": "http_status"}),
        ("connexion_response", 202, "connexion_response", {"form": "connexion_response"}),
    ],
)
def test_async_handler_json_return_forms(backend, spec_version, form, status, header, body):
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = app.test_client().get(f"/async/forms/{form}")
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers.get("X-Form") == header
    assert response.json() == body


@pytest.mark.parametrize(("form", "status"), [("no_content", 204), ("no_content_status", 202)])
def test_async_handler_returns_no_content(backend, spec_version, form, status):
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = app.test_client().get(f"/async/forms/{form}")
    assert response.status_code == status
    assert response.content == b""


def test_async_handler_returns_a_problem(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = app.test_client().get("/async/forms/problem")
    assert response.status_code == 418
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "I'm a teapot",
        "detail": "Short and stout",
        "status": 418,
        "form": "problem",
    }


def test_async_handler_returns_text(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = app.test_client().get("/async/forms/text_response")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text == "plain words"


def test_async_handler_returns_the_frameworks_response(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    # An aiohttp web.Response on aiohttp, a quart.Response on Quart: sent as it is.
    response = app.test_client().get("/async/forms/framework_response")
    assert response.status_code == 203
    assert response.headers["X-Framework"] == backend
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text == "made by the framework"


# --- errors --------------------------------------------------------------------------------------


def test_async_handler_raising_problem_exception(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = app.test_client().get("/async/problem")
    assert response.status_code == 409
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "Conflict",
        "detail": "Item 1 already exists",
        "status": 409,
        "item": 1,
    }


def test_async_handler_raising_an_error_is_a_bare_500(backend, spec_version, caplog):
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = app.test_client().get("/async/error")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 500
    assert problem["title"] == "Internal Server Error"
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    # The error is logged for the operator, with its traceback.
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is RuntimeError]
    assert logged and "a secret the answer must not show" in str(logged[0].exc_info[1])


# --- whether a callable is async: decided once, at add_api ---------------------------------------

ASYNC_KINDS = {
    # path: (operationId suffix, query string, the answer)
    "/kinds/partial": ("async_partial", None, {"kind": "partial", "name": "partial"}),
    "/kinds/callable-object": ("async_callable", None, {"kind": "callable object", "name": "you"}),
    "/kinds/bound-method": (
        "async_greeter.greet",
        {"name": "Ada"},
        {"kind": "bound method", "name": "Ada"},
    ),
    "/kinds/classmethod": (
        "AsyncGreeter.describe",
        None,
        {"kind": "classmethod of AsyncGreeter", "name": "you"},
    ),
}


async def _coroutine_function() -> None:
    return None


def _plain_function() -> None:
    return None


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (_coroutine_function, True),
        (functools.partial(_coroutine_function), True),
        (handlers.async_partial, True),
        (handlers.async_callable, True),
        (handlers.async_greeter.greet, True),
        (handlers.AsyncGreeter.describe, True),
        (handlers.greet, True),
        (_plain_function, False),
        (functools.partial(_plain_function), False),
        (handlers.sync_partial, False),
        (handlers.sync_callable, False),
        (handlers.sync_greeter.greet, False),
        (handlers.SyncGreeter.describe, False),
        # Calling a class creates an instance, even if its __call__ is async.
        (handlers.AsyncCallable, False),
        (lambda: _coroutine_function(), False),
        (None, False),
    ],
)
def test_is_async_callable(obj, expected):
    assert is_async_callable(obj) is expected


def single_operation_spec(fixture: str, path: str) -> dict[str, Any]:
    """The spec of ``fixture`` (a file under tests/fixtures) reduced to the path ``path``."""
    spec = yaml.safe_load((FIXTURES / fixture).read_text())
    reduced = copy.deepcopy(spec)
    reduced["paths"] = {path: spec["paths"][path]}
    return reduced


@pytest.mark.parametrize("path", sorted(ASYNC_KINDS))
def test_async_kinds_of_callables(backend, spec_version, path):
    suffix, query, answer = ASYNC_KINDS[path]
    spec = single_operation_spec(async_spec(spec_version), path)
    if backend == "flask":
        with pytest.raises(ResolverError) as error:
            build_app(backend, spec)
        assert_refused(error, "GET", path)
        assert f"(operationId '{HANDLERS}.{suffix}')" in str(error.value)
        return
    app = build_app(backend, spec)
    (operation,) = app.apis[0].operations
    assert operation.operation_id == f"{HANDLERS}.{suffix}"
    assert operation.is_async is True
    response = app.test_client().get(f"/async{path}", query_string=query)
    assert response.status_code == 200
    assert response.json() == answer


def test_sync_kinds_of_callables(backend, spec_version):
    app = build_app(backend, sync_spec(spec_version))
    kinds = {op.operation_id: op.is_async for op in app.apis[0].operations}
    assert kinds == {
        f"{HANDLERS}.where_sync": False,
        f"{HANDLERS}.framework_request": False,
        f"{HANDLERS}.slow": False,
        f"{HANDLERS}.fast": False,
        f"{HANDLERS}.echo_sync": False,
        f"{HANDLERS}.echo_body_sync": False,
        f"{HANDLERS}.sync_partial": False,
        f"{HANDLERS}.sync_callable": False,
        f"{HANDLERS}.sync_greeter.greet": False,
        f"{HANDLERS}.SyncGreeter.describe": False,
    }
    client = app.test_client()
    assert client.get("/sync/kinds/partial").json() == {"kind": "partial", "name": "partial"}
    assert client.get("/sync/kinds/callable-object").json()["kind"] == "callable object"
    assert client.get("/sync/kinds/bound-method?name=Bo").json() == {
        "kind": "bound method",
        "name": "Bo",
    }
    assert client.get("/sync/kinds/classmethod").json()["kind"] == "classmethod of SyncGreeter"


def test_async_and_sync_operations_side_by_side(backend, spec_version):
    app = async_app(backend, spec_version)
    if app is None:
        return
    kinds = {op.operation_id: op.is_async for op in app.apis[0].operations}
    assert kinds.pop(f"{HANDLERS}.where_sync") is False
    assert set(kinds.values()) == {True}
    assert len(kinds) == 12


# --- where plain def handlers run ----------------------------------------------------------------


def test_sync_handlers_run_in_a_worker_thread_by_default(backend, spec_version):
    test_thread = threading.get_ident()
    if backend == "flask":
        # Flask has no event loop: a handler runs on the thread that serves the request, and
        # the test client serves it on the calling thread.
        seen = build_app(backend, sync_spec(spec_version)).test_client().get("/sync/where?q=1")
        assert seen.json() == {"thread": test_thread, "loop_running": False, "q": "1"}
        return
    client = async_app(backend, spec_version).test_client()
    loop = client.get("/async/where/async").json()
    worker = client.get("/async/where/sync", query_string={"q": "mine"}).json()
    assert loop["loop_running"] is True
    assert loop["thread"] != test_thread
    assert worker["loop_running"] is False
    assert worker["thread"] not in (loop["thread"], test_thread)
    # The worker thread still sees the request (the context variables go with it).
    assert worker["q"] == "mine"


@pytest.mark.parametrize("level", ["api", "app"])
def test_sync_handlers_inline_on_the_event_loop(backend, spec_version, level):
    options = {"options": {"sync_handlers": "inline"}}
    if level == "app":
        options = {"app_options": options}
    test_thread = threading.get_ident()
    if backend == "flask":
        # Accepted, and nothing changes: Flask always runs handlers inline.
        app = build_app(backend, sync_spec(spec_version), **options)
        seen = app.test_client().get("/sync/where?q=1").json()
        assert seen == {"thread": test_thread, "loop_running": False, "q": "1"}
        return
    client = async_app(backend, spec_version, **options).test_client()
    loop = client.get("/async/where/async").json()
    inline = client.get("/async/where/sync", query_string={"q": "mine"}).json()
    assert inline == {"thread": loop["thread"], "loop_running": True, "q": "mine"}
    assert loop["thread"] != test_thread


def test_api_option_overrides_the_app_option(backend, spec_version):
    app = build_app(
        backend,
        sync_spec(spec_version),
        app_options={"options": {"sync_handlers": "inline"}},
        options={"sync_handlers": "thread"},
    )
    seen = app.test_client().get("/sync/where").json()
    # In a worker thread on the async backends, on the calling thread on Flask.
    assert seen["loop_running"] is False
    assert (seen["thread"] == threading.get_ident()) is (backend == "flask")


@pytest.fixture
def slow_handler():
    handlers.reset_slow()
    yield handlers
    handlers.RELEASE.set()  # never leave a worker blocked
    handlers.reset_slow()


def start_slow(client: Any, pool: ThreadPoolExecutor, seconds: float) -> Any:
    future = pool.submit(client.get, "/sync/slow", query_string={"seconds": str(seconds)})
    assert handlers.SLOW_STARTED.wait(10), "the slow handler did not start"
    return future


def test_a_blocking_sync_handler_does_not_stall_other_requests(
    backend, spec_version, slow_handler
):
    client = build_app(backend, sync_spec(spec_version)).test_client()
    with ThreadPoolExecutor(max_workers=1) as pool:
        slow = start_slow(client, pool, seconds=10)
        started = time.monotonic()
        fast = client.get("/sync/fast")
        elapsed = time.monotonic() - started
        # Answered while the slow handler still blocks its thread.
        assert fast.json() == {"slow_running": True}
        assert elapsed < 5
        handlers.RELEASE.set()
        assert slow.result(timeout=10).json() == {"slept": True}


def test_inline_sync_handlers_block_the_event_loop(backend, spec_version, slow_handler):
    client = build_app(
        backend, sync_spec(spec_version), options={"sync_handlers": "inline"}
    ).test_client()
    with ThreadPoolExecutor(max_workers=1) as pool:
        # On Flask the slow handler waits until released; on the async backends it blocks the
        # loop for 0.3 s, and the fast request is served only after it.
        slow = start_slow(client, pool, seconds=10 if backend == "flask" else 0.3)
        fast = client.get("/sync/fast").json()
        handlers.RELEASE.set()
        assert slow.result(timeout=10).json() == {"slept": True}
    assert fast == {"slow_running": backend == "flask"}


@pytest.mark.parametrize("value", ["threads", "INLINE", "", True, False, 1])
@pytest.mark.parametrize("level", ["api", "app"])
def test_invalid_sync_handlers_value_fails_at_add_api(backend, spec_version, level, value):
    options = {"options": {"sync_handlers": value}}
    if level == "app":
        options = {"app_options": options}
    with pytest.raises(ValueError) as error:
        build_app(backend, sync_spec(spec_version), **options)
    assert str(error.value) == (
        f"Invalid option sync_handlers={value!r}: use 'thread' (the default) or 'inline'"
    )


# --- connexion.request and connexion.context -----------------------------------------------------


def expected_echo(path: str, item_id: int, q: str, body: Any) -> dict[str, Any]:
    return {
        "method": "POST" if body is not None else "GET",
        "path": path,
        "path_params": {"item_id": str(item_id)},
        "args": {"q": [q]},
        "header": f"header {q}",
        "cookie": "vanilla",
        "json": body,
        "context": {"q": q},
        "context_is_request_context": True,
        "item_id": item_id,
        "q": q,
        "args_q": q,
        "context_q": q,
        "context_before_wait": {"q": q},
        "body": body,
    }


def echo(client: Any, base: str, item_id: int, q: str, body: Any = None) -> Any:
    headers = {"X-Test": f"header {q}", "Cookie": "flavour=vanilla"}
    path = f"{base}/echo/{item_id}"
    if body is None:
        return client.get(path, query_string={"q": q}, headers=headers)
    return client.post(path, query_string={"q": q}, headers=headers, json=body)


@pytest.mark.parametrize("body", [None, {"hello": ["world"]}])
def test_request_and_context_are_the_same_in_async_and_sync_handlers(backend, spec_version, body):
    sync_client = build_app(backend, sync_spec(spec_version)).test_client()
    response = echo(sync_client, "/sync", 3, "x", body)
    assert response.status_code == 200
    assert response.json() == expected_echo("/sync/echo/3", 3, "x", body)
    app = async_app(backend, spec_version)
    if app is None:
        return
    response = echo(app.test_client(), "/async", 3, "x", body)
    assert response.status_code == 200
    assert response.json() == expected_echo("/async/echo/3", 3, "x", body)


@pytest.mark.parametrize("handler", ["async", "sync in threads", "sync inline"])
def test_each_concurrent_request_sees_its_own_request(backend, spec_version, handler):
    """20 requests at once, from 20 threads; each handler waits, then echoes its request."""
    if handler == "async":
        app = async_app(backend, spec_version)
        if app is None:
            return
        base = "/async"
    else:
        inline = handler == "sync inline"
        options = {"options": {"sync_handlers": "inline"}} if inline else {}
        app = build_app(backend, sync_spec(spec_version), **options)
        base = "/sync"
    client = app.test_client()
    handlers.MAX_ACTIVE = 0
    count = 20

    def call(n: int) -> Any:
        body = {"n": n} if n % 2 else None
        return n, body, echo(client, base, n, f"q{n}", body)

    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(call, range(count)))
    for n, body, response in results:
        assert response.status_code == 200, response.text
        assert response.json() == expected_echo(f"{base}/echo/{n}", n, f"q{n}", body)
    if handler == "sync inline" and backend != "flask":
        # Inline on the event loop, a blocking handler runs alone: one request at a time.
        assert handlers.MAX_ACTIVE == 1
    else:
        # The requests really were in their handlers at the same time: on one event loop
        # (async), in worker threads, or in the calling threads (Flask's test client).
        assert handlers.MAX_ACTIVE > 1


# --- what differs per backend (the "Backends" section of README.rst) ---------------------------


@pytest.mark.parametrize("sync_handlers", ["thread", "inline"])
def test_the_frameworks_own_request_in_def_handlers(backend, spec_version, sync_handlers):
    app = build_app(backend, sync_spec(spec_version), options={"sync_handlers": sync_handlers})
    seen = app.test_client().get("/sync/framework").json()
    # flask.request / quart.request work in the handler, also in a worker thread; aiohttp has
    # no such proxy, its request is connexion.request.framework_request.
    own = None if backend == "aiohttp" else "/sync/framework"
    assert seen == {"framework": backend, "own_request_path": own}


def test_server_args_reach_the_frameworks_constructor(backend, spec_version):
    server_args = {
        "flask": {"static_url_path": "/files"},
        "aiohttp": {"client_max_size": 4321},
        "quart": {"static_url_path": "/files"},
    }[backend]
    app = build_app(backend, sync_spec(spec_version), app_options={"server_args": server_args})
    client = app.test_client()
    if backend == "aiohttp":
        # aiohttp refuses a body larger than client_max_size.
        response = client.post("/sync/echo/1", json={"text": "x" * 5000})
        assert response.status_code == 413
        assert response.headers["Content-Type"] == PROBLEM
    else:
        assert app.app.static_url_path == "/files"
    assert client.post("/sync/echo/1", json={"text": "x" * 100}).status_code == 200
