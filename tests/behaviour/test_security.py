"""Security: every scheme, AND and OR, scopes, callbacks, token info over HTTP, auth_all_paths.

The fixtures (tests/fixtures/security_schemes) give each scheme a callback from
tests/fakeapi/security.py, except the ``env_*`` schemes, whose callbacks come from environment
variables. Swagger 2.0 has basic, apiKey (header, query), apiKey with
``x-authentication-scheme: Bearer`` and oauth2; OpenAPI 3 adds HTTP bearer, cookie API keys and
openIdConnect, which are tested on OpenAPI 3 only.
"""

from __future__ import annotations

import base64
import copy
import time
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

import tests.fakeapi.security as callbacks
from connexion.exceptions import ResolverError
from connexion.security import remote
from tests.conftest import FIXTURES, build_app
from tests.security_server import TokenInfoServer

PROBLEM = "application/problem+json"
CALLBACKS = "tests.fakeapi.security"
ENV_VARS = (
    "TOKENINFO_FUNC",
    "TOKENINFO_URL",
    "SCOPEVALIDATE_FUNC",
    "BASICINFO_FUNC",
    "APIKEYINFO_FUNC",
    "BEARERINFO_FUNC",
)


def spec_file(spec_version: str) -> str:
    return f"security_schemes/{spec_version}.yaml"


def load_spec(spec_version: str) -> dict[str, Any]:
    text = (FIXTURES / spec_file(spec_version)).read_text()
    return yaml.safe_load(text)  # type: ignore[no-any-return]


def schemes_of(spec: dict[str, Any]) -> dict[str, Any]:
    if "swagger" in spec:
        return spec["securityDefinitions"]  # type: ignore[no-any-return]
    return spec["components"]["securitySchemes"]  # type: ignore[no-any-return]


def basic(username: str, password: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ALICE = basic("alice", "wonderland")
BOB = basic("bob", "builder")
KEY_ALICE = {"X-API-Key": "key-alice"}
KEY_BOB = {"X-API-Key": "key-bob"}


def assert_401(response: Any, *challenges: str) -> dict[str, Any]:
    """A 401 problem whose WWW-Authenticate names each of ``challenges``."""
    assert response.status_code == 401, response.text
    assert response.headers["Content-Type"] == PROBLEM
    header = response.headers["WWW-Authenticate"]
    for challenge in challenges:
        assert challenge in [part.split()[0] for part in header.split(", ") if part[:1].isupper()]
    problem = response.json()
    assert problem["status"] == 401
    assert problem["title"] == "Unauthorized"
    assert "Traceback" not in response.text
    return problem  # type: ignore[no-any-return]


def assert_403(response: Any, missing: list[str]) -> dict[str, Any]:
    """A 403 problem whose detail names exactly the ``missing`` scopes."""
    assert response.status_code == 403, response.text
    assert response.headers["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 403
    assert problem["title"] == "Forbidden"
    assert problem["detail"].endswith("required scopes: " + ", ".join(missing))
    return problem  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The env-var fallbacks must come from the tests alone, never from the outer shell."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def client(backend: str, spec_version: str) -> Any:
    return build_app(backend, spec_file(spec_version)).test_client()


@pytest.fixture
def oas3_client(backend: str) -> Any:
    return build_app(backend, spec_file("openapi")).test_client()


# --- HTTP basic -----------------------------------------------------------------------------


def test_basic_credentials_reach_the_handler(client):
    response = client.get("/auth/basic", headers=ALICE)
    assert response.status_code == 200
    assert response.json() == {"user": "alice", "token_info": {"sub": "alice", "via": "basic"}}
    assert client.get("/auth/basic", headers=BOB).json()["user"] == "bob"


def test_basic_scheme_name_is_case_insensitive(client):
    headers = {"Authorization": ALICE["Authorization"].replace("Basic", "basic")}
    assert client.get("/auth/basic", headers=headers).json()["user"] == "alice"


@pytest.mark.parametrize(
    "headers",
    [basic("alice", "wrong"), basic("mallory", "wonderland"), basic("alice", "")],
    ids=["wrong password", "unknown user", "empty password"],
)
def test_rejected_basic_credentials_answer_401(client, headers):
    problem = assert_401(client.get("/auth/basic", headers=headers), "Basic")
    assert problem["detail"] == "Provided credentials are not valid for basic"


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"no-colon-here").decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:\xfd").decode(),
        "Basic " + base64.b64encode(b"alice:wonderland").decode()[:-2],
    ],
    ids=["not base64", "no colon", "not utf-8", "truncated"],
)
def test_malformed_basic_header_answers_401_not_500(client, authorization):
    problem = assert_401(client.get("/auth/basic", headers={"Authorization": authorization}))
    assert problem["detail"] == "Malformed credentials for basic"


@pytest.mark.parametrize("authorization", ["Basic", "Basic   ", "Bearer x", "Digest abc", ""])
def test_missing_basic_credentials_answer_401_with_the_challenge(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/auth/basic", headers=headers)
    problem = assert_401(response, "Basic")
    assert response.headers["WWW-Authenticate"] == 'Basic realm="api"'
    assert problem["detail"] == "No credentials were provided"


# --- bearer ---------------------------------------------------------------------------------


def test_bearer_token_reaches_the_handler(client):
    # OpenAPI 3: type http, scheme bearer; Swagger 2: an apiKey on the Authorization header
    # with x-authentication-scheme: Bearer.
    response = client.get("/auth/bearer", headers=bearer("bearer-alice"))
    assert response.status_code == 200
    assert response.json() == {"user": "alice", "token_info": {"sub": "alice", "via": "bearer"}}


@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        ("Bearer wrong-token", "Provided credentials are not valid for bearer"),
        ("bearer-alice", "No credentials were provided"),
        (ALICE["Authorization"], "No credentials were provided"),
        ("Bearer ", "No credentials were provided"),
    ],
    ids=["unknown token", "no Bearer prefix", "basic instead", "empty token"],
)
def test_bad_bearer_credentials_answer_401(client, authorization, detail):
    response = client.get("/auth/bearer", headers={"Authorization": authorization})
    assert assert_401(response, "Bearer")["detail"] == detail


# --- API keys -------------------------------------------------------------------------------


def api_key_request(location: str, key: str) -> dict[str, Any]:
    if location == "header":
        return {"headers": {"X-API-Key": key}}
    if location == "query":
        return {"query_string": {"api_key": key}}
    return {"headers": {"Cookie": f"theme=dark; session={key}"}}


def test_api_key_in_header_and_query(client):
    for location in ("header", "query"):
        response = client.get(f"/auth/apikey/{location}", **api_key_request(location, "key-bob"))
        assert response.status_code == 200, location
        # The callback takes required_scopes, so it receives them (none here).
        assert response.json() == {
            "user": "bob",
            "token_info": {"sub": "bob", "via": "apikey", "required_scopes": []},
        }


@pytest.mark.parametrize("location", ["header", "query", "cookie"])
def test_api_key_in_every_location(oas3_client, location):
    path = f"/auth/apikey/{location}"
    response = oas3_client.get(path, **api_key_request(location, "key-alice"))
    assert response.status_code == 200
    assert response.json()["user"] == "alice"

    response = oas3_client.get(f"/auth/apikey/{location}", **api_key_request(location, "nope"))
    assert assert_401(response, "ApiKey")["detail"] == (
        f"Provided credentials are not valid for api_key_{location}"
    )

    assert_401(oas3_client.get(f"/auth/apikey/{location}"), "ApiKey")


@pytest.mark.parametrize("location", ["header", "query", "cookie"])
def test_api_key_in_another_location_does_not_count(oas3_client, location):
    for other in {"header", "query", "cookie"} - {location}:
        response = oas3_client.get(
            f"/auth/apikey/{location}", **api_key_request(other, "key-alice")
        )
        assert_401(response, "ApiKey")


def test_api_key_challenge_names_the_key(oas3_client):
    response = oas3_client.get("/auth/apikey/header")
    assert response.headers["WWW-Authenticate"] == 'ApiKey realm="api", name="X-API-Key"'


def test_empty_api_key_is_a_missing_one(client):
    response = client.get("/auth/apikey/header", headers={"X-API-Key": ""})
    assert assert_401(response, "ApiKey")["detail"] == "No credentials were provided"


# --- OAuth2 and OpenID Connect: tokens and scopes ---------------------------------------------


@pytest.mark.parametrize(
    ("token", "user"),
    [
        ("read-token", "alice"),  # scope: "read" (a string)
        ("rw-token", "bob"),  # scope: "read write" (space-separated)
        ("list-token", "carol"),  # scope: [read, write] (a list)
        ("alias-token", "dave"),  # scopes: [read, write] (the alias)
        ("uid-token", "erin"),  # uid instead of sub
    ],
)
def test_token_with_the_required_scope_passes(client, token, user):
    response = client.get("/auth/oauth/read", headers=bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == user
    assert body["token_info"] == callbacks.TOKENS[token]


@pytest.mark.parametrize(
    ("path", "token", "missing"),
    [
        ("/auth/oauth/write", "read-token", ["write"]),
        ("/auth/oauth/write", "uid-token", ["write"]),
        ("/auth/oauth/write", "admin-token", ["read", "write"]),
        ("/auth/oauth/write", "no-scope-token", ["read", "write"]),
        ("/auth/oauth/read", "no-scope-token", ["read"]),
    ],
)
def test_valid_token_without_the_scopes_answers_403_naming_them(client, path, token, missing):
    response = client.get(path, headers=bearer(token))
    assert_403(response, missing)
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize("token", ["rw-token", "list-token", "alias-token"])
def test_token_with_every_required_scope_passes(client, token):
    assert client.get("/auth/oauth/write", headers=bearer(token)).status_code == 200


def test_requirement_without_scopes_needs_only_a_valid_token(client):
    response = client.get("/auth/oauth/any", headers=bearer("no-scope-token"))
    assert response.json()["user"] == "frank"


@pytest.mark.parametrize("path", ["/auth/oauth/any", "/auth/oauth/read", "/auth/oauth/write"])
def test_invalid_or_missing_token_answers_401_not_403(client, path):
    response = client.get(path, headers=bearer("forged-token"))
    problem = assert_401(response, "Bearer")
    assert problem["detail"] == "Provided credentials are not valid for oauth"
    assert_401(client.get(path), "Bearer")


def test_callback_raising_oauth_problem_answers_401(client):
    response = client.get("/auth/oauth/read", headers=bearer(callbacks.REVOKED))
    problem = assert_401(response, "Bearer")
    assert problem["detail"] == "This token was revoked"


def test_custom_scope_check(client):
    # /oauth/custom needs "write"; x-scopeValidateFunc lets "admin" stand for every scope.
    callbacks.SCOPE_CHECKS.clear()
    response = client.get("/auth/oauth/custom", headers=bearer("admin-token"))
    assert response.status_code == 200
    assert response.json()["user"] == "root"
    assert_403(client.get("/auth/oauth/custom", headers=bearer("read-token")), ["write"])
    assert client.get("/auth/oauth/custom", headers=bearer("list-token")).status_code == 200
    # The check gets the token's scopes as the token info has them: a string or a list.
    assert callbacks.SCOPE_CHECKS == [
        (["write"], "admin"),
        (["write"], "read"),
        (["write"], ["read", "write"]),
    ]
    # The default check still applies to the other schemes.
    assert_403(client.get("/auth/oauth/write", headers=bearer("admin-token")), ["read", "write"])


def test_openid_connect_is_checked_like_oauth2(oas3_client):
    response = oas3_client.get("/auth/openid", headers=bearer("read-token"))
    assert response.json() == {"user": "alice", "token_info": {"sub": "alice", "scope": "read"}}
    assert_403(oas3_client.get("/auth/openid", headers=bearer("admin-token")), ["read"])
    assert_401(oas3_client.get("/auth/openid", headers=bearer("forged")), "Bearer")
    assert_401(oas3_client.get("/auth/openid"), "Bearer")


# --- AND, OR, {} and [] -------------------------------------------------------------------------


def test_and_needs_every_scheme_and_passes_token_infos_by_scheme(client):
    response = client.get("/auth/and", headers={**KEY_BOB, **ALICE})
    assert response.status_code == 200
    assert response.json() == {
        "user": None,
        "token_info": {
            "api_key_header": {"sub": "bob", "via": "apikey", "required_scopes": []},
            "basic": {"sub": "alice", "via": "basic"},
        },
    }


@pytest.mark.parametrize(
    "headers",
    [KEY_BOB, ALICE, {}],
    ids=["key only", "basic only", "nothing"],
)
def test_and_with_a_missing_credential_answers_401(client, headers):
    response = client.get("/auth/and", headers=headers)
    assert_401(response, "ApiKey", "Basic")


@pytest.mark.parametrize(
    "headers",
    [{**KEY_BOB, **basic("alice", "bad")}, {"X-API-Key": "bad", **ALICE}],
    ids=["bad password", "bad key"],
)
def test_and_with_an_invalid_credential_answers_401(client, headers):
    assert_401(client.get("/auth/and", headers=headers), "ApiKey", "Basic")


def test_or_accepts_either_alternative(client):
    response = client.get("/auth/or", headers=KEY_ALICE)
    assert response.json()["token_info"]["via"] == "apikey"
    response = client.get("/auth/or", headers=BOB)
    assert response.json() == {"user": "bob", "token_info": {"sub": "bob", "via": "basic"}}
    # Both valid: the first alternative in the spec's order wins.
    response = client.get("/auth/or", headers={**KEY_ALICE, **BOB})
    assert response.json()["user"] == "alice"


def test_or_without_credentials_challenges_every_alternative(client):
    response = client.get("/auth/or")
    assert_401(response, "ApiKey", "Basic")


def test_invalid_credential_does_not_fall_through_to_another_alternative(client):
    # The API key (first alternative) is presented and wrong: 401, even though the basic
    # credentials of the second alternative are valid.
    response = client.get("/auth/or", headers={"X-API-Key": "stolen", **ALICE})
    problem = assert_401(response, "ApiKey", "Basic")
    assert problem["detail"] == "Provided credentials are not valid for api_key_header"
    # The same the other way round: a bad password is not rescued by nothing.
    assert_401(client.get("/auth/or", headers=basic("alice", "bad")), "Basic")


def test_security_fallthrough_option_tries_the_next_alternative(backend, spec_version):
    client = build_app(
        backend, spec_file(spec_version), options={"security_fallthrough": True}
    ).test_client()
    response = client.get("/auth/or", headers={"X-API-Key": "stolen", **ALICE})
    assert response.status_code == 200
    assert response.json() == {"user": "alice", "token_info": {"sub": "alice", "via": "basic"}}
    # Nothing else passes: still a 401 that says why.
    response = client.get("/auth/or", headers={"X-API-Key": "stolen"})
    problem = assert_401(response, "ApiKey", "Basic")
    assert problem["detail"] == "Provided credentials are not valid for api_key_header"
    # With an anonymous alternative, the invalid credentials fall through to it.
    response = client.get("/auth/optional", headers=basic("alice", "bad"))
    assert response.json() == {"user": None, "token_info": {}}


def test_security_fallthrough_set_at_app_level(backend, spec_version):
    app = build_app(
        backend, spec_file(spec_version), app_options={"options": {"security_fallthrough": True}}
    )
    response = app.test_client().get("/auth/or", headers={"X-API-Key": "stolen", **ALICE})
    assert response.json()["user"] == "alice"


def test_missing_scopes_in_one_alternative_do_not_hide_another(client):
    # /scopes-or: oauth [admin] OR basic.
    assert client.get("/auth/scopes-or", headers=bearer("admin-token")).json()["user"] == "root"
    assert client.get("/auth/scopes-or", headers=ALICE).json()["user"] == "alice"
    assert_403(client.get("/auth/scopes-or", headers=bearer("rw-token")), ["admin"])
    assert_401(client.get("/auth/scopes-or"), "Bearer", "Basic")


def test_empty_requirement_allows_anonymous_access(client):
    response = client.get("/auth/optional")
    assert response.status_code == 200
    assert response.json() == {"user": None, "token_info": {}}
    response = client.get("/auth/optional", headers=ALICE)
    assert response.json()["user"] == "alice"


def test_invalid_credentials_do_not_fall_through_to_anonymous(client):
    response = client.get("/auth/optional", headers=basic("alice", "bad"))
    assert_401(response, "Basic")
    assert_401(client.get("/auth/optional", headers={"Authorization": "Basic %%%"}), "Basic")


@pytest.mark.parametrize("headers", [{}, ALICE, basic("alice", "bad"), {"X-API-Key": "bad"}])
def test_empty_security_list_makes_an_operation_public(client, headers):
    # security: [] overrides the global requirement; credentials are not even looked at.
    response = client.get("/auth/public", headers=headers)
    assert response.status_code == 200
    assert response.json() == {"public": True, "in_context": []}


def test_global_security_applies_without_an_operation_level_one(client):
    assert client.get("/auth/global", headers=KEY_ALICE).json()["user"] == "alice"
    assert_401(client.get("/auth/global"), "ApiKey")
    assert_401(client.get("/auth/global", headers=ALICE), "ApiKey")


# --- what the handler and connexion.context receive ------------------------------------------


def test_context_holds_user_and_token_info(client):
    response = client.get("/auth/context", headers=ALICE)
    assert response.json() == {"user": "alice", "token_info": {"sub": "alice", "via": "basic"}}


def test_kwargs_handler_receives_user_and_token_info(client):
    response = client.get("/auth/kwargs", headers=BOB)
    assert response.json() == {"user": "bob", "token_info": {"sub": "bob", "via": "basic"}}


def test_handler_that_names_neither_still_runs(client):
    response = client.get("/auth/plain", headers=ALICE)
    assert response.json() == {"ok": True, "in_context": ["token_info", "user"]}


def test_credentials_are_checked_before_the_body(client):
    assert client.post("/auth/items", json={"name": "pen"}, headers=ALICE).json() == {
        "item": {"name": "pen"},
        "owner": "alice",
    }
    # Without credentials, an invalid body is not even looked at.
    assert_401(client.post("/auth/items", json={"name": ""}), "Basic")
    assert_401(client.post("/auth/items", data=b"{oops", headers={"Content-Type": "text/plain"}))
    assert client.post("/auth/items", json={"name": ""}, headers=ALICE).status_code == 400


# --- environment-variable fallbacks ----------------------------------------------------------


ENV_CASES = [
    ("BASICINFO_FUNC", "basic_auth", "/auth/env/basic", ALICE, "alice"),
    ("APIKEYINFO_FUNC", "apikey_auth", "/auth/env/apikey", {"X-Env-Key": "key-bob"}, "bob"),
    ("BEARERINFO_FUNC", "bearer_auth", "/auth/env/bearer", bearer("bearer-alice"), "alice"),
    ("TOKENINFO_FUNC", "token_info", "/auth/env/oauth", bearer("rw-token"), "bob"),
]


@pytest.mark.parametrize(
    ("variable", "function", "path", "headers", "user"), ENV_CASES, ids=[c[0] for c in ENV_CASES]
)
def test_callback_from_the_environment(
    backend, spec_version, monkeypatch, variable, function, path, headers, user
):
    # Without the variable, the scheme has no callback and denies even good credentials.
    client = build_app(backend, spec_file(spec_version)).test_client()
    assert_401(client.get(path, headers=headers))

    monkeypatch.setenv(variable, f"{CALLBACKS}.{function}")
    client = build_app(backend, spec_file(spec_version)).test_client()
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response.json()["user"] == user
    bad = {key: value[:-1] + "?" for key, value in headers.items()}
    assert_401(client.get(path, headers=bad))


def test_x_callbacks_win_over_the_environment(backend, spec_version, monkeypatch):
    monkeypatch.setenv("BASICINFO_FUNC", f"{CALLBACKS}.apikey_auth")
    client = build_app(backend, spec_file(spec_version)).test_client()
    assert client.get("/auth/basic", headers=ALICE).json()["user"] == "alice"


def test_scope_check_from_the_environment(backend, spec_version, monkeypatch):
    monkeypatch.setenv("TOKENINFO_FUNC", f"{CALLBACKS}.token_info")
    monkeypatch.setenv("SCOPEVALIDATE_FUNC", f"{CALLBACKS}.never_enough")
    callbacks.SCOPE_CHECKS.clear()
    client = build_app(backend, spec_file(spec_version)).test_client()
    # The token has every scope the operation names: the 403 names them all.
    assert_403(client.get("/auth/env/oauth", headers=bearer("rw-token")), ["read"])
    assert callbacks.SCOPE_CHECKS == [(["read"], "read write")]
    # A scheme with its own x-scopeValidateFunc keeps it.
    assert client.get("/auth/oauth/custom", headers=bearer("admin-token")).status_code == 200


def test_unimportable_callback_fails_at_add_api(backend, spec_version, monkeypatch):
    monkeypatch.setenv("BASICINFO_FUNC", f"{CALLBACKS}.no_such_function")
    with pytest.raises(ResolverError, match="security scheme 'env_basic'"):
        build_app(backend, spec_file(spec_version))


# --- async callbacks --------------------------------------------------------------------------

ASYNC_CALLBACKS = {
    "basic": ("x-basicInfoFunc", "async_basic_auth"),
    "api_key_header": ("x-apikeyInfoFunc", "async_apikey_auth"),
    "api_key_query": ("x-apikeyInfoFunc", "async_partial_apikey_auth"),
    "bearer": ("x-bearerInfoFunc", "async_bearer_auth"),
    "oauth": ("x-tokenInfoFunc", "async_token_info"),
    "oauth_custom": ("x-scopeValidateFunc", "async_admin_implies_everything"),
}


def async_spec(spec_version: str) -> dict[str, Any]:
    spec = load_spec(spec_version)
    schemes = schemes_of(spec)
    for name, (extension, function) in ASYNC_CALLBACKS.items():
        schemes[name][extension] = f"{CALLBACKS}.{function}"
    return spec


def test_flask_refuses_async_callbacks_when_the_api_is_added(spec_version):
    for name, (extension, function) in ASYNC_CALLBACKS.items():
        spec = load_spec(spec_version)
        schemes_of(spec)[name][extension] = f"{CALLBACKS}.{function}"
        with pytest.raises(ResolverError) as error:
            build_app("flask", spec)
        message = str(error.value)
        assert f"A callback of security scheme {name!r} is 'async def'" in message
        assert "use a plain 'def' callback, or AioHttpApp / QuartApp" in message


@pytest.fixture
def async_client(backend: str, spec_version: str) -> Any:
    if backend == "flask":
        with pytest.raises(ResolverError, match="is 'async def', which this backend cannot run"):
            build_app(backend, async_spec(spec_version))
        return None
    return build_app(backend, async_spec(spec_version)).test_client()


def test_async_basic_and_bearer_callbacks_are_awaited(async_client):
    if async_client is None:
        return
    response = async_client.get("/auth/basic", headers=ALICE)
    assert response.json()["token_info"] == {"sub": "alice", "via": "basic", "async": True}
    # A coroutine is truthy: a callback called but not awaited would let these through.
    assert_401(async_client.get("/auth/basic", headers=basic("alice", "bad")), "Basic")
    response = async_client.get("/auth/bearer", headers=bearer("bearer-alice"))
    assert response.json()["token_info"]["async"] is True
    assert_401(async_client.get("/auth/bearer", headers=bearer("nope")), "Bearer")


def test_async_api_key_callbacks_are_awaited(async_client):
    if async_client is None:
        return
    response = async_client.get("/auth/apikey/header", headers=KEY_BOB)
    assert response.json()["token_info"] == {
        "sub": "bob",
        "via": "apikey",
        "required_scopes": None,
        "async": True,
    }
    assert_401(async_client.get("/auth/apikey/header", headers={"X-API-Key": "no"}), "ApiKey")
    # An async function behind functools.partial is awaited too.
    response = async_client.get("/auth/apikey/query", query_string={"api_key": "key-alice"})
    assert response.json()["token_info"] == {"sub": "alice", "via": "partial"}
    response = async_client.get("/auth/apikey/query", query_string={"api_key": "no"})
    assert_401(response, "ApiKey")


def test_async_token_info_and_scope_check_are_awaited(async_client):
    if async_client is None:
        return
    response = async_client.get("/auth/oauth/read", headers=bearer("read-token"))
    assert response.json()["token_info"] == {"sub": "alice", "scope": "read", "async": True}
    assert_401(async_client.get("/auth/oauth/read", headers=bearer("forged")), "Bearer")
    assert_403(async_client.get("/auth/oauth/write", headers=bearer("read-token")), ["write"])
    response = async_client.get("/auth/oauth/custom", headers=bearer("admin-token"))
    assert response.status_code == 200
    assert_403(async_client.get("/auth/oauth/custom", headers=bearer("read-token")), ["write"])
    problem = assert_401(async_client.get("/auth/oauth/read", headers=bearer(callbacks.REVOKED)))
    assert problem["detail"] == "This token was revoked"


def test_async_and_sync_callbacks_together(async_client):
    if async_client is None:
        return
    # api_key_header (async) AND basic (async); /or mixes them as alternatives.
    response = async_client.get("/auth/and", headers={**KEY_BOB, **ALICE})
    assert set(response.json()["token_info"]) == {"api_key_header", "basic"}
    response = async_client.get("/auth/or", headers={"X-API-Key": "stolen", **ALICE})
    assert_401(response, "ApiKey", "Basic")


# --- token info over HTTP ---------------------------------------------------------------------


@pytest.fixture
def token_server() -> Iterator[TokenInfoServer]:
    with TokenInfoServer(callbacks.TOKENS) as server:
        yield server
    # Idle keep-alive connections to a stopped server must not outlive the test.
    remote.POOL.clear()


def remote_client(backend: str, spec_version: str, url: str) -> Any:
    app = build_app(backend, spec_file(spec_version), arguments={"token_info_url": url})
    return app.test_client()


def test_token_info_from_a_url(backend, spec_version, token_server):
    client = remote_client(backend, spec_version, token_server.url)
    response = client.get("/auth/oauth/remote", headers=bearer("read-token"))
    assert response.status_code == 200
    assert response.json() == {"user": "alice", "token_info": {"sub": "alice", "scope": "read"}}
    # The token went to the server as a bearer token.
    assert token_server.requests == ["Bearer read-token"]
    assert_403(client.get("/auth/oauth/remote", headers=bearer("admin-token")), ["read"])
    problem = assert_401(client.get("/auth/oauth/remote", headers=bearer("forged")), "Bearer")
    assert problem["detail"] == "Provided credentials are not valid for oauth_remote"
    assert_401(client.get("/auth/oauth/remote"), "Bearer")
    assert len(token_server.requests) == 3  # no request without a token


def test_token_info_connections_are_kept_alive(backend, spec_version, token_server):
    client = remote_client(backend, spec_version, token_server.url)
    for token in ("read-token", "rw-token", "forged", "list-token"):
        client.get("/auth/oauth/remote", headers=bearer(token))
    assert len(token_server.requests) == 4
    assert token_server.connections == 1


def test_token_info_server_down_answers_401(backend, spec_version):
    server = TokenInfoServer(callbacks.TOKENS).start()
    url = server.url
    server.stop()
    client = remote_client(backend, spec_version, url)
    started = time.monotonic()
    response = client.get("/auth/oauth/remote", headers=bearer("read-token"))
    assert_401(response, "Bearer")
    assert time.monotonic() - started < 5


def test_slow_token_info_server_answers_401_within_the_timeout(backend, spec_version, monkeypatch):
    monkeypatch.setattr(remote.POOL, "timeout", 0.3)
    with TokenInfoServer(callbacks.TOKENS, delay=10) as server:
        client = remote_client(backend, spec_version, server.url)
        started = time.monotonic()
        response = client.get("/auth/oauth/remote", headers=bearer("read-token"))
        elapsed = time.monotonic() - started
    remote.POOL.clear()
    assert_401(response, "Bearer")
    assert elapsed < 3
    assert len(server.requests) == 1  # a timeout is not retried


def test_token_info_that_is_not_json_answers_401(backend, spec_version, token_server):
    url = token_server.url.replace("/tokeninfo", "/not-json")
    client = remote_client(backend, spec_version, url)
    assert_401(client.get("/auth/oauth/remote", headers=bearer("read-token")), "Bearer")


def test_unusable_token_info_url_answers_401(backend, spec_version):
    # Without arguments the spec's "{{ token_info_url }}" stays as it is: not a URL.
    client = build_app(backend, spec_file(spec_version)).test_client()
    assert_401(client.get("/auth/oauth/remote", headers=bearer("read-token")), "Bearer")


def test_token_info_url_from_the_environment(backend, spec_version, monkeypatch, token_server):
    monkeypatch.setenv("TOKENINFO_URL", token_server.url)
    client = build_app(backend, spec_file(spec_version)).test_client()
    response = client.get("/auth/env/oauth", headers=bearer("uid-token"))
    assert response.json()["user"] == "erin"
    assert_403(client.get("/auth/env/oauth", headers=bearer("admin-token")), ["read"])
    assert token_server.requests == ["Bearer uid-token", "Bearer admin-token"]


# --- auth_all_paths ---------------------------------------------------------------------------


@pytest.fixture(params=["api", "app"])
def all_paths_client(request: pytest.FixtureRequest, backend: str, spec_version: str) -> Any:
    """auth_all_paths=True given to add_api, or to the app."""
    if request.param == "api":
        app = build_app(backend, spec_file(spec_version), auth_all_paths=True)
    else:
        app = build_app(backend, spec_file(spec_version), app_options={"auth_all_paths": True})
    return app.test_client()


def test_without_auth_all_paths_unknown_paths_answer_404_at_once(client):
    response = client.get("/auth/nothing/here")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM
    assert client.delete("/auth/items").status_code == 405


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
@pytest.mark.parametrize("path", ["/auth/nothing", "/auth/nothing/here/at/all", "/auth/basic/x"])
def test_auth_all_paths_checks_credentials_before_404(all_paths_client, method, path):
    response = all_paths_client.open(method, path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("ApiKey")
    assert all_paths_client.open(method, path, headers={"X-API-Key": "bad"}).status_code == 401
    response = all_paths_client.open(method, path, headers=KEY_ALICE)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == PROBLEM
    if method != "HEAD":
        assert_401(all_paths_client.open(method, path), "ApiKey")
        problem = response.json()
        assert (problem["status"], problem["title"]) == (404, "Not Found")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/auth/items", "POST"),
        ("DELETE", "/auth/items", "POST"),
        ("DELETE", "/auth/items/7", "GET, HEAD"),
        ("PUT", "/auth/items/not-an-int", "GET, HEAD"),
        ("POST", "/auth/public", "GET, HEAD"),
    ],
)
def test_auth_all_paths_checks_credentials_before_405(all_paths_client, method, path, allow):
    assert_401(all_paths_client.open(method, path), "ApiKey")
    response = all_paths_client.open(method, path, headers=KEY_BOB)
    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Method Not Allowed"


def test_auth_all_paths_leaves_the_operations_alone(all_paths_client):
    assert all_paths_client.get("/auth/public").json()["public"] is True
    assert all_paths_client.get("/auth/basic", headers=ALICE).json()["user"] == "alice"
    assert_401(all_paths_client.get("/auth/basic", headers=KEY_ALICE), "Basic")
    assert all_paths_client.get("/auth/items/3", headers=KEY_ALICE).json()["user"] == "alice"
    assert all_paths_client.head("/auth/items/3", headers=KEY_ALICE).status_code == 200
    response = all_paths_client.post("/auth/items", json={"name": "pen"}, headers=BOB)
    assert response.status_code == 201
    # Paths outside the base path are not the API's.
    assert all_paths_client.get("/elsewhere").status_code == 404


def test_auth_all_paths_serves_the_spec_without_credentials(backend):
    client = build_app(backend, spec_file("openapi"), auth_all_paths=True).test_client()
    response = client.get("/auth/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Security schemes"


def test_auth_all_paths_ignores_strict_validation_and_parameters(backend, spec_version):
    client = build_app(
        backend, spec_file(spec_version), auth_all_paths=True, strict_validation=True
    ).test_client()
    response = client.get("/auth/nothing", query_string={"x": "1"}, headers=KEY_ALICE)
    assert response.status_code == 404


def test_auth_all_paths_with_scopes_in_the_global_requirement(backend, spec_version):
    spec = load_spec(spec_version)
    spec["security"] = [{"oauth": ["admin"]}]
    client = build_app(backend, spec, auth_all_paths=True).test_client()
    assert_401(client.get("/auth/nothing"), "Bearer")
    assert_403(client.get("/auth/nothing", headers=bearer("read-token")), ["admin"])
    assert client.get("/auth/nothing", headers=bearer("admin-token")).status_code == 404


def test_auth_all_paths_without_global_security_answers_404_and_405(backend, spec_version):
    spec = load_spec(spec_version)
    del spec["security"]
    client = build_app(backend, spec, auth_all_paths=True).test_client()
    assert client.get("/auth/nothing").status_code == 404
    response = client.delete("/auth/items")
    assert (response.status_code, response.headers["Allow"]) == (405, "POST")


def test_auth_all_paths_with_a_root_base_path(backend, spec_version):
    client = build_app(backend, spec_file(spec_version), base_path="", auth_all_paths=True)
    client = client.test_client()
    assert_401(client.get("/anything/at/all"), "ApiKey")
    assert client.get("/anything/at/all", headers=KEY_ALICE).status_code == 404
    assert client.get("/public").status_code == 200


# --- OpenAPI 3.1 ------------------------------------------------------------------------------


def test_openapi_31_security(backend):
    spec = load_spec("openapi")
    spec["openapi"] = "3.1.0"
    client = build_app(backend, copy.deepcopy(spec)).test_client()
    assert client.get("/auth/basic", headers=ALICE).json()["user"] == "alice"
    cookie = {"Cookie": "session=key-bob"}
    assert client.get("/auth/apikey/cookie", headers=cookie).json()["user"] == "bob"
    assert_403(client.get("/auth/openid", headers=bearer("admin-token")), ["read"])
    assert_401(client.get("/auth/or", headers={"X-API-Key": "stolen", **ALICE}), "ApiKey")
    assert client.get("/auth/optional").json() == {"user": None, "token_info": {}}
