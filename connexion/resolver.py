"""Resolvers, importable as ``connexion.resolver`` as in connexion 2.

The implementation lives in :mod:`connexion.core.resolver`.
"""

from __future__ import annotations

from connexion.core.resolver import (
    MethodResolver,
    MethodResolverBase,
    MethodViewResolver,
    RelativeResolver,
    Resolution,
    ResolvableOperation,
    Resolver,
    RestyResolver,
)

__all__ = [
    "MethodResolver",
    "MethodResolverBase",
    "MethodViewResolver",
    "RelativeResolver",
    "ResolvableOperation",
    "Resolution",
    "Resolver",
    "RestyResolver",
]
