"""The specification: load YAML/JSON, render ``arguments``, resolve ``$ref``, detect the version
and validate with openapi-spec-validator. Files are read once, at start-up; nothing here runs
per request, and nothing here imports a web framework.
"""

from __future__ import annotations

import copy
import json
import os
import pathlib
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import Any, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

import yaml

from connexion.exceptions import InvalidSpecification

__all__ = [
    "ExtendedSafeLoader",
    "OpenAPISpecification",
    "Specification",
    "Swagger2Specification",
    "parse_document",
    "resolve_document",
]

Version = tuple[int, int]

HTTP_METHODS = frozenset(("get", "put", "post", "delete", "options", "head", "patch", "trace"))

# ---------------------------------------------------------------------------------------------
# Parsing

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _construct_str_keyed_mapping(
    loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool
) -> dict[Hashable, Any]:
    # Keys are taken as written: `200:` becomes "200" and `on:` stays "on" (a YAML 1.1 boolean
    # otherwise), so the document survives a JSON round trip unchanged.
    loader.flatten_mapping(node)
    mapping: dict[Hashable, Any] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key: str = key_node.value
        else:
            key = str(loader.construct_object(key_node, deep=True))
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _timestamp_as_str(loader: Any, node: yaml.Node) -> Any:
    # An explicit !!timestamp stays text too.
    return loader.construct_scalar(node)


def _without_timestamps(
    resolvers: dict[Any, list[tuple[str, Any]]],
) -> dict[Any, list[tuple[str, Any]]]:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != _TIMESTAMP_TAG]
        for first, entries in resolvers.items()
    }


class ExtendedSafeLoader(yaml.SafeLoader):
    """A ``yaml.SafeLoader`` that keeps a document JSON-compatible.

    Every mapping key becomes a ``str`` (``200:`` gives ``"200"``) and dates and timestamps
    stay strings instead of becoming :mod:`datetime` objects.
    """

    yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        """Build a mapping whose keys are the keys' source text."""
        return _construct_str_keyed_mapping(self, node, deep)


ExtendedSafeLoader.add_constructor(_TIMESTAMP_TAG, _timestamp_as_str)

_FastLoader: type[Any] = ExtendedSafeLoader
if getattr(yaml, "__with_libyaml__", False):  # pragma: no branch

    class _ExtendedCSafeLoader(yaml.CSafeLoader):
        """The libyaml twin of :class:`ExtendedSafeLoader`: same behaviour, faster."""

        yaml_implicit_resolvers = ExtendedSafeLoader.yaml_implicit_resolvers

        def construct_mapping(
            self, node: yaml.MappingNode, deep: bool = False
        ) -> dict[Hashable, Any]:
            return _construct_str_keyed_mapping(self, node, deep)

    _ExtendedCSafeLoader.add_constructor(_TIMESTAMP_TAG, _timestamp_as_str)
    _FastLoader = _ExtendedCSafeLoader


def parse_document(text: str, source: str = "<string>", *, prefer_json: bool = False) -> Any:
    """Parse a JSON or YAML document.

    JSON is tried first when ``prefer_json`` is set or the text opens with ``{`` or ``[``
    (the json module is much faster than YAML); YAML is the fallback.

    :param text: the document.
    :param source: a name for error messages, usually the file path.
    :param prefer_json: the source is expected to be JSON (a ``.json`` file).
    :raises InvalidSpecification: when the text is neither valid JSON nor valid YAML.
    """
    json_error: ValueError | None = None
    if prefer_json or text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError as exc:
            json_error = exc
    try:
        return yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        error: Exception = json_error if prefer_json and json_error is not None else exc
        raise InvalidSpecification(f"Cannot parse {source}: {error}", cause=error) from exc


def _read_text(path: pathlib.Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def _read_document(path: pathlib.Path) -> Any:
    return parse_document(_read_text(path), str(path), prefer_json=path.suffix == ".json")


# ---------------------------------------------------------------------------------------------
# Arguments (Jinja2)


def _render_text(text: str, arguments: Mapping[str, Any], source: str) -> str:
    import jinja2

    try:
        return str(jinja2.Template(text).render(**arguments))
    except jinja2.TemplateError as exc:
        raise InvalidSpecification(
            f"Cannot render {source} with the given arguments: {exc}", cause=exc
        ) from exc


def _looks_like_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def _normalise_dict(node: Any, arguments: Mapping[str, Any] | None) -> Any:
    """Copy a user-given document: string keys (as YAML loading gives), templates rendered."""
    if isinstance(node, Mapping):
        return {
            _normalise_dict(str(key), arguments): _normalise_dict(value, arguments)
            for key, value in node.items()
        }
    if isinstance(node, list | tuple):
        return [_normalise_dict(item, arguments) for item in node]
    if arguments and isinstance(node, str) and _looks_like_template(node):
        import jinja2

        try:
            return jinja2.Template(node, keep_trailing_newline=True).render(**arguments)
        except jinja2.TemplateError as exc:
            raise InvalidSpecification(
                f"Cannot render {node!r} with the given arguments: {exc}", cause=exc
            ) from exc
    return node


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


def _find_path(document: Any, target: Any) -> list[Any]:
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
            return _read_document(pathlib.Path(key))
        except OSError as exc:
            raise _Unresolvable(f"cannot read {key}: {exc.strerror or exc}") from None
        except InvalidSpecification as exc:
            raise _Unresolvable(exc.message) from None

    def _error(self, site: Any, file: str, ref: str, reason: str) -> InvalidSpecification:
        site = self._origins.get(id(site), site)
        path = _find_path(self._documents.get(file), site)
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


# ---------------------------------------------------------------------------------------------
# Version and validation

_OPENAPI_VERSION = re.compile(r"3\.([01])\.\d+(-[0-9A-Za-z.-]+)?")


def _detect_version(document: Any) -> Version:
    if not isinstance(document, dict):
        kind = "nothing" if document is None else type(document).__name__
        raise InvalidSpecification(
            f"The specification must be a mapping at the top level, got {kind}"
        )
    if "openapi" in document:
        text = str(document["openapi"])
        match = _OPENAPI_VERSION.fullmatch(text)
        if match is None:
            raise InvalidSpecification(
                f"Unsupported OpenAPI version {text!r}: expected 3.0.x or 3.1.x",
                path=["openapi"],
            )
        return (3, int(match.group(1)))
    if "swagger" in document:
        text = str(document["swagger"])
        if text != "2.0":
            raise InvalidSpecification(
                f"Unsupported Swagger version {text!r}: expected 2.0", path=["swagger"]
            )
        return (2, 0)
    raise InvalidSpecification(
        "Cannot tell the specification version: there is no 'openapi' (3.x) "
        "or 'swagger' (2.0) field"
    )


def _validate(document: dict[str, Any], version: Version, base_uri: str) -> None:
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    validator_class = {
        (2, 0): OpenAPIV2SpecValidator,
        (3, 0): OpenAPIV30SpecValidator,
        (3, 1): OpenAPIV31SpecValidator,
    }[version]
    try:
        validator = validator_class(document, base_uri=base_uri)
        error = next(iter(validator.iter_errors()), None)
    except Exception as exc:
        # The validator's own failures (unresolvable references, unexpected shapes) all mean
        # that the document is not usable: report them as what they are.
        raise InvalidSpecification(
            f"Invalid specification: {type(exc).__name__}: {exc}", cause=exc
        ) from exc
    finally:
        # iter_errors is an lru_cache keyed by the validator: without this every validated
        # document stays in memory for the life of the process.
        cache_clear = getattr(
            getattr(validator_class.iter_errors, "__wrapped__", None), "cache_clear", None
        )
        if cache_clear is not None:
            cache_clear()
    if error is None:
        return
    raise _invalid_specification(document, error) from error


def _document_path(document: Any, parts: Iterable[Any]) -> tuple[list[Any], Any]:
    """``parts`` with mapping keys as the document spells them (some engines give 200), and
    the value found there (``None`` if the path leads nowhere)."""
    path: list[Any] = []
    node = document
    for part in parts:
        if isinstance(node, dict) and part not in node and str(part) in node:
            part = str(part)
        path.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return path, node


def _invalid_specification(document: dict[str, Any], error: Any) -> InvalidSpecification:
    from jsonschema.exceptions import best_match

    # Descend into oneOf/anyOf failures while one branch is clearly the one that was meant.
    try:
        best = best_match([error])
    except Exception:  # errors re-created by the validator may lack what ranking needs
        best = error
    path, found = _document_path(document, best.absolute_path)
    # Errors of the per-schema checks carry a path relative to the schema they checked (or
    # none); the failing value itself is part of the document, so find where it sits.
    if found is not best.instance and isinstance(best.instance, dict | list):
        path = _find_path(document, best.instance) or path
    message = str(best.message)
    reasons = list(dict.fromkeys(str(branch.message) for branch in best.context or ()))
    if reasons:
        message += " (" + "; or ".join(reasons[:4]) + ("; ..." if len(reasons) > 4 else "") + ")"
    where = ".".join(str(part) for part in path)
    text = (
        f"Invalid specification at {where}: {message}"
        if where
        else f"Invalid specification: {message}"
    )
    return InvalidSpecification(
        text, path=path, schema_path=list(best.absolute_schema_path), cause=error
    )


def _normalise_base_path(base_path: str) -> str:
    base_path = base_path.strip().rstrip("/")
    if base_path and not base_path.startswith("/"):
        base_path = "/" + base_path
    return base_path


# ---------------------------------------------------------------------------------------------
# The specification objects


class Specification(Mapping[str, Any]):
    """A loaded, resolved and (optionally) validated Swagger 2.0 or OpenAPI 3.x document.

    Build one with :meth:`load`, :meth:`from_file` or :meth:`from_dict`; they return a
    :class:`Swagger2Specification` or an :class:`OpenAPISpecification`. Reading it as a
    mapping reads :attr:`raw`.

    :param raw: the document (after argument rendering, before ``$ref`` resolution).
    :param file_path: the file it was read from, if any; relative references start there.
    :param base_dir: where relative references start when there is no file.
    :param validate: validate with openapi-spec-validator.
    """

    #: The versions this class accepts.
    versions: ClassVar[tuple[Version, ...]] = ((2, 0), (3, 0), (3, 1))

    raw: dict[str, Any]
    resolved: dict[str, Any]
    version: Version
    base_path: str
    security_schemes: dict[str, Any]
    security: list[Any]
    file_path: pathlib.Path | None

    def __init__(
        self,
        raw: dict[str, Any],
        *,
        file_path: str | os.PathLike[str] | None = None,
        base_dir: str | os.PathLike[str] | None = None,
        validate: bool = True,
    ) -> None:
        if type(self) is Specification:
            raise TypeError(
                "Specification is abstract: use Specification.load(), from_file() or from_dict()"
            )
        version = _detect_version(raw)
        if version not in self.versions:
            expected = " or ".join(".".join(map(str, v)) for v in self.versions)
            raise InvalidSpecification(
                f"{type(self).__name__} takes version {expected} documents, "
                f"got {version[0]}.{version[1]}"
            )
        self.raw = raw
        self.version = version
        self.file_path = pathlib.Path(os.path.abspath(file_path)) if file_path else None
        self._base_dir = pathlib.Path(os.path.abspath(base_dir)) if base_dir else None
        self.resolved = resolve_document(
            raw, file_path=self.file_path, base_dir=self._base_dir, version=version
        )
        if validate:
            _validate(raw, version, self._base_uri())
        self.base_path = self._find_base_path()
        self.security_schemes = self._find_security_schemes()
        security = self.resolved.get("security")
        self.security = security if isinstance(security, list) else []

    def _base_uri(self) -> str:
        if self.file_path is not None:
            return self.file_path.as_uri()
        # Relative references of a dict start where the resolver starts them too.
        return (self._base_dir or pathlib.Path.cwd()).as_uri() + "/"

    # -- constructors ----------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        spec: str | os.PathLike[str] | Mapping[str, Any] | Specification,
        *,
        arguments: Mapping[str, Any] | None = None,
        base_dir: str | os.PathLike[str] | None = None,
        validate: bool = True,
    ) -> Specification:
        """Load a specification from a file or a dict.

        :param spec: a path (relative to ``base_dir`` when given), a dict, or a
            :class:`Specification` (returned as it is).
        :param arguments: Jinja2 variables; when given, the document is rendered as a template
            before it is parsed.
        :param base_dir: the directory of relative paths: of ``spec`` itself, and of the
            references of a dict ``spec``.
        :param validate: validate with openapi-spec-validator.
        :raises InvalidSpecification: for a document that cannot be parsed, resolved or
            validated.
        :raises FileNotFoundError: when the file does not exist.
        """
        if isinstance(spec, Specification):
            return spec
        if isinstance(spec, Mapping):
            return cls.from_dict(spec, arguments=arguments, base_dir=base_dir, validate=validate)
        path = pathlib.Path(spec)
        if base_dir is not None and not path.is_absolute():
            path = pathlib.Path(base_dir) / path
        return cls.from_file(path, arguments=arguments, validate=validate)

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        *,
        arguments: Mapping[str, Any] | None = None,
        validate: bool = True,
    ) -> Specification:
        """Load a specification from a YAML or JSON file.

        :param path: the file; references to other files are relative to it.
        :param arguments: Jinja2 variables to render the file with before parsing.
        :param validate: validate with openapi-spec-validator.
        """
        path = pathlib.Path(os.path.abspath(path))
        text = _read_text(path)
        if arguments:
            text = _render_text(text, arguments, str(path))
        document = parse_document(text, str(path), prefer_json=path.suffix == ".json")
        return cls._class_for(document)(document, file_path=path, validate=validate)

    @classmethod
    def from_dict(
        cls,
        spec: Mapping[str, Any],
        *,
        arguments: Mapping[str, Any] | None = None,
        base_dir: str | os.PathLike[str] | None = None,
        validate: bool = True,
    ) -> Specification:
        """Load a specification from a dict (copied; the copy's keys are all strings).

        :param spec: the document.
        :param arguments: Jinja2 variables; string keys and values are rendered with them.
        :param base_dir: the directory that relative references start from.
        :param validate: validate with openapi-spec-validator.
        """
        document = _normalise_dict(spec, arguments)
        return cls._class_for(document)(document, base_dir=base_dir, validate=validate)

    @classmethod
    def _class_for(cls, document: Any) -> type[Specification]:
        if cls is not Specification:
            return cls
        return (
            Swagger2Specification if _detect_version(document) == (2, 0) else OpenAPISpecification
        )

    def with_base_path(self, base_path: str | None) -> Specification:
        """Return a copy whose base path is ``base_path`` (``None`` keeps the current one).

        The copy's documents say so too (``basePath`` in 2.0, ``servers`` in 3.x), so that a
        served copy matches where the API is mounted. Everything else is shared.

        :param base_path: the new base path, like ``/v2`` (normalised: a leading slash, no
            trailing slash, ``/`` becomes ``""``), or ``None``.
        """
        clone = copy.copy(self)
        if base_path is None:
            return clone
        clone.base_path = _normalise_base_path(base_path)
        clone.raw = self._document_with_base_path(self.raw, clone.base_path)
        clone.resolved = self._document_with_base_path(self.resolved, clone.base_path)
        return clone

    # -- reading -----------------------------------------------------------------------------

    def operations(self) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
        """Yield ``(path, method, operation, path_item)`` for every operation, in order.

        Everything yielded is resolved. Webhooks are not operations.
        """
        paths = self.resolved.get("paths")
        if not isinstance(paths, dict):
            return
        for path, path_item in paths.items():
            if path.startswith("x-") or not isinstance(path_item, dict):
                continue
            for method, operation in path_item.items():
                if method in HTTP_METHODS and isinstance(operation, dict):
                    yield path, method, operation, path_item

    @property
    def security_definitions(self) -> dict[str, Any]:
        """The security schemes (connexion 2 name of :attr:`security_schemes`)."""
        return self.security_schemes

    def __getitem__(self, key: str) -> Any:
        return self.raw[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    # A specification is an object with an identity, not a value: comparing two 4 MB
    # documents key by key is never what is meant.
    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        source = str(self.file_path) if self.file_path else "dict"
        return f"<{type(self).__name__} {self.version[0]}.{self.version[1]} from {source}>"

    # -- per version -------------------------------------------------------------------------

    def _find_base_path(self) -> str:
        raise NotImplementedError

    def _find_security_schemes(self) -> dict[str, Any]:
        raise NotImplementedError

    @staticmethod
    def _document_with_base_path(document: dict[str, Any], base_path: str) -> dict[str, Any]:
        raise NotImplementedError


class Swagger2Specification(Specification):
    """A Swagger 2.0 document."""

    versions = ((2, 0),)

    def _find_base_path(self) -> str:
        base_path = self.resolved.get("basePath")
        return _normalise_base_path(base_path) if isinstance(base_path, str) else ""

    def _find_security_schemes(self) -> dict[str, Any]:
        schemes = self.resolved.get("securityDefinitions")
        return schemes if isinstance(schemes, dict) else {}

    @staticmethod
    def _document_with_base_path(document: dict[str, Any], base_path: str) -> dict[str, Any]:
        return {**document, "basePath": base_path or "/"}


class OpenAPISpecification(Specification):
    """An OpenAPI 3.0 or 3.1 document."""

    versions = ((3, 0), (3, 1))

    def _find_base_path(self) -> str:
        servers = self.resolved.get("servers")
        if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
            return ""
        server = servers[0]
        url = server.get("url")
        if not isinstance(url, str):
            return ""
        variables = server.get("variables")
        variables = variables if isinstance(variables, dict) else {}

        def default(match: re.Match[str]) -> str:
            variable = variables.get(match.group(1))
            if isinstance(variable, dict) and "default" in variable:
                return str(variable["default"])
            return match.group(0)

        url = re.sub(r"\{([^{}]*)\}", default, url)
        try:
            return _normalise_base_path(urlsplit(url).path)
        except ValueError:
            return ""

    def _find_security_schemes(self) -> dict[str, Any]:
        components = self.resolved.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        return schemes if isinstance(schemes, dict) else {}

    @staticmethod
    def _document_with_base_path(document: dict[str, Any], base_path: str) -> dict[str, Any]:
        return {**document, "servers": [{"url": base_path or "/"}]}
