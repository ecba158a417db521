"""Token info fetched over HTTP never holds up other requests: gevent, aiohttp and Quart.

Each test serves tests/servers/token_info_app.py in a real server process on 127.0.0.1, its
``x-tokenInfoUrl`` pointing at a token-info server in this process that waits
:data:`TOKEN_INFO_DELAY` seconds before each answer. It sends :data:`REQUESTS` requests with
valid tokens at once (threads: this process is never monkey-patched), and, a little after
they start, one request to a public operation.

- All the secured requests answer 200, each with its own token's info and user, and the token
  server was asked once per request: one after the other the fetches would take 6 s, so
  finishing in under :data:`BURST_BOUND` seconds shows they overlapped. Under gevent, that is
  the fetch yielding to the other greenlets (the sockets are monkey-patched).
- The public request answers within :data:`PROBE_BOUND` seconds while fetches are still in
  flight: the event loop (or gevent's hub) is free. The async apps run sync handlers and
  callbacks inline on the loop (``sync_handlers: inline``), so only the fetch's ``blocking``
  flag keeps it in a worker thread, off the loop.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pathlib
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.security_server import TokenInfoServer
from tests.servers import token_info_app
from tests.servers.process import HOST, free_port, installed, launch, stop

ROOT = pathlib.Path(__file__).resolve().parents[2]
APP_MODULE = token_info_app.__name__
#: How long a server may take to answer its first request (2 loaded cores).
READY_SECONDS = 20.0
#: The bound of any one request, or wait, once the server is up.
REQUEST_SECONDS = 15.0

#: Seconds the token-info server waits before each answer.
TOKEN_INFO_DELAY = 0.3
#: Secured requests sent at once: one after the other, their fetches would take 6 s.
REQUESTS = 20
#: The whole burst must answer within this many seconds.
BURST_BOUND = 2.0
#: The public request is sent this long after the burst starts...
PROBE_DELAY = 0.1
#: ...and must answer within this many seconds, while the fetches are in flight.
PROBE_BOUND = 0.25

#: A token per user, the user encoded in the token; the token server knows each one.
TOKENS = {
    f"token-of-user-{index}": {"sub": f"user-{index}", "scope": "read", "index": index}
    for index in range(REQUESTS)
}


@dataclasses.dataclass(frozen=True)
class Line:
    """How one server is started.

    :param argv: the command after ``python``, with ``{port}`` and ``{app}`` (the module).
    :param needs: the packages it runs on.
    """

    argv: tuple[str, ...]
    needs: tuple[str, ...]

    def command(self, port: int) -> list[str]:
        return [sys.executable, *(part.format(port=port, app=APP_MODULE) for part in self.argv)]


def script(text: str) -> tuple[str, ...]:
    return ("-c", text)


IMPORT = "from {app} import "
LINES = {
    # A gevent program monkey-patches first, before anything else is imported.
    "flask-gevent-run": Line(
        script(
            "from gevent import monkey\nmonkey.patch_all()\n"
            + IMPORT
            + "flask_app\nflask_app.run(host='127.0.0.1', port={port}, server='gevent')\n"
        ),
        ("gevent", "flask"),
    ),
    "flask-gunicorn-gevent": Line(
        (
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--worker-class",
            "gevent",
            "--bind",
            "127.0.0.1:{port}",
            "{app}:flask_app",
        ),
        ("gunicorn", "gevent", "flask"),
    ),
    "aiohttp-run-app": Line(
        script(IMPORT + "aiohttp_app\naiohttp_app.run(host='127.0.0.1', port={port})\n"),
        ("aiohttp",),
    ),
    "quart-hypercorn": Line(
        script(IMPORT + "quart_app\nquart_app.run(host='127.0.0.1', port={port})\n"),
        ("quart", "hypercorn"),
    ),
    "quart-uvicorn": Line(
        script(
            IMPORT + "quart_app\nquart_app.run(host='127.0.0.1', port={port}, server='uvicorn')\n"
        ),
        ("quart", "uvicorn"),
    ),
}


# --- HTTP over a real socket ---------------------------------------------------------------------


@dataclasses.dataclass
class Answer:
    status: int
    content: bytes
    #: When it came back (``time.perf_counter()``).
    at: float

    def json(self) -> Any:
        return json.loads(self.content)


def get(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = REQUEST_SECONDS
) -> Answer:
    """GET ``path`` on ``127.0.0.1:port``; an error status is an answer, not an exception."""
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.read(), time.perf_counter())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.read(), time.perf_counter())


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- the server process --------------------------------------------------------------------------


def wait_until_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    """Poll the public operation until it answers 200, for READY_SECONDS at most."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}")
        try:
            answer = get(port, "/api/public", timeout=2)
        except OSError:
            time.sleep(0.1)
            continue
        assert answer.status == 200, answer.content
        return
    pytest.fail(f"the server did not answer within {READY_SECONDS} s")


@contextlib.contextmanager
def serve(line: Line, token_info_url: str, tmp_path: pathlib.Path) -> Iterator[int]:
    """Run the server until the block ends; yield its port once it answers."""
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
        token_info_app.URL_VARIABLE: token_info_url,
        # gunicorn (25.1 and later) puts its control socket here, apart from other gunicorns.
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    process = launch(line.command(port), log, cwd=ROOT, env=env)
    done = False
    try:
        wait_until_ready(port, process)
        yield port
        done = True
    finally:
        stop(process)
        if not done:  # shown with the failure: what the server said
            print(f"--- server output:\n{log.read_text(errors='replace')}")


# --- the burst -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Burst:
    #: Seconds from the start until the last secured answer.
    elapsed: float
    #: Seconds the public request took.
    probe: float
    #: Secured requests not yet answered when the public one was.
    pending_at_probe: int
    #: Token-info requests the token server had received when the public request was sent.
    fetches_before_probe: int
    #: Token-info requests the token server received during the burst.
    fetches: int


def burst(port: int, token_server: TokenInfoServer, tokens: list[str]) -> Burst:
    """Send a secured request per token at once, and a public one PROBE_DELAY s later.

    Every secured answer must be 200 and show its own token's info and user.
    """
    start = threading.Barrier(len(tokens) + 2)
    fetched_before = len(token_server.requests)

    def secured(token: str) -> Answer:
        start.wait(timeout=REQUEST_SECONDS)
        return get(port, "/api/secured", headers=bearer(token))

    def probe() -> tuple[Answer, float, int]:
        start.wait(timeout=REQUEST_SECONDS)
        time.sleep(PROBE_DELAY)
        fetches = len(token_server.requests) - fetched_before
        sent = time.perf_counter()
        return get(port, "/api/public"), sent, fetches

    with ThreadPoolExecutor(max_workers=len(tokens) + 1) as pool:
        futures = [pool.submit(secured, token) for token in tokens]
        probe_future = pool.submit(probe)
        start.wait(timeout=REQUEST_SECONDS)
        began = time.perf_counter()
        answers = [future.result(timeout=REQUEST_SECONDS) for future in futures]
        probe_answer, probe_sent, fetches_before_probe = probe_future.result(REQUEST_SECONDS)
    for token, answer in zip(tokens, answers, strict=True):
        assert answer.status == 200, answer.content
        info = TOKENS[token]
        assert answer.json() == {
            "user": info["sub"],
            "token_info": info,
            "context_user": info["sub"],
            "authorization": f"Bearer {token}",
        }
    assert probe_answer.status == 200, probe_answer.content
    assert probe_answer.json() == {"public": True}
    return Burst(
        elapsed=max(answer.at for answer in answers) - began,
        probe=probe_answer.at - probe_sent,
        pending_at_probe=sum(answer.at > probe_answer.at for answer in answers),
        fetches_before_probe=fetches_before_probe,
        fetches=len(token_server.requests) - fetched_before,
    )


@pytest.mark.parametrize("name", [name for name, line in LINES.items() if installed(*line.needs)])
def test_token_info_fetches_overlap_and_leave_the_loop_free(tmp_path: pathlib.Path, name: str):
    tokens = list(TOKENS)
    with TokenInfoServer(TOKENS, delay=TOKEN_INFO_DELAY) as token_server:
        with serve(LINES[name], token_server.url, tmp_path) as port:
            # An unknown token: the token server says 401, the API answers 401 (not 500).
            rejected = get(port, "/api/secured", headers=bearer("nobody's-token"))
            assert rejected.status == 401, rejected.content
            # Warm up: a process's first requests import and build more than the others.
            burst(port, token_server, tokens[:4])
            measured = burst(port, token_server, tokens)
    print(
        f"\n{name}: {REQUESTS} token-info fetches of {TOKEN_INFO_DELAY} s in "
        f"{measured.elapsed:.3f} s; public request {measured.probe * 1000:.0f} ms, "
        f"{measured.pending_at_probe} secured answers still pending"
    )
    # Each request fetched its token's info: nothing was cached or skipped.
    assert measured.fetches == REQUESTS
    # One after the other, the fetches would take REQUESTS * TOKEN_INFO_DELAY = 6 s.
    assert measured.elapsed < BURST_BOUND
    # The public request answered quickly while the fetches were in flight.
    assert measured.fetches_before_probe > 0
    assert measured.pending_at_probe > 0
    assert measured.probe < PROBE_BOUND
