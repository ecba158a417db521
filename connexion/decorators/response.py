"""The response validator under its connexion 2 import path (code in :mod:`connexion.core`)."""

from __future__ import annotations

from connexion.core.validation import ResponseValidator

__all__ = ["ResponseValidator"]
