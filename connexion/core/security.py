"""The security step of the pipeline.

Each :class:`~connexion.core.operation.Operation` carries its security requirements: a list
of alternatives (OR), each a mapping of scheme name to scopes that must all pass (AND). An
empty requirement ``{}`` allows anonymous access and ``security: []`` makes an operation
public. Verifying the schemes themselves is not implemented yet, so an operation that
requires security denies every request with a 401 problem: it is never silently public.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Any

from connexion.exceptions import OAuthProblem

if TYPE_CHECKING:
    from connexion.core.operation import Operation
    from connexion.core.request import ConnexionRequest

_CHALLENGES = {"basic": "Basic", "bearer": "Bearer", "oauth2": "Bearer", "openidconnect": "Bearer"}


def challenge_for(scheme: Mapping[str, Any]) -> str:
    """The ``WWW-Authenticate`` challenge for a security scheme definition."""
    kind = str(scheme.get("type", "")).lower()
    if kind == "http":
        kind = str(scheme.get("scheme", "")).lower()
    return _CHALLENGES.get(kind, "Bearer" if kind == "apikey" else "Basic") + ' realm="api"'


def requires_credentials(requirements: tuple[Mapping[str, Any], ...]) -> bool:
    """Whether a request must present credentials (no alternative is anonymous)."""
    return bool(requirements) and all(requirements)


def check_security(op: Operation, request: ConnexionRequest) -> Generator[Any, Any, None]:
    """Check the request's credentials against ``op.security``.

    :raises OAuthProblem: 401 when credentials are required.
    """
    if not requires_credentials(op.security):
        return
    first = next(iter(op.security[0]), "")
    scheme = op.security_schemes.get(first) or {}
    raise OAuthProblem(
        f"This operation requires credentials ({', '.join(op.security[0])}), and verifying "
        "them is not supported yet",
        headers={"WWW-Authenticate": challenge_for(scheme)},
    )
    yield  # pragma: no cover - makes this a generator, like the steps that call callbacks
