"""URI parsers: turn the raw strings of each parameter location into structured strings.

A parser splits arrays (``a,b,c`` or repeated keys), assembles objects (``deepObject``,
``form``, ``simple``, ``label``, ``matrix``) and settles repeated keys, following the
``style``/``explode`` of OpenAPI 3 or the ``collectionFormat`` of Swagger 2. It does not cast
(:mod:`connexion.core.casting` does) and never raises: input it cannot read is returned raw, for
the caster and the validator to report. A parser is built once per operation at start-up, where
it decides everything it can about each parameter; per request it does dict and list work only.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping
from typing import Any

from connexion.core.styles import (
    _ARRAY,
    _LOCATION_OF,
    _LOCATIONS,
    _OBJECT,
    _SCALAR,
    _STYLE_DEFAULTS,
    COLLECTION_FORMAT_DELIMITERS,
    QUERY_STRING_DELIMITERS,
    _deep_path,
    _is_json,
    _lists_of,
    _load_json,
    _openapi_plan,
    _ParamPlan,
    _properties_of,
    _property_schema,
    _schema_of,
    _Spread,
    _swagger2_plan,
    _type_of,
)

__all__ = [
    "COLLECTION_FORMAT_DELIMITERS",
    "QUERY_STRING_DELIMITERS",
    "AbstractURIParser",
    "AlwaysMultiURIParser",
    "FirstValueURIParser",
    "OpenAPIURIParser",
    "Swagger2URIParser",
]


class AbstractURIParser(abc.ABC):
    """Base class of the URI parsers; subclass it (or one of ours) to customise parsing.

    The constructor is connexion 2's. Subclasses decide how repeated keys of an array are
    settled (:meth:`_resolve_param_duplicates`), and may change how the result is split
    (:meth:`_split`).

    :param param_defns: the operation's parameter objects, ``$ref`` resolved: Swagger 2 style
        (``type``, ``items``, ``collectionFormat``) or OpenAPI 3 style (``schema``, ``style``,
        ``explode``, or ``content``).
    :param body_defn: OpenAPI 3: the media type object of a form request body (``schema`` and
        ``encoding``); Swagger 2: unused. May be ``None`` or empty.
    """

    #: the locations whose definitions :attr:`param_defns` lists (as connexion 2); header and
    #: cookie parameters are parsed too.
    parsable_parameters = ["query", "path"]

    #: which of several values of a repeated scalar key wins: the last (``-1``) or first (``0``)
    _scalar_index = -1

    def __init__(
        self, param_defns: Iterable[Mapping[str, Any]], body_defn: Mapping[str, Any] | None = None
    ) -> None:
        body_defn = body_defn or {}
        self._body_schema: Mapping[str, Any] = body_defn.get("schema") or {}
        self._body_encoding: Mapping[str, Any] = body_defn.get("encoding") or {}
        self._param_defns: dict[str, Mapping[str, Any]] = {}
        self._plans: dict[str, dict[str, _ParamPlan]] = {location: {} for location in _LOCATIONS}
        self._spreads: dict[str, _Spread] = {location: _Spread() for location in _LOCATIONS}
        self._plans_by_defn: dict[int, _ParamPlan] = {}
        # per location, how keys that name nothing are returned: None unchanged, False their
        # one value (the scalar rule), True a list
        self._loose_keys: dict[str, bool | None] = {}
        for defn in param_defns:
            location = _LOCATION_OF.get(defn.get("in", ""))
            name = defn.get("name")
            if location is None or not isinstance(name, str):
                continue
            if defn["in"] in self.parsable_parameters:
                self._param_defns[name] = defn
            self._add_plan(self._plan(name, defn, location), location)
        for name, defn in self._form_field_defns().items():
            self._add_plan(self._plan(name, defn, "form"), "form")
        # build the spreads after every plan, so that parameter names win over object keys
        for location in _LOCATIONS:
            for plan in list(self._plans[location].values()):
                self._add_spread(plan, location)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    @property
    def param_defns(self) -> dict[str, Mapping[str, Any]]:
        """The parameter definitions of :attr:`parsable_parameters`, by name."""
        return self._param_defns

    @property
    def param_schemas(self) -> dict[str, Mapping[str, Any]]:
        """The schemas of :attr:`param_defns`, by name."""
        return {name: _schema_of(defn) for name, defn in self._param_defns.items()}

    def resolve_query(self, query_data: Mapping[str, Any]) -> dict[str, Any]:
        """Resolve the query string: every value by key, in order.

        :param query_data: key -> list of values (a multidict with ``lists()`` also works).
        """
        return self.resolve_params(query_data, "query")

    def resolve_path(self, path_data: Mapping[str, Any]) -> dict[str, Any]:
        """Resolve the path parameters.

        :param path_data: name -> value, or name -> ``[value]``.
        """
        return self.resolve_params(path_data, "path")

    def resolve_form(self, form_data: Mapping[str, Any]) -> dict[str, Any]:
        """Resolve the fields of a form body (Swagger 2 ``formData``; OpenAPI 3 form bodies).

        :param form_data: field -> list of values.
        """
        return self.resolve_params(form_data, "form")

    def resolve_params(self, params: Mapping[str, Any], _in: str) -> dict[str, Any]:
        """Resolve the raw values of one location into structured string values.

        A scalar gives a ``str``, an array a ``list`` of ``str``, an object a ``dict`` of
        ``str`` (or ``list``/``dict`` where the schema nests them); a JSON ``content``
        parameter gives the decoded JSON. Keys that name no parameter are returned unchanged,
        so that strict validation can see them; in an OpenAPI 3 form body, where the fields are
        the values of one object, such a key gives its one value (a list when the body's
        ``additionalProperties`` is an array schema).

        :param params: key -> list of every raw value of that key, in order (a single value is
            accepted too, as for path parameters). Header names match case-insensitively and
            come back under the name the specification uses.
        :param _in: ``"query"``, ``"path"``, ``"header"``, ``"cookie"`` or ``"form"``
            (``"formData"`` is accepted too).
        """
        location = _LOCATION_OF.get(_in, _in)
        plans = self._plans.get(location) or {}
        spread = self._spreads.get(location) or None
        loose = self._loose_keys.get(location)
        fold_case = location == "header"
        resolved: dict[str, Any] = {}
        objects: dict[str, dict[str, Any]] | None = None
        for key, raw in _lists_of(params):
            if isinstance(raw, list):
                values: list[Any] = raw
            else:
                values = list(raw) if isinstance(raw, tuple) else [raw]
            plan = plans.get(key.lower() if fold_case else key)
            if plan is None or not values:
                if spread is not None and plan is None:
                    if objects is None:
                        objects = {}
                    if self._collect_spread(spread, key, values, objects):
                        continue
                if loose is None or not values:
                    resolved[key] = raw
                else:
                    resolved[key] = list(values) if loose else values[self._scalar_index]
                continue
            kind = plan.kind
            if kind == _SCALAR:
                value = values[self._scalar_index]
                strip = plan.strip
                if strip is not None and isinstance(value, str):
                    value = strip(value)
                resolved[plan.name] = value
            elif kind == _ARRAY:
                if fold_case and len(values) > 1:
                    # repeated header lines are one comma-separated list (RFC 9110, 5.3)
                    values = [plan.delimiter.join(values)]
                value = self._resolve_param_duplicates(values, plan.defn, location)
                resolved[plan.name] = self._split(value, plan.defn, location)
            elif kind == _OBJECT:
                resolved[plan.name] = plan.parse_object(values[self._scalar_index])
            else:
                resolved[plan.name] = _load_json(values[self._scalar_index])
        if objects:
            resolved.update(objects)
        return resolved

    @abc.abstractmethod
    def _resolve_param_duplicates(
        self, values: list[str], param_defn: Mapping[str, Any], _in: str
    ) -> str | list[str]:
        """Settle the values of an array parameter whose key was given several times.

        For ``?a=1,2,3&a=4,5,6`` the result may be ``"4,5,6"``, ``"1,2,3"`` or
        ``"1,2,3,4,5,6"``, depending on the parser. The result goes to :meth:`_split`.

        :param values: every value of the key, in order.
        :param param_defn: the parameter definition.
        :param _in: the location (``"query"``, ``"path"``, ``"header"``, ``"cookie"``, ``"form"``).
        """

    def _split(self, value: str | list[str], param_defn: Mapping[str, Any], _in: str) -> list[Any]:
        """Split the settled value of an array parameter into its items.

        OpenAPI 3: on the style's delimiter, after the ``.`` or ``;name=`` of label and matrix.
        Swagger 2: on the ``collectionFormat``'s (commas for ``multi``). An empty value is an
        empty array (the "empty" column of the OpenAPI style table).

        :param value: what :meth:`_resolve_param_duplicates` returned (a list is split item by
            item).
        :param param_defn: the parameter definition.
        :param _in: the location.
        """
        split = self._plan_for(param_defn, _in).split
        if isinstance(value, str):
            return split(value)
        return [item for part in value for item in split(part)]

    # -- start-up ---------------------------------------------------------------------------

    def _form_field_defns(self) -> dict[str, Mapping[str, Any]]:
        """Definitions of form fields that are not parameters (OpenAPI 3 form bodies)."""
        return {}

    def _plan(self, name: str, defn: Mapping[str, Any], location: str) -> _ParamPlan:
        """Decide, once, how the values of one parameter are resolved."""
        if "schema" in defn or "content" in defn:
            return _openapi_plan(name, defn, location)
        return _swagger2_plan(name, defn, location)

    def _plan_for(self, param_defn: Mapping[str, Any], _in: str) -> _ParamPlan:
        """The plan of a definition this parser was built with (or one made on the spot)."""
        plan = self._plans_by_defn.get(id(param_defn))
        if plan is None or plan.defn is not param_defn:
            location = _LOCATION_OF.get(_in, _in)
            plan = self._plan(str(param_defn.get("name", "")), param_defn, location)
        return plan

    def _add_plan(self, plan: _ParamPlan, location: str) -> None:
        key = plan.name.lower() if location == "header" else plan.name
        self._plans[location][key] = plan
        self._plans_by_defn[id(plan.defn)] = plan

    def _add_spread(self, plan: _ParamPlan, location: str) -> None:
        if plan.kind != _OBJECT or location not in ("query", "cookie", "form"):
            return
        defn = plan.defn
        style = defn.get("style") or "form"
        spread = self._spreads[location]
        if style == "deepObject":
            spread.deep[plan.name] = plan
        elif style == "form" and defn.get("explode", True):
            names = self._plans[location]
            for key, schema in _properties_of(plan.schema).items():
                if key not in names and key not in spread.properties:
                    spread.properties[key] = (plan, _type_of(schema) == "array")
            additional = plan.schema.get("additionalProperties")
            if additional is not None and additional is not False and spread.sink is None:
                spread.sink = plan

    # -- per request ------------------------------------------------------------------------

    def _collect_spread(
        self, spread: _Spread, key: str, values: list[str], objects: dict[str, dict[str, Any]]
    ) -> bool:
        """Put a key that names no parameter into the object it belongs to, if any."""
        if not values:
            return False
        bracket = key.find("[")
        if bracket > 0 and spread.deep:
            plan = spread.deep.get(key[:bracket])
            path = _deep_path(key, bracket) if plan is not None else None
            if plan is not None and path is not None:
                node = objects.setdefault(plan.name, {})
                schema: Any = plan.schema
                for segment in path[:-1]:
                    child = node.get(segment)
                    if not isinstance(child, dict):
                        child = node[segment] = {}
                    node = child
                    schema = _property_schema(schema, segment)
                is_array = _type_of(_property_schema(schema, path[-1])) == "array"
                node[path[-1]] = list(values) if is_array else values[self._scalar_index]
                return True
        found = spread.properties.get(key)
        if found is not None:
            plan, is_array = found
        elif spread.sink is not None:
            plan = spread.sink
            is_array = _type_of(plan.schema.get("additionalProperties")) == "array"
        else:
            return False
        node = objects.setdefault(plan.name, {})
        node[key] = list(values) if is_array else values[self._scalar_index]
        return True


class OpenAPIURIParser(AbstractURIParser):
    """The default parser for OpenAPI 3: ``style`` and ``explode`` in every location.

    Repeated keys of a scalar: the last value wins. Arrays: with ``explode`` (the default of
    ``form``) repeated keys are collected, and each value is split on the style's delimiter
    too, as connexion 2 did (``?a=1&a=2,3`` gives ``["1", "2", "3"]``); without it the last
    value wins and is split. Form bodies honour the ``encoding`` of the request body.
    """

    #: the style of each location when a parameter names none
    style_defaults = {**_STYLE_DEFAULTS, "form": "form"}

    @property
    def form_defns(self) -> dict[str, Mapping[str, Any]]:
        """The schemas of the form body's properties, by name."""
        return dict(_properties_of(self._body_schema))

    def _form_field_defns(self) -> dict[str, Mapping[str, Any]]:
        # the fields of a form body are its object's values, not a multidict: a field that the
        # schema does not name follows ``additionalProperties``
        additional = self._body_schema.get("additionalProperties")
        self._loose_keys["form"] = _type_of(additional) == "array"
        if _type_of(self._body_schema) != "object":
            return {}
        defns: dict[str, Mapping[str, Any]] = {}
        for name, schema in _properties_of(self._body_schema).items():
            encoding = self._body_encoding.get(name) or {}
            content_type = encoding.get("contentType")
            if content_type is None and _type_of(schema) == "object" and "style" not in encoding:
                # the default content type of an object field is JSON (OpenAPI 3, Encoding)
                content_type = "application/json"
            defn: dict[str, Any] = {"name": name, "in": "formData"}
            if isinstance(content_type, str) and _is_json(content_type.split(",")[0]):
                defn["content"] = {content_type: {"schema": schema}}
            else:
                defn["schema"] = schema
                for key in ("style", "explode"):
                    if key in encoding:
                        defn[key] = encoding[key]
            defns[name] = defn
        return defns

    def _resolve_param_duplicates(
        self, values: list[str], param_defn: Mapping[str, Any], _in: str
    ) -> str | list[str]:
        """Join repeated values when the style explodes; otherwise the last value wins."""
        plan = self._plan_for(param_defn, _in)
        if plan.collect and len(values) > 1:
            return plan.delimiter.join(values)
        return values[-1]


class Swagger2URIParser(AbstractURIParser):
    """The default parser for Swagger 2: ``collectionFormat`` csv, ssv, tsv, pipes and multi.

    Repeated keys are joined only for ``multi`` (each value is also split on commas, as in
    connexion 2); for every other format, and for scalars, the last value wins.
    """

    parsable_parameters = ["query", "path", "formData"]

    @property
    def param_schemas(self) -> dict[str, Mapping[str, Any]]:
        """The definitions themselves: Swagger 2 puts the schema in the parameter."""
        return self._param_defns

    def _resolve_param_duplicates(
        self, values: list[str], param_defn: Mapping[str, Any], _in: str
    ) -> str | list[str]:
        """Join the values for ``multi``; otherwise the last value wins."""
        if len(values) > 1 and self._plan_for(param_defn, _in).collect:
            return ",".join(values)
        return values[-1]


class FirstValueURIParser(Swagger2URIParser):
    """Like :class:`Swagger2URIParser`, but the first value of a repeated key wins."""

    _scalar_index = 0

    def _resolve_param_duplicates(
        self, values: list[str], param_defn: Mapping[str, Any], _in: str
    ) -> str | list[str]:
        """Join the values for ``multi``; otherwise the first value wins."""
        if len(values) > 1 and self._plan_for(param_defn, _in).collect:
            return ",".join(values)
        return values[0]


class AlwaysMultiURIParser(Swagger2URIParser):
    """Joins every repeated array key, whatever its format: connexion 1.x behaviour."""

    def _resolve_param_duplicates(
        self, values: list[str], param_defn: Mapping[str, Any], _in: str
    ) -> str | list[str]:
        """Join the values with the format's delimiter, so that each is split in turn."""
        if len(values) == 1:
            return values[0]
        return self._plan_for(param_defn, _in).delimiter.join(values)
