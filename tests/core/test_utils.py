"""connexion.utils: dotted-name imports, value checks, parameter names, callable inspection."""

from __future__ import annotations

import functools
import subprocess
import sys
from collections import OrderedDict
from typing import Any
from unittest import mock

import pytest
import yaml

from connexion.utils import (
    all_json,
    boolean,
    deep_get,
    deep_merge,
    get_function_from_name,
    inspect_function_arguments,
    is_async_callable,
    is_json_mimetype,
    is_null,
    is_nullable,
    pythonic_name,
    sanitize_param_name,
    yamldumper,
)
from tests.fakeapi.resolver_targets import pets

PKG = "tests.fakeapi.resolver_targets"


# --------------------------------------------------------------------------------------------
# get_function_from_name


def test_get_function_from_module() -> None:
    assert get_function_from_name(f"{PKG}.pets.search") is pets.search
    assert get_function_from_name("os.path.join") is __import__("os").path.join


def test_get_function_from_class_and_object_attributes() -> None:
    assert get_function_from_name(f"{PKG}.pets.Registry.lookup") is pets.Registry.lookup
    assert get_function_from_name(f"{PKG}.pets.Registry.Inner") is pets.Registry.Inner
    assert get_function_from_name(f"{PKG}.pets.registry.lookup")("a") == "a"


def test_get_function_from_stdlib_class() -> None:
    assert get_function_from_name("collections.OrderedDict.fromkeys") == OrderedDict.fromkeys


@pytest.mark.parametrize("name", [None, ""])
def test_get_function_empty_name(name: Any) -> None:
    with pytest.raises(ValueError, match="Empty function name"):
        get_function_from_name(name)


def test_get_function_without_module_part() -> None:
    with pytest.raises(ValueError, match="has no module part"):
        get_function_from_name("search")


def test_get_function_unknown_top_level_module() -> None:
    with pytest.raises(ImportError, match="No module named 'ohai'"):
        get_function_from_name("ohai.I.do.not.exist")


def test_get_function_missing_submodule() -> None:
    with pytest.raises(ImportError, match=f"No module named '{PKG}.nothere'"):
        get_function_from_name(f"{PKG}.nothere.search")


def test_get_function_missing_attribute() -> None:
    with pytest.raises(AttributeError, match=f"module '{PKG}.pets' has no attribute 'nope'"):
        get_function_from_name(f"{PKG}.pets.nope")
    with pytest.raises(AttributeError, match="type 'Registry' has no attribute 'nope'"):
        get_function_from_name(f"{PKG}.pets.Registry.nope")
    # A missing class in a plain module is an attribute error, not "not a package".
    with pytest.raises(AttributeError, match="has no attribute 'Missing'"):
        get_function_from_name(f"{PKG}.foo_bar.Missing.method")


def test_get_function_import_error_inside_module_is_not_masked() -> None:
    with pytest.raises(ImportError) as info:
        get_function_from_name(f"{PKG}.broken.handler")
    assert info.value.name == "connexion_tests_missing_dependency"


# --------------------------------------------------------------------------------------------
# Values and spec fragments


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False)]
    + [(True, True), (False, False)],
)
def test_boolean(value: Any, expected: bool) -> None:
    assert boolean(value) is expected


@pytest.mark.parametrize("value", ["yes", "1", "", "t", 1, None, 0.0, ["true"]])
def test_boolean_rejects(value: Any) -> None:
    with pytest.raises(ValueError, match="Invalid boolean value"):
        boolean(value)


@pytest.mark.parametrize("value", [None, "null", "None", " null "])
def test_is_null(value: Any) -> None:
    assert is_null(value)


@pytest.mark.parametrize("value", ["", "NULL", "nil", 0, False, [], "none"])
def test_is_not_null(value: Any) -> None:
    assert not is_null(value)


@pytest.mark.parametrize(
    "definition",
    [
        {"name": "p", "in": "query", "type": "string", "x-nullable": True},
        {"name": "p", "in": "query", "schema": {"type": "string", "nullable": True}},
        {"type": "string", "nullable": True},
        {"name": "p", "in": "body", "schema": {"type": "object", "x-nullable": True}},
        {"name": "p", "in": "query", "schema": {"type": ["string", "null"]}},
    ],
)
def test_is_nullable(definition: dict[str, Any]) -> None:
    assert is_nullable(definition) is True


@pytest.mark.parametrize(
    "definition",
    [
        {"name": "p", "in": "query", "type": "string"},
        {"name": "p", "in": "query", "schema": {"type": "string"}},
        {"name": "p", "in": "query", "schema": {"type": "string", "nullable": False}},
        {"name": "p", "in": "query", "type": "string", "x-nullable": False},
        {"name": "p", "in": "query", "schema": {"type": ["string", "integer"]}},
    ],
)
def test_is_not_nullable(definition: dict[str, Any]) -> None:
    assert is_nullable(definition) is False


@pytest.mark.parametrize(
    "mimetype",
    [
        "application/json",
        "application/problem+json",
        "application/vnd.api+json",
        "application/json; charset=utf-8",
        "application/problem+json;charset=utf-8",
        "Application/JSON",
    ],
)
def test_is_json_mimetype(mimetype: str) -> None:
    assert is_json_mimetype(mimetype)


@pytest.mark.parametrize(
    "mimetype",
    ["text/json", "application/xml", "text/plain", "application/jsonp", "json", "", None]
    + ["application/json-patch", "text/vnd.api+json"],
)
def test_is_not_json_mimetype(mimetype: str | None) -> None:
    assert not is_json_mimetype(mimetype)


def test_all_json() -> None:
    assert all_json(["application/json", "application/problem+json"])
    assert not all_json(["application/json", "text/plain"])
    assert all_json([])


def test_deep_get() -> None:
    spec = {"paths": {"/pets": {"get": {"parameters": [{"name": "limit"}]}}}}
    assert deep_get(spec, ["paths", "/pets", "get", "parameters", "0", "name"]) == "limit"
    assert deep_get(spec, ["paths", "/pets", "get", "parameters", 0]) == {"name": "limit"}
    assert deep_get(spec, []) is spec
    with pytest.raises(KeyError):
        deep_get(spec, ["paths", "/owners"])
    with pytest.raises(IndexError):
        deep_get(spec, ["paths", "/pets", "get", "parameters", 1])


def test_deep_merge() -> None:
    a: dict[str, Any] = {"x": {"y": 1, "z": {"k": 1}}, "keep": [1], "both": 1}
    b = {"x": {"z": {"l": 2}, "new": 3}, "both": {"now": "a dict"}, "added": None}
    merged = deep_merge(a, b)
    assert merged is a
    assert a == {
        "x": {"y": 1, "z": {"k": 1, "l": 2}, "new": 3},
        "keep": [1],
        "both": {"now": "a dict"},
        "added": None,
    }


def test_deep_merge_b_wins_over_non_dicts() -> None:
    assert deep_merge({"a": {"b": 1}}, {"a": [1, 2]}) == {"a": [1, 2]}
    assert deep_merge({"a": 1}, {"a": 2}) == {"a": 2}


def test_yamldumper_keeps_order_and_round_trips() -> None:
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "Pets", "version": "1"},
        "paths": {"/b": {}, "/a": {}},
    }
    dumped = yamldumper(spec)
    assert dumped.index("openapi") < dumped.index("info") < dumped.index("paths")
    assert dumped.index("/b") < dumped.index("/a")
    assert yaml.safe_load(dumped) == spec


def test_yamldumper_multiline_strings_as_blocks() -> None:
    spec = {"info": {"description": "line one\nline two\n", "title": "ünïcode"}}
    dumped = yamldumper(spec)
    assert "description: |" in dumped
    assert "  line one\n" in dumped
    assert "ünïcode" in dumped
    assert yaml.safe_load(dumped) == spec


def test_yamldumper_odd_multiline_string_still_round_trips() -> None:
    spec = {"description": "trailing space \n\tand a tab"}
    assert yaml.safe_load(yamldumper(spec)) == spec


def test_yamldumper_writes_no_anchors_and_handles_ordered_dicts() -> None:
    shared = {"type": "string"}
    spec = OrderedDict([("z", shared), ("a", shared)])
    dumped = yamldumper(spec)
    assert "&" not in dumped and "*" not in dumped
    assert dumped.index("z:") < dumped.index("a:")
    assert yaml.safe_load(dumped) == {"z": shared, "a": shared}


# --------------------------------------------------------------------------------------------
# Parameter names


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("$top", "top"),
        ("petId", "petId"),
        ("X-Request-Id", "XRequestId"),
        ("2fa", "fa"),
        ("_private", "_private"),
        ("a.b[c]", "abc"),
        ("123", ""),
        ("", ""),
    ],
)
def test_sanitize_param_name(name: str, expected: str) -> None:
    assert sanitize_param_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("petId", "pet_id"),
        ("PetId", "pet_id"),
        ("HTTPResponseCode", "http_response_code"),
        ("X-Request-Id", "x_request_id"),
        ("max-results", "max_results"),
        ("version2Name", "version2_name"),
        ("already_snake", "already_snake"),
        ("id", "id_"),
        ("filter", "filter_"),
        ("Type", "type_"),
        ("from", "from_"),
        ("class", "class_"),
        ("$top", "top"),
        ("", ""),
    ],
)
def test_pythonic_name(name: str, expected: str) -> None:
    assert pythonic_name(name) == expected


def test_pythonic_name_sanitises_after_the_shadow_check_as_connexion2() -> None:
    # connexion 2 looked for builtins before dropping "$", so "$filter" became "filter".
    assert pythonic_name("$filter") == "filter"


# --------------------------------------------------------------------------------------------
# Inspecting callables


async def async_handler(x: int) -> int:
    return x


def sync_handler(x: int) -> int:
    return x


class AsyncCallable:
    async def __call__(self, x: int) -> int:
        return x


class SyncCallable:
    def __call__(self, x: int) -> int:
        return x


class Handlers:
    async def async_method(self, x: int) -> int:
        return x

    def sync_method(self, x: int) -> int:
        return x

    @staticmethod
    async def async_static(x: int) -> int:
        return x

    @classmethod
    async def async_class(cls, x: int) -> int:
        return x


@pytest.mark.parametrize(
    "obj",
    [
        async_handler,
        functools.partial(async_handler, 1),
        functools.partial(functools.partial(async_handler), x=1),
        AsyncCallable(),
        functools.partial(AsyncCallable(), 1),
        Handlers().async_method,
        functools.partial(Handlers().async_method, 1),
        Handlers.async_static,
        Handlers.async_class,
        mock.AsyncMock(),
    ],
)
def test_is_async_callable(obj: Any) -> None:
    assert is_async_callable(obj) is True


@pytest.mark.parametrize(
    "obj",
    [
        sync_handler,
        functools.partial(sync_handler, 1),
        SyncCallable(),
        Handlers().sync_method,
        AsyncCallable,  # calling the class makes an instance, not a coroutine
        print,
        len,
        None,
        42,
        mock.Mock(),
    ],
)
def test_is_not_async_callable(obj: Any) -> None:
    assert is_async_callable(obj) is False


def test_utils_and_resolver_import_without_frameworks_or_asyncio() -> None:
    # The core uses utils and the resolvers, and the core stays free of these modules.
    blocked = ["flask", "werkzeug", "aiohttp", "quart", "asyncio", "gevent"]
    code = (
        "import sys\n"
        f"sys.modules.update(dict.fromkeys({blocked!r}))\n"
        "import connexion.utils, connexion.core.resolver, connexion.resolver\n"
        "assert connexion.utils.is_async_callable(connexion.resolver.Resolver) is False\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def plain(a: int, b: str = "", *args: Any, c: int, **kwargs: Any) -> None:
    return None


def no_kwargs(a: int, /, b: int, *, c: int = 0) -> None:
    return None


def decorated(function: Any) -> Any:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return wrapper


class WithInit:
    def __init__(self, name: str, *, age: int = 0) -> None:
        self.name = name


@pytest.mark.parametrize(
    ("fn", "expected"),
    [
        (plain, ({"a", "b", "c"}, True)),
        (no_kwargs, ({"b", "c"}, False)),
        (functools.partial(plain, 1), ({"b", "c"}, True)),
        (functools.partial(no_kwargs, 1, c=2), ({"b", "c"}, False)),
        (Handlers().sync_method, ({"x"}, False)),
        (Handlers().async_method, ({"x"}, False)),
        (SyncCallable(), ({"x"}, False)),
        (AsyncCallable(), ({"x"}, False)),
        (WithInit, ({"name", "age"}, False)),
        (decorated(no_kwargs), ({"b", "c"}, False)),
        (lambda: None, (set(), False)),
    ],
)
def test_inspect_function_arguments(fn: Any, expected: tuple[set[str], bool]) -> None:
    assert inspect_function_arguments(fn) == expected


def test_inspect_function_arguments_without_signature() -> None:
    # dict.fromkeys-like C callables may have no introspectable signature.
    unsigned = [f for f in (vars, dict.pop, getattr, next, iter) if _has_no_signature(f)]
    assert unsigned, "expected at least one builtin without a signature"
    for function in unsigned:
        assert inspect_function_arguments(function) == (set(), True)


def _has_no_signature(function: Any) -> bool:
    import inspect

    try:
        inspect.signature(function)
    except (ValueError, TypeError):
        return True
    return False


def test_inspect_function_arguments_rejects_non_callables() -> None:
    with pytest.raises(TypeError):
        inspect_function_arguments(42)  # type: ignore[arg-type]
