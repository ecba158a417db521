"""The URI parsers under their connexion 2 import path (code in :mod:`connexion.core`)."""

from __future__ import annotations

from connexion.core.uri_parsing import (
    COLLECTION_FORMAT_DELIMITERS,
    QUERY_STRING_DELIMITERS,
    AbstractURIParser,
    AlwaysMultiURIParser,
    FirstValueURIParser,
    OpenAPIURIParser,
    Swagger2URIParser,
)

__all__ = [
    "COLLECTION_FORMAT_DELIMITERS",
    "QUERY_STRING_DELIMITERS",
    "AbstractURIParser",
    "AlwaysMultiURIParser",
    "FirstValueURIParser",
    "OpenAPIURIParser",
    "Swagger2URIParser",
]
