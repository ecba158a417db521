"""The URI parsers: OpenAPI 3 styles, Swagger 2 collection formats and repeated keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from connexion.core.casting import make_caster
from connexion.core.request import MultiDict
from connexion.core.uri_parsing import (
    AbstractURIParser,
    AlwaysMultiURIParser,
    FirstValueURIParser,
    OpenAPIURIParser,
    Swagger2URIParser,
)

QUERY_CSV = {"letters": ["a", "b,c", "d,e,f"]}
QUERY_PIPES = {"letters": ["a", "b|c", "d|e|f"]}
ALL = ["a", "b", "c", "d", "e", "f"]


def swagger2_array(
    location: str = "query", collection_format: str | None = None, **extra: Any
) -> dict[str, Any]:
    defn: dict[str, Any] = {
        "name": "letters",
        "in": location,
        "type": "array",
        "items": {"type": "string"},
        **extra,
    }
    if collection_format is not None:
        defn["collectionFormat"] = collection_format
    return defn


def oas3(name: str, location: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": location, "schema": schema, **extra}


ARRAY = {"type": "array", "items": {"type": "string"}}
OBJECT = {
    "type": "object",
    "properties": {"R": {"type": "integer"}, "G": {"type": "integer"}, "B": {"type": "integer"}},
}
RGB = {"R": "100", "G": "200", "B": "150"}


# -- connexion 2's table: Swagger 2 parsers and repeated keys ---------------------------------


@pytest.mark.parametrize("location", ["query", "formData"])
@pytest.mark.parametrize(
    ("parser_class", "expected", "data", "collection_format"),
    [
        (Swagger2URIParser, ["d", "e", "f"], QUERY_CSV, "csv"),
        (FirstValueURIParser, ["a"], QUERY_CSV, "csv"),
        (AlwaysMultiURIParser, ALL, QUERY_CSV, "csv"),
        (Swagger2URIParser, ALL, QUERY_CSV, "multi"),
        (FirstValueURIParser, ALL, QUERY_CSV, "multi"),
        (AlwaysMultiURIParser, ALL, QUERY_CSV, "multi"),
        (Swagger2URIParser, ["d", "e", "f"], QUERY_PIPES, "pipes"),
        (FirstValueURIParser, ["a"], QUERY_PIPES, "pipes"),
        (AlwaysMultiURIParser, ALL, QUERY_PIPES, "pipes"),
        (Swagger2URIParser, ["d", "e", "f"], QUERY_CSV, None),
        (AlwaysMultiURIParser, ALL, QUERY_CSV, None),
    ],
)
def test_swagger2_repeated_array_keys(
    parser_class: type[AbstractURIParser],
    expected: list[str],
    data: dict[str, list[str]],
    collection_format: str | None,
    location: str,
) -> None:
    parser = parser_class([swagger2_array(location, collection_format)], {})
    if location == "query":
        resolved = parser.resolve_query(data)
    else:
        resolved = parser.resolve_form(data)
    assert resolved == {"letters": expected}


@pytest.mark.parametrize(
    "parser_class", [Swagger2URIParser, FirstValueURIParser, AlwaysMultiURIParser]
)
@pytest.mark.parametrize(
    ("collection_format", "raw"), [("csv", "d,e,f"), ("pipes", "d|e|f"), (None, "d,e,f")]
)
def test_swagger2_path_arrays(
    parser_class: type[AbstractURIParser], collection_format: str | None, raw: str
) -> None:
    parser = parser_class([swagger2_array("path", collection_format)], {})
    assert parser.resolve_path({"letters": raw}) == {"letters": ["d", "e", "f"]}
    assert parser.resolve_path({"letters": [raw]}) == {"letters": ["d", "e", "f"]}


@pytest.mark.parametrize(
    ("collection_format", "raw", "expected"),
    [
        ("csv", "a,b,c", ["a", "b", "c"]),
        ("ssv", "a b c", ["a", "b", "c"]),
        ("tsv", "a\tb\tc", ["a", "b", "c"]),
        ("pipes", "a|b|c", ["a", "b", "c"]),
        ("multi", "a,b", ["a", "b"]),
        ("csv", "a b", ["a b"]),
        ("pipes", "1;2;3", ["1;2;3"]),
        ("csv", "", []),
        ("csv", "a,,b", ["a", "", "b"]),
    ],
)
def test_swagger2_collection_formats(
    collection_format: str, raw: str, expected: list[str]
) -> None:
    parser = Swagger2URIParser([swagger2_array("query", collection_format)])
    assert parser.resolve_query({"letters": [raw]}) == {"letters": expected}


def test_swagger2_nested_arrays() -> None:
    defn = swagger2_array("query", "pipes", items={"type": "array", "items": {"type": "integer"}})
    parser = Swagger2URIParser([defn])
    assert parser.resolve_query({"letters": ["1,2|3"]}) == {"letters": [["1", "2"], ["3"]]}


@pytest.mark.parametrize(
    ("parser_class", "expected"),
    [
        (Swagger2URIParser, "3"),
        (FirstValueURIParser, "1"),
        (AlwaysMultiURIParser, "3"),
        (OpenAPIURIParser, "3"),
    ],
)
def test_repeated_scalar_keys(parser_class: type[AbstractURIParser], expected: str) -> None:
    defns = [
        {"name": "n", "in": "query", "type": "integer"},
        oas3("m", "query", {"type": "integer"}),
    ]
    parser = parser_class(defns, {})
    resolved = parser.resolve_query({"n": ["1", "2", "3"], "m": ["1", "2", "3"]})
    assert resolved == {"n": expected, "m": expected}


@pytest.mark.parametrize(
    "parser_class",
    [Swagger2URIParser, FirstValueURIParser, AlwaysMultiURIParser, OpenAPIURIParser],
)
def test_undefined_keys_pass_through_unchanged(parser_class: type[AbstractURIParser]) -> None:
    parser = parser_class([{"name": "letters", "in": "query", "type": "string"}], {})
    resolved = parser.resolve_query({"letters_eq": ["a"], "x": ["1", "2"], "letters": ["b"]})
    assert resolved == {"letters_eq": ["a"], "x": ["1", "2"], "letters": "b"}


@pytest.mark.parametrize(
    ("parser_class", "expected", "data"),
    [
        (OpenAPIURIParser, ["d", "e", "f"], {"letters[eq]": ["d,e,f"]}),
        (Swagger2URIParser, ["d", "e", "f"], {"letters[eq]": ["a", "b,c", "d,e,f"]}),
        (FirstValueURIParser, ["a"], {"letters[eq]": ["a", "b,c", "d,e,f"]}),
        (AlwaysMultiURIParser, ALL, {"letters[eq]": ["a", "b,c", "d,e,f"]}),
    ],
)
def test_parameter_names_with_square_brackets(
    parser_class: type[AbstractURIParser], expected: list[str], data: dict[str, list[str]]
) -> None:
    if parser_class is OpenAPIURIParser:
        defn = oas3("letters[eq]", "query", ARRAY)
    else:
        defn = swagger2_array()
        defn["name"] = "letters[eq]"
    parser = parser_class([defn], {})
    assert parser.resolve_query(data) == {"letters[eq]": expected}


@pytest.mark.parametrize(
    "data", [{"letters[eq]_unrelated": ["a"]}, {"letters[eq][unrelated]": ["a"]}]
)
def test_malformed_names_pass_through(data: dict[str, list[str]]) -> None:
    parser = OpenAPIURIParser([oas3("letters[eq]", "query", ARRAY, explode=False)], {})
    assert parser.resolve_query(data) == data


def test_swagger2_header_arrays() -> None:
    defn = {"name": "X-Tags", "in": "header", "type": "array", "items": {"type": "string"}}
    parser = Swagger2URIParser([defn])
    assert parser.resolve_params({"x-tags": ["a, b", "c"]}, "header") == {
        "X-Tags": ["a", "b", "c"]
    }


def test_swagger2_param_defns_and_schemas() -> None:
    defns = [
        swagger2_array("query"),
        {"name": "f", "in": "formData", "type": "string"},
        {"name": "h", "in": "header", "type": "string"},
        {"name": "body", "in": "body", "schema": {"type": "object"}},
    ]
    parser = Swagger2URIParser(defns)
    assert set(parser.param_defns) == {"letters", "f"}
    assert parser.param_schemas["letters"] is defns[0]


# -- OpenAPI 3: the "Style Values" table --------------------------------------------------------

STYLE_TABLE = [
    # location, style, explode, schema, raw values by key, expected value of "color"
    ("path", "matrix", False, {"type": "string"}, {"color": ";color=blue"}, "blue"),
    ("path", "matrix", True, {"type": "string"}, {"color": ";color=blue"}, "blue"),
    ("path", "matrix", False, {"type": "string"}, {"color": ";color"}, ""),
    ("path", "label", False, {"type": "string"}, {"color": ".blue"}, "blue"),
    ("path", "label", True, {"type": "string"}, {"color": ".blue"}, "blue"),
    ("path", "label", False, {"type": "string"}, {"color": "."}, ""),
    ("path", "simple", False, {"type": "string"}, {"color": "blue"}, "blue"),
    ("path", "simple", True, {"type": "string"}, {"color": "blue"}, "blue"),
    ("query", "form", False, {"type": "string"}, {"color": ["blue"]}, "blue"),
    ("query", "form", True, {"type": "string"}, {"color": ["blue"]}, "blue"),
    ("query", "form", True, {"type": "string"}, {"color": [""]}, ""),
    (
        "path",
        "matrix",
        False,
        ARRAY,
        {"color": ";color=blue,black,brown"},
        ["blue", "black", "brown"],
    ),
    (
        "path",
        "matrix",
        True,
        ARRAY,
        {"color": ";color=blue;color=black;color=brown"},
        ["blue", "black", "brown"],
    ),
    ("path", "matrix", False, ARRAY, {"color": ";color"}, []),
    ("path", "matrix", True, ARRAY, {"color": ";color"}, []),
    ("path", "label", False, ARRAY, {"color": ".blue.black.brown"}, ["blue", "black", "brown"]),
    ("path", "label", True, ARRAY, {"color": ".blue.black.brown"}, ["blue", "black", "brown"]),
    ("path", "label", False, ARRAY, {"color": "."}, []),
    ("path", "simple", False, ARRAY, {"color": "blue,black,brown"}, ["blue", "black", "brown"]),
    ("path", "simple", True, ARRAY, {"color": "blue,black,brown"}, ["blue", "black", "brown"]),
    (
        "query",
        "form",
        False,
        ARRAY,
        {"color": ["blue,black,brown"]},
        ["blue", "black", "brown"],
    ),
    (
        "query",
        "form",
        True,
        ARRAY,
        {"color": ["blue", "black", "brown"]},
        ["blue", "black", "brown"],
    ),
    ("query", "form", False, ARRAY, {"color": [""]}, []),
    ("query", "form", True, ARRAY, {"color": [""]}, []),
    (
        "query",
        "spaceDelimited",
        False,
        ARRAY,
        {"color": ["blue black brown"]},
        ["blue", "black", "brown"],
    ),
    (
        "query",
        "pipeDelimited",
        False,
        ARRAY,
        {"color": ["blue|black|brown"]},
        ["blue", "black", "brown"],
    ),
    (
        "query",
        "spaceDelimited",
        True,
        ARRAY,
        {"color": ["blue", "black brown"]},
        ["blue", "black", "brown"],
    ),
    (
        "query",
        "pipeDelimited",
        True,
        ARRAY,
        {"color": ["blue", "black|brown"]},
        ["blue", "black", "brown"],
    ),
    ("path", "matrix", False, OBJECT, {"color": ";color=R,100,G,200,B,150"}, RGB),
    ("path", "matrix", True, OBJECT, {"color": ";R=100;G=200;B=150"}, RGB),
    ("path", "matrix", False, OBJECT, {"color": ";color"}, {}),
    ("path", "label", False, OBJECT, {"color": ".R.100.G.200.B.150"}, RGB),
    ("path", "label", True, OBJECT, {"color": ".R=100.G=200.B=150"}, RGB),
    ("path", "simple", False, OBJECT, {"color": "R,100,G,200,B,150"}, RGB),
    ("path", "simple", True, OBJECT, {"color": "R=100,G=200,B=150"}, RGB),
    ("query", "form", False, OBJECT, {"color": ["R,100,G,200,B,150"]}, RGB),
    ("query", "form", True, OBJECT, {"R": ["100"], "G": ["200"], "B": ["150"]}, RGB),
    ("query", "spaceDelimited", False, OBJECT, {"color": ["R 100 G 200 B 150"]}, RGB),
    ("query", "pipeDelimited", False, OBJECT, {"color": ["R|100|G|200|B|150"]}, RGB),
    (
        "query",
        "deepObject",
        True,
        OBJECT,
        {"color[R]": ["100"], "color[G]": ["200"], "color[B]": ["150"]},
        RGB,
    ),
    ("header", "simple", False, {"type": "string"}, {"color": ["blue"]}, "blue"),
    (
        "header",
        "simple",
        False,
        ARRAY,
        {"color": ["blue,black,brown"]},
        ["blue", "black", "brown"],
    ),
    ("header", "simple", True, ARRAY, {"color": ["blue,black,brown"]}, ["blue", "black", "brown"]),
    ("header", "simple", False, OBJECT, {"color": ["R,100,G,200,B,150"]}, RGB),
    ("header", "simple", True, OBJECT, {"color": ["R=100,G=200,B=150"]}, RGB),
    ("cookie", "form", False, {"type": "string"}, {"color": ["blue"]}, "blue"),
    ("cookie", "form", False, ARRAY, {"color": ["blue,black,brown"]}, ["blue", "black", "brown"]),
    ("cookie", "form", True, ARRAY, {"color": ["blue", "black"]}, ["blue", "black"]),
    ("cookie", "form", False, OBJECT, {"color": ["R,100,G,200,B,150"]}, RGB),
    ("cookie", "form", True, OBJECT, {"R": ["100"], "G": ["200"], "B": ["150"]}, RGB),
]


@pytest.mark.parametrize(
    ("location", "style", "explode", "schema", "raw", "expected"),
    STYLE_TABLE,
    ids=[f"{row[0]}-{row[1]}-{row[2]}-{_i}" for _i, row in enumerate(STYLE_TABLE)],
)
def test_openapi_style_table(
    location: str,
    style: str,
    explode: bool,
    schema: dict[str, Any],
    raw: dict[str, Any],
    expected: Any,
) -> None:
    defn = oas3("color", location, schema, style=style, explode=explode)
    parser = OpenAPIURIParser([defn], None)
    assert parser.resolve_params(raw, location) == {"color": expected}


@pytest.mark.parametrize(
    ("location", "schema", "raw", "expected"),
    [
        # defaults: form + explode for query and cookie, simple for path and header
        ("query", ARRAY, {"color": ["blue", "black"]}, ["blue", "black"]),
        ("query", OBJECT, {"R": ["1"], "G": ["2"]}, {"R": "1", "G": "2"}),
        ("path", ARRAY, {"color": "blue,black"}, ["blue", "black"]),
        ("path", OBJECT, {"color": "R,1,G,2"}, {"R": "1", "G": "2"}),
        ("header", ARRAY, {"color": ["blue,black"]}, ["blue", "black"]),
        ("cookie", ARRAY, {"color": ["blue,black"]}, ["blue", "black"]),
    ],
)
def test_openapi_default_styles(
    location: str, schema: dict[str, Any], raw: dict[str, Any], expected: Any
) -> None:
    parser = OpenAPIURIParser([oas3("color", location, schema)])
    assert parser.resolve_params(raw, location) == {"color": expected}


@pytest.mark.parametrize(
    ("explode", "style", "values", "expected"),
    [
        # connexion 2: exploded values are collected, and each is split too
        (True, "form", ["A", "B", "C", "D,E,F"], ["A", "B", "C", "D", "E", "F"]),
        (False, "form", ["A", "B", "C", "D,E,F"], ["D", "E", "F"]),
        (None, "pipeDelimited", ["4", "5", "6", "7|8|9"], ["7", "8", "9"]),
        (None, "pipeDelimited", ["1;2;3"], ["1;2;3"]),
        (None, "form", ["a", ""], ["a", ""]),
    ],
)
def test_openapi_repeated_array_keys(
    explode: bool | None, style: str, values: list[str], expected: list[str]
) -> None:
    extra: dict[str, Any] = {"style": style}
    if explode is not None:
        extra["explode"] = explode
    parser = OpenAPIURIParser([oas3("items", "query", ARRAY, **extra)])
    assert parser.resolve_query({"items": values}) == {"items": expected}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("R,100,G", "R,100,G"),
        ("nonsense", "nonsense"),
    ],
)
def test_openapi_malformed_objects_stay_raw(raw: str, expected: str) -> None:
    parser = OpenAPIURIParser([oas3("color", "path", OBJECT)])
    assert parser.resolve_path({"color": raw}) == {"color": expected}


def test_openapi_exploded_object_value_without_equals_stays_raw() -> None:
    parser = OpenAPIURIParser([oas3("color", "path", OBJECT, explode=True)])
    assert parser.resolve_path({"color": "R=1,G"}) == {"color": "R=1,G"}


# -- deepObject ---------------------------------------------------------------------------------

DEEP = oas3(
    "id",
    "query",
    {
        "type": "object",
        "properties": {
            "foo": {"type": "object", "properties": {"foo2": {"type": "string"}}},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": {"type": "string"},
    },
    style="deepObject",
    explode=True,
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"id[foo]": ["bar"]}, {"id": {"foo": "bar"}}),
        ({"id[foo]": [""]}, {"id": {"foo": ""}}),
        (
            {"id[foo][foo2]": ["bar"], "id[foofoo]": ["x"]},
            {"id": {"foo": {"foo2": "bar"}, "foofoo": "x"}},
        ),
        ({"id[a][b][c]": ["deep"]}, {"id": {"a": {"b": {"c": "deep"}}}}),
        ({"id[foo.foo]": ["dots"]}, {"id": {"foo.foo": "dots"}}),
        ({"id[tags]": ["a", "b"]}, {"id": {"tags": ["a", "b"]}}),
        ({"id[x]": ["1", "2"]}, {"id": {"x": "2"}}),
        ({"id[x]": ["1"], "other": ["o"]}, {"id": {"x": "1"}, "other": ["o"]}),
        ({"id[x": ["1"]}, {"id[x": ["1"]}),
        ({"idx[a]": ["1"]}, {"idx[a]": ["1"]}),
        ({"id": ["plain"]}, {"id": "plain"}),
    ],
)
def test_deep_object(query: dict[str, list[str]], expected: dict[str, Any]) -> None:
    assert OpenAPIURIParser([DEEP]).resolve_query(query) == expected


def test_deep_object_only_for_deep_object_style() -> None:
    defn = oas3("id", "query", OBJECT, style="form", explode=False)
    assert OpenAPIURIParser([defn]).resolve_query({"id[R]": ["1"]}) == {"id[R]": ["1"]}


def test_first_value_parser_deep_object() -> None:
    class FirstDeep(FirstValueURIParser):
        pass

    parser = FirstDeep([DEEP])
    assert parser.resolve_query({"id[x]": ["1", "2"]}) == {"id": {"x": "1"}}


# -- form/explode objects -------------------------------------------------------------------------


def test_form_exploded_object_leaves_other_parameters_alone() -> None:
    defns = [
        oas3("color", "query", OBJECT),
        oas3("R", "query", {"type": "string"}),
        oas3("limit", "query", {"type": "integer"}),
    ]
    resolved = OpenAPIURIParser(defns).resolve_query(
        {"R": ["r"], "G": ["2"], "limit": ["5"], "extra": ["e"]}
    )
    assert resolved == {"R": "r", "color": {"G": "2"}, "limit": "5", "extra": ["e"]}


def test_form_exploded_object_absent_when_no_key() -> None:
    assert OpenAPIURIParser([oas3("color", "query", OBJECT)]).resolve_query({"x": ["1"]}) == {
        "x": ["1"]
    }


def test_free_form_object_takes_unknown_keys() -> None:
    schema = {"type": "object", "additionalProperties": {"type": "array"}}
    defns = [oas3("params", "query", schema), oas3("limit", "query", {"type": "integer"})]
    resolved = OpenAPIURIParser(defns).resolve_query({"a": ["1", "2"], "limit": ["3"]})
    assert resolved == {"params": {"a": ["1", "2"]}, "limit": "3"}


def test_object_without_additional_properties_keyword_takes_only_its_properties() -> None:
    resolved = OpenAPIURIParser([oas3("color", "query", OBJECT)]).resolve_query(
        {"R": ["1"], "Z": ["9"]}
    )
    assert resolved == {"color": {"R": "1"}, "Z": ["9"]}


def test_form_exploded_object_array_property() -> None:
    schema = {"type": "object", "properties": {"tags": ARRAY, "name": {"type": "string"}}}
    resolved = OpenAPIURIParser([oas3("filter", "query", schema)]).resolve_query(
        {"tags": ["a", "b"], "name": ["x", "y"]}
    )
    assert resolved == {"filter": {"tags": ["a", "b"], "name": "y"}}


# -- headers, cookies, content --------------------------------------------------------------------


def test_headers_match_case_insensitively_and_keep_the_spec_name() -> None:
    defns = [
        oas3("X-Request-Id", "header", {"type": "string"}),
        oas3("X-Ids", "header", {"type": "array", "items": {"type": "integer"}}),
    ]
    resolved = OpenAPIURIParser(defns).resolve_params(
        {"x-request-id": ["abc"], "X-IDS": ["1, 2", "3"], "Accept": ["*/*"]}, "header"
    )
    assert resolved == {"X-Request-Id": "abc", "X-Ids": ["1", "2", "3"], "Accept": ["*/*"]}


def test_header_object_trims_whitespace() -> None:
    parser = OpenAPIURIParser([oas3("X-Obj", "header", OBJECT, explode=True)])
    assert parser.resolve_params({"x-obj": ["R=1, G=2"]}, "header") == {
        "X-Obj": {"R": "1", "G": "2"}
    }


def test_empty_header_array() -> None:
    parser = OpenAPIURIParser([oas3("X-Ids", "header", ARRAY)])
    assert parser.resolve_params({"X-Ids": [" "]}, "header") == {"X-Ids": []}


def test_cookie_scalar() -> None:
    parser = OpenAPIURIParser([oas3("test_cookie", "cookie", {"type": "string"})])
    assert parser.resolve_params({"test_cookie": ["hello"]}, "cookie") == {"test_cookie": "hello"}


def test_same_name_in_two_locations() -> None:
    defns = [oas3("id", "query", ARRAY), oas3("id", "header", {"type": "string"})]
    parser = OpenAPIURIParser(defns)
    assert parser.resolve_query({"id": ["a,b"]}) == {"id": ["a", "b"]}
    assert parser.resolve_params({"ID": ["a,b"]}, "header") == {"id": "a,b"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [('{"a": [1, 2]}', {"a": [1, 2]}), ("not json", "not json")],
)
def test_json_content_parameter(raw: str, expected: Any) -> None:
    defn = {
        "name": "filter",
        "in": "query",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
    parser = OpenAPIURIParser([defn])
    assert parser.resolve_query({"filter": [raw]}) == {"filter": expected}
    assert parser.param_schemas == {"filter": {"type": "object"}}


def test_text_content_parameter_stays_a_string() -> None:
    defn = {"name": "q", "in": "query", "content": {"text/plain": {"schema": {}}}}
    assert OpenAPIURIParser([defn]).resolve_query({"q": ["1,2"]}) == {"q": "1,2"}


# -- form bodies --------------------------------------------------------------------------------


FORM_SCHEMA = {
    "type": "object",
    "properties": {
        "items": ARRAY,
        "numbers": {"type": "array", "items": {"type": "integer"}},
        "name": {"type": "string"},
        "meta": {"type": "object", "properties": {"a": {"type": "integer"}}},
        "point": OBJECT,
    },
}


@pytest.mark.parametrize(
    ("encoding", "form", "expected"),
    [
        ({}, {"items": ["a", "b,c"]}, {"items": ["a", "b", "c"]}),
        (
            {"items": {"style": "form", "explode": False}},
            {"items": ["a", "b,c"]},
            {"items": ["b", "c"]},
        ),
        (
            {"numbers": {"style": "pipeDelimited"}},
            {"numbers": ["4", "7|8|9"]},
            {"numbers": ["7", "8", "9"]},
        ),
        ({}, {"name": ["x", "y"]}, {"name": "y"}),
        ({}, {"meta": ['{"a": 1}']}, {"meta": {"a": 1}}),
        (
            {"meta": {"contentType": "application/json"}},
            {"meta": ['{"a": 1}']},
            {"meta": {"a": 1}},
        ),
        (
            {"items": {"contentType": "application/json"}},
            {"items": ['["a", "b"]']},
            {"items": ["a", "b"]},
        ),
        ({"meta": {"contentType": "text/plain"}}, {"meta": ["a,1"]}, {"meta": {"a": "1"}}),
        (
            {"point": {"style": "form", "explode": True}},
            {"R": ["1"], "G": ["2"]},
            {"point": {"R": "1", "G": "2"}},
        ),
        ({"point": {"style": "deepObject"}}, {"point[R]": ["1"]}, {"point": {"R": "1"}}),
        ({}, {"unknown": ["u1", "u2"]}, {"unknown": "u2"}),
    ],
)
def test_openapi_form_encoding(
    encoding: dict[str, Any], form: dict[str, list[str]], expected: dict[str, Any]
) -> None:
    parser = OpenAPIURIParser([], {"schema": FORM_SCHEMA, "encoding": encoding})
    assert parser.resolve_form(form) == expected
    assert set(parser.form_defns) == set(FORM_SCHEMA["properties"])


def test_openapi_form_unknown_keys_follow_additional_properties() -> None:
    schema = {"type": "object", "additionalProperties": ARRAY}
    parser = OpenAPIURIParser([], {"schema": schema})
    assert parser.resolve_form({"x": ["1", "2"]}) == {"x": ["1", "2"]}


def test_openapi_form_with_all_of_schema() -> None:
    schema = {"allOf": [{"type": "object", "properties": {"items": ARRAY}}]}
    parser = OpenAPIURIParser([], {"schema": schema})
    assert parser.resolve_form({"items": ["a,b"]}) == {"items": ["a", "b"]}


def test_swagger2_form_data() -> None:
    defns = [
        swagger2_array("formData", "pipes"),
        {"name": "name", "in": "formData", "type": "string"},
    ]
    parser = Swagger2URIParser(defns, {})
    resolved = parser.resolve_form({"letters": ["a|b"], "name": ["n"], "extra": ["e"]})
    assert resolved == {"letters": ["a", "b"], "name": "n", "extra": ["e"]}


# -- the class interface -------------------------------------------------------------------------


def test_abstract_parser_cannot_be_built() -> None:
    with pytest.raises(TypeError):
        AbstractURIParser([], {})  # type: ignore[abstract]


def test_subclass_overrides_take_effect() -> None:
    class Reversed(OpenAPIURIParser):
        def _resolve_param_duplicates(
            self, values: list[str], param_defn: Mapping[str, Any], _in: str
        ) -> str | list[str]:
            return values[0]

        def _split(
            self, value: str | list[str], param_defn: Mapping[str, Any], _in: str
        ) -> list[Any]:
            return list(reversed(super()._split(value, param_defn, _in)))

    parser = Reversed([oas3("items", "query", ARRAY)])
    assert parser.resolve_query({"items": ["a,b", "c"]}) == {"items": ["b", "a"]}


def test_connexion2_style_static_overrides() -> None:
    class Static(Swagger2URIParser):
        @staticmethod
        def _resolve_param_duplicates(
            values: list[str], param_defn: Mapping[str, Any], _in: str
        ) -> str | list[str]:
            return "|".join(values)

        @staticmethod
        def _split(value: str | list[str], param_defn: Mapping[str, Any], _in: str) -> list[Any]:
            assert isinstance(value, str)
            return value.split("|")

    parser = Static([swagger2_array()])
    assert parser.resolve_query({"letters": ["a", "b"]}) == {"letters": ["a", "b"]}


def test_hooks_accept_foreign_definitions() -> None:
    parser = OpenAPIURIParser([])
    defn = oas3("x", "query", ARRAY, style="pipeDelimited")
    assert parser._split("a|b", defn, "query") == ["a", "b"]
    assert parser._resolve_param_duplicates(["a", "b"], defn, "query") == "b"
    swagger = Swagger2URIParser([])
    assert swagger._split("a b", swagger2_array(collection_format="ssv"), "query") == ["a", "b"]


def test_param_defns_and_schemas() -> None:
    defns = [
        oas3("q", "query", ARRAY),
        oas3("p", "path", {"type": "integer"}),
        oas3("h", "header", {"type": "string"}),
    ]
    parser = OpenAPIURIParser(defns, {})
    assert parser.param_defns == {"q": defns[0], "p": defns[1]}
    assert parser.param_schemas == {"q": ARRAY, "p": {"type": "integer"}}
    assert repr(parser) == "<OpenAPIURIParser>"


def test_multidict_input() -> None:
    query = MultiDict([("items", "a"), ("items", "b"), ("x", "1")])
    parser = OpenAPIURIParser([oas3("items", "query", ARRAY)])
    assert parser.resolve_query(query) == {"items": ["a", "b"], "x": ["1"]}


def test_input_is_not_mutated() -> None:
    query = {"items": ["a,b"], "R": ["1"]}
    parser = OpenAPIURIParser([oas3("items", "query", ARRAY), oas3("color", "query", OBJECT)])
    parser.resolve_query(query)
    assert query == {"items": ["a,b"], "R": ["1"]}


def test_parser_is_reusable() -> None:
    parser = OpenAPIURIParser([DEEP])
    assert parser.resolve_query({"id[a]": ["1"]}) == {"id": {"a": "1"}}
    assert parser.resolve_query({"id[b]": ["2"]}) == {"id": {"b": "2"}}


def test_empty_values_list_passes_through() -> None:
    parser = OpenAPIURIParser([oas3("q", "query", {"type": "string"})])
    assert parser.resolve_query({"q": []}) == {"q": []}


def test_connexion2_import_path() -> None:
    from connexion.decorators import uri_parsing

    assert uri_parsing.OpenAPIURIParser is OpenAPIURIParser
    assert uri_parsing.AbstractURIParser is AbstractURIParser


@pytest.mark.parametrize("value", [7, "7", ["7"]])
def test_single_path_values_of_any_type(value: Any) -> None:
    parser = Swagger2URIParser([{"name": "p", "in": "path", "type": "integer"}])
    assert parser.resolve_path({"p": value}) == {"p": 7 if value == 7 else "7"}


# -- parse, then cast: connexion 2's behavioural cases -----------------------------------------


def _parse_and_cast(
    parser: AbstractURIParser, location: str, name: str, raw: dict[str, Any]
) -> Any:
    return make_caster(parser.param_schemas[name])(parser.resolve_params(raw, location)[name])


@pytest.mark.parametrize(
    ("defn", "raw", "expected"),
    [
        (
            oas3(
                "items",
                "query",
                {"type": "array", "items": {"type": "integer"}},
                style="pipeDelimited",
            ),
            {"items": ["1|2|3"]},
            [1, 2, 3],
        ),
        (
            oas3("thruthiness", "query", {"type": "array", "items": {"type": "boolean"}}),
            {"thruthiness": ["true,true,false"]},
            [True, True, False],
        ),
        (
            oas3(
                "id",
                "query",
                {
                    "type": "object",
                    "properties": {
                        "foo": {"type": "string"},
                        "fooint": {"type": "integer"},
                        "fooboo": {"type": "boolean"},
                    },
                },
                style="deepObject",
                explode=True,
            ),
            {"id[foo]": ["bar"], "id[fooint]": ["2"], "id[fooboo]": ["false"]},
            {"foo": "bar", "fooint": 2, "fooboo": False},
        ),
        (
            oas3(
                "id",
                "query",
                {"type": "object", "additionalProperties": {"type": "string"}},
                style="deepObject",
                explode=True,
            ),
            {"id[foo]": ["bar"], "id[fooint]": ["2"]},
            {"foo": "bar", "fooint": "2"},
        ),
        (
            oas3("color", "path", OBJECT, style="matrix", explode=True),
            {"color": ";R=100;G=200;B=150"},
            {"R": 100, "G": 200, "B": 150},
        ),
        (
            oas3("n", "query", {"type": "number"}),
            {"n": ["1.23"]},
            1.23,
        ),
    ],
)
def test_parse_then_cast(defn: dict[str, Any], raw: dict[str, Any], expected: Any) -> None:
    parser = OpenAPIURIParser([defn])
    assert _parse_and_cast(parser, defn["in"], defn["name"], raw) == expected
