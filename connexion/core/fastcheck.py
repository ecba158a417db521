"""A fast path for schema validation: a schema compiled into nested closures.

``compile_check(schema, version, purpose)`` returns a predicate that answers ``True`` only
for instances the reference engine (jsonschema, with connexion's OpenAPI additions) accepts.
``False`` means "maybe invalid": the caller then runs the reference engine, which reports
every error with its message. Valid requests, the common case, never pay for jsonschema.

Only keywords whose semantics are mirrored exactly are compiled; a schema that uses any other
validation keyword gets no predicate (``None``) and is always checked by jsonschema. Format
checks call the very format checker jsonschema uses, so custom formats keep working.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from jsonschema import Draft4Validator, Draft202012Validator

Check = Callable[[Any], bool]

# Keywords that assert nothing (annotations), in every draft we compile.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "default",
        "example",
        "examples",
        "deprecated",
        "xml",
        "externalDocs",
        "discriminator",
        "$schema",
        "$id",
        "id",
        "$comment",
        "$anchor",
        "definitions",
        "$defs",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "x-body-name",
    }
)
_COMPILED = frozenset(
    {
        "type",
        "nullable",
        "x-nullable",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "minProperties",
        "maxProperties",
        "items",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "allOf",
        "anyOf",
        "readOnly",
        "writeOnly",
        "x-writeOnly",
    }
)


class _Unsupported(Exception):
    """The schema uses a keyword this module does not mirror."""


def compile_check(
    schema: Mapping[str, Any] | bool,
    version: tuple[int, int],
    purpose: str,
    cache: dict[Any, Any] | None = None,
) -> Check | None:
    """Compile ``schema`` into a fast predicate, or ``None`` when it cannot be mirrored.

    :param schema: a resolved schema (recursive schemas are Python object cycles).
    :param version: the spec version: (2, 0) and (3, 0) use draft 4 with ``nullable``,
        (3, 1) draft 2020-12.
    :param purpose: ``request`` or ``response`` (readOnly / writeOnly rules).
    :param cache: shared by the schemas of one API, so that a schema used by many operations
        (a common model) is compiled once.
    """
    compiler = None
    if cache is not None:
        compiler = cache.get((version, purpose))
    if compiler is None:
        compiler = _Compiler(version, purpose)
        if cache is not None:
            cache[(version, purpose)] = compiler
    mark = len(compiler.keep)
    try:
        return compiler.compile(schema)
    except (_Unsupported, RecursionError, TypeError, re.error):
        compiler.abandon(mark)
        return None


def _is_integer_draft4(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_integer_modern(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
}


class _Compiler:
    def __init__(self, version: tuple[int, int], purpose: str) -> None:
        self.modern = version >= (3, 1)
        self.purpose = purpose
        self.format_checker = (
            Draft202012Validator.FORMAT_CHECKER if self.modern else Draft4Validator.FORMAT_CHECKER
        )
        self.integer = _is_integer_modern if self.modern else _is_integer_draft4
        # Where a flagged schema applies at all, the reference engine reports an error
        # ("Property is read-only"); a missing flagged property is not required.
        if purpose == "request":
            self.forbidden_flags: tuple[str, ...] = ("readOnly",)
        else:
            self.forbidden_flags = ("writeOnly",) if self.modern else ("writeOnly", "x-writeOnly")
        self.done: dict[int, Check] = {}
        self.pending: dict[int, list[Check]] = {}
        # The compiled schemas stay referenced, so that their ids are never reused.
        self.keep: list[Any] = []

    def abandon(self, mark: int) -> None:
        """Forget a compilation that failed half-way.

        The checks it completed may refer to a schema that failed, so they go too.
        """
        self.pending.clear()
        for schema in self.keep[mark:]:
            self.done.pop(id(schema), None)
        del self.keep[mark:]

    def compile(self, schema: Mapping[str, Any] | bool) -> Check:
        if schema is True or (isinstance(schema, Mapping) and not schema):
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, Mapping):
            raise _Unsupported("not a schema")
        key = id(schema)
        if key in self.done:
            return self.done[key]
        if key in self.pending:
            # A recursive schema: refer to the check once it exists.
            cell: list[Check] = self.pending[key]
            return lambda value: cell[0](value)
        cell = []
        self.pending[key] = cell
        check = self._compile(schema)
        cell.append(check)
        del self.pending[key]
        self.done[key] = check
        self.keep.append(schema)
        return check

    def _compile(self, schema: Mapping[str, Any]) -> Check:
        for keyword in schema:
            if keyword in _COMPILED or keyword in _ANNOTATIONS or keyword.startswith("x-"):
                continue
            raise _Unsupported(keyword)
        if "$ref" in schema:
            raise _Unsupported("$ref")
        if any(schema.get(flag) is True for flag in self.forbidden_flags):
            return _never
        checks: list[Check] = []
        nullable = not self.modern and bool(schema.get("nullable") or schema.get("x-nullable"))
        if "type" in schema:
            checks.append(self._type(schema["type"], nullable))
        if "enum" in schema:
            checks.append(_enum(list(schema["enum"]), nullable))
        if "const" in schema:
            checks.append(_enum([schema["const"]], False))
        checks.extend(self._numbers(schema))
        checks.extend(self._strings(schema))
        checks.extend(self._arrays(schema))
        checks.extend(self._objects(schema))
        for sub in schema.get("allOf") or ():
            checks.append(self.compile(sub))
        if "anyOf" in schema:
            checks.append(_any_of([self.compile(sub) for sub in schema["anyOf"]]))
        return _all_of(checks)

    def _type(self, declared: Any, nullable: bool) -> Check:
        names = [declared] if isinstance(declared, str) else list(declared)
        tests: list[Check] = []
        for name in names:
            if name == "integer":
                tests.append(self.integer)
            elif name in _TYPES:
                tests.append(_TYPES[name])
            else:
                raise _Unsupported(f"type {name}")
        if nullable:
            tests.append(_TYPES["null"])
        return _any_of(tests)

    def _numbers(self, schema: Mapping[str, Any]) -> list[Check]:
        checks: list[Check] = []
        minimum, maximum = schema.get("minimum"), schema.get("maximum")
        exclusive_min, exclusive_max = (
            schema.get("exclusiveMinimum"),
            schema.get("exclusiveMaximum"),
        )
        bounds: list[tuple[Callable[[Any, Any], bool], Any]] = []
        if self.modern:
            if isinstance(exclusive_min, bool) or isinstance(exclusive_max, bool):
                raise _Unsupported("boolean exclusive bounds in draft 2020-12")
            bounds += [(operator.ge, minimum), (operator.le, maximum)]
            bounds += [(operator.gt, exclusive_min), (operator.lt, exclusive_max)]
        else:
            bounds.append((operator.gt if exclusive_min is True else operator.ge, minimum))
            bounds.append((operator.lt if exclusive_max is True else operator.le, maximum))
        active = tuple((compare, limit) for compare, limit in bounds if limit is not None)
        if active:

            def check_bounds(v: Any) -> bool:
                if not _is_number(v):
                    return True
                for compare, limit in active:
                    if not compare(v, limit):
                        return False
                return True

            checks.append(check_bounds)
        if "multipleOf" in schema:
            divisor = schema["multipleOf"]
            if not isinstance(divisor, int) or isinstance(divisor, bool):
                raise _Unsupported("multipleOf with a non-integer divisor")
            # Integers are exact; a float instance goes to the reference engine.
            checks.append(lambda v: not _is_number(v) or (isinstance(v, int) and v % divisor == 0))
        return checks

    def _strings(self, schema: Mapping[str, Any]) -> list[Check]:
        low = schema.get("minLength")
        high = schema.get("maxLength")
        search = re.compile(schema["pattern"]).search if "pattern" in schema else None
        if low is None and high is None and search is None and "format" not in schema:
            return []
        name = schema.get("format")
        # Looked up per call, so a format registered after start-up is still checked.
        checkers, conforms = self.format_checker.checkers, self.format_checker.conforms

        # One closure for every string keyword: a leaf costs one call, not four.
        def check_string(v: Any) -> bool:
            if name is not None and name in checkers and not conforms(v, name):
                return False
            if not isinstance(v, str):
                return True
            if low is not None and len(v) < low:
                return False
            if high is not None and len(v) > high:
                return False
            return search is None or search(v) is not None

        return [check_string]

    def _arrays(self, schema: Mapping[str, Any]) -> list[Check]:
        checks: list[Check] = []
        if "items" in schema:
            items = schema["items"]
            if isinstance(items, list):
                raise _Unsupported("items as a list")
            item = self.compile(items)

            def check_items(v: Any) -> bool:
                if isinstance(v, list):
                    for x in v:
                        if not item(x):
                            return False
                return True

            checks.append(check_items)
        if "minItems" in schema:
            low = schema["minItems"]
            checks.append(lambda v: not isinstance(v, list) or len(v) >= low)
        if "maxItems" in schema:
            high = schema["maxItems"]
            checks.append(lambda v: not isinstance(v, list) or len(v) <= high)
        if schema.get("uniqueItems") is True:
            checks.append(_unique_strings)
        return checks

    def _objects(self, schema: Mapping[str, Any]) -> list[Check]:
        checks: list[Check] = []
        properties = schema.get("properties") or {}
        compiled = {name: self.compile(sub) for name, sub in properties.items()}
        required = [
            name
            for name in schema.get("required") or ()
            if not (
                isinstance(properties.get(name), Mapping)
                and any(properties[name].get(flag) is True for flag in self.forbidden_flags)
            )
        ]
        additional = schema.get("additionalProperties", True)
        extra: Check | None = None if additional is True else self.compile(additional)
        low, high = schema.get("minProperties"), schema.get("maxProperties")

        def check_object(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for name in required:
                if name not in value:
                    return False
            for name, item in value.items():
                sub = compiled.get(name)
                if sub is not None:
                    if not sub(item):
                        return False
                elif extra is not None and not extra(item):
                    return False
            if low is not None and len(value) < low:
                return False
            return high is None or len(value) <= high

        if compiled or required or extra is not None or low is not None or high is not None:
            checks.append(check_object)
        return checks


def _all_of(checks: list[Check]) -> Check:
    """Every check passes (plain calls: a generator per value would cost more than them)."""
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    if len(checks) == 3:
        first, second, third = checks
        return lambda value: first(value) and second(value) and third(value)
    frozen = tuple(checks)

    def all_pass(value: Any) -> bool:
        for check in frozen:
            if not check(value):
                return False
        return True

    return all_pass


def _any_of(checks: list[Check]) -> Check:
    """At least one check passes."""
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) or second(value)
    frozen = tuple(checks)

    def any_passes(value: Any) -> bool:
        for check in frozen:
            if check(value):
                return True
        return False

    return any_passes


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _enum(options: list[Any], nullable: bool) -> Check:
    # jsonschema's equality tells booleans from numbers and 1 from 1.0 loosely; only strings,
    # integers and null are compared here, by exact type, and anything else goes back to it.
    plain = (str, int, type(None))
    allowed = frozenset(option for option in options if type(option) in plain)
    if len(allowed) != len(options):
        return lambda v: v is None and nullable
    return lambda v: (v is None and nullable) or (type(v) in plain and v in allowed)


def _unique_strings(value: Any) -> bool:
    if not isinstance(value, list):
        return True
    if all(isinstance(item, str) for item in value):
        return len(set(value)) == len(value)
    return False
