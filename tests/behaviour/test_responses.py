"""Responses: every return form, serialisation by media type, HEAD, response validation."""

from __future__ import annotations

import pytest

from tests.conftest import build_app


@pytest.fixture
def client(backend, spec_version):
    return build_app(backend, f"responses/{spec_version}.yaml").test_client()


@pytest.fixture
def validating_client(backend, spec_version):
    app = build_app(backend, f"responses/{spec_version}.yaml", validate_responses=True)
    return app.test_client()


# --- return forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "status", "headers"),
    [
        ("body", 200, {}),
        ("one_tuple", 200, {}),
        ("body_status", 201, {}),
        ("body_headers", 200, {"X-Form": "body_headers"}),
        ("body_status_headers", 201, {"X-Form": "body_status_headers"}),
        ("body_status_header_pairs", 201, {"X-Form": "body_status_header_pairs", "X-Other": "2"}),
        ("http_status", 202, {}),
        ("http_status_headers", 201, {"X-Form": "http_status_headers"}),
        ("connexion_response", 202, {"X-Form": "connexion_response"}),
        ("connexion_response_without_type", 201, {}),
    ],
)
def test_return_forms_with_a_json_body(client, form, status, headers):
    response = client.get(f"/responses/forms/{form}")
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"form": form}
    for name, value in headers.items():
        assert response.headers[name] == value


def test_status_alone_is_not_mistaken_for_headers(client):
    response = client.get("/responses/forms/body_status")
    assert "X-Form" not in response.headers


def test_no_content_is_an_empty_204(client):
    response = client.get("/responses/forms/no_content")
    assert response.status_code == 204
    assert response.content == b""


def test_no_content_with_a_status(client):
    response = client.get("/responses/forms/no_content_status")
    assert response.status_code == 202
    assert response.content == b""


def test_no_content_with_headers(client):
    response = client.get("/responses/forms/no_content_headers")
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["X-Form"] == "no_content_headers"


def test_empty_list_is_a_json_body_not_no_content(client):
    response = client.get("/responses/forms/empty_list")
    assert response.status_code == 200
    assert response.json() == []


def test_string_from_a_json_operation_is_json_encoded(client):
    response = client.get("/responses/forms/string_in_json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == "just a string"


def test_connexion_response_with_its_own_content_type(client):
    response = client.get("/responses/forms/connexion_response_text")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text == "plain words"


def test_handler_returning_an_unknown_form_is_a_500_problem(client):
    # The handler raises KeyError: never a traceback, always a problem.
    response = client.get("/responses/forms/unknown")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "KeyError" not in response.text


# --- serialisation by media type -----------------------------------------------------------------


def test_text_plain_handler_returns_the_string_as_it_is(client):
    response = client.get("/responses/text")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == "Héllo, plain text ✓".encode()


@pytest.mark.parametrize(
    ("accept", "content_type", "content"),
    [
        ("application/json", "application/json", b'"hello"'),
        ("text/plain", "text/plain; charset=utf-8", b"hello"),
        ("text/plain;q=0.5, application/json", "application/json", b'"hello"'),
        ("application/json;q=0.1, text/*", "text/plain; charset=utf-8", b"hello"),
        ("text/html, text/plain;q=0.9", "text/plain; charset=utf-8", b"hello"),
    ],
)
def test_accept_header_picks_among_the_spec_media_types(client, accept, content_type, content):
    response = client.get("/responses/negotiated", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.content.strip() == content


def test_without_accept_the_first_media_type_is_used(client):
    response = client.get("/responses/negotiated")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == "hello"


def test_content_type_returned_by_the_handler_wins(client):
    response = client.get("/responses/explicit-content-type")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; header=present"
    assert response.text == "a,b\n1,2\n"


def test_bytes_are_sent_untouched(client):
    response = client.get("/responses/bytes")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/octet-stream"
    assert response.content == b"\x00\x01\xfe\xff"


def test_json_of_datetime_date_decimal_and_uuid(client):
    response = client.get("/responses/types")
    assert response.status_code == 200
    assert response.json() == {
        "naive": "2024-01-02T03:04:05Z",
        "aware": "2024-01-02T03:04:05+02:00",
        "utc": "2024-01-02T03:04:05.600000+00:00",
        "day": "2024-01-02",
        "price": 1.5,
        "id": "12345678-1234-5678-1234-567812345678",
        "nested": [{"day": "1999-12-31"}, 2.0],
    }


# --- HEAD ----------------------------------------------------------------------------------------


def test_head_is_served_by_get(client):
    get = client.get("/responses/forms/body_headers")
    head = client.head("/responses/forms/body_headers")
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["X-Form"] == "body_headers"


def test_head_keeps_the_handler_status(client):
    response = client.head("/responses/forms/body_status")
    assert response.status_code == 201
    assert response.content == b""


# --- response validation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("good", 200),
        ("good_lowercase_header", 200),
        ("list_good", 201),
        ("problem", 404),
    ],
)
def test_conforming_responses_pass_validation(validating_client, case, status):
    response = validating_client.get(f"/responses/validated/{case}")
    assert response.status_code == status
    if status == 404:
        assert response.json()["detail"] == "No such thing"


@pytest.mark.parametrize(
    "path",
    [
        "/responses/text",
        "/responses/negotiated",
        "/responses/bytes",
        "/responses/types",
        "/responses/forms/no_content",
        "/responses/forms/body_status_headers",
    ],
)
def test_validation_leaves_other_conforming_operations_alone(validating_client, path):
    response = validating_client.get(path)
    assert response.status_code in (200, 201, 204)


@pytest.mark.parametrize("case", ["bad_type", "missing_field", "list_bad"])
def test_body_breaking_the_schema_is_a_500_problem(validating_client, case):
    response = validating_client.get(f"/responses/validated/{case}")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 500
    assert problem["title"] == "Response body does not conform to specification"
    assert problem["type"] == "about:blank"
    assert problem["detail"]


def test_missing_required_response_header_is_a_500_problem(validating_client):
    response = validating_client.get("/responses/validated/missing_header")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 500
    assert "X-Rate-Limit" in problem["detail"]


@pytest.mark.parametrize("case", ["bad_type", "missing_field", "missing_header", "list_bad"])
def test_without_validation_nonconforming_responses_go_out(client, case):
    response = client.get(f"/responses/validated/{case}")
    assert response.status_code in (200, 201)
    assert response.headers["Content-Type"] == "application/json"
