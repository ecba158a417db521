"""Handlers of the request-body fixture specs (tests/fixtures/bodies, Swagger 2.0 and OAS 3.0)."""

from __future__ import annotations

import io


def create_order(order):
    return {"received": order}, 201


def echo(body):
    return {"body": body}


def legacy_name(payload):
    return {"payload": payload}


def settings(body):
    return {"body": body}


def nullable(body):
    return {"body": body, "is_none": body is None}


def measure(body):
    value = body["value"]
    return {"value": repr(value), "type": type(value).__name__}


def submit_form(name, age=None, tags=None, vip=None):
    # Swagger 2: every formData parameter is its own argument
    return {"name": name, "age": age, "tags": tags, "vip": vip}


def submit_form_body(body):
    # OpenAPI 3: the fields arrive together in the body argument
    return {
        "name": body["name"],
        "age": body.get("age"),
        "tags": body.get("tags"),
        "vip": body.get("vip"),
    }


def _describe_file(upload, how):
    if how == "save":
        buffer = io.BytesIO()
        upload.save(buffer)
        content = buffer.getvalue()
    else:
        content = upload.read()
    return {
        "filename": upload.filename,
        "content": content.decode("utf-8"),
        "content_type": upload.content_type,
    }


def upload_file(upload, description=None):
    return {"file": _describe_file(upload, "save"), "description": description}


def upload_body(body, upload):
    return {"file": _describe_file(upload, "save"), "description": body.get("description")}


def upload_many(body, files):
    return {
        "files": [_describe_file(f, "read") for f in files],
        "album": body.get("album"),
    }


def echo_text(body):
    return {"type": type(body).__name__, "value": body}


def echo_binary(body):
    return {"type": type(body).__name__, "length": len(body), "head": list(body[:4])}


def tree(body):
    depth = 0
    while body:
        body = body[0]
        depth += 1
    return {"depth": depth}


def halve(n):
    return {"half": n // 2}


def prefs(body):
    return {"body": body}


def lines(body):
    return {"lines": body}
