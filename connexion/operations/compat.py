"""connexion 2's operation classes, kept as names over the one neutral Operation.

``AbstractOperation`` is :class:`connexion.core.operation.Operation`; ``Swagger2Operation`` and
``OpenAPIOperation`` are the same class (the spec version is a field, not a subclass), and
``make_operation`` builds one from a spec, a path and a method.
"""

from __future__ import annotations

from typing import Any

from connexion.core.operation import ApiConfig, Operation, build_operation

AbstractOperation = Operation
Swagger2Operation = Operation
OpenAPIOperation = Operation


def make_operation(
    specification: Any, path: str, method: str, resolver: Any, **settings: Any
) -> Operation:
    """Build the operation at ``path``/``method`` of a loaded :class:`Specification`.

    :param specification: a :class:`connexion.spec.Specification`.
    :param path: the spec path, such as ``/pets/{petId}``.
    :param method: the HTTP method.
    :param resolver: the resolver that finds the handler.
    :param settings: further :class:`~connexion.core.operation.ApiConfig` fields.
    """
    method = method.lower()
    for spec_path, spec_method, operation, path_item in specification.operations():
        if spec_path == path and spec_method == method:
            config = ApiConfig(
                version=specification.version,
                resolver=resolver,
                security_schemes=specification.security_schemes,
                global_security=tuple(specification.security),
                **settings,
            )
            return build_operation(path, method, operation, path_item, config)
    raise KeyError(f"The specification has no operation {method.upper()} {path}")
