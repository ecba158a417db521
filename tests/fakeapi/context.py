"""Handlers that read connexion.request and connexion.context (tests/behaviour/test_context.py).

The concurrency handlers keep their shared state here: ``BARRIER`` makes threads overlap,
``ACTIVE`` / ``MAX_ACTIVE`` count the requests in progress at once.
"""

from __future__ import annotations

import threading
import time

import connexion

#: Set by a test: every ``concurrent`` request waits here until all of them are in.
BARRIER = None

_LOCK = threading.Lock()
ACTIVE = 0
MAX_ACTIVE = 0


def echo(item_id, body=None):
    request = connexion.request
    return {
        "method": request.method,
        "path": request.path,
        "url": request.url,
        "path_params": dict(request.path_params),
        "args": {name: request.args.getlist(name) for name in request.args},
        "header": request.headers.get("x-test"),
        "cookie": request.cookies.get("flavour"),
        "json": request.json,
        "context": dict(request.context),
        "item_id": item_id,
        "body": body,
    }


def echo_body(item_id, body=None):
    return echo(item_id, body)


def use_context(ctx=None):
    connexion.context["seen"] = "by the handler"
    return {
        "via_request": connexion.request.context["seen"],
        "same_dict": connexion.context._get_current_object() is connexion.request.context,
        "context_arg_is_it": ctx is connexion.request.context,
        "contains": "seen" in connexion.context,
    }


def missing_attribute():
    try:
        connexion.request.no_such_attribute_anywhere
    except AttributeError:
        return {"raised": "AttributeError"}
    return {"raised": None}


def concurrent(n):
    mine = connexion.request.args["n"]
    connexion.context["n"] = mine
    BARRIER.wait(timeout=10)
    return {
        "path_n": n,
        "query_n": connexion.request.args["n"],
        "header_n": connexion.request.headers["X-N"],
        "context_n": connexion.context["n"],
        "query_before_wait": mine,
    }


def slow(n):
    global ACTIVE, MAX_ACTIVE
    connexion.context["n"] = connexion.request.args["n"]
    with _LOCK:
        ACTIVE += 1
        MAX_ACTIVE = max(MAX_ACTIVE, ACTIVE)
    try:
        # Under gevent's monkey-patching this yields to the other greenlets.
        time.sleep(0.4)
    finally:
        with _LOCK:
            ACTIVE -= 1
    return {
        "path_n": n,
        "query_n": connexion.request.args["n"],
        "header_n": connexion.request.headers["X-N"],
        "context_n": connexion.context["n"],
    }


def stats():
    return {"max_active": MAX_ACTIVE}


def framework_request():
    import flask

    return {
        "remote_addr": connexion.request.remote_addr,
        "user_agent": connexion.request.user_agent.string,
        "flask_path": flask.request.path,
        "same_object": connexion.request.framework_request is flask.request._get_current_object(),
    }
