"""Cast the structured string values of parameters and form fields to their schema's types.

The URI parsers (:mod:`connexion.core.uri_parsing`) split and assemble the raw strings; this
module turns ``"3"`` into ``3`` and ``["1", "2"]`` into ``[1, 2]``. :func:`make_caster` compiles
a schema once, at start-up, into a plain closure that the request path calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["NULL_STRINGS", "CastError", "Caster", "cast", "make_caster"]

Caster = Callable[[Any], Any]

#: The strings that mean ``None`` for a schema that allows null (connexion 2's ``is_null``).
NULL_STRINGS = frozenset({"null", "None"})

# A type list is tried from the most to the least specific type: a string always casts, so
# ``["string", "integer"]`` would otherwise never give an integer.
_TYPE_ORDER = {"integer": 0, "number": 1, "boolean": 2, "array": 3, "object": 4, "string": 5}
_SHAPE_OF_TYPE: dict[str, type] = {"array": list, "object": dict}


class CastError(ValueError):
    """A value that cannot be cast to the type its schema expects.

    :param expected: the type names the schema accepts, e.g. ``("integer",)``.
    :param value: the value that did not cast.
    :param path: where, inside the value, the failing part is (list indexes and object keys);
        empty when the value itself failed.
    """

    def __init__(
        self, expected: Sequence[str], value: Any = None, path: Sequence[str | int] = ()
    ) -> None:
        self.expected: tuple[str, ...] = tuple(expected)
        self.value = value
        self.path: tuple[str | int, ...] = tuple(path)
        if len(self.expected) == 1:
            message = f"Wrong type, expected '{self.expected[0]}'"
        else:
            message = "Wrong type, expected one of " + ", ".join(
                f"'{name}'" for name in self.expected
            )
        super().__init__(message)

    @property
    def message(self) -> str:
        """The message without the path, e.g. ``Wrong type, expected 'integer'``."""
        return str(self.args[0])

    def __str__(self) -> str:
        if not self.path:
            return self.message
        return f"{self.message} at /" + "/".join(str(part) for part in self.path)


def cast(value: Any, schema: Mapping[str, Any], version: tuple[int, int] = (3, 0)) -> Any:
    """Cast ``value`` to the type ``schema`` describes.

    Convenient for one-off casts; a caller that casts per request should compile the schema once
    with :func:`make_caster` instead.

    :param value: a parser output (``str``, ``list``, ``dict`` of those) or an already typed value,
        which is returned unchanged.
    :param schema: the (``$ref``-resolved) schema, or a Swagger 2 parameter definition.
    :param version: the specification version, e.g. ``(2, 0)``, ``(3, 0)`` or ``(3, 1)``.
    :raises CastError: when the value, or a part of it, does not cast.
    """
    return make_caster(schema, version)(value)


def make_caster(schema: Mapping[str, Any], version: tuple[int, int] = (3, 0)) -> Caster:
    """Compile ``schema`` into a function that casts one value, raising :class:`CastError`.

    Strings are cast to ``integer`` (``int``), ``number`` (``float``, as connexion 2 did) and
    ``boolean`` (``true``/``false`` in any case); ``string`` values stay as they are. Lists are
    cast item by item (``items``; ``prefixItems`` from OpenAPI 3.1) and dicts property by
    property (``properties``, ``additionalProperties``), to any depth. A value that already has
    a non-string type is returned unchanged, so the validator can judge it.

    Null is allowed by ``nullable: true`` (OpenAPI 3.0), ``x-nullable: true`` (Swagger 2) or a
    ``"null"`` type (OpenAPI 3.1 ``type: [integer, "null"]``). Then the strings ``null`` and
    ``None`` become ``None``, and so does an empty string that no other type of the schema
    accepts. A schema without a type tries the schemas of ``oneOf`` / ``anyOf`` in order and
    merges those of ``allOf``.

    :param schema: the (``$ref``-resolved) schema, or a Swagger 2 parameter definition.
    :param version: the specification version; ``prefixItems`` is honoured from ``(3, 1)``.
    """
    return _Compiler(version).compile(schema)


def _identity(value: Any) -> Any:
    return value


def _cast_integer(value: Any) -> Any:
    if isinstance(value, str):
        # int() also takes "1_000", which no JSON or query value means
        if "_" not in value:
            try:
                return int(value)
            except ValueError:
                pass
        raise CastError(("integer",), value)
    return value


def _cast_number(value: Any) -> Any:
    if isinstance(value, str):
        if "_" not in value:
            try:
                number = float(value)
            except ValueError:
                pass
            else:
                # "nan" and "inf" parse, but are not numbers in JSON Schema's sense
                if math.isfinite(number):
                    return number
        raise CastError(("number",), value)
    return value


def _cast_boolean(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        raise CastError(("boolean",), value)
    return value


def _cast_null(value: Any) -> Any:
    if isinstance(value, str):
        raise CastError(("null",), value)
    return value


_SCALAR_CASTERS: dict[str, Caster] = {
    "integer": _cast_integer,
    "number": _cast_number,
    "boolean": _cast_boolean,
    "string": _identity,
}


class _Compiler:
    """Compile schemas into casters, once per schema object, so recursive schemas terminate."""

    def __init__(self, version: tuple[int, int]) -> None:
        self.version = version
        self.memo: dict[int, Caster] = {}
        # keeps the schemas alive while compiling, so that their ids stay unique
        self.seen: list[Mapping[str, Any]] = []

    def compile(self, schema: Any) -> Caster:
        if not isinstance(schema, Mapping):
            # a boolean schema (3.1) or a malformed one: nothing to cast against
            return _identity
        key = id(schema)
        caster = self.memo.get(key)
        if caster is not None:
            return caster
        # A recursive schema reaches itself while being compiled: hand out a forwarder that
        # calls the finished caster.
        cell: list[Caster] = []

        def forward(value: Any) -> Any:
            return cell[0](value)

        self.memo[key] = forward
        self.seen.append(schema)
        caster = self._build(schema)
        cell.append(caster)
        self.memo[key] = caster
        return caster

    def _build(self, schema: Mapping[str, Any]) -> Caster:
        if "allOf" in schema:
            schema = _merge_all_of(schema)
        types, nullable = _types_of(schema)
        if types == ["null"]:
            return _with_null(_cast_null, nullable_array=False)
        if types:
            options = [(self._for_type(name, schema), _shapes([name])) for name in types]
            caster = _first_of(options, types)
        else:
            alternatives = schema.get("oneOf") or schema.get("anyOf")
            if isinstance(alternatives, list) and alternatives:
                options = []
                names: list[str] = []
                for sub in alternatives:
                    sub_types = _types_of(_merge_all_of(sub) if "allOf" in sub else sub)[0]
                    names.extend(name for name in sub_types if name not in names)
                    options.append((self.compile(sub), _shapes(sub_types)))
                caster = _first_of(options, names)
            else:
                caster = _identity
        if nullable:
            return _with_null(caster, nullable_array="array" in types)
        return caster

    def _for_type(self, name: str, schema: Mapping[str, Any]) -> Caster:
        if name == "array":
            return self._array(schema)
        if name == "object":
            return self._object(schema)
        # unknown types (Swagger 2 "file") are left to the validator
        return _SCALAR_CASTERS.get(name, _identity)

    def _array(self, schema: Mapping[str, Any]) -> Caster:
        items = schema.get("items")
        prefix: list[Caster] = []
        if isinstance(items, list):
            # draft 4 tuple validation: positional items, then additionalItems
            prefix = [self.compile(sub) for sub in items]
            items = schema.get("additionalItems")
        elif self.version >= (3, 1) and isinstance(schema.get("prefixItems"), list):
            prefix = [self.compile(sub) for sub in schema["prefixItems"]]
        rest = self.compile(items) if items is not None else _identity
        if not prefix and rest is _identity:
            return _array_of_anything
        return _make_array_caster(prefix, rest)

    def _object(self, schema: Mapping[str, Any]) -> Caster:
        properties = schema.get("properties")
        casters: dict[str, Caster] = {}
        if isinstance(properties, Mapping):
            for name, sub in properties.items():
                caster = self.compile(sub)
                if caster is not _identity:
                    casters[name] = caster
        additional = schema.get("additionalProperties")
        other = self.compile(additional) if isinstance(additional, Mapping) else _identity
        if not casters and other is _identity:
            return _object_of_anything
        return _make_object_caster(casters, other)


def _types_of(schema: Mapping[str, Any]) -> tuple[list[str], bool]:
    """The types a schema names (most specific first, without null) and whether null is allowed.

    A schema with only the ``"null"`` type gives ``(["null"], True)``. Without ``type``, the
    keywords imply one (``properties`` -> object, ``items`` -> array).
    """
    nullable = schema.get("nullable") is True or schema.get("x-nullable") is True
    declared = schema.get("type")
    if isinstance(declared, str):
        types = [declared]
    elif isinstance(declared, list):
        types = [name for name in declared if isinstance(name, str)]
    elif "properties" in schema or "additionalProperties" in schema:
        types = ["object"]
    elif "items" in schema or "prefixItems" in schema:
        types = ["array"]
    else:
        types = []
    if "null" in types:
        if len(types) == 1:
            return types, True
        types = [name for name in types if name != "null"]
        nullable = True
    types.sort(key=lambda name: _TYPE_ORDER.get(name, len(_TYPE_ORDER)))
    return types, nullable


def _shapes(types: list[str]) -> frozenset[type] | None:
    """The Python types of the values a caster for ``types`` takes (``None``: any)."""
    if not types:
        return None
    return frozenset(_SHAPE_OF_TYPE.get(name, str) for name in types)


def _merge_all_of(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``allOf`` subschemas into one schema for casting (not for validation).

    Later parts win, the outer schema last; a property named by several parts gets a nested
    ``allOf`` of its schemas. Null is allowed when any part allows it, since ``allOf: [$ref]``
    beside ``nullable: true`` is how OpenAPI 3.0 documents write a nullable reference.
    """
    merged: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    parts = [sub for sub in schema.get("allOf", ()) if isinstance(sub, Mapping)]
    parts.append({key: value for key, value in schema.items() if key != "allOf"})
    for part in parts:
        if "allOf" in part:
            part = _merge_all_of(part)
        for key, value in part.items():
            if key == "properties" and isinstance(value, Mapping):
                for name, sub in value.items():
                    known = properties.get(name)
                    properties[name] = sub if known is None else {"allOf": [known, sub]}
            elif key in ("nullable", "x-nullable"):
                merged[key] = merged.get(key) is True or value is True
            else:
                merged[key] = value
    if properties:
        merged["properties"] = properties
    return merged


def _first_of(options: list[tuple[Caster, frozenset[type] | None]], names: list[str]) -> Caster:
    """Try, in turn, each caster that takes a value of this shape; the first that casts wins."""
    if len(options) == 1:
        return options[0][0]
    expected = tuple(names)

    def cast_first(value: Any) -> Any:
        if isinstance(value, str):
            shape: type = str
        elif isinstance(value, list):
            shape = list
        elif isinstance(value, dict):
            shape = dict
        else:
            return value
        failures: list[CastError] = []
        for caster, shapes in options:
            if shapes is not None and shape not in shapes:
                continue
            try:
                return caster(value)
            except CastError as error:
                failures.append(error)
        if len(failures) == 1:
            raise failures[0]
        if not failures and shape is not str:
            # a list or dict where none is expected: the validator says what is wrong
            return value
        raise CastError(expected, value)

    return cast_first


def _with_null(caster: Caster, *, nullable_array: bool) -> Caster:
    """Let ``null``/``None`` (and an empty string the type refuses) mean ``None``."""

    def cast_nullable(value: Any) -> Any:
        if isinstance(value, str):
            if value in NULL_STRINGS or value.strip() in NULL_STRINGS:
                return None
            try:
                return caster(value)
            except CastError:
                if value == "":
                    return None
                raise
        if nullable_array and isinstance(value, list) and len(value) == 1:
            # ``?tags=null`` reaches us split into ``["null"]``
            only = value[0]
            if isinstance(only, str) and only.strip() in NULL_STRINGS:
                return None
        return caster(value)

    return cast_nullable


def _array_of_anything(value: Any) -> Any:
    if isinstance(value, str):
        raise CastError(("array",), value)
    return value


def _object_of_anything(value: Any) -> Any:
    if isinstance(value, str):
        raise CastError(("object",), value)
    return value


def _make_array_caster(prefix: list[Caster], rest: Caster) -> Caster:
    positional = len(prefix)

    def cast_array(value: Any) -> Any:
        if isinstance(value, list):
            result = []
            for index, item in enumerate(value):
                caster = prefix[index] if index < positional else rest
                try:
                    result.append(caster(item))
                except CastError as error:
                    error.path = (index, *error.path)
                    raise
            return result
        if isinstance(value, str):
            raise CastError(("array",), value)
        return value

    return cast_array


def _make_object_caster(properties: dict[str, Caster], other: Caster) -> Caster:
    def cast_object(value: Any) -> Any:
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                caster = properties.get(key, other)
                try:
                    result[key] = caster(item)
                except CastError as error:
                    error.path = (key, *error.path)
                    raise
            return result
        if isinstance(value, str):
            raise CastError(("object",), value)
        return value

    return cast_object
