"""Operations (connexion 2 import path): one per (path, method) of the spec."""

from __future__ import annotations

from connexion.operations.compat import (
    AbstractOperation,
    OpenAPIOperation,
    Swagger2Operation,
    make_operation,
)

__all__ = ["AbstractOperation", "OpenAPIOperation", "Swagger2Operation", "make_operation"]
