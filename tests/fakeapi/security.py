"""Callbacks and handlers of the security_schemes fixtures (tests/behaviour/test_security.py).

The callbacks know a few users, API keys and tokens; anything else is rejected (``None``).
Each ``async_*`` callback is the ``async def`` twin of a plain one: it really awaits, and it
returns ``None`` for a bad credential, so a callback that was called but never awaited (a
coroutine object is truthy) would let the request through and fail the tests.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import connexion
from connexion.exceptions import OAuthProblem

USERS = {"alice": "wonderland", "bob": "builder"}
API_KEYS = {"key-alice": "alice", "key-bob": "bob"}
BEARER_TOKENS = {"bearer-alice": "alice"}
#: OAuth2 / OpenID Connect tokens: the token info their callback returns.
TOKENS: dict[str, dict[str, Any]] = {
    "read-token": {"sub": "alice", "scope": "read"},
    "rw-token": {"sub": "bob", "scope": "read write"},
    "list-token": {"sub": "carol", "scope": ["read", "write"]},
    "alias-token": {"sub": "dave", "scopes": ["read", "write"]},
    "uid-token": {"uid": "erin", "scope": "read"},
    "admin-token": {"sub": "root", "scope": "admin"},
    "no-scope-token": {"sub": "frank"},
}
#: A token whose callback raises OAuthProblem itself (instead of returning ``None``).
REVOKED = "revoked-token"

#: Every (required_scopes, token_scopes) pair the custom scope check saw.
SCOPE_CHECKS: list[tuple[Any, Any]] = []


# --- plain callbacks ------------------------------------------------------------------------


def basic_auth(username: str, password: str) -> dict[str, Any] | None:
    if USERS.get(username) == password:
        return {"sub": username, "via": "basic"}
    return None


def apikey_auth(apikey: str, required_scopes: list[str] | None = None) -> dict[str, Any] | None:
    user = API_KEYS.get(apikey)
    if user is None:
        return None
    return {"sub": user, "via": "apikey", "required_scopes": required_scopes}


def bearer_auth(token: str) -> dict[str, Any] | None:
    user = BEARER_TOKENS.get(token)
    return {"sub": user, "via": "bearer"} if user else None


def token_info(token: str) -> dict[str, Any] | None:
    if token == REVOKED:
        raise OAuthProblem("This token was revoked")
    info = TOKENS.get(token)
    return dict(info) if info is not None else None


def admin_implies_everything(required_scopes: list[str], token_scopes: Any) -> bool:
    """A custom scope check: the ``admin`` scope grants every scope."""
    SCOPE_CHECKS.append((required_scopes, token_scopes))
    scopes = token_scopes.split() if isinstance(token_scopes, str) else list(token_scopes)
    return "admin" in scopes or set(required_scopes) <= set(scopes)


def never_enough(required_scopes: list[str], token_scopes: Any) -> bool:
    """A custom scope check that refuses everything (set through SCOPEVALIDATE_FUNC)."""
    SCOPE_CHECKS.append((required_scopes, token_scopes))
    return False


# --- async callbacks ------------------------------------------------------------------------


async def async_basic_auth(username: str, password: str) -> dict[str, Any] | None:
    await asyncio.sleep(0)
    info = basic_auth(username, password)
    return {**info, "async": True} if info else None


async def async_apikey_auth(apikey: str) -> dict[str, Any] | None:
    await asyncio.sleep(0)
    info = apikey_auth(apikey)
    return {**info, "async": True} if info else None


async def async_bearer_auth(token: str) -> dict[str, Any] | None:
    await asyncio.sleep(0)
    info = bearer_auth(token)
    return {**info, "async": True} if info else None


async def async_token_info(token: str) -> dict[str, Any] | None:
    await asyncio.sleep(0)
    info = token_info(token)
    return {**info, "async": True} if info else None


async def async_admin_implies_everything(required_scopes: list[str], token_scopes: Any) -> bool:
    await asyncio.sleep(0)
    return admin_implies_everything(required_scopes, token_scopes)


async def _lookup_key(keys: dict[str, str], apikey: str) -> dict[str, Any] | None:
    await asyncio.sleep(0)
    user = keys.get(apikey)
    return {"sub": user, "via": "partial"} if user else None


#: An async callback behind a functools.partial: still awaited.
async_partial_apikey_auth = functools.partial(_lookup_key, API_KEYS)


# --- handlers -------------------------------------------------------------------------------


def whoami(user: Any, token_info: Any) -> dict[str, Any]:
    return {"user": user, "token_info": token_info}


# One handler behind many paths: operationIds must be unique, so each path names an alias.
whoami_global = whoami_basic = whoami_bearer = whoami
whoami_apikey_header = whoami_apikey_query = whoami_apikey_cookie = whoami
whoami_oauth_any = whoami_oauth_read = whoami_oauth_write = whoami_oauth_custom = whoami
whoami_oauth_remote = whoami_openid = whoami
whoami_and = whoami_or = whoami_scopes_or = whoami_optional = whoami_items_item_id = whoami
whoami_env_basic = whoami_env_apikey = whoami_env_bearer = whoami_env_oauth = whoami


def from_context() -> dict[str, Any]:
    context = connexion.context
    return {"user": context.get("user"), "token_info": context.get("token_info")}


def with_kwargs(**kwargs: Any) -> dict[str, Any]:
    return {"user": kwargs.get("user"), "token_info": kwargs.get("token_info")}


def no_arguments() -> dict[str, Any]:
    return {"ok": True, "in_context": sorted(connexion.context)}


def public() -> dict[str, Any]:
    return {"public": True, "in_context": sorted(connexion.context)}


def create_item(body: dict[str, Any], user: Any) -> tuple[dict[str, Any], int]:
    return {"item": body, "owner": user}, 201
