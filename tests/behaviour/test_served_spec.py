"""The served spec: where it is, its two formats, and the URL it gives the client."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import build_app


def spec(version: str, **top: Any) -> dict[str, Any]:
    """A one-operation spec of ``version`` (``swagger`` or ``openapi``) with base path /api."""
    operation = {
        "operationId": "tests.fakeapi.pets.list_pets",
        "responses": {"200": {"description": "pets"}},
    }
    if version == "swagger":
        document: dict[str, Any] = {
            "swagger": "2.0",
            "info": {"title": "Pets", "version": "1"},
            "host": "api.example.com",
            "schemes": ["https"],
            "basePath": "/api",
            "paths": {"/pets": {"get": operation}},
        }
    else:
        document = {
            "openapi": "3.0.3",
            "info": {"title": "Pets", "version": "1"},
            "servers": [{"url": "https://api.example.com/api", "description": "production"}],
            "paths": {"/pets": {"get": operation}},
        }
    document.update(top)
    return document


def spec_path(version: str) -> str:
    return "/swagger.json" if version == "swagger" else "/openapi.json"


def served_url(document: dict[str, Any]) -> str:
    """Where the served document tells its client the API is."""
    if "swagger" in document:
        assert "host" not in document and "schemes" not in document
        return str(document["basePath"])
    [server] = document["servers"]
    return str(server["url"])


def test_spec_served_as_json_and_yaml(backend: str, spec_version: str) -> None:
    client = build_app(backend, spec(spec_version)).test_client()
    json_path = "/api" + spec_path(spec_version)

    as_json = client.get(json_path)
    as_yaml = client.get(json_path.replace(".json", ".yaml"))

    assert as_json.status_code == 200
    assert as_json.headers["Content-Type"] == "application/json"
    assert as_yaml.status_code == 200
    assert as_yaml.headers["Content-Type"].startswith("text/yaml")
    assert yaml.safe_load(as_yaml.text) == as_json.json()
    assert as_json.json()["paths"]["/pets"]["get"]["operationId"] == (
        "tests.fakeapi.pets.list_pets"
    )


def test_served_spec_points_at_the_api_itself(backend: str, spec_version: str) -> None:
    client = build_app(backend, spec(spec_version)).test_client()

    document = client.get("/api" + spec_path(spec_version)).json()

    # A relative URL (3.x) or no host (2.0) means "where this document came from".
    assert served_url(document) == "/api"
    if spec_version == "openapi":
        assert document["servers"][0]["description"] == "production"


def test_served_spec_follows_the_base_path_given_to_add_api(
    backend: str, spec_version: str
) -> None:
    client = build_app(backend, spec(spec_version), base_path="/v2").test_client()

    document = client.get("/v2" + spec_path(spec_version)).json()

    assert served_url(document) == "/v2"
    assert client.get("/v2/pets").status_code == 200


def test_served_spec_at_the_root(backend: str, spec_version: str) -> None:
    client = build_app(backend, spec(spec_version), base_path="/").test_client()

    assert served_url(client.get(spec_path(spec_version)).json()) == "/"


@pytest.mark.parametrize("header", ["/gateway", "/gateway/", "/a/b, /c"])
def test_proxy_prefix_is_in_the_served_spec(backend: str, spec_version: str, header: str) -> None:
    client = build_app(backend, spec(spec_version)).test_client()
    headers = {"X-Forwarded-Prefix": header}

    as_json = client.get("/api" + spec_path(spec_version), headers=headers)
    as_yaml = client.get("/api" + spec_path(spec_version)[:-5] + ".yaml", headers=headers)

    expected = header.split(",")[0].rstrip("/") + "/api"
    assert served_url(as_json.json()) == expected
    assert served_url(yaml.safe_load(as_yaml.text)) == expected
    assert "X-Forwarded-Prefix" in as_json.headers["Vary"]
    # The next client, without the header, gets the plain document (not a cached copy).
    assert served_url(client.get("/api" + spec_path(spec_version)).json()) == "/api"


@pytest.mark.parametrize(
    "header",
    [
        '/x"><script>alert(1)</script>',
        "gateway",
        "//evil.example",
        "/a b",
        "/a\\b",
        "/a:",
        "/" + "x" * 2000,
    ],
)
def test_unsafe_proxy_prefix_is_ignored(backend: str, spec_version: str, header: str) -> None:
    client = build_app(backend, spec(spec_version)).test_client()

    response = client.get("/api" + spec_path(spec_version), headers={"X-Forwarded-Prefix": header})

    assert response.status_code == 200
    assert served_url(response.json()) == "/api"


def test_serve_spec_false_serves_neither_format(backend: str, spec_version: str) -> None:
    client = build_app(backend, spec(spec_version), options={"serve_spec": False}).test_client()
    json_path = "/api" + spec_path(spec_version)

    assert client.get(json_path).status_code == 404
    assert client.get(json_path.replace(".json", ".yaml")).status_code == 404
    assert client.get("/api/pets").status_code == 200


def test_swagger_json_is_the_old_name_of_serve_spec(backend: str, spec_version: str) -> None:
    client = build_app(backend, spec(spec_version), options={"swagger_json": False}).test_client()

    assert client.get("/api" + spec_path(spec_version)).status_code == 404


def test_openapi_spec_path_moves_both_formats(backend: str, spec_version: str) -> None:
    app = build_app(
        backend,
        spec(spec_version),
        options={"openapi_spec_path": "/docs/spec.json", "swagger_ui": False},
    )
    client = app.test_client()

    assert client.get("/api/docs/spec.json").json()["info"]["title"] == "Pets"
    assert yaml.safe_load(client.get("/api/docs/spec.yaml").text)["info"]["title"] == "Pets"
    assert client.get("/api" + spec_path(spec_version)).status_code == 404


def test_app_level_options_apply_to_every_api(backend: str, spec_version: str) -> None:
    app = build_app(backend, spec(spec_version), app_options={"options": {"serve_spec": False}})

    assert app.test_client().get("/api" + spec_path(spec_version)).status_code == 404


def test_yaml_dates_are_served_as_strings(backend: str) -> None:
    document = spec("openapi")
    # PyYAML reads an unquoted date as a datetime.date; JSON has no such type.
    document["info"]["x-released"] = yaml.safe_load("2024-05-01")
    client = build_app(backend, document).test_client()

    assert client.get("/api/openapi.json").json()["info"]["x-released"] == "2024-05-01"


def test_head_of_the_spec(backend: str) -> None:
    client = build_app(backend, spec("openapi")).test_client()

    response = client.head("/api/openapi.json")

    assert response.status_code == 200
    assert response.content == b""


def test_the_spec_of_each_api(backend: str) -> None:
    app = build_app(backend, spec("openapi"))
    app.add_api(spec("swagger"), base_path="/old")
    client = app.test_client()

    assert client.get("/api/openapi.json").json()["openapi"] == "3.0.3"
    old = client.get("/old/swagger.json").json()
    assert old["swagger"] == "2.0"
    assert old["basePath"] == "/old"


async def _get_mounted_async(backend: str, app: Any, paths: list[str]) -> list[tuple[int, Any]]:
    answers = []
    if backend == "quart":
        client = app.app.test_client()
        for path in paths:
            response = await client.get("/mnt" + path, root_path="/mnt")
            answers.append((response.status_code, await response.get_json()))
        return answers
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    parent = web.Application()
    parent.add_subapp("/mnt", app.app)
    async with TestClient(TestServer(parent, host="127.0.0.1")) as client:
        for path in paths:
            answer = await client.get("/mnt" + path)
            answers.append((answer.status, await answer.json()))
    return answers


def get_mounted(backend: str, app: Any, paths: list[str]) -> list[tuple[int, Any]]:
    """GET each of ``paths`` of ``app`` mounted under ``/mnt`` the way its framework mounts
    apps: WSGI ``SCRIPT_NAME``, ASGI ``root_path``, aiohttp ``add_subapp``."""
    if backend == "flask":
        client = app.app.test_client()
        responses = [client.get(path, base_url="http://localhost/mnt") for path in paths]
        return [(response.status_code, response.json) for response in responses]
    import asyncio

    return asyncio.run(_get_mounted_async(backend, app, paths))


def test_mount_point_is_in_the_served_spec(backend: str, spec_version: str) -> None:
    app = build_app(backend, spec(spec_version))

    (status, document), (pets_status, _) = get_mounted(
        backend, app, ["/api" + spec_path(spec_version), "/api/pets"]
    )

    assert status == 200
    assert served_url(document) == "/mnt/api"
    assert pets_status == 200


def test_a_split_spec_is_served_as_one_document(backend: str) -> None:
    from tests.conftest import SHARED_SPECS

    folder = SHARED_SPECS / "swagger2" / "oai-petstore-separate" / "spec"
    client = build_app(backend, "swagger.yaml", folder=folder, resolver_error=501).test_client()

    served = client.get("/api/swagger.json")

    assert served.status_code == 200
    assert '.yaml"' not in served.text
    pet = served.json()["paths"]["/pets"]["get"]["responses"]["200"]["schema"]["items"]
    assert pet == yaml.safe_load((folder / "Pet.yaml").read_text())


def test_clients_behind_different_prefixes_each_get_their_own(
    backend: str, spec_version: str
) -> None:
    client = build_app(backend, spec(spec_version)).test_client()
    path = "/api" + spec_path(spec_version)
    prefixes = ["/one", "/two", "", "/one", "/o'k!$&(x)*+;=@%20", "/two", ""]

    for prefix in prefixes:
        headers = {"X-Forwarded-Prefix": prefix} if prefix else {}
        as_json = client.get(path, headers=headers)
        as_yaml = client.get(path[:-5] + ".yaml", headers=headers)
        assert served_url(as_json.json()) == prefix + "/api"
        assert yaml.safe_load(as_yaml.text) == as_json.json()
