"""connexion 2's error-answering handlers, kept for code that imports them.

The pipeline answers these cases itself; these classes give the same answers when called.
"""

from __future__ import annotations

from typing import Any

from connexion.exceptions import OAuthProblem, ResolverError, ResolverProblem


class AuthErrorHandler:
    """Answers a request that is not authorised (401).

    :param api: the API the route belongs to.
    :param exception: the authentication problem to raise.
    :param security: the security requirements.
    :param security_definitions: the security schemes.
    """

    def __init__(
        self,
        api: Any = None,
        exception: Exception | None = None,
        security: Any = None,
        security_definitions: Any = None,
    ) -> None:
        self.api = api
        self.exception = exception or OAuthProblem()
        self.security = security
        self.security_definitions = security_definitions

    @property
    def function(self) -> Any:
        """A handler that raises :attr:`exception`."""
        return self.handle

    def handle(self, *args: Any, **kwargs: Any) -> Any:
        """Raise the authentication problem."""
        raise self.exception


class ResolverErrorHandler:
    """Answers an operation whose handler could not be resolved, with a chosen status.

    :param status_code: the status of the answer (e.g. 501).
    :param exception: the :class:`~connexion.exceptions.ResolverError` that was raised.
    """

    def __init__(self, status_code: int, exception: ResolverError, *args: Any, **kwargs: Any):
        self.status_code = status_code
        self.exception = exception

    @property
    def function(self) -> Any:
        """A handler that raises the resolver problem."""
        return self.handle

    def handle(self, *args: Any, **kwargs: Any) -> Any:
        """Raise the resolver problem."""
        raise ResolverProblem(self.status_code, "Not Implemented", self.exception.reason)
