"""Per-backend App classes: the application users construct."""

from __future__ import annotations

from connexion.apps.abstract import AbstractApp

__all__ = ["AbstractApp"]
