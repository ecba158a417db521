"""Casting structured string values to their schema's types."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from connexion.core.casting import CastError, cast, make_caster

INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
STRING = {"type": "string"}


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        (INTEGER, "123", 123),
        (INTEGER, "0", 0),
        (INTEGER, "0000", 0),
        (INTEGER, "+123", 123),
        (INTEGER, "-0", 0),
        (INTEGER, "-123", -123),
        (INTEGER, "99999999999999999999", 99999999999999999999),
        (NUMBER, "123.45", 123.45),
        (NUMBER, "123.", 123.0),
        (NUMBER, ".45", 0.45),
        (NUMBER, "-0.000000001", -1e-09),
        (NUMBER, "1e3", 1000.0),
        (BOOLEAN, "true", True),
        (BOOLEAN, "false", False),
        (BOOLEAN, "True", True),
        (BOOLEAN, "FALSE", False),
        (STRING, "abc", "abc"),
        (STRING, "", ""),
        (STRING, "null", "null"),
        ({}, "anything", "anything"),
        ({"type": "file"}, "x", "x"),
        ({"description": "no type"}, "1", "1"),
    ],
)
def test_scalars(schema: dict[str, Any], value: str, expected: Any) -> None:
    result = cast(value, schema)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize("value", ["123", "0", "-1"])
def test_number_is_always_a_float(value: str) -> None:
    assert type(cast(value, NUMBER)) is float


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        (INTEGER, "", "integer"),
        (INTEGER, "foo", "integer"),
        (INTEGER, "0.1", "integer"),
        (INTEGER, "1.0", "integer"),
        (INTEGER, "1_000", "integer"),
        (INTEGER, "1e3", "integer"),
        (NUMBER, "", "number"),
        (NUMBER, "abc", "number"),
        (NUMBER, "123,45", "number"),
        (NUMBER, "nan", "number"),
        (NUMBER, "inf", "number"),
        (NUMBER, "1e400", "number"),
        (NUMBER, "1_0", "number"),
        (BOOLEAN, "", "boolean"),
        (BOOLEAN, "foo", "boolean"),
        (BOOLEAN, "yes", "boolean"),
        (BOOLEAN, "1", "boolean"),
        (BOOLEAN, "0", "boolean"),
        ({"type": "array", "items": INTEGER}, "1,2", "array"),
        ({"type": "object"}, "a,1", "object"),
        ({"type": "null"}, "x", "null"),
    ],
)
def test_cast_errors(schema: dict[str, Any], value: str, expected: str) -> None:
    with pytest.raises(CastError) as info:
        cast(value, schema)
    assert info.value.expected == (expected,)
    assert info.value.value == value
    assert str(info.value) == f"Wrong type, expected '{expected}'"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        (INTEGER, 5),
        (INTEGER, True),
        (INTEGER, 1.5),
        (NUMBER, 5),
        (BOOLEAN, False),
        (BOOLEAN, 1),
        (STRING, 5),
        (INTEGER, None),
        ({"type": "array", "items": INTEGER}, None),
        ({"type": "object", "properties": {"a": INTEGER}}, 7),
    ],
)
def test_typed_values_pass_through(schema: dict[str, Any], value: Any) -> None:
    assert cast(value, schema) is value


# -- null ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "version", "value", "expected"),
    [
        ({"type": "integer", "nullable": True}, (3, 0), "null", None),
        ({"type": "integer", "nullable": True}, (3, 0), "None", None),
        ({"type": "integer", "nullable": True}, (3, 0), " null ", None),
        ({"type": "integer", "nullable": True}, (3, 0), "", None),
        ({"type": "integer", "nullable": True}, (3, 0), "12", 12),
        ({"type": "integer", "nullable": True}, (3, 0), None, None),
        ({"type": "integer", "x-nullable": True}, (2, 0), "None", None),
        ({"type": "string", "nullable": True}, (3, 0), "null", None),
        ({"type": "string", "nullable": True}, (3, 0), "", ""),
        ({"type": "boolean", "x-nullable": True}, (2, 0), "true", True),
        ({"type": ["integer", "null"]}, (3, 1), "null", None),
        ({"type": ["integer", "null"]}, (3, 1), "", None),
        ({"type": ["integer", "null"]}, (3, 1), "7", 7),
        ({"type": ["null", "string"]}, (3, 1), "", ""),
        ({"type": ["null", "string"]}, (3, 1), "null", None),
        ({"type": "null"}, (3, 1), "", None),
        ({"type": "null"}, (3, 1), "null", None),
        ({"type": "null"}, (3, 1), None, None),
        (
            {"type": "array", "items": INTEGER, "nullable": True},
            (3, 0),
            ["null"],
            None,
        ),
        ({"type": "array", "items": INTEGER, "nullable": True}, (3, 0), ["1"], [1]),
        ({"type": "object", "nullable": True}, (3, 0), "null", None),
        (
            {"type": "array", "items": {"type": "integer", "nullable": True}},
            (3, 0),
            ["1", "null"],
            [1, None],
        ),
    ],
)
def test_null(schema: dict[str, Any], version: tuple[int, int], value: Any, expected: Any) -> None:
    assert cast(value, schema, version) == expected


@pytest.mark.parametrize(
    "schema",
    [{"type": "integer"}, {"type": "integer", "nullable": False}, {"type": ["integer"]}],
)
@pytest.mark.parametrize("value", ["null", "None", ""])
def test_null_strings_need_null_allowed(schema: dict[str, Any], value: str) -> None:
    with pytest.raises(CastError):
        cast(value, schema, (3, 1))


def test_nullable_still_rejects_other_strings() -> None:
    with pytest.raises(CastError) as info:
        cast("abc", {"type": "integer", "nullable": True})
    assert info.value.expected == ("integer",)


# -- type lists and combinators ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "value", "expected"),
    [
        ({"type": ["string", "integer"]}, "5", 5),
        ({"type": ["string", "integer"]}, "abc", "abc"),
        ({"type": ["boolean", "integer"]}, "true", True),
        ({"type": ["boolean", "integer"]}, "3", 3),
        ({"type": ["number", "integer"]}, "3", 3),
        ({"type": ["number", "integer"]}, "3.5", 3.5),
        ({"oneOf": [INTEGER, STRING]}, "5", 5),
        ({"oneOf": [STRING, INTEGER]}, "5", "5"),
        ({"anyOf": [BOOLEAN, INTEGER]}, "7", 7),
        ({"anyOf": [BOOLEAN, INTEGER]}, "false", False),
        ({"oneOf": [INTEGER, {"type": "array", "items": INTEGER}]}, ["1"], [1]),
        ({"allOf": [INTEGER, {"minimum": 1}]}, "4", 4),
        ({"allOf": [{"minimum": 1}], "type": "integer"}, "4", 4),
        ({"allOf": [{"type": "integer"}], "nullable": True}, "null", None),
        (
            {
                "allOf": [
                    {"type": "object", "properties": {"a": INTEGER}},
                    {"properties": {"b": BOOLEAN}},
                ]
            },
            {"a": "1", "b": "true", "c": "x"},
            {"a": 1, "b": True, "c": "x"},
        ),
        (
            {
                "allOf": [
                    {"properties": {"a": {"minimum": 0}}},
                    {"properties": {"a": INTEGER}},
                ]
            },
            {"a": "3"},
            {"a": 3},
        ),
        ({"allOf": [{"allOf": [NUMBER]}]}, "1", 1.0),
    ],
)
def test_type_lists_and_combinators(schema: dict[str, Any], value: Any, expected: Any) -> None:
    result = cast(value, schema, (3, 1))
    assert result == expected
    assert type(result) is type(expected)


def test_type_list_error_names_every_type() -> None:
    with pytest.raises(CastError) as info:
        cast("x", {"type": ["integer", "boolean"]}, (3, 1))
    assert info.value.expected == ("integer", "boolean")
    assert str(info.value) == "Wrong type, expected one of 'integer', 'boolean'"


def test_one_of_error_names_every_alternative() -> None:
    with pytest.raises(CastError) as info:
        cast("x", {"oneOf": [INTEGER, BOOLEAN, {"type": ["number", "integer"]}]})
    assert info.value.expected == ("integer", "boolean", "number")


# -- arrays and objects ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "version", "value", "expected"),
    [
        ({"type": "array", "items": INTEGER}, (3, 0), ["1", "2"], [1, 2]),
        ({"type": "array", "items": INTEGER}, (3, 0), [], []),
        ({"type": "array", "items": NUMBER}, (3, 0), ["1", "2.5"], [1.0, 2.5]),
        ({"type": "array", "items": BOOLEAN}, (3, 0), ["true", "False"], [True, False]),
        ({"type": "array", "items": STRING}, (3, 0), ["1", "2"], ["1", "2"]),
        ({"type": "array"}, (3, 0), ["1", "2"], ["1", "2"]),
        ({"items": INTEGER}, (3, 0), ["1"], [1]),
        (
            {"type": "array", "items": {"type": "array", "items": INTEGER}},
            (2, 0),
            [["1", "2"], ["3"]],
            [[1, 2], [3]],
        ),
        ({"type": "array", "items": INTEGER}, (3, 0), [1, "2"], [1, 2]),
        (
            {"type": "array", "prefixItems": [BOOLEAN, INTEGER], "items": NUMBER},
            (3, 1),
            ["true", "2", "3"],
            [True, 2, 3.0],
        ),
        (
            {"type": "array", "prefixItems": [BOOLEAN, INTEGER]},
            (3, 0),
            ["true", "2"],
            ["true", "2"],
        ),
        (
            {"type": "array", "items": [BOOLEAN, INTEGER], "additionalItems": NUMBER},
            (2, 0),
            ["true", "2", "3"],
            [True, 2, 3.0],
        ),
        (
            {"type": "object", "properties": {"a": INTEGER, "b": {"type": "string"}}},
            (3, 0),
            {"a": "1", "b": "2", "c": "3"},
            {"a": 1, "b": "2", "c": "3"},
        ),
        (
            {"type": "object", "additionalProperties": BOOLEAN},
            (3, 0),
            {"x": "true", "y": "false"},
            {"x": True, "y": False},
        ),
        (
            {
                "type": "object",
                "properties": {"a": INTEGER},
                "additionalProperties": BOOLEAN,
            },
            (3, 0),
            {"a": "1", "x": "true"},
            {"a": 1, "x": True},
        ),
        (
            {
                "type": "object",
                "properties": {"n": {"type": "object", "properties": {"x": INTEGER}}},
            },
            (3, 0),
            {"n": {"x": "5"}},
            {"n": {"x": 5}},
        ),
        ({"type": "object", "additionalProperties": True}, (3, 0), {"a": "1"}, {"a": "1"}),
        ({"properties": {"a": INTEGER}}, (3, 0), {"a": "1"}, {"a": 1}),
        (
            {"type": "object", "properties": {"tags": {"type": "array", "items": INTEGER}}},
            (3, 0),
            {"tags": ["1", "2"]},
            {"tags": [1, 2]},
        ),
        (
            {"type": "object", "properties": {"a": INTEGER}},
            (3, 0),
            {"a": 1, "b": None},
            {"a": 1, "b": None},
        ),
    ],
)
def test_arrays_and_objects(
    schema: dict[str, Any], version: tuple[int, int], value: Any, expected: Any
) -> None:
    assert cast(value, schema, version) == expected


@pytest.mark.parametrize(
    ("schema", "value", "path", "expected"),
    [
        ({"type": "array", "items": INTEGER}, ["1", "x"], (1,), "integer"),
        ({"type": "object", "properties": {"a": BOOLEAN}}, {"a": "x"}, ("a",), "boolean"),
        (
            {
                "type": "object",
                "properties": {"items": {"type": "array", "items": {"properties": {"q": NUMBER}}}},
            },
            {"items": [{"q": "1"}, {"q": "many"}]},
            ("items", 1, "q"),
            "number",
        ),
        (
            {"type": "object", "properties": {"a": {"type": "object"}}},
            {"a": "x"},
            ("a",),
            "object",
        ),
    ],
)
def test_nested_errors_carry_their_path(
    schema: dict[str, Any], value: Any, path: tuple[Any, ...], expected: str
) -> None:
    with pytest.raises(CastError) as info:
        cast(value, schema)
    assert info.value.path == path
    assert info.value.expected == (expected,)
    assert info.value.message == f"Wrong type, expected '{expected}'"
    assert str(info.value).endswith(" at /" + "/".join(str(part) for part in path))


def test_swagger2_parameter_definition_as_schema() -> None:
    defn = {
        "name": "ids",
        "in": "query",
        "type": "array",
        "collectionFormat": "csv",
        "items": {"type": "integer"},
        "x-nullable": True,
    }
    caster = make_caster(defn, (2, 0))
    assert caster(["1", "2"]) == [1, 2]
    assert caster("None") is None


def test_input_is_not_mutated() -> None:
    value = {"a": "1", "b": ["2", "3"]}
    schema = {
        "type": "object",
        "properties": {"a": INTEGER, "b": {"type": "array", "items": INTEGER}},
    }
    original = copy.deepcopy(value)
    assert cast(value, schema) == {"a": 1, "b": [2, 3]}
    assert value == original


def test_recursive_schema() -> None:
    node: dict[str, Any] = {"type": "object", "properties": {"value": INTEGER}}
    node["properties"]["children"] = {"type": "array", "items": node}
    caster = make_caster(node)
    value = {"value": "1", "children": [{"value": "2", "children": [{"value": "3"}]}]}
    assert caster(value) == {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}


def test_shared_subschema_compiles_once_and_casts_everywhere() -> None:
    shared = {"type": "integer"}
    schema = {"type": "object", "properties": {"a": shared, "b": shared}}
    assert cast({"a": "1", "b": "2"}, schema) == {"a": 1, "b": 2}


def test_make_caster_is_reusable() -> None:
    caster = make_caster({"type": "array", "items": INTEGER})
    assert caster(["1"]) == [1]
    assert caster(["2", "3"]) == [2, 3]
    with pytest.raises(CastError):
        caster(["x"])
    assert caster(["4"]) == [4]


@pytest.mark.parametrize("schema", [True, False, None, "integer"])
def test_non_mapping_schemas_cast_nothing(schema: Any) -> None:
    assert make_caster({"type": "array", "items": schema})(["1"]) == ["1"]


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        (INTEGER, ["1"]),
        (INTEGER, {"a": "1"}),
        ({"type": ["integer", "boolean"]}, ["1"]),
        ({"oneOf": [INTEGER, BOOLEAN]}, {"a": "1"}),
    ],
)
def test_lists_and_dicts_where_no_type_takes_them_pass_through(
    schema: dict[str, Any], value: Any
) -> None:
    assert cast(value, schema, (3, 1)) is value


def test_string_where_only_structures_are_expected() -> None:
    with pytest.raises(CastError) as info:
        cast("x", {"type": ["array", "object"]}, (3, 1))
    assert info.value.expected == ("array", "object")


def test_only_alternative_of_the_right_shape_reports_its_own_error() -> None:
    schema = {"oneOf": [{"type": "array", "items": INTEGER}, BOOLEAN]}
    with pytest.raises(CastError) as info:
        cast(["1", "x"], schema)
    assert info.value.expected == ("integer",)
    assert info.value.path == (1,)
