"""Handlers of the responses fixtures (tests/fixtures/responses): every return form."""

from __future__ import annotations

import datetime
import decimal
import uuid
from http import HTTPStatus

from connexion import NoContent, problem
from connexion.lifecycle import ConnexionResponse


def return_form(form):
    body = {"form": form}
    forms = {
        "body": lambda: body,
        "one_tuple": lambda: (body,),
        "body_status": lambda: (body, 201),
        "body_headers": lambda: (body, {"X-Form": form}),
        "body_status_headers": lambda: (body, 201, {"X-Form": form}),
        "body_status_header_pairs": lambda: (body, 201, [("X-Form", form), ("X-Other", "2")]),
        "http_status": lambda: (body, HTTPStatus.ACCEPTED),
        "http_status_headers": lambda: (body, HTTPStatus.CREATED, {"X-Form": form}),
        "no_content": lambda: NoContent,
        "no_content_status": lambda: (NoContent, 202),
        "no_content_headers": lambda: (NoContent, 204, {"X-Form": form}),
        "empty_list": lambda: [],
        "string_in_json": lambda: "just a string",
        "connexion_response": lambda: ConnexionResponse(
            status_code=202, mimetype="application/json", body=body, headers={"X-Form": form}
        ),
        "connexion_response_without_type": lambda: ConnexionResponse(status_code=201, body=body),
        "connexion_response_text": lambda: ConnexionResponse(
            status_code=200, content_type="text/plain; charset=utf-8", body="plain words"
        ),
    }
    return forms[form]()


def plain_text():
    return "Héllo, plain text ✓"


def negotiated():
    return "hello"


def explicit_content_type():
    return "a,b\n1,2\n", 200, {"Content-Type": "text/csv; header=present"}


def raw_bytes():
    return b"\x00\x01\xfe\xff"


def json_types():
    return {
        "naive": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "aware": datetime.datetime(
            2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        ),
        "utc": datetime.datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=datetime.timezone.utc),
        "day": datetime.date(2024, 1, 2),
        "price": decimal.Decimal("1.5"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "nested": [{"day": datetime.date(1999, 12, 31)}, decimal.Decimal("2")],
    }


THING = {"id": 1, "name": "one"}


def validated(case):
    cases = {
        "good": lambda: (THING, 200, {"X-Rate-Limit": "10"}),
        "good_lowercase_header": lambda: (THING, 200, {"x-rate-limit": "10"}),
        "bad_type": lambda: ({"id": "one", "name": "one"}, 200, {"X-Rate-Limit": "10"}),
        "missing_field": lambda: ({"id": 1}, 200, {"X-Rate-Limit": "10"}),
        "missing_header": lambda: THING,
        "list_good": lambda: ([THING, {"id": 2, "name": "two"}], 201),
        "list_bad": lambda: ([THING, {"id": 2}], 201),
        "problem": lambda: problem(404, "Not Found", "No such thing"),
    }
    return cases[case]()


def flask_response():
    import flask

    return flask.Response(
        "made by flask", status=203, mimetype="text/x-flask", headers={"X-Flask": "yes"}
    )
