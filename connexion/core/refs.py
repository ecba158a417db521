"""``$ref`` resolution: local pointers, relative files, recursive schemas.

Targets are shared, not copied, and recursive schemas become Python object cycles. Runs once,
when a spec is loaded.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from connexion.core.documents import read_document
from connexion.exceptions import InvalidSpecification

Version = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# $ref resolution
#
# The walk knows, roughly, what kind of object it is in. That decides three things: which
# values are plain data where a "$ref" may be a literal (examples, defaults, enums: resolved
# when possible, kept otherwise), how OpenAPI 3.1 treats keywords next to a "$ref" (a schema
# gets allOf, any other object gets the target with its summary/description overridden), and
# where a Path Item's "$ref" may have sibling operations (all versions).

_OBJECT, _SCHEMA, _SCHEMA_MAP, _PATHS, _PATH_ITEM, _DATA = range(6)

_OBJECT_KEYS = {
    "schema": _SCHEMA,
    "schemas": _SCHEMA_MAP,
    "definitions": _SCHEMA_MAP,
    "paths": _PATHS,
    "webhooks": _PATHS,
    "pathItems": _PATHS,
    "example": _DATA,
    "enum": _DATA,
}
_SCHEMA_KEYS = {
    "properties": _SCHEMA_MAP,
    "patternProperties": _SCHEMA_MAP,
    "definitions": _SCHEMA_MAP,
    "$defs": _SCHEMA_MAP,
    "dependentSchemas": _SCHEMA_MAP,
    "default": _DATA,
    "enum": _DATA,
    "const": _DATA,
    "example": _DATA,
    "examples": _DATA,
    "discriminator": _OBJECT,
    "xml": _OBJECT,
    "externalDocs": _OBJECT,
}
# (keyword -> child context, context of any other keyword), indexed by context.
_TRANSITIONS: tuple[tuple[dict[str, int], int], ...] = (
    (_OBJECT_KEYS, _OBJECT),
    (_SCHEMA_KEYS, _SCHEMA),
    ({}, _SCHEMA),
    ({}, _PATH_ITEM),
    (_OBJECT_KEYS, _OBJECT),
    ({}, _DATA),
)

_MISSING: Any = object()
_REMOTE_SCHEMES = ("http", "https")


def _is_url(key: str) -> bool:
    return key.split(":", 1)[0] in _REMOTE_SCHEMES and "://" in key


def _pointer_tokens(path: list[Any]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def find_path(document: Any, target: Any) -> list[Any]:
    """The path of ``target`` (found by identity) inside ``document``; [] if absent."""
    stack: list[tuple[Any, list[Any]]] = [(document, [])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            stack.extend((value, [*path, key]) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, [*path, index]) for index, value in enumerate(node))
    return []


class _Unresolvable(Exception):
    """Why a reference has no target (turned into InvalidSpecification with its location)."""


def _follow_pointer(document: Any, fragment: str) -> Any:
    if not fragment:
        return document
    if not fragment.startswith("/"):
        raise _Unresolvable("only JSON pointer fragments (#/...) are supported")
    node = document
    for token in fragment[1:].split("/"):
        # The pointer is a URI fragment, so percent-decode it; a key that itself contains
        # "%" written unencoded is the fallback.
        for candidate in (unquote(token), token):
            key = candidate.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and key in node:
                node = node[key]
                break
            if isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
                break
        else:
            raise _Unresolvable(f"{token!r} not found")
    return node


class _RefResolver:
    """One resolution run: a document (and the files it refers to) in, a resolved copy out.

    Every container of the result is created before its contents are walked and is memoised
    by the identity of the raw container it copies, so a target referred to many times is
    built once and shared, and recursive schemas become object cycles. The walk is a work
    list, not recursion; only chains of references to references recurse.
    """

    def __init__(
        self,
        root_key: str,
        document: Any,
        *,
        version: Version,
        root_name: str | None = None,
        store: Mapping[str, Any] | None = None,
    ) -> None:
        self._root_key = root_key
        self._root_name = root_name or root_key
        self._documents: dict[str, Any] = {root_key: document}
        for uri, stored in (store or {}).items():
            self._documents.setdefault(self._store_key(uri), stored)
        self._schema_siblings = version >= (3, 1)
        self._memo: dict[int, Any] = {}
        self._targets: dict[tuple[str, str], tuple[Any, str]] = {}
        self._queue: list[tuple[Any, Any, str, int]] = []
        self._deferred: list[tuple[dict[str, Any], Any, Any]] = []
        self._active: set[int] = set()
        # Synthetic nodes must stay alive: the memo is keyed by id().
        self._synthetic: list[Any] = []
        self._origins: dict[int, Any] = {}

    @staticmethod
    def _store_key(uri: str) -> str:
        if uri.startswith("file:"):
            return os.path.normpath(unquote(urlsplit(uri).path))
        return uri if _is_url(uri) else os.path.normpath(os.path.abspath(uri))

    def resolve(self) -> Any:
        result = self._value(self._documents[self._root_key], self._root_key, _OBJECT)
        self._drain()
        for merged, target, siblings in self._deferred:
            if isinstance(target, dict):
                merged.update(target)
            merged.update(siblings)
        return result

    def _drain(self) -> None:
        queue = self._queue
        value_of = self._value
        while queue:
            raw, out, file, context = queue.pop()
            if isinstance(raw, dict):
                keys, other = _TRANSITIONS[context]
                for key, value in raw.items():
                    if isinstance(value, dict | list):
                        value = value_of(value, file, keys.get(key, other))
                    out[key] = value
            else:
                for value in raw:
                    if isinstance(value, dict | list):
                        value = value_of(value, file, context)
                    out.append(value)

    def _value(self, raw: Any, file: str, context: int) -> Any:
        done = self._memo.get(id(raw), _MISSING)
        if done is not _MISSING:
            return done
        out: Any
        if isinstance(raw, dict):
            ref = raw.get("$ref")
            if isinstance(ref, str):
                return self._reference(raw, ref, file, context)
            out = {}
        elif isinstance(raw, list):
            out = []
        else:
            return raw
        self._memo[id(raw)] = out
        self._queue.append((raw, out, file, context))
        return out

    def _reference(self, raw: dict[str, Any], ref: str, file: str, context: int) -> Any:
        node_id = id(raw)
        has_siblings = len(raw) > 1
        if context == _DATA and has_siblings:
            return self._copy_literal(raw, file)
        if node_id in self._active:
            if context == _DATA:
                return self._copy_literal(raw, file)
            raise self._error(raw, file, ref, "the reference leads back to itself")
        self._active.add(node_id)
        try:
            result: Any
            if has_siblings and context == _SCHEMA and self._schema_siblings:
                # JSON Schema 2020-12: "$ref" is one more keyword, applied with the others.
                extra = raw.get("allOf")
                all_of = [self._synthetic_ref(ref, raw)]
                if isinstance(extra, list):
                    all_of.extend(extra)
                schema = {key: value for key, value in raw.items() if key != "$ref"}
                schema["allOf"] = all_of
                self._synthetic.append(schema)
                result = self._value(schema, file, _SCHEMA)
            elif has_siblings and (
                context == _PATH_ITEM or (self._schema_siblings and context == _OBJECT)
            ):
                # A Path Item's fields (any version) or a 3.1 Reference Object's summary and
                # description override the target's; merged once everything is built.
                result = {}
                self._memo[node_id] = result
                target, target_file = self._lookup(ref, file, raw)
                resolved_target = self._value(target, target_file, context)
                siblings = {key: value for key, value in raw.items() if key != "$ref"}
                self._synthetic.append(siblings)
                self._deferred.append(
                    (result, resolved_target, self._value(siblings, file, context))
                )
            else:
                target, target_file = self._lookup(ref, file, raw)
                result = self._value(target, target_file, context)
        except _Unresolvable as exc:
            if context != _DATA:
                raise self._error(raw, file, ref, str(exc)) from None
            # Examples and defaults are data: a "$ref" there is resolved when it can be (a
            # common way to share examples) and otherwise kept as the literal it may be.
            result = self._copy_literal(raw, file)
        finally:
            self._active.discard(node_id)
        self._memo[node_id] = result
        return result

    def _copy_literal(self, raw: dict[str, Any], file: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self._memo[id(raw)] = out
        self._queue.append((raw, out, file, _DATA))
        return out

    def _synthetic_ref(self, ref: str, origin: dict[str, Any]) -> dict[str, Any]:
        node = {"$ref": ref}
        self._synthetic.append(node)
        self._origins[id(node)] = origin
        return node

    def _lookup(self, ref: str, file: str, site: dict[str, Any]) -> tuple[Any, str]:
        """Find the raw target of ``ref`` written in ``file``: (target node, its file)."""
        found = self._targets.get((file, ref))
        if found is not None:
            return found
        uri, _, fragment = ref.partition("#")
        target_file = file
        if uri:
            scheme = urlsplit(uri).scheme
            if scheme == "file":
                target_file = os.path.normpath(unquote(urlsplit(uri).path))
            elif len(scheme) > 1 or _is_url(file):
                target_file = urljoin(file, uri)
            else:
                base = os.path.dirname(file)
                target_file = os.path.normpath(os.path.join(base, unquote(uri)))
        node = _follow_pointer(self._document(target_file), fragment)
        self._targets[(file, ref)] = (node, target_file)
        return node, target_file

    def _document(self, key: str) -> Any:
        document = self._documents.get(key, _MISSING)
        if document is _MISSING:
            try:
                document = self._read(key)
            except _Unresolvable as exc:
                document = exc
            self._documents[key] = document
        if isinstance(document, _Unresolvable):
            raise document
        return document

    @staticmethod
    def _read(key: str) -> Any:
        if _is_url(key):
            raise _Unresolvable(f"remote documents are not fetched ({key})")
        try:
            return read_document(pathlib.Path(key))
        except OSError as exc:
            raise _Unresolvable(f"cannot read {key}: {exc.strerror or exc}") from None
        except InvalidSpecification as exc:
            raise _Unresolvable(exc.message) from None

    def _error(self, site: Any, file: str, ref: str, reason: str) -> InvalidSpecification:
        site = self._origins.get(id(site), site)
        path = find_path(self._documents.get(file), site)
        name = self._root_name if file == self._root_key else file
        where = f"{_pointer_tokens(path) or '/'} in {name}"
        return InvalidSpecification(
            f"Unresolvable $ref {ref!r} at {where}: {reason}",
            path=path if file == self._root_key else (),
        )


def resolve_document(
    document: Any,
    *,
    file_path: str | os.PathLike[str] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    version: Version = (3, 0),
    store: Mapping[str, Any] | None = None,
) -> Any:
    """Return a copy of ``document`` with every ``$ref`` replaced by its target.

    The input is not modified. Targets are shared, not copied, and recursive schemas become
    object cycles. In plain data (``example``, ``default``, ``enum``, ``const``) a ``$ref``
    is replaced when it resolves and is otherwise kept as the literal it may be.

    :param document: the parsed document.
    :param file_path: the file (or http URL) the document was read from; relative references
        are relative to it.
    :param base_dir: where relative references point when there is no ``file_path``
        (default: the current directory).
    :param version: the specification version; (3, 1) turns a schema's ``$ref`` with sibling
        keywords into ``allOf``.
    :param store: documents already loaded, by URI or path, used before reading files.
    :raises InvalidSpecification: for a reference that cannot be resolved.
    """
    if file_path is not None:
        root_key = os.fspath(file_path)
        if not _is_url(root_key):
            root_key = os.path.normpath(os.path.abspath(root_key))
        name = root_key
    else:
        root_key = os.path.join(os.path.abspath(base_dir or os.curdir), "<specification>")
        name = "the specification"
    resolver = _RefResolver(root_key, document, version=version, root_name=name, store=store)
    return resolver.resolve()
