"""Micro-benchmarks: microseconds per request, without a server or a network.

- full stack: one request through each backend's whole app (a WSGI call on Flask, an ASGI
  call on Quart, the aiohttp application's request handler on a mocked request), for the bare
  routes and for connexion;
- the core pipeline alone: ``connexion.core`` builds the operations from the spec once, then
  :func:`connexion.drivers.run_sync` runs ``request_pipeline`` on a prebuilt
  :class:`~connexion.core.request.ConnexionRequest`;
- its steps: parameters, JSON decoding, body validation (one 16-field body), response building.

    python -m benchmarks.micro            # about a minute
    python -m benchmarks.micro --quick    # fewer iterations
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import io
import json
import os
import pathlib
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
BODY = (HERE / "body.json").read_bytes()
QUERY = "limit=10&active=true&tags=red&tags=green&tags=blue"

#: (name, method, path, query string, body, expected status)
REQUESTS = (
    ("GET path param", "GET", "/items/42", "", b"", 200),
    ("GET query params", "GET", "/items", QUERY, b"", 200),
    ("POST 16-field body", "POST", "/orders", "", BODY, 201),
)


def best_of(function: Callable[[], Any], number: int, repeat: int, warmup: int = 50) -> float:
    """The best of ``repeat`` timings of ``number`` calls, in microseconds per call."""
    for _ in range(warmup):
        function()
    timings = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            function()
        timings.append((time.perf_counter() - start) / number * 1e6)
    return min(timings)


def best_of_async(
    function: Callable[[], Awaitable[Any]], number: int, repeat: int, warmup: int = 50
) -> float:
    """:func:`best_of` for a coroutine function, all calls on one event loop."""

    async def timings() -> list[float]:
        for _ in range(warmup):
            await function()
        found = []
        for _ in range(repeat):
            gc.collect()
            start = time.perf_counter()
            for _ in range(number):
                await function()
            found.append((time.perf_counter() - start) / number * 1e6)
        return found

    return min(asyncio.run(timings()))


# --- Flask: a WSGI call ---------------------------------------------------------------------


def wsgi_caller(app: Any, method: str, path: str, query: str, body: bytes, status: int) -> Any:
    """A function that sends one request to the WSGI ``app`` and reads the whole answer."""
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(
        path=path,
        method=method,
        query_string=query,
        data=body or None,
        content_type="application/json" if body else None,
    )
    base = builder.get_environ()
    builder.close()
    seen: list[str] = []

    def start_response(status_line: str, headers: Any, exc_info: Any = None) -> None:
        seen.append(status_line)

    def call() -> None:
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO(body)
        result = app(environ, start_response)
        try:
            b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    call()
    if not seen or not seen[-1].startswith(str(status)):
        raise RuntimeError(f"{method} {path}: {seen[-1:]}")
    return call


def flask_rows(number: int, repeat: int) -> list[dict[str, Any]]:
    from benchmarks.flask_apps import bare, connexion_app

    rows = []
    for name, method, path, query, body, status in REQUESTS:
        bare_us = best_of(wsgi_caller(bare, method, path, query, body, status), number, repeat)
        conn_us = best_of(
            wsgi_caller(connexion_app, method, path, query, body, status), number, repeat
        )
        rows.append(_row("flask (WSGI call)", "def", name, bare_us, conn_us))
    return rows


# --- Quart: an ASGI call --------------------------------------------------------------------


def asgi_caller(
    app: Any, method: str, path: str, query: str, body: bytes, status: int
) -> Callable[[], Awaitable[None]]:
    """A coroutine function that sends one request to the ASGI ``app``."""
    headers = [(b"host", b"127.0.0.1")]
    if body:
        headers += [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "extensions": {},
    }
    seen: list[int] = []

    async def call() -> None:
        done = asyncio.Event()
        sent_body = False

        async def receive() -> dict[str, Any]:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()  # the client stays until the answer is complete
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                seen.append(message["status"])
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                done.set()

        await app(dict(scope), receive, send)

    async def check() -> None:
        await call()

    asyncio.run(check())
    if seen != [status]:
        raise RuntimeError(f"{method} {path}: {seen}")
    return call


def quart_rows(number: int, repeat: int) -> list[dict[str, Any]]:
    from benchmarks.quart_apps import bare, connexion_inline, connexion_thread

    rows = []
    for name, method, path, query, body, status in REQUESTS:
        bare_us = best_of_async(
            asgi_caller(bare, method, path, query, body, status), number, repeat
        )
        for mode, app in (("inline", connexion_inline), ("thread", connexion_thread)):
            conn_us = best_of_async(
                asgi_caller(app, method, path, query, body, status), number, repeat
            )
            rows.append(_row("quart (ASGI call)", mode, name, bare_us, conn_us))
    return rows


# --- aiohttp: the application's handler on a request built in memory ----------------------


class _Stub:
    """The little of aiohttp's protocol, transport and writer that a request touches."""

    _reading_paused = False
    ssl_context = None
    peername = ("127.0.0.1", 50000)
    sockname = ("127.0.0.1", 8000)
    max_field_size = max_line_length = 8190
    max_headers = 128

    def __init__(self) -> None:
        self.transport = self
        self.writer = self

    def get_extra_info(self, key: str, default: Any = None) -> Any:
        return {"peername": self.peername, "sockname": self.sockname}.get(key, default)

    def pause_reading(self, *args: Any, **kwargs: Any) -> None:
        pass

    def resume_reading(self, *args: Any, **kwargs: Any) -> None:
        pass


def aiohttp_caller(
    app: Any, method: str, path: str, query: str, body: bytes, status: int
) -> Callable[[], Awaitable[None]]:
    """A coroutine function that runs one request through ``app``: its router, middleware and
    handler (aiohttp has no in-process transport, so HTTP parsing and writing are left out)."""
    from aiohttp import streams, web
    from aiohttp.http import HttpVersion11, RawRequestMessage
    from multidict import CIMultiDict, CIMultiDictProxy
    from yarl import URL

    headers = {"Host": "127.0.0.1"}
    if body:
        headers.update({"Content-Type": "application/json", "Content-Length": str(len(body))})
    raw_headers = tuple((k.encode(), v.encode()) for k, v in headers.items())
    target = path + ("?" + query if query else "")
    stub: Any = _Stub()
    seen: list[int] = []

    async def call() -> None:
        loop = asyncio.get_running_loop()
        # a new message each time, as the HTTP parser makes: yarl caches what it parses
        # (path, query) on the URL object, which must not carry over between requests
        message = RawRequestMessage(
            method,
            target,
            HttpVersion11,
            CIMultiDictProxy(CIMultiDict(headers)),
            raw_headers,
            False,
            None,
            False,
            False,
            URL(target),
        )
        payload: Any = streams.EMPTY_PAYLOAD
        if body:
            payload = streams.StreamReader(stub, 2**16, loop=loop)
            payload.feed_data(body)
            payload.feed_eof()
        request = web.Request(message, payload, stub, stub, stub, loop)
        response = await app._handle(request)
        seen.append(response.status)

    async def check() -> None:
        await call()

    asyncio.run(check())
    if seen != [status]:
        raise RuntimeError(f"{method} {path}: {seen}")
    return call


def aiohttp_rows(number: int, repeat: int) -> list[dict[str, Any]]:
    from benchmarks.aiohttp_apps import make

    apps = {variant: make(variant) for variant in ("bare", "inline", "thread")}
    for app in apps.values():
        app.freeze()
    rows = []
    for name, method, path, query, body, status in REQUESTS:
        bare_us = best_of_async(
            aiohttp_caller(apps["bare"], method, path, query, body, status), number, repeat
        )
        for mode in ("inline", "thread"):
            conn_us = best_of_async(
                aiohttp_caller(apps[mode], method, path, query, body, status), number, repeat
            )
            rows.append(_row("aiohttp (app._handle)", mode, name, bare_us, conn_us))
    return rows


def _row(stack: str, mode: str, name: str, bare_us: float, conn_us: float) -> dict[str, Any]:
    return {
        "stack": stack,
        "handlers": mode,
        "operation": name,
        "bare_us": round(bare_us, 1),
        "connexion_us": round(conn_us, 1),
        "overhead_us": round(conn_us - bare_us, 1),
        "ratio": round(bare_us / conn_us, 3),
    }


# --- the core alone --------------------------------------------------------------------------


def core_rows(number: int, repeat: int) -> list[dict[str, Any]]:
    """The pipeline and its steps on prebuilt neutral requests, no framework involved."""
    from connexion.core.body import decode_json, extract_body
    from connexion.core.operation import ApiConfig, build_operations
    from connexion.core.params import extract_parameters
    from connexion.core.pipeline import PipelineSettings, request_pipeline
    from connexion.core.request import ConnexionRequest, MultiDict
    from connexion.core.resolver import Resolver
    from connexion.core.response import build_response
    from connexion.core.spec import Specification
    from connexion.core.validation import JsonSchemaValidator, validator_class_for
    from connexion.drivers import run_sync

    spec = Specification.load(HERE / "openapi.yaml")
    config = ApiConfig(
        version=spec.version,
        resolver=Resolver(),
        security_schemes=spec.security_schemes,
        global_security=tuple(spec.security),
    )
    operations = {(op.method, op.path): op for op in build_operations(spec.operations(), config)}
    settings = PipelineSettings()
    json_headers = {"Content-Type": "application/json"}
    cases = (
        (
            "GET path param",
            operations[("get", "/items/{item_id}")],
            ConnexionRequest("http://127.0.0.1/items/42", "GET", path_params={"item_id": "42"}),
            200,
        ),
        (
            "GET query params",
            operations[("get", "/items")],
            ConnexionRequest(
                "http://127.0.0.1/items?" + QUERY,
                "GET",
                query=MultiDict(
                    [("limit", "10"), ("active", "true")]
                    + [("tags", tag) for tag in ("red", "green", "blue")]
                ),
            ),
            200,
        ),
        (
            "POST 16-field body",
            operations[("post", "/orders")],
            ConnexionRequest("http://127.0.0.1/orders", "POST", headers=json_headers, body=BODY),
            201,
        ),
    )
    rows: list[dict[str, Any]] = []

    def add(step: str, name: str, function: Callable[[], Any]) -> None:
        rows.append(
            {"step": step, "operation": name, "us": round(best_of(function, number, repeat), 2)}
        )

    for name, op, request, status in cases:
        response = run_sync(request_pipeline(op, request, settings), request)
        if response.status_code != status:
            raise RuntimeError(f"{name}: {response.status_code} {response.body!r}")

        def pipeline(op: Any = op, request: Any = request) -> Any:
            return run_sync(request_pipeline(op, request, settings), request)

        def parameters(op: Any = op, request: Any = request) -> Any:
            kwargs: dict[str, Any] = {}
            errors: list[Any] = []
            extract_parameters(op, request, kwargs, errors)
            extract_body(op, request, kwargs, errors)
            return kwargs

        add("pipeline (run_sync)", name, pipeline)
        add("parameters + body", name, parameters)

    order = json.loads(BODY)
    body_op = operations[("post", "/orders")]
    validator = body_op.body.content["application/json"].validator  # type: ignore[union-attr]
    if validator.errors(order):
        raise RuntimeError("the benchmark body does not validate")
    add("JSON decode (decode_json)", "POST 16-field body", lambda: decode_json(BODY))
    add("body validation alone", "POST 16-field body", lambda: validator.errors(order))
    # the same schema checked by jsonschema only (the reference engine, no fast path)
    reference = JsonSchemaValidator(validator.schema, validator_class_for(spec.version, "request"))
    add("  jsonschema only", "POST 16-field body", lambda: reference.errors(order))
    handler_result = ({"id": 1, "customer_id": 4711, "total": 59.97, "lines": 2}, 201)
    add(
        "response building",
        "POST 16-field body",
        lambda: build_response(
            handler_result,
            media_types_for=body_op.media_types_for,
            accept=None,
            jsonifier=settings.jsonifier,
        ),
    )
    return rows


# --- output ----------------------------------------------------------------------------------


def stack_table(rows: Sequence[dict[str, Any]]) -> str:
    header = (
        f"{'stack':<22} {'handlers':<8} {'operation':<20} {'bare µs':>9} {'connexion µs':>13} "
        f"{'overhead µs':>12} {'bare/conn':>9}"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r['stack']:<22} {r['handlers']:<8} {r['operation']:<20} {r['bare_us']:>9.1f} "
            f"{r['connexion_us']:>13.1f} {r['overhead_us']:>12.1f} {r['ratio']:>9.2f}"
        )
    return "\n".join(lines)


def core_table(rows: Sequence[dict[str, Any]]) -> str:
    header = f"{'core step':<26} {'operation':<20} {'µs':>8}"
    lines = [header, "-" * len(header)]
    lines += [f"{r['step']:<26} {r['operation']:<20} {r['us']:>8.1f}" for r in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.micro", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer iterations")
    parser.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default={"flask", "quart", "aiohttp", "core"},
        help="comma-separated parts: flask,quart,aiohttp,core",
    )
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    number, repeat = (300, 3) if args.quick else (2000, 5)
    started = datetime.datetime.now()
    load_before = os.getloadavg()
    stack: list[dict[str, Any]] = []
    for part, function in (
        ("flask", flask_rows),
        ("quart", quart_rows),
        ("aiohttp", aiohttp_rows),
    ):
        if part in args.only:
            stack += function(number, repeat)
    core = core_rows(number * 5, repeat) if "core" in args.only else []
    report = {
        "date": started.isoformat(timespec="seconds"),
        "command": "python -m benchmarks.micro "
        + " ".join(sys.argv[1:] if argv is None else argv),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "iterations": {"number": number, "repeat": repeat, "statistic": "best of repeat"},
        "stack": stack,
        "core": core,
    }
    if stack:
        print(stack_table(stack))
        print()
    if core:
        print(core_table(core))
        print()
    print(f"load average before {report['load_before']}, after {report['load_after']}")
    if not args.no_save:
        folder = HERE / "results"
        folder.mkdir(exist_ok=True)
        stamp = report["date"].replace(":", "")[: len("2024-01-01T1200")]
        path = folder / f"micro-{stamp}.json"
        path.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
