"""The exceptions connexion raises and turns into ``application/problem+json`` answers.

Framework-neutral: the core raises these, and every backend renders them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class ConnexionException(Exception):
    """Base class of every connexion error."""


class ProblemException(ConnexionException):
    """An error that is answered as an RFC 7807 problem.

    :param status: the HTTP status code of the answer.
    :param title: a short, human-readable summary of the problem type.
    :param detail: an explanation specific to this occurrence.
    :param type: a URI reference that identifies the problem type.
    :param instance: a URI reference that identifies this occurrence.
    :param headers: extra response headers.
    :param ext: extra members of the problem object.
    """

    def __init__(
        self,
        status: int = 400,
        title: str | None = None,
        detail: str | None = None,
        type: str | None = None,
        instance: str | None = None,
        headers: Mapping[str, str] | None = None,
        ext: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type
        self.instance = instance
        self.headers = dict(headers) if headers else None
        self.ext = dict(ext) if ext else None
        super().__init__(detail or title or str(status))

    # werkzeug's HTTPException exposes ``code`` and ``description``; keep both spellings.
    @property
    def code(self) -> int:
        return self.status

    @property
    def description(self) -> str | None:
        return self.detail

    def to_problem(self) -> Any:
        """Return this exception as a :class:`~connexion.lifecycle.ConnexionResponse`."""
        from connexion.core.problem import problem

        return problem(
            self.status,
            self.title,
            self.detail,
            type=self.type,
            instance=self.instance,
            headers=self.headers,
            ext=self.ext,
        )


class ResolverError(LookupError, ConnexionException):
    """An operation's handler could not be found.

    :param reason: what went wrong, naming the operationId.
    :param exc_info: the ``sys.exc_info()`` of the underlying error, if any.
    """

    def __init__(self, reason: str = "Unknown reason", exc_info: Any = None) -> None:
        self.reason = reason
        self.exc_info = exc_info
        super().__init__(reason)

    def __str__(self) -> str:
        return f"<ResolverError: {self.reason}>"

    def __repr__(self) -> str:
        return str(self)


class InvalidSpecification(ConnexionException):
    """The specification is not a valid Swagger 2.0 / OpenAPI 3.x document.

    It carries the attributes of a jsonschema ``ValidationError`` (``message``, ``path``,
    ``schema_path``) so that code written for connexion 2 keeps working.
    """

    def __init__(
        self,
        message: str,
        path: Sequence[Any] = (),
        schema_path: Sequence[Any] = (),
        cause: BaseException | None = None,
    ) -> None:
        self.message = message
        self.path = list(path)
        self.schema_path = list(schema_path)
        self.cause = cause
        super().__init__(message)

    @property
    def json_path(self) -> str:
        """The location of the problem in the document, as ``$.paths./pets.get``."""
        return "$" + "".join(f".{part}" for part in self.path)

    def __str__(self) -> str:
        return self.message


class NonConformingResponse(ProblemException):
    """The handler's answer does not conform to the specification (a 500)."""

    def __init__(self, reason: str = "Unknown Reason", message: str | None = None) -> None:
        super().__init__(500, "Response body does not conform to specification", reason)
        self.reason = reason
        self.message = message


class NonConformingResponseBody(NonConformingResponse):
    """The response body does not match the response schema."""


class NonConformingResponseHeaders(NonConformingResponse):
    """The response lacks headers the specification requires."""


class AuthenticationProblem(ProblemException):
    """Authentication failed: 401 or 403."""

    def __init__(self, status: int, title: str, detail: str, **kwargs: Any) -> None:
        super().__init__(status, title, detail, **kwargs)


class ResolverProblem(ProblemException):
    """An unresolvable operation answered with the status given as ``resolver_error``."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(status, title, detail)


class BadRequestProblem(ProblemException):
    """The request does not match the specification (400).

    :param detail: a summary of what is wrong.
    :param errors: every validation error, each a dict with ``in``, ``path`` and ``message``.
    """

    def __init__(
        self,
        detail: str | None = None,
        title: str = "Bad Request",
        errors: Sequence[Mapping[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        ext = dict(kwargs.pop("ext", None) or {})
        if errors:
            ext["errors"] = [dict(error) for error in errors]
        super().__init__(400, title, detail, ext=ext or None, **kwargs)


class UnsupportedMediaTypeProblem(ProblemException):
    """The request's Content-Type is not one the operation consumes (415)."""

    def __init__(self, detail: str | None = None, title: str = "Unsupported Media Type") -> None:
        super().__init__(415, title, detail)


class ExtraParameterProblem(BadRequestProblem):
    """``strict_validation`` found parameters the specification does not define."""

    def __init__(
        self,
        formdata_parameters: Sequence[str],
        query_parameters: Sequence[str],
        title: str | None = None,
        detail: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.extra_formdata = list(formdata_parameters)
        self.extra_query = list(query_parameters)
        if detail is None:
            parts = []
            if self.extra_query:
                parts.append(
                    "Extra query parameter(s) {} not in spec".format(", ".join(self.extra_query))
                )
            if self.extra_formdata:
                parts.append(
                    "Extra formData parameter(s) {} not in spec".format(
                        ", ".join(self.extra_formdata)
                    )
                )
            detail = "; ".join(parts)
        # each unknown name is also an error with its location, like any validation error
        kwargs.setdefault(
            "errors",
            [
                {"in": location, "path": name, "message": f"Extra {location} parameter '{name}'"}
                for location, names in (
                    ("query", self.extra_query),
                    ("formData", self.extra_formdata),
                )
                for name in names
            ],
        )
        super().__init__(detail, title=title or "Bad Request", **kwargs)


class OAuthProblem(ProblemException):
    """Missing or invalid credentials (401)."""

    def __init__(
        self, description: str | None = None, title: str = "Unauthorized", **kwargs: Any
    ) -> None:
        super().__init__(401, title, description or "No authorization token provided", **kwargs)


class OAuthResponseProblem(OAuthProblem):
    """The token info endpoint gave an unusable answer (401)."""

    def __init__(
        self, token_response: Any = None, description: str | None = None, **kwargs: Any
    ) -> None:
        self.token_response = token_response
        super().__init__(description or "Provided token is not valid", **kwargs)


class OAuthScopeProblem(ProblemException):
    """Valid credentials without the scopes the operation requires (403)."""

    def __init__(
        self,
        token_scopes: Sequence[str] | set[str],
        required_scopes: Sequence[str] | set[str],
        description: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.token_scopes = token_scopes
        self.required_scopes = required_scopes
        # A custom scope check may refuse scopes the token has: then name every required one.
        missing = sorted(set(required_scopes) - set(token_scopes)) or sorted(set(required_scopes))
        detail = description or "Provided token does not have the required scopes: " + ", ".join(
            missing
        )
        super().__init__(403, "Forbidden", detail, **kwargs)
