"""The examples under examples/ work as their READMEs say.

The hello world and petstore examples build a ``FlaskApp``; examples/backends and the auth
examples switch backend by one line, and are tested on every backend. The servers of
README.rst's "Deployment" section are tested in tests/servers/test_deployments.py.
"""

from __future__ import annotations

import importlib
import pathlib
import sys
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


# --- the two commands of README.rst -------------------------------------------------------------

ROOT = EXAMPLES.parent
TRY_IT = (
    "python3 -m venv .venv && .venv/bin/pip install -e '.[flask,swagger-ui]' && "
    ".venv/bin/python examples/helloworld/hello.py"
)
RUN_TESTS = (
    "bash .ci/install-chromium && python3 -m venv .venv && "
    ".venv/bin/pip install -e '.[tests]' && .venv/bin/python -m pytest"
)


def test_readme_gives_both_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.rst").read_text()
    assert f"\n    {TRY_IT}\n" in readme
    assert f"\n    {RUN_TESTS}\n" in readme
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci_lines[-1] == RUN_TESTS


# --- backends: one spec, one module of def handlers, three backends ------------------------------
# These tests take the ``backend`` fixture: the example runs on Flask, aiohttp and Quart.

BACKEND_CLASSES = {"flask": "FlaskApp", "aiohttp": "AioHttpApp", "quart": "QuartApp"}


@pytest.fixture
def backends_example() -> Iterator[ModuleType]:
    yield from import_example("backends", "app")


def switch_line(source: str, backend: str) -> str:
    """``source`` with the one ``APP_CLASS`` line switched to ``backend``, as a user would."""
    chosen = BACKEND_CLASSES[backend]
    lines = []
    for line in source.splitlines(keepends=True):
        bare = line.removeprefix("# ")
        if bare.startswith("APP_CLASS = connexion."):
            name = bare.strip().removeprefix("APP_CLASS = connexion.")
            line = bare if name == chosen else "# " + bare
        lines.append(line)
    return "".join(lines)


def test_backends_example_has_one_switch_line():
    source = (EXAMPLES / "backends" / "app.py").read_text()
    switch = [line for line in source.splitlines() if "APP_CLASS = connexion." in line]
    assert switch == [
        "APP_CLASS = connexion.FlaskApp",
        "# APP_CLASS = connexion.AioHttpApp",
        "# APP_CLASS = connexion.QuartApp",
    ]
    readme = (EXAMPLES / "backends" / "README.rst").read_text()
    for line in switch:
        assert line.removeprefix("# ") in readme


def exercise_notes(client: Any) -> None:
    """What the backends example's README promises, on whichever backend serves it."""
    assert client.get("/api/notes").json() == []
    response = client.post("/api/notes", json={"text": "buy milk", "tags": ["home"]})
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/notes/1"
    assert response.json() == {"id": 1, "text": "buy milk", "tags": ["home"]}
    client.post("/api/notes", json={"text": "call Ada"})
    client.post("/api/notes", json={"text": "write docs"})
    assert [n["id"] for n in client.get("/api/notes", query_string={"limit": "2"}).json()] == [
        1,
        2,
    ]
    assert client.get("/api/notes/2").json() == {"id": 2, "text": "call Ada"}

    response = client.delete("/api/notes/2")
    assert response.status_code == 204
    assert response.content == b""
    for method in (client.get, client.delete):
        response = method("/api/notes/2")
        assert response.status_code == 404
        assert response.headers["Content-Type"] == PROBLEM
        assert response.json()["detail"] == "Note 2 does not exist"

    response = client.post("/api/notes", json={"id": 9, "text": ""})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == PROBLEM
    assert {(e["in"], e["path"]) for e in response.json()["errors"]} == {
        ("body", "/id"),
        ("body", "/text"),
    }
    response = client.get("/api/notes", query_string={"limit": "0", "colour": "red"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == PROBLEM
    response = client.get("/api/notes/abc")
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "note_id"

    response = client.get("/api/request", headers={"X-Request-Id": "r-1"})
    assert response.json() == {
        "method": "GET",
        "path": "/api/request",
        "args": {},
        "request_id": "r-1",
    }
    assert client.get("/api/openapi.json").json()["info"]["title"] == "Backends Example"


def test_backends_example_on_every_backend(backends_example: ModuleType, backend: str):
    app = backends_example.create_app(backends_example.BACKENDS[backend])
    assert type(app).__name__ == BACKEND_CLASSES[backend]
    exercise_notes(app.test_client())


def test_backends_example_switched_by_its_one_line(backend: str, tmp_path: pathlib.Path):
    import shutil

    folder = EXAMPLES / "backends"
    shutil.copy(folder / "openapi.yaml", tmp_path)
    source = switch_line((folder / "app.py").read_text(), backend)
    assert sum(line.startswith("APP_CLASS") for line in source.splitlines()) == 1
    (tmp_path / "app.py").write_text(source)
    sys.path.insert(0, str(tmp_path))
    sys.modules.pop("app", None)
    try:
        module = importlib.import_module("app")
        assert type(module.app).__name__ == BACKEND_CLASSES[backend]
        exercise_notes(module.app.test_client())
    finally:
        sys.modules.pop("app", None)
        sys.path.remove(str(tmp_path))


def test_backends_example_command_line(backend: str, tmp_path: pathlib.Path):
    """``python app.py <backend> --port N`` serves the example with that backend's server."""
    import json
    import socket
    import subprocess
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "app.py", backend, "--port", str(port)],
            cwd=EXAMPLES / "backends",
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )

    def call(method: str, path: str, body: Any = None) -> tuple[int, str, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return (
                    response.status,
                    response.headers["Content-Type"],
                    json.loads(response.read()),
                )
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers["Content-Type"], json.loads(error.read())

    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
            try:
                status, _, notes = call("GET", "/notes")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer in time:\n{log.read_text()}")
                time.sleep(0.2)
        assert (status, notes) == (200, [])
        status, _, note = call("POST", "/notes", {"text": "over HTTP"})
        assert (status, note) == (201, {"id": 1, "text": "over HTTP"})
        assert call("GET", "/notes/1")[2] == note
        status, content_type, problem = call("GET", "/notes/7")
        assert (status, content_type, problem["status"]) == (404, PROBLEM, 404)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # The backend's own server served it.
    banner = {"flask": "Serving Flask app", "aiohttp": "Running on http://", "quart": "Running on"}
    assert banner[backend] in log.read_text()


# --- auth examples: basic, API key, JWT bearer, OAuth2; each on every backend -------------------

AUTH_EXAMPLES = ("basicauth", "apikey", "jwt", "oauth2")


def basic_header(username: str, password: str) -> dict[str, str]:
    import base64

    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def assert_auth_problem(response: Any, status: int, challenge: str | None = None) -> Any:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == PROBLEM
    if challenge is not None:
        assert response.headers["WWW-Authenticate"].startswith(challenge)
    return response.json()


def exercise_basicauth(module: ModuleType, client: Any) -> None:
    response = client.get("/secret", headers=basic_header("admin", "secret"))
    assert response.status_code == 200
    assert response.text == "You are admin and the secret is 'wbevuec'"
    assert client.get("/secret", headers=basic_header("foo", "bar")).text.startswith("You are foo")
    assert_auth_problem(client.get("/secret"), 401, "Basic")
    problem = assert_auth_problem(
        client.get("/secret", headers=basic_header("admin", "wrong")), 401, "Basic"
    )
    assert problem["detail"] == "Provided credentials are not valid for basic"
    assert_auth_problem(client.get("/secret", headers={"Authorization": "Basic ???"}), 401)


def exercise_apikey(module: ModuleType, client: Any) -> None:
    response = client.get("/secret", headers={"X-Auth": "asdf1234567890"})
    assert response.status_code == 200
    assert response.text == "You are 100 and the secret is 'wbevuec'"
    response = client.get("/secret", query_string={"api_key": "qwerty0987654321"})
    assert response.text == "You are 200 and the secret is 'wbevuec'"
    assert_auth_problem(client.get("/secret"), 401, "ApiKey")
    assert_auth_problem(client.get("/secret", headers={"X-Auth": "wrong"}), 401, "ApiKey")
    # A wrong header key is not rescued by a good query key (no fall-through).
    response = client.get(
        "/secret", headers={"X-Auth": "wrong"}, query_string={"api_key": "asdf1234567890"}
    )
    assert_auth_problem(response, 401, "ApiKey")


def exercise_jwt(module: ModuleType, client: Any) -> None:
    import json
    import time

    response = client.get("/auth/42")
    assert response.status_code == 200
    token = response.text
    claims = module.decode_jwt(token, module.JWT_SECRET)
    assert claims["sub"] == "42"
    assert claims["exp"] - claims["iat"] == module.JWT_LIFETIME_SECONDS
    response = client.get("/secret", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.text.startswith("You are user_id 42 and the secret is 'wbevuec'.")

    assert_auth_problem(client.get("/secret"), 401, "Bearer")
    expired = module.encode_jwt(
        {"iss": module.JWT_ISSUER, "sub": "42", "exp": int(time.time()) - 1}, module.JWT_SECRET
    )
    other_key = module.encode_jwt({**claims, "sub": "1"}, b"another secret")
    header, payload, _ = token.split(".")
    unsigned = module._b64url(b'{"alg": "none", "typ": "JWT"}') + f".{payload}."
    forged_payload = module._b64url(json.dumps({**claims, "sub": "1"}).encode())
    tampered = f"{header}.{forged_payload}.{token.split('.')[2]}"
    for bad in (expired, other_key, unsigned, tampered, token + "x", "not.a.jwt", "abc"):
        response = client.get("/secret", headers={"Authorization": f"Bearer {bad}"})
        problem = assert_auth_problem(response, 401, "Bearer")
        assert problem["detail"] == "Provided credentials are not valid for jwt"
    assert_auth_problem(client.get("/auth/0"), 400)


def exercise_oauth2(module: ModuleType, client: Any) -> None:
    def bearer(token: str, **headers: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}", **headers}

    text = {"Content-Type": "text/plain"}
    response = client.get("/secret", headers=bearer("123"))
    assert response.text == "You are jdoe and the secret is 'wbevuec'"
    problem = assert_auth_problem(
        client.put("/secret", data="x", headers=bearer("123", **text)), 403
    )
    assert problem["detail"] == "Provided token does not have the required scopes: write"
    problem = assert_auth_problem(client.get("/secret", headers=bearer("789")), 403)
    assert problem["detail"] == "Provided token does not have the required scopes: read"
    assert_auth_problem(client.get("/secret"), 401, "Bearer")
    assert_auth_problem(client.get("/secret", headers=bearer("000")), 401, "Bearer")

    response = client.put("/secret", data="new secret", headers=bearer("456", **text))
    assert response.status_code == 204
    assert client.get("/secret", headers=bearer("456")).text == (
        "You are rms and the secret is 'new secret'"
    )
    # Put the secret back: the example keeps it in the module, shared by every app built.
    assert client.put("/secret", data="wbevuec", headers=bearer("456", **text)).status_code == 204


@pytest.fixture
def auth_example(
    request: pytest.FixtureRequest, backend: str, tmp_path: pathlib.Path
) -> Iterator[ModuleType]:
    """The example ``request.param`` copied, with its APP_CLASS line switched to ``backend``."""
    import shutil

    folder = tmp_path / request.param
    shutil.copytree(EXAMPLES / request.param, folder)
    source = switch_line((folder / "app.py").read_text(), backend)
    assert sum(line.startswith("APP_CLASS") for line in source.splitlines()) == 1
    (folder / "app.py").write_text(source)
    yield from import_example(str(folder), "app")


@pytest.mark.parametrize("auth_example", AUTH_EXAMPLES, indirect=True)
def test_auth_example_on_every_backend(auth_example: ModuleType, backend: str):
    app = auth_example.app
    assert type(app).__name__ == BACKEND_CLASSES[backend]
    name = pathlib.Path(auth_example.__file__).parent.name
    exercise = globals()[f"exercise_{name}"]
    exercise(auth_example, app.test_client())
    # create_app(<class>) is the other way to pick the backend (the command line uses it).
    exercise(auth_example, auth_example.create_app(auth_example.BACKENDS[backend]).test_client())


@pytest.mark.parametrize("name", AUTH_EXAMPLES)
def test_auth_examples_have_one_switch_line_and_a_readme(name: str):
    source = (EXAMPLES / name / "app.py").read_text()
    assert [line for line in source.splitlines() if "APP_CLASS = connexion." in line] == [
        "APP_CLASS = connexion.FlaskApp",
        "# APP_CLASS = connexion.AioHttpApp",
        "# APP_CLASS = connexion.QuartApp",
    ]
    readme = (EXAMPLES / name / "README.rst").read_text()
    assert f"python examples/{name}/app.py" in readme
    assert (EXAMPLES / name / "openapi.yaml").is_file()


def test_jwt_example_needs_no_jwt_library():
    source = (EXAMPLES / "jwt" / "app.py").read_text()
    imported = {
        line.split()[1].split(".")[0]
        for line in source.splitlines()
        if line.startswith(("import ", "from "))
    }
    assert imported <= {"__future__", "argparse", "base64", "binascii", "hashlib", "hmac"} | {
        "json",
        "os",
        "pathlib",
        "time",
        "typing",
        "connexion",
    }
