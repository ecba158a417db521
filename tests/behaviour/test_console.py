"""The Swagger UI console at ``{base}/ui/``: the page, its assets and its options."""

from __future__ import annotations

import logging
import pathlib
import sys
from typing import Any

import pytest

from tests.behaviour.test_served_spec import spec
from tests.conftest import build_app


def page_of(client: Any, path: str = "/api/ui/") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    return str(response.text)


def test_console_page_loads_the_spec(backend: str, spec_version: str) -> None:
    client = build_app(backend, spec(spec_version)).test_client()

    page = page_of(client)

    spec_file = "swagger.json" if spec_version == "swagger" else "openapi.json"
    # Relative to the page, so that it holds behind any path prefix.
    assert f'url: "../{spec_file}"' in page
    assert "SwaggerUIBundle(" in page


def test_console_without_slash_redirects_relatively(backend: str) -> None:
    client = build_app(backend, spec("openapi")).test_client()

    response = client.get("/api/ui")

    assert response.status_code == 308
    assert response.headers["Location"] == "ui/"


@pytest.mark.parametrize(
    ("name", "content_type", "start"),
    [
        ("swagger-ui-bundle.js", "text/javascript; charset=utf-8", b""),
        ("swagger-ui.css", "text/css; charset=utf-8", b".swagger-ui"),
        ("favicon-32x32.png", "image/png", b"\x89PNG"),
        ("oauth2-redirect.html", "text/html; charset=utf-8", b""),
    ],
)
def test_console_assets(backend: str, name: str, content_type: str, start: bytes) -> None:
    client = build_app(backend, spec("openapi")).test_client()

    response = client.get(f"/api/ui/{name}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.content.startswith(start)
    assert len(response.content) > 100


def test_unchanged_assets_are_not_sent_again(backend: str) -> None:
    client = build_app(backend, spec("openapi")).test_client()
    first = client.get("/api/ui/swagger-ui.css")
    etag = first.headers["ETag"]

    again = client.get("/api/ui/swagger-ui.css", headers={"If-None-Match": etag})
    page = client.get("/api/ui/", headers={"If-None-Match": etag})

    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/api/ui/swagger-ui.css", headers={"If-None-Match": "*"}).status_code == 304
    listed = client.get("/api/ui/swagger-ui.css", headers={"If-None-Match": f'"x", {etag}'})
    assert listed.status_code == 304
    assert page.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/ui/%2e%2e/openapi.json",
        "/api/ui/..%2fopenapi.json",
        "/api/ui/%2e%2e%2f%2e%2e%2fsetup.cfg",
        "/api/ui/..%5c..%5csetup.cfg",
        "/api/ui/%2fetc%2fpasswd",
        "/api/ui//etc/passwd",
        "/api/ui/vendor/../../__init__.py",
        "/api/ui/nothing-here.js",
    ],
)
def test_nothing_outside_the_console_folder(backend: str, path: str) -> None:
    client = build_app(backend, spec("openapi")).test_client()

    response = client.get(path)

    if response.status_code == 200:
        # aiohttp's client removes dot segments before sending: what it asked for is the spec.
        assert response.content == client.get("/api/openapi.json").content
    else:
        assert response.status_code in (404, 308), response.text
    if response.status_code == 404:
        assert response.headers["Content-Type"] == "application/problem+json"
    assert b"[metadata]" not in response.content
    assert b"root:" not in response.content
    assert b"import" not in response.content


def test_swagger_ui_false(backend: str) -> None:
    client = build_app(backend, spec("openapi"), options={"swagger_ui": False}).test_client()

    assert client.get("/api/ui/").status_code == 404
    assert client.get("/api/ui/swagger-ui.css").status_code == 404
    assert client.get("/api/openapi.json").status_code == 200


def test_swagger_url_moves_the_console(backend: str) -> None:
    client = build_app(backend, spec("openapi"), options={"swagger_url": "/docs/console"})
    client = client.test_client()

    page = page_of(client, "/api/docs/console/")

    assert 'url: "../../openapi.json"' in page
    assert client.get("/api/docs/console").headers["Location"] == "console/"
    assert client.get("/api/docs/console/swagger-ui.css").status_code == 200
    assert client.get("/api/ui/").status_code == 404


def test_swagger_ui_config(backend: str) -> None:
    config = {"docExpansion": "none", "tryItOutEnabled": True}
    client = build_app(
        backend, spec("openapi"), options={"swagger_ui_config": config}
    ).test_client()

    page = page_of(client)
    served = client.get("/api/ui/swagger-ui-config.json")

    assert 'configUrl: "swagger-ui-config.json"' in page
    assert served.status_code == 200
    assert served.json() == config


def test_no_config_file_without_swagger_ui_config(backend: str) -> None:
    client = build_app(backend, spec("openapi")).test_client()

    assert "configUrl" not in page_of(client)
    assert client.get("/api/ui/swagger-ui-config.json").status_code == 404


def test_swagger_ui_template_arguments(backend: str) -> None:
    arguments = {"initOAuth": {"clientId": "console-client"}, "openapi_spec_url": "/other.json"}
    client = build_app(
        backend, spec("openapi"), options={"swagger_ui_template_arguments": arguments}
    ).test_client()

    page = page_of(client)

    assert '"clientId": "console-client"' in page
    assert 'url: "/other.json"' in page


def test_swagger_path_serves_a_folder_of_ones_own(backend: str, tmp_path: pathlib.Path) -> None:
    (tmp_path / "index.j2").write_text("<html>my console for {{ openapi_spec_url }}</html>")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "app.js").write_text("console.log('mine')")
    client = build_app(backend, spec("openapi"), options={"swagger_path": str(tmp_path)})
    client = client.test_client()

    assert page_of(client) == "<html>my console for ../openapi.json</html>"
    script = client.get("/api/ui/js/app.js")
    assert script.status_code == 200
    assert script.text == "console.log('mine')"
    assert client.get("/api/ui/swagger-ui.css").status_code == 404


def test_swagger_path_that_is_not_a_folder(backend: str, tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="swagger_path"):
        build_app(backend, spec("openapi"), options={"swagger_path": str(tmp_path / "none")})


def test_console_without_the_bundle_is_off_and_says_why(
    backend: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # What an install without the swagger-ui extra looks like: the import fails.
    monkeypatch.setitem(sys.modules, "swagger_ui_bundle", None)
    with caplog.at_level(logging.WARNING, logger="connexion"):
        client = build_app(backend, spec("openapi")).test_client()

    assert client.get("/api/ui/").status_code == 404
    assert client.get("/api/openapi.json").status_code == 200
    assert "connexion[swagger-ui]" in caplog.text
    assert "/api/ui/" in caplog.text


def test_console_of_each_api(backend: str) -> None:
    app = build_app(backend, spec("openapi"))
    app.add_api(spec("swagger"), base_path="/old")
    client = app.test_client()

    assert 'url: "../openapi.json"' in page_of(client, "/api/ui/")
    assert 'url: "../swagger.json"' in page_of(client, "/old/ui/")


def test_console_is_public_under_auth_all_paths(backend: str) -> None:
    document = spec("openapi")
    document["components"] = {
        "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    }
    document["security"] = [{"key": []}]
    document["components"]["securitySchemes"]["key"]["x-apikeyInfoFunc"] = (
        "tests.fakeapi.security.apikey_auth"
    )
    client = build_app(backend, document, auth_all_paths=True).test_client()

    assert client.get("/api/ui/").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/pets").status_code == 401
    assert client.get("/api/elsewhere").status_code == 401


def test_head_of_the_console(backend: str) -> None:
    client = build_app(backend, spec("openapi")).test_client()

    response = client.head("/api/ui/swagger-ui.css")

    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize(
    ("swagger_url", "spec_path", "page", "spec_url"),
    [
        ("docs", "spec.json", "/api/docs/", "../spec.json"),
        ("/docs/", "/spec.json", "/api/docs/", "../spec.json"),
        ("docs/inner", "/nested/spec.json", "/api/docs/inner/", "../../nested/spec.json"),
    ],
)
def test_paths_without_or_with_extra_slashes(
    backend: str, swagger_url: str, spec_path: str, page: str, spec_url: str
) -> None:
    options = {"swagger_url": swagger_url, "openapi_spec_path": spec_path}
    client = build_app(backend, spec("openapi"), options=options).test_client()

    assert f'url: "{spec_url}"' in page_of(client, page)
    served = "/api/" + spec_path.strip("/")
    assert client.get(served).json()["info"]["title"] == "Pets"
    assert client.get(served.replace(".json", ".yaml")).status_code == 200


def test_a_spec_path_that_is_not_json_has_no_yaml_twin(backend: str) -> None:
    options = {"openapi_spec_path": "/openapi.yaml"}
    client = build_app(backend, spec("openapi"), options=options).test_client()

    assert client.get("/api/openapi.yaml").status_code == 200
    assert client.get("/api/openapi.yaml.yaml").status_code == 404
