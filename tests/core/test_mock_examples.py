"""Mock answers and schema sampling (connexion.core.mock, .sampling, .scalars), without a web app.

Every built value is checked with jsonschema, with the validator class connexion uses for the
spec version (Draft 4 plus the OpenAPI additions for 2.0 / 3.0, Draft 2020-12 for 3.1).
"""

from __future__ import annotations

import base64
import copy
import datetime
import ipaddress
import re
import time
import urllib.parse
import uuid
from types import SimpleNamespace
from typing import Any

import pytest

from connexion.core.mock import build_answer, choose_media_type, choose_status
from connexion.core.response import NoContent
from connexion.core.sampling import FULL_DEPTH, SchemaSampler, merge_all_of, sample_schema
from connexion.core.scalars import FORMATS, sample_number, sample_string, string_matching
from connexion.core.spec import Specification
from connexion.core.validation import validator_class_for
from tests.conftest import SHARED_SPECS

OAS30 = (3, 0)
OAS31 = (3, 1)
SWAGGER2 = (2, 0)


def errors_of(
    schema: Any, value: Any, version: tuple[int, int] = OAS30, purpose: str = "response"
):
    cls = validator_class_for(version, purpose)
    return [e.message for e in cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(value)]


def sample_valid(schema: Any, version: tuple[int, int] = OAS30, purpose: str = "response") -> Any:
    value = sample_schema(schema, version, purpose)
    assert errors_of(schema, value, version, purpose) == [], value
    # Deterministic: a new sampler builds the same value.
    assert sample_schema(schema, version, purpose) == value
    return value


# --- status and media type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["400", "201", "202", "default"], (201, "201")),
        (["default", "200"], (200, "200")),
        ([404, 200], (200, 200)),  # YAML may give int keys
        (["2XX", "400"], (200, "2XX")),
        (["204", "2XX"], (204, "204")),
        (["default", "404"], (200, "default")),
        (["404", "400", "500"], (400, "400")),
        (["5XX", "404"], (404, "404")),
        (["500", "4XX"], (400, "4XX")),
        (["302", "400"], (302, "302")),
        (["101", "500"], (500, "500")),
        ([], (200, None)),
    ],
)
def test_status_choice(keys, expected):
    assert choose_status({key: {"description": "d"} for key in keys}) == expected


@pytest.mark.parametrize(
    ("media_types", "expected"),
    [
        (["application/xml", "application/json"], "application/json"),
        (["text/plain", "application/vnd.api+json"], "application/vnd.api+json"),
        (["application/json; charset=utf-8", "text/html"], "application/json; charset=utf-8"),
        (["text/plain", "application/xml"], "text/plain"),
        ([], None),
    ],
)
def test_media_type_choice(media_types, expected):
    assert choose_media_type(media_types) == expected


# --- example precedence ----------------------------------------------------------------------

GREETING = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string"}},
    "example": {"text": "schema example"},
}


def oas3_operation(media: dict[str, Any], status: str = "200", **extra: Any) -> dict[str, Any]:
    return {"responses": {status: {"description": "d", "content": media, **extra}}}


def test_oas3_media_example_comes_first():
    media = {"application/json": {"schema": GREETING, "example": {"text": "media example"}}}
    answer = build_answer(oas3_operation(media), OAS30)
    assert (answer.body, answer.source) == ({"text": "media example"}, "example")


def test_oas3_first_examples_value_skipping_external_values():
    media = {
        "application/json": {
            "schema": GREETING,
            "examples": {
                "remote": {"externalValue": "https://example.com/x.json"},
                "one": {"value": {"text": "one"}},
                "two": {"value": {"text": "two"}},
            },
        }
    }
    answer = build_answer(oas3_operation(media), OAS30)
    assert (answer.body, answer.source) == ({"text": "one"}, "examples/one")


def test_oas3_schema_example_then_31_schema_examples():
    answer = build_answer(oas3_operation({"application/json": {"schema": GREETING}}), OAS30)
    assert (answer.body, answer.source) == ({"text": "schema example"}, "schema example")
    schema = {**GREETING, "examples": [{"text": "first of examples"}]}
    del schema["example"]
    answer = build_answer(oas3_operation({"application/json": {"schema": schema}}), OAS31)
    assert (answer.body, answer.source) == ({"text": "first of examples"}, "schema example")


def test_without_examples_the_value_is_built():
    schema = {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}
    answer = build_answer(oas3_operation({"application/json": {"schema": schema}}), OAS30)
    assert (answer.body, answer.source) == ({"n": 1}, "generated")


def test_swagger2_response_examples_then_schema_example():
    operation = {
        "responses": {
            "200": {
                "description": "d",
                "schema": GREETING,
                "examples": {"application/json": {"text": "response example"}},
            }
        }
    }
    answer = build_answer(operation, SWAGGER2, ("application/xml", "application/json"))
    assert (answer.media_type, answer.body) == ("application/json", {"text": "response example"})
    del operation["responses"]["200"]["examples"]
    answer = build_answer(operation, SWAGGER2, ("application/json",))
    assert (answer.body, answer.source) == ({"text": "schema example"}, "schema example")


def test_swagger2_example_media_type_is_preferred_among_produces():
    operation = {"responses": {"200": {"description": "d", "examples": {"text/plain": "hello"}}}}
    answer = build_answer(operation, SWAGGER2, ("application/json", "text/plain"))
    assert (answer.media_type, answer.body) == ("text/plain", "hello")


def test_a_json_document_written_as_a_string_is_parsed_for_json_media_types():
    text = '{"text": "parsed"}'
    operation = oas3_operation({"application/json": {"schema": GREETING, "example": text}})
    assert build_answer(operation, OAS30).body == {"text": "parsed"}
    string_schema = {"type": "string"}
    operation = oas3_operation({"application/json": {"schema": string_schema, "example": text}})
    assert build_answer(operation, OAS30).body == text  # the schema wants the string


def test_an_invalid_example_falls_back_with_one_warning():
    media = {"application/json": {"schema": GREETING, "example": {"text": 42}}}
    answer = build_answer(oas3_operation(media), OAS30)
    assert answer.body == {"text": "schema example"}
    assert len(answer.warnings) == 1 and "42 is not of type 'string'" in answer.warnings[0]
    schema = {k: v for k, v in GREETING.items() if k != "example"}
    answer = build_answer(
        oas3_operation({"application/json": {"schema": schema, "example": {"text": 42}}}), OAS30
    )
    assert answer.source == "generated" and answer.body == {"text": "string"}
    assert "answering a built value" in answer.warnings[0]


def test_an_example_is_kept_when_no_value_can_be_valid():
    impossible = {"type": "string", "minLength": 3, "maxLength": 1}
    media = {"application/json": {"schema": impossible, "example": "abcd"}}
    answer = build_answer(oas3_operation(media), OAS30)
    assert answer.body == "abcd"
    assert "does either" in answer.warnings[0]


# --- bodies, headers, copies --------------------------------------------------------------------


def test_no_content_statuses_have_no_body():
    operation = {"responses": {"204": {"description": "gone"}, "404": {"description": "x"}}}
    answer = build_answer(operation, OAS30)
    assert (answer.status, answer.media_type, answer.body) == (204, None, NoContent)
    assert answer.response() == (NoContent, 204, {})
    operation = {"responses": {"200": {"description": "no schema"}}}
    assert build_answer(operation, SWAGGER2).body is NoContent


def test_text_xml_and_binary_bodies():
    text = oas3_operation({"text/plain": {"schema": {"type": "integer", "minimum": 5}}})
    assert build_answer(text, OAS30).body == "5"
    xml = oas3_operation({"application/xml": {"schema": {**GREETING, "xml": {"name": "hi"}}}})
    assert build_answer(xml, OAS30).body.endswith("<hi><text>schema example</text></hi>")
    png = oas3_operation({"image/png": {"schema": {"type": "string", "format": "binary"}}})
    body = build_answer(png, OAS30).body
    assert body.startswith(b"\x89PNG\r\n\x1a\n") and body.endswith(b"IEND\xaeB`\x82")
    pdf = oas3_operation({"application/pdf": {}})
    assert build_answer(pdf, OAS30).body == b""
    anything = oas3_operation({"*/*": {"schema": GREETING}})
    assert build_answer(anything, OAS30).media_type == "application/json"


PET = {"type": "object", "properties": {"id": {"type": "integer"}}}


@pytest.mark.parametrize(
    ("media", "source"),
    [
        ({"application/xml": {"schema": PET, "example": "<pet><id>7</id></pet>"}}, "example"),
        (
            {"application/xml": {"schema": PET, "examples": {"one": {"value": b"<pet/>"}}}},
            "examples/one",
        ),
        (
            {"text/csv": {"schema": {"type": "array", "items": PET}, "example": "id\n7\n"}},
            "example",
        ),
        ({"text/plain": {"schema": {"type": "integer"}, "example": "seven"}}, "example"),
        (
            {"application/xml": {"schema": {**PET, "example": "<pet><id>8</id></pet>"}}},
            "schema example",
        ),
    ],
)
def test_a_string_example_of_a_non_json_media_type_is_the_body_as_written(media, source):
    (example_media,) = media.values()
    written = example_media.get("example")
    if written is None and "examples" in example_media:
        written = example_media["examples"]["one"]["value"]
    if written is None:
        written = example_media["schema"]["example"]
    answer = build_answer(oas3_operation(media), OAS30)
    assert (answer.body, answer.source, answer.warnings) == (written, source, ())


def test_a_swagger2_string_example_of_a_non_json_media_type_is_the_body_as_written():
    operation = {
        "responses": {
            "200": {"description": "d", "schema": PET, "examples": {"application/xml": "<a>1</a>"}}
        }
    }
    answer = build_answer(operation, SWAGGER2, ("application/xml",))
    assert (answer.media_type, answer.body, answer.source) == (
        "application/xml",
        "<a>1</a>",
        "response examples",
    )
    assert answer.warnings == ()


def test_a_non_string_example_of_a_non_json_media_type_is_still_checked():
    media = {"application/xml": {"schema": PET, "example": {"id": 7}}}
    assert build_answer(oas3_operation(media), OAS30).body.endswith("<root><id>7</id></root>")
    media = {"application/xml": {"schema": PET, "example": {"id": "seven"}}}
    answer = build_answer(oas3_operation(media), OAS30)
    assert answer.body.endswith("<root><id>1</id></root>") and answer.source == "generated"
    assert "'seven' is not of type 'integer'" in answer.warnings[0]
    # An invalid data example before a written one: the written one answers, with a warning.
    media["application/xml"]["examples"] = {"doc": {"value": "<pet><id>9</id></pet>"}}
    answer = build_answer(oas3_operation(media), OAS30)
    assert (answer.body, answer.source) == ("<pet><id>9</id></pet>", "examples/doc")
    assert "answering the examples/doc" in answer.warnings[0]
    # JSON media types keep checking string examples against their schema.
    media = {"application/json": {"schema": PET, "example": "<pet><id>7</id></pet>"}}
    answer = build_answer(oas3_operation(media), OAS30)
    assert answer.body == {"id": 1} and "is not of type 'object'" in answer.warnings[0]


def test_headers_get_example_or_built_values():
    operation = {
        "responses": {
            "200": {
                "description": "d",
                "headers": {
                    "X-Limit": {"schema": {"type": "integer", "minimum": 10}},
                    "X-Tags": {"schema": {"type": "array", "items": {"type": "string"}}},
                    "X-Id": {"example": "abc", "schema": {"type": "string"}},
                    "X-Flag": {"content": {"text/plain": {"schema": {"type": "boolean"}}}},
                    "Content-Type": {"schema": {"type": "string"}},
                },
            }
        }
    }
    answer = build_answer(operation, OAS30)
    assert answer.headers == {"X-Limit": "10", "X-Tags": "string", "X-Id": "abc", "X-Flag": "true"}
    swagger = {"responses": {"200": {"description": "d", "headers": {"X-N": {"type": "number"}}}}}
    assert build_answer(swagger, SWAGGER2).headers == {"X-N": "1.5"}


def header_operation(**headers: Any) -> dict[str, Any]:
    return {"responses": {"200": {"description": "d", "headers": headers}}}


@pytest.mark.parametrize("value", ["a\r\nSet-Cookie: x=1", "a\nb", "a\x00b", "a\x7fb", "5 \u20ac"])
def test_a_header_example_no_server_can_send_falls_back_to_a_built_value(value):
    operation = header_operation(X_Value={"schema": {"type": "string"}, "example": value})
    answer = build_answer(operation, OAS30)
    assert answer.headers == {"X_Value": "string"}
    (warning,) = answer.warnings
    assert warning.startswith("the example of header X_Value of response 200 holds a character")
    assert warning.endswith("; answering a built value")
    # The next documented example that can be sent wins over a built value.
    schema = {"type": "string", "example": "from the schema"}
    operation = header_operation(X_Value={"schema": schema, "example": value})
    answer = build_answer(operation, OAS30)
    assert answer.headers == {"X_Value": "from the schema"}
    assert answer.warnings[0].endswith("; answering the schema example")


def test_a_header_without_a_sendable_value_is_left_out():
    operation = header_operation(
        X_Bad={"schema": {"type": "string", "enum": ["a\r\nb"]}}, X_Good={"example": "ok"}
    )
    answer = build_answer(operation, OAS30)
    assert answer.headers == {"X_Good": "ok"}
    assert answer.warnings == (
        "a built value of header X_Bad of response 200 holds a character no server can send in "
        "a header (a control character such as CR or LF, or one beyond Latin-1); leaving the "
        "header out",
    )
    swagger = header_operation(X_Bad={"type": "string", "enum": ["a\nb"]})
    answer = build_answer(swagger, SWAGGER2)
    assert answer.headers == {} and "leaving the header out" in answer.warnings[0]


def test_tabs_and_latin1_header_values_are_kept():
    operation = header_operation(X_Value={"schema": {"type": "string"}, "example": "caf\xe9\tbar"})
    answer = build_answer(operation, OAS30)
    assert (answer.headers, answer.warnings) == ({"X_Value": "caf\xe9\tbar"}, ())


def test_each_response_is_a_fresh_copy():
    media = {"application/json": {"schema": {"type": "array", "items": GREETING}}}
    answer = build_answer(oas3_operation(media), OAS30)
    body, status, headers = answer.response()
    assert (body, status, headers) == ([{"text": "schema example"}], 200, answer.response()[2])
    assert headers["Content-Type"] == "application/json"
    body[0]["text"] = "changed"
    headers["X"] = "y"
    assert answer.response() == (
        [{"text": "schema example"}],
        200,
        {"Content-Type": "application/json"},
    )


def test_answers_are_deterministic():
    operation = oas3_operation({"application/json": {"schema": ACCOUNT}})
    assert build_answer(operation, OAS30) == build_answer(copy.deepcopy(operation), OAS30)


# --- the sampler, keyword by keyword ---------------------------------------------------------

ACCOUNT = {
    "type": "object",
    "required": ["id", "created"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "created": {"type": "string", "format": "date-time"},
        "score": {"type": "number", "minimum": 0, "maximum": 1},
    },
}


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, "string"),
        ({"type": "integer"}, 1),
        ({"type": "number"}, 1.5),
        ({"type": "boolean"}, True),
        ({"type": "array", "items": {"type": "integer"}}, [1]),
        ({"type": "object"}, {}),
        ({}, {}),
        ({"enum": ["b", "a"]}, "b"),
        ({"type": "string", "enum": [None, "x"], "nullable": True}, "x"),
        ({"type": "string", "default": "dflt"}, "dflt"),
        ({"type": "string", "example": "ex", "default": "dflt"}, "ex"),
        ({"type": "string", "example": 42, "default": "dflt"}, "dflt"),  # 42 does not fit
        ({"type": "integer", "example": 99, "maximum": 10}, 1),
        ({"type": "string", "nullable": True}, "string"),
        ({"type": "string", "x-nullable": True, "example": None}, None),
        ({"minimum": 3}, 3),
        ({"minLength": 2}, "string"),
        ({"properties": {"a": {"type": "boolean"}}}, {"a": True}),
        ({"format": "int64"}, 1),
    ],
)
def test_oas30_values(schema, expected):
    assert sample_valid(schema) == expected


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": ["null", "integer"]}, 1),
        ({"type": "null"}, None),
        ({"const": {"k": [1]}}, {"k": [1]}),
        ({"type": "string", "examples": ["first", "second"]}, "first"),
        ({"type": "integer", "exclusiveMinimum": 5}, 6),
        ({"type": "integer", "exclusiveMaximum": 0}, -1),
        ({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}, 0.5),
        ({"anyOf": [{"type": "null"}, {"type": "string", "format": "date"}]}, "2024-01-01"),
        (
            {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}]},
            [1, "string"],
        ),
        ({"type": "array", "prefixItems": [{"const": 1}], "items": False, "minItems": 1}, [1]),
        ({"type": "array", "contains": {"type": "string"}, "items": {}}, ["string"]),
        ({"type": "object", "dependentRequired": {"a": ["b"]}, "required": ["a"]}, None),
    ],
)
def test_oas31_values(schema, expected):
    value = sample_valid(schema, OAS31)
    if expected is not None or schema.get("type") == "null":
        assert value == expected


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_formats(name):
    value = sample_valid({"type": "string", "format": name})
    if name in ("date-time", "time"):
        parse = datetime.datetime if name == "date-time" else datetime.time
        parse.fromisoformat(value.replace("Z", "+00:00"))
    elif name == "date":
        datetime.date.fromisoformat(value)
    elif name == "uuid":
        assert str(uuid.UUID(value)) == value
    elif name in ("ipv4", "ipv6"):
        ipaddress.ip_address(value)
    elif name == "byte":
        base64.b64decode(value, validate=True)
    elif name in ("email", "idn-email"):
        assert re.fullmatch(r"[^@\s]+@[a-z0-9.-]+\.[a-z]+", value)
    elif name in ("uri", "url", "iri"):
        parts = urllib.parse.urlsplit(value)
        assert parts.scheme == "https" and parts.netloc
    elif name in ("hostname", "idn-hostname"):
        assert re.fullmatch(r"[a-z0-9.-]+\.[a-z]+", value)
    elif name == "regex":
        re.compile(value)
    # Distinct variants for unique items.
    assert sample_string({"format": name}, 1) != value or name == "regex"


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "minLength": 10},
        {"type": "string", "maxLength": 3},
        {"type": "string", "minLength": 2, "maxLength": 2},
        {"type": "string", "format": "email", "maxLength": 20},
        {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        {"type": "string", "pattern": r"^[A-Z]{2}\d{3}$", "minLength": 5},
        {"type": "string", "pattern": "^x+$", "minLength": 7, "maxLength": 9},
        {"type": "integer", "minimum": 7, "maximum": 7},
        {"type": "integer", "minimum": -5, "maximum": -3},
        {"type": "integer", "minimum": 2, "exclusiveMinimum": True},
        {"type": "number", "maximum": 0, "exclusiveMaximum": True},
        {"type": "integer", "multipleOf": 7, "minimum": 10},
        {"type": "number", "multipleOf": 0.1, "minimum": 0.25},
        {"type": "number", "multipleOf": 0.25, "minimum": 0, "exclusiveMinimum": True},
        {"type": "integer", "format": "int32", "maximum": -100},
    ],
)
def test_bounds(schema):
    sample_valid(schema)


@pytest.mark.parametrize(
    "pattern",
    [
        r"^\d{3}-\d{4}$",
        r"^[a-z0-9_-]{3,16}$",
        r"^(?:ab|cd)+e?$",
        r"^(red|green|blue)$",
        r"^[^aeiou]+$",
        r"^(\w)\1$",
        r"^\S+\s\S+$",
        r"^[A-Z][a-z]*(?=x)?",
        r"foo",
        r"^.{5}$",
        r"^(0|[1-9][0-9]*)$",
        r"^urn:[a-z0-9]{1,31}:[^\s]+$",
        r"^#[0-9a-fA-F]{6}$",
        r"^\p{L}+$",
        r"^(?<word>\w+)$",
    ],
)
def test_patterns(pattern):
    value = string_matching(pattern)
    if value is None:
        # Syntax Python's re does not read (ECMA's \p{..}, (?<name>..)): no value, no crash.
        with pytest.raises(re.error):
            re.compile(pattern)
        assert sample_string({"pattern": pattern}) == "string"
        return
    assert re.search(pattern, value)
    assert string_matching(pattern) == value
    bounded = string_matching(pattern, 6, 20)
    if bounded is not None:
        assert re.search(pattern, bounded) and 6 <= len(bounded) <= 20


def test_pattern_variants_differ():
    values = {string_matching(r"^(0|[1-9][0-9]*)$", variant=n) for n in range(4)}
    assert len(values) >= 3


def test_nested_repeats_render_within_a_bounded_time():
    # No string matches (the lookahead wants a "b"), so every repeat count was rendered, and
    # each rendering doubles with the nesting depth: 20 s before the work was budgeted.
    depth = 22
    pattern = "^(?=b)" + "(" * depth + "a" + ")*" * depth + "$"
    for max_length in (None, 10**9):
        started = time.perf_counter()
        assert string_matching(pattern, 0, max_length) is None
        assert time.perf_counter() - started < 0.5
    # Back-references that double the text at each group.
    pattern = "^(?=b)(a)" + "".join(f"(\\{n}\\{n})" for n in range(1, 40))
    started = time.perf_counter()
    assert string_matching(pattern) is None
    assert time.perf_counter() - started < 0.5
    assert sample_string({"pattern": pattern}) == "string"


def test_a_long_enough_pattern_still_renders_within_its_budget():
    assert string_matching(r"^[a-z]{500}$", 500, 500) == "a" * 500
    # Five groups around each character: the budget leaves room for structure around the text.
    assert string_matching(r"^(((((x))))){200}$", 200) == "x" * 200


@pytest.mark.parametrize(
    "parse",
    [
        lambda pattern: [("MAX_REPEAT", None)],  # TypeError: not three values
        lambda pattern: [("BRANCH", 7)],  # TypeError: not subscriptable
        lambda pattern: pattern.no_such_attribute,  # AttributeError from the parser
        lambda pattern: [("IN", [("RANGE", "ab")])],  # ValueError: not two values
    ],
)
def test_an_unexpected_parse_tree_makes_the_pattern_unsupported(monkeypatch, parse):
    import connexion.core.scalars as scalars

    monkeypatch.setattr(scalars, "_sre", SimpleNamespace(parse=parse))
    string_matching.cache_clear()
    try:
        assert string_matching(r"^zz[0-9]+$") is None
        assert sample_string({"pattern": r"^zz[0-9]+$"}) == "string"
    finally:
        string_matching.cache_clear()


def test_numbers_vary_within_bounds():
    values = {sample_number({"minimum": 1, "maximum": 3}, True, n) for n in range(3)}
    assert values <= {1, 2, 3} and len(values) >= 2


def test_arrays_respect_min_max_and_unique_items():
    schema = {
        "type": "array",
        "minItems": 3,
        "maxItems": 3,
        "uniqueItems": True,
        "items": {"type": "string", "pattern": r"^[a-z]{2}$"},
    }
    value = sample_valid(schema)
    assert len(value) == 3 == len(set(value))
    value = sample_valid({**schema, "items": {"type": "integer", "maximum": 1}})
    assert sorted(value) == [-1, 0, 1]
    assert sample_valid({"type": "array", "items": {"type": "string"}, "maxItems": 0}) == []
    value = sample_valid(
        {"type": "array", "items": {"enum": ["a", "b"]}, "minItems": 2, "uniqueItems": True}
    )
    assert sorted(value) == ["a", "b"]


def test_draft4_tuple_items():
    value = sample_valid({"type": "array", "items": [{"type": "integer"}, {"type": "boolean"}]})
    assert value == [1, True]


def test_objects_required_additional_and_property_counts():
    schema = {
        "type": "object",
        "required": ["a", "extra"],
        "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
        "additionalProperties": {"type": "boolean"},
    }
    assert sample_valid(schema) == {"a": 1, "b": "string", "extra": True}
    assert sample_valid({"type": "object", "additionalProperties": {"type": "integer"}}) == {
        "key": 1
    }
    value = sample_valid(
        {"type": "object", "minProperties": 3, "additionalProperties": {"type": "integer"}}
    )
    assert len(value) == 3
    closed = {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
        "additionalProperties": False,
        "maxProperties": 1,
    }
    assert len(sample_valid(closed)) == 1
    patterned = {"type": "object", "patternProperties": {"^x-[a-z]+$": {"type": "integer"}}}
    assert sample_valid(patterned) == {"x-a": 1}


def test_read_only_and_write_only():
    schema = {
        "type": "object",
        "required": ["id", "password"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "password": {"type": "string", "writeOnly": True},
            "secret": {"type": "string", "x-writeOnly": True},
        },
    }
    assert sample_valid(schema, OAS30, "response") == {"id": 1}
    assert sample_valid(schema, OAS30, "request") == {"password": "string", "secret": "string"}
    assert sample_valid(schema, OAS31, "response") == {"id": 1}


def test_all_of_is_merged():
    schema = {
        "allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "integer"}}},
            {
                "type": "object",
                "required": ["b"],
                "properties": {"a": {"minimum": 5}, "b": {"type": "string"}},
            },
            {"properties": {"c": {"allOf": [{"type": "number"}, {"type": "integer"}]}}},
        ]
    }
    assert sample_valid(schema) == {"a": 5, "b": "string", "c": 1}
    merged = merge_all_of({"allOf": [{"maxLength": 5, "type": "string"}, {"maxLength": 3}]})
    assert merged == {"maxLength": 3, "type": "string"}


def test_all_of_part_examples_only_count_for_a_single_part():
    part = {"type": "object", "properties": {"a": {"type": "integer"}}, "example": {"a": 7}}
    assert sample_valid({"allOf": [part]}) == {"a": 7}
    other = {"type": "object", "required": ["b"], "properties": {"b": {"type": "string"}}}
    assert sample_valid({"allOf": [part, other]}) == {"a": 1, "b": "string"}


def test_an_optional_property_no_value_satisfies_is_left_out():
    schema = {
        "type": "object",
        "properties": {
            "never": {"allOf": [{"type": "string"}, {"type": "integer"}]},
            "none": {"enum": []},
            "fine": {"type": "string"},
        },
    }
    assert sample_valid(schema, OAS31) == {"fine": "string"}


def test_one_of_takes_the_first_branch_that_validates():
    schema = {
        "oneOf": [
            {"type": "integer", "minimum": 0},  # 1 is a number too: valid for two branches
            {"type": "number", "minimum": 0},
            {"type": "string"},
        ]
    }
    assert sample_valid(schema) == 1.5
    schema = {"anyOf": [{"type": "integer", "minimum": 5, "maximum": 4}, {"type": "boolean"}]}
    assert sample_valid(schema) is True


def test_discriminator_sets_the_mapping_key():
    cat = {
        "title": "Cat",
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}},
    }
    dog = {
        "title": "Dog",
        "type": "object",
        "required": ["kind", "bark"],
        "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}},
    }
    schema = {
        "oneOf": [dog, cat],
        "discriminator": {"propertyName": "kind", "mapping": {"c": "#/c/Cat", "d": "#/d/Dog"}},
    }
    # dog's value is also a valid cat (no additionalProperties: false): both match, so the
    # first branch whose value validates against exactly one is the cat.
    assert sample_valid(schema) == {"kind": "c", "lives": 1}
    closed = {**cat, "additionalProperties": False}
    schema["oneOf"] = [{**dog, "additionalProperties": False}, closed]
    assert sample_valid(schema) == {"kind": "d", "bark": True}
    schema["discriminator"] = {"propertyName": "kind"}
    assert sample_valid(schema)["kind"] == "Dog"


def test_recursive_schemas_stop():
    node: dict[str, Any] = {"type": "object", "required": ["name"], "properties": {}}
    node["properties"] = {
        "name": {"type": "string"},
        "parent": node,
        "children": {"type": "array", "items": node},
    }
    value = sample_valid(node)
    assert value["name"] == "string"
    assert value["parent"] == {"name": "string"}
    assert value["children"] == [{"name": "string"}]
    forever: dict[str, Any] = {"type": "object", "required": ["next"], "properties": {}}
    forever["properties"]["next"] = forever
    value = sample_schema(forever)  # no finite value exists: it stops all the same
    depth = 0
    while isinstance(value, dict):
        value, depth = value["next"], depth + 1
    assert value is None and depth > FULL_DEPTH


def test_deep_objects_keep_only_required_properties():
    schema: dict[str, Any] = {"type": "string"}
    for level in range(FULL_DEPTH + 2):
        schema = {
            "type": "object",
            "required": ["child"],
            "properties": {"child": schema, f"optional{level}": {"type": "integer"}},
        }
    value = sample_valid(schema)
    for depth in range(FULL_DEPTH + 2):
        level = FULL_DEPTH + 1 - depth  # the optional property of this depth
        assert (f"optional{level}" in value) == (depth < FULL_DEPTH), depth
        value = value["child"]
    assert value == "string"


def test_sampler_values_are_fresh_copies():
    sampler = SchemaSampler(OAS30)
    schema = {"type": "object", "properties": {"a": {"type": "array", "items": {}}}}
    first = sampler.sample(schema)
    first["a"].append("changed")
    assert sampler.sample(schema) == {"a": [{}]}


# --- every operation of real specs: the built answers validate ------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "swagger2/kubernetes-v1.9.12.json",
        "swagger2/netlify.yml",
        "oas30/github-api.github.com.json",
        "oas30/box.json",
        "oas31/discord.json",
    ],
)
def test_every_answer_of_a_real_spec_validates(path):
    spec = Specification.load(SHARED_SPECS / path, validate=False)
    sampler = SchemaSampler(spec.version, "response")
    checked = 0
    for route, method, operation, _ in spec.operations():
        produces = tuple(operation.get("produces") or spec.resolved.get("produces") or ())
        answer = build_answer(
            operation, spec.version, produces or ("application/json",), sampler=sampler
        )
        assert answer == build_answer(operation, spec.version, produces or ("application/json",))
        assert not [w for w in answer.warnings if "anyway" in w or "does either" in w]
        definition = (
            operation["responses"].get(str(answer.status))
            or operation["responses"].get(answer.status)
            or operation["responses"].get("default")
        )
        if answer.media_type and "json" in answer.media_type:
            content = definition.get("content", {}).get(answer.media_type, definition)
            schema = content.get("schema")
            if schema is not None:
                assert errors_of(schema, answer.body, spec.version) == [], (method, route)
                checked += 1
    assert checked > 0


def test_mocks_of_a_thousand_operations_take_a_fraction_of_a_second_per_hundred():
    spec = Specification.load(SHARED_SPECS / "swagger2/kubernetes-v1.9.12.json", validate=False)
    operations = list(spec.operations())
    sampler = SchemaSampler(spec.version, "response")
    started = time.perf_counter()
    answers = [build_answer(op, spec.version, sampler=sampler) for _, _, op, _ in operations]
    per_hundred = (time.perf_counter() - started) / len(operations) * 100
    assert len(answers) > 900
    # About 0.02 s per hundred operations here; the bound leaves room for a slow machine.
    assert per_hundred < 0.5, per_hundred
