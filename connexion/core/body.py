"""Request bodies: match the Content-Type, decode by media type, cast forms, validate.

JSON is parsed here from the bytes the backend read; form fields and files arrive already
parsed by the backend (``request.form`` / ``request.files``). Text is decoded by its charset,
anything else reaches the handler as bytes.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Mapping
from typing import Any

from connexion.core.casting import CastError
from connexion.core.operation import FORM_MEDIA_TYPES, MISSING, MediaTypeBody, Operation
from connexion.core.params import Errors, _as_lists, apply_parameter, error
from connexion.core.request import ConnexionRequest
from connexion.core.response import is_json_media_type
from connexion.exceptions import BadRequestProblem, UnsupportedMediaTypeProblem


def match_media_type(content: Mapping[str, MediaTypeBody], mimetype: str) -> MediaTypeBody | None:
    """The body definition for the request's media type, honouring ``type/*`` and ``*/*``."""
    found = content.get(mimetype)
    if found is not None:
        return found
    major = mimetype.split("/", 1)[0]
    for pattern, media in content.items():
        if pattern in ("*/*", "*") or (pattern.endswith("/*") and pattern[:-2] == major):
            return media
    return None


def _charset(content_type: str | None) -> str:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value:
            return value.strip().strip('"')
    return "utf-8"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"number out of range: {text[:40]}")
    return number


def decode_json(raw: bytes) -> Any:
    """Parse a JSON body; any failure becomes a 400 problem.

    ``NaN``, ``Infinity`` and numbers too large for a float are refused: they are not JSON
    (RFC 8259), and a NaN passes every ``minimum`` and ``maximum`` check.
    """
    try:
        # json.loads(bytes) would let UTF-8-encoded surrogates through ("surrogatepass")
        text = raw.decode(json.detect_encoding(raw))
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except UnicodeDecodeError:
        raise BadRequestProblem("Request body is not valid UTF-8") from None
    except RecursionError:
        raise BadRequestProblem("Request body is nested too deeply") from None
    except ValueError as exc:
        raise BadRequestProblem(f"Request body is not valid JSON: {exc}") from None


def _decode_text(raw: bytes, content_type: str | None) -> str:
    charset = _charset(content_type)
    try:
        return raw.decode(charset)
    except LookupError:
        raise BadRequestProblem(f"Unknown charset {charset!r}") from None
    except UnicodeDecodeError:
        raise BadRequestProblem(f"Request body is not valid {charset}") from None


def _files(request: ConnexionRequest, media: MediaTypeBody, name: str) -> Any:
    values = request.files.getlist(name)
    if name in media.array_file_fields:
        return values
    return values[0] if values else None


def _form_body(
    op: Operation,
    request: ConnexionRequest,
    media: MediaTypeBody,
    kwargs: dict[str, Any],
    errors: Errors,
) -> Any:
    """OpenAPI 3 forms: fields in one object (the body argument), files by field name."""
    fields = op.uri_parser.resolve_form(_as_lists(request.form)) if request.form else {}
    if media.cast is not None:
        cast_fields: dict[str, Any] = {}
        for name, raw_value in fields.items():
            # field by field, so that every field that does not cast is reported
            try:
                cast_fields.update(media.cast({name: raw_value}))
            except CastError as exc:
                path = "".join(
                    "/" + str(part).replace("~", "~0").replace("/", "~1") for part in exc.path
                )
                errors.append(error("body", path, exc.message))
        if len(cast_fields) < len(fields):
            return fields
        fields = cast_fields
    checked = dict(fields)
    for name in request.files:
        values = request.files.getlist(name)
        checked[name] = [""] * len(values) if name in media.array_file_fields else ""
        if name in op.accepted_args or op.has_kwargs:
            kwargs[name] = _files(request, media, name)
    if media.validator is not None:
        for item in media.validator.errors(checked):
            errors.append(error("body", item.path, item.message))
        # a validator_map validator may fill in defaults: keep them, not the file stand-ins
        fields = {k: v for k, v in checked.items() if k not in request.files}
    return fields


def _swagger2_form(
    op: Operation, request: ConnexionRequest, kwargs: dict[str, Any], errors: Errors
) -> None:
    """Swagger 2 forms: every formData parameter is its own argument."""
    parameters = op.by_location.get("formData", ())
    resolved = op.uri_parser.resolve_form(_as_lists(request.form)) if request.form else {}
    files = request.files
    for parameter in parameters:
        if parameter.is_file:
            if parameter.name in files:
                if parameter.pass_to_handler:
                    values = files.getlist(parameter.name)
                    kwargs[parameter.arg_name] = (
                        values if parameter.schema.get("type") == "array" else values[0]
                    )
            elif parameter.required:
                errors.append(
                    error(
                        "formData",
                        parameter.name,
                        f"Missing formdata parameter '{parameter.name}'",
                    )
                )
            continue
        apply_parameter(parameter, resolved.get(parameter.name, MISSING), kwargs, errors)


def extract_body(
    op: Operation, request: ConnexionRequest, kwargs: dict[str, Any], errors: Errors
) -> None:
    """Decode and validate the body of ``request`` for ``op`` into ``kwargs``.

    :raises UnsupportedMediaTypeProblem: for a Content-Type the operation does not accept.
    :raises BadRequestProblem: for a body that cannot be decoded at all.
    """
    body = op.body
    if body is None:
        return
    mimetype = request.mimetype
    raw = request.body
    has_content = bool(raw) or bool(request.form) or bool(request.files)
    if not has_content and op.version < (3, 0) and "formData" in op.by_location:
        _swagger2_form(op, request, kwargs, errors)
        return
    if not has_content:
        if body.required:
            errors.append(error("body", "", "Request body is required"))
        elif body.pass_to_handler:
            kwargs[body.arg_name] = (
                None if body.default is MISSING else copy.deepcopy(body.default)
            )
        return
    media = match_media_type(body.content, mimetype) if mimetype else None
    if media is None:
        expected = ", ".join(body.content)
        shown = request.content_type or "none"
        raise UnsupportedMediaTypeProblem(f"Invalid Content-type ({shown}), expected {expected}")
    if mimetype in FORM_MEDIA_TYPES:
        if op.version < (3, 0):
            _swagger2_form(op, request, kwargs, errors)
            return
        value = _form_body(op, request, media, kwargs, errors)
    else:
        if is_json_media_type(mimetype) or (
            is_json_media_type(media.media_type) and mimetype == media.media_type
        ):
            value = decode_json(raw or b"")
        elif mimetype.startswith("text/"):
            value = _decode_text(raw or b"", request.content_type)
        else:
            value = raw
        if media.validator is not None and not isinstance(value, bytes):
            for item in media.validator.errors(value):
                errors.append(error("body", item.path, item.message))
    if body.pass_to_handler:
        kwargs[body.arg_name] = value


def extra_form_parameters(op: Operation, request: ConnexionRequest) -> list[str]:
    """The form fields that ``op`` does not define (``strict_validation``)."""
    if op.body is None or not op.form_names:
        return []
    names = op.form_names
    keys = set(request.form) | set(request.files)
    return sorted(key for key in keys if key.split("[", 1)[0] not in names)
