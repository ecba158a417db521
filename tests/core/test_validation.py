"""The validation engine's interface: schemas compiled once, errors returned as values."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

from connexion.core import operation as operation_module
from connexion.core.operation import ApiConfig, build_operations
from connexion.core.pipeline import PipelineSettings, request_pipeline
from connexion.core.request import ConnexionRequest
from connexion.core.resolver import Resolver
from connexion.core.spec import Specification
from connexion.core.validation import (
    DEFAULT_ENGINE,
    Draft4RequestValidator,
    Draft4ResponseValidator,
    Draft2020RequestValidator,
    Draft2020ResponseValidator,
    JsonSchemaEngine,
    JsonSchemaValidator,
    ParameterValidator,
    RequestBodyValidator,
    ResponseValidator,
    SchemaError,
    draft4_format_checker,
    validator_class_for,
)
from connexion.drivers import run_sync

SWAGGER2 = (2, 0)
OAS30 = (3, 0)
OAS31 = (3, 1)

ORDER = {
    "type": "object",
    "required": ["customer", "items"],
    "properties": {
        "customer": {"type": "string", "minLength": 1},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["sku", "qty"],
                "properties": {
                    "sku": {"type": "string"},
                    "qty": {"type": "integer", "minimum": 1},
                },
            },
        },
    },
}


def errors_of(
    schema: Mapping[str, Any],
    instance: Any,
    version: tuple[int, int] = OAS30,
    purpose: str = "request",
) -> list[SchemaError]:
    return DEFAULT_ENGINE.compile(schema, version, purpose).errors(instance)


def paths_of(errors: list[SchemaError]) -> list[str]:
    return [e.path for e in errors]


# --- errors as values ---------------------------------------------------------------------


def test_valid_instance_has_no_errors() -> None:
    order = {"customer": "ann", "items": [{"sku": "A", "qty": 1}]}
    assert errors_of(ORDER, order) == []


def test_every_error_is_returned_with_its_json_pointer() -> None:
    order = {"customer": "", "items": [{"sku": "A", "qty": 0}, {"qty": "2"}]}
    errors = errors_of(ORDER, order)
    assert all(isinstance(e, SchemaError) for e in errors)
    assert paths_of(errors) == ["/customer", "/items/0/qty", "/items/1", "/items/1/qty"]
    messages = {e.path: e.message for e in errors}
    assert messages["/items/0/qty"] == "0 is less than the minimum of 1"
    assert messages["/items/1"] == "'sku' is a required property"
    assert messages["/items/1/qty"] == "'2' is not of type 'integer'"


def test_an_error_of_the_instance_itself_has_the_empty_pointer() -> None:
    assert errors_of(ORDER, ["not", "an", "object"]) == [
        SchemaError("", "['not', 'an', 'object'] is not of type 'object'")
    ]


def test_pointer_escapes_tilde_and_slash_in_keys() -> None:
    schema = {"type": "object", "additionalProperties": {"type": "integer"}}
    errors = errors_of(schema, {"a/b": "x", "c~d": "y", "ok": 1})
    assert paths_of(errors) == ["/a~1b", "/c~0d"]


def test_validating_never_raises_for_any_json_value() -> None:
    for instance in (None, True, 0, -1.5, "", "text", [], {}, [None, {"a": []}]):
        assert isinstance(errors_of(ORDER, instance), list)


def test_schema_error_is_an_immutable_value() -> None:
    error = SchemaError("/a", "bad")
    assert error == SchemaError("/a", "bad")
    with pytest.raises(dataclasses.FrozenInstanceError):
        error.path = "/b"  # type: ignore[misc]


def test_format_is_checked() -> None:
    schema = {"type": "string", "format": "ipv4"}
    assert errors_of(schema, "10.0.0.1") == []
    assert paths_of(errors_of(schema, "999.0.0.1")) == [""]


def test_custom_format_registered_on_the_checker_applies() -> None:
    name = "x-test-even-digits"
    schema = {"type": "string", "format": name}

    @draft4_format_checker.checks(name)
    def even_digits(value: object) -> bool:
        return not isinstance(value, str) or len(value) % 2 == 0

    try:
        assert errors_of(schema, "1234") == []
        assert len(errors_of(schema, "123")) == 1
    finally:
        del draft4_format_checker.checkers[name]
    assert errors_of(schema, "123") == []


# --- compiled once ------------------------------------------------------------------------


def test_a_compiled_schema_is_reused_without_recompiling() -> None:
    built: list[Mapping[str, Any]] = []

    def counting_class(schema: Mapping[str, Any], **kwargs: Any) -> Any:
        built.append(schema)
        return Draft4RequestValidator(schema, **kwargs)

    compiled = JsonSchemaValidator(ORDER, counting_class)
    for qty in (1, 0, "x", 5):
        compiled.errors({"customer": "a", "items": [{"sku": "A", "qty": qty}]})
    assert len(built) == 1
    assert compiled.schema is ORDER


class CountingEngine:
    """An engine behind the same interface, counting what it compiles."""

    def __init__(self) -> None:
        self.compiled: list[tuple[Mapping[str, Any], str]] = []

    def compile(
        self, schema: Mapping[str, Any], version: tuple[int, int], purpose: str
    ) -> JsonSchemaValidator:
        self.compiled.append((schema, purpose))
        return JsonSchemaEngine().compile(schema, version, purpose)


SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/orders/{n}": {
            "post": {
                "operationId": "create",
                "parameters": [
                    {"name": "n", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": ORDER}},
                },
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


def test_schemas_are_compiled_when_the_api_is_built_not_per_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = CountingEngine()
    monkeypatch.setattr(operation_module, "DEFAULT_ENGINE", engine)
    spec = Specification.load(SPEC, validate=False)
    config = ApiConfig(
        version=spec.version,
        resolver=Resolver(lambda name: lambda n, body: {"n": n, "lines": len(body["items"])}),
        validate_responses=True,
    )
    [op] = build_operations(spec.operations(), config)
    purposes = sorted(purpose for _, purpose in engine.compiled)
    assert purposes == ["request", "request", "response"]  # path param, body, response
    compiled = len(engine.compiled)

    def post(body: bytes) -> Any:
        request = ConnexionRequest(
            "http://x/orders/7",
            "POST",
            path_params={"n": "7"},
            headers={"Content-Type": "application/json"},
            body=body,
        )
        return run_sync(request_pipeline(op, request, PipelineSettings()), request)

    for _ in range(3):
        ok = post(b'{"customer": "a", "items": [{"sku": "A", "qty": 1}]}')
        assert ok.status_code == 200
        assert ok.body == b'{"n": 7, "lines": 1}\n'
        bad = post(b'{"customer": "a", "items": [{"sku": "A", "qty": 0}]}')
        assert bad.status_code == 400
    assert len(engine.compiled) == compiled


# --- nullable -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "schema"),
    [
        (OAS30, {"type": "string", "nullable": True}),
        (SWAGGER2, {"type": "string", "x-nullable": True}),
        (OAS30, {"type": "string", "enum": ["a", "b"], "nullable": True}),
        (SWAGGER2, {"type": "integer", "enum": [1], "x-nullable": True}),
        (OAS31, {"type": ["string", "null"]}),
    ],
)
@pytest.mark.parametrize("purpose", ["request", "response"])
def test_nullable_schema_accepts_null(
    version: tuple[int, int], schema: dict[str, Any], purpose: str
) -> None:
    assert errors_of(schema, None, version, purpose) == []


@pytest.mark.parametrize(
    ("version", "schema"),
    [
        (OAS30, {"type": "string"}),
        (OAS30, {"type": "string", "nullable": False}),
        (SWAGGER2, {"type": "string", "enum": ["a"]}),
        (OAS31, {"type": "string"}),
    ],
)
def test_schema_without_nullable_refuses_null(
    version: tuple[int, int], schema: dict[str, Any]
) -> None:
    errors = errors_of(schema, None, version)
    assert errors
    assert {e.path for e in errors} == {""}


def test_nullable_does_not_relax_anything_but_null() -> None:
    schema = {"type": "string", "enum": ["a"], "nullable": True}
    assert len(errors_of(schema, "b")) == 1
    assert len(errors_of(schema, 3)) == 2  # wrong type and not in the enum


def test_nullable_nested_property() -> None:
    schema = {
        "type": "object",
        "properties": {
            "maybe": {"type": "integer", "nullable": True},
            "never": {"type": "integer"},
        },
    }
    assert errors_of(schema, {"maybe": None}) == []
    assert paths_of(errors_of(schema, {"maybe": None, "never": None})) == ["/never"]


# --- OpenAPI 3.1 (JSON Schema 2020-12) ---------------------------------------------------


def test_openapi31_type_lists_and_keywords() -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": ["integer", "string"]},
            "kind": {"const": "pet"},
            "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}]},
        },
    }
    assert errors_of(schema, {"id": 1, "kind": "pet", "pair": [1, "a"]}, OAS31) == []
    assert errors_of(schema, {"id": "x"}, OAS31) == []
    errors = errors_of(schema, {"id": 1.5, "kind": "toy", "pair": [1, 2]}, OAS31)
    assert paths_of(errors) == ["/id", "/kind", "/pair/1"]


def test_validator_class_depends_on_version_and_purpose() -> None:
    assert validator_class_for(SWAGGER2, "request") is Draft4RequestValidator
    assert validator_class_for(OAS30, "request") is Draft4RequestValidator
    assert validator_class_for(OAS30, "response") is Draft4ResponseValidator
    assert validator_class_for(OAS31, "request") is Draft2020RequestValidator
    assert validator_class_for(OAS31, "response") is Draft2020ResponseValidator


# --- readOnly / writeOnly -----------------------------------------------------------------

RECORD = {
    "type": "object",
    "required": ["id", "name", "password"],
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string"},
        "password": {"type": "string", "writeOnly": True},
    },
}


@pytest.mark.parametrize("version", [OAS30, OAS31])
def test_read_only_property_in_a_request(version: tuple[int, int]) -> None:
    # required but read-only: the client need not send it, and must not
    assert errors_of(RECORD, {"name": "a", "password": "p"}, version) == []
    errors = errors_of(RECORD, {"id": 1, "name": "a", "password": "p"}, version)
    assert errors == [SchemaError("/id", "Property is read-only")]


@pytest.mark.parametrize("version", [OAS30, OAS31])
def test_write_only_property_in_a_response(version: tuple[int, int]) -> None:
    assert errors_of(RECORD, {"id": 1, "name": "a"}, version, "response") == []
    errors = errors_of(RECORD, {"id": 1, "name": "a", "password": "p"}, version, "response")
    assert errors == [SchemaError("/password", "Property is write-only")]


def test_other_required_properties_are_still_required() -> None:
    errors = errors_of(RECORD, {"password": "p"})
    assert errors == [SchemaError("", "'name' is a required property")]
    errors = errors_of(RECORD, {"name": "a"}, purpose="response")
    assert errors == [SchemaError("", "'id' is a required property")]


def test_swagger2_x_write_only_in_a_response() -> None:
    schema = {
        "type": "object",
        "required": ["secret"],
        "properties": {"secret": {"type": "string", "x-writeOnly": True}},
    }
    assert errors_of(schema, {}, SWAGGER2, "response") == []
    assert errors_of(schema, {"secret": "s"}, SWAGGER2, "response") == [
        SchemaError("/secret", "Property is write-only")
    ]
    assert errors_of(schema, {"secret": "s"}, SWAGGER2, "request") == []


# --- deep instances -----------------------------------------------------------------------


def nested_lists(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("version", [SWAGGER2, OAS30, OAS31])
def test_deep_instance_of_a_recursive_schema_is_an_error_not_a_crash(
    version: tuple[int, int],
) -> None:
    tree: dict[str, Any] = {"type": "array"}
    tree["items"] = tree  # what resolving a recursive $ref gives
    assert errors_of(tree, nested_lists(50), version) == []
    errors = errors_of(tree, nested_lists(100_000), version)
    assert len(errors) == 1
    assert errors[0].path == ""
    assert "deep" in errors[0].message
    # the validator still works afterwards
    assert errors_of(tree, nested_lists(3), version) == []


# --- the validator_map classes ------------------------------------------------------------


def test_validator_map_classes_choose_the_default_class_by_version() -> None:
    assert RequestBodyValidator(ORDER, version=OAS30).validator_class is Draft4RequestValidator
    assert ParameterValidator(ORDER, version=OAS31).validator_class is Draft2020RequestValidator
    assert ResponseValidator(ORDER, version=SWAGGER2).validator_class is Draft4ResponseValidator


def test_validator_map_class_uses_the_validator_it_is_given() -> None:
    schema = {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True}}}
    # the default class refuses a read-only property in a request ...
    assert len(RequestBodyValidator(schema).errors({"id": 1})) == 1
    # ... plain Draft 4 does not know readOnly
    plain = RequestBodyValidator(schema, validator=Draft4Validator)
    assert plain.validator_class is Draft4Validator
    assert plain.errors({"id": 1}) == []
    assert plain.errors({"id": "x"}) == [SchemaError("/id", "'x' is not of type 'integer'")]


def test_validator_map_class_accepts_connexion2_positional_arguments() -> None:
    # connexion 2 called RequestBodyValidator(schema, consumes, api, ...)
    validator = RequestBodyValidator(ORDER, ["application/json"], None, validator=Draft4Validator)
    assert validator.schema is ORDER
    assert validator.errors({"customer": "a", "items": []}) == []


def test_draft202012_format_checker_is_used_for_openapi31() -> None:
    schema = {"type": "string", "format": "ipv4"}
    assert Draft202012Validator.FORMAT_CHECKER is not None
    assert len(errors_of(schema, "1.2.3", OAS31)) == 1


# --- connexion 2 import paths -------------------------------------------------------------


def test_connexion2_import_paths_are_the_same_classes() -> None:
    from connexion.decorators import response, validation

    assert validation.RequestBodyValidator is RequestBodyValidator
    assert validation.ParameterValidator is ParameterValidator
    assert validation.ResponseValidator is ResponseValidator
    assert response.ResponseValidator is ResponseValidator


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ({"name": "n", "type": "integer"}, "42", 42),
        ({"name": "n", "type": "number"}, "1.5", 1.5),
        ({"name": "b", "type": "boolean"}, "false", False),
        ({"name": "s", "type": "string"}, "007", "007"),
        ({"name": "a", "type": "array", "items": {"type": "integer"}}, ["1", "2"], [1, 2]),
        ({"name": "n", "schema": {"type": "integer"}}, "7", 7),
        ({"name": "n", "schema": {"type": "integer", "nullable": True}}, "null", None),
    ],
)
def test_coerce_type(param: dict[str, Any], value: Any, expected: Any) -> None:
    from connexion.decorators.validation import coerce_type

    assert coerce_type(param, value, "query") == expected


def test_coerce_type_raises_type_validation_error() -> None:
    from connexion.decorators.validation import TypeValidationError, coerce_type

    with pytest.raises(TypeValidationError) as caught:
        coerce_type({"name": "limit", "type": "integer"}, "ten", "query")
    assert str(caught.value) == "Wrong type, expected 'integer' for query parameter 'limit'"
    assert caught.value.schema_type == "integer"
    assert caught.value.parameter_type == "query"
    assert caught.value.parameter_name == "limit"
    with pytest.raises(TypeValidationError) as caught:
        coerce_type(
            {"schema": {"type": "array", "items": {"type": "number"}}}, ["1", "x"], "path", "ids"
        )
    assert str(caught.value) == "Wrong type, expected 'number' for path parameter 'ids'"
