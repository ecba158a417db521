"""End-to-end basics on the petstore fixture, in Swagger 2.0 and OpenAPI 3.0."""

from __future__ import annotations

import pytest

from tests.conftest import build_app


@pytest.fixture
def client(backend, spec_version):
    return build_app(backend, f"petstore/{spec_version}.yaml").test_client()


def test_get_list_with_typed_query(client):
    response = client.get("/v1/pets", query_string={"limit": "1"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == [{"id": 1, "name": "Rex", "tag": "dog"}]


def test_array_query_parameter(client):
    response = client.get("/v1/pets?tags=cat,bird")
    assert response.status_code == 200
    assert [pet["name"] for pet in response.json()] == ["Tom"]


def test_path_parameter_is_cast(client):
    response = client.get("/v1/pets/2")
    assert response.status_code == 200
    assert response.json()["name"] == "Tom"


def test_concrete_path_wins_over_template(client):
    response = client.get("/v1/pets/mine")
    assert response.status_code == 200
    assert response.json() == {
        "when": "2024-01-02T03:04:05Z",
        "day": "2024-01-02",
        "price": 1.5,
        "id": "12345678-1234-5678-1234-567812345678",
    }


def test_wrong_path_type_is_a_400_problem(client):
    response = client.get("/v1/pets/abc")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Bad Request"
    assert problem["errors"][0]["in"] == "path"
    assert problem["errors"][0]["path"] == "petId"


def test_every_validation_error_is_listed(client):
    response = client.get("/v1/pets", query_string={"limit": "0"})
    assert response.status_code == 400
    response = client.post("/v1/pets", json={"name": "", "age": -1})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["in"], e["path"]) for e in errors} == {("body", "/name"), ("body", "/age")}


def test_post_json_body(client):
    response = client.post("/v1/pets", json={"name": "Kit"})
    assert response.status_code == 201
    assert response.headers["Location"] == "/v1/pets/3"
    assert response.json() == {"id": 3, "name": "Kit"}


def test_missing_required_body(client):
    response = client.post("/v1/pets")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"


def test_malformed_json_is_a_400(client):
    response = client.post(
        "/v1/pets", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert "Traceback" not in response.text


def test_wrong_content_type_is_a_415(client):
    response = client.post("/v1/pets", data=b"name=x", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["status"] == 415


def test_no_content(client):
    response = client.delete("/v1/pets/1")
    assert response.status_code == 204
    assert response.content == b""


def test_problem_returned_by_handler(client):
    response = client.get("/v1/pets/99")
    assert response.status_code == 404
    assert response.json()["detail"] == "Pet 99 does not exist"


def test_unknown_path_is_a_404_problem(client):
    response = client.get("/v1/nothing")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_wrong_method_is_a_405_problem(client):
    response = client.put("/v1/pets")
    assert response.status_code == 405
    assert response.json()["status"] == 405


def test_head_is_served_by_get(client):
    response = client.head("/v1/pets/1")
    assert response.status_code == 200
    assert response.content == b""


def test_response_validation(backend, spec_version):
    client = build_app(
        backend, f"petstore/{spec_version}.yaml", validate_responses=True
    ).test_client()
    response = client.get("/v1/broken")
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/problem+json"
    assert client.get("/v1/pets/1").status_code == 200
    assert client.post("/v1/pets", json={"name": "Kit"}).status_code == 201


def test_options_lists_the_allowed_methods(client):
    response = client.options("/v1/pets")
    assert response.status_code == 200
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert allowed == {"GET", "HEAD", "POST", "OPTIONS"}
