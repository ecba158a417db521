"""The OpenAPI 3 styles and Swagger 2 collection formats, as per-parameter plans.

A plan is decided once per parameter at start-up (how to split, strip and assemble its raw
strings); :mod:`connexion.core.uri_parsing` applies the plans per request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

#: Delimiters of the OpenAPI 3 styles that join array items with one character.
QUERY_STRING_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|", "simple": ",", "form": ","}

#: Delimiters of the Swagger 2 ``collectionFormat`` values.
COLLECTION_FORMAT_DELIMITERS = {"csv": ",", "ssv": " ", "tsv": "\t", "pipes": "|", "multi": ","}


class _Spread:
    """The keys of one location that build objects instead of naming a parameter."""

    __slots__ = ("deep", "properties", "sink")

    def __init__(self) -> None:
        #: deepObject parameters by name: ``name[key][key]=value``
        self.deep: dict[str, _ParamPlan] = {}
        #: form/explode object properties by key: ``R=100&G=200``
        self.properties: dict[str, tuple[_ParamPlan, bool]] = {}
        #: the form/explode object that takes every other key (``additionalProperties``)
        self.sink: _ParamPlan | None = None

    def __bool__(self) -> bool:
        return bool(self.deep or self.properties or self.sink)


Splitter = Callable[[str], list[Any]]
ObjectParser = Callable[[str], "dict[str, Any] | str"]

_LOCATIONS = ("query", "path", "header", "cookie", "form")
# ``in`` of a parameter object, and the ``_in`` names connexion 2 passed, to our locations
_LOCATION_OF = {**{location: location for location in _LOCATIONS}, "formData": "form"}
_STYLE_DEFAULTS = {"path": "simple", "header": "simple", "query": "form", "cookie": "form"}

_SCALAR, _ARRAY, _OBJECT, _JSON = range(4)


class _ParamPlan:
    """What was decided at start-up about one parameter (or form field)."""

    __slots__ = ("name", "defn", "schema", "kind", "collect", "delimiter", "split", "strip",
                 "parse_object")  # fmt: skip

    def __init__(self, name: str, defn: Mapping[str, Any], schema: Mapping[str, Any]) -> None:
        self.name = name
        self.defn = defn
        self.schema = schema
        self.kind = _SCALAR
        #: whether repeated keys are collected (explode / multi) rather than one chosen
        self.collect = False
        #: the character that joins repeated values before they are split
        self.delimiter = ","
        self.split: Splitter = _split_on(",")
        #: scalar values: removes the ``.``/``;name=`` prefix of label and matrix
        self.strip: Callable[[str], str] | None = None
        self.parse_object: ObjectParser = _raw


# -- plans ------------------------------------------------------------------------------------


def _openapi_plan(name: str, defn: Mapping[str, Any], location: str) -> _ParamPlan:
    content = defn.get("content")
    if isinstance(content, Mapping) and content and "schema" not in defn:
        media_type, media = next(iter(content.items()))
        schema = media.get("schema") if isinstance(media, Mapping) else None
        plan = _ParamPlan(name, defn, schema if isinstance(schema, Mapping) else {})
        if _is_json(media_type):
            plan.kind = _JSON
        return plan
    schema = _schema_of(defn)
    plan = _ParamPlan(name, defn, schema)
    style = defn.get("style") or _STYLE_DEFAULTS.get(location, "form")
    explode = defn.get("explode", style == "form")
    trim = location == "header"
    kind = _type_of(schema)
    if kind == "array":
        plan.kind = _ARRAY
        plan.delimiter = QUERY_STRING_DELIMITERS.get(style, ",")
        plan.collect = bool(explode) or location == "header"
        if style == "label":
            plan.split = _label_split
        elif style == "matrix":
            plan.split = _matrix_split(name, bool(explode))
        else:
            plan.split = _split_on(plan.delimiter, trim)
    elif kind == "object":
        plan.kind = _OBJECT
        plan.parse_object = _object_parser(name, style, bool(explode), trim)
    elif style == "label":
        plan.strip = _strip_label
    elif style == "matrix":
        plan.strip = _matrix_strip(name)
    return plan


def _swagger2_plan(name: str, defn: Mapping[str, Any], location: str) -> _ParamPlan:
    plan = _ParamPlan(name, defn, defn)
    if defn.get("type") == "array":
        collection_format = defn.get("collectionFormat") or "csv"
        plan.kind = _ARRAY
        plan.collect = collection_format == "multi"
        plan.delimiter = COLLECTION_FORMAT_DELIMITERS.get(collection_format, ",")
        plan.split = _swagger2_splitter(defn, location == "header")
    return plan


def _swagger2_splitter(defn: Mapping[str, Any], trim: bool) -> Splitter:
    """Split on the ``collectionFormat``; items that are arrays are split on their own."""
    delimiter = COLLECTION_FORMAT_DELIMITERS.get(defn.get("collectionFormat") or "csv", ",")
    split = _split_on(delimiter, trim)
    items = defn.get("items")
    if not isinstance(items, Mapping) or items.get("type") != "array":
        return split
    split_item = _swagger2_splitter(items, trim)

    def split_nested(value: str) -> list[Any]:
        return [split_item(item) for item in split(value)]

    return split_nested


# -- splitting and object parsing -------------------------------------------------------------


def _raw(value: str) -> dict[str, Any] | str:
    return value


def _split_on(delimiter: str, trim: bool = False) -> Splitter:
    """Split on ``delimiter``; an empty value is an empty array (the style table's "empty")."""
    if trim:

        def split_trimmed(value: str) -> list[Any]:
            return [item.strip() for item in value.split(delimiter)] if value.strip() else []

        return split_trimmed

    def split(value: str) -> list[Any]:
        return value.split(delimiter) if value else []

    return split


def _strip_label(value: str) -> str:
    return value[1:] if value.startswith(".") else value


def _label_split(value: str) -> list[Any]:
    value = _strip_label(value)
    return value.split(".") if value else []


def _matrix_strip(name: str) -> Callable[[str], str]:
    prefix = f";{name}="
    bare = f";{name}"

    def strip(value: str) -> str:
        if value.startswith(prefix):
            return value[len(prefix) :]
        return "" if value == bare else value

    return strip


def _matrix_split(name: str, explode: bool) -> Splitter:
    strip = _matrix_strip(name)
    if not explode:

        def split(value: str) -> list[Any]:
            value = strip(value)
            return value.split(",") if value else []

        return split

    key = f"{name}="

    def split_exploded(value: str) -> list[Any]:
        items = []
        for part in value.split(";"):
            if part.startswith(key):
                items.append(part[len(key) :])
            elif part and part != name:
                items.append(part)
        return items

    return split_exploded


def _object_parser(name: str, style: str, explode: bool, trim: bool) -> ObjectParser:
    """Parse one object value: pairs ``k,v,k2,v2`` or, exploded, ``k=v,k2=v2``.

    ``form`` with ``explode`` and ``deepObject`` take their keys from the query instead (see
    :class:`_Spread`); a value under the parameter's own name can only be in the pairs shape.
    """
    strip: Callable[[str], str] | None = None
    if style == "label":
        strip, delimiter = _strip_label, "."
    elif style == "matrix" and explode:
        strip, delimiter = _matrix_exploded_strip(name), ";"
    elif style == "matrix":
        strip, delimiter = _matrix_strip(name), ","
    else:
        delimiter = QUERY_STRING_DELIMITERS.get(style, ",")
    key_value = explode and style in ("simple", "label", "matrix")

    def parse(raw: str) -> dict[str, Any] | str:
        value = raw if strip is None else strip(raw)
        if trim:
            value = value.strip()
        if not value:
            return {}
        items = value.split(delimiter)
        if trim:
            items = [item.strip() for item in items]
        if key_value:
            result = {}
            for item in items:
                key, sep, item_value = item.partition("=")
                if not sep:
                    return raw
                result[key] = item_value
            return result
        if len(items) % 2:
            return raw
        return dict(zip(items[::2], items[1::2], strict=True))

    return parse


def _matrix_exploded_strip(name: str) -> Callable[[str], str]:
    bare = f";{name}"

    def strip(value: str) -> str:
        if value == bare:
            return ""
        return value[1:] if value.startswith(";") else value

    return strip


# -- helpers ----------------------------------------------------------------------------------


def _lists_of(params: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Iterate over ``(key, values)``, taking every value of a multidict."""
    lists = getattr(params, "lists", None)
    if callable(lists):
        return iter(lists())
    return iter(params.items())


def _load_json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        # left for the validator to report
        return value


def _is_json(media_type: str) -> bool:
    mime = media_type.split(";", 1)[0].strip().lower()
    maintype, _, subtype = mime.partition("/")
    return maintype == "application" and (subtype == "json" or subtype.endswith("+json"))


def _schema_of(defn: Mapping[str, Any]) -> Mapping[str, Any]:
    """The schema of a parameter: OpenAPI 3 ``schema`` or ``content``, or Swagger 2's itself."""
    schema = defn.get("schema")
    if isinstance(schema, Mapping):
        return schema
    content = defn.get("content")
    if isinstance(content, Mapping) and content:
        media = next(iter(content.values()))
        if isinstance(media, Mapping) and isinstance(media.get("schema"), Mapping):
            return media["schema"]  # type: ignore[no-any-return]
        return {}
    if "in" in defn and "type" in defn:
        return defn
    return {}


def _type_of(schema: Any) -> str | None:
    """The structural type of a schema: its ``type`` (the first not ``"null"``), else implied."""
    if not isinstance(schema, Mapping):
        return None
    declared = schema.get("type")
    if isinstance(declared, list):
        declared = next((name for name in declared if name != "null"), None)
    if isinstance(declared, str):
        return declared
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    for keyword in ("allOf", "oneOf", "anyOf"):
        subschemas = schema.get(keyword)
        if isinstance(subschemas, list):
            for sub in subschemas:
                found = _type_of(sub)
                if found is not None:
                    return found
    return None


def _properties_of(schema: Any) -> dict[str, Any]:
    """The ``properties`` of an object schema, including those of its ``allOf`` parts."""
    if not isinstance(schema, Mapping):
        return {}
    properties: dict[str, Any] = {}
    for sub in schema.get("allOf") or ():
        properties.update(_properties_of(sub))
    own = schema.get("properties")
    if isinstance(own, Mapping):
        properties.update(own)
    return properties


def _property_schema(schema: Any, key: str) -> Any:
    """The schema of one key of an object: ``properties``, then ``additionalProperties``."""
    if not isinstance(schema, Mapping):
        return None
    properties = schema.get("properties")
    found = properties.get(key) if isinstance(properties, Mapping) else None
    if found is None and "allOf" in schema:
        found = _properties_of(schema).get(key)
    if found is None:
        found = schema.get("additionalProperties")
    return found


def _deep_path(key: str, bracket: int) -> list[str] | None:
    """The keys of a deepObject key's ``[a][b]`` tail (from ``bracket``), or ``None``."""
    if not key.endswith("]"):
        return None
    segments = key[bracket + 1 : -1].split("][")
    for segment in segments:
        if "[" in segment or "]" in segment:
            return None
    return segments
