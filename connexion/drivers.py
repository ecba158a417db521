"""The drivers of the request pipeline: the only place where sync and async differ.

:func:`run_sync` runs every effect inline on the current thread or greenlet: no event loop,
no thread pool, so gevent's patched I/O cooperates. :func:`run_async` awaits async callables
and calls sync ones inline.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

from connexion.core.context import request_var
from connexion.core.pipeline import Call
from connexion.core.request import ConnexionRequest


def run_sync(pipeline: Generator[Call, Any, Any], request: ConnexionRequest) -> Any:
    """Run ``pipeline`` to completion, calling each effect inline; return its result."""
    token = request_var.set(request)
    try:
        effect = next(pipeline)
        while True:
            try:
                result = effect.function(*effect.args, **effect.kwargs)
            except Exception as exc:
                effect = pipeline.throw(exc)
            else:
                effect = pipeline.send(result)
    except StopIteration as stop:
        return stop.value
    finally:
        request_var.reset(token)


async def run_async(pipeline: Generator[Call, Any, Any], request: ConnexionRequest) -> Any:
    """Run ``pipeline``, awaiting async effects and calling sync ones inline."""
    token = request_var.set(request)
    try:
        effect = next(pipeline)
        while True:
            try:
                result = effect.function(*effect.args, **effect.kwargs)
                if effect.is_async:
                    result = await result
            except Exception as exc:
                effect = pipeline.throw(exc)
            else:
                effect = pipeline.send(result)
    except StopIteration as stop:
        return stop.value
    finally:
        request_var.reset(token)
