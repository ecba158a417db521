"""What is truly Flask: FlaskApp's constructor, WSGI, plain Flask routes, servers, encoders."""

from __future__ import annotations

import datetime
import decimal
import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import Any

import flask
import pytest
import werkzeug.exceptions
from werkzeug.test import EnvironBuilder

import connexion
from connexion.apis.flask_api import FlaskApi
from connexion.apps.flask_app import FlaskApp, FlaskJSONEncoder, IntegerConverter, NumberConverter
from connexion.exceptions import ResolverError
from tests.conftest import FIXTURES

REPO = pathlib.Path(__file__).resolve().parents[3]


def make_app(spec: str | dict[str, Any] | None = "routing/openapi.yaml", **kwargs: Any) -> Any:
    app = FlaskApp(__name__, specification_dir=FIXTURES, **kwargs)
    if spec is not None:
        app.add_api(spec)
    return app


def one_operation_spec(operation_id: str, path: str = "/op") -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "One", "version": "1.0"},
        "servers": [{"url": "/one"}],
        "paths": {
            path: {
                "get": {
                    "operationId": operation_id,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            }
        },
    }


# --- names and types -----------------------------------------------------------------------------


def test_public_names():
    assert connexion.App is FlaskApp
    assert connexion.FlaskApp is FlaskApp
    assert connexion.Api is FlaskApi
    assert connexion.FlaskApi is FlaskApi
    assert issubclass(FlaskApp, connexion.AbstractApp)
    assert issubclass(FlaskApi, connexion.AbstractAPI)


def test_app_wraps_a_flask_app():
    app = make_app(spec=None)
    assert isinstance(app.app, flask.Flask)
    assert app.app.import_name == __name__
    assert app.app.url_map.converters["float"] is NumberConverter
    assert app.app.url_map.converters["int"] is IntegerConverter


def test_add_api_returns_the_api_with_its_registered_blueprint():
    app = make_app(spec=None)
    api = app.add_api("routing/openapi.yaml")
    assert isinstance(api, FlaskApi)
    assert isinstance(api.blueprint, flask.Blueprint)
    assert api.blueprint.url_prefix == "/routing"
    assert any(bp is api.blueprint for bp in app.app.blueprints.values())


# --- constructor arguments -----------------------------------------------------------------------


def test_specification_dir_relative_to_the_app_module():
    # This module lives in tests/backends/flask; its root path is that folder.
    app = FlaskApp(__name__, specification_dir="../../fixtures")
    app.add_api("routing/swagger.yaml")
    assert app.test_client().get("/routing/greeting/Ada").json() == {"greeting": "Hello Ada"}


def test_specification_dir_absolute_as_str_or_path():
    for folder in (str(FIXTURES), FIXTURES):
        app = FlaskApp(__name__, specification_dir=folder)
        app.add_api("routing/openapi.yaml")
        assert app.test_client().get("/routing/greeting/Bo").status_code == 200


def test_spec_path_outside_specification_dir():
    app = FlaskApp(__name__, specification_dir="/nonexistent")
    app.add_api(FIXTURES / "routing" / "openapi.yaml")
    assert app.test_client().get("/routing/greeting/Cy").status_code == 200


def test_missing_spec_file_fails_add_api():
    app = make_app(spec=None)
    with pytest.raises(FileNotFoundError):
        app.add_api("routing/does-not-exist.yaml")


def test_server_args_reach_the_flask_constructor():
    app = make_app(
        server_args={"static_folder": str(FIXTURES / "routing"), "static_url_path": "/files"}
    )
    assert app.app.static_url_path == "/files"
    response = app.test_client().get("/files/openapi.yaml")
    assert response.status_code == 200
    assert "openapi: 3.0.3" in response.text


def test_options_in_the_constructor():
    app = make_app(options={"serve_spec": False})
    client = app.test_client()
    assert client.get("/routing/openapi.json").status_code == 404
    assert client.get("/routing/greeting/Ada").status_code == 200


def test_constructor_defaults():
    app = make_app(spec=None)
    assert app.import_name == __name__
    assert app.server == "flask"
    assert FlaskApp(__name__, server="gevent").server == "gevent"


# --- WSGI and test clients -----------------------------------------------------------------------


def test_app_is_a_wsgi_callable():
    app = make_app()
    environ = EnvironBuilder(path="/routing/greeting/Ada", method="GET").get_environ()
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        seen["status"], seen["headers"] = status, dict(headers)
        return lambda data: None

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    assert seen["status"] == "200 OK"
    assert seen["headers"]["Content-Type"] == "application/json"
    assert json.loads(body) == {"greeting": "Hello Ada"}


def test_flask_test_client_works_too():
    app = make_app()
    response = app.app.test_client().get("/routing/greeting/Ada")
    assert response.status_code == 200
    assert response.get_json() == {"greeting": "Hello Ada"}


def test_connexion_test_client():
    client = make_app().test_client()
    response = client.get("/routing/items/3")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"item": 3}
    assert response.text.strip() == '{"item": 3}'
    assert json.loads(response.content) == {"item": 3}


# --- plain Flask routes and error handlers -------------------------------------------------------


def test_add_url_rule_adds_a_plain_flask_route():
    app = make_app()
    app.add_url_rule("/plain/<name>", "plain", lambda name: f"plain {name}")
    app.add_url_rule("/plain-post", view_func=lambda: ("posted", 201), methods=["POST"])
    client = app.test_client()
    response = client.get("/plain/flask")
    assert response.status_code == 200
    assert response.text == "plain flask"
    assert client.post("/plain-post").status_code == 201
    assert client.get("/routing/greeting/Ada").status_code == 200


def test_route_decorator_adds_a_plain_flask_route():
    app = make_app()

    @app.route("/decorated", methods=["GET", "PUT"])
    def decorated():
        return flask.jsonify(method=flask.request.method)

    client = app.test_client()
    assert decorated.__name__ == "decorated"
    assert client.put("/decorated").json() == {"method": "PUT"}
    assert client.delete("/decorated").status_code == 405


def test_route_with_an_explicit_endpoint():
    app = make_app()

    @app.route("/named", endpoint="my_endpoint")
    def named():
        return "named"

    assert "my_endpoint" in app.app.view_functions
    with app.app.test_request_context():
        assert flask.url_for("my_endpoint") == "/named"


class Teapot(Exception):
    pass


def test_add_error_handler_with_a_flask_response():
    app = make_app()

    @app.route("/teapot")
    def teapot():
        raise Teapot("short and stout")

    app.add_error_handler(Teapot, lambda exc: (flask.jsonify(error=str(exc)), 418))
    response = app.test_client().get("/teapot")
    assert response.status_code == 418
    assert response.json() == {"error": "short and stout"}


def test_errors_of_plain_routes_are_problems_too():
    app = make_app()

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret detail")

    @app.route("/gone")
    def gone():
        flask.abort(410)

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "secret detail" not in response.text
    response = client.get("/gone")
    assert response.status_code == 410
    assert response.json()["title"] == "Gone"


def test_werkzeug_exception_from_a_handler_is_a_problem():
    app = make_app("errors/openapi.yaml")
    response = app.test_client().get("/errors/raise/werkzeug")
    assert response.status_code == 409
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Conflict"
    assert problem["detail"] == "The kettle is already on"
    assert problem["status"] == 409


def test_common_error_handler_is_public():
    app = make_app(spec=None)
    with app.app.test_request_context():
        response = app.common_error_handler(werkzeug.exceptions.NotFound())
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_skip_error_handlers_leaves_flask_html_errors():
    app = make_app("errors/openapi.yaml", skip_error_handlers=True)
    client = app.test_client()
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    response = client.get("/errors/raise/arbitrary")
    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/html")
    assert "hunter2" not in response.text


# --- handlers ------------------------------------------------------------------------------------


def test_async_handler_is_refused_at_add_api():
    app = make_app(spec=None)
    with pytest.raises(ResolverError) as info:
        app.add_api(one_operation_spec("tests.fakeapi.routing.async_hello"))
    message = info.value.reason
    assert "async def" in message
    assert "tests.fakeapi.routing.async_hello" in message
    assert "GET /op" in message


def test_flask_response_is_passed_through():
    app = make_app("responses/openapi.yaml")
    response = app.test_client().get("/responses/framework-response")
    assert response.status_code == 203
    assert response.headers["Content-Type"].startswith("text/x-flask")
    assert response.headers["X-Flask"] == "yes"
    assert response.text == "made by flask"


def test_flask_response_passes_response_validation():
    app = FlaskApp(__name__, specification_dir=FIXTURES)
    app.add_api("responses/swagger.yaml", validate_responses=True)
    assert app.test_client().get("/responses/framework-response").status_code == 203


def test_connexion_request_falls_back_to_flask_request():
    app = make_app(one_operation_spec("tests.fakeapi.context.framework_request"))
    response = app.test_client().get("/one/op", headers={"User-Agent": "probe/1.0"})
    assert response.status_code == 200
    assert response.json() == {
        "remote_addr": "127.0.0.1",
        "user_agent": "probe/1.0",
        "flask_path": "/one/op",
        "same_object": True,
    }


def test_connexion_request_is_flask_request_in_plain_routes():
    # connexion 2 code reads connexion.request in plain Flask routes and error handlers.
    app = make_app()

    @app.route("/plain-args")
    def plain_args():
        return {"q": connexion.request.args.get("q"), "path": connexion.request.path}

    response = app.test_client().get("/plain-args", query_string={"q": "x"})
    assert response.status_code == 200
    assert response.json() == {"q": "x", "path": "/plain-args"}


# --- JSON encoders -------------------------------------------------------------------------------


class StringDecimalEncoder(FlaskJSONEncoder):
    """As openapi-generator's servers do: subclass FlaskJSONEncoder, override default()."""

    def default(self, o: Any) -> Any:
        if isinstance(o, decimal.Decimal):
            return f"decimal:{o}"
        return super().default(o)


def test_flask_json_encoder():
    document = json.dumps(
        {
            "at": datetime.datetime(2024, 5, 6, 7, 8, 9),
            "day": datetime.date(2024, 5, 6),
            "price": decimal.Decimal("2.5"),
        },
        cls=FlaskJSONEncoder,
    )
    assert json.loads(document) == {
        "at": "2024-05-06T07:08:09Z",
        "day": "2024-05-06",
        "price": 2.5,
    }


@pytest.mark.parametrize("when", ["before add_api", "after add_api"])
def test_user_json_encoder_takes_effect(when):
    app = FlaskApp(__name__, specification_dir=FIXTURES)
    if when == "before add_api":
        app.app.json_encoder = StringDecimalEncoder
    app.add_api("responses/openapi.yaml")
    if when == "after add_api":
        app.app.json_encoder = StringDecimalEncoder
    body = app.test_client().get("/responses/types").json()
    assert body["price"] == "decimal:1.5"
    assert body["nested"][1] == "decimal:2"
    # What the subclass does not override still comes from FlaskJSONEncoder.
    assert body["naive"] == "2024-01-02T03:04:05Z"
    assert body["id"] == "12345678-1234-5678-1234-567812345678"


def test_user_json_encoder_is_per_app():
    customised = FlaskApp(__name__, specification_dir=FIXTURES)
    customised.app.json_encoder = StringDecimalEncoder
    customised.add_api("responses/openapi.yaml")
    plain = make_app("responses/openapi.yaml")
    assert customised.test_client().get("/responses/types").json()["price"] == "decimal:1.5"
    assert plain.test_client().get("/responses/types").json()["price"] == 1.5


# --- serving real HTTP ---------------------------------------------------------------------------

SERVE = """
import sys

import connexion

folder, port, server, where = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
if where == "constructor":
    app = connexion.FlaskApp(__name__, specification_dir=folder, server=server)
    app.add_api("routing/openapi.yaml")
    app.run(port=port, host="127.0.0.1")
else:
    app = connexion.FlaskApp(__name__, specification_dir=folder)
    app.add_api("routing/openapi.yaml")
    app.run(port=port, host="127.0.0.1", server=server)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_served(url: str, process: subprocess.Popen[bytes], timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise AssertionError(f"the server exited: {process.communicate()[1]!r}")
        try:
            return urllib.request.urlopen(url, timeout=5)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize(
    ("server", "where"),
    [("gevent", "run"), ("gevent", "constructor"), ("flask", "run")],
)
def test_run_serves_real_http(tmp_path, server, where):
    script = tmp_path / "serve.py"
    script.write_text(SERVE)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(script), str(FIXTURES), str(port), server, where],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}/routing"
        with wait_until_served(f"{base}/greeting/Ada", process, timeout=30) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "application/json"
            assert json.loads(response.read()) == {"greeting": "Hello Ada"}
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"{base}/items/abc", timeout=5)
        assert info.value.code == 400
        assert info.value.headers["Content-Type"] == "application/problem+json"
        info.value.close()
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate(timeout=10)


def test_run_with_an_unknown_server_fails():
    with pytest.raises(ValueError, match="nope"):
        make_app().run(server="nope", port=free_port())
