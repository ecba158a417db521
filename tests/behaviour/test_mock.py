"""Mock mode: ``MockResolver`` answers operations from the spec's examples, on every backend.

The fixtures (tests/fixtures/mock) cover the example precedence and the status choice in
Swagger 2 and OpenAPI 3. The evidence test loads real specs from ../shared/specs with every
operation mocked and ``validate_responses=True``, calls every operation with a request built
from its parameters, and checks each answer against the spec itself, with
openapi-schema-validator (OpenAPI 3.x) or jsonschema (Swagger 2), not with connexion's own
validation.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import re
import urllib.parse
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any

import pytest
from jsonschema import Draft4Validator
from jsonschema.validators import extend
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)

from connexion.core.sampling import SchemaSampler
from connexion.mock import MockHandler, MockResolver
from connexion.resolver import Resolver
from connexion.spec import Specification
from tests.conftest import FIXTURES, SHARED_SPECS, build_app

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def real_greeting(name: str) -> dict[str, str]:
    """The one real handler of the fixtures (``/handled/{name}``)."""
    return {"text": f"hello {name}"}


def mock_client(backend: str, spec: str, mock_all: bool = True, **options: Any) -> Any:
    app = build_app(
        backend, spec, resolver=MockResolver(mock_all=mock_all), validate_responses=True, **options
    )
    return app.test_client()


@pytest.fixture
def client(backend: str, spec_version: str) -> Any:
    return mock_client(backend, f"mock/{spec_version}.yaml")


# --- which example answers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "path", "text"),
    [
        ("openapi", "/precedence/media-example", "from media example"),
        ("openapi", "/precedence/media-examples", "first examples value"),
        ("openapi", "/precedence/schema-example", "from schema example"),
        ("swagger", "/precedence/response-examples", "from response examples"),
        ("swagger", "/precedence/json-string", "from a JSON string"),
        ("swagger", "/precedence/schema-example", "from schema example"),
    ],
)
def test_the_documented_example_of_highest_precedence_answers(backend, spec, path, text):
    response = mock_client(backend, f"mock/{spec}.yaml").get("/mock" + path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"text": text}


def test_without_examples_a_value_is_built_from_the_schema(client):
    body = client.get("/mock/precedence/generated").json()
    assert set(body) >= {"id", "email", "created", "tags", "balance"}
    assert "secret" not in body  # write-only
    assert len(body["tags"]) >= 2 and len(set(body["tags"])) == len(body["tags"])
    assert body["balance"] > 0 and body["balance"] % 0.25 == 0
    assert "@" in body["email"]
    assert 3 <= len(body["nickname"]) <= 5


def test_an_example_its_schema_rejects_falls_back_and_is_logged_once(
    backend, spec_version, caplog
):
    with caplog.at_level(logging.WARNING, logger="connexion.mock"):
        client = mock_client(backend, f"mock/{spec_version}.yaml")
    warnings = [
        r.getMessage() for r in caplog.records if "/precedence/invalid-example" in r.getMessage()
    ]
    assert len(warnings) == 1
    assert "does not match" in warnings[0]
    response = client.get("/mock/precedence/invalid-example")
    assert response.status_code == 200
    assert response.json() == {"text": "from schema example"}


def test_a_recursive_schema_gives_a_finite_value(client):
    body = client.get("/mock/tree").json()
    assert body["name"] == "string"
    for child in body.get("children", []):
        assert set(child) == {"name"}


def test_one_of_with_a_discriminator_answers_a_valid_branch(backend):
    client = mock_client(backend, "mock/openapi.yaml")
    response = client.post(
        "/mock/pets",
        json={"kind": "dog", "bark": "woof"},
        query_string={"limit": "1"},
        headers={"X-Trace": "t"},
    )
    assert response.status_code == 200
    assert response.json() == {"kind": "cat", "lives": 1}


# --- which status answers ---------------------------------------------------------------------


def test_the_lowest_documented_success_answers(client):
    response = client.post("/mock/status/created", json={})
    assert response.status_code == 201
    assert response.json() == {"text": "from schema example"}


def test_a_default_response_only_answers_200(client):
    response = client.get("/mock/status/default")
    assert response.status_code == 200
    assert response.json() == {"text": "from schema example"}


def test_only_error_responses_answer_the_lowest_documented_one(client):
    response = client.get("/mock/status/errors-only")
    assert response.status_code == 400
    assert response.json() == {"code": 400, "message": "string"}


def test_204_answers_without_a_body(client):
    response = client.delete("/mock/status/no-content/7")
    assert response.status_code == 204
    assert response.content == b""


# --- media types, bodies and headers -----------------------------------------------------------


def test_json_is_preferred_among_several_media_types(backend):
    response = mock_client(backend, "mock/openapi.yaml").get("/mock/media/several")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json() == {"text": "from schema example"}


def test_text_bodies_are_text(client, spec_version):
    response = client.get("/mock/media/text")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    if spec_version == "openapi":  # built from the schema's pattern
        assert re.fullmatch(r"[A-Z]{3}-\d{4}", response.text)
    else:
        assert response.text == "hello from the example"


def test_xml_only_answers_xml(backend):
    response = mock_client(backend, "mock/openapi.yaml").get("/mock/media/xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    assert response.text.endswith("<root><text>from schema example</text></root>")


def test_binary_schemas_answer_bytes(client, spec_version):
    path = "/mock/media/binary" if spec_version == "openapi" else "/mock/media/file"
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)


def test_documented_headers_are_sent(client, spec_version):
    response = client.get("/mock/headers")
    assert response.status_code == 200
    assert 10 <= int(response.headers["X-Rate-Limit"]) <= 100
    assert response.headers["X-Tags"] == "a,b"
    if spec_version == "openapi":
        assert len(response.headers["X-Request-Id"]) == 36
    else:
        assert response.headers["X-Expires"] == "2024-01-01T12:00:00Z"


def test_a_header_example_no_server_can_send_is_replaced_and_logged(backend, caplog):
    header = {"schema": {"type": "string"}, "example": "a\r\nSet-Cookie: stolen=1"}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "headers", "version": "1"},
        "paths": {
            "/split": {
                "get": {
                    "operationId": "split",
                    "responses": {
                        "200": {
                            "description": "a header with a line break in its example",
                            "headers": {"X-Split": header},
                            "content": {"application/xml": {"example": "<a>1</a>"}},
                        }
                    },
                }
            }
        },
    }
    with caplog.at_level(logging.WARNING, logger="connexion.mock"):
        client = mock_client(backend, spec)
    warnings = [r.getMessage() for r in caplog.records if r.name == "connexion.mock"]
    assert len(warnings) == 1
    assert warnings[0].startswith("Mock of GET /split: the example of header X-Split of")
    for _ in range(2):  # every request, not only the first
        response = client.get("/split")
        assert response.status_code == 200
        assert response.headers["X-Split"] == "string"
        assert "Set-Cookie" not in response.headers
        assert response.text == "<a>1</a>"


# --- mock_all ----------------------------------------------------------------------------------


def test_mock_all_mocks_even_resolvable_operations(client):
    assert client.get("/mock/handled/ann").json() == {"text": "from schema example"}


def test_mock_notimplemented_resolves_what_it_can(backend, spec_version):
    client = mock_client(backend, f"mock/{spec_version}.yaml", mock_all=False)
    assert client.get("/mock/handled/ann").json() == {"text": "hello ann"}
    # No operationId, an operationId whose module does not exist: mocked.
    assert client.get("/mock/nameless").json() == {"text": "from schema example"}
    assert client.get("/mock/missing").json() == {"text": "from schema example"}


def test_without_the_mock_resolver_unresolvable_operations_fail(backend, spec_version):
    from connexion.exceptions import ResolverError

    with pytest.raises(ResolverError):
        build_app(backend, f"mock/{spec_version}.yaml", resolver=Resolver())


def test_the_mock_handler_takes_any_arguments_and_returns_the_precomputed_answer():
    spec = Specification.load(FIXTURES / "mock/openapi.yaml")
    operation = next(
        SimpleNamespace(
            operation_id=op.get("operationId"),
            path=path,
            method=method,
            router_controller=None,
            operation=op,
            path_item=item,
            version=spec.version,
            produces=("application/json",),
        )
        for path, method, op, item in spec.operations()
        if path == "/headers"
    )
    resolver = MockResolver(mock_all=True)
    resolution = resolver.resolve(operation)
    assert resolution.operation_id == "headers"
    assert isinstance(resolution.function, MockHandler)
    body, status, headers = resolution.function(1, 2, body={"x": 1}, anything="else")
    assert (body, status) == ({"text": "from schema example"}, 200)
    assert headers["Content-Type"] == "application/json"
    body["text"] = "changed"
    assert resolution.function()[0] == {"text": "from schema example"}
    assert resolver.mock_operation(operation, "ignored")[:2] == (
        {"text": "from schema example"},
        200,
    )


# --- the evidence: real specs, every operation ------------------------------------------------

EVIDENCE = [
    "swagger2/readme-petstore.yaml",
    "swagger2/oai-api-with-examples.yaml",
    "swagger2/netlify.yml",
    "oas30/swagger-petstore-3.0.4.yaml",
    "oas30/oai-api-with-examples.json",
    "oas30/twilio-messaging-v1.yaml",
    "oas31/redocly-museum.yaml",
]
SECURITY_CALLBACKS = {
    "BASICINFO_FUNC": "basic_info",
    "APIKEYINFO_FUNC": "apikey_info",
    "BEARERINFO_FUNC": "bearer_info",
    "TOKENINFO_FUNC": "token_info",
    "SCOPEVALIDATE_FUNC": "any_scopes",
}


def basic_info(username: str, password: str, required_scopes: Any = None) -> dict[str, str]:
    return {"sub": username}


def apikey_info(key: str, required_scopes: Any = None) -> dict[str, str]:
    return {"sub": key}


def bearer_info(token: str) -> dict[str, str]:
    return {"sub": token}


def token_info(token: str) -> dict[str, Any]:
    return {"sub": token, "scope": []}


def any_scopes(required_scopes: Any, token_scopes: Any) -> bool:
    return True


@pytest.fixture
def permissive_security(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every security scheme without a callback of its own accepts any credential."""
    for variable, function in SECURITY_CALLBACKS.items():
        monkeypatch.setenv(variable, f"{__name__}.{function}")
    monkeypatch.delenv("TOKENINFO_URL", raising=False)


@pytest.mark.parametrize("path", EVIDENCE)
def test_mock_answers_every_operation_of_a_real_spec_as_the_spec_allows(
    backend, permissive_security, path
):
    spec = Specification.load(SHARED_SPECS / path)
    client = mock_client(backend, path, folder=SHARED_SPECS)
    sampler = SchemaSampler(spec.version, "request")
    calls = validated = 0
    for route, method, operation, path_item in spec.operations():
        request = build_request(spec, route, method, operation, path_item, sampler)
        response = client.open(method.upper(), request.pop("path"), **request)
        where = f"{method.upper()} {route} -> {response.status_code}: {response.text[:300]}"
        validated += assert_allowed(spec, operation, response, where)
        calls += 1
    assert calls == len(list(spec.operations())) > 0
    assert validated > 0 or not documents_response_schemas(spec)


def documents_response_schemas(spec: Specification) -> bool:
    """Whether any response of the spec has a schema (the oai-api-with-examples specs have
    examples only)."""
    for _, _, operation, _ in spec.operations():
        for definition in (operation.get("responses") or {}).values():
            if "schema" in definition:
                return True
            if any("schema" in media for media in (definition.get("content") or {}).values()):
                return True
    return False


# --- building requests ---------------------------------------------------------------------


def parameter_schema(spec: Specification, parameter: Mapping[str, Any]) -> Mapping[str, Any]:
    if spec.version >= (3, 0):
        if "schema" in parameter:
            return parameter["schema"]  # type: ignore[no-any-return]
        for media in (parameter.get("content") or {}).values():
            return media.get("schema") or {}  # type: ignore[no-any-return]
        return {}
    return {k: v for k, v in parameter.items() if k not in ("name", "in", "required")}


def text_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def merged_parameters(path_item: Mapping[str, Any], operation: Mapping[str, Any]) -> list[Any]:
    merged = {}
    for parameter in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        merged[(parameter["name"], parameter["in"])] = parameter
    return list(merged.values())


def build_request(
    spec: Specification,
    route: str,
    method: str,
    operation: Mapping[str, Any],
    path_item: Mapping[str, Any],
    sampler: SchemaSampler,
) -> dict[str, Any]:
    """A request that connexion accepts: path parameters, required query, header and cookie
    parameters, a body and credentials, all built from the spec."""
    url = route
    query: dict[str, Any] = {}
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    form: dict[str, Any] = {}
    request: dict[str, Any] = {}
    consumes = operation.get("consumes") or spec.resolved.get("consumes") or ["application/json"]
    for parameter in merged_parameters(path_item, operation):
        location, name = parameter["in"], parameter["name"]
        if location == "body":
            add_body(request, {t: parameter for t in consumes}, sampler)
            continue
        if location != "path" and not parameter.get("required"):
            continue
        schema = parameter_schema(spec, parameter)
        value = sampler.sample(schema)
        if location == "formData":
            if schema.get("type") == "file":
                form[name] = (io.BytesIO(b"file content"), "upload.png")
            else:
                form[name] = text_of(value)
        elif location == "path":
            text = ",".join(map(text_of, value)) if isinstance(value, list) else text_of(value)
            url = url.replace("{" + name + "}", urllib.parse.quote(text, safe=""))
        elif location == "query":
            if isinstance(value, list):
                multi = parameter.get("collectionFormat") == "multi" or (
                    spec.version >= (3, 0) and parameter.get("explode", True)
                )
                query[name] = (
                    [text_of(v) for v in value] if multi else ",".join(map(text_of, value))
                )
            elif isinstance(value, dict) and spec.version >= (3, 0):
                if parameter.get("style") == "deepObject":
                    query.update({f"{name}[{k}]": text_of(v) for k, v in value.items()})
                else:
                    query.update({k: text_of(v) for k, v in value.items()})
            else:
                query[name] = text_of(value)
        elif location == "header":
            headers[name] = (
                ",".join(map(text_of, value)) if isinstance(value, list) else text_of(value)
            )
        elif location == "cookie":
            cookies[name] = text_of(value)
    if form:
        request["data"] = form
        if "application/x-www-form-urlencoded" not in consumes:
            request["content_type"] = "multipart/form-data"
    body = operation.get("requestBody")
    if spec.version >= (3, 0) and body and body.get("content"):
        add_body(request, body["content"], sampler)
    add_credentials(spec, operation, headers, query, cookies)
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    request.update(path=spec.base_path + url, headers=headers, query_string=query)
    return request


def add_body(request: dict[str, Any], content: Mapping[str, Any], sampler: SchemaSampler) -> None:
    types = list(content)
    chosen = next((t for t in types if "json" in t), None) or next(
        (t for t in types if t.startswith(("application/x-www-form", "multipart/"))), types[0]
    )
    schema = content[chosen].get("schema") or {}
    if "json" in chosen:
        request["json"] = sampler.sample(schema)
    elif chosen.startswith(("application/x-www-form", "multipart/")):
        value = sampler.sample(schema)
        fields = {}
        for name, item in (value if isinstance(value, dict) else {}).items():
            prop = (schema.get("properties") or {}).get(name) or {}
            if prop.get("format") == "binary":
                fields[name] = (io.BytesIO(b"file content"), "upload.png")
            elif isinstance(item, list):
                fields[name] = [text_of(v) for v in item]  # form style, exploded
            else:
                fields[name] = text_of(item)
        request["data"] = fields
        request["content_type"] = chosen
    else:
        value = sampler.sample(schema)
        request["data"] = value.encode() if isinstance(value, str) else b"binary content"
        request["content_type"] = chosen


def add_credentials(
    spec: Specification,
    operation: Mapping[str, Any],
    headers: dict[str, str],
    query: dict[str, Any],
    cookies: dict[str, str],
) -> None:
    """Present the credentials of the operation's first security alternative."""
    requirements = operation.get("security", spec.security) or []
    if not requirements or any(not requirement for requirement in requirements):
        return
    for name in requirements[0]:
        scheme = spec.security_schemes[name]
        kind = str(scheme.get("type", "")).lower()
        if kind == "apikey":
            where = {"header": headers, "query": query, "cookie": cookies}[scheme["in"]]
            where[scheme["name"]] = "mock-key"
        elif kind == "basic" or str(scheme.get("scheme", "")).lower() == "basic":
            headers["Authorization"] = "Basic " + base64.b64encode(b"mock:secret").decode()
        else:
            headers["Authorization"] = "Bearer mock-token"


# --- checking answers against the spec ----------------------------------------------------------


def documented_key(responses: Mapping[str, Any], status: int) -> str | None:
    keys = {str(key).upper(): str(key) for key in responses}
    for candidate in (str(status), f"{str(status)[0]}XX", "DEFAULT"):
        if candidate in keys:
            return keys[candidate]
    return None


def expected_family(responses: Mapping[str, Any]) -> tuple[int, int]:
    """Mock mode answers a success when the spec documents one; else the lowest error."""
    keys = [str(key).upper() for key in responses]
    if any(key.startswith("2") or key == "DEFAULT" for key in keys):
        return 200, 299
    codes = sorted(int(key.replace("XX", "00")) for key in keys)
    return codes[0], codes[0] + (99 if str(codes[0])[1:] == "00" else 0)


def _nullable_enum(validator: Any, enums: Any, instance: Any, schema: Mapping[str, Any]) -> Any:
    if instance is None and schema.get("nullable"):
        return
    yield from OAS30ReadValidator.VALIDATORS["enum"](validator, enums, instance, schema)


# OpenAPI 3.0.3 says a nullable enum must list null itself; connexion (as connexion 2) accepts
# null for any nullable schema, and real specs (twilio's) rely on it in their examples.
OAS30Responses = extend(OAS30ReadValidator, {"enum": _nullable_enum})


def schema_validator(spec: Specification, schema: Mapping[str, Any]) -> Any:
    if spec.version >= (3, 1):
        return OAS31Validator(schema, format_checker=oas31_format_checker)
    if spec.version >= (3, 0):
        return OAS30Responses(schema, format_checker=oas30_format_checker)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def base_type(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def assert_allowed(
    spec: Specification, operation: Mapping[str, Any], response: Any, where: str
) -> bool:
    """Assert the answer is one the spec documents; tell whether a JSON body was validated
    against its schema."""
    responses = {str(key): value for key, value in (operation.get("responses") or {}).items()}
    if not responses:  # OpenAPI 3.1 operations may document none: nothing to answer
        assert (response.status_code, response.content) == (200, b""), where
        return False
    low, high = expected_family(responses)
    assert low <= response.status_code <= high, where
    key = documented_key(responses, response.status_code)
    assert key is not None, where
    definition = responses[key]
    headers = definition.get("headers") or {}
    if spec.version >= (3, 0):  # in Swagger 2 every documented header is required
        headers = {name: header for name, header in headers.items() if header.get("required")}
    for name in headers:
        if name.lower() != "content-type":
            assert response.headers.get(name) is not None, f"{where}: no {name} header"
    content_type = base_type(response.headers.get("Content-Type", ""))
    if spec.version >= (3, 0):
        content = definition.get("content") or {}
        if not content:
            assert response.content == b"", where
            return False
        media = next((m for t, m in content.items() if base_type(t) == content_type), None)
        assert media is not None, where
        schema = media.get("schema")
    else:
        produces = (
            operation.get("produces") or spec.resolved.get("produces") or ["application/json"]
        )
        schema = definition.get("schema")
        if schema is None and not definition.get("examples"):
            assert response.content == b"", where
            return False
        assert content_type in [base_type(t) for t in produces], where
    if "json" in content_type and schema is not None:
        errors = list(schema_validator(spec, schema).iter_errors(response.json()))
        assert not errors, f"{where}: {errors[0].message[:300]}"
        return True
    if content_type.startswith("text/") and schema is not None:
        assert not list(schema_validator(spec, schema).iter_errors(response.text)), where
    else:
        assert response.content, where
    return False
