"""The examples under examples/ work as their READMEs say, in process and under real servers.

Each example builds a ``FlaskApp`` at import time, so these tests are Flask-only for now. The
deployment tests start the servers README.rst documents (gunicorn with sync and gevent
workers, ``app.run(server="gevent")``) in a subprocess and talk to them over HTTP.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"
PROBLEM = "application/problem+json"


def import_example(folder: str, module_name: str) -> Iterator[ModuleType]:
    """Import ``examples/<folder>/<module_name>.py`` afresh, as running it would."""
    path = str(EXAMPLES / folder)
    sys.path.insert(0, path)
    sys.modules.pop(module_name, None)
    try:
        yield importlib.import_module(module_name)
    finally:
        sys.modules.pop(module_name, None)
        sys.path.remove(path)


@pytest.fixture
def hello() -> Iterator[ModuleType]:
    yield from import_example("helloworld", "hello")


@pytest.fixture
def hello_swagger2() -> Iterator[ModuleType]:
    yield from import_example("helloworld_swagger2", "hello")


@pytest.fixture
def petstore() -> Iterator[ModuleType]:
    yield from import_example("petstore", "app")


@pytest.fixture
def pets(petstore: ModuleType) -> Any:
    return petstore.app.test_client()


# --- hello world, in OpenAPI 3 and Swagger 2 ------------------------------------------------


@pytest.mark.parametrize(
    ("example", "base", "spec_file"),
    [("hello", "/openapi", "openapi.json"), ("hello_swagger2", "/swagger", "swagger.json")],
)
def test_helloworld(request: pytest.FixtureRequest, example: str, base: str, spec_file: str):
    module = request.getfixturevalue(example)
    client = module.app.test_client()

    response = client.post(f"{base}/greeting/dave")
    assert response.status_code == 200
    assert response.text == "Hello dave"
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"

    response = client.get(f"{base}/greeting/dave")
    assert response.status_code == 405
    assert response.headers["Content-Type"] == PROBLEM

    response = client.get(f"{base}/{spec_file}")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Hello World Example"


def test_helloworld_twins_share_one_contract(hello: ModuleType, hello_swagger2: ModuleType):
    openapi = hello.app.test_client().post("/openapi/greeting/J%C3%BCrgen")
    swagger = hello_swagger2.app.test_client().post("/swagger/greeting/J%C3%BCrgen")
    assert openapi.text == swagger.text == "Hello Jürgen"


# --- petstore ---------------------------------------------------------------------------------


def add(pets: Any, **pet: Any) -> Any:
    response = pets.post("/api/pets", json=pet)
    assert response.status_code == 201, response.text
    return response


def test_petstore_add_get_list_delete(pets: Any):
    assert pets.get("/api/pets").json() == []

    response = add(pets, name="Susie", animal_type="cat", tags=["small"])
    created = response.json()
    assert response.headers["Location"] == f"/api/pets/{created['id']}"
    assert created["name"] == "Susie"
    assert created["tags"] == ["small"]
    assert created["created"].endswith("+00:00")

    response = pets.get(response.headers["Location"])
    assert response.status_code == 200
    assert response.json() == created

    add(pets, name="Rex", animal_type="dog")
    add(pets, name="Polly", animal_type="bird")
    names = [pet["name"] for pet in pets.get("/api/pets").json()]
    assert names == ["Susie", "Rex", "Polly"]
    dogs = pets.get("/api/pets", query_string={"animal_type": "dog"}).json()
    assert [pet["name"] for pet in dogs] == ["Rex"]
    first_two = pets.get("/api/pets", query_string={"limit": "2"}).json()
    assert [pet["name"] for pet in first_two] == ["Susie", "Rex"]

    response = pets.delete(f"/api/pets/{created['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers.get("Content-Type") != PROBLEM

    response = pets.delete(f"/api/pets/{created['id']}")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["detail"] == f"Pet {created['id']} does not exist"


def test_petstore_put_creates_then_replaces(pets: Any):
    response = pets.put("/api/pets/7", json={"name": "Rex", "animal_type": "dog"})
    assert response.status_code == 201
    assert response.json()["id"] == 7
    response = pets.put("/api/pets/7", json={"name": "Max", "animal_type": "dog"})
    assert response.status_code == 200
    assert pets.get("/api/pets/7").json()["name"] == "Max"


def test_petstore_missing_pet_is_a_404_problem(pets: Any):
    response = pets.get("/api/pets/99")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "detail": "Pet 99 does not exist",
        "status": 404,
    }


def test_petstore_lists_every_body_error(pets: Any):
    response = pets.post(
        "/api/pets", json={"id": 3, "name": "", "animal_type": "fish", "colour": "red"}
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Bad Request"
    paths = {(error["in"], error["path"]) for error in problem["errors"]}
    # the read-only id, the empty name, the unknown animal type and the extra property
    assert paths == {("body", "/id"), ("body", "/name"), ("body", "/animal_type"), ("body", "")}
    assert pets.get("/api/pets").json() == []


def test_petstore_query_and_path_errors(pets: Any):
    response = pets.get("/api/pets", query_string={"limit": "0", "animal_type": "fish"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(error["in"], error["path"]) for error in errors} == {
        ("query", "limit"),
        ("query", "animal_type"),
    }

    response = pets.get("/api/pets/abc")
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "pet_id"

    response = pets.get("/api/pets/0")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == PROBLEM


def test_petstore_is_strict_about_unknown_query_parameters(pets: Any):
    response = pets.get("/api/pets", query_string={"colour": "red"})
    assert response.status_code == 400
    assert "colour" in response.json()["detail"]


def test_petstore_rejects_bad_bodies(pets: Any):
    response = pets.post(
        "/api/pets", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"] == PROBLEM
    assert "Traceback" not in response.text

    response = pets.post("/api/pets", data=b"name=x", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.headers["Content-Type"] == PROBLEM

    response = pets.post("/api/pets")
    assert response.status_code == 400


def test_petstore_serves_its_spec(pets: Any):
    spec = pets.get("/api/openapi.json").json()
    assert spec["info"]["title"] == "Pet Shop Example"
    assert set(spec["paths"]) == {"/pets", "/pets/{pet_id}"}
    yaml_spec = pets.get("/api/openapi.yaml")
    assert yaml_spec.status_code == 200
    assert "Pet Shop Example" in yaml_spec.text


# --- deployment: the server lines of README.rst -----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], log: pathlib.Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within 30 seconds:\n{log.read_text()}")


def greet(port: int, name: str) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/openapi/greeting/{name}", method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


def problem_of(port: int, path: str) -> tuple[int, str, dict[str, Any]]:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).close()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], json.loads(error.read())
    pytest.fail(f"{path} did not fail")


@contextlib.contextmanager
def serve(command: list[str], tmp_path: pathlib.Path, port: int) -> Iterator[None]:
    log = tmp_path / "server.log"
    # A private HOME keeps gunicorn's control socket (~/.gunicorn) apart from other runs.
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            cwd=EXAMPLES / "helloworld",
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        wait_for(f"http://127.0.0.1:{port}/openapi/openapi.json", process, log)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


GUNICORN_WORKERS = ["sync", "gevent"]


@pytest.mark.parametrize("worker", GUNICORN_WORKERS)
def test_gunicorn_serves_the_example(tmp_path: pathlib.Path, worker: str):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", worker]
    command += ["--bind", f"127.0.0.1:{port}", "hello:app"]
    log = tmp_path / "server.log"
    with serve(command, tmp_path, port):
        for _ in range(4):
            assert greet(port, "dave") == (200, "Hello dave")
        status, content_type, problem = problem_of(port, "/openapi/nothing")
        assert (status, content_type, problem["status"]) == (404, PROBLEM, 404)
        deadline = time.monotonic() + 10
        while log.read_text().count("Booting worker") < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
    assert f"Using worker: {worker}" in log.read_text()
    assert log.read_text().count("Booting worker") == 2


def test_run_with_the_gevent_server(tmp_path: pathlib.Path):
    port = free_port()
    code = f"import hello; hello.app.run(port={port}, host='127.0.0.1', server='gevent')"
    with serve([sys.executable, "-c", code], tmp_path, port):
        assert greet(port, "dave") == (200, "Hello dave")
        status, content_type, _ = problem_of(port, "/openapi/greeting/dave")
        assert (status, content_type) == (405, PROBLEM)


# --- the two commands of README.rst -------------------------------------------------------------

ROOT = EXAMPLES.parent
TRY_IT = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[flask]' && "
    ".venv/bin/python examples/helloworld/hello.py"
)
RUN_TESTS = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[tests]' && .venv/bin/python -m pytest"
)


def test_readme_gives_both_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.rst").read_text()
    assert f"\n    {TRY_IT}\n" in readme
    assert f"\n    {RUN_TESTS}\n" in readme
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci_lines[-1] == RUN_TESTS
