"""Mock answers: the response an operation's spec documents, picked or built once per operation.

Pure and framework-free (no I/O): :func:`build_answer` reads a resolved operation and returns a
:class:`MockAnswer`; values are built by :class:`connexion.core.sampling.SchemaSampler`.

**Status.** The lowest documented ``2xx`` code; else ``2XX`` or ``default``, answered as 200;
else the lowest documented code of the classes 3xx, 4xx, 5xx, then 1xx, in that order (a spec
that documents only errors says that is all the operation answers); with no responses, 200.
A 204, a 304, a 1xx and a response without content have no body.

**Media type.** ``application/json`` (or another JSON type) when several are documented, else
the first one (Swagger 2: among ``produces``, those with a response example first).

**Body.** OpenAPI 3: the media type's ``example``, then each of its ``examples`` ``value``
(``externalValue`` is skipped), then the schema's ``example`` / ``examples``, then a value
built from the schema. Swagger 2: the response's ``examples[media type]``, then the schema's
``example``, then a built value. The first candidate that validates against the response
schema wins; an invalid example is reported in :attr:`MockAnswer.warnings` and answered only
when no candidate validates. A string example of a JSON media type that holds JSON is parsed;
a string (or bytes) example of another media type is the body as written (an XML or CSV
document, not the data its schema describes), answered without validation. Binary schemas
(``format: binary``, Swagger 2 ``type: file``) give bytes.

**Headers.** The first example that validates, else a built value; a value no server can send
(a control character such as CR or LF, a character beyond Latin-1) is skipped with a warning,
and a header left without a sendable value is left out.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from connexion.core.response import NoContent, is_json_media_type
from connexion.core.sampling import SchemaSampler, copy_json
from connexion.core.validation import SchemaError, ValidationEngine, Version

__all__ = ["MockAnswer", "build_answer", "choose_media_type", "choose_status"]

_NO_BODY_STATUSES = frozenset({204, 205, 304})
_RANGE_EXAMPLES = {"text": "text/plain", "image": "image/png", "audio": "audio/mpeg"}

# --- the answer -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MockAnswer:
    """What a mocked operation answers.

    :param status: the status code.
    :param media_type: the Content-Type of the body (``None`` when there is no body).
    :param body: the body: a JSON-like value, text, bytes, or :data:`NoContent`.
    :param headers: the documented response headers, with example values.
    :param source: where the body came from (``"example"``, ``"examples/<name>"``,
        ``"schema example"``, ``"response examples"``, ``"generated"``, ``"none"``).
    :param warnings: what the spec got wrong (an example its schema rejects...).
    """

    status: int
    media_type: str | None
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)
    source: str = "none"
    warnings: tuple[str, ...] = ()

    def response(self) -> tuple[Any, int, dict[str, str]]:
        """The handler return value ``(body, status, headers)``; a fresh copy each time."""
        headers = dict(self.headers)
        if self.media_type is not None:
            headers["Content-Type"] = self.media_type
        return copy_json(self.body), self.status, headers


def choose_status(responses: Mapping[Any, Any]) -> tuple[int, Any]:
    """Pick the status code a mock answers, and the ``responses`` key that documents it.

    :param responses: the operation's ``responses`` object.
    :return: ``(status, key)``; ``key`` is ``None`` when nothing is documented.
    """
    exact: dict[int, Any] = {}
    ranges: dict[int, Any] = {}
    default = None
    for key in responses:
        text = str(key).strip().upper()
        if text.isdigit() and len(text) == 3:
            exact.setdefault(int(text), key)
        elif re.fullmatch(r"[1-5]XX", text):
            ranges.setdefault(int(text[0]), key)
        elif text == "DEFAULT":
            default = key
    successes = [code for code in exact if 200 <= code < 300]
    if successes:
        return min(successes), exact[min(successes)]
    if 2 in ranges:
        return 200, ranges[2]
    if default is not None:
        return 200, default
    for family in (3, 4, 5, 1):
        codes = [code for code in exact if code // 100 == family]
        if codes:
            return min(codes), exact[min(codes)]
        if family in ranges:
            return family * 100, ranges[family]
    return 200, None


def choose_media_type(media_types: Sequence[str]) -> str | None:
    """Pick a JSON media type when there is one, else the first (``None`` for none).

    :param media_types: the documented media types, in spec order.
    """
    for media_type in media_types:
        if is_json_media_type(media_type):
            return media_type
    return media_types[0] if media_types else None


def _concrete(media_type: str) -> str:
    """A media type a response can carry, for a documented range such as ``*/*``."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base in ("*/*", "*", "application/*"):
        return "application/json"
    if base.endswith("/*"):
        return _RANGE_EXAMPLES.get(base[:-2], "application/octet-stream")
    return media_type


def _is_textual(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return (
        is_json_media_type(base)
        or base.startswith("text/")
        or base.endswith(("xml", "+yaml", "/yaml", "x-www-form-urlencoded", "javascript"))
    )


def _is_binary_schema(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    return (
        schema.get("type") == "file"
        or schema.get("format") == "binary"
        or "contentMediaType" in schema
        or ("contentEncoding" in schema and schema.get("contentEncoding") != "base64")
    )


def build_answer(
    operation: Mapping[str, Any],
    version: Version,
    produces: Sequence[str] = ("application/json",),
    engine: ValidationEngine | None = None,
    sampler: SchemaSampler | None = None,
) -> MockAnswer:
    """Compute what a mock of ``operation`` answers (see the module docstring for the rules).

    :param operation: the resolved operation object (no ``$ref`` left).
    :param version: the spec version, such as ``(2, 0)`` or ``(3, 1)``.
    :param produces: Swagger 2: the operation's response media types.
    :param engine: the validation engine (jsonschema with the OpenAPI additions when ``None``).
    :param sampler: a response sampler of ``version`` to reuse (it memoises what it builds).
    """
    responses = operation.get("responses")
    if not isinstance(responses, Mapping):
        responses = {}
    status, key = choose_status(responses)
    definition = responses.get(key) if key is not None else None
    if not isinstance(definition, Mapping):
        definition = {}
    if sampler is None:
        sampler = SchemaSampler(version, "response", engine)
    warnings: list[str] = []
    headers = _headers(status, definition, version, sampler, warnings)
    if version >= (3, 0):
        content = definition.get("content")
        content = content if isinstance(content, Mapping) else {}
        media_type = choose_media_type([str(m) for m in content])
        media = content.get(media_type) if media_type is not None else None
        media = media if isinstance(media, Mapping) else {}
        schema = media.get("schema")
        documented = list(_media_examples(media)) + list(_schema_examples(schema))
    else:
        schema = definition.get("schema")
        examples = definition.get("examples")
        examples = examples if isinstance(examples, Mapping) else {}
        with_example = [m for m in produces if m in examples]
        media_type = choose_media_type(with_example or list(produces))
        if schema is None and not with_example:
            media_type = None
        documented = []
        if media_type in examples:
            documented.append(("response examples", examples[media_type]))
        documented.extend(_schema_examples(schema))
    if media_type is None or status in _NO_BODY_STATUSES or status < 200:
        return MockAnswer(status, None, NoContent, headers, "none", tuple(warnings))
    media_type = _concrete(media_type)
    if not _is_textual(media_type) and (schema is None or _is_binary_schema(schema)):
        body, source = _binary_body(media_type, documented)
    else:
        body, source = _pick_body(status, media_type, schema, documented, sampler, warnings)
        if not is_json_media_type(media_type):
            body = _as_text(body, media_type, schema)
    return MockAnswer(status, media_type, body, headers, source, tuple(warnings))


def _media_examples(media: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in media:
        yield "example", media["example"]
    examples = media.get("examples")
    if isinstance(examples, Mapping):
        for name, example in examples.items():
            if isinstance(example, Mapping) and "value" in example:
                yield f"examples/{name}", example["value"]


def _schema_examples(schema: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(schema, Mapping):
        return
    if "example" in schema:
        yield "schema example", schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list):
        for example in examples:
            yield "schema example", example


def _readings(value: Any, media_type: str) -> Iterator[Any]:
    """The ways to read an example: a JSON document written as a string is parsed first."""
    if isinstance(value, str) and is_json_media_type(media_type):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                yield json.loads(text)
            except ValueError:
                pass
    yield value


def _pick_body(
    status: int,
    media_type: str,
    schema: Any,
    documented: list[tuple[str, Any]],
    sampler: SchemaSampler,
    warnings: list[str],
) -> tuple[Any, str]:
    """The first documented example that validates, else a value built from the schema.

    A string or bytes example of a non-JSON media type is a serialised body (XML, CSV, text),
    not the value the schema describes: it is answered as written.
    """
    as_written = not is_json_media_type(media_type)
    if not isinstance(schema, Mapping) or _is_binary_schema(schema):
        for source, example in documented:
            return copy_json(next(_readings(example, media_type))), source
        if isinstance(schema, Mapping):
            return sampler.sample(schema), "generated"
        textual = not is_json_media_type(media_type) and "xml" not in media_type
        return ("string" if textual else {}), "generated"
    first_errors: list[SchemaError] = []

    def rejected(fallback: str) -> None:
        warnings.append(
            f"the {documented[0][0]} of response {status} ({media_type}) does not match its "
            f"schema ({_describe_error(first_errors[0])}); {fallback}"
        )

    for source, example in documented:
        if as_written and isinstance(example, (str, bytes)):
            if first_errors:
                rejected(f"answering the {source}")
            return example, source
        for reading in _readings(example, media_type):
            found = sampler.errors(schema, reading)
            if not found:
                if first_errors:
                    rejected(f"answering the {source}")
                return copy_json(reading), source
            first_errors = first_errors or found
    generated, found = sampler.sample_checked(schema)
    if found:
        strict, strict_found = sampler.sample_checked(schema, use_examples=False)
        if not strict_found:
            generated, found = strict, strict_found
    if documented:
        rejected("no value built from it does either" if found else "answering a built value")
        if found:
            return copy_json(next(_readings(documented[0][1], media_type))), documented[0][0]
    elif found:
        warnings.append(
            f"the value built for response {status} ({media_type}) does not match its schema "
            f"({_describe_error(found[0])}); answering it anyway"
        )
    return generated, "generated"


def _describe_error(error: SchemaError, limit: int = 160) -> str:
    message = error.message if len(error.message) <= limit else error.message[:limit] + "..."
    return f"{message} at {error.path}" if error.path else message


def _as_text(body: Any, media_type: str, schema: Any) -> Any:
    """Render a non-JSON body: text stays text, data becomes XML or JSON text."""
    if isinstance(body, (str, bytes)):
        return body
    if "xml" in media_type.split(";", 1)[0]:
        xml = schema.get("xml") if isinstance(schema, Mapping) else None
        name = xml.get("name") if isinstance(xml, Mapping) else None
        return '<?xml version="1.0" encoding="UTF-8"?>' + _to_xml(body, str(name or "root"))
    if isinstance(body, (dict, list)) or body is None or isinstance(body, bool):
        return json.dumps(body)
    return str(body)


def _to_xml(value: Any, name: str) -> str:
    name = re.sub(r"[^\w.-]", "_", name)
    if not re.match(r"[A-Za-z_]", name):
        name = "_" + name
    if isinstance(value, dict):
        inner = "".join(_to_xml(item, str(key)) for key, item in value.items())
    elif isinstance(value, list):
        inner = "".join(_to_xml(item, "item") for item in value)
    elif value is None:
        return f"<{name}/>"
    elif isinstance(value, bool):
        inner = "true" if value else "false"
    else:
        inner = escape(str(value))
    return f"<{name}>{inner}</{name}>"


def _tiny_png() -> bytes:
    """A valid 1x1 transparent PNG, for image/png answers."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x00\x00\x00")
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    return png + chunk(b"IEND", b"")


_PNG = _tiny_png()


def _binary_body(media_type: str, documented: list[tuple[str, Any]]) -> tuple[bytes, str]:
    for source, example in documented:
        if isinstance(example, bytes):
            return example, source
        if isinstance(example, str):
            return example.encode("utf-8"), source
    if media_type.split(";", 1)[0].strip().lower() == "image/png":
        return _PNG, "generated"
    return b"", "generated"


def _headers(
    status: int,
    definition: Mapping[str, Any],
    version: Version,
    sampler: SchemaSampler,
    warnings: list[str],
) -> dict[str, str]:
    headers = definition.get("headers")
    if not isinstance(headers, Mapping):
        return {}
    values: dict[str, str] = {}
    for name, header in headers.items():
        if not isinstance(header, Mapping) or str(name).lower() == "content-type":
            continue
        if version >= (3, 0):
            schema = header.get("schema")
            content = header.get("content")
            if schema is None and isinstance(content, Mapping) and content:
                media = next(iter(content.values()))
                header = media if isinstance(media, Mapping) else {}
                schema = header.get("schema")
            documented = list(_media_examples(header)) + list(_schema_examples(schema))
        else:
            schema = header
            documented = list(_schema_examples(header))
        # A value no server can send fails every request (a 500, or a dropped connection).
        unsendable: list[str] = []
        value, source = None, "a built value"
        for documented_source, example in documented:
            if example is None:  # a null example: as if there were none
                continue
            if isinstance(schema, Mapping) and sampler.errors(schema, example):
                continue
            text = _header_text(example)
            if _sendable(text):
                value, source = text, f"the {documented_source}"
                break
            unsendable.append(f"the {documented_source}")
        if value is None:
            built = sampler.sample(schema) if isinstance(schema, Mapping) else "string"
            text = _header_text(built)
            if _sendable(text):
                value = text
            else:
                unsendable.append(source)
        if unsendable:
            fallback = "leaving the header out" if value is None else f"answering {source}"
            warnings.append(
                f"{unsendable[0]} of header {name} of response {status} holds a character no "
                "server can send in a header (a control character such as CR or LF, or one "
                f"beyond Latin-1); {fallback}"
            )
        if value is not None:
            values[str(name)] = value
    return values


def _sendable(text: str) -> bool:
    """Whether every character of ``text`` may stand in a header value (RFC 9110 5.5)."""
    return all(char == "\t" or " " <= char <= "~" or "\x80" <= char <= "\xff" for char in text)


def _header_text(value: Any) -> str:
    """Serialise a header value in the ``simple`` style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(_header_text(item) for item in value)
    if isinstance(value, dict):
        return ",".join(f"{key},{_header_text(item)}" for key, item in value.items())
    return str(value)
