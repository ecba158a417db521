"""Build a value that validates against a JSON schema: for mock answers and test requests.

Pure and deterministic. Values come from the schema's own examples when they fit, else from
its type and keywords (scalars come from :mod:`connexion.core.scalars`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from connexion.core.scalars import sample_number, sample_string, string_matching
from connexion.core.validation import (
    CompiledSchema,
    JsonSchemaValidator,
    SchemaError,
    ValidationEngine,
    Version,
    validator_class_for,
)

__all__ = ["SchemaSampler", "copy_json", "merge_all_of", "sample_schema"]

#: Objects nested deeper than this get only their required properties, arrays their minItems.
FULL_DEPTH = 4
#: Below this depth nothing more is built (a schema whose required properties recurse forever).
MAX_DEPTH = 16


def copy_json(value: Any) -> Any:
    """Copy a JSON-like tree (dicts and lists are copied, everything else is shared)."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}

_INTEGER_FORMATS = frozenset({"int32", "int64", "int8", "int16", "uint8", "uint32", "uint64"})
_NUMBER_FORMATS = frozenset({"float", "double", "decimal"})
_OBJECT_KEYS = (
    "properties",
    "additionalProperties",
    "patternProperties",
    "required",
    "minProperties",
    "maxProperties",
)
_ARRAY_KEYS = ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains")
_STRING_KEYS = ("minLength", "maxLength", "pattern")
_NUMBER_KEYS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_LOWER_BOUNDS = ("minimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "maxLength", "maxItems", "maxProperties")
_PART_ONLY = frozenset({"example", "examples", "default", "discriminator", "title"})


def _declared_types(schema: Mapping[str, Any]) -> list[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list):
        return [t for t in declared if isinstance(t, str)]
    return []


def _infer_type(schema: Mapping[str, Any]) -> str | None:
    declared = [t for t in _declared_types(schema) if t != "null"]
    if declared:
        return declared[0]
    if _declared_types(schema):
        return "null"
    if any(key in schema for key in _OBJECT_KEYS):
        return "object"
    if any(key in schema for key in _ARRAY_KEYS):
        return "array"
    if schema.get("format") in _INTEGER_FORMATS:
        return "integer"
    if schema.get("format") in _NUMBER_FORMATS or any(key in schema for key in _NUMBER_KEYS):
        return "number"
    if "format" in schema or any(key in schema for key in _STRING_KEYS):
        return "string"
    return None


def _is_nullable(schema: Mapping[str, Any]) -> bool:
    return bool(schema.get("nullable") or schema.get("x-nullable")) or "null" in _declared_types(
        schema
    )


def _fits(value: Any, schema: Mapping[str, Any]) -> bool:
    """A cheap check of the keywords that say at once that a hint does not fit."""
    if value is None:
        return _is_nullable(schema)
    types = _declared_types(schema)
    if types and not any(_JSON_TYPES.get(t, lambda v: True)(value) for t in types):
        return False
    if "const" in schema and value != schema["const"]:
        return False
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        return False
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", 1e18):
            return False
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            try:
                return re.search(pattern, value) is not None
            except re.error:
                return True
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = schema.get("minimum"), schema.get("maximum")
        if isinstance(low, (int, float)) and value < low:
            return False
        if isinstance(high, (int, float)) and value > high:
            return False
    elif isinstance(value, dict):
        required = schema.get("required")
        if isinstance(required, list) and any(name not in value for name in required):
            return False
    elif isinstance(value, list):
        return bool(len(value) >= schema.get("minItems", 0))
    return True


def _merge_types(first: Any, second: Any) -> Any:
    """The types two schemas both allow (``None`` for none): ``integer`` is a ``number``."""
    if not isinstance(first, (str, list)) or not isinstance(second, (str, list)):
        return first if isinstance(first, (str, list)) else second
    one = [first] if isinstance(first, str) else first
    two = [second] if isinstance(second, str) else second
    both = [t for t in one if t in two or (t == "integer" and "number" in two)]
    both += [t for t in two if t == "integer" and "number" in one and t not in both]
    if not both:
        return None
    return both[0] if len(both) == 1 else both


def _both_numbers(first: Any, second: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (first, second))


def merge_all_of(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Fold ``allOf`` into one schema: properties and required are united, bounds tightened.

    Keywords a single part states about the whole (example, default, discriminator) are
    kept only from the outer schema, or from the one part of a one-part ``allOf``.

    :param schema: a schema with an ``allOf``.
    """
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    parts = [part for part in schema.get("allOf") or () if isinstance(part, Mapping)]
    for part in parts:
        if "allOf" in part:
            part = merge_all_of(part)
        for key, value in part.items():
            if len(parts) > 1 and key in _PART_ONLY:
                continue
            if key not in merged:
                merged[key] = dict(value) if key == "properties" else value
            elif key == "properties" and isinstance(value, Mapping):
                properties = merged[key] = dict(merged[key])
                for name, sub in value.items():
                    known = properties.get(name)
                    if known is None or known is sub:
                        properties[name] = sub
                    else:
                        properties[name] = {"allOf": [known, sub]}
            elif key == "required" and isinstance(value, list):
                merged[key] = list(merged[key]) + [n for n in value if n not in merged[key]]
            elif key == "type":
                types = _merge_types(merged[key], value)
                if types is None:
                    merged["not"] = {}  # no value has two disjoint types
                else:
                    merged[key] = types
            elif key == "enum" and isinstance(value, list):
                kept = [item for item in merged[key] if item in value]
                merged[key] = kept or merged[key]
            elif key in _LOWER_BOUNDS and _both_numbers(merged[key], value):
                merged[key] = max(merged[key], value)
            elif key in _UPPER_BOUNDS and _both_numbers(merged[key], value):
                merged[key] = min(merged[key], value)
            elif key == "additionalProperties" and value is False:
                merged[key] = False
    return merged


class SchemaSampler:
    """Builds a value that validates against a schema, deterministically.

    Values come from the schema's own ``const``, ``example``, ``examples``, ``default`` and
    ``enum`` when they fit, else from its type, format, pattern and bounds. ``allOf`` is merged;
    for ``oneOf`` / ``anyOf`` the first branch whose value validates is taken, with the
    discriminator property set. Objects nested deeper than :data:`FULL_DEPTH`, and schemas
    that recur inside themselves, get only their required properties.

    :param version: the spec version: it selects the JSON Schema dialect.
    :param purpose: ``"response"`` leaves out write-only properties, ``"request"`` read-only.
    :param engine: the validation engine (jsonschema with the OpenAPI additions when ``None``).
    """

    def __init__(
        self,
        version: Version = (3, 0),
        purpose: str = "response",
        engine: ValidationEngine | None = None,
    ) -> None:
        self.version = version
        self.purpose = purpose
        self.engine = engine
        self._hidden = ("writeOnly", "x-writeOnly") if purpose == "response" else ("readOnly",)
        self._validators: dict[int, tuple[Any, CompiledSchema]] = {}
        self._merged: dict[int, tuple[Any, dict[str, Any]]] = {}
        self._branches: dict[tuple[int, int], tuple[Any, Any]] = {}
        # Schemas being built, by id, with the depth they were entered at.
        self._active: dict[int, int] = {}
        # The shallowest depth of a schema the current subtree met again (recursion).
        self._reach = MAX_DEPTH + 1
        self._memo: dict[tuple[int, int, int, bool], tuple[Any, Any]] = {}
        self._checked: dict[tuple[int, bool], tuple[Any, Any, list[SchemaError]]] = {}
        self._use_examples = True

    # -- validation --

    def errors(self, schema: Mapping[str, Any], value: Any) -> list[SchemaError]:
        """Validate ``value`` against ``schema`` as connexion validates a response/request."""
        cached = self._validators.get(id(schema))
        if cached is None or cached[0] is not schema:
            if self.engine is not None:
                compiled = self.engine.compile(schema, self.version, self.purpose)
            else:
                validator_class = validator_class_for(self.version, self.purpose)
                compiled = JsonSchemaValidator(schema, validator_class)
            cached = self._validators[id(schema)] = (schema, compiled)
        return cached[1].errors(value)

    # -- building --

    def sample(self, schema: Any, *, use_examples: bool = True) -> Any:
        """Build a value for ``schema``.

        :param schema: the resolved schema (recursive schemas as object cycles are fine).
        :param use_examples: take the schema's examples and defaults as values when they fit.
        """
        self._use_examples = use_examples
        self._active.clear()
        self._reach = MAX_DEPTH + 1
        return copy_json(self._sample(schema, 0, 0))

    def sample_checked(
        self, schema: Mapping[str, Any], *, use_examples: bool = True
    ) -> tuple[Any, list[SchemaError]]:
        """Build a value for ``schema`` and validate it; both are memoised per schema.

        :param schema: the resolved schema.
        :param use_examples: take the schema's examples and defaults as values when they fit.
        :return: ``(value, errors)``; the value is a fresh copy.
        """
        key = (id(schema), use_examples)
        found = self._checked.get(key)
        if found is None or found[0] is not schema:
            value = self.sample(schema, use_examples=use_examples)
            found = self._checked[key] = (schema, value, self.errors(schema, value))
        return copy_json(found[1]), found[2]

    def _sample(self, schema: Any, depth: int, variant: int) -> Any:
        """Build a value for ``schema`` at ``depth``. The value may share parts with values
        built before (it is memoised): callers copy what they change."""
        if schema is True or (isinstance(schema, Mapping) and not schema):
            return {}
        if not isinstance(schema, Mapping) or depth > MAX_DEPTH:
            return None
        key = id(schema)
        memo_key = (key, depth, variant, self._use_examples)
        found = self._memo.get(memo_key)
        if found is not None and found[0] is schema:
            return found[1]
        entered = self._active.get(key)
        outer = self._reach
        self._reach = MAX_DEPTH + 1 if entered is None else entered
        if entered is None:
            self._active[key] = depth
        try:
            value = self._node(schema, depth, variant, entered is not None or depth >= FULL_DEPTH)
        finally:
            if entered is None:
                del self._active[key]
            reach, self._reach = self._reach, min(outer, self._reach)
        # A value that met no schema of its ancestors again is the same wherever it is built.
        if reach >= depth:
            self._memo[memo_key] = (schema, value)
        return value

    def _merge(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        cached = self._merged.get(id(schema))
        if cached is None or cached[0] is not schema:
            cached = self._merged[id(schema)] = (schema, merge_all_of(schema))
        return cached[1]

    def _node(self, schema: Mapping[str, Any], depth: int, variant: int, lean: bool) -> Any:
        if "allOf" in schema:
            schema = self._merge(schema)
        if "const" in schema:
            return copy_json(schema["const"])
        if self._use_examples and not variant:
            for hint in self._hints(schema):
                if _fits(hint, schema):
                    return copy_json(hint)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            choices = [item for item in enum if item is not None] or enum
            return copy_json(choices[variant % len(choices)])
        if isinstance(schema.get("oneOf"), list) or isinstance(schema.get("anyOf"), list):
            return self._choice(schema, depth, variant)
        kind = _infer_type(schema)
        if kind == "object":
            return self._object(schema, depth, lean)
        if kind == "array":
            return self._array(schema, depth, lean)
        if kind == "string":
            return sample_string(schema, variant)
        if kind in ("integer", "number"):
            return sample_number(schema, kind == "integer", variant)
        if kind == "boolean":
            return variant % 2 == 0
        if kind == "null":
            return None
        if kind == "file":
            return "binary"
        return {}

    @staticmethod
    def _hints(schema: Mapping[str, Any]) -> Iterator[Any]:
        if "example" in schema:
            yield schema["example"]
        examples = schema.get("examples")
        if isinstance(examples, list):
            yield from examples
        if "default" in schema:
            yield schema["default"]

    def _choice(self, schema: Mapping[str, Any], depth: int, variant: int) -> Any:
        keyword = "oneOf" if isinstance(schema.get("oneOf"), list) else "anyOf"
        branches = [b for b in schema[keyword] if isinstance(b, Mapping) or b is True]
        # A null branch (3.1's "anyOf: [X, {type: null}]") is the last resort, not the answer.
        branches.sort(key=lambda b: isinstance(b, Mapping) and _declared_types(b) == ["null"])
        base = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "discriminator")}
        discriminator = schema.get("discriminator")
        first: Any = None
        for index, branch in enumerate(branches):
            combined = self._combined(schema, index, base, branch)
            value = self._sample(combined, depth, variant)
            if isinstance(discriminator, Mapping) and isinstance(value, dict):
                value = dict(value)
                _set_discriminator(value, discriminator, branch, index, len(branches))
            if index == 0:
                first = value
            if not self.errors(schema, value):
                return value
        return first

    def _combined(
        self, schema: Mapping[str, Any], index: int, base: dict[str, Any], branch: Any
    ) -> Any:
        """The schema of one branch with the keywords beside ``oneOf`` / ``anyOf``, built once
        (so that its validator and recursion guard are reused too)."""
        if not base:
            return branch
        cached = self._branches.get((id(schema), index))
        if cached is None or cached[0] is not schema:
            cached = self._branches[(id(schema), index)] = (schema, {"allOf": [base, branch]})
        return cached[1]

    def _object(self, schema: Mapping[str, Any], depth: int, lean: bool) -> dict[str, Any]:
        properties = schema.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        required = [n for n in schema.get("required") or () if isinstance(n, str)]
        additional = schema.get("additionalProperties")
        minimum = _count(schema.get("minProperties"), 0)
        maximum = schema.get("maxProperties")
        value: dict[str, Any] = {}
        optional: list[str] = []
        for name, sub in properties.items():
            if sub is False or (isinstance(sub, Mapping) and self._is_hidden(sub)):
                continue
            if name not in required and self._unsatisfiable(sub):
                continue
            if name in required or not lean:
                value[name] = self._sample(sub, depth + 1, 0)
            else:
                optional.append(name)
        for name in required:
            if name not in value and name not in properties:
                value[name] = self._sample(self._extra_schema(schema, name), depth + 1, 0)
        dependent = schema.get("dependentRequired")
        if isinstance(dependent, Mapping):
            for name, needed in dependent.items():
                for other in needed if name in value else ():
                    if other not in value:
                        value[other] = self._sample(properties.get(other, {}), depth + 1, 0)
        extras = not lean and not properties
        patterns = schema.get("patternProperties")
        if extras and isinstance(patterns, Mapping):
            for pattern, sub in patterns.items():
                name = string_matching(str(pattern))
                if name is not None and name not in value:
                    value[name] = self._sample(sub, depth + 1, 0)
        if extras and isinstance(additional, Mapping) and additional and not value:
            value["key"] = self._sample(additional, depth + 1, 0)
        count = 0
        while len(value) < minimum and count < minimum + len(optional):
            if optional:
                name = optional.pop(0)
                value[name] = self._sample(properties[name], depth + 1, 0)
            elif additional is not False:
                count += 1
                name = f"key{count}"
                sub = additional if isinstance(additional, Mapping) else {}
                value.setdefault(name, self._sample(sub, depth + 1, count))
            else:
                break
        if isinstance(maximum, int):
            for name in [n for n in value if n not in required][::-1]:
                if len(value) <= maximum:
                    break
                del value[name]
        return value

    def _unsatisfiable(self, schema: Any) -> bool:
        """Whether no value validates (``allOf`` of disjoint types, ``not: {}``, ``enum: []``)."""
        if schema is False:
            return True
        if not isinstance(schema, Mapping):
            return False
        if "allOf" in schema:
            schema = self._merge(schema)
        return bool(schema.get("not") == {} or schema.get("enum") == [])

    def _is_hidden(self, schema: Mapping[str, Any]) -> bool:
        return any(schema.get(flag) is True for flag in self._hidden)

    @staticmethod
    def _extra_schema(schema: Mapping[str, Any], name: str) -> Any:
        patterns = schema.get("patternProperties")
        if isinstance(patterns, Mapping):
            for pattern, sub in patterns.items():
                try:
                    if re.search(str(pattern), name):
                        return sub
                except re.error:
                    continue
        additional = schema.get("additionalProperties")
        return additional if isinstance(additional, Mapping) else {}

    def _array(self, schema: Mapping[str, Any], depth: int, lean: bool) -> list[Any]:
        items = schema.get("items")
        prefix = schema.get("prefixItems")
        if isinstance(items, list):  # Draft 4 tuple validation
            prefix, items = items, schema.get("additionalItems", True)
        prefix = prefix if isinstance(prefix, list) else []
        items = True if items is None else items
        low = _count(schema.get("minItems"), 0)
        high = schema.get("maxItems")
        count = max(low, 0 if lean else max(1, len(prefix)))
        if items is False:
            count = min(count, len(prefix)) if len(prefix) >= low else count
        if isinstance(high, int):
            count = min(count, high)
        # Items past the prefix are variants of each other: unique items come for free.
        value = [
            self._sample(prefix[i], depth + 1, 0)
            if i < len(prefix)
            else self._sample(items, depth + 1, i - len(prefix))
            for i in range(count)
        ]
        contains = schema.get("contains")
        if isinstance(contains, Mapping) and not any(
            not self.errors(contains, item) for item in value
        ):
            item = self._sample(contains, depth + 1, 0)
            if value:
                value[0] = item
            else:
                value.append(item)
        if schema.get("uniqueItems") and len(value) > 1:
            value = self._unique(value, items, depth, low)
        return value

    def _unique(self, value: list[Any], items: Any, depth: int, low: int) -> list[Any]:
        """Drop repeated items, then build other variants of the item schema until there are
        ``low`` distinct ones (or give up after a bounded number of tries)."""
        seen: set[str] = set()
        unique = []
        for item in value:
            token = json.dumps(item, sort_keys=True, default=str)
            if token not in seen:
                seen.add(token)
                unique.append(item)
        variant = len(value)
        while len(unique) < len(value) and variant < 3 * len(value) + 8:
            item = self._sample(items, depth + 1, variant)
            token = json.dumps(item, sort_keys=True, default=str)
            if token not in seen:
                seen.add(token)
                unique.append(item)
            variant += 1
        return unique if len(unique) >= low else value


def _count(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _set_discriminator(
    value: dict[str, Any],
    discriminator: Mapping[str, Any],
    branch: Any,
    index: int,
    count: int,
) -> None:
    """Set the discriminator property to the mapping key of the branch, when it can be told.

    After ``$ref`` resolution a branch no longer has a name: it is recognised by its title,
    by a fixed value of its own (``enum`` / ``const``), or by position when the mapping lists
    as many entries as there are branches.
    """
    name = discriminator.get("propertyName")
    if not isinstance(name, str) or not isinstance(branch, Mapping):
        return
    own = (branch.get("properties") or {}).get(name) if "properties" in branch else None
    if isinstance(own, Mapping) and ("enum" in own or "const" in own):
        return
    mapping = discriminator.get("mapping")
    title = branch.get("title")
    if isinstance(mapping, Mapping) and mapping:
        for key, target in mapping.items():
            if title and str(target).rsplit("/", 1)[-1] == title:
                value[name] = key
                return
        if len(mapping) == count:
            value[name] = list(mapping)[index]
            return
    if isinstance(title, str):
        value[name] = title


def sample_schema(schema: Any, version: Version = (3, 0), purpose: str = "response") -> Any:
    """Build a value for ``schema`` (see :class:`SchemaSampler`).

    :param schema: the resolved schema.
    :param version: the spec version.
    :param purpose: ``"response"`` or ``"request"``.
    """
    return SchemaSampler(version, purpose).sample(schema)
