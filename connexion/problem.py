"""``problem()`` at its connexion 2 import path."""

from __future__ import annotations

from connexion.core.problem import problem

__all__ = ["problem"]
