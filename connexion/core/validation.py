"""Schema validation behind one small interface: a schema goes in, a validator comes out.

Every schema is compiled once, when the API is added. A compiled validator returns its errors
as values (:class:`SchemaError`, each with its location in the instance) and never raises for
invalid input, so the pipeline can report every error at once. jsonschema is the reference
engine; another engine only has to provide :class:`ValidationEngine`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from jsonschema import Draft4Validator, Draft202012Validator, ValidationError
from jsonschema.validators import extend

from connexion.core.fastcheck import compile_check

Version = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SchemaError:
    """One validation error.

    :param path: where in the instance, as a JSON pointer (``""`` for the instance itself).
    :param message: what is wrong.
    """

    path: str
    message: str


class CompiledSchema(Protocol):
    """A schema compiled for repeated validation."""

    def errors(self, instance: Any) -> list[SchemaError]:
        """Return every error of ``instance`` (an empty list when it is valid)."""
        ...


class ValidationEngine(Protocol):
    """Compiles schemas; :class:`JsonSchemaEngine` is the reference implementation."""

    def compile(self, schema: Mapping[str, Any], version: Version, purpose: str) -> CompiledSchema:
        """Compile ``schema`` of a spec of ``version`` for ``purpose`` ("request"/"response")."""
        ...


def _pointer(parts: Iterator[Any] | Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


# --- jsonschema with the OpenAPI 2.0 / 3.0 additions ------------------------------------------


_BASE_TYPE = Draft4Validator.VALIDATORS["type"]
_BASE_ENUM = Draft4Validator.VALIDATORS["enum"]


def _is_nullable(schema: Mapping[str, Any]) -> bool:
    return bool(schema.get("nullable") or schema.get("x-nullable"))


def _type(validator: Any, types: Any, instance: Any, schema: Mapping[str, Any]) -> Any:
    if instance is None and _is_nullable(schema):
        return
    yield from _BASE_TYPE(validator, types, instance, schema)


def _enum(validator: Any, enums: Any, instance: Any, schema: Mapping[str, Any]) -> Any:
    if instance is None and _is_nullable(schema):
        return
    yield from _BASE_ENUM(validator, enums, instance, schema)


def _skip_required_for(flag_names: tuple[str, ...]) -> Callable[..., Any]:
    """A ``required`` that ignores properties marked with one of ``flag_names``."""

    def required(validator: Any, required: Any, instance: Any, schema: Mapping[str, Any]) -> Any:
        if not validator.is_type(instance, "object"):
            return
        properties = schema.get("properties") or {}
        for name in required:
            if name in instance:
                continue
            prop = properties.get(name)
            if isinstance(prop, Mapping) and any(prop.get(flag) is True for flag in flag_names):
                continue
            yield ValidationError(f"{name!r} is a required property")

    return required


def _forbidden(message: str) -> Callable[..., Any]:
    def check(validator: Any, flag: Any, instance: Any, schema: Mapping[str, Any]) -> Any:
        if flag is True:
            yield ValidationError(message)

    return check


Draft4RequestValidator = extend(
    Draft4Validator,
    {
        "type": _type,
        "enum": _enum,
        "required": _skip_required_for(("readOnly",)),
        "readOnly": _forbidden("Property is read-only"),
    },
)
Draft4ResponseValidator = extend(
    Draft4Validator,
    {
        "type": _type,
        "enum": _enum,
        "required": _skip_required_for(("writeOnly", "x-writeOnly")),
        "writeOnly": _forbidden("Property is write-only"),
        "x-writeOnly": _forbidden("Property is write-only"),
    },
)
Draft2020RequestValidator = extend(
    Draft202012Validator,
    {
        "required": _skip_required_for(("readOnly",)),
        "readOnly": _forbidden("Property is read-only"),
    },
)
Draft2020ResponseValidator = extend(
    Draft202012Validator,
    {
        "required": _skip_required_for(("writeOnly",)),
        "writeOnly": _forbidden("Property is write-only"),
    },
)

#: Custom formats registered here (``draft4_format_checker.checks(name)``) apply everywhere.
draft4_format_checker = Draft4Validator.FORMAT_CHECKER
draft202012_format_checker = Draft202012Validator.FORMAT_CHECKER


def validator_class_for(version: Version, purpose: str) -> Any:
    """Return the jsonschema validator class for a spec ``version`` and ``purpose``."""
    if version >= (3, 1):
        return Draft2020ResponseValidator if purpose == "response" else Draft2020RequestValidator
    return Draft4ResponseValidator if purpose == "response" else Draft4RequestValidator


_TOO_DEEP = "The value is nested too deeply"


def _is_recursion_panic(exc: BaseException) -> bool:
    # jsonschema looks keywords up in rpds maps, written in Rust: a RecursionError raised in
    # there comes back as pyo3's PanicException, which is a BaseException, not a RecursionError
    return type(exc).__name__ == "PanicException" and "RecursionError" in str(exc)


class JsonSchemaValidator:
    """A schema compiled with jsonschema.

    :param schema: the schema, with ``$ref`` already resolved.
    :param validator_class: a jsonschema validator class (a custom one may enforce defaults).
    """

    __slots__ = ("_validator", "_fast", "schema")

    def __init__(
        self,
        schema: Mapping[str, Any],
        validator_class: Any,
        fast: Callable[[Any], bool] | None = None,
    ) -> None:
        self.schema = schema
        format_checker = getattr(validator_class, "FORMAT_CHECKER", draft4_format_checker)
        self._validator = validator_class(schema, format_checker=format_checker)
        self._fast = fast

    def errors(self, instance: Any) -> list[SchemaError]:
        fast = self._fast
        if fast is not None:
            # The fast path answers True only for instances jsonschema accepts; anything
            # else is checked (and every error described) by jsonschema itself.
            try:
                if fast(instance):
                    return []
            except RecursionError:
                pass
        try:
            found = [
                SchemaError(_pointer(error.absolute_path), error.message)
                for error in self._validator.iter_errors(instance)
            ]
        except RecursionError:
            return [SchemaError("", _TOO_DEEP)]
        except BaseException as exc:
            if _is_recursion_panic(exc):
                return [SchemaError("", _TOO_DEEP)]
            raise
        found.sort(key=lambda error: error.path)
        return found


class JsonSchemaEngine:
    """The reference engine: jsonschema with the OpenAPI additions (nullable, readOnly...).

    :param shared: share compiled fast paths between the schemas this engine compiles, so a
        model used by many operations is compiled once. An API builds its own shared engine;
        the module's default engine shares nothing (and so holds on to nothing).
    """

    def __init__(self, shared: bool = False) -> None:
        self._cache: dict[Any, Any] | None = {} if shared else None

    def compile(
        self,
        schema: Mapping[str, Any],
        version: Version,
        purpose: str,
        validator_class: Any = None,
    ) -> JsonSchemaValidator:
        """Compile ``schema``; ``validator_class`` overrides the jsonschema class to use.

        With the default classes, the schema is also compiled by
        :func:`connexion.core.fastcheck.compile_check` into a fast path for valid instances.
        """
        if validator_class is not None:
            return JsonSchemaValidator(schema, validator_class)
        return JsonSchemaValidator(
            schema,
            validator_class_for(version, purpose),
            compile_check(schema, version, purpose, self._cache),
        )


DEFAULT_ENGINE = JsonSchemaEngine()


class _SchemaValidatorBase:
    """Base of the validators that ``validator_map`` may replace (connexion 2 names).

    A subclass that passes ``validator=<a jsonschema validator class>`` to ``__init__`` (as
    connexion 2's enforce-defaults example does) changes how that kind of schema is checked.

    :param schema: the resolved schema.
    :param validator: a jsonschema validator class to use instead of the default one.
    :param version: the spec version, which selects the default class.
    """

    purpose = "request"

    def __init__(
        self,
        schema: Mapping[str, Any],
        *args: Any,
        validator: Any = None,
        version: Version = (3, 0),
        **kwargs: Any,
    ) -> None:
        self.schema = schema
        self.version = version
        self.validator_class = validator or validator_class_for(version, self.purpose)
        self._compiled = JsonSchemaValidator(schema, self.validator_class)

    def errors(self, instance: Any) -> list[SchemaError]:
        """Return every error of ``instance``."""
        return self._compiled.errors(instance)


class RequestBodyValidator(_SchemaValidatorBase):
    """Validates request bodies (``validator_map['body']``)."""


class ParameterValidator(_SchemaValidatorBase):
    """Validates parameter values (``validator_map['parameter']``)."""


class ResponseValidator(_SchemaValidatorBase):
    """Validates response bodies (``validator_map['response']``)."""

    purpose = "response"
