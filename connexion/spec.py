"""The specification objects under their public import path (they live in connexion.core)."""

from __future__ import annotations

from connexion.core.spec import (
    ExtendedSafeLoader,
    OpenAPISpecification,
    Specification,
    Swagger2Specification,
)

__all__ = [
    "ExtendedSafeLoader",
    "OpenAPISpecification",
    "Specification",
    "Swagger2Specification",
]
