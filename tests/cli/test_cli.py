"""The ``connexion`` command line: parsing, help and errors in-process, and serving for real.

The in-process tests drive ``connexion.cli.main`` with click's CliRunner; the App's ``run``
is replaced by a recorder, so nothing serves, and the app the command built is checked with
its test client. The subprocess tests start ``python -m connexion run`` (and the ``connexion``
script) on a free port of 127.0.0.1 for each framework and server, query it over HTTP, and
stop it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.util
import json
import logging
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result

import connexion
from connexion.cli import main
from tests.conftest import APP_CLASSES
from tests.servers.process import HOST, free_port, launch, stop

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
HELLO = FIXTURES / "hello.yaml"
PARTIAL = FIXTURES / "partial.yaml"
INVALID = FIXTURES / "invalid.yaml"
HANDLERS = FIXTURES / "handlers"
HANDLER_MODULE = "cli_hello"

#: The servers of each framework; the first is the default.
SERVERS = {
    "flask": ("flask", "gevent"),
    "aiohttp": ("aiohttp",),
    "quart": ("hypercorn", "uvicorn"),
}
#: A word of each server's ``Server`` header (None: the server sends none).
SERVER_HEADER = {
    "flask": "Werkzeug",
    "gevent": None,
    "aiohttp": "aiohttp",
    "hypercorn": "hypercorn",
    "uvicorn": "uvicorn",
}
#: How long a server may take to answer its first request (2 cores, other suites running).
READY_SECONDS = 20.0
REQUEST_SECONDS = 10.0


# --- in-process: CliRunner, the App's run recorded ----------------------------------------------


@dataclasses.dataclass
class Recorded:
    """What ``app.run`` was called on and with."""

    app: Any = None
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)
    calls: int = 0


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorded]:
    """Replace every App's ``run`` by a recorder, and undo what the command does to the process.

    The command puts a folder on sys.path, imports the handler module and sets the root
    logger's level; each test starts without them.
    """
    record = Recorded()

    def fake_run(self: Any, **kwargs: Any) -> None:
        record.app = self
        record.kwargs = kwargs
        record.calls += 1

    for app_class in APP_CLASSES.values():
        if hasattr(app_class, "run"):  # not a stand-in for a backend that is not installed
            monkeypatch.setattr(app_class, "run", fake_run)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, HANDLER_MODULE, raising=False)
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", root.level)
    yield record
    sys.modules.pop(HANDLER_MODULE, None)


def invoke(*args: str | os.PathLike[str]) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args])


def served(args: list[str | os.PathLike[str]], recorded: Recorded) -> Any:
    """Run the command with ``args``; return the app it would have served."""
    recorded.calls = 0
    result = invoke("run", *args, "-p", free_port(), "-H", HOST)
    assert result.exit_code == 0, result.output
    assert recorded.calls == 1
    return recorded.app


def test_help_lists_the_command_and_its_options():
    for flag in ("-h", "--help"):
        result = invoke(flag)
        assert result.exit_code == 0
        assert "run" in result.output
        assert "--version" in result.output
    result = invoke("run", "-h")
    assert result.exit_code == 0
    assert "SPEC_FILE [BASE_MODULE_PATH]" in result.output
    for option in (
        "--port",
        "--host",
        "--server",
        "--wsgi-server",
        "--stub",
        "--mock [all|notimplemented]",
        "--hide-spec",
        "--hide-console-ui",
        "--console-ui-url URL",
        "--console-ui-from PATH",
        "--auth-all-paths",
        "--validate-responses",
        "--strict-validation",
        "--debug",
        "--verbose",
        "--base-path PATH",
        "--app-framework [flask|aiohttp|quart]",
    ):
        assert option in result.output, option
    assert "--port PORT" in result.output
    assert "[default: 5000; 1<=x<=65535]" in " ".join(result.output.split())


def test_version():
    for flag in ("-V", "--version"):
        result = invoke(flag)
        assert result.exit_code == 0
        assert result.output == f"connexion {connexion.__version__}\n"


def test_a_prefix_of_a_command_is_that_command(recorded: Recorded):
    port = free_port()
    result = invoke("ru", HELLO, HANDLERS, "-p", port, "-H", HOST)
    assert result.exit_code == 0, result.output
    assert recorded.calls == 1
    assert recorded.kwargs["port"] == port

    result = invoke("serve", HELLO)
    assert result.exit_code == 2
    assert "No such command 'serve'" in result.output
    assert recorded.calls == 1


def test_run_builds_the_app_of_each_framework_and_runs_it(backend: str, recorded: Recorded):
    port = free_port()
    result = invoke("run", HELLO, HANDLERS, "-f", backend, "--port", port, "--host", HOST)
    assert result.exit_code == 0, result.output
    assert recorded.calls == 1
    assert type(recorded.app) is APP_CLASSES[backend]
    assert recorded.kwargs == {
        "port": port,
        "host": HOST,
        "server": SERVERS[backend][0],
        "debug": False,
    }
    assert sys.path[0] == str(HANDLERS.resolve())

    client = recorded.app.test_client()
    answer = client.get("/api/greeting/dave")
    assert answer.status_code == 200
    assert answer.json() == {"greeting": "Hello dave"}
    spec = client.get("/api/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["info"]["title"] == "connexion run fixture"


def test_the_server_option_reaches_run(backend: str, recorded: Recorded):
    for server in SERVERS[backend]:
        if server == "gevent":
            continue  # the command would monkey-patch this process: see the subprocess tests
        served([HELLO, HANDLERS, "-f", backend, "-s", server], recorded)
        assert recorded.kwargs["server"] == server


def test_without_base_module_path_handlers_import_from_the_spec_folder(
    tmp_path: pathlib.Path, recorded: Recorded
):
    # The handler module is not next to hello.yaml: the operationId cannot be resolved.
    result = invoke("run", HELLO, "-p", free_port(), "-H", HOST)
    assert result.exit_code == 1
    assert "Cannot resolve operationId 'cli_hello.greet'" in result.output
    assert "--stub" in result.output
    assert "--mock notimplemented" in result.output
    assert "Traceback" not in result.output
    assert recorded.calls == 0

    shutil.copy(HELLO, tmp_path / "hello.yaml")
    shutil.copy(HANDLERS / f"{HANDLER_MODULE}.py", tmp_path)
    app = served([tmp_path / "hello.yaml"], recorded)
    assert sys.path[0] == str(tmp_path.resolve())
    assert app.test_client().get("/api/greeting/ann").json() == {"greeting": "Hello ann"}


def test_options_reach_the_app(recorded: Recorded, tmp_path: pathlib.Path):
    app = served([HELLO, HANDLERS], recorded)
    client = app.test_client()
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/broken").status_code == 200  # responses are not validated
    assert client.get("/api/greeting/x", query_string={"extra": "1"}).status_code == 200
    assert app.options.openapi_console_ui_available
    assert not app.auth_all_paths

    ui_folder = tmp_path / "ui"
    ui_folder.mkdir()
    app = served(
        [
            HELLO,
            HANDLERS,
            "--hide-spec",
            "--hide-console-ui",
            "--console-ui-url",
            "/console",
            "--console-ui-from",
            ui_folder,
            "--base-path",
            "/v2",
            "--validate-responses",
            "--strict-validation",
            "--auth-all-paths",
        ],
        recorded,
    )
    client = app.test_client()
    assert client.get("/v2/greeting/dave").json() == {"greeting": "Hello dave"}
    assert client.get("/api/greeting/dave").status_code == 404
    assert client.get("/v2/openapi.json").status_code == 404
    assert client.get("/v2/broken").status_code == 500
    strict = client.get("/v2/greeting/x", query_string={"extra": "1"})
    assert strict.status_code == 400
    assert "extra" in strict.json()["detail"]
    assert not app.options.openapi_console_ui_available
    assert app.options.as_dict()["swagger_url"] == "/console"
    assert app.options.as_dict()["swagger_path"] == str(ui_folder)
    assert app.auth_all_paths


def test_console_options_move_or_hide_the_console(
    backend: str, recorded: Recorded, tmp_path: pathlib.Path
):
    client = served([HELLO, HANDLERS, "-f", backend], recorded).test_client()
    assert client.get("/api/ui/").status_code == 200

    hidden = served([HELLO, HANDLERS, "-f", backend, "--hide-console-ui"], recorded)
    assert hidden.test_client().get("/api/ui/").status_code == 404

    (tmp_path / "index.j2").write_text("<p>own console of {{ openapi_spec_url }}</p>")
    moved = served(
        [
            HELLO,
            HANDLERS,
            "-f",
            backend,
            "--console-ui-url",
            "/console",
            "--console-ui-from",
            tmp_path,
        ],
        recorded,
    ).test_client()
    assert moved.get("/api/ui/").status_code == 404
    page = moved.get("/api/console/")
    assert page.status_code == 200
    assert page.text == "<p>own console of ../openapi.json</p>"


def test_verbosity_and_debug(recorded: Recorded):
    root = logging.getLogger()
    for flags, level, debug in [
        ([], logging.WARNING, False),
        (["-v"], logging.INFO, False),
        (["--verbose", "--verbose"], logging.DEBUG, True),
        (["-d"], logging.DEBUG, True),
        (["--debug"], logging.DEBUG, True),
    ]:
        served([HELLO, HANDLERS, *flags], recorded)
        assert root.level == level, flags
        assert recorded.kwargs["debug"] is debug, flags
        assert recorded.app.debug is debug


def test_stub_answers_501_for_operations_without_a_handler(backend: str, recorded: Recorded):
    result = invoke("run", PARTIAL, HANDLERS, "-f", backend, "-p", free_port(), "-H", HOST)
    assert result.exit_code == 1
    assert "Cannot resolve operationId 'cli_hello.list_pets'" in result.output
    assert "Traceback" not in result.output
    assert recorded.calls == 0

    app = served([PARTIAL, HANDLERS, "-f", backend, "--stub"], recorded)
    client = app.test_client()
    assert client.get("/api/pets").status_code == 501
    assert client.get("/api/greeting/dave").json() == {"greeting": "Hello dave"}


def test_wsgi_server_is_a_deprecated_server_option(recorded: Recorded):
    port = free_port()
    result = invoke("run", HELLO, HANDLERS, "-w", "flask", "-p", port, "-H", HOST)
    assert result.exit_code == 0, result.output
    assert "deprecated" in result.output
    assert recorded.kwargs["server"] == "flask"

    result = invoke("run", HELLO, HANDLERS, "-w", "flask", "-s", "flask")
    assert result.exit_code == 2
    assert "exclusive" in result.output
    assert recorded.calls == 1


@pytest.mark.parametrize(
    ("framework", "server", "allowed"),
    [
        ("flask", "aiohttp", "flask or gevent or tornado"),
        ("aiohttp", "gevent", "aiohttp"),
        ("quart", "flask", "hypercorn or uvicorn"),
        ("aiohttp", "uvicorn", "aiohttp"),
    ],
)
def test_a_server_of_another_framework_is_a_usage_error(
    recorded: Recorded, framework: str, server: str, allowed: str
):
    result = invoke("run", HELLO, HANDLERS, "-f", framework, "-s", server)
    assert result.exit_code == 2
    assert f"the {server} server does not run {framework} apps" in result.output
    assert f"use {allowed}" in result.output
    assert recorded.calls == 0


def test_a_missing_spec_file(recorded: Recorded, tmp_path: pathlib.Path):
    result = invoke("run", tmp_path / "nothere.yaml")
    assert result.exit_code == 2
    assert "'SPEC_FILE'" in result.output
    assert "nothere.yaml' does not exist" in result.output
    result = invoke("run", HELLO, tmp_path / "nofolder")
    assert result.exit_code == 2
    assert "Invalid value for '[BASE_MODULE_PATH]'" in result.output
    assert "nofolder' does not exist" in result.output
    assert recorded.calls == 0


def test_an_invalid_spec(recorded: Recorded):
    result = invoke("run", INVALID, "-p", free_port(), "-H", HOST)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "invalid.yaml is not a valid specification" in result.output
    # jsonschema quotes the name with " or ' depending on its version.
    assert "version' is a required property" in result.output.replace('"', "'")
    assert "Traceback" not in result.output
    assert len(result.output.splitlines()) == 1
    assert recorded.calls == 0


@pytest.mark.parametrize(
    ("args", "package", "hint"),
    [
        (["-f", "quart"], "quart", "The quart framework is not installed"),
        (["-f", "aiohttp"], "aiohttp", "The aiohttp framework is not installed"),
        (["-s", "tornado"], "tornado", "The tornado server is not installed: pip install tornado"),
        (["-f", "quart", "-s", "uvicorn"], "uvicorn", "pip install uvicorn"),
    ],
)
def test_a_framework_or_server_that_is_not_installed(
    monkeypatch: pytest.MonkeyPatch, recorded: Recorded, args: list[str], package: str, hint: str
):
    monkeypatch.setitem(sys.modules, package, None)  # not importable, whatever is installed
    framework = args[args.index("-f") + 1] if "-f" in args else "flask"
    if importlib.util.find_spec(framework) is None:
        # In an env without the framework (tox -e aiohttp), that is what the command reports.
        hint = f"The {framework} framework is not installed"
    result = invoke("run", HELLO, HANDLERS, *args, "-p", free_port(), "-H", HOST)
    assert result.exit_code == 1
    assert hint in result.output
    if package in ("quart", "aiohttp"):
        assert f"pip install 'connexion[{package}]'" in result.output
    assert "Traceback" not in result.output
    assert recorded.calls == 0


@pytest.mark.parametrize("port", ["70000", "65536", "-1", "0"])
def test_a_port_out_of_range_is_a_usage_error(recorded: Recorded, port: str):
    # The host is valid: the port alone is to blame (-1 used to be blamed on -H, 70000 to
    # listen on 70000 % 65536).
    result = invoke("run", HELLO, HANDLERS, "-p", port, "-H", HOST)
    assert result.exit_code == 2
    assert f"Invalid value for '--port' / '-p': {port} is not in the range 1<=x<=65535" in (
        result.output
    )
    assert "--host" not in result.output
    assert recorded.calls == 0


def test_the_highest_port_is_accepted(recorded: Recorded):
    result = invoke("run", HELLO, HANDLERS, "-p", 65535, "-H", HOST)
    # The port may be taken on this machine; either way it was not refused as a value.
    assert "Invalid value" not in result.output
    if result.exit_code == 0:
        assert recorded.kwargs["port"] == 65535
    else:
        assert "Port 65535 is in use" in result.output


def test_a_port_in_use(recorded: Recorded):
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("run", HELLO, HANDLERS, "-p", port, "-H", HOST)
    assert result.exit_code == 1
    assert f"Port {port} is in use on {HOST}" in result.output
    assert "Traceback" not in result.output
    assert recorded.calls == 0


# --- subprocesses: the command serves over real HTTP --------------------------------------------


@dataclasses.dataclass
class Answer:
    status: int
    headers: Any
    content: bytes

    def json(self) -> Any:
        return json.loads(self.content)


def call(port: int, path: str, timeout: float = REQUEST_SECONDS) -> Answer:
    """GET ``path`` from ``127.0.0.1:port``; an error status is an answer, not an exception."""
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=timeout) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Answer(error.code, error.headers, error.read())


def command(*args: str | os.PathLike[str], script: bool = False) -> list[str]:
    """``python -m connexion ...``, or the ``connexion`` script of this environment."""
    if script:
        return [str(pathlib.Path(sys.executable).parent / "connexion"), *map(str, args)]
    return [sys.executable, "-m", "connexion", *map(str, args)]


@contextlib.contextmanager
def serving(argv: list[str], tmp_path: pathlib.Path) -> Iterator[int]:
    """Run ``argv`` plus a free port on 127.0.0.1 until the block ends; yield the port once
    the served spec answers.

    The process runs in ``tmp_path``, so that only the command line puts folders on sys.path.
    """
    port = free_port()
    log = tmp_path / f"server-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("PYTHONPATH", None)
    process = launch([*argv, "-p", str(port), "-H", HOST], log, cwd=tmp_path, env=env)
    done = False
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"the command exited with {process.returncode}")
            try:
                call(port, "/api/openapi.json", timeout=2)
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer within {READY_SECONDS} s")
                time.sleep(0.1)
            else:
                break
        yield port
        done = True
    finally:
        # The whole group: Flask's reloader (-d) serves from a child process.
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        stop(process)
        if not done:  # shown with the failure: what the server said
            print(f"--- output of {' '.join(argv)}:\n{log.read_text(errors='replace')}")


def check_served(port: int, server: str | None = None) -> None:
    """The handler answers, and the spec is served."""
    answer = call(port, "/api/greeting/dave")
    assert answer.status == 200, answer.content
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"greeting": "Hello dave"}
    if server is not None:
        word = SERVER_HEADER[server]
        if word is None:
            assert "Server" not in answer.headers
        else:
            assert word in answer.headers["Server"]
    spec = call(port, "/api/openapi.json")
    assert spec.status == 200
    assert spec.json()["info"]["title"] == "connexion run fixture"
    assert "/greeting/{name}" in spec.json()["paths"]


def test_python_m_connexion_reports_an_error_without_a_traceback(tmp_path: pathlib.Path):
    done = subprocess.run(
        command("run", PARTIAL, HANDLERS, "-p", free_port(), "-H", HOST),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=READY_SECONDS,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("Error: Cannot resolve operationId 'cli_hello.list_pets'")
    assert "--mock notimplemented" in done.stderr
    assert "Traceback" not in done.stderr


def test_python_m_connexion_serves_on_each_server(backend: str, tmp_path: pathlib.Path):
    for server in SERVERS[backend]:
        argv = command("run", HELLO, HANDLERS, "-f", backend, "-s", server)
        with serving(argv, tmp_path) as port:
            check_served(port, server)


def test_the_connexion_script_serves(backend: str, tmp_path: pathlib.Path):
    # The default BASE_MODULE_PATH: the handler module next to the spec.
    shutil.copy(HELLO, tmp_path / "hello.yaml")
    shutil.copy(HANDLERS / f"{HANDLER_MODULE}.py", tmp_path)
    with serving(command("run", "hello.yaml", "-f", backend, script=True), tmp_path) as port:
        check_served(port, SERVERS[backend][0])


def test_debug_mode_serves_through_flasks_reloader(tmp_path: pathlib.Path):
    with serving(command("run", HELLO, HANDLERS, "--debug"), tmp_path) as port:
        check_served(port, "flask")


def test_mock_all_answers_the_examples(backend: str, tmp_path: pathlib.Path):
    argv = command("run", PARTIAL, HANDLERS, "-f", backend, "--mock", "all")
    with serving(argv, tmp_path) as port:
        greeting = call(port, "/api/greeting/dave")
        assert greeting.status == 200
        assert greeting.json() == {"greeting": "Hello from the example"}
        pets = call(port, "/api/pets")
        assert pets.status == 200
        assert pets.json() == [{"id": 1, "name": "Rex"}]


def test_mock_notimplemented_answers_examples_where_a_handler_is_missing(
    backend: str, tmp_path: pathlib.Path
):
    argv = command("run", PARTIAL, HANDLERS, "-f", backend, "--mock", "notimplemented")
    with serving(argv, tmp_path) as port:
        assert call(port, "/api/greeting/dave").json() == {"greeting": "Hello dave"}
        pets = call(port, "/api/pets")
        assert pets.status == 200
        assert pets.json() == [{"id": 1, "name": "Rex"}]


def test_stub_answers_501_over_http(backend: str, tmp_path: pathlib.Path):
    argv = command("run", PARTIAL, HANDLERS, "-f", backend, "--stub")
    with serving(argv, tmp_path) as port:
        assert call(port, "/api/greeting/dave").json() == {"greeting": "Hello dave"}
        pets = call(port, "/api/pets")
        assert pets.status == 501
        assert pets.headers["Content-Type"] == "application/problem+json"
        assert pets.json()["status"] == 501
