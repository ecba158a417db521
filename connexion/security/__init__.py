"""Security helpers under their connexion 2 names.

The security step itself lives in :mod:`connexion.core.security`, written once for every
backend; these names are kept for code that imports them.
"""

from __future__ import annotations

from typing import Any

from connexion.core.security import compile_scheme, token_scopes, validate_scope
from connexion.security.remote import get_token_info_remote


class AbstractSecurityHandlerFactory:
    """connexion 2's per-backend security factories; one neutral implementation now.

    :param pass_context_arg_name: kept for compatibility; unused.
    """

    def __init__(self, pass_context_arg_name: Any = None) -> None:
        self.pass_context_arg_name = pass_context_arg_name

    @staticmethod
    def validate_scope(required_scopes: Any, token_scopes: Any) -> bool:
        """The default scope check."""
        return validate_scope(required_scopes, token_scopes)

    @staticmethod
    def get_token_info_remote(token_info_url: str) -> Any:
        """A token info function that asks ``token_info_url``."""

        def token_info(token: str) -> Any:
            return get_token_info_remote(token_info_url, token)

        return token_info


AbstractAsyncSecurityHandlerFactory = AbstractSecurityHandlerFactory
FlaskSecurityHandlerFactory = AbstractSecurityHandlerFactory
AioHttpSecurityHandlerFactory = AbstractSecurityHandlerFactory
QuartSecurityHandlerFactory = AbstractSecurityHandlerFactory

__all__ = [
    "AbstractAsyncSecurityHandlerFactory",
    "AbstractSecurityHandlerFactory",
    "AioHttpSecurityHandlerFactory",
    "FlaskSecurityHandlerFactory",
    "QuartSecurityHandlerFactory",
    "compile_scheme",
    "get_token_info_remote",
    "token_scopes",
    "validate_scope",
]
