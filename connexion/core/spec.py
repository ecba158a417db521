"""The specification: load YAML/JSON, render ``arguments``, resolve ``$ref``, detect the version
and validate with openapi-spec-validator. Files are read once, at start-up; nothing here runs
per request, and nothing here imports a web framework.
"""

from __future__ import annotations

import copy
import os
import pathlib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from connexion.core.documents import (
    ExtendedSafeLoader,
    normalise_dict,
    parse_document,
    read_text,
    render_text,
)
from connexion.core.refs import find_path, resolve_document
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
        path = find_path(document, best.instance) or path
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

    @property
    def base_dir(self) -> pathlib.Path:
        """The folder relative references start from."""
        if self.file_path is not None:
            return self.file_path.parent
        return self._base_dir or pathlib.Path.cwd()

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
        text = read_text(path)
        if arguments:
            text = render_text(text, arguments, str(path))
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
        document = normalise_dict(spec, arguments)
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
