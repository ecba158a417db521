"""Loading a specification: parsing, arguments, $ref resolution, versions and validation."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

import connexion.json_schema
import connexion.spec
from connexion.core.spec import (
    ExtendedSafeLoader,
    OpenAPISpecification,
    Specification,
    Swagger2Specification,
)
from connexion.exceptions import InvalidSpecification
from connexion.json_schema import resolve_refs


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def openapi(version: str = "3.0.3", **extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Test", "version": "1"},
        "paths": {},
    }
    document.update(extra)
    return document


def swagger(**extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "Test", "version": "1"},
        "paths": {},
    }
    document.update(extra)
    return document


OK = {"200": {"description": "OK"}}


# -- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("loader", ["ExtendedSafeLoader", "fast"])
def test_yaml_keys_become_strings_and_dates_stay_text(loader: str) -> None:
    text = textwrap.dedent(
        """
        200: ok
        on: yes
        1.5: x
        day: 2020-01-31
        stamp: 2020-01-31T10:00:00Z
        tagged: !!timestamp 2021-02-03
        """
    )
    if loader == "fast":
        from connexion.core.spec import parse_document

        document = parse_document(text)
    else:
        document = yaml.load(text, Loader=ExtendedSafeLoader)
    assert document == {
        "200": "ok",
        "on": True,
        "1.5": "x",
        "day": "2020-01-31",
        "stamp": "2020-01-31T10:00:00Z",
        "tagged": "2021-02-03",
    }
    json.dumps(document)


def test_yaml_merge_keys_and_complex_keys() -> None:
    from connexion.core.spec import parse_document

    document = parse_document(
        textwrap.dedent(
            """
            base: &base {200: ok, x: 1}
            derived:
              <<: *base
              x: 2
            ? [a, b]
            : complex
            """
        )
    )
    assert document["derived"] == {"200": "ok", "x": 2}
    assert document["['a', 'b']"] == "complex"


def test_extended_safe_loader_is_a_safe_loader() -> None:
    assert issubclass(ExtendedSafeLoader, yaml.SafeLoader)
    with pytest.raises(yaml.YAMLError):
        yaml.load("!!python/object/apply:os.system ['true']", Loader=ExtendedSafeLoader)


def test_yaml_file_response_codes_are_strings(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /pets:
            get:
              responses:
                200:
                  description: OK
                  content:
                    application/json:
                      example: {born: 2020-01-01}
        """,
    )
    spec = Specification.load(path)
    responses = spec.raw["paths"]["/pets"]["get"]["responses"]
    assert list(responses) == ["200"]
    assert responses["200"]["content"]["application/json"]["example"] == {"born": "2020-01-01"}
    json.dumps(spec.raw)


def test_json_file(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(swagger(paths={"/a": {"get": {"responses": OK}}})))
    spec = Specification.load(path)
    assert isinstance(spec, Swagger2Specification)
    assert spec.version == (2, 0)
    assert spec.file_path == path


def test_yaml_in_a_json_file_and_json_in_a_yaml_file(tmp_path: Path) -> None:
    yaml_text = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n"
    assert Specification.load(write(tmp_path, "a.json", yaml_text)).version == (2, 0)
    json_text = json.dumps(openapi())
    assert Specification.load(write(tmp_path, "b.yaml", json_text)).version == (3, 0)


def test_relative_path_with_base_dir(tmp_path: Path) -> None:
    write(
        tmp_path, "specs/api.yaml", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"
    )
    spec = Specification.load("specs/api.yaml", base_dir=tmp_path)
    assert spec.version == (3, 1)
    assert spec.file_path == tmp_path / "specs" / "api.yaml"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bad.yaml", "openapi: 3.0.0\ninfo: [unclosed\n"),
        ("bad.json", '{"openapi": "3.0.0", "info": '),
        ("tabs.yaml", "openapi: 3.0.0\n\tinfo: {}\n"),
    ],
)
def test_syntax_error_names_the_file(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InvalidSpecification, match="Cannot parse .*" + name):
        Specification.load(path)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere.yaml"):
        Specification.load(tmp_path / "nowhere.yaml")


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "just text\n", "42\n"])
def test_document_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    with pytest.raises(InvalidSpecification, match="must be a mapping"):
        Specification.load(write(tmp_path, "spec.yaml", text))


# -- arguments ---------------------------------------------------------------------------------


def test_arguments_render_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """
        openapi: 3.0.3
        info: {title: "{{ title }}", version: "1"}
        paths:
          /{{ prefix }}/pets:
            get: {responses: {"200": {description: OK}}}
        """,
    )
    spec = Specification.load(path, arguments={"title": "Pets", "prefix": "v2"})
    assert spec["info"]["title"] == "Pets"
    assert [path for path, *_ in spec.operations()] == ["/v2/pets"]


@pytest.mark.parametrize("arguments", [None, {}])
def test_no_arguments_no_rendering(tmp_path: Path, arguments: dict[str, Any] | None) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """
        openapi: 3.0.3
        info: {title: T, version: "1", description: "Use {{ braces }} and {% this %}"}
        paths: {}
        """,
    )
    spec = Specification.load(path, arguments=arguments)
    assert spec["info"]["description"] == "Use {{ braces }} and {% this %}"


def test_arguments_render_a_dict(tmp_path: Path) -> None:
    document = openapi(
        info={"title": "{{ title }}", "version": "1", "x-n": 3},
        paths={"/{{ prefix }}": {"get": {"responses": OK}}},
    )
    spec = Specification.load(document, arguments={"title": "Pets", "prefix": "p"})
    assert spec["info"] == {"title": "Pets", "version": "1", "x-n": 3}
    assert list(spec["paths"]) == ["/p"]
    assert document["info"]["title"] == "{{ title }}"


def test_dict_without_arguments_is_copied_unchanged() -> None:
    document = openapi(info={"title": "{{ title }}", "version": "1"})
    document["paths"] = {"/a": {"get": {"responses": {200: {"description": "OK"}}}}}
    spec = Specification.load(document)
    assert spec["info"]["title"] == "{{ title }}"
    assert list(spec["paths"]["/a"]["get"]["responses"]) == ["200"]
    assert spec.raw is not document


def test_bad_template_is_an_invalid_specification(tmp_path: Path) -> None:
    path = write(tmp_path, "spec.yaml", "openapi: 3.0.3\ninfo: {title: '{{ x', version: '1'}\n")
    with pytest.raises(InvalidSpecification, match="render"):
        Specification.load(path, arguments={"x": 1})


# -- $ref resolution ---------------------------------------------------------------------------


def test_local_refs_are_resolved_and_shared() -> None:
    document = openapi(
        paths={
            "/pets": {
                "get": {
                    "parameters": [{"$ref": "#/components/parameters/limit"}],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Pet"},
                                    }
                                }
                            },
                        }
                    },
                },
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        }
                    },
                    "responses": {"201": {"$ref": "#/components/responses/Created"}},
                },
            }
        },
        components={
            "schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
            "parameters": {
                "limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}
            },
            "responses": {"Created": {"description": "Created"}},
        },
    )
    spec = Specification.load(document)
    pets = spec.resolved["paths"]["/pets"]
    pet = spec.resolved["components"]["schemas"]["Pet"]
    listed = pets["get"]["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    posted = pets["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert listed is pet and posted is pet
    assert pets["get"]["parameters"][0]["name"] == "limit"
    assert pets["post"]["responses"]["201"] == {"description": "Created"}
    # raw is untouched: it is what gets served.
    assert spec.raw["paths"]["/pets"]["post"]["responses"]["201"] == {
        "$ref": "#/components/responses/Created"
    }
    assert "$ref" not in json.dumps(spec.resolved)


def test_pointer_escapes_and_percent_encoding() -> None:
    document = openapi(
        paths={
            "/a/{id}": {
                "get": {
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": OK,
                }
            },
            "/b": {
                "get": {
                    "responses": {
                        "200": {"$ref": "#/paths/~1a~1%7Bid%7D/get/responses/200"},
                        "201": {"$ref": "#/x-defs/tilde~0key/0"},
                        "202": {"$ref": "#/x-defs/with%20space"},
                    }
                }
            },
        },
    )
    document["x-defs"] = {
        "tilde~key": [{"description": "tilde"}],
        "with space": {"description": "space"},
    }
    responses = Specification.load(document).resolved["paths"]["/b"]["get"]["responses"]
    assert responses["200"] == {"description": "OK"}
    assert responses["201"] == {"description": "tilde"}
    assert responses["202"] == {"description": "space"}


def test_refs_to_relative_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        "spec/swagger.yaml",
        """
        swagger: "2.0"
        info: {title: T, version: "1"}
        paths:
          /pets:
            get:
              parameters:
                - $ref: "parameters.yaml#/limit"
              responses:
                "200":
                  description: OK
                  schema: {type: array, items: {$ref: "Pet.yaml"}}
                default:
                  description: error
                  schema: {$ref: "../common/Error.yaml"}
          /pets/{id}:
            get:
              parameters: [{name: id, in: path, required: true, type: string}]
              responses:
                "200": {description: OK, schema: {$ref: "Pet.yaml"}}
        """,
    )
    write(
        tmp_path,
        "spec/parameters.yaml",
        "limit: {name: limit, in: query, type: integer}\n",
    )
    write(
        tmp_path,
        "spec/Pet.yaml",
        """
        type: object
        properties:
          owner: {$ref: "models/Owner.yaml#/Owner"}
        """,
    )
    # Refs inside a referenced file are relative to that file.
    write(
        tmp_path,
        "spec/models/Owner.yaml",
        """
        Owner: {properties: {name: {$ref: "#/Name"}}}
        Name: {type: string}
        """,
    )
    write(tmp_path, "common/Error.yaml", "type: object\nrequired: [code]\n")

    spec = Specification.load(tmp_path / "spec" / "swagger.yaml")
    paths = spec.resolved["paths"]
    get = paths["/pets"]["get"]
    assert get["parameters"] == [{"name": "limit", "in": "query", "type": "integer"}]
    assert get["responses"]["default"]["schema"] == {"type": "object", "required": ["code"]}
    pet = get["responses"]["200"]["schema"]["items"]
    assert pet is paths["/pets/{id}"]["get"]["responses"]["200"]["schema"]
    assert pet["properties"]["owner"]["properties"]["name"] == {"type": "string"}


def test_circular_schemas_become_cycles(tmp_path: Path) -> None:
    write(
        tmp_path,
        "spec.yaml",
        """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /nodes:
            get:
              responses:
                "200":
                  description: OK
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Node"}
        components:
          schemas:
            Node:
              type: object
              properties:
                children: {type: array, items: {$ref: "#/components/schemas/Node"}}
                tree: {$ref: "tree.yaml#/Tree"}
        """,
    )
    write(
        tmp_path,
        "tree.yaml",
        """
        Tree:
          properties:
            node: {$ref: "spec.yaml#/components/schemas/Node"}
            self: {$ref: "#/Tree"}
        """,
    )
    spec = Specification.load(tmp_path / "spec.yaml")
    node = spec.resolved["components"]["schemas"]["Node"]
    assert node["properties"]["children"]["items"] is node
    tree = node["properties"]["tree"]
    assert tree["properties"]["self"] is tree
    assert tree["properties"]["node"] is node


def test_reference_cycle_without_content_is_an_error() -> None:
    document = openapi(
        components={
            "schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"},
            }
        }
    )
    with pytest.raises(InvalidSpecification, match="leads back to itself"):
        Specification.load(document, validate=False)


def test_unresolvable_local_ref_names_the_ref_and_where(tmp_path: Path) -> None:
    document = openapi(
        paths={
            "/pets": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Nope"}
                                }
                            },
                        }
                    }
                }
            }
        }
    )
    for validate in (False, True):
        with pytest.raises(InvalidSpecification) as info:
            Specification.load(document, validate=validate)
        message = str(info.value)
        assert "#/components/schemas/Nope" in message
        assert "/paths/~1pets/get/responses/200/content/application~1json/schema" in message
        assert info.value.path[:2] == ["paths", "/pets"]


def test_missing_referenced_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """
        swagger: "2.0"
        info: {title: T, version: "1"}
        paths:
          /a: {get: {responses: {"200": {description: OK, schema: {$ref: "gone.yaml"}}}}}
        """,
    )
    with pytest.raises(InvalidSpecification, match=r"gone\.yaml.*/paths/~1a/get") as info:
        Specification.load(path)
    assert str(tmp_path / "gone.yaml") in str(info.value)


def test_broken_referenced_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """
        swagger: "2.0"
        info: {title: T, version: "1"}
        definitions:
          A: {$ref: "broken.yaml"}
        paths: {}
        """,
    )
    write(tmp_path, "broken.yaml", "a: [\n")
    with pytest.raises(InvalidSpecification, match=r"Cannot parse .*broken\.yaml"):
        Specification.load(path, validate=False)


def test_remote_refs_are_not_fetched() -> None:
    document = swagger(definitions={"A": {"$ref": "https://example.com/schemas.json#/A"}})
    with pytest.raises(InvalidSpecification, match="remote documents are not fetched"):
        Specification.load(document, validate=False)


def test_dict_spec_refs_relative_to_base_dir(tmp_path: Path) -> None:
    write(tmp_path, "schemas.yaml", "Pet: {type: object}\n")
    document = openapi(components={"schemas": {"Pet": {"$ref": "schemas.yaml#/Pet"}}})
    spec = Specification.load(document, base_dir=tmp_path)
    assert spec.resolved["components"]["schemas"]["Pet"] == {"type": "object"}


def test_openapi_31_ref_siblings_become_all_of() -> None:
    schemas = {
        "Pet": {"type": "object"},
        "Described": {
            "$ref": "#/components/schemas/Pet",
            "description": "a pet",
            "maxProperties": 3,
        },
        "Combined": {"$ref": "#/components/schemas/Pet", "allOf": [{"required": ["id"]}]},
    }
    spec = Specification.load(openapi("3.1.0", components={"schemas": schemas}))
    resolved = spec.resolved["components"]["schemas"]
    pet = resolved["Pet"]
    assert resolved["Described"] == {"description": "a pet", "maxProperties": 3, "allOf": [pet]}
    assert resolved["Described"]["allOf"][0] is pet
    assert resolved["Combined"] == {"allOf": [pet, {"required": ["id"]}]}


def test_openapi_30_ref_siblings_are_ignored() -> None:
    schemas = {
        "Pet": {"type": "object"},
        "Described": {"$ref": "#/components/schemas/Pet", "description": "ignored"},
    }
    spec = Specification.load(openapi("3.0.3", components={"schemas": schemas}), validate=False)
    resolved = spec.resolved["components"]["schemas"]
    assert resolved["Described"] is resolved["Pet"]


def test_openapi_31_reference_object_overrides_description() -> None:
    document = openapi(
        "3.1.0",
        paths={
            "/a": {
                "get": {
                    "parameters": [
                        {"$ref": "#/components/parameters/limit", "description": "Overridden"}
                    ],
                    "responses": OK,
                }
            }
        },
        components={
            "parameters": {
                "limit": {
                    "name": "limit",
                    "in": "query",
                    "description": "Original",
                    "schema": {"type": "integer"},
                }
            }
        },
    )
    spec = Specification.load(document)
    (_, _, operation, _) = next(spec.operations())
    assert operation["parameters"] == [
        {
            "name": "limit",
            "in": "query",
            "description": "Overridden",
            "schema": {"type": "integer"},
        }
    ]
    assert spec.resolved["components"]["parameters"]["limit"]["description"] == "Original"


def test_path_items_in_other_files(tmp_path: Path) -> None:
    write(
        tmp_path,
        "spec.yaml",
        """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /pets: {$ref: "paths/pets.yaml"}
          /owners:
            $ref: "paths/owners.yaml"
            delete: {responses: {"204": {description: gone}}}
          /toys:
            get: {$ref: "paths/toys_list.yaml"}
        """,
    )
    write(
        tmp_path,
        "paths/pets.yaml",
        """
        get:
          responses: {"200": {$ref: "../responses.yaml#/Ok"}}
        post:
          responses: {"201": {$ref: "../responses.yaml#/Ok"}}
        """,
    )
    write(tmp_path, "paths/owners.yaml", "get: {responses: {'200': {description: owners}}}\n")
    write(tmp_path, "paths/toys_list.yaml", "operationId: toys.list\nresponses: {}\n")
    write(tmp_path, "responses.yaml", "Ok: {description: fine}\n")
    spec = Specification.load(tmp_path / "spec.yaml", validate=False)
    operations = [(path, method) for path, method, _, _ in spec.operations()]
    assert operations == [
        ("/pets", "get"),
        ("/pets", "post"),
        ("/owners", "get"),
        ("/owners", "delete"),
        ("/toys", "get"),
    ]
    by_key = {(path, method): operation for path, method, operation, _ in spec.operations()}
    assert by_key["/pets", "get"]["responses"]["200"] == {"description": "fine"}
    assert by_key["/toys", "get"]["operationId"] == "toys.list"


def test_refs_in_examples_resolve_when_they_can() -> None:
    document = openapi(
        paths={
            "/a": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "example": {"$ref": "#/x-examples/pet"},
                                    "schema": {
                                        "type": "object",
                                        "example": {"$ref": "#/definitions/literal"},
                                        "default": {"$ref": "x", "kind": "literal"},
                                    },
                                }
                            },
                        }
                    }
                }
            }
        }
    )
    document["x-examples"] = {"pet": {"name": "Rex"}}
    spec = Specification.load(document, validate=False)
    media = spec.resolved["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["example"] == {"name": "Rex"}
    assert media["schema"]["example"] == {"$ref": "#/definitions/literal"}
    assert media["schema"]["default"] == {"$ref": "x", "kind": "literal"}


def test_properties_named_like_keywords_are_schemas() -> None:
    schemas = {
        "Name": {"type": "string"},
        "Thing": {
            "type": "object",
            "properties": {
                "default": {"$ref": "#/components/schemas/Name"},
                "enum": {"$ref": "#/components/schemas/Name"},
                "$ref": {"$ref": "#/components/schemas/Name"},
            },
        },
    }
    spec = Specification.load(openapi(components={"schemas": schemas}))
    resolved = spec.resolved["components"]["schemas"]
    properties = resolved["Thing"]["properties"]
    assert all(value is resolved["Name"] for value in properties.values())


def test_resolve_refs_compat(tmp_path: Path) -> None:
    document = {
        "definitions": {"A": {"type": "string"}},
        "properties": {"a": {"$ref": "#/definitions/A"}, "b": {"$ref": "other.json#/B"}},
    }
    store = {(tmp_path / "other.json").as_uri(): {"B": {"type": "integer"}}}
    resolved = resolve_refs(document, store=store, base_uri=(tmp_path / "x.json").as_uri())
    assert resolved["properties"] == {"a": {"type": "string"}, "b": {"type": "integer"}}
    assert document["properties"]["a"] == {"$ref": "#/definitions/A"}
    write(tmp_path, "other.json", '{"B": {"type": "boolean"}}')
    resolved = resolve_refs(document, base_uri=tmp_path.as_uri() + "/")
    assert resolved["properties"]["b"] == {"type": "boolean"}


# -- versions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "version", "cls"),
    [
        (swagger(), (2, 0), Swagger2Specification),
        ({**swagger(), "swagger": 2.0}, (2, 0), Swagger2Specification),
        (openapi("3.0.0"), (3, 0), OpenAPISpecification),
        (openapi("3.0.4"), (3, 0), OpenAPISpecification),
        (openapi("3.1.0"), (3, 1), OpenAPISpecification),
        (openapi("3.1.1"), (3, 1), OpenAPISpecification),
    ],
)
def test_version_detection(
    document: dict[str, Any], version: tuple[int, int], cls: type[Specification]
) -> None:
    spec = Specification.load(document, validate=document.get("swagger") != 2.0)
    assert spec.version == version
    assert type(spec) is cls


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"info": {}}, "no 'openapi'"),
        ({"openapi": "3.2.0", "info": {}}, "Unsupported OpenAPI version '3.2.0'"),
        ({"openapi": "2.0", "info": {}}, "Unsupported OpenAPI version"),
        ({"openapi": 3, "info": {}}, "Unsupported OpenAPI version '3'"),
        ({"openapi": None}, "Unsupported OpenAPI version"),
        ({"swagger": "1.2"}, "Unsupported Swagger version '1.2'"),
    ],
)
def test_unsupported_versions(document: dict[str, Any], message: str) -> None:
    for validate in (True, False):
        with pytest.raises(InvalidSpecification, match=message):
            Specification.load(document, validate=validate)


def test_subclass_checks_the_version() -> None:
    assert type(Swagger2Specification.from_dict(swagger())) is Swagger2Specification
    with pytest.raises(InvalidSpecification, match="Swagger2Specification takes version 2.0"):
        Swagger2Specification.from_dict(openapi())
    with pytest.raises(InvalidSpecification, match="3.0 or 3.1"):
        OpenAPISpecification.load(swagger())


def test_specification_is_abstract() -> None:
    with pytest.raises(TypeError):
        Specification(openapi())


# -- base path, security -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_path", "expected"),
    [(None, ""), ("/", ""), ("/v1", "/v1"), ("/v1/", "/v1"), ("v2", "/v2")],
)
def test_swagger2_base_path(base_path: str | None, expected: str) -> None:
    document = swagger() if base_path is None else swagger(basePath=base_path)
    assert Specification.load(document, validate=False).base_path == expected


@pytest.mark.parametrize(
    ("servers", "expected"),
    [
        (None, ""),
        ([], ""),
        ([{"url": "/"}], ""),
        ([{"url": "https://api.example.com"}], ""),
        ([{"url": "https://api.example.com/v1/"}, {"url": "/other"}], "/v1"),
        ([{"url": "/api/v2"}], "/api/v2"),
        ([{"url": "api"}], "/api"),
        (
            [
                {
                    "url": "{scheme}://{host}:{port}/{base}/x",
                    "variables": {
                        "scheme": {"default": "https"},
                        "host": {"default": "example.com"},
                        "port": {"default": "8443"},
                        "base": {"default": "api", "enum": ["api", "beta"]},
                    },
                }
            ],
            "/api/x",
        ),
    ],
)
def test_openapi_base_path(servers: list[Any] | None, expected: str) -> None:
    document = openapi() if servers is None else openapi(servers=servers)
    assert Specification.load(document).base_path == expected


def test_with_base_path_swagger2() -> None:
    spec = Specification.load(swagger(basePath="/v1"))
    moved = spec.with_base_path("/v2/")
    assert moved.base_path == "/v2"
    assert moved["basePath"] == "/v2"
    assert moved.resolved["basePath"] == "/v2"
    assert spec.base_path == "/v1" and spec["basePath"] == "/v1"
    assert spec.with_base_path(None).base_path == "/v1"
    assert spec.with_base_path("").raw["basePath"] == "/"
    assert isinstance(moved, Swagger2Specification)


def test_with_base_path_openapi() -> None:
    spec = Specification.load(openapi(servers=[{"url": "https://example.com/v1"}]))
    moved = spec.with_base_path("/v2")
    assert moved.base_path == "/v2"
    assert moved["servers"] == [{"url": "/v2"}]
    assert spec["servers"] == [{"url": "https://example.com/v1"}]
    kept = spec.with_base_path(None)
    assert kept is not spec and kept.base_path == "/v1"


def test_security_swagger2() -> None:
    definitions = {
        "basic": {"type": "basic"},
        "key": {"type": "apiKey", "in": "header", "name": "X"},
    }
    spec = Specification.load(swagger(securityDefinitions=definitions, security=[{"basic": []}]))
    assert spec.security_schemes == definitions
    assert spec.security_definitions == definitions
    assert spec.security == [{"basic": []}]


def test_security_openapi_resolved() -> None:
    document = openapi(
        security=[{"bearer": []}, {}],
        components={
            "securitySchemes": {
                "bearer": {"$ref": "#/components/x-schemes/bearer"},
            },
        },
    )
    document["components"]["x-schemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    spec = Specification.load(document)
    assert spec.security_schemes == {"bearer": {"type": "http", "scheme": "bearer"}}
    assert spec.security == [{"bearer": []}, {}]


def test_no_security() -> None:
    for document in (swagger(), openapi()):
        spec = Specification.load(document)
        assert spec.security_schemes == {}
        assert spec.security == []


# -- operations and the mapping interface ------------------------------------------------------


def test_operations_in_document_order() -> None:
    document = openapi(
        "3.1.0",
        paths={
            "/b": {
                "summary": "not an operation",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "post": {"responses": OK},
                "get": {"responses": OK},
                "x-get": {"responses": OK},
            },
            "/a": {"trace": {"responses": OK}, "head": {"responses": OK}},
        },
        webhooks={"newPet": {"post": {"responses": OK}}},
    )
    spec = Specification.load(document)
    found = [(path, method) for path, method, _, _ in spec.operations()]
    assert found == [("/b", "post"), ("/b", "get"), ("/a", "trace"), ("/a", "head")]
    path, method, operation, path_item = next(spec.operations())
    assert operation is spec.resolved["paths"]["/b"]["post"]
    assert path_item is spec.resolved["paths"]["/b"]


def test_mapping_interface_reads_raw() -> None:
    document = openapi(components={"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {}}})
    spec = Specification.load(document)
    assert spec["components"]["schemas"]["A"] == {"$ref": "#/components/schemas/B"}
    assert spec.get("servers") is None
    assert spec.get("servers", []) == []
    assert "paths" in spec
    assert set(spec) == {"openapi", "info", "paths", "components"}
    assert len(spec) == 4
    assert repr(spec) == "<OpenAPISpecification 3.0 from dict>"


def test_load_returns_a_specification_as_is() -> None:
    spec = Specification.load(openapi())
    assert Specification.load(spec) is spec


def test_public_reexports() -> None:
    assert connexion.spec.Specification is Specification
    assert connexion.spec.Swagger2Specification is Swagger2Specification
    assert connexion.spec.OpenAPISpecification is OpenAPISpecification
    assert connexion.spec.ExtendedSafeLoader is ExtendedSafeLoader
    assert connexion.json_schema.ExtendedSafeLoader is ExtendedSafeLoader


# -- validation --------------------------------------------------------------------------------


def test_validation_error_says_where() -> None:
    document = swagger(paths={"/pets": {"get": {"responses": {"200": {}}}}})
    with pytest.raises(InvalidSpecification) as info:
        Specification.load(document)
    error = info.value
    assert str(error).startswith("Invalid specification at paths./pets.get.responses.200: ")
    assert error.path == ["paths", "/pets", "get", "responses", "200"]
    assert error.schema_path
    assert Specification.load(document, validate=False).version == (2, 0)


def test_validation_error_in_a_schema_says_where() -> None:
    schemas = {"Pet": {"type": "object", "required": ["a", "a"]}}
    with pytest.raises(InvalidSpecification) as info:
        Specification.load(openapi(components={"schemas": schemas}))
    # (how deep the location goes depends on the validator's schema engine)
    assert info.value.path[:3] == ["components", "schemas", "Pet"]
    assert "Invalid specification at components.schemas.Pet" in str(info.value)


def test_validation_follows_relative_refs(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "spec.yaml",
        """
        openapi: 3.0.3
        info: {title: T, version: "1"}
        paths:
          /a:
            get:
              parameters: [{$ref: "common.yaml#/limit"}]
              responses: {"200": {description: OK}}
        """,
    )
    write(tmp_path, "common.yaml", "limit: {name: limit, in: query, schema: {type: integer}}\n")
    assert Specification.load(path).version == (3, 0)
    write(tmp_path, "common.yaml", "other: {}\n")
    with pytest.raises(InvalidSpecification, match="common.yaml#/limit"):
        Specification.load(path)


GARBAGE: list[Any] = [
    {"openapi": "3.0.0"},
    {"openapi": "3.0.0", "info": "x", "paths": []},
    {"openapi": "3.0.0", "info": {}, "paths": {"/a": None}},
    {"openapi": "3.0.0", "info": {}, "paths": {"/a": {"get": None}}},
    {"openapi": "3.0.0", "info": {}, "paths": {"/a": {"get": []}}},
    {"openapi": "3.0.0", "info": {}, "paths": {"/a": "x"}, "servers": "x"},
    {"openapi": "3.0.0", "servers": [{"url": 3}], "components": []},
    {"openapi": "3.0.0", "servers": [{"url": "/{v}", "variables": []}], "components": "x"},
    {"openapi": "3.0.0", "servers": [None], "components": {"securitySchemes": []}},
    {"openapi": "3.0.0", "servers": [{"url": "http://[::1"}], "security": {}},
    {"openapi": "3.1.0", "paths": {"/a": {"$ref": 5, "get": {"$ref": []}}}},
    {"openapi": "3.1.0", "webhooks": [], "components": {"schemas": {"A": {"$ref": "#/"}}}},
    {"swagger": "2.0", "basePath": 5, "securityDefinitions": [], "security": "x"},
    {"swagger": "2.0", "paths": {"/a": {"$ref": "#/nope"}}},
    {"swagger": "2.0", "definitions": {"A": {"$ref": "#nope"}}},
    {"swagger": "2.0", "definitions": {"A": {"$ref": "#/definitions/A/properties/x"}}},
    {"swagger": "2.0", "paths": {"/a": {"get": {"parameters": [{"$ref": "#/parameters/0"}]}}}},
]


@pytest.mark.parametrize("document", GARBAGE)
@pytest.mark.parametrize("validate", [True, False])
def test_garbage_raises_only_invalid_specification(document: Any, validate: bool) -> None:
    try:
        spec = Specification.load(document, validate=validate)
    except InvalidSpecification:
        return
    list(spec.operations())
    assert isinstance(spec.base_path, str)
    assert isinstance(spec.security_schemes, dict)
    assert isinstance(spec.security, list)
