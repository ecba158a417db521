"""The validators under their connexion 2 import path (the code is in :mod:`connexion.core`).

``validator_map={'body': ..., 'parameter': ...}`` takes subclasses of the classes here; one
that passes ``validator=<a jsonschema validator class>`` to ``__init__`` changes how that kind
of schema is checked (connexion 2's enforce-defaults example).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connexion.core.casting import CastError, cast
from connexion.core.validation import ParameterValidator, RequestBodyValidator, ResponseValidator

__all__ = [
    "ParameterValidator",
    "RequestBodyValidator",
    "ResponseValidator",
    "TypeValidationError",
    "coerce_type",
]


class TypeValidationError(Exception):
    """A parameter value that does not cast to its schema's type.

    :param schema_type: the type the schema expects, such as ``integer``.
    :param parameter_type: where the parameter is (``query``, ``path``, ``formData``...).
    :param parameter_name: the name of the parameter.
    """

    def __init__(self, schema_type: str, parameter_type: str, parameter_name: str) -> None:
        super().__init__(schema_type, parameter_type, parameter_name)
        self.schema_type = schema_type
        self.parameter_type = parameter_type
        self.parameter_name = parameter_name

    def __str__(self) -> str:
        return (
            f"Wrong type, expected '{self.schema_type}' for {self.parameter_type} "
            f"parameter '{self.parameter_name}'"
        )


def coerce_type(
    param: Mapping[str, Any],
    value: Any,
    parameter_type: str,
    parameter_name: str | None = None,
) -> Any:
    """Cast ``value`` to the type of the parameter definition ``param``.

    :param param: a Swagger 2 parameter definition, or an OpenAPI 3 one with a ``schema``.
    :param value: the raw value: a string, or a list of strings for an array.
    :param parameter_type: where the parameter is, for the error message.
    :param parameter_name: its name (``param['name']`` by default).
    :raises TypeValidationError: when the value, or an item of it, does not cast.
    """
    schema = param.get("schema", param)
    try:
        return cast(value, schema)
    except CastError as exc:
        name = parameter_name or str(param.get("name", ""))
        raise TypeValidationError(" or ".join(exc.expected), parameter_type, name) from None
