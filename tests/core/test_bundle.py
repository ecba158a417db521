"""Bundling a spec split across files into the one document that is served."""

from __future__ import annotations

import json
import pathlib
import time
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from connexion.core.bundle import BUNDLED_KEY, bundle_document, has_external_refs
from connexion.core.spec import Specification
from tests.conftest import SHARED_SPECS

SPLIT_SPECS = [
    "swagger2/oai-petstore-separate/spec/swagger.yaml",
    "oas30/digitalocean/specification/DigitalOcean-public.v2.yaml",
]


def refs_in(node: Any) -> set[str]:
    return set(_refs(node))


def _refs(node: Any) -> Any:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def shape(node: Any, depth: int = 14) -> Any:
    """``node`` cut off ``depth`` levels down (resolved recursive schemas are cycles)."""
    if depth == 0:
        return "..."
    if isinstance(node, dict):
        return {key: shape(value, depth - 1) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [shape(value, depth - 1) for value in node]
    return node


@pytest.mark.parametrize("name", SPLIT_SPECS)
def test_split_corpus_specs_bundle_into_one_document(name: str) -> None:
    path = SHARED_SPECS / name
    spec = Specification.from_file(path, validate=False)
    assert has_external_refs(spec.raw)

    started = time.perf_counter()
    bundled = bundle_document(spec.raw, str(path))
    elapsed = time.perf_counter() - started

    assert not has_external_refs(bundled)
    assert all(ref.startswith("#/") for ref in refs_in(bundled))
    # The same operations, with the same resolved content, as the split original.
    alone = Specification.from_dict(json.loads(json.dumps(bundled)), validate=False)
    assert [shape(op) for op in alone.operations()] == [shape(op) for op in spec.operations()]
    assert elapsed < 5, elapsed


def test_bundled_petstore_is_a_valid_spec() -> None:
    path = SHARED_SPECS / SPLIT_SPECS[0]
    bundled = bundle_document(Specification.from_file(path).raw, str(path))

    validate(bundled)


def write(folder: pathlib.Path, name: str, document: dict[str, Any]) -> pathlib.Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document))
    return path


def test_recursion_across_files_is_kept_once(tmp_path: pathlib.Path) -> None:
    write(
        tmp_path,
        "schemas/node.yaml",
        {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "node.yaml"}},
                "meta": {"$ref": "../common.yaml#/Meta"},
            },
        },
    )
    write(tmp_path, "common.yaml", {"Meta": {"type": "object", "description": "shared"}})
    main = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/tree": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "a tree",
                            "content": {
                                "application/json": {"schema": {"$ref": "schemas/node.yaml"}}
                            },
                        }
                    }
                }
            }
        },
        "components": {"schemas": {"Local": {"type": "string"}}},
    }
    main_path = write(tmp_path, "openapi.yaml", main)

    bundled = bundle_document(main, str(main_path))

    kept = bundled[BUNDLED_KEY]
    [(name, node)] = kept.items()
    assert node["properties"]["children"]["items"] == {"$ref": f"#/{BUNDLED_KEY}/{name}"}
    assert node["properties"]["meta"] == {"type": "object", "description": "shared"}
    schema = bundled["paths"]["/tree"]["get"]["responses"]["200"]["content"]["application/json"]
    assert schema["schema"] == {"$ref": f"#/{BUNDLED_KEY}/{name}"}
    assert bundled["components"] == main["components"]
    validate(bundled)
    # Resolved again, it is the same recursive schema.
    resolved = Specification.from_dict(bundled).resolved
    tree = resolved["paths"]["/tree"]["get"]["responses"]["200"]["content"]
    tree_schema = tree["application/json"]["schema"]
    assert tree_schema["properties"]["children"]["items"] is tree_schema


def test_local_remote_and_unreadable_refs_stay(tmp_path: pathlib.Path) -> None:
    document = {
        "a": {"$ref": "#/b"},
        "b": {"type": "string"},
        "c": {"$ref": "https://example.com/schemas/x.json"},
        "d": {"$ref": "missing.yaml#/X"},
        "e": {"$ref": "other.yaml#/X", "description": "overrides"},
    }
    write(tmp_path, "other.yaml", {"X": {"type": "integer", "description": "original"}})

    bundled = bundle_document(document, str(tmp_path / "main.yaml"))

    assert bundled["a"] == {"$ref": "#/b"}
    assert bundled["c"] == {"$ref": "https://example.com/schemas/x.json"}
    assert bundled["d"] == {"$ref": "missing.yaml#/X"}
    assert bundled["e"] == {"type": "integer", "description": "overrides"}
    assert document["e"] == {"$ref": "other.yaml#/X", "description": "overrides"}


def test_a_file_referring_back_to_the_main_document(tmp_path: pathlib.Path) -> None:
    write(tmp_path, "pet.yaml", {"allOf": [{"$ref": "main.yaml#/definitions/Base"}]})
    document = {"definitions": {"Base": {"type": "object"}}, "pet": {"$ref": "pet.yaml"}}

    bundled = bundle_document(document, str(tmp_path / "main.yaml"))

    assert bundled["pet"] == {"allOf": [{"$ref": "#/definitions/Base"}]}


def test_targets_used_many_times_are_kept_once(tmp_path: pathlib.Path) -> None:
    # L0 -> L1 twice -> L2 twice ...: inlining every use would double the size at each level.
    levels = 24
    models = {
        f"L{i}": {
            "type": "object",
            "properties": {"a": {"$ref": f"#/L{i + 1}"}, "b": {"$ref": f"#/L{i + 1}"}},
        }
        for i in range(levels)
    }
    models[f"L{levels}"] = {"type": "string"}
    write(tmp_path, "models.yaml", models)
    document = {"schema": {"$ref": "models.yaml#/L0"}}

    started = time.perf_counter()
    bundled = bundle_document(document, str(tmp_path / "main.yaml"))
    elapsed = time.perf_counter() - started

    assert len(json.dumps(bundled)) < 100_000  # inlined at every use: about 800 MB
    assert elapsed < 1
    assert len(bundled[BUNDLED_KEY]) == levels
    resolved = Specification.from_dict(
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, **bundled},
        validate=False,
    ).resolved
    node = resolved["schema"]
    for _ in range(levels):
        node = node["properties"]["b"]
    assert node == {"type": "string"}
