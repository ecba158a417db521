"""The security step of the pipeline: every scheme, AND and OR, decided once per operation.

An operation's security is a list of alternatives (OR); each alternative names schemes that
must all pass (AND). ``{}`` among the alternatives allows anonymous access; ``security: []``
makes an operation public. Schemes are compiled when the API is added: where the credential
is read from, which callback verifies it (``x-basicInfoFunc``, ``x-apikeyInfoFunc``,
``x-bearerInfoFunc``, ``x-tokenInfoFunc`` / ``x-tokenInfoUrl``, ``x-scopeValidateFunc``, or
the matching environment variables), and whether that callback is async.

At request time the step yields a :class:`~connexion.core.pipeline.Call` for each callback,
so the driver runs it (awaiting it, or in a thread, or inline) and the core stays I/O-free.

The answers:

- no alternative's credentials are all present: 401, with a ``WWW-Authenticate`` challenge;
- a credential is present but its callback rejects it (returns ``None``): 401 at once, unless
  the API allows falling through to the next alternative (``security_fallthrough`` option);
- valid credentials without the required scopes (OAuth2 / OpenID Connect): 403 naming the
  missing scopes, unless another alternative passes;
- a scheme with no callback never passes: it denies.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from connexion.exceptions import OAuthProblem, OAuthResponseProblem, OAuthScopeProblem
from connexion.utils import get_function_from_name, inspect_function_arguments, is_async_callable

if TYPE_CHECKING:
    from connexion.core.operation import Operation
    from connexion.core.request import ConnexionRequest

#: Fetches token info from a URL: ``fetch(url, token) -> dict | None``. Injected by the API
#: (connexion.security.remote), so that the core does no I/O itself.
TokenInfoFetcher = Callable[[str, str], Any]


def validate_scope(required_scopes: Sequence[str], token_scopes: str | Sequence[str]) -> bool:
    """The default scope check: every required scope is among the token's scopes.

    :param token_scopes: a list, or a space-separated string as in OAuth2 token info.
    """
    return set(required_scopes) <= set(_scope_list(token_scopes))


def token_scopes(token_info: Mapping[str, Any]) -> list[str]:
    """The scopes of a token info dict (``scope`` or ``scopes``, a string or a list)."""
    return _scope_list(_raw_scopes(token_info))


def _raw_scopes(token_info: Mapping[str, Any]) -> Any:
    return token_info.get("scope", token_info.get("scopes", ""))


def _scope_list(scopes: Any) -> list[str]:
    if isinstance(scopes, str):
        return scopes.split()
    if not isinstance(scopes, (list, tuple, set, frozenset)):
        return []
    return [str(scope) for scope in scopes]


@dataclass(frozen=True, slots=True)
class Callback:
    """A user callback, inspected once."""

    function: Callable[..., Any]
    is_async: bool
    takes_scopes: bool

    @classmethod
    def of(cls, function: Callable[..., Any]) -> Callback:
        names, has_kwargs = inspect_function_arguments(function)
        return cls(function, is_async_callable(function), has_kwargs or "required_scopes" in names)


@dataclass(frozen=True, slots=True)
class Scheme:
    """A security scheme compiled for checking requests.

    :param name: the scheme's name in the spec.
    :param kind: ``basic``, ``apikey``, ``bearer`` or ``oauth2`` (OpenID Connect too).
    :param location: where an API key is: ``header``, ``query`` or ``cookie``.
    :param key: the header, query or cookie name of an API key.
    :param verify: the info callback (``None``: the scheme denies every request).
    :param token_info_url: where OAuth2 token info is fetched when there is no callback.
    :param scope_check: the scope validation callback.
    :param challenge: the ``WWW-Authenticate`` value of a 401.
    """

    name: str
    kind: str
    location: str
    key: str
    verify: Callback | None
    token_info_url: str | None
    scope_check: Callback
    challenge: str

    def credential(self, request: ConnexionRequest) -> Any:
        """The credential the request presents for this scheme, or ``None``."""
        if self.kind == "apikey":
            if self.location == "query":
                value = request.query.get(self.key)
            elif self.location == "cookie":
                value = request.cookies.get(self.key)
            else:
                value = request.headers.get(self.key)
            return value or None
        header = request.headers.get(self.key if self.kind == "bearer_header" else "Authorization")
        if not header:
            return None
        auth_type, _, value = header.strip().partition(" ")
        value = value.strip()
        if self.kind == "basic":
            if auth_type.lower() != "basic" or not value:
                return None
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return _MALFORMED
            username, colon, password = decoded.partition(":")
            return (username, password) if colon else _MALFORMED
        if auth_type.lower() != "bearer" or not value:
            return None
        return value


_MALFORMED: Any = type("Malformed", (), {"__repr__": lambda self: "MALFORMED"})()


def _challenge(kind: str, name: str) -> str:
    if kind == "basic":
        return 'Basic realm="api"'
    if kind == "apikey":
        return f'ApiKey realm="api", name="{name}"'
    return 'Bearer realm="api"'


def _callback(
    definition: Mapping[str, Any], extension: str, env: str, environ: Mapping[str, str]
) -> Callback | None:
    target = definition.get(extension) or environ.get(env)
    if not target:
        return None
    function = get_function_from_name(target) if isinstance(target, str) else target
    return Callback.of(function)


def compile_scheme(
    name: str, definition: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> Scheme:
    """Compile one ``securitySchemes`` / ``securityDefinitions`` entry.

    :param name: the scheme's name.
    :param definition: the resolved scheme object.
    :param environ: where the environment-variable fallbacks are read (``os.environ``).
    :raises ValueError/ImportError/AttributeError: for a callback path that cannot be imported.
    """
    environ = os.environ if environ is None else environ
    kind = str(definition.get("type", "")).lower()
    http_scheme = str(definition.get("scheme", "")).lower()
    location, key = "header", "Authorization"
    verify: Callback | None = None
    token_info_url = None
    if kind == "basic" or (kind == "http" and http_scheme == "basic"):
        kind = "basic"
        verify = _callback(definition, "x-basicInfoFunc", "BASICINFO_FUNC", environ)
    elif kind == "http" and http_scheme == "bearer":
        kind = "bearer"
        verify = _callback(definition, "x-bearerInfoFunc", "BEARERINFO_FUNC", environ)
    elif kind == "apikey":
        key = str(definition.get("name", ""))
        location = str(definition.get("in", "header")).lower()
        if str(definition.get("x-authentication-scheme", "")).lower() == "bearer":
            # A Swagger 2 idiom: an API key header that carries "Bearer <token>".
            kind = "bearer_header"
            verify = _callback(definition, "x-bearerInfoFunc", "BEARERINFO_FUNC", environ)
        else:
            verify = _callback(definition, "x-apikeyInfoFunc", "APIKEYINFO_FUNC", environ)
    elif kind in ("oauth2", "openidconnect"):
        kind = "oauth2"
        verify = _callback(definition, "x-tokenInfoFunc", "TOKENINFO_FUNC", environ)
        if verify is None:
            token_info_url = definition.get("x-tokenInfoUrl") or environ.get("TOKENINFO_URL")
    else:
        kind = "unsupported"
    scope_check = _callback(
        definition, "x-scopeValidateFunc", "SCOPEVALIDATE_FUNC", environ
    ) or Callback.of(validate_scope)
    return Scheme(
        name=name,
        kind=kind,
        location=location,
        key=key,
        verify=verify,
        token_info_url=token_info_url,
        scope_check=scope_check,
        challenge=_challenge(kind, key),
    )


@dataclass(frozen=True, slots=True)
class SecurityPlan:
    """An operation's security, compiled: alternatives of (scheme, required scopes) lists."""

    alternatives: tuple[tuple[tuple[Scheme, tuple[str, ...]], ...], ...]
    anonymous: bool
    fallthrough: bool
    fetch_token_info: TokenInfoFetcher | None

    @property
    def challenges(self) -> list[str]:
        seen: dict[str, None] = {}
        for alternative in self.alternatives:
            for scheme, _ in alternative:
                seen[scheme.challenge] = None
        return list(seen)


def compile_security(
    requirements: Sequence[Mapping[str, Sequence[str]]],
    schemes: Mapping[str, Scheme],
    fallthrough: bool = False,
    fetch_token_info: TokenInfoFetcher | None = None,
) -> SecurityPlan | None:
    """Compile an operation's requirements; ``None`` when it is public."""
    if not requirements:
        return None
    alternatives = []
    for requirement in requirements:
        if not requirement:
            continue
        alternatives.append(
            tuple(
                (schemes.get(name) or _unknown_scheme(name), tuple(scopes or ()))
                for name, scopes in requirement.items()
            )
        )
    return SecurityPlan(
        alternatives=tuple(alternatives),
        anonymous=any(not requirement for requirement in requirements),
        fallthrough=fallthrough,
        fetch_token_info=fetch_token_info,
    )


def _unknown_scheme(name: str) -> Scheme:
    return Scheme(
        name=name,
        kind="unsupported",
        location="header",
        key="Authorization",
        verify=None,
        token_info_url=None,
        scope_check=Callback.of(validate_scope),
        challenge='Bearer realm="api"',
    )


class _Invalid(Exception):
    """A presented credential was rejected."""


class _MissingScopes(Exception):
    def __init__(self, token_scopes: list[str], required: Sequence[str]) -> None:
        self.token_scopes = token_scopes
        self.required = required


def _verify(
    scheme: Scheme, scopes: tuple[str, ...], credential: Any, plan: SecurityPlan
) -> Generator[Any, Any, Any]:
    """Verify one credential; return its token info, or raise _Invalid / _MissingScopes."""
    from connexion.core.pipeline import Call

    if credential is _MALFORMED:
        raise _Invalid(f"Malformed credentials for {scheme.name}")
    callback = scheme.verify
    args: tuple[Any, ...] = credential if scheme.kind == "basic" else (credential,)
    if callback is not None:
        # Basic and API key callbacks may take the required scopes (connexion 2 signatures).
        kwargs = {}
        if callback.takes_scopes and scheme.kind in ("basic", "apikey"):
            kwargs = {"required_scopes": list(scopes)}
        info = yield Call(callback.function, args, kwargs, callback.is_async)
    elif scheme.kind == "oauth2" and scheme.token_info_url and plan.fetch_token_info:
        info = yield Call(
            plan.fetch_token_info, (scheme.token_info_url, credential), blocking=True
        )
    else:
        raise _Invalid(f"No function verifies the credentials of security scheme {scheme.name!r}")
    if info is None or info is False:
        raise _Invalid(f"Provided credentials are not valid for {scheme.name}")
    if scheme.kind == "oauth2" and scopes:
        if not isinstance(info, Mapping):
            raise _Invalid(f"Token info for {scheme.name} is not an object")
        # The check gets the token's scopes as the token info has them (a string or a list),
        # as connexion 2's did; the default check accepts both.
        check = scheme.scope_check
        passed = yield Call(check.function, (list(scopes), _raw_scopes(info)), {}, check.is_async)
        if not passed:
            raise _MissingScopes(token_scopes(info), scopes)
    return info


def check_security(op: Operation, request: ConnexionRequest) -> Generator[Any, Any, None]:
    """Check the request's credentials against the operation's security plan.

    On success the request context holds ``token_info`` and ``user``.

    :raises OAuthProblem: 401 for missing or invalid credentials.
    :raises OAuthScopeProblem: 403 for valid credentials without the required scopes.
    """
    plan = op.security_plan
    if plan is None:
        return
    invalid: OAuthProblem | None = None
    missing_scopes: _MissingScopes | None = None
    for alternative in plan.alternatives:
        credentials = [scheme.credential(request) for scheme, _ in alternative]
        if any(credential is None for credential in credentials):
            continue
        infos: dict[str, Any] = {}
        try:
            for (scheme, scopes), credential in zip(alternative, credentials, strict=True):
                infos[scheme.name] = yield from _verify(scheme, scopes, credential, plan)
        except (_Invalid, OAuthProblem) as exc:
            # A callback may reject a credential by raising OAuthProblem (a 401) itself.
            problem = exc if isinstance(exc, OAuthProblem) else _invalid_problem(exc, plan)
            if not problem.headers or "WWW-Authenticate" not in problem.headers:
                problem.headers = {**(problem.headers or {}), **_challenges(plan)}
            if not plan.fallthrough:
                raise problem from None
            invalid = invalid or problem
            continue
        except _MissingScopes as exc:
            missing_scopes = missing_scopes or exc
            continue
        token_info = next(iter(infos.values())) if len(infos) == 1 else infos
        _store(request, token_info)
        return
    if plan.anonymous:
        # As in connexion 2, an anonymous caller has no user and an empty token info.
        _store(request, {})
        return
    if missing_scopes is not None:
        raise OAuthScopeProblem(missing_scopes.token_scopes, list(missing_scopes.required))
    if invalid is not None:
        raise invalid
    raise OAuthProblem("No credentials were provided", headers=_challenges(plan))


def _invalid_problem(exc: _Invalid, plan: SecurityPlan) -> OAuthProblem:
    return OAuthResponseProblem(description=str(exc), headers=_challenges(plan))


def _challenges(plan: SecurityPlan) -> dict[str, str]:
    return {"WWW-Authenticate": ", ".join(plan.challenges)}


def _store(request: ConnexionRequest, token_info: Any) -> None:
    context = request.context
    context["token_info"] = token_info
    user = None
    if isinstance(token_info, Mapping):
        user = token_info.get("sub", token_info.get("uid"))
    context["user"] = user
