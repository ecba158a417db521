"""Handlers of the async_handlers fixtures (tests/behaviour/test_async_handlers.py).

``openapi.yaml`` / ``swagger.yaml`` name the ``async def`` handlers (and one plain ``def`` one
beside them); ``sync_openapi.yaml`` / ``sync_swagger.yaml`` name only plain ``def`` handlers,
so that every backend, Flask included, can serve them. The async handlers really await
something, so they would fail if they were called without an event loop.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from http import HTTPStatus

import connexion
from connexion import NoContent, ProblemException, problem
from connexion.lifecycle import ConnexionResponse

# --- async handlers: arguments and return forms ------------------------------------------------


async def greet(name, greeting, times=1):
    await asyncio.sleep(0)
    return {"message": " ".join([f"{greeting} {name}"] * times)}


async def create_item(item_id, body):
    await asyncio.sleep(0)
    return {"id": item_id, **body}, 201, {"Location": f"/async/items/{item_id}"}


def _framework_response():
    framework_request = connexion.request.framework_request
    if type(framework_request).__module__.startswith("aiohttp"):
        from aiohttp import web

        return web.Response(
            text="made by the framework", status=203, headers={"X-Framework": "aiohttp"}
        )
    import quart

    return quart.Response(
        "made by the framework",
        status=203,
        mimetype="text/plain",
        headers={"X-Framework": "quart"},
    )


async def return_form(form):
    await asyncio.sleep(0)
    body = {"form": form}
    forms = {
        "body": lambda: body,
        "one_tuple": lambda: (body,),
        "body_status": lambda: (body, 201),
        "body_headers": lambda: (body, {"X-Form": form}),
        "body_status_headers": lambda: (body, 201, {"X-Form": form}),
        "http_status": lambda: (body, HTTPStatus.ACCEPTED),
        "no_content": lambda: NoContent,
        "no_content_status": lambda: (NoContent, 202),
        "problem": lambda: problem(418, "I'm a teapot", "Short and stout", ext={"form": form}),
        "connexion_response": lambda: ConnexionResponse(
            status_code=202, mimetype="application/json", body=body, headers={"X-Form": form}
        ),
        "text_response": lambda: ConnexionResponse(
            status_code=200, content_type="text/plain; charset=utf-8", body="plain words"
        ),
        "framework_response": _framework_response,
    }
    return forms[form]()


async def raise_problem():
    await asyncio.sleep(0)
    raise ProblemException(409, "Conflict", "Item 1 already exists", ext={"item": 1})


async def raise_error():
    await asyncio.sleep(0)
    raise RuntimeError("a secret the answer must not show")


# --- connexion.request and connexion.context ---------------------------------------------------

#: How many ``echo`` requests were in their handler at once (reset by the tests).
ACTIVE = 0
MAX_ACTIVE = 0
_LOCK = threading.Lock()


def _enter():
    global ACTIVE, MAX_ACTIVE
    with _LOCK:
        ACTIVE += 1
        MAX_ACTIVE = max(MAX_ACTIVE, ACTIVE)


def _leave():
    global ACTIVE
    with _LOCK:
        ACTIVE -= 1


def _describe(item_id, q, body, context_before_wait):
    request = connexion.request
    return {
        "method": request.method,
        "path": request.path,
        "path_params": dict(request.path_params),
        "args": {name: request.args.getlist(name) for name in request.args},
        "header": request.headers.get("X-Test"),
        "cookie": request.cookies.get("flavour"),
        "json": request.json,
        "context": dict(connexion.context),
        "context_is_request_context": connexion.context._get_current_object() is request.context,
        "item_id": item_id,
        "q": q,
        "args_q": request.args.get("q"),
        "context_q": connexion.context.get("q"),
        "context_before_wait": context_before_wait,
        "body": body,
    }


async def echo(item_id, q=None, body=None):
    connexion.context["q"] = connexion.request.args.get("q")
    before = dict(connexion.context)
    _enter()
    try:
        # Other requests run on the loop meanwhile; each must still see its own request.
        await asyncio.sleep(0.05)
    finally:
        _leave()
    return _describe(item_id, q, body, before)


def echo_sync(item_id, q=None, body=None):
    connexion.context["q"] = connexion.request.args.get("q")
    before = dict(connexion.context)
    _enter()
    try:
        # Other threads run meanwhile (unless the handler runs inline on an event loop).
        time.sleep(0.02)
    finally:
        _leave()
    return _describe(item_id, q, body, before)


# operationIds are unique, so the POST operations name these aliases.
echo_body = echo
echo_body_sync = echo_sync


# --- where handlers run ------------------------------------------------------------------------


def _where():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        loop_running = False
    else:
        loop_running = True
    return {"thread": threading.get_ident(), "loop_running": loop_running}


async def where_async():
    await asyncio.sleep(0)
    return _where()


def where_sync():
    return {**_where(), "q": connexion.request.args.get("q")}


def framework_request():
    """Which framework's request ``connexion.request`` wraps, and that framework's own proxy."""
    framework = type(connexion.request.framework_request).__module__.split(".")[0]
    own_path = None
    if framework == "flask":
        import flask

        own_path = flask.request.path
    elif framework == "quart":
        import quart

        own_path = quart.request.path
    return {"framework": framework, "own_request_path": own_path}


#: ``slow`` sets SLOW_STARTED when it starts, then waits for RELEASE (or ``seconds``).
SLOW_STARTED = threading.Event()
RELEASE = threading.Event()
SLOW_RUNNING = False


def reset_slow():
    global SLOW_RUNNING
    SLOW_STARTED.clear()
    RELEASE.clear()
    SLOW_RUNNING = False


def slow(seconds):
    global SLOW_RUNNING
    SLOW_RUNNING = True
    SLOW_STARTED.set()
    try:
        RELEASE.wait(seconds)  # blocks its thread, as a blocking database call would
    finally:
        SLOW_RUNNING = False
    return {"slept": True}


def fast():
    return {"slow_running": SLOW_RUNNING}


# --- kinds of callables ------------------------------------------------------------------------


async def _tagged(kind, name="you"):
    await asyncio.sleep(0)
    return {"kind": kind, "name": name}


def _tagged_sync(kind, name="you"):
    return {"kind": kind, "name": name}


async_partial = functools.partial(functools.partial(_tagged, "partial"), name="partial")
sync_partial = functools.partial(functools.partial(_tagged_sync, "partial"), name="partial")


class AsyncCallable:
    async def __call__(self):
        return await _tagged("callable object")


class SyncCallable:
    def __call__(self):
        return _tagged_sync("callable object")


class AsyncGreeter:
    def __init__(self, kind):
        self.kind = kind

    async def greet(self, name):
        return await _tagged(self.kind, name)

    @classmethod
    async def describe(cls):
        return await _tagged(f"classmethod of {cls.__name__}")


class SyncGreeter:
    def __init__(self, kind):
        self.kind = kind

    def greet(self, name):
        return _tagged_sync(self.kind, name)

    @classmethod
    def describe(cls):
        return _tagged_sync(f"classmethod of {cls.__name__}")


async_callable = AsyncCallable()
sync_callable = SyncCallable()
async_greeter = AsyncGreeter("bound method")
sync_greeter = SyncGreeter("bound method")
