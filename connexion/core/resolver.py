"""Resolvers: find the Python callable that handles each operation of the specification.

A resolver turns an operation (its ``operationId``, router controller, path and method) into a
:class:`Resolution`. It runs once per operation when an API is added, never per request.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, ClassVar, Protocol

from connexion import utils
from connexion.exceptions import ResolverError

__all__ = [
    "MethodResolver",
    "MethodResolverBase",
    "MethodViewResolver",
    "RelativeResolver",
    "ResolvableOperation",
    "Resolution",
    "Resolver",
    "RestyResolver",
]

logger = logging.getLogger("connexion.resolver")

FunctionResolver = Callable[[str], Any]


class ResolvableOperation(Protocol):
    """What a resolver needs to know about an operation."""

    @property
    def operation_id(self) -> str | None:
        """The ``operationId`` as written in the specification, if any."""

    @property
    def path(self) -> str:
        """The path template of the specification, e.g. ``/pets/{petId}``."""

    @property
    def method(self) -> str:
        """The HTTP method, lower case."""

    @property
    def router_controller(self) -> str | None:
        """``x-openapi-router-controller`` / ``x-swagger-router-controller`` of the operation
        or of its path item."""

    @property
    def operation(self) -> Mapping[str, Any]:
        """The operation object, its ``$ref`` resolved."""

    @property
    def version(self) -> tuple[int, int]:
        """The spec version, such as ``(3, 1)`` or ``(2, 0)``."""

    @property
    def produces(self) -> tuple[str, ...]:
        """The response media types: the operation's ``produces`` (2.0) or the API's."""


@dataclass
class Resolution:
    """The result of resolving an operation.

    :param function: the handler to call.
    :param operation_id: the (absolute) operationId it was found by.
    """

    function: Callable[..., Any]
    operation_id: str


def _describe(operation: ResolvableOperation) -> str:
    return f"{operation.method.upper()} {operation.path}"


class Resolver:
    """Resolve handlers from the ``operationId``, made relative to the router controller when
    the operation has one.

    :param function_resolver: turns an absolute dotted name into the object it names.
    """

    def __init__(self, function_resolver: FunctionResolver = utils.get_function_from_name) -> None:
        self.function_resolver = function_resolver

    def resolve(self, operation: ResolvableOperation) -> Resolution:
        """Find the handler of ``operation``.

        :param operation: the operation to resolve.
        :raises ~connexion.exceptions.ResolverError: if the operation has no operationId this
            resolver can use, or the handler cannot be imported.
        """
        operation_id = self.resolve_operation_id(operation)
        if not operation_id:
            raise ResolverError(
                f"Cannot resolve operation {_describe(operation)}: it has no operationId, "
                f"and {type(self).__name__} cannot build one (give it an operationId, or use "
                "a resolver that derives one from the path, such as RestyResolver)"
            )
        return Resolution(self.resolve_function_from_operation_id(operation_id), operation_id)

    def resolve_operation_id(self, operation: ResolvableOperation) -> str | None:
        """Return the absolute operationId of ``operation``, or None if it has none.

        :param operation: the operation to resolve.
        """
        operation_id = operation.operation_id
        if not operation_id:
            return None
        controller = operation.router_controller
        return f"{controller}.{operation_id}" if controller else operation_id

    def resolve_function_from_operation_id(self, operation_id: str) -> Callable[..., Any]:
        """Return the callable that an absolute operationId names.

        :param operation_id: a dotted path such as ``api.pets.search``.
        :raises ~connexion.exceptions.ResolverError: if it cannot be found or is not callable.
        """
        function = self._lookup(operation_id, operation_id)
        if not callable(function):
            raise ResolverError(
                f"Cannot resolve operationId {operation_id!r}! It names a "
                f"{type(function).__name__} object, which is not callable"
            )
        return function  # type: ignore[no-any-return]

    def _lookup(self, operation_id: str, name: str) -> Any:
        """Call the function resolver on ``name``, reporting failures as ResolverErrors that
        name ``operation_id``."""
        if not name:
            raise ResolverError("Cannot resolve an empty operationId")
        try:
            return self.function_resolver(name)
        except ImportError as error:
            raise ResolverError(
                f"Cannot resolve operationId {operation_id!r}! Import error was {str(error)!r}",
                sys.exc_info(),
            ) from error
        except (AttributeError, ValueError) as error:
            raise ResolverError(
                f"Cannot resolve operationId {operation_id!r}! {error}", sys.exc_info()
            ) from error


class RelativeResolver(Resolver):
    """Resolve operationIds relative to a root module, unless the operation has a router
    controller (``x-openapi-router-controller`` / ``x-swagger-router-controller``).

    :param root_path: the module (or its dotted name) operationIds are relative to.
    :param function_resolver: turns an absolute dotted name into the object it names.
    """

    def __init__(
        self,
        root_path: str | ModuleType,
        function_resolver: FunctionResolver = utils.get_function_from_name,
    ) -> None:
        super().__init__(function_resolver=function_resolver)
        name = root_path.__name__ if isinstance(root_path, ModuleType) else root_path
        self.root_path = name.rstrip(".")

    def resolve_operation_id(self, operation: ResolvableOperation) -> str | None:
        """Prefix the operationId with the router controller, or else with the root path.

        :param operation: the operation to resolve.
        """
        operation_id = operation.operation_id
        if not operation_id:
            return None
        prefix = operation.router_controller or self.root_path
        return f"{prefix}.{operation_id}" if prefix else operation_id


def _is_path_variable(component: str) -> bool:
    return component.startswith("{") and component.endswith("}")


class RestyResolver(Resolver):
    """Derive operationIds from the path and method when the specification gives none.

    ``GET /pets`` -> ``api.pets.search``, ``POST /pets`` -> ``api.pets.post``,
    ``GET /pets/{id}`` -> ``api.pets.get``, ``GET /pets/{id}/toys`` -> ``api.pets.toys.search``,
    ``GET /`` -> ``api.get``. A router controller replaces the module part (``api.pets``).
    An explicit operationId wins, made relative to the router controller as usual.

    :param default_module_name: the package the resource modules live in, e.g. ``"api"``.
    :param collection_endpoint_name: the function a ``GET`` on a collection resolves to.
    :param function_resolver: turns an absolute dotted name into the object it names.
    """

    def __init__(
        self,
        default_module_name: str,
        collection_endpoint_name: str = "search",
        *,
        function_resolver: FunctionResolver = utils.get_function_from_name,
    ) -> None:
        super().__init__(function_resolver=function_resolver)
        self.default_module_name = default_module_name
        self.collection_endpoint_name = collection_endpoint_name

    def resolve_operation_id(self, operation: ResolvableOperation) -> str | None:
        """Use the operationId of the specification if any, else build one from the path.

        :param operation: the operation to resolve.
        """
        if operation.operation_id:
            return super().resolve_operation_id(operation)
        return self.resolve_operation_id_using_rest_semantics(operation)

    def resolve_operation_id_using_rest_semantics(self, operation: ResolvableOperation) -> str:
        """Build ``<module>.<resource>....<function>`` from the path and method.

        The resource is every path segment that is not a ``{variable}``, dashes turned into
        underscores; the function is the lower-case method, except that a ``GET`` whose path
        ends in a resource (not a variable) is a collection and uses
        ``collection_endpoint_name``.

        :param operation: the operation to resolve.
        """
        components = [component for component in operation.path.split("/") if component]
        resource = [c.replace("-", "_") for c in components if not _is_path_variable(c)]
        controller = operation.router_controller or ".".join(
            part for part in (self.default_module_name, *resource) if part
        )
        method = operation.method.lower()
        is_collection = (
            method == "get" and bool(resource) and not _is_path_variable(components[-1])
        )
        function_name = self.collection_endpoint_name if is_collection else method
        return f"{controller}.{function_name}"


ClassArguments = Mapping[str, Mapping[str, Any]]


def _camelize(name: str) -> str:
    """``foo_bar`` -> ``FooBar``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


class MethodResolverBase(RestyResolver):
    """REST naming as :class:`RestyResolver`, but each resource is a class whose methods are
    the handlers: ``GET /foo_bar/{id}`` -> ``api.FooBarView.get``.

    An operationId whose next-to-last part ends with :attr:`class_suffix` names a method of a
    class; subclasses decide in :meth:`resolve_method_from_class` what callable that gives.
    Any other operationId is resolved as a plain function.

    :param default_module_name: the module the classes live in, e.g. ``"api"``.
    :param collection_endpoint_name: the method a ``GET`` on a collection resolves to.
    :param class_arguments: constructor arguments per class name, as
        ``{"PetsView": {"args": (...), "kwargs": {...}}}``.
    :param function_resolver: turns an absolute dotted name into the object it names.
    """

    #: The ending of the class names this resolver builds and recognises.
    class_suffix: ClassVar[str] = "View"

    def __init__(
        self,
        default_module_name: str,
        collection_endpoint_name: str = "search",
        *,
        class_arguments: ClassArguments | None = None,
        function_resolver: FunctionResolver = utils.get_function_from_name,
    ) -> None:
        super().__init__(
            default_module_name,
            collection_endpoint_name,
            function_resolver=function_resolver,
        )
        self.class_arguments: dict[str, Mapping[str, Any]] = dict(class_arguments or {})

    def resolve_operation_id(self, operation: ResolvableOperation) -> str | None:
        """Use the operationId of the specification if any, else build
        ``<module>.<Resource><suffix>.<method>`` from the path.

        :param operation: the operation to resolve.
        """
        if operation.operation_id:
            return super().resolve_operation_id(operation)
        rest_id = self.resolve_operation_id_using_rest_semantics(operation)
        parts = rest_id.rsplit(".", 2)
        if len(parts) < 3:
            raise ResolverError(
                f"Cannot resolve operation {_describe(operation)}: {type(self).__name__} "
                f"derived {rest_id!r}, which names no resource class (expected "
                "'module.resource.method'; give the operation an operationId or a router "
                "controller, or use a deeper default module)"
            )
        module_name, resource, method_name = parts
        return f"{module_name}.{self._class_name(module_name, resource)}.{method_name}"

    def _class_name(self, module_name: str, resource: str) -> str:
        """``pets`` -> ``PetsView``; ``foo_bar`` -> ``FooBarView``, or connexion 2.x's
        ``Foo_barView`` when only that class exists in the module."""
        name = _camelize(resource) + self.class_suffix
        legacy = resource[:1].upper() + resource[1:] + self.class_suffix
        if legacy != name:
            try:
                module: ModuleType | None = importlib.import_module(module_name)
            except ImportError:
                module = None
            if not hasattr(module, name) and hasattr(module, legacy):
                return legacy
        return name

    def resolve_function_from_operation_id(self, operation_id: str) -> Callable[..., Any]:
        """Return the handler an absolute operationId names: a method of a class instance when
        the next-to-last part names a class, a plain function otherwise.

        :param operation_id: e.g. ``api.PetsView.get``.
        :raises ~connexion.exceptions.ResolverError: if it cannot be found.
        """
        parts = operation_id.rsplit(".", 2) if operation_id else []
        if len(parts) != 3 or not parts[1].endswith(self.class_suffix):
            return super().resolve_function_from_operation_id(operation_id)
        module_name, class_name, method_name = parts
        cls = self._lookup(operation_id, f"{module_name}.{class_name}")
        if not isinstance(cls, type):
            # Something named like a class that is not one (a module, an object): plain lookup.
            return super().resolve_function_from_operation_id(operation_id)
        try:
            function = self.resolve_method_from_class(class_name, method_name, cls)
        except AttributeError as error:
            raise ResolverError(
                f"Cannot resolve operationId {operation_id!r}! Class {cls.__qualname__!r} of "
                f"module {cls.__module__!r} has no method {method_name!r}",
                sys.exc_info(),
            ) from error
        except TypeError as error:
            raise ResolverError(
                f"Cannot resolve operationId {operation_id!r}! Could not instantiate "
                f"{cls.__qualname__!r} or take its method: {error} (constructor arguments "
                f"go in class_arguments={{{class_name!r}: {{'args': ..., 'kwargs': ...}}}})",
                sys.exc_info(),
            ) from error
        return function

    def resolve_method_from_class(
        self, view_name: str, meth_name: str, view_cls: type[Any]
    ) -> Callable[..., Any]:
        """Return the handler for method ``meth_name`` of class ``view_cls``.

        :param view_name: the class name as written in the operationId.
        :param meth_name: the method name as written in the operationId.
        :param view_cls: the class.
        """
        raise NotImplementedError


class MethodResolver(MethodResolverBase):
    """Resolve ``module.ResourceView.method`` to the bound method of the single instance of
    ``ResourceView`` this resolver creates (with its :attr:`class_arguments`).

    ``GET /pets`` -> ``api.PetsView.search``, ``GET /pets/{id}`` -> ``api.PetsView.get``,
    ``POST /pets`` -> ``api.PetsView.post``.
    """

    def __init__(
        self,
        default_module_name: str,
        collection_endpoint_name: str = "search",
        *,
        class_arguments: ClassArguments | None = None,
        function_resolver: FunctionResolver = utils.get_function_from_name,
    ) -> None:
        super().__init__(
            default_module_name,
            collection_endpoint_name,
            class_arguments=class_arguments,
            function_resolver=function_resolver,
        )
        self._instances: dict[type[Any], Any] = {}

    @property
    def initialized_views(self) -> list[Any]:
        """The instances created so far, one per class."""
        return list(self._instances.values())

    def instance_of(self, view_name: str, view_cls: type[Any]) -> Any:
        """Return the one instance of ``view_cls``, creating it on first use.

        :param view_name: the class name, the key of :attr:`class_arguments`.
        :param view_cls: the class.
        """
        instance = self._instances.get(view_cls)
        if instance is None:
            arguments = self.class_arguments.get(view_name, {})
            instance = view_cls(*arguments.get("args", ()), **arguments.get("kwargs", {}))
            self._instances[view_cls] = instance
        return instance

    def resolve_method_from_class(
        self, view_name: str, meth_name: str, view_cls: type[Any]
    ) -> Callable[..., Any]:
        """Return ``<the instance of view_cls>.<meth_name>``.

        :param view_name: the class name as written in the operationId.
        :param meth_name: the method name as written in the operationId.
        :param view_cls: the class.
        """
        return getattr(self.instance_of(view_name, view_cls), meth_name)  # type: ignore[no-any-return]


class MethodViewResolver(MethodResolver):
    """:class:`MethodResolver` for classes written as Flask ``MethodView`` s, named
    ``<Resource>View`` with one method per HTTP method.

    The handler is the bound method of one instance per class (``PetsView().get``), called
    with keyword arguments like any handler, so it works on every backend; Flask's
    ``as_view`` is not used. As a ``MethodView`` dispatches a collection ``GET`` to ``get``,
    the collection method (``search``) resolves to ``search`` if the class has one (connexion
    2.x) and to ``get`` otherwise (connexion 3.x). The class's ``decorators`` are applied to
    the method, as ``as_view`` would apply them to the view.
    """

    def resolve_method_from_class(
        self, view_name: str, meth_name: str, view_cls: type[Any]
    ) -> Callable[..., Any]:
        """Return the bound method of the class's instance, mapping the collection method to
        ``get`` when the class has none, wrapped in the class's ``decorators``.

        :param view_name: the class name as written in the operationId.
        :param meth_name: the method name as written in the operationId.
        :param view_cls: the class.
        """
        instance = self.instance_of(view_name, view_cls)
        if meth_name == self.collection_endpoint_name and not hasattr(instance, meth_name):
            meth_name = "get"
        function: Callable[..., Any] = getattr(instance, meth_name)
        for decorator in getattr(view_cls, "decorators", None) or ():
            function = decorator(function)
        return function
