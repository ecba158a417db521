"""Per-backend API classes: a specification's routes on one framework."""

from __future__ import annotations

from connexion.apis.abstract import AbstractAPI

__all__ = ["AbstractAPI"]
