"""The security slot: which operations need credentials, and how a denial is answered.

The fixtures give no scheme a verification callback, so every requirement that needs
credentials must deny, whatever the request presents: never silently public. The schemes
themselves (with callbacks) are tested in test_security.py.
"""

from __future__ import annotations

import base64

import pytest
import yaml

from tests.conftest import FIXTURES, build_app

CREDENTIALS = {
    "none": {},
    "api key": {"X-API-Key": "secret-key"},
    "basic": {"Authorization": "Basic " + base64.b64encode(b"user:password").decode()},
    "bearer": {"Authorization": "Bearer some.jwt.token"},
    "everything": {
        "X-API-Key": "secret-key",
        "Authorization": "Basic " + base64.b64encode(b"user:password").decode(),
    },
}
DENIED = ["/global", "/basic", "/bearer", "/oauth", "/all-of", "/one-of"]


@pytest.fixture
def client(backend, spec_version):
    return build_app(backend, f"security/{spec_version}.yaml").test_client()


@pytest.mark.parametrize("credentials", sorted(CREDENTIALS))
@pytest.mark.parametrize("path", DENIED)
def test_requirement_needing_credentials_answers_401(client, path, credentials):
    response = client.get(f"/security{path}", headers=CREDENTIALS[credentials])
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["WWW-Authenticate"]
    problem = response.json()
    assert problem["status"] == 401
    assert problem["title"] == "Unauthorized"
    assert problem["type"] == "about:blank"
    assert problem["detail"]
    assert "operation" not in problem


@pytest.mark.parametrize(
    ("path", "challenge"),
    [("/basic", "Basic"), ("/bearer", "Bearer"), ("/oauth", "Bearer")],
)
def test_challenge_names_the_scheme(client, path, challenge):
    response = client.get(f"/security{path}")
    assert response.headers["WWW-Authenticate"].split()[0] == challenge


@pytest.mark.parametrize("credentials", sorted(CREDENTIALS))
def test_empty_security_makes_an_operation_public(client, credentials):
    response = client.get("/security/public", headers=CREDENTIALS[credentials])
    assert response.status_code == 200
    assert response.json() == {"operation": "public"}


@pytest.mark.parametrize("credentials", ["none", "api key", "bearer"])
def test_empty_requirement_among_alternatives_allows_anonymous_access(client, credentials):
    # /optional is `[{basic: []}, {}]`: a caller without basic credentials is anonymous.
    response = client.get("/security/optional", headers=CREDENTIALS[credentials])
    assert response.status_code == 200
    assert response.json() == {"operation": "optional"}


@pytest.mark.parametrize("credentials", ["basic", "everything"])
def test_presented_credentials_that_fail_are_not_ignored(client, credentials):
    # Basic credentials are presented but cannot be verified (no callback): that is a 401,
    # not a silent fall-through to the anonymous alternative.
    response = client.get("/security/optional", headers=CREDENTIALS[credentials])
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def spec_with_global_security(spec_version, security):
    document = yaml.safe_load((FIXTURES / "security" / f"{spec_version}.yaml").read_text())
    document["security"] = security
    return document


def test_global_security_applies_to_operations_without_their_own(backend, spec_version):
    client = build_app(backend, spec_with_global_security(spec_version, [{"basic": []}]))
    response = client.test_client().get("/security/global")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    # Operations with their own security are not affected.
    assert client.test_client().get("/security/public").status_code == 200


def test_global_security_with_an_anonymous_alternative(backend, spec_version):
    spec = spec_with_global_security(spec_version, [{"api_key": []}, {}])
    client = build_app(backend, spec).test_client()
    assert client.get("/security/global").json() == {"operation": "global"}
    # An operation's own requirement still overrides the global one.
    assert client.get("/security/basic").status_code == 401


def test_without_global_security_operations_are_public(backend, spec_version):
    spec = spec_with_global_security(spec_version, [])
    client = build_app(backend, spec).test_client()
    assert client.get("/security/global").json() == {"operation": "global"}
    assert client.get("/security/basic").status_code == 401


def test_denial_comes_before_parameter_validation(backend, spec_version):
    # Credentials are checked first: an anonymous caller learns nothing about the parameters.
    spec = spec_with_global_security(spec_version, [{"api_key": []}])
    if spec_version == "swagger":
        parameter = {"name": "limit", "in": "query", "required": True, "type": "integer"}
    else:
        parameter = {
            "name": "limit",
            "in": "query",
            "required": True,
            "schema": {"type": "integer"},
        }
    spec["paths"]["/global"]["get"]["parameters"] = [parameter]
    client = build_app(backend, spec).test_client()
    assert client.get("/security/global").status_code == 401
    assert client.get("/security/global?limit=abc").status_code == 401
