"""The drivers of the request pipeline: the only place where sync and async differ.

:func:`run_sync` runs every effect inline on the current thread or greenlet: no event loop,
no thread pool, so gevent's patched I/O cooperates. :func:`run_async` awaits async callables;
sync ones run in a worker thread (so a slow ``def`` handler cannot stall the event loop) or,
when the API asks for it, inline on the loop. asyncio is imported only by the async driver,
so a sync (Flask, gevent) process never loads it on our account.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Generator
from concurrent.futures import ThreadPoolExecutor
from types import CoroutineType
from typing import Any

from connexion.core.context import request_var
from connexion.core.pipeline import Call
from connexion.core.request import ConnexionRequest

#: Where sync handlers and callbacks of the async backends run. Its size (40, as AnyIO's default
#: limiter) bounds how many blocking handlers can be in progress at once; asyncio's default
#: executor would allow only ``cpu_count + 4``.
SYNC_EXECUTOR = ThreadPoolExecutor(max_workers=40, thread_name_prefix="connexion-sync")


def run_sync(pipeline: Generator[Call, Any, Any], request: ConnexionRequest) -> Any:
    """Run ``pipeline`` to completion, calling each effect inline; return its result."""
    token = request_var.set(request)
    try:
        effect = next(pipeline)
        while True:
            try:
                result = effect.function(*effect.args, **effect.kwargs)
                if type(result) is CoroutineType:
                    result.close()
                    raise TypeError(
                        f"{effect.function!r} returned a coroutine, which a sync backend "
                        "cannot await: write the handler as a plain 'def', or use "
                        "AioHttpApp / QuartApp"
                    )
            except Exception as exc:
                effect = pipeline.throw(exc)
            else:
                effect = pipeline.send(result)
    except StopIteration as stop:
        return stop.value
    finally:
        request_var.reset(token)


async def run_async(
    pipeline: Generator[Call, Any, Any], request: ConnexionRequest, sync_in_thread: bool = True
) -> Any:
    """Run ``pipeline``, awaiting async effects.

    :param sync_in_thread: run sync effects in a worker thread (the context variables go
        with them); when False they run inline on the event loop.
    """
    token = request_var.set(request)
    try:
        effect = next(pipeline)
        while True:
            try:
                if effect.is_async:
                    result = await effect.function(*effect.args, **effect.kwargs)
                elif sync_in_thread or effect.blocking:
                    import asyncio

                    call = functools.partial(effect.function, *effect.args, **effect.kwargs)
                    result = await asyncio.get_running_loop().run_in_executor(
                        SYNC_EXECUTOR, contextvars.copy_context().run, call
                    )
                else:
                    result = effect.function(*effect.args, **effect.kwargs)
                if isinstance(result, Awaitable):
                    # A plain def that returns an awaitable (a sync decorator around an
                    # async function): await it rather than answer with a coroutine.
                    result = await result
            except Exception as exc:
                effect = pipeline.throw(exc)
            else:
                effect = pipeline.send(result)
    except StopIteration as stop:
        return stop.value
    finally:
        request_var.reset(token)
