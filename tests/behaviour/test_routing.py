"""Routing: from the spec's paths and operationIds to handlers, base paths and served specs."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

import tests.fakeapi.routing as routing_module
from connexion.exceptions import ResolverError
from connexion.resolver import MethodViewResolver, RelativeResolver, Resolver, RestyResolver
from tests.conftest import APP_CLASSES, FIXTURES, build_app

SPEC_PATH = {"swagger": "/swagger.json", "openapi": "/openapi.json"}


def dict_spec(
    spec_version: str,
    operation_id: str | None,
    *,
    base_path: str = "/dict",
    path: str = "/hello",
    method: str = "get",
) -> dict[str, Any]:
    """A one-operation spec as a dict, in Swagger 2.0 or OpenAPI 3.0."""
    operation: dict[str, Any] = {}
    if operation_id is not None:
        operation["operationId"] = operation_id
    if spec_version == "swagger":
        operation["responses"] = {"200": {"description": "ok", "schema": {"type": "object"}}}
        return {
            "swagger": "2.0",
            "info": {"title": "Dict", "version": "1.0"},
            "basePath": base_path,
            "produces": ["application/json"],
            "paths": {path: {method: operation}},
        }
    operation["responses"] = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Dict", "version": "1.0"},
        "servers": [{"url": base_path}],
        "paths": {path: {method: operation}},
    }


def new_app(backend: str, **app_options: Any) -> Any:
    return APP_CLASSES[backend](__name__, specification_dir=FIXTURES, **app_options)


@pytest.fixture
def client(backend, spec_version):
    return build_app(backend, f"routing/{spec_version}.yaml").test_client()


# --- operationId and router controllers -----------------------------------------------------


def test_operation_id_names_the_handler(client):
    response = client.get("/routing/greeting/Ada")
    assert response.status_code == 200
    assert response.json() == {"greeting": "Hello Ada"}


def test_router_controller_on_the_operation(client):
    response = client.get("/routing/controller/operation")
    assert response.status_code == 200
    assert response.json() == {"via": "operation controller"}


def test_router_controller_on_the_path_item(client):
    response = client.get("/routing/controller/path-item")
    assert response.status_code == 200
    assert response.json() == {"via": "path item controller"}


def test_operation_router_controller_overrides_the_path_item_one(client):
    response = client.post("/routing/controller/path-item")
    assert response.status_code == 200
    assert response.json() == {"via": "operation controller overriding the path item's"}


# --- concrete paths before templated ones ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/routing/items/special", {"item": "special"}),
        ("/routing/items/7", {"item": 7}),
        ("/routing/items/special/tags", {"tags_of": "special"}),
        ("/routing/items/7/tags", {"tags_of": 7}),
    ],
)
def test_concrete_paths_win_over_templated_ones(client, spec_version, path, expected):
    # Only meaningful because the spec lists the templated paths first.
    document = yaml.safe_load((FIXTURES / "routing" / f"{spec_version}.yaml").read_text())
    paths = list(document["paths"])
    assert paths.index("/items/{item_id}") < paths.index("/items/special")
    assert paths.index("/items/{item_id}/tags") < paths.index("/items/special/tags")
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == expected


def test_templated_path_still_validates_its_parameter(client):
    response = client.get("/routing/items/other")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"


# --- resolvers ---------------------------------------------------------------------------------


def test_resolver_with_a_custom_function(backend, spec_version):
    asked: list[str] = []

    def find(name: str) -> Any:
        asked.append(name)
        return routing_module.resolved_by_custom_function

    spec = dict_spec(spec_version, "anything.at.all")
    client = build_app(backend, spec, resolver=Resolver(find)).test_client()
    assert asked == ["anything.at.all"]
    response = client.get("/dict/hello")
    assert response.status_code == 200
    assert response.json() == {"resolved": "by a custom function"}


def test_a_plain_callable_is_used_as_function_resolver(backend, spec_version):
    asked: list[str] = []

    def find(name: str) -> Any:
        asked.append(name)
        return routing_module.hello

    client = build_app(backend, dict_spec(spec_version, "some.name"), resolver=find).test_client()
    assert asked == ["some.name"]
    assert client.get("/dict/hello").json() == {"hello": "world"}


def test_app_level_resolver_is_the_default_of_every_api(backend, spec_version):
    app = new_app(backend, resolver=RelativeResolver("tests.fakeapi.routing"))
    app.add_api(dict_spec(spec_version, "relative_hello"))
    assert app.test_client().get("/dict/hello").json() == {"hello": "relative"}


@pytest.mark.parametrize("root", ["tests.fakeapi.routing", routing_module])
def test_relative_resolver(backend, spec_version, root):
    spec = dict_spec(spec_version, "relative_hello")
    client = build_app(backend, spec, resolver=RelativeResolver(root)).test_client()
    response = client.get("/dict/hello")
    assert response.status_code == 200
    assert response.json() == {"hello": "relative"}


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "expected"),
    [
        ("get", "/resty/pets", {}, "search"),
        ("get", "/resty/pets?limit=3", {}, "search"),
        ("post", "/resty/pets", {"json": {"name": "Rex"}}, "post"),
        ("get", "/resty/pets/1", {}, "get"),
        ("put", "/resty/pets/1", {"json": {"name": "Rex"}}, "put"),
        ("delete", "/resty/pets/1", {}, "delete"),
        ("get", "/resty/pets/1/toys", {}, "toys search"),
        ("get", "/resty/pets/1/toys/2", {}, "toys get"),
        ("post", "/resty/pets/1/copy", {}, "copy"),
        ("get", "/resty/foo-bar", {}, "foo_bar search"),
    ],
)
def test_resty_resolver(backend, spec_version, method, path, kwargs, expected):
    resolver = RestyResolver("tests.fakeapi.resolver_targets")
    client = build_app(backend, f"routing/resty/{spec_version}.yaml", resolver=resolver)
    response = getattr(client.test_client(), method)(path, **kwargs)
    assert response.status_code == 200
    assert response.json() == expected


def test_resty_resolver_without_a_matching_module_fails_add_api(backend, spec_version):
    with pytest.raises(ResolverError) as info:
        build_app(
            backend,
            f"routing/resty/{spec_version}.yaml",
            resolver=RestyResolver("tests.fakeapi.no_such_package"),
        )
    assert "tests.fakeapi.no_such_package" in info.value.reason


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "expected"),
    [
        ("get", "/views/pets", {}, "search"),
        ("post", "/views/pets", {"json": {}}, "post"),
        ("get", "/views/pets/5", {}, "get 5"),
        ("delete", "/views/pets/5", {}, "delete"),
        # A class without ``search`` serves the collection GET with ``get``.
        ("get", "/views/items", {}, "list"),
        ("get", "/views/items/3", {}, "item 3"),
        ("get", "/views/foo-bar", {}, "FooBarView search"),
    ],
)
def test_method_view_resolver(backend, spec_version, method, path, kwargs, expected):
    resolver = MethodViewResolver("tests.fakeapi.resolver_targets.views")
    app = build_app(backend, f"routing/methodview/{spec_version}.yaml", resolver=resolver)
    response = getattr(app.test_client(), method)(path, **kwargs)
    assert response.status_code == 200
    assert response.json() == expected


# --- unresolvable operations -------------------------------------------------------------------


def test_resolver_error_answers_unresolvable_operations(backend, spec_version):
    spec = dict_spec(spec_version, "tests.fakeapi.routing.does_not_exist")
    spec["paths"]["/fine"] = dict_spec(spec_version, "tests.fakeapi.routing.hello")["paths"][
        "/hello"
    ]
    client = build_app(backend, spec, resolver_error=501).test_client()
    response = client.get("/dict/hello")
    assert response.status_code == 501
    assert response.headers["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 501
    assert problem["title"] == "Not Implemented"
    assert "does_not_exist" in problem["detail"]
    assert client.get("/dict/fine").json() == {"hello": "world"}


@pytest.mark.parametrize(
    ("operation_id", "why"),
    [
        ("tests.fakeapi.routing.does_not_exist", "does_not_exist"),
        ("tests.fakeapi.no_such_module.handler", "No module named"),
        ("tests.fakeapi.resolver_targets.broken.handler", "connexion_tests_missing_dependency"),
        ("tests.fakeapi.resolver_targets.pets.NOT_CALLABLE", "not callable"),
    ],
)
def test_unresolvable_operation_fails_add_api(backend, spec_version, operation_id, why):
    with pytest.raises(ResolverError) as info:
        build_app(backend, dict_spec(spec_version, operation_id))
    assert operation_id in info.value.reason
    assert why in info.value.reason
    assert isinstance(info.value, LookupError)


def test_operation_without_operation_id_fails_add_api(backend, spec_version):
    with pytest.raises(ResolverError) as info:
        build_app(backend, dict_spec(spec_version, None))
    assert "GET /hello" in info.value.reason
    assert "operationId" in info.value.reason


def test_resolver_error_also_covers_a_missing_operation_id(backend, spec_version):
    client = build_app(backend, dict_spec(spec_version, None), resolver_error=501).test_client()
    response = client.get("/dict/hello")
    assert response.status_code == 501
    assert response.json()["status"] == 501


# --- base paths --------------------------------------------------------------------------------


def test_several_apis_on_one_app(backend, spec_version):
    app = new_app(backend)
    app.add_api(f"routing/{spec_version}.yaml")
    app.add_api(f"petstore/{spec_version}.yaml")
    app.add_api(dict_spec(spec_version, "tests.fakeapi.routing.hello"))
    client = app.test_client()
    assert client.get("/routing/greeting/Bo").json() == {"greeting": "Hello Bo"}
    assert client.get("/v1/pets/1").json()["name"] == "Rex"
    assert client.get("/dict/hello").json() == {"hello": "world"}
    assert client.get("/v1/greeting/Bo").status_code == 404
    assert client.get("/routing/pets/1").status_code == 404


def test_same_spec_under_two_base_paths(backend, spec_version):
    app = new_app(backend)
    app.add_api(f"routing/{spec_version}.yaml", base_path="/one")
    app.add_api(f"routing/{spec_version}.yaml", base_path="/two")
    client = app.test_client()
    assert client.get("/one/greeting/A").json() == {"greeting": "Hello A"}
    assert client.get("/two/greeting/B").json() == {"greeting": "Hello B"}
    assert client.get("/routing/greeting/C").status_code == 404
    spec_path = SPEC_PATH[spec_version]
    one, two = client.get("/one" + spec_path).json(), client.get("/two" + spec_path).json()
    if spec_version == "swagger":
        assert (one["basePath"], two["basePath"]) == ("/one", "/two")
    else:
        assert (one["servers"], two["servers"]) == ([{"url": "/one"}], [{"url": "/two"}])


def test_base_path_override(backend, spec_version):
    client = build_app(backend, f"routing/{spec_version}.yaml", base_path="/other").test_client()
    assert client.get("/other/greeting/Ada").json() == {"greeting": "Hello Ada"}
    assert client.get("/routing/greeting/Ada").status_code == 404


def test_empty_base_path_override_serves_at_the_root(backend, spec_version):
    client = build_app(backend, f"routing/{spec_version}.yaml", base_path="").test_client()
    assert client.get("/greeting/Ada").json() == {"greeting": "Hello Ada"}
    assert client.get(SPEC_PATH[spec_version]).status_code == 200


@pytest.mark.parametrize(
    "server",
    [
        {"url": "https://api.example.com:8443/api/v3"},
        {"url": "http://localhost/api/v3/"},
        {
            "url": "{scheme}://example.com/{root}/v3",
            "variables": {
                "scheme": {"default": "https", "enum": ["http", "https"]},
                "root": {"default": "api"},
            },
        },
    ],
)
def test_base_path_from_a_full_server_url(backend, server):
    spec = dict_spec("openapi", "tests.fakeapi.routing.hello")
    spec["servers"] = [server, {"url": "/ignored"}]
    client = build_app(backend, spec).test_client()
    response = client.get("/api/v3/hello")
    assert response.status_code == 200
    assert response.json() == {"hello": "world"}
    assert client.get("/ignored/hello").status_code == 404


def test_spec_without_base_path_serves_at_the_root(backend, spec_version):
    spec = dict_spec(spec_version, "tests.fakeapi.routing.hello")
    spec.pop("basePath", None)
    spec.pop("servers", None)
    client = build_app(backend, spec).test_client()
    assert client.get("/hello").json() == {"hello": "world"}


# --- spec sources and arguments ------------------------------------------------------------------


def test_specification_as_a_dict(backend, spec_version):
    client = build_app(backend, dict_spec(spec_version, "tests.fakeapi.routing.hello"))
    response = client.test_client().get("/dict/hello")
    assert response.status_code == 200
    assert response.json() == {"hello": "world"}


def test_arguments_rendered_into_the_spec(backend, spec_version):
    app = new_app(
        backend,
        arguments={
            "title": "From the app",
            "prefix": "app",
            "handler": "tests.fakeapi.routing.greet",
        },
    )
    # API-level arguments are layered over the app's.
    app.add_api(
        f"routing/templated/{spec_version}.yaml",
        arguments={"prefix": "api", "handler": "tests.fakeapi.routing.hello"},
    )
    client = app.test_client()
    response = client.get("/api/hello")
    assert response.status_code == 200
    assert response.json() == {"hello": "world"}
    assert client.get("/app/hello").status_code == 404
    served = client.get("/api" + SPEC_PATH[spec_version]).json()
    assert served["info"]["title"] == "From the app"
    assert served["paths"]["/hello"]["get"]["operationId"] == "tests.fakeapi.routing.hello"


def test_app_level_arguments_alone(backend, spec_version):
    app = new_app(
        backend,
        arguments={"title": "T", "prefix": "only-app", "handler": "tests.fakeapi.routing.hello"},
    )
    app.add_api(f"routing/templated/{spec_version}.yaml")
    assert app.test_client().get("/only-app/hello").json() == {"hello": "world"}


def test_arguments_rendered_into_a_dict_spec(backend, spec_version):
    spec = dict_spec(spec_version, "{{ module }}.hello")
    client = build_app(backend, spec, arguments={"module": "tests.fakeapi.routing"}).test_client()
    assert client.get("/dict/hello").json() == {"hello": "world"}


def test_double_braces_in_a_description_without_arguments(backend, spec_version):
    client = build_app(backend, f"routing/braces/{spec_version}.yaml").test_client()
    assert client.get("/braces/hello").json() == {"hello": "world"}
    served = client.get("/braces" + SPEC_PATH[spec_version]).json()
    assert served["info"]["description"] == (
        "Clients write {{name}} placeholders; a lone {{ or {% is just text."
    )
    assert served["paths"]["/hello"]["get"]["description"] == "Returns {{greeting}} as it is."


# --- the served spec -----------------------------------------------------------------------------


def test_spec_is_served_as_json_and_yaml(backend, spec_version):
    client = build_app(backend, f"routing/{spec_version}.yaml").test_client()
    on_disk = yaml.safe_load((FIXTURES / "routing" / f"{spec_version}.yaml").read_text())
    json_path = "/routing" + SPEC_PATH[spec_version]

    response = client.get(json_path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    served = response.json()
    assert served["paths"] == on_disk["paths"]
    assert served["info"] == on_disk["info"]

    response = client.get(json_path.replace(".json", ".yaml"))
    assert response.status_code == 200
    assert "yaml" in response.headers["Content-Type"]
    assert yaml.safe_load(response.text) == served


def test_only_the_spec_path_of_its_version_is_served(backend, spec_version):
    client = build_app(backend, f"routing/{spec_version}.yaml").test_client()
    other = {"swagger": "/openapi.json", "openapi": "/swagger.json"}[spec_version]
    assert client.get("/routing" + other).status_code == 404


@pytest.mark.parametrize("option", ["serve_spec", "swagger_json"])
def test_serve_spec_false_in_add_api(backend, spec_version, option):
    client = build_app(
        backend, f"routing/{spec_version}.yaml", options={option: False}
    ).test_client()
    json_path = "/routing" + SPEC_PATH[spec_version]
    assert client.get(json_path).status_code == 404
    assert client.get(json_path.replace(".json", ".yaml")).status_code == 404
    assert client.get("/routing/greeting/A").status_code == 200


def test_serve_spec_false_in_app_options(backend, spec_version):
    app = new_app(backend, options={"serve_spec": False})
    app.add_api(f"routing/{spec_version}.yaml")
    # An API can turn it back on.
    app.add_api(f"routing/{spec_version}.yaml", base_path="/shown", options={"serve_spec": True})
    client = app.test_client()
    assert client.get("/routing" + SPEC_PATH[spec_version]).status_code == 404
    assert client.get("/shown" + SPEC_PATH[spec_version]).status_code == 200


def test_custom_spec_path(backend, spec_version):
    client = build_app(
        backend, f"routing/{spec_version}.yaml", options={"openapi_spec_path": "/spec.json"}
    ).test_client()
    assert client.get("/routing/spec.json").status_code == 200
    assert client.get("/routing/spec.yaml").status_code == 200
    assert client.get("/routing" + SPEC_PATH[spec_version]).status_code == 404
