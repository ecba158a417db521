"""Request parameters through the app: every location, casting, defaults, required, schema
keywords, Swagger 2 collection formats, OpenAPI 3 styles, the URI parsers, nullable values,
strict validation and argument naming.

The handlers (tests/fakeapi/parameters.py) answer ``{argument: [type name, value]}``, so each
test checks the value and the Python type the handler received.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from connexion.decorators.uri_parsing import (
    AlwaysMultiURIParser,
    FirstValueURIParser,
    OpenAPIURIParser,
    Swagger2URIParser,
)
from tests.conftest import build_app

PROBLEM = "application/problem+json"


def same(actual: Any, expected: Any) -> bool:
    """Equal, and of the same type at every depth (``1 != 1.0``, ``True != 1``)."""
    if type(actual) is not type(expected):
        return False
    if isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            same(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return len(actual) == len(expected) and all(
            same(a, e) for a, e in zip(actual, expected, strict=True)
        )
    return bool(actual == expected)


def assert_received(response: Any, **expected: Any) -> None:
    """The handler answered 200 and received exactly ``expected``, with those types."""
    assert response.status_code == 200, response.text
    received = response.json()
    wanted = {name: [type(value).__name__, value] for name, value in expected.items()}
    assert same(received, wanted), received


def assert_problem(response: Any, *where: tuple[str, str]) -> list[dict[str, Any]]:
    """A 400 problem whose errors are exactly at ``where`` ((in, path) pairs); its errors."""
    assert response.status_code == 400, response.text
    assert response.headers["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Bad Request"
    errors = problem["errors"]
    for item in errors:
        assert set(item) == {"in", "path", "message"}
        assert item["message"]
    assert sorted((e["in"], e["path"]) for e in errors) == sorted(where), errors
    return list(errors)


@functools.cache
def shared_app(backend: str, spec: str) -> Any:
    """One app per backend and spec with default options, reused: the handlers keep no state."""
    return build_app(backend, f"parameters/{spec}.yaml")


@pytest.fixture
def client(backend, spec_version):
    return shared_app(backend, spec_version).test_client()


@pytest.fixture
def swagger_client(backend):
    return shared_app(backend, "swagger").test_client()


@pytest.fixture
def openapi_client(backend):
    return shared_app(backend, "openapi").test_client()


@pytest.fixture
def openapi31_client(backend):
    return shared_app(backend, "openapi31").test_client()


# --- casting -------------------------------------------------------------------------------


def test_path_and_query_values_are_cast_by_type(client):
    response = client.get(
        "/types/12/2.5/true/007", query_string="qint=-3&qnum=4&qbool=false&qstr=42&qarr=1,2,3"
    )
    assert_received(
        response,
        pint=12,
        pnum=2.5,
        pbool=True,
        pstr="007",
        qint=-3,
        qnum=4.0,
        qbool=False,
        qstr="42",
        qarr=[1, 2, 3],
    )


def test_number_accepts_an_exponent(client):
    response = client.get("/types/1/1e3/false/x", query_string="qnum=-2.5E-1")
    assert_received(response, pint=1, pnum=1000.0, pbool=False, pstr="x", qnum=-0.25)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("FaLsE", False)],
)
def test_boolean_is_read_in_any_case(client, raw, expected):
    response = client.get(f"/types/1/1/{raw}/x", query_string={"qbool": raw})
    assert_received(response, pint=1, pnum=1.0, pbool=expected, pstr="x", qbool=expected)


def test_strings_are_percent_decoded_and_never_cast(client):
    response = client.get("/types/1/1/true/a%20b", query_string="qstr=caf%C3%A9%26co&qint=07")
    assert_received(response, pint=1, pnum=1.0, pbool=True, pstr="a b", qint=7, qstr="café&co")


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("qint", "1.5"),
        ("qint", "abc"),
        ("qint", "1_000"),
        ("qint", "true"),
        ("qnum", "abc"),
        ("qnum", "nan"),
        ("qnum", "inf"),
        ("qbool", "yes"),
        ("qbool", "1"),
    ],
)
def test_a_value_that_does_not_cast_is_a_400_naming_it(client, name, raw):
    response = client.get("/types/1/1/true/x", query_string={name: raw})
    (item,) = assert_problem(response, ("query", name))
    assert name in item["message"]
    assert "Wrong type" in item["message"]


def test_an_array_item_that_does_not_cast_is_located_inside_the_array(client):
    response = client.get("/types/1/1/true/x", query_string="qarr=1,2,x")
    (item,) = assert_problem(response, ("query", "qarr/2"))
    assert "integer" in item["message"]


def test_every_parameter_error_is_listed_with_its_location(client):
    response = client.get("/types/a/b/c/ok", query_string="qint=x&qnum=y&qbool=maybe&qarr=1,z")
    errors = assert_problem(
        response,
        ("path", "pint"),
        ("path", "pnum"),
        ("path", "pbool"),
        ("query", "qint"),
        ("query", "qnum"),
        ("query", "qbool"),
        ("query", "qarr/1"),
    )
    assert response.json()["detail"].startswith("7 validation errors")
    for item in errors:
        assert f"{item['in']} parameter '{item['path'].split('/')[0]}'" in item["message"]


# --- passing values to the handler ----------------------------------------------------------


def test_kwargs_receives_every_path_and_query_value_and_nothing_absent(client):
    response = client.get("/types/1/2/true/x", query_string="qint=5")
    assert_received(response, pint=1, pnum=2.0, pbool=True, pstr="x", qint=5)


def test_values_are_passed_by_name_only_to_the_arguments_the_handler_has(client):
    # qbool is defined but not in the signature (no **kwargs): it is validated, not passed
    response = client.get("/by-name/4", query_string="qint=2&qbool=true")
    assert_received(response, pint=4, qint=2, qstr="python default")
    response = client.get("/by-name/4", query_string="qbool=nope")
    assert_problem(response, ("query", "qbool"))


def test_unknown_query_parameters_are_ignored_without_strict_validation(client):
    response = client.get("/types/1/2/true/x", query_string="qint=1&unknown=3&other=x")
    assert_received(response, pint=1, pnum=2.0, pbool=True, pstr="x", qint=1)


def test_header_parameters_reach_the_handler_under_snake_case_names(client):
    response = client.get(
        "/headers",
        headers={"X-Request-Id": "abc-1", "X-Count": "3", "X-Tags": "1, 2,3", "X-Ignored": "i"},
    )
    # X-Ignored is defined, but the handler does not name it: **kwargs does not get it
    assert_received(response, x_request_id="abc-1", x_count=3, x_tags=[1, 2, 3])


def test_header_names_match_in_any_case(client):
    response = client.get("/headers", headers={"x-request-id": "lower", "X-COUNT": "4"})
    assert_received(response, x_request_id="lower", x_count=4)


def test_absent_optional_headers_are_not_passed(client):
    assert_received(client.get("/headers"))


def test_header_errors_are_listed_with_their_location(client):
    response = client.get("/headers", headers={"X-Count": "many", "X-Tags": "1,two"})
    errors = assert_problem(response, ("header", "X-Count"), ("header", "X-Tags/1"))
    assert all("header parameter" in item["message"] for item in errors)


# --- defaults and required ------------------------------------------------------------------


def test_absent_parameters_get_their_typed_default(client):
    response = client.get("/defaults")
    assert_received(response, x_level=3, qint=5, qnum=2.5, qbool=False, qstr="abc", qarr=[1, 2])


def test_given_values_win_over_defaults(client):
    response = client.get(
        "/defaults",
        query_string="qint=9&qnum=1&qbool=true&qstr=z&qarr=7",
        headers={"X-Level": "8"},
    )
    assert_received(response, x_level=8, qint=9, qnum=1.0, qbool=True, qstr="z", qarr=[7])


def test_an_empty_value_of_a_non_string_type_takes_the_default(client):
    response = client.get("/defaults", query_string="qint=&qbool=&qstr=", headers={"X-Level": ""})
    assert_received(response, x_level=3, qint=5, qnum=2.5, qbool=False, qstr="", qarr=[1, 2])


def test_a_given_value_is_still_validated_against_the_default_type(client):
    response = client.get("/defaults", query_string="qint=five", headers={"X-Level": "high"})
    assert_problem(response, ("query", "qint"), ("header", "X-Level"))


def test_a_handler_that_changes_a_default_does_not_change_the_next_one(client, spec_version):
    first = client.get("/defaults/mutable")
    second = client.get("/defaults/mutable")
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second.json()["qarr"] == ["list", [1, 2]]
    if spec_version == "openapi":
        assert second.json()["qobj"] == ["dict", {"a": 1}]


def test_missing_required_parameters_are_all_named(client):
    response = client.get("/required")
    errors = assert_problem(response, ("query", "name"), ("header", "X-Token"))
    messages = {item["path"]: item["message"] for item in errors}
    assert messages["name"] == "Missing query parameter 'name'"
    assert messages["X-Token"] == "Missing header parameter 'X-Token'"
    assert "name" in response.json()["detail"]
    assert "X-Token" in response.json()["detail"]


def test_one_missing_required_parameter(client):
    response = client.get("/required", query_string="name=n")
    assert_problem(response, ("header", "X-Token"))


def test_required_parameters_given(client):
    response = client.get("/required", query_string="name=n", headers={"X-Token": "t"})
    assert_received(response, name="n", x_token="t")


# --- schema keywords ------------------------------------------------------------------------


def test_values_inside_every_limit_pass(client):
    response = client.get(
        "/keywords",
        query_string="rng=10&excl=0.5&word=abcd&code=ABC&color=green&nums=1,2,3&step=-15"
        "&email=a@example.com&ip=10.0.0.1",
    )
    assert_received(
        response,
        rng=10,
        excl=0.5,
        word="abcd",
        code="ABC",
        color="green",
        nums=[1, 2, 3],
        step=-15,
        email="a@example.com",
        ip="10.0.0.1",
    )


def test_inclusive_limits_are_inclusive(client):
    response = client.get("/keywords", query_string="rng=1&word=ab&nums=8,9")
    assert_received(response, rng=1, word="ab", nums=[8, 9])


@pytest.mark.parametrize(
    ("query", "path", "fragment"),
    [
        ("rng=0", "rng", "less than the minimum of 1"),
        ("rng=11", "rng", "greater than the maximum of 10"),
        ("excl=0", "excl", "less than or equal to the minimum of 0"),
        ("excl=1", "excl", "greater than or equal to the maximum of 1"),
        ("excl=-0.1", "excl", "minimum"),
        ("word=a", "word", "too short"),
        ("word=abcde", "word", "too long"),
        ("code=ABCD", "code", "does not match"),
        ("code=abc", "code", "does not match"),
        ("color=blue", "color", "is not one of"),
        ("color=Red", "color", "is not one of"),
        ("nums=1", "nums", "too short"),
        ("nums=1,2,3,4", "nums", "too long"),
        ("nums=1,2,1", "nums", "non-unique"),
        ("nums=1,10", "nums/1", "maximum of 9"),
        ("step=7", "step", "not a multiple of 5"),
        ("email=nope", "email", "email"),
        ("ip=1.2.3", "ip", "ipv4"),
        ("ip=256.1.1.1", "ip", "ipv4"),
    ],
)
def test_each_schema_keyword_is_enforced(client, query, path, fragment):
    response = client.get("/keywords", query_string=query)
    (item,) = assert_problem(response, ("query", path))
    assert fragment in item["message"]
    assert f"query parameter '{path.split('/')[0]}'" in item["message"]


def test_every_keyword_error_is_listed(client):
    response = client.get(
        "/keywords", query_string="rng=0&excl=2&word=a&code=x&color=x&nums=1,1&step=3&ip=x"
    )
    assert_problem(
        response,
        *[("query", name) for name in ("rng", "excl", "word", "code", "color", "nums", "step")],
        ("query", "ip"),
    )


# --- nullable -------------------------------------------------------------------------------


@pytest.mark.parametrize("null", ["null", "None"])
def test_null_gives_none_for_a_nullable_parameter(client, null):
    response = client.get("/nullable", query_string=f"n={null}&s={null}")
    assert_received(response, n=None, s=None)


def test_a_nullable_parameter_still_casts_other_values(client):
    response = client.get("/nullable", query_string="n=5&s=text&m=6")
    assert_received(response, n=5, s="text", m=6)


def test_null_is_refused_when_the_parameter_is_not_nullable(client):
    response = client.get("/nullable", query_string="m=null&n=x")
    assert_problem(response, ("query", "m"), ("query", "n"))


# --- format: path ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [("/files/a/b/c.txt", "a/b/c.txt"), ("/files/one", "one"), ("/files/x/y/", "x/y/")],
)
def test_a_path_format_parameter_captures_slashes(client, url, expected):
    assert_received(client.get(url), path=expected)


# --- strict validation ----------------------------------------------------------------------


def test_strict_validation_refuses_unknown_query_parameters(backend, spec_version):
    client = build_app(
        backend, f"parameters/{spec_version}.yaml", strict_validation=True
    ).test_client()
    response = client.get("/types/1/2/true/x", query_string="qint=1&unknown=3&other=x")
    errors = assert_problem(response, ("query", "other"), ("query", "unknown"))
    detail = response.json()["detail"]
    assert "unknown" in detail
    assert "other" in detail
    assert all("Extra query parameter" in item["message"] for item in errors)
    response = client.get("/types/1/2/true/x", query_string="qint=1&qarr=1,2")
    assert_received(response, pint=1, pnum=2.0, pbool=True, pstr="x", qint=1, qarr=[1, 2])


def test_strict_validation_knows_the_keys_of_object_parameters(backend):
    client = build_app(backend, "parameters/openapi.yaml", strict_validation=True).test_client()
    response = client.get("/styles/query", query_string="deep[min]=1&lat=1.5&lng=2&flat=3")
    assert_received(response, deep={"min": 1}, coords={"lat": 1.5, "lng": 2.0}, flat=[3])
    response = client.get("/styles/query", query_string="deep[min]=1&flat[x]=1&latitude=2")
    assert_problem(response, ("query", "flat[x]"), ("query", "latitude"))


def test_strict_validation_refuses_unknown_form_fields(backend):
    client = build_app(backend, "parameters/swagger.yaml", strict_validation=True).test_client()
    response = client.post("/form", data={"fname": "n", "extra": "1"})
    assert_problem(response, ("formData", "extra"))
    assert "extra" in response.json()["detail"]
    assert_received(client.post("/form", data={"fname": "n"}), fname="n", fdef=7)


# --- pythonic_params ------------------------------------------------------------------------


def test_names_are_kept_without_pythonic_params(client):
    response = client.get("/pythonic/5", query_string="camelCase=a&filter=b&id=3")
    assert_received(response, userId=5, camelCase="a", filter="b", id=3)


def test_pythonic_params_gives_snake_case_and_avoids_builtins(backend, spec_version):
    client = build_app(
        backend, f"parameters/{spec_version}.yaml", pythonic_params=True
    ).test_client()
    response = client.get("/pythonic/5", query_string="camelCase=a&filter=b&id=3")
    assert_received(response, user_id=5, camel_case="a", filter_="b", id_=3)
    response = client.get("/headers", headers={"X-Request-Id": "r"})
    assert_received(response, x_request_id="r")


# --- URI parsers ----------------------------------------------------------------------------

REPEATED = "letters=a,b&letters=c,d&many=x&many=y,z&one=1&one=2"


@pytest.mark.parametrize(
    ("parser", "letters", "one"),
    [
        (OpenAPIURIParser, ["c", "d"], "2"),
        (Swagger2URIParser, ["c", "d"], "2"),
        (FirstValueURIParser, ["a", "b"], "1"),
        (AlwaysMultiURIParser, ["a", "b", "c", "d"], "2"),
    ],
)
def test_uri_parsers_settle_repeated_keys(backend, spec_version, parser, letters, one):
    client = build_app(
        backend, f"parameters/{spec_version}.yaml", options={"uri_parser_class": parser}
    ).test_client()
    response = client.get("/parsers", query_string=REPEATED)
    # an exploded (OpenAPI 3) or multi (Swagger 2) array joins its repeats with every parser
    assert_received(response, letters=letters, many=["x", "y", "z"], one=one)


def test_the_default_parser_takes_the_last_value(client):
    response = client.get("/parsers", query_string=REPEATED)
    assert_received(response, letters=["c", "d"], many=["x", "y", "z"], one="2")
    response = client.get("/types/1/1/true/x", query_string="qint=1&qint=2&qarr=1,2&qarr=3")
    assert_received(response, pint=1, pnum=1.0, pbool=True, pstr="x", qint=2, qarr=[3])


def test_first_value_parser_takes_the_first_scalar(backend, spec_version):
    client = build_app(
        backend,
        f"parameters/{spec_version}.yaml",
        options={"uri_parser_class": FirstValueURIParser},
    ).test_client()
    response = client.get("/types/1/1/true/x", query_string="qint=1&qint=x&qarr=1,2&qarr=y")
    assert_received(response, pint=1, pnum=1.0, pbool=True, pstr="x", qint=1, qarr=[1, 2])


# --- Swagger 2: collectionFormat ------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("implicit=1,2", "implicit", [1, 2]),
        ("csv=3,4,5", "csv", [3, 4, 5]),
        ("ssv=5%206", "ssv", [5, 6]),
        ("tsv=7%098", "tsv", [7, 8]),
        ("pipes=9|10", "pipes", [9, 10]),
        ("multi=11", "multi", [11]),
        ("multi=11&multi=12", "multi", [11, 12]),
        ("multi=11&multi=12,13", "multi", [11, 12, 13]),
        ("nested=1,2|3", "nested", [[1, 2], [3]]),
        ("csv=1&csv=2", "csv", [2]),
    ],
)
def test_collection_formats(swagger_client, query, name, expected):
    assert_received(swagger_client.get("/collections", query_string=query), **{name: expected})


@pytest.mark.parametrize(
    ("query", "path"),
    [("ssv=5,6", "ssv/0"), ("pipes=1,2", "pipes/0"), ("tsv=1%202", "tsv/0"), ("csv=1|2", "csv/0")],
)
def test_a_collection_in_another_format_does_not_cast(swagger_client, query, path):
    assert_problem(swagger_client.get("/collections", query_string=query), ("query", path))


# --- Swagger 2: formData --------------------------------------------------------------------


@pytest.mark.parametrize("content_type", [None, "multipart/form-data"])
def test_form_parameters_are_cast(swagger_client, content_type):
    data = {
        "fname": "n",
        "fint": "3",
        "fnum": "1.5",
        "fbool": "true",
        "farr": "1,2",
        "fmulti": ["a", "b,c"],
    }
    response = swagger_client.post("/form", data=data, content_type=content_type)
    assert_received(
        response,
        fname="n",
        fint=3,
        fnum=1.5,
        fbool=True,
        farr=[1, 2],
        fmulti=["a", "b", "c"],
        fdef=7,
    )


def test_form_parameter_errors_are_all_listed(swagger_client):
    response = swagger_client.post("/form", data={"fint": "x", "fnum": "11", "fbool": "maybe"})
    errors = assert_problem(
        response,
        ("formData", "fname"),
        ("formData", "fint"),
        ("formData", "fnum"),
        ("formData", "fbool"),
    )
    assert {item["path"]: item["message"] for item in errors}["fname"] == (
        "Missing formData parameter 'fname'"
    )


def test_a_request_without_the_required_form_field(swagger_client):
    assert_problem(swagger_client.post("/form"), ("formData", "fname"))


# --- OpenAPI 3: styles ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name", "expected"),
    [
        ("exploded=1&exploded=2", "exploded", [1, 2]),
        ("exploded=3", "exploded", [3]),
        ("flat=3,4", "flat", [3, 4]),
        ("flat=3&flat=4,5", "flat", [4, 5]),
        ("space=5%206", "space", [5, 6]),
        ("space=5+6", "space", [5, 6]),
        ("pipe=7|8", "pipe", [7, 8]),
        ("pipe=7%7C8", "pipe", [7, 8]),
        ("deep[min]=1&deep[max]=5&deep[name]=z", "deep", {"min": 1, "max": 5, "name": "z"}),
        ("deep%5Bmax%5D=2", "deep", {"max": 2}),
        ("pairs=R,100,G,200", "pairs", {"R": 100, "G": 200}),
        ("lat=1.5&lng=2", "coords", {"lat": 1.5, "lng": 2.0}),
    ],
)
def test_query_styles(openapi_client, query, name, expected):
    response = openapi_client.get("/styles/query", query_string=query)
    assert_received(response, **{name: expected})


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("space=5,6", "space/0"),
        ("pipe=1%202", "pipe/0"),
        ("deep[min]=low", "deep/min"),
        ("pairs=R,x", "pairs/R"),
        ("pairs=R,1,G", "pairs"),
        ("lat=north", "coords/lat"),
    ],
)
def test_query_style_errors_are_located(openapi_client, query, path):
    response = openapi_client.get("/styles/query", query_string=query)
    assert_problem(response, ("query", path))


def test_path_style_simple(openapi_client):
    response = openapi_client.get("/styles/simple/1,2,3/R,100,G,200/x=1,y=2")
    assert_received(response, ids=[1, 2, 3], color={"R": 100, "G": 200}, point={"x": 1, "y": 2})


def test_path_style_label(openapi_client):
    response = openapi_client.get("/styles/label/.1.2.3/.5")
    assert_received(response, ids=[1, 2, 3], num=5)


def test_path_style_matrix(openapi_client):
    response = openapi_client.get("/styles/matrix/;ids=1,2,3/;exploded=4;exploded=5/;num=7")
    assert_received(response, ids=[1, 2, 3], exploded=[4, 5], num=7)


def test_path_style_errors_are_located(openapi_client):
    response = openapi_client.get("/styles/simple/1,x/R,1,G/x=1,y=b")
    assert_problem(response, ("path", "ids/1"), ("path", "color"), ("path", "point/y"))


def test_header_style_simple_with_arrays_and_objects(openapi_client):
    response = openapi_client.get(
        "/headers",
        headers={"X-Tags": "4,5", "X-Color": "R, 100, G, 200", "X-Point": "x=1.5,y=2,label=a"},
    )
    assert_received(
        response,
        x_tags=[4, 5],
        x_color={"R": 100, "G": 200},
        x_point={"x": 1.5, "y": 2.0, "label": "a"},
    )


def test_header_object_errors_are_located(openapi_client):
    response = openapi_client.get("/headers", headers={"X-Color": "R,red", "X-Point": "x=left"})
    assert_problem(response, ("header", "X-Color/R"), ("header", "X-Point/x"))


def test_cookie_parameters_in_form_style(openapi_client):
    response = openapi_client.get(
        "/cookies",
        headers={"Cookie": "session=abc; count=3; ids=1,2,3; prefs=size,3,dark,true; ignored=i"},
    )
    # "ignored" is defined but not named by the handler: **kwargs does not get it
    assert_received(
        response, session="abc", count=3, ids=[1, 2, 3], prefs={"size": 3, "dark": True}
    )


def test_cookie_errors_are_listed_with_their_location(openapi_client):
    response = openapi_client.get(
        "/cookies", headers={"Cookie": "count=-1; ids=1,x; prefs=dark,2"}
    )
    errors = assert_problem(
        response, ("cookie", "count"), ("cookie", "ids/1"), ("cookie", "prefs/dark")
    )
    assert all("cookie parameter" in item["message"] for item in errors)


# --- OpenAPI 3.1 ----------------------------------------------------------------------------


def test_type_list_with_null(openapi31_client):
    response = openapi31_client.get(
        "/nullable/null", query_string="n=null&b=null&s=null&tags=null"
    )
    assert_received(response, pid=None, n=None, b=None, s=None, tags=None)


def test_type_list_with_null_casts_other_values(openapi31_client):
    response = openapi31_client.get(
        "/nullable/4", query_string="n=2&b=true&s=abc&tags=1,2&excl=0.5&m=3"
    )
    assert_received(response, pid=4, n=2, b=True, s="abc", tags=[1, 2], excl=0.5, m=3)


def test_type_list_with_null_still_validates(openapi31_client):
    response = openapi31_client.get(
        "/nullable/x", query_string="n=0&b=x&s=abcd&m=null&excl=1&tags=1,a"
    )
    errors = assert_problem(
        response,
        ("path", "pid"),
        ("query", "n"),
        ("query", "b"),
        ("query", "s"),
        ("query", "m"),
        ("query", "excl"),
        ("query", "tags/1"),
    )
    messages = {item["path"]: item["message"] for item in errors}
    assert "minimum of 1" in messages["n"]
    assert "too long" in messages["s"]
    assert "maximum of 1" in messages["excl"]
