"""Errors: every error is an RFC 7807 application/problem+json answer, never a traceback."""

from __future__ import annotations

from http import HTTPStatus

import pytest

import tests.fakeapi.errors as handlers
from tests.conftest import build_app

PROBLEM = "application/problem+json"


def assert_problem(response, status):
    """``response`` is a problem with ``status`` and every RFC 7807 member; return its body."""
    assert response.status_code == status
    assert response.headers["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["type"], str) and body["type"]
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in response.text
    assert handlers.SECRET not in response.text
    return body


@pytest.fixture
def client(backend, spec_version):
    return build_app(backend, f"errors/{spec_version}.yaml").test_client()


# --- every status of the HTTP contract -----------------------------------------------------------


def test_400_for_a_bad_parameter(client):
    body = assert_problem(client.get("/errors/items/abc"), 400)
    assert body["title"] == "Bad Request"
    assert body["type"] == "about:blank"


def test_400_for_a_parameter_breaking_its_schema(client):
    assert_problem(client.get("/errors/items/1", query_string={"limit": "0"}), 400)


def test_400_for_a_body_breaking_its_schema(client):
    assert_problem(client.post("/errors/items", json={"nom": "x"}), 400)


def test_400_for_malformed_json(client):
    response = client.post(
        "/errors/items", data=b'{"name": ', headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400)


def test_401_for_an_operation_requiring_credentials(client):
    response = client.get("/errors/secure")
    body = assert_problem(response, 401)
    assert body["title"] == "Unauthorized"
    assert "WWW-Authenticate" in response.headers


def test_403_raised_by_a_handler(client):
    body = assert_problem(client.get("/errors/raise/oauth_scope"), 403)
    assert body["title"] == "Forbidden"
    assert "write" in body["detail"]


def test_404_for_an_unknown_path_under_the_base_path(client):
    body = assert_problem(client.get("/errors/nowhere"), 404)
    assert body["title"] == "Not Found"


def test_404_for_an_unknown_path_outside_every_api(client):
    assert_problem(client.get("/not/an/api/at/all"), 404)


def test_405_for_a_method_the_path_does_not_have(client):
    response = client.put("/errors/items/1")
    body = assert_problem(response, 405)
    assert body["title"] == "Method Not Allowed"
    assert "GET" in response.headers.get("Allow", "")


def test_415_for_a_body_of_the_wrong_media_type(client):
    response = client.post("/errors/items", data=b"name=x", headers={"Content-Type": "text/plain"})
    body = assert_problem(response, 415)
    assert body["title"] == "Unsupported Media Type"


def test_500_for_an_arbitrary_exception_tells_nothing(client):
    response = client.get("/errors/raise/arbitrary")
    body = assert_problem(response, 500)
    assert body["title"] == "Internal Server Error"
    assert "ValueError" not in response.text
    assert "cannot connect" not in response.text


def test_500_for_a_key_error(client):
    response = client.get("/errors/raise/key_error")
    assert_problem(response, 500)
    assert "KeyError" not in response.text


# --- connexion.problem() -------------------------------------------------------------------------


def test_problem_with_every_member(client):
    response = client.get("/errors/problem/full")
    assert response.status_code == 418
    assert response.headers["Content-Type"] == PROBLEM
    assert response.headers["X-Tea"] == "earl grey"
    assert response.json() == {
        "type": "https://example.com/problems/teapot",
        "title": "I'm a teapot",
        "detail": "Short and stout",
        "status": 418,
        "instance": "/errors/problem/full",
        "brew": "hot",
        "cups": 2,
    }


def test_problem_defaults_its_type_to_about_blank(client):
    response = client.get("/errors/problem/minimal")
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "detail": "No such kettle",
        "status": 404,
    }
    assert_problem(response, 404)


def test_problem_accepts_an_http_status(client):
    body = assert_problem(client.get("/errors/problem/http_status"), 409)
    assert body["title"] == "Conflict"


# --- the ProblemException family raised from a handler -------------------------------------------


def test_problem_exception_with_ext_and_headers(client):
    response = client.get("/errors/raise/problem_exception")
    assert response.status_code == 409
    assert response.headers["Content-Type"] == PROBLEM
    assert response.headers["X-Problem"] == "clash"
    assert response.json() == {
        "type": "https://example.com/problems/clash",
        "title": "Conflict",
        "detail": "The item clashes with another one",
        "status": 409,
        "instance": "/errors/raise/problem_exception",
        "clash_with": 7,
    }


def test_problem_exception_defaults(client):
    body = assert_problem(client.get("/errors/raise/problem_exception_defaults"), 400)
    assert body["type"] == "about:blank"
    assert body["title"] == "Bad Request"


@pytest.mark.parametrize(
    ("kind", "status", "title", "detail"),
    [
        ("oauth", 401, "Unauthorized", "The token has expired"),
        ("oauth_response", 401, "Unauthorized", "Provided token is not valid"),
        ("oauth_scope", 403, "Forbidden", None),
        ("bad_request", 400, "Bad Request", "The moon is in the wrong phase"),
        ("unsupported", 415, "Unsupported Media Type", "Only carrier pigeons are accepted"),
    ],
)
def test_problem_exception_subclasses(client, kind, status, title, detail):
    body = assert_problem(client.get(f"/errors/raise/{kind}"), status)
    assert body["title"] == title
    if detail is not None:
        assert body["detail"] == detail


# --- error handlers ------------------------------------------------------------------------------


def test_add_error_handler_for_an_exception_class(backend, spec_version):
    app = build_app(backend, f"errors/{spec_version}.yaml")
    app.add_error_handler(handlers.CustomError, handlers.handle_custom_error)
    client = app.test_client()

    response = client.get("/errors/raise/custom")
    assert response.status_code == 422
    assert response.headers["X-Handled"] == "1"
    assert response.json()["detail"] == "Handled CustomError"

    response = client.get("/errors/raise/custom_child")
    assert response.status_code == 422
    assert response.json()["detail"] == "Handled CustomChildError"

    # Other errors keep the default handling.
    assert_problem(client.get("/errors/raise/arbitrary"), 500)
    assert_problem(client.get("/errors/items/abc"), 400)


def test_add_error_handler_for_a_status_code(backend, spec_version):
    app = build_app(backend, f"errors/{spec_version}.yaml")
    app.add_error_handler(404, handlers.handle_not_found)
    client = app.test_client()
    body = assert_problem(client.get("/errors/nowhere"), 404)
    assert body["title"] == "Nothing here"
    assert body["detail"] == "A custom 404"


def test_without_a_handler_a_custom_error_is_a_500_problem(client):
    response = client.get("/errors/raise/custom")
    assert_problem(response, 500)
    assert "custom trouble" not in response.text


def test_skip_error_handlers_leaves_the_framework_handling(backend, spec_version):
    app = build_app(
        backend, f"errors/{spec_version}.yaml", app_options={"skip_error_handlers": True}
    )
    client = app.test_client()

    response = client.get("/errors/nowhere")
    assert response.status_code == 404
    assert not response.headers.get("Content-Type", "").startswith(PROBLEM)

    response = client.get("/errors/raise/arbitrary")
    assert response.status_code == 500
    assert not response.headers.get("Content-Type", "").startswith(PROBLEM)
    assert handlers.SECRET not in response.text

    # What the spec itself rejects is still answered by connexion, as a problem.
    assert_problem(client.get("/errors/items/abc"), 400)
    assert_problem(client.get("/errors/raise/problem_exception_defaults"), 400)


def test_status_codes_in_problems_are_plain_integers(client):
    body = client.get("/errors/items/abc").json()
    assert type(body["status"]) is int
    assert body["status"] == HTTPStatus.BAD_REQUEST
