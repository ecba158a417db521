"""Request bodies: JSON, forms, files, text and bytes, decoded, validated and named.

The fixture specs (tests/fixtures/bodies) describe the same operations in Swagger 2.0 and
OpenAPI 3.0; the handlers are in tests/fakeapi/bodies.py.
"""

from __future__ import annotations

import io
import json

import pytest

from tests.conftest import build_app

JSON = {"Content-Type": "application/json"}
ORDER = {"customer": "ann", "items": [{"sku": "ABC-1", "qty": 2}], "note": "by noon"}


@pytest.fixture
def client(backend, spec_version):
    return build_app(backend, f"bodies/{spec_version}.yaml").test_client()


@pytest.fixture
def oas3_client(backend):
    return build_app(backend, "bodies/openapi.yaml").test_client()


def assert_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert "Traceback" not in response.text
    return problem


# --- JSON bodies --------------------------------------------------------------------------


def test_json_body_reaches_the_handler_under_its_spec_name(client):
    # Swagger 2: the body parameter's name; OpenAPI 3: x-body-name on the requestBody
    response = client.post("/v1/orders", json=ORDER)
    assert response.status_code == 201
    assert response.json() == {"received": ORDER}


def test_default_body_argument_name(client):
    # OpenAPI 3 without x-body-name, and a Swagger 2 body parameter named "body"
    response = client.post("/v1/echo", json={"any": ["thing", 1]})
    assert response.status_code == 200
    assert response.json() == {"body": {"any": ["thing", 1]}}


def test_x_body_name_inside_the_schema(oas3_client):
    response = oas3_client.post("/v1/legacy-name", json={"a": 1})
    assert response.status_code == 200
    assert response.json() == {"payload": {"a": 1}}


@pytest.mark.parametrize("value", [[1, "two", None], "text", 3.5, True, 0])
def test_any_json_value_for_an_unconstrained_schema(client, value):
    response = client.post("/v1/echo", json=value)
    assert response.status_code == 200
    assert response.json() == {"body": value}


def test_json_with_a_charset_parameter(client):
    response = client.post(
        "/v1/orders",
        data=json.dumps(ORDER).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201
    assert response.json() == {"received": ORDER}


def test_every_body_error_is_listed_with_its_json_pointer(client):
    order = {
        "customer": "",
        "items": [{"sku": "bad", "qty": 0}, {"qty": "2"}],
        "note": "x" * 21,
        "extra": True,
    }
    problem = assert_problem(client.post("/v1/orders", json=order), 400)
    errors = problem["errors"]
    assert all(e["in"] == "body" for e in errors)
    assert sorted(e["path"] for e in errors) == [
        "",  # additionalProperties
        "/customer",
        "/items/0/qty",
        "/items/0/sku",
        "/items/1",  # sku is required
        "/items/1/qty",
        "/note",
    ]
    by_path = {e["path"]: e["message"] for e in errors}
    assert by_path["/items/0/qty"] == "0 is less than the minimum of 1"
    assert by_path["/items/1/qty"] == "'2' is not of type 'integer'"
    assert "'sku' is a required property" in by_path["/items/1"]
    assert "extra" in by_path[""]
    assert problem["title"] == "Bad Request"
    assert str(len(errors)) in problem["detail"]


def test_a_single_error_is_the_detail(client):
    order = {**ORDER, "items": [{"sku": "ABC-1", "qty": 1001}]}
    problem = assert_problem(client.post("/v1/orders", json=order), 400)
    assert problem["errors"] == [
        {
            "in": "body",
            "path": "/items/0/qty",
            "message": "1001 is greater than the maximum of 1000",
        }
    ]
    assert problem["detail"] == "1001 is greater than the maximum of 1000"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (["an", "array"], "is not of type 'object'"),
        ("a string", "is not of type 'object'"),
        (42, "is not of type 'object'"),
        (None, "None is not of type 'object'"),
    ],
)
def test_wrong_body_type_is_a_400(client, body, message):
    response = client.post("/v1/orders", data=json.dumps(body), headers=JSON)
    problem = assert_problem(response, 400)
    assert problem["errors"][0]["path"] == ""
    assert message in problem["errors"][0]["message"]


def test_missing_required_body_is_a_400(client):
    problem = assert_problem(client.post("/v1/orders"), 400)
    assert problem["errors"] == [{"in": "body", "path": "", "message": "Request body is required"}]


def test_empty_required_json_body_is_a_400(client):
    assert_problem(client.post("/v1/orders", data=b"", headers=JSON), 400)


def test_optional_body_absent_gives_none(client):
    response = client.post("/v1/echo")
    assert response.status_code == 200
    assert response.json() == {"body": None}
    response = client.post("/v1/echo", data=b"", headers=JSON)
    assert response.json() == {"body": None}


def test_optional_body_absent_gives_the_schema_default(client):
    response = client.post("/v1/settings")
    assert response.status_code == 200
    assert response.json() == {"body": {"theme": "light"}}
    # a fresh copy each time: a handler may change what it receives
    assert client.post("/v1/settings").json() == {"body": {"theme": "light"}}


def test_nullable_body(client):
    # OpenAPI 3 nullable: true, Swagger 2 x-nullable: true
    response = client.put("/v1/nullable", data=b"null", headers=JSON)
    assert response.status_code == 200
    assert response.json() == {"body": None, "is_none": True}
    response = client.put("/v1/nullable", json={"name": "x"})
    assert response.json() == {"body": {"name": "x"}, "is_none": False}
    # nullable is about the body itself, not its properties
    problem = assert_problem(client.put("/v1/nullable", json={"name": None}), 400)
    assert problem["errors"][0]["path"] == "/name"


def test_non_nullable_body_refuses_null(client):
    problem = assert_problem(client.post("/v1/measure", data=b"null", headers=JSON), 400)
    assert problem["errors"][0]["in"] == "body"


# --- bad input is a 4xx, never a 500 ------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b'{"customer": "ann",}',
        b"[1, 2",
        b"   ",
        b'{"customer": "ann"} trailing',
        b"\x00\x01\x02",
    ],
)
def test_malformed_json_is_a_400(client, raw):
    problem = assert_problem(client.post("/v1/orders", data=raw, headers=JSON), 400)
    assert "JSON" in problem["detail"]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"customer": "\xff\xfe"}',
        b'{"customer": "\xc3\x28"}',
        b'{"customer": "ann\xed\xa0\x80"}',
    ],
)
def test_invalid_utf8_in_json_is_a_400(client, raw):
    problem = assert_problem(client.post("/v1/echo", data=raw, headers=JSON), 400)
    assert "UTF-8" in problem["detail"]


@pytest.mark.parametrize("path", ["/v1/echo", "/v1/orders"])
@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
        b"[" * 100_000,
    ],
)
def test_deeply_nested_json_is_a_400(client, path, raw):
    problem = assert_problem(client.post(path, data=raw, headers=JSON), 400)
    assert "deep" in problem["detail"] or "JSON" in problem["detail"]


def test_moderately_nested_json_is_accepted(client):
    raw = b"[" * 100 + b"]" * 100
    response = client.post("/v1/echo", data=raw, headers=JSON)
    assert response.status_code == 200
    assert response.json() == {"body": json.loads(raw)}


@pytest.mark.parametrize(
    "raw",
    [
        b'{"value": NaN}',
        b'{"value": Infinity}',
        b'{"value": -Infinity}',
        b'{"value": 1e400}',
        b'{"value": -1e99999}',
    ],
)
def test_numbers_json_cannot_carry_are_a_400(client, raw):
    # not JSON (RFC 8259), and a NaN or an overflowed float would slip past the schema
    assert_problem(client.post("/v1/measure", data=raw, headers=JSON), 400)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"value": 1, "count": ' + b"9" * 5000 + b"}",
        b'{"value": ' + b"9" * 400 + b"}",
        b'{"value": 1.5e300}',
    ],
)
def test_huge_numbers_are_a_400(client, raw):
    assert_problem(client.post("/v1/measure", data=raw, headers=JSON), 400)


def test_numbers_within_range_are_accepted(client):
    response = client.post("/v1/measure", json={"value": 1e300, "count": 10**30})
    assert response.status_code == 200
    assert response.json() == {"value": "1e+300", "type": "float"}
    response = client.post("/v1/measure", json={"value": 7})
    assert response.json() == {"value": "7", "type": "int"}


@pytest.mark.parametrize(
    "body",
    [
        {"value": "1.5"},
        {"value": True},
        {"value": 1, "count": 1.5},
        {"value": 1, "count": "3"},
        {"value": [1]},
        {"value": {"n": 1}},
    ],
)
def test_json_values_are_not_cast(client, body):
    # JSON carries its own types: a string is not a number, as it may be in a query
    problem = assert_problem(client.post("/v1/measure", json=body), 400)
    assert problem["errors"][0]["path"] in ("/value", "/count")


# --- media types --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", b"customer=ann"),
        ("application/xml", b"<order/>"),
        ("application/x-www-form-urlencoded", b"customer=ann"),
        ("application/jsonx", b"{}"),
    ],
)
def test_content_type_the_operation_does_not_accept_is_a_415(client, content_type, data):
    response = client.post("/v1/orders", data=data, headers={"Content-Type": content_type})
    problem = assert_problem(response, 415)
    assert problem["title"] == "Unsupported Media Type"
    assert "application/json" in problem["detail"]


def test_body_without_content_type_is_a_415(client):
    response = client.post("/v1/orders", data=json.dumps(ORDER).encode())
    assert_problem(response, 415)


def test_json_to_a_form_operation_is_a_415(client):
    assert_problem(client.post("/v1/form", json={"name": "ann"}), 415)
    assert_problem(client.post("/v1/upload", json={"description": "x"}), 415)


def test_text_plain_reaches_the_handler_as_str(client):
    response = client.post(
        "/v1/text", data="héllo wörld".encode(), headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 200
    assert response.json() == {"type": "str", "value": "héllo wörld"}


def test_text_plain_is_decoded_by_its_charset(client):
    response = client.post(
        "/v1/text",
        data="héllo".encode("latin-1"),
        headers={"Content-Type": "text/plain; charset=iso-8859-1"},
    )
    assert response.status_code == 200
    assert response.json() == {"type": "str", "value": "héllo"}


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"\xff\xfe\xfa", "text/plain"),
        (b"x", "text/plain; charset=no-such-charset"),
    ],
)
def test_undecodable_text_is_a_400(client, data, content_type):
    response = client.post("/v1/text", data=data, headers={"Content-Type": content_type})
    assert_problem(response, 400)


def test_octet_stream_reaches_the_handler_as_bytes(client):
    data = bytes(range(256)) * 4
    response = client.post(
        "/v1/binary", data=data, headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 200
    assert response.json() == {"type": "bytes", "length": 1024, "head": [0, 1, 2, 3]}


def test_octet_stream_that_is_not_utf8_is_kept_as_is(client):
    response = client.post(
        "/v1/binary", data=b"\xff\x00\xfe", headers={"Content-Type": "application/octet-stream"}
    )
    assert response.status_code == 200
    assert response.json() == {"type": "bytes", "length": 3, "head": [255, 0, 254]}


# --- application/x-www-form-urlencoded ----------------------------------------------------


def test_urlencoded_form_fields_are_cast(client):
    # Swagger 2: one argument per formData parameter; OpenAPI 3: one body dict
    response = client.post(
        "/v1/form", data={"name": "ann", "age": "42", "tags": ["a", "b"], "vip": "true"}
    )
    assert response.status_code == 200
    assert response.json() == {"name": "ann", "age": 42, "tags": ["a", "b"], "vip": True}


def test_urlencoded_form_optional_fields_may_be_absent(client):
    response = client.post("/v1/form", data={"name": "bob"})
    assert response.status_code == 200
    assert response.json() == {"name": "bob", "age": None, "tags": None, "vip": None}


def test_urlencoded_form_missing_required_field_is_a_400(client):
    problem = assert_problem(client.post("/v1/form", data={"age": "3"}), 400)
    assert "name" in problem["detail"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "ann", "age": "old"}, "age"),
        ({"name": "ann", "age": "-1"}, "age"),
        ({"name": "ann", "vip": "maybe"}, "vip"),
        ({"name": ""}, "name"),
    ],
)
def test_urlencoded_form_invalid_field_is_a_400(client, spec_version, data, field):
    problem = assert_problem(client.post("/v1/form", data=data), 400)
    [found] = problem["errors"]
    if spec_version == "openapi":
        assert found["in"] == "body"
        assert found["path"] == "/" + field
    else:
        assert found["in"] == "formData"
        assert found["path"] == field


def test_urlencoded_form_lists_every_invalid_field(client):
    problem = assert_problem(
        client.post("/v1/form", data={"name": "ann", "age": "old", "vip": "maybe"}), 400
    )
    assert len(problem["errors"]) == 2
    assert {e["path"].lstrip("/") for e in problem["errors"]} == {"age", "vip"}


# --- multipart/form-data and files --------------------------------------------------------


def test_multipart_single_file(client):
    # Swagger 2 `type: file`; OpenAPI 3 `format: binary`
    response = client.post(
        "/v1/upload",
        data={
            "upload": (io.BytesIO(b"hello file"), "hello.txt", "text/plain"),
            "description": "greeting",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "file": {"filename": "hello.txt", "content": "hello file", "content_type": "text/plain"},
        "description": "greeting",
    }


def test_multipart_file_without_other_fields(client):
    response = client.post(
        "/v1/upload",
        data={"upload": (io.BytesIO(b"{}"), "data.json", "application/json")},
    )
    assert response.status_code == 200
    assert response.json() == {
        "file": {"filename": "data.json", "content": "{}", "content_type": "application/json"},
        "description": None,
    }


def test_multipart_missing_required_file_is_a_400(client):
    response = client.post(
        "/v1/upload", data={"description": "no file"}, content_type="multipart/form-data"
    )
    problem = assert_problem(response, 400)
    assert "upload" in problem["detail"]


def test_multipart_array_of_files(oas3_client):
    response = oas3_client.post(
        "/v1/uploads",
        data={
            "files": [
                (io.BytesIO(b"first"), "a.txt", "text/plain"),
                (io.BytesIO(b"second"), "b.csv", "text/csv"),
            ],
            "album": "holiday",
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "files": [
            {"filename": "a.txt", "content": "first", "content_type": "text/plain"},
            {"filename": "b.csv", "content": "second", "content_type": "text/csv"},
        ],
        "album": "holiday",
    }


def test_multipart_array_with_one_file_is_still_a_list(oas3_client):
    response = oas3_client.post(
        "/v1/uploads", data={"files": [(io.BytesIO(b"only"), "one.txt", "text/plain")]}
    )
    assert response.status_code == 200
    assert [f["filename"] for f in response.json()["files"]] == ["one.txt"]


def test_multipart_array_of_files_missing_is_a_400(oas3_client):
    response = oas3_client.post(
        "/v1/uploads", data={"album": "empty"}, content_type="multipart/form-data"
    )
    problem = assert_problem(response, 400)
    assert "files" in problem["detail"]


def test_urlencoded_to_a_multipart_operation_is_a_415(client):
    assert_problem(client.post("/v1/upload", data={"description": "x"}), 415)


def test_deep_body_against_a_recursive_schema_is_never_a_500(client):
    # validating nests deeper than parsing: depths that parse may exhaust the stack there
    for depth in range(300, 1000, 7):
        raw = b"[" * depth + b"]" * depth
        response = client.post("/v1/tree", data=raw, headers=JSON)
        if response.status_code == 200:
            assert response.json() == {"depth": depth - 1}
        else:
            problem = assert_problem(response, 400)
            assert "deep" in problem["detail"]
    assert client.post("/v1/tree", json=[[[]], []]).json() == {"depth": 2}
    problem = assert_problem(client.post("/v1/tree", json=[[1]]), 400)
    assert problem["errors"][0]["path"] == "/0/0"
