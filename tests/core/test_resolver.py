"""Resolvers: from an operation (operationId, router controller, path, method) to a handler."""

from __future__ import annotations

import types
from typing import Any

import pytest

import tests.fakeapi.resolver_targets as targets
from connexion.exceptions import ResolverError
from connexion.resolver import (
    MethodResolver,
    MethodResolverBase,
    MethodViewResolver,
    RelativeResolver,
    Resolution,
    ResolvableOperation,
    Resolver,
    RestyResolver,
)
from tests.fakeapi.resolver_targets import pets, views
from tests.fakeapi.resolver_targets.pets import toys

PKG = "tests.fakeapi.resolver_targets"


def make_operation(
    path: str = "/pets",
    method: str = "get",
    operation_id: str | None = None,
    router_controller: str | None = None,
) -> ResolvableOperation:
    """A stand-in for the real Operation, with only what the protocol asks for."""
    raw: dict[str, Any] = {}
    if operation_id is not None:
        raw["operationId"] = operation_id
    operation: ResolvableOperation = types.SimpleNamespace(  # type: ignore[assignment]
        operation_id=operation_id,
        path=path,
        method=method,
        router_controller=router_controller,
        operation=raw,
    )
    return operation


def test_reexported_from_core() -> None:
    import connexion.core.resolver as core

    for name in ("Resolution", "Resolver", "RestyResolver", "MethodViewResolver"):
        assert getattr(core, name) is globals()[name]


# --------------------------------------------------------------------------------------------
# Resolver


def test_resolver_resolves_absolute_operation_id() -> None:
    resolution = Resolver().resolve(make_operation(operation_id=f"{PKG}.pets.search"))
    assert resolution == Resolution(pets.search, f"{PKG}.pets.search")
    assert resolution.function is pets.search
    assert resolution.operation_id == f"{PKG}.pets.search"


def test_resolver_prefixes_router_controller() -> None:
    operation = make_operation(operation_id="get", router_controller=f"{PKG}.pets")
    resolution = Resolver().resolve(operation)
    assert resolution.operation_id == f"{PKG}.pets.get"
    assert resolution.function is pets.get


def test_resolver_resolves_class_attributes_and_nested_classes() -> None:
    resolver = Resolver()
    assert resolver.resolve_function_from_operation_id(f"{PKG}.pets.Registry.lookup") is (
        pets.Registry.lookup
    )
    build = resolver.resolve_function_from_operation_id(f"{PKG}.pets.Registry.Inner.build")
    assert build() is pets.Registry.Inner
    lookup = resolver.resolve_function_from_operation_id(f"{PKG}.pets.registry.lookup")
    assert lookup("x") == "x"


def test_resolver_uses_custom_function_resolver() -> None:
    seen: list[str] = []

    def function_resolver(name: str) -> Any:
        seen.append(name)
        return pets.search

    resolution = Resolver(function_resolver).resolve(make_operation(operation_id="anything"))
    assert resolution.function is pets.search
    assert seen == ["anything"]


def test_resolver_without_operation_id_names_method_and_path() -> None:
    with pytest.raises(ResolverError) as info:
        Resolver().resolve(make_operation("/pets/{id}", "delete"))
    assert "DELETE /pets/{id}" in info.value.reason
    assert "no operationId" in info.value.reason
    assert Resolver().resolve_operation_id(make_operation()) is None


@pytest.mark.parametrize("resolver", [Resolver(), RelativeResolver(PKG), RestyResolver(PKG)])
def test_missing_operation_id_is_a_resolver_error(resolver: Resolver) -> None:
    with pytest.raises(ResolverError):
        resolver.resolve_function_from_operation_id(None)  # type: ignore[arg-type]
    with pytest.raises(ResolverError):
        resolver.resolve_function_from_operation_id("")


def test_unknown_module_error_names_operation_id_and_import_error() -> None:
    with pytest.raises(ResolverError) as info:
        Resolver().resolve(make_operation(operation_id="ohai.I.do.not.exist"))
    reason = info.value.reason
    assert reason.startswith("Cannot resolve operationId 'ohai.I.do.not.exist'! Import error")
    assert "No module named 'ohai'" in reason
    assert isinstance(info.value, LookupError)
    assert info.value.exc_info is not None
    assert isinstance(info.value.__cause__, ImportError)


def test_missing_submodule_reports_the_submodule() -> None:
    with pytest.raises(ResolverError) as info:
        Resolver().resolve_function_from_operation_id(f"{PKG}.nothere.get")
    assert f"No module named '{PKG}.nothere'" in info.value.reason


def test_missing_function_names_module_and_attribute() -> None:
    with pytest.raises(ResolverError) as info:
        Resolver().resolve_function_from_operation_id(f"{PKG}.pets.patch")
    reason = info.value.reason
    assert reason.startswith(f"Cannot resolve operationId '{PKG}.pets.patch'!")
    assert f"module '{PKG}.pets' has no attribute 'patch'" in reason
    assert isinstance(info.value.__cause__, AttributeError)


def test_missing_class_attribute_is_not_reported_as_an_import_error() -> None:
    with pytest.raises(ResolverError) as info:
        Resolver().resolve_function_from_operation_id(f"{PKG}.pets.Registry.nope")
    assert "Import error" not in info.value.reason
    assert "'Registry' has no attribute 'nope'" in info.value.reason


def test_import_error_inside_handler_module_is_reported_as_is() -> None:
    with pytest.raises(ResolverError) as info:
        Resolver().resolve_function_from_operation_id(f"{PKG}.broken.handler")
    assert "No module named 'connexion_tests_missing_dependency'" in info.value.reason


def test_non_callable_target_is_a_resolver_error() -> None:
    with pytest.raises(ResolverError, match="int object, which is not callable"):
        Resolver().resolve_function_from_operation_id(f"{PKG}.pets.NOT_CALLABLE")


def test_operation_id_without_module_is_a_resolver_error() -> None:
    with pytest.raises(ResolverError, match="has no module part"):
        Resolver().resolve(make_operation(operation_id="search"))


# --------------------------------------------------------------------------------------------
# RelativeResolver


def test_relative_resolver_with_module_name() -> None:
    resolution = RelativeResolver(PKG).resolve(make_operation(operation_id="pets.search"))
    assert resolution.operation_id == f"{PKG}.pets.search"
    assert resolution.function is pets.search


def test_relative_resolver_with_module_object() -> None:
    resolver = RelativeResolver(targets)
    assert resolver.root_path == PKG
    assert resolver.resolve(make_operation(operation_id="pets.toys.get")).function is toys.get


def test_relative_resolver_router_controller_wins() -> None:
    operation = make_operation(operation_id="search", router_controller=f"{PKG}.pets.toys")
    resolution = RelativeResolver("some.root").resolve(operation)
    assert resolution.operation_id == f"{PKG}.pets.toys.search"
    assert resolution.function is toys.search


def test_relative_resolver_without_operation_id() -> None:
    assert RelativeResolver(PKG).resolve_operation_id(make_operation()) is None
    with pytest.raises(ResolverError, match="GET /pets"):
        RelativeResolver(PKG).resolve(make_operation())


def test_relative_resolver_custom_function_resolver() -> None:
    resolver = RelativeResolver(PKG, function_resolver=lambda name: name.upper)
    assert resolver.resolve(make_operation(operation_id="x")).function() == f"{PKG}.X".upper()


# --------------------------------------------------------------------------------------------
# RestyResolver

RESTY_TABLE = [
    # (method, path, router controller, implied operationId)
    ("get", "/", None, "api.get"),
    ("post", "/", None, "api.post"),
    ("get", "/foo", None, "api.foo.search"),
    ("post", "/foo", None, "api.foo.post"),
    ("get", "/foo/{id}", None, "api.foo.get"),
    ("put", "/foo/{id}", None, "api.foo.put"),
    ("patch", "/foo/{id}", None, "api.foo.patch"),
    ("copy", "/foo/{id}", None, "api.foo.copy"),
    ("delete", "/foo/{id}", None, "api.foo.delete"),
    ("GET", "/foo/{id}", None, "api.foo.get"),
    ("get", "/foo/{id}/bar", None, "api.foo.bar.search"),
    ("get", "/foo/{id}/bar/{name}", None, "api.foo.bar.get"),
    ("get", "/foo/bar/{id}", None, "api.foo.bar.get"),
    ("get", "/foo/bar", None, "api.foo.bar.search"),
    ("get", "/foo-bar", None, "api.foo_bar.search"),
    ("get", "/foo/", None, "api.foo.search"),
    ("get", "/{id}", None, "api.get"),
    ("get", "/hello", "ctl.hello", "ctl.hello.search"),
    ("get", "/hello/{id}", "ctl.hello", "ctl.hello.get"),
    ("post", "/hello", "ctl.hello", "ctl.hello.post"),
    ("get", "/", "ctl.root", "ctl.root.get"),
]


@pytest.mark.parametrize(("method", "path", "controller", "expected"), RESTY_TABLE)
def test_resty_operation_ids(
    method: str, path: str, controller: str | None, expected: str
) -> None:
    operation = make_operation(path, method, router_controller=controller)
    assert RestyResolver("api").resolve_operation_id(operation) == expected


def test_resty_collection_endpoint_name() -> None:
    resolver = RestyResolver("api", collection_endpoint_name="api_list")
    assert resolver.resolve_operation_id(make_operation("/hello")) == "api.hello.api_list"
    assert resolver.resolve_operation_id(make_operation("/hello/{id}")) == "api.hello.get"
    assert RestyResolver("api", "index").collection_endpoint_name == "index"


def test_resty_explicit_operation_id_wins() -> None:
    resolver = RestyResolver("api")
    explicit = make_operation("/pets", operation_id=f"{PKG}.pets.get")
    assert resolver.resolve_operation_id(explicit) == f"{PKG}.pets.get"
    relative = make_operation("/pets", operation_id="get", router_controller=f"{PKG}.pets")
    assert resolver.resolve(relative).function is pets.get


@pytest.mark.parametrize(
    ("method", "path", "function"),
    [
        ("get", "/", targets.get),
        ("get", "/pets", pets.search),
        ("post", "/pets", pets.post),
        ("get", "/pets/{id}", pets.get),
        ("put", "/pets/{id}", pets.put),
        ("delete", "/pets/{id}", pets.delete),
        ("copy", "/pets/{id}", pets.copy),
        ("get", "/pets/{id}/toys", toys.search),
        ("get", "/pets/{id}/toys/{toyId}", toys.get),
    ],
)
def test_resty_resolves_functions(method: str, path: str, function: Any) -> None:
    assert RestyResolver(PKG).resolve(make_operation(path, method)).function is function


def test_resty_resolves_dashed_resource_to_underscored_module() -> None:
    from tests.fakeapi.resolver_targets import foo_bar

    assert RestyResolver(PKG).resolve(make_operation("/foo-bar")).function is foo_bar.search


def test_resty_unresolvable_names_the_built_operation_id() -> None:
    with pytest.raises(ResolverError) as info:
        RestyResolver(PKG).resolve(make_operation("/pets/{id}", "patch"))
    assert info.value.reason.startswith(f"Cannot resolve operationId '{PKG}.pets.patch'!")


# --------------------------------------------------------------------------------------------
# MethodResolver

VIEWS = f"{PKG}.views"

METHOD_TABLE = [
    ("get", "/pets", None, f"{VIEWS}.PetsView.search"),
    ("post", "/pets", None, f"{VIEWS}.PetsView.post"),
    ("get", "/pets/{petId}", None, f"{VIEWS}.PetsView.get"),
    ("put", "/pets/{petId}", None, f"{VIEWS}.PetsView.put"),
    ("delete", "/pets/{petId}", None, f"{VIEWS}.PetsView.delete"),
    ("get", "/foo-bar", None, f"{VIEWS}.FooBarView.search"),
    ("get", "/foo_bar", None, f"{VIEWS}.FooBarView.search"),
    ("get", "/owners/{id}/pets", None, f"{VIEWS}.owners.PetsView.search"),
    ("get", "/hello", f"{VIEWS}.pets", f"{VIEWS}.PetsView.search"),
    ("get", "/hello/{id}", f"{VIEWS}.pets", f"{VIEWS}.PetsView.get"),
]


@pytest.mark.parametrize("resolver_class", [MethodResolver, MethodViewResolver])
@pytest.mark.parametrize(("method", "path", "controller", "expected"), METHOD_TABLE)
def test_method_resolver_operation_ids(
    resolver_class: type[MethodResolver],
    method: str,
    path: str,
    controller: str | None,
    expected: str,
) -> None:
    operation = make_operation(path, method, router_controller=controller)
    assert resolver_class(VIEWS).resolve_operation_id(operation) == expected


def test_method_resolver_root_path_uses_last_module_part_as_class() -> None:
    resolver = MethodViewResolver(f"{VIEWS}.pets")
    assert resolver.resolve_operation_id(make_operation("/")) == f"{VIEWS}.PetsView.get"


def test_method_resolver_needs_a_resource_to_name_a_class() -> None:
    with pytest.raises(ResolverError) as info:
        MethodResolver("api").resolve(make_operation("/", "get"))
    assert "GET /" in info.value.reason
    assert "'api.get'" in info.value.reason


def test_method_resolver_finds_connexion2_class_spelling() -> None:
    resolver = MethodResolver(VIEWS)
    operation_id = resolver.resolve_operation_id(make_operation("/legacy_thing"))
    assert operation_id == f"{VIEWS}.Legacy_thingView.search"
    assert resolver.resolve(make_operation("/legacy_thing")).function() == "legacy search"
    # The CamelCase spelling is used when neither class exists.
    assert MethodResolver("nowhere.api").resolve_operation_id(make_operation("/legacy_thing")) == (
        "nowhere.api.LegacyThingView.search"
    )


def test_method_resolver_returns_bound_methods_of_one_instance() -> None:
    resolver = MethodResolver(VIEWS)
    before = views.PetsView.instances
    search = resolver.resolve(make_operation("/pets")).function
    get = resolver.resolve(make_operation("/pets/{petId}")).function
    post = resolver.resolve(make_operation("/pets", "post")).function
    assert views.PetsView.instances == before + 1
    assert isinstance(search.__self__, views.PetsView)  # type: ignore[attr-defined]
    assert search.__self__ is get.__self__ is post.__self__  # type: ignore[attr-defined]
    assert resolver.initialized_views == [search.__self__]  # type: ignore[attr-defined]
    assert search(limit=3) == "search"
    assert get(petId=7) == "get 7"


def test_method_resolver_instances_are_per_resolver() -> None:
    first = MethodResolver(VIEWS).resolve(make_operation("/pets")).function
    second = MethodResolver(VIEWS).resolve(make_operation("/pets")).function
    assert first.__self__ is not second.__self__  # type: ignore[attr-defined]


def test_method_resolver_collection_endpoint_name() -> None:
    resolver = MethodResolver(VIEWS, collection_endpoint_name="get")
    resolution = resolver.resolve(make_operation("/items"))
    assert resolution.operation_id == f"{VIEWS}.ItemsView.get"
    assert resolution.function() == "list"


def test_method_resolver_explicit_operation_id_on_a_class() -> None:
    operation = make_operation(operation_id="post_greeting", router_controller=f"{VIEWS}.PetsView")
    resolution = MethodResolver("unused").resolve(operation)
    assert resolution.operation_id == f"{VIEWS}.PetsView.post_greeting"
    assert resolution.function(name="Musti") == "hello Musti"


def test_method_resolver_explicit_operation_id_of_a_function() -> None:
    operation = make_operation(operation_id=f"{PKG}.pets.search")
    assert MethodResolver("unused").resolve(operation).function is pets.search


def test_method_resolver_object_named_like_a_class_is_looked_up_plainly() -> None:
    with pytest.raises(ResolverError, match="str 'NotAClassView' has no attribute 'get'"):
        MethodResolver(VIEWS).resolve_function_from_operation_id(f"{VIEWS}.NotAClassView.get")


def test_method_resolver_class_arguments() -> None:
    resolver = MethodResolver(
        VIEWS,
        class_arguments={"ConfiguredView": {"args": ("Hello",), "kwargs": {"punctuation": "?"}}},
    )
    function = resolver.resolve(make_operation("/configured/{name}")).function
    assert function(name="Igor") == "Hello Igor?"


def test_method_resolver_constructor_failure_is_a_resolver_error() -> None:
    with pytest.raises(ResolverError, match="class_arguments"):
        MethodResolver(VIEWS).resolve(make_operation("/configured/{name}"))


def test_method_resolver_missing_method() -> None:
    with pytest.raises(ResolverError) as info:
        MethodResolver(VIEWS).resolve(make_operation("/items/{itemId}", "delete"))
    reason = info.value.reason
    assert reason.startswith(f"Cannot resolve operationId '{VIEWS}.ItemsView.delete'!")
    assert "has no method 'delete'" in reason


def test_method_resolver_missing_class() -> None:
    with pytest.raises(ResolverError) as info:
        MethodResolver(VIEWS).resolve(make_operation("/owners"))
    assert f"'{VIEWS}.OwnersView.search'" in info.value.reason
    assert "has no attribute 'OwnersView'" in info.value.reason


def test_method_resolver_missing_module() -> None:
    with pytest.raises(ResolverError) as info:
        MethodResolver("invalidapi.mod").resolve(make_operation("/pets"))
    assert "Cannot resolve operationId 'invalidapi.mod.PetsView.search'!" in info.value.reason
    assert "No module named 'invalidapi'" in info.value.reason


def test_method_resolver_base_is_abstract() -> None:
    with pytest.raises(NotImplementedError):
        MethodResolverBase(VIEWS).resolve(make_operation("/pets"))


def test_custom_class_suffix() -> None:
    class ResourceResolver(MethodResolver):
        class_suffix = "Resource"

    resolver = ResourceResolver("api")
    assert resolver.resolve_operation_id(make_operation("/pets")) == "api.PetsResource.search"


# --------------------------------------------------------------------------------------------
# MethodViewResolver


def test_method_view_resolver_uses_search_when_the_class_has_it() -> None:
    function = MethodViewResolver(VIEWS).resolve(make_operation("/pets")).function
    assert function.__func__ is views.PetsView.search  # type: ignore[attr-defined]


def test_method_view_resolver_maps_collection_to_get() -> None:
    resolver = MethodViewResolver(VIEWS)
    collection = resolver.resolve(make_operation("/items"))
    item = resolver.resolve(make_operation("/items/{itemId}"))
    assert collection.operation_id == f"{VIEWS}.ItemsView.search"
    assert collection.function.__func__ is views.ItemsView.get  # type: ignore[attr-defined]
    assert collection.function.__self__ is item.function.__self__  # type: ignore[attr-defined]
    assert collection.function(limit=2) == "list"
    assert item.function(itemId=3) == "item 3"


def test_method_view_resolver_honours_collection_endpoint_name() -> None:
    resolver = MethodViewResolver(VIEWS, collection_endpoint_name="index")
    resolution = resolver.resolve(make_operation("/items"))
    assert resolution.operation_id == f"{VIEWS}.ItemsView.index"
    assert resolution.function() == "list"


def test_method_view_resolver_applies_class_decorators() -> None:
    function = MethodViewResolver(VIEWS).resolve(make_operation("/decorated/{name}")).function
    # Applied in order, like MethodView.as_view: exclaim first, then shout around it.
    assert function(name="bob") == "HI BOB!"


def test_method_view_resolver_does_not_map_other_missing_methods() -> None:
    with pytest.raises(ResolverError, match="has no method 'put'"):
        MethodViewResolver(VIEWS).resolve(make_operation("/items/{itemId}", "put"))


def test_method_view_resolver_with_a_flask_method_view() -> None:
    pytest.importorskip("flask")
    from tests.fakeapi.resolver_targets import flask_views

    module = f"{PKG}.flask_views"
    resolver = MethodViewResolver(module)
    search = resolver.resolve(make_operation("/pets")).function
    get = resolver.resolve(make_operation("/pets/{petId}")).function
    post = resolver.resolve(make_operation("/pets", "post")).function
    put = resolver.resolve(make_operation("/pets/{petId}", "put")).function

    # Plain bound methods of one instance, not Flask view functions: no request context needed.
    assert isinstance(search.__self__, flask_views.PetsView)  # type: ignore[attr-defined]
    assert not hasattr(search, "view_class")
    assert len({id(f.__self__) for f in (search, get, post, put)}) == 1  # type: ignore[attr-defined]
    assert search(limit=5) == [{"name": "get", "limit": 5}]
    assert get(petId=1) == {"name": "get", "petId": 1}
    assert post(body={"name": "Musti"}) == {"name": "post", "body": {"name": "Musti"}}
    assert put(petId=1, body={"name": "Igor"}) == {
        "name": "put",
        "petId": 1,
        "body": {"name": "Igor"},
    }
