"""Handlers of the errors fixtures (tests/fixtures/errors): problems returned and raised."""

from __future__ import annotations

from http import HTTPStatus

import connexion
from connexion.exceptions import (
    BadRequestProblem,
    OAuthProblem,
    OAuthResponseProblem,
    OAuthScopeProblem,
    ProblemException,
    UnsupportedMediaTypeProblem,
)

#: Appears in the exceptions raised below; it must never reach a response body.
SECRET = "db-password-hunter2"


class CustomError(Exception):
    """An application error that tests give their own error handler."""


class CustomChildError(CustomError):
    """A subclass: handled by the handler registered for its parent."""


def get_item(item_id, limit=None):
    return {"item_id": item_id, "limit": limit}


def create_item(body):
    return body, 201


def secure():
    return {"secret": "should never be served"}


def raise_error(kind):
    if kind == "problem_exception":
        raise ProblemException(
            status=409,
            title="Conflict",
            detail="The item clashes with another one",
            type="https://example.com/problems/clash",
            instance="/errors/raise/problem_exception",
            headers={"X-Problem": "clash"},
            ext={"clash_with": 7},
        )
    if kind == "problem_exception_defaults":
        raise ProblemException()
    if kind == "oauth":
        raise OAuthProblem("The token has expired")
    if kind == "oauth_response":
        raise OAuthResponseProblem(token_response={"error": "invalid_token"})
    if kind == "oauth_scope":
        raise OAuthScopeProblem(token_scopes=["read"], required_scopes=["read", "write"])
    if kind == "bad_request":
        raise BadRequestProblem(detail="The moon is in the wrong phase")
    if kind == "unsupported":
        raise UnsupportedMediaTypeProblem(detail="Only carrier pigeons are accepted")
    if kind == "custom":
        raise CustomError(f"custom trouble {SECRET}")
    if kind == "custom_child":
        raise CustomChildError(f"child trouble {SECRET}")
    if kind == "werkzeug":
        from werkzeug.exceptions import Conflict

        raise Conflict("The kettle is already on")
    if kind == "arbitrary":
        raise ValueError(f"cannot connect with {SECRET}")
    if kind == "key_error":
        return {}[SECRET]
    raise AssertionError(f"unknown kind {kind}")


def return_problem(kind):
    if kind == "full":
        return connexion.problem(
            418,
            "I'm a teapot",
            "Short and stout",
            type="https://example.com/problems/teapot",
            instance="/errors/problem/full",
            headers={"X-Tea": "earl grey"},
            ext={"brew": "hot", "cups": 2},
        )
    if kind == "minimal":
        return connexion.problem(404, "Not Found", "No such kettle")
    if kind == "http_status":
        return connexion.problem(HTTPStatus.CONFLICT, "Conflict", "Kettle already on")
    raise AssertionError(f"unknown kind {kind}")


def handle_custom_error(exception):
    return connexion.problem(
        422, "Custom handler", f"Handled {type(exception).__name__}", headers={"X-Handled": "1"}
    )


def handle_not_found(exception):
    return connexion.problem(404, "Nothing here", "A custom 404")


# Handlers of the security fixtures (tests/fixtures/security): each says which one ran.


def secured_global():
    return {"operation": "global"}


def secured_public():
    return {"operation": "public"}


def secured_optional():
    return {"operation": "optional"}


def secured_basic():
    return {"operation": "basic"}


def secured_bearer():
    return {"operation": "bearer"}


def secured_oauth():
    return {"operation": "oauth"}


def secured_all_of():
    return {"operation": "all-of"}


def secured_one_of():
    return {"operation": "one-of"}
