"""The fast validation path never accepts what the reference engine (jsonschema) rejects.

Differential tests: schemas written here and every request and response schema of several
real specs, each checked against generated instances, near-valid and broken, from a fixed
seed and in bounded numbers.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from connexion.core.fastcheck import compile_check
from connexion.core.spec import Specification
from connexion.core.validation import validator_class_for
from tests.conftest import SHARED_SPECS

HANDWRITTEN = [
    {"type": "integer", "minimum": 1, "maximum": 100},
    {"type": "number", "exclusiveMinimum": True, "minimum": 0},
    {"type": "integer", "multipleOf": 5},
    {"type": "string", "minLength": 2, "maxLength": 5, "pattern": "^[a-z]+$"},
    {"type": "string", "format": "email"},
    {"type": "string", "format": "date"},
    {"type": "string", "enum": ["a", "b"], "nullable": True},
    {"type": "integer", "enum": [1, 2, 3]},
    {"type": "boolean"},
    {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
    {"type": "array", "items": {"type": "integer", "maximum": 3}, "maxItems": 3},
    {
        "type": "object",
        "required": ["id", "name"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string", "minLength": 1},
            "secret": {"type": "string", "writeOnly": True},
            "tags": {"type": "array", "items": {"type": "string"}},
            "owner": {
                "type": "object",
                "nullable": True,
                "properties": {"n": {"type": "integer"}},
            },
        },
    },
    {"allOf": [{"type": "object", "required": ["a"]}, {"properties": {"a": {"type": "string"}}}]},
    {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]},
    {"type": "object", "additionalProperties": {"type": "integer"}, "maxProperties": 2},
    {"type": ["integer", "null"], "minimum": 0},
    {"const": "fixed"},
]

REAL_SPECS = [
    "oas30/readme-discriminators.yaml",
    "oas30/readme-polymorphism.yaml",
    "oas30/swagger-petstore-3.0.4.yaml",
    "oas30/twilio-messaging-v1.yaml",
    "oas31/readme-schema-types.yaml",
    "oas31/redocly-museum.yaml",
    "swagger2/readme-petstore.yaml",
    "swagger2/netlify.yml",
]

STRINGS = ["", "a", "ab", "abc", "ABC", "a b", "x@y.z", "2024-01-02", "fixed", "0", "true"]
NUMBERS = [0, 1, -1, 2, 3, 5, 7, 100, 101, 0.5, 1.0, -2.5, 1e20, True, False]


def generate(schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """An instance that is often valid for ``schema`` and often not."""
    if depth > 4 or not isinstance(schema, dict) or rng.random() < 0.08:
        return rng.choice([None, "x", 3, 2.5, True, [], {}])
    for key in ("allOf", "anyOf", "oneOf"):
        if schema.get(key) and rng.random() < 0.7:
            return generate(rng.choice(schema[key]), rng, depth + 1)
    if "enum" in schema and rng.random() < 0.8:
        return rng.choice(list(schema["enum"]) + [None])
    if "const" in schema and rng.random() < 0.8:
        return schema["const"]
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = rng.choice(declared)
    if declared is None:
        if "properties" in schema:
            declared = "object"
        elif "items" in schema:
            declared = "array"
        else:
            declared = rng.choice(["string", "integer", "object"])
    if declared == "object":
        value: dict[str, Any] = {}
        properties = schema.get("properties") or {}
        for name, sub in properties.items():
            if name in (schema.get("required") or []) or rng.random() < 0.5:
                if rng.random() < 0.93:
                    value[name] = generate(sub, rng, depth + 1)
        if rng.random() < 0.15:
            value["unexpected"] = generate({}, rng, depth + 1)
        return value
    if declared == "array":
        return [
            generate(schema.get("items") or {}, rng, depth + 1) for _ in range(rng.randint(0, 4))
        ]
    if declared in ("integer", "number"):
        return rng.choice(NUMBERS)
    if declared == "boolean":
        return rng.choice([True, False, 1, "true"])
    if declared == "null":
        return rng.choice([None, 0])
    return rng.choice(STRINGS)


def schemas_of(spec: Specification) -> list[tuple[dict[str, Any], str]]:
    found: list[tuple[dict[str, Any], str]] = []
    for _, _, operation, _ in spec.operations():
        for parameter in operation.get("parameters") or []:
            schema = parameter.get("schema")
            if isinstance(schema, dict):
                found.append((schema, "request"))
        body = operation.get("requestBody") or {}
        for media in (body.get("content") or {}).values():
            if isinstance(media.get("schema"), dict):
                found.append((media["schema"], "request"))
        for response in (operation.get("responses") or {}).values():
            for media in (response.get("content") or {}).values():
                if isinstance(media.get("schema"), dict):
                    found.append((media["schema"], "response"))
            if isinstance(response.get("schema"), dict):
                found.append((response["schema"], "response"))
    return found


def assert_agrees(schema: Any, version: tuple[int, int], purpose: str, rng: random.Random) -> int:
    """Check generated instances; return how many the fast path accepted."""
    fast = compile_check(schema, version, purpose)
    if fast is None:
        return 0
    cls = validator_class_for(version, purpose)
    reference = cls(schema, format_checker=cls.FORMAT_CHECKER)
    accepted = 0
    for _ in range(40):
        instance = generate(schema, rng)
        if fast(instance):
            accepted += 1
            errors = [e.message for e in reference.iter_errors(instance)]
            assert errors == [], (schema, instance)
    return accepted


# Type lists exist in 3.1 only.
CASES = [
    (index, version)
    for index, schema in enumerate(HANDWRITTEN)
    for version in [(3, 0), (3, 1)]
    if version == (3, 1) or not isinstance(schema.get("type"), list)
]


@pytest.mark.parametrize("purpose", ["request", "response"])
@pytest.mark.parametrize(("index", "version"), CASES)
def test_handwritten_schemas(index, version, purpose):
    accepted = assert_agrees(HANDWRITTEN[index], version, purpose, random.Random(index))
    assert accepted >= 0


@pytest.mark.parametrize("path", REAL_SPECS)
def test_real_spec_schemas(path):
    spec = Specification.load(SHARED_SPECS / path)
    version = spec.version
    compiled = accepted = 0
    rng = random.Random(path)
    for schema, purpose in schemas_of(spec):
        if compile_check(schema, version, purpose) is not None:
            compiled += 1
        accepted += assert_agrees(schema, version, purpose, rng)
    assert compiled > 0
    assert accepted > 0


def test_typical_schemas_get_a_fast_path_that_rejects_bad_values():
    body = HANDWRITTEN[11]
    fast = compile_check(body, (3, 0), "request")
    assert fast is not None
    assert fast({"name": "n", "tags": ["a"], "owner": None}) is True
    assert fast({"name": ""}) is False  # minLength
    assert fast({"name": "n", "id": 3}) is False  # read-only in a request
    assert fast({"name": "n", "other": 1}) is False  # additionalProperties
    assert fast({"id": 3}) is False  # name is required
    response = compile_check(body, (3, 0), "response")
    assert response is not None
    assert response({"id": 1, "name": "n"}) is True
    assert response({"id": 1, "name": "n", "secret": "s"}) is False  # write-only


def test_unsupported_keywords_leave_the_reference_engine_in_charge():
    assert compile_check({"oneOf": [{"type": "string"}]}, (3, 0), "request") is None
    assert compile_check({"not": {"type": "string"}}, (3, 0), "request") is None
    assert compile_check({"patternProperties": {"^a": {}}}, (3, 1), "request") is None
    assert compile_check({"if": {}, "then": {}}, (3, 1), "request") is None


def test_recursive_schema_compiles():
    node: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}
    node["properties"]["children"] = {"type": "array", "items": node}
    fast = compile_check(node, (3, 0), "request")
    assert fast is not None
    assert fast({"name": "a", "children": [{"name": "b", "children": []}]}) is True
    assert fast({"name": "a", "children": [{"name": 3}]}) is False
