"""JSON Schema helpers under their connexion 2 names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from connexion.core.spec import ExtendedSafeLoader, resolve_document
from connexion.core.validation import (
    Draft4RequestValidator,
    Draft4ResponseValidator,
    Draft2020RequestValidator,
    Draft2020ResponseValidator,
    draft4_format_checker,
)

__all__ = [
    "Draft2020RequestValidator",
    "Draft2020ResponseValidator",
    "Draft4RequestValidator",
    "Draft4ResponseValidator",
    "ExtendedSafeLoader",
    "draft4_format_checker",
    "resolve_refs",
]


def resolve_refs(
    spec: dict[str, Any], store: Mapping[str, Any] | None = None, base_uri: str = ""
) -> dict[str, Any]:
    """Return a copy of ``spec`` with every ``$ref`` replaced by its target.

    ``spec`` itself is not modified; targets are shared and recursive schemas become object
    cycles (see :func:`connexion.core.spec.resolve_document`).

    :param spec: the document, or any part of one.
    :param store: documents by URI (``file:`` or ``http(s):``) to use instead of reading them;
        remote documents are never fetched.
    :param base_uri: where ``spec`` came from: a file URI or path, or a directory ending with
        ``/``; relative references start there (default: the current directory).
    :raises connexion.exceptions.InvalidSpecification: for a reference that cannot be resolved.
    """
    version = (3, 1) if str(spec.get("openapi", "")).startswith("3.1") else (3, 0)
    location = unquote(urlsplit(base_uri).path) if base_uri.startswith("file:") else base_uri
    resolved: dict[str, Any]
    if not location:
        resolved = resolve_document(spec, version=version, store=store)
    elif location.endswith("/"):
        resolved = resolve_document(spec, base_dir=location, version=version, store=store)
    else:
        resolved = resolve_document(spec, file_path=location, version=version, store=store)
    return resolved
