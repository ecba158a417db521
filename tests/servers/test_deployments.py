"""Every deployment line of README.rst, started as a real server process and used over HTTP.

Each test starts one server on a free port of 127.0.0.1 (gunicorn with sync, gevent and aiohttp
workers, hypercorn, uvicorn, and the apps' own ``run()``) serving tests/servers/app_module.py,
waits until it answers, checks the API's contract over real HTTP, and stops the server (its
whole process group if it does not stop in time). The gevent checks send 50 requests that
each sleep 0.2 s in the handler to one gevent process at once. This process is never
monkey-patched: the clients are plain threads.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pathlib
import re
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

from tests.servers import app_module
from tests.servers.process import HOST, free_port, installed, launch, stop

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODULE = app_module.__name__
PROBLEM = "application/problem+json"
#: How long a server may take to answer its first request (2 cores, other suites running).
READY_SECONDS = 20.0
#: The bound of any one request once the server is up.
REQUEST_SECONDS = 15.0


@dataclasses.dataclass(frozen=True)
class Command:
    """A server command line, as README.rst shows it and as the tests run it.

    :param template: the command, with ``{workers}``, ``{host}``, ``{port}`` and ``{app}``.
    :param attribute: what ``{app}`` names in tests/servers/app_module.py.
    :param readme_app: what ``{app}`` is in README.rst (None: the README does not show it).
    :param server: a word the ``Server`` response header of this server contains.
    :param worker_log: a pattern of the log line each worker process writes, its pid in a group.
    :param needs: the packages it runs on.
    """

    template: str
    attribute: str
    readme_app: str | None
    server: str
    worker_log: str
    needs: tuple[str, ...]

    def argv(self, port: int, workers: int) -> list[str]:
        """The command, run with this interpreter (``python -m gunicorn`` for ``gunicorn``)."""
        line = self.template.format(
            workers=workers, host=HOST, port=port, app=f"{MODULE}:{self.attribute}"
        )
        return [sys.executable, "-m", *line.split()]

    def readme_line(self) -> str:
        """The command as README.rst shows it."""
        return self.template.format(workers=4, host="0.0.0.0", port=8080, app=self.readme_app)


GUNICORN = "gunicorn --workers {workers} --bind {host}:{port}"
GUNICORN_WORKER = r"Booting worker with pid: (\d+)"
COMMANDS = {
    "gunicorn-sync": Command(
        template=f"{GUNICORN} {{app}}",
        attribute="flask_app",
        readme_app="myapp:app",
        server="gunicorn",
        worker_log=GUNICORN_WORKER,
        needs=("gunicorn", "flask"),
    ),
    "gunicorn-gevent": Command(
        template=f"{GUNICORN} --worker-class gevent {{app}}",
        attribute="flask_app",
        readme_app="myapp:app",
        server="gunicorn",
        worker_log=GUNICORN_WORKER,
        needs=("gunicorn", "gevent", "flask"),
    ),
    "gunicorn-aiohttp": Command(
        template=f"{GUNICORN} --worker-class aiohttp.GunicornWebWorker {{app}}",
        attribute="aiohttp_app",
        readme_app="myapp:application",
        server="aiohttp",
        worker_log=GUNICORN_WORKER,
        needs=("gunicorn", "aiohttp"),
    ),
    "gunicorn-aiohttp-factory": Command(
        template=f"{GUNICORN} --worker-class aiohttp.GunicornWebWorker {{app}}",
        attribute="aiohttp_factory",
        readme_app=None,
        server="aiohttp",
        worker_log=GUNICORN_WORKER,
        needs=("gunicorn", "aiohttp"),
    ),
    "hypercorn": Command(
        template="hypercorn --workers {workers} --bind {host}:{port} {app}",
        attribute="quart_app",
        readme_app="myapp:app",
        server="hypercorn",
        worker_log=r"\[(\d+)\] \[INFO\] Running on",
        needs=("hypercorn", "quart"),
    ),
    "uvicorn": Command(
        template="uvicorn --workers {workers} --host {host} --port {port} {app}",
        attribute="quart_app",
        readme_app="myapp:app",
        server="uvicorn",
        worker_log=r"Started server process \[(\d+)\]",
        needs=("uvicorn", "quart"),
    ),
}


@dataclasses.dataclass(frozen=True)
class Run:
    """A script that serves an app with its own ``run()``.

    :param script: Python code, with ``{port}``.
    :param server: a word of the ``Server`` response header (None: the server sends none).
    :param needs: the packages it runs on.
    """

    script: str
    server: str | None
    needs: tuple[str, ...]

    def argv(self, port: int) -> list[str]:
        return [sys.executable, "-c", self.script.format(port=port)]


IMPORT = "from tests.servers import app_module\n"
RUNS = {
    # A gevent program monkey-patches first, before anything else is imported.
    "flask-gevent": Run(
        "from gevent import monkey\nmonkey.patch_all()\n"
        + IMPORT
        + "app_module.flask_app.run(host='127.0.0.1', port={port}, server='gevent')\n",
        server=None,  # gevent.pywsgi sends no Server header (werkzeug's server would)
        needs=("gevent", "flask"),
    ),
    "aiohttp": Run(
        IMPORT + "app_module.aiohttp_connexion_app.run(host='127.0.0.1', port={port})\n",
        server="aiohttp",
        needs=("aiohttp",),
    ),
    "quart-hypercorn": Run(
        IMPORT + "app_module.quart_app.run(host='127.0.0.1', port={port})\n",
        server="hypercorn",
        needs=("hypercorn", "quart"),
    ),
    "quart-uvicorn": Run(
        IMPORT + "app_module.quart_app.run(host='127.0.0.1', port={port}, server='uvicorn')\n",
        server="uvicorn",
        needs=("uvicorn", "quart"),
    ),
}


# --- HTTP over a real socket ---------------------------------------------------------------------


@dataclasses.dataclass
class Answer:
    status: int
    headers: Any
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


def call(
    port: int,
    method: str,
    path: str,
    *,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = REQUEST_SECONDS,
) -> Answer:
    """Send one request to ``127.0.0.1:port``; an error status is an answer, not an exception."""
    data = None if body is None else json.dumps(body).encode()
    headers = dict(headers or {})
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}", data=data, headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read())


# --- server processes ----------------------------------------------------------------------------


@dataclasses.dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: pathlib.Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_until_ready(server: Server) -> None:
    """Poll the port until the server answers HTTP (any status), for READY_SECONDS at most."""
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"the server exited with {server.process.returncode}")
        try:
            call(server.port, "GET", "/api/items/1", timeout=2)
        except OSError:
            time.sleep(0.1)
        else:
            return
    pytest.fail(f"the server did not answer within {READY_SECONDS} s")


@contextlib.contextmanager
def serve(argv: list[str], tmp_path: pathlib.Path, port: int) -> Iterator[Server]:
    """Run ``argv`` from the repository root until the block ends; yield once it answers."""
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
        # gunicorn (25.1 and later) puts its control socket here, apart from other gunicorns.
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    process = launch(argv, log, cwd=ROOT, env=env)
    server = Server(port, process, log)
    done = False
    try:
        wait_until_ready(server)
        yield server
        done = True
    finally:
        stop(process)
        if not done:  # shown with the failure: what the server said
            print(f"--- output of {' '.join(argv)}:\n{server.output()}")


def serve_command(name: str, tmp_path: pathlib.Path, workers: int) -> Any:
    port = free_port()
    return serve(COMMANDS[name].argv(port, workers), tmp_path, port)


def serve_run(name: str, tmp_path: pathlib.Path) -> Any:
    port = free_port()
    return serve(RUNS[name].argv(port), tmp_path, port)


# --- what every server must do -------------------------------------------------------------------


def check_contract(port: int) -> Answer:
    """The API's contract over real HTTP; returns one answer, for its headers."""
    answer = call(port, "GET", "/api/items/7")
    assert answer.status == 200, answer.content
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"id": 7, "name": "paper"}

    answer = call(port, "POST", "/api/items", body={"name": "pen", "qty": 3})
    assert answer.status == 201, answer.content
    assert answer.headers["Location"] == "/api/items/100"
    assert answer.json() == {"id": 100, "name": "pen", "qty": 3}

    bad = call(port, "POST", "/api/items", body={"name": "", "qty": 0})
    assert bad.status == 400
    assert bad.headers["Content-Type"] == PROBLEM
    problem = bad.json()
    assert problem["status"] == 400
    assert {(e["in"], e["path"]) for e in problem["errors"]} == {
        ("body", "/name"),
        ("body", "/qty"),
    }

    for path, detail in [("/api/items/99", "Item 99 does not exist"), ("/api/nothing", None)]:
        missing = call(port, "GET", path)
        assert missing.status == 404, path
        assert missing.headers["Content-Type"] == PROBLEM
        assert missing.json()["status"] == 404
        if detail is not None:
            assert missing.json()["detail"] == detail

    wrong = call(port, "GET", "/api/items/abc")
    assert wrong.status == 400
    assert wrong.headers["Content-Type"] == PROBLEM
    return answer


def slow_burst(port: int, count: int) -> float:
    """Send ``count`` slow requests at once, each with its own tag; return the elapsed time.

    Each answer must echo its own query value and header, as ``connexion.request`` showed
    them to the handler both before and after its sleep.
    """
    start = threading.Barrier(count + 1)

    def one(index: int) -> Answer:
        start.wait(timeout=REQUEST_SECONDS)
        return call(port, "GET", f"/api/slow?tag=q{index}", headers={"X-Tag": f"h{index}"})

    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [pool.submit(one, index) for index in range(count)]
        start.wait(timeout=REQUEST_SECONDS)
        began = time.perf_counter()
        answers = [future.result(timeout=REQUEST_SECONDS) for future in futures]
        elapsed = time.perf_counter() - began
    for index, answer in enumerate(answers):
        assert answer.status == 200, answer.content
        expected = [f"q{index}", f"h{index}"]
        assert answer.json() == {"argument": f"q{index}", "before": expected, "after": expected}
    return elapsed


def worker_processes(server: Server, command: Command, expected: int) -> int:
    """How many worker processes the server started, waiting a while for ``expected``."""
    deadline = time.monotonic() + READY_SECONDS
    while True:
        pids = set(re.findall(command.worker_log, server.output()))
        if len(pids) >= expected or time.monotonic() > deadline:
            return len(pids)
        time.sleep(0.1)


# --- the deployment lines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", [name for name, command in COMMANDS.items() if installed(*command.needs)]
)
def test_server_command(tmp_path: pathlib.Path, name: str):
    command = COMMANDS[name]
    with serve_command(name, tmp_path, workers=2) as server:
        answer = check_contract(server.port)
        assert command.server in answer.headers["Server"]
        slow_burst(server.port, 8)
        assert worker_processes(server, command, 2) == 2
    if name.startswith("gunicorn"):
        worker = re.search(r"--worker-class (\S+)", command.template)
        assert f"Using worker: {worker.group(1) if worker else 'sync'}" in server.output()


@pytest.mark.parametrize("name", [name for name, run in RUNS.items() if installed(*run.needs)])
def test_app_run(tmp_path: pathlib.Path, name: str):
    expected_server = RUNS[name].server
    with serve_run(name, tmp_path) as server:
        answer = check_contract(server.port)
        if expected_server is None:
            assert "Server" not in answer.headers
        else:
            assert expected_server in answer.headers["Server"]
        slow_burst(server.port, 8)


# --- gevent: one process serves 50 slow requests at once -----------------------------------------

GEVENT_REQUESTS = 50
GEVENT_BOUND = 2.0


@pytest.mark.parametrize("line", ["run-gevent", "gunicorn-gevent-1-worker"])
def test_gevent_serves_slow_requests_concurrently(tmp_path: pathlib.Path, line: str):
    if line == "run-gevent":
        server_context = serve_run("flask-gevent", tmp_path)
    else:
        server_context = serve_command("gunicorn-gevent", tmp_path, workers=1)
    with server_context as server:
        headers = call(server.port, "GET", "/api/items/1").headers
        slow_burst(server.port, 2)  # warm up: the first requests of a process do more
        elapsed = slow_burst(server.port, GEVENT_REQUESTS)
        if line == "run-gevent":
            assert "Server" not in headers  # gevent.pywsgi, not werkzeug's threaded server
        else:
            assert "gunicorn" in headers["Server"]
            assert worker_processes(server, COMMANDS["gunicorn-gevent"], 1) == 1
            assert "Using worker: gevent" in server.output()
    # One after the other, 50 x 0.2 s would take 10 s: the sleeps overlapped in one process.
    print(
        f"\n{line}: {GEVENT_REQUESTS} requests of {app_module.SLOW_SECONDS} s in {elapsed:.3f} s"
    )
    assert elapsed < GEVENT_BOUND


# --- README.rst shows the commands these tests run -----------------------------------------------


def test_readme_shows_the_tested_commands():
    readme = (ROOT / "README.rst").read_text()
    section = readme.split("\nDeployment\n==========\n", 1)[1]
    section = re.split(r"\n[^\n]+\n=+\n", section, maxsplit=1)[0]  # up to the next title
    for name, command in COMMANDS.items():
        if command.readme_app is not None:
            assert f"\n    {command.readme_line()}\n" in section, name
    # The module attributes and run() calls those commands and tests rely on.
    for text in [
        "app = connexion.FlaskApp(",
        "application = app.app",
        "app.run()",
        'app.run(server="gevent")',
        'app.run(server="uvicorn")',
        "monkey.patch_all()",
    ]:
        assert text in section, text
