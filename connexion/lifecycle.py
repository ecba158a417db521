"""The request and response objects connexion works with (connexion 2 import path)."""

from __future__ import annotations

from connexion.core.request import ConnexionRequest, ConnexionResponse, MultiDict

__all__ = ["ConnexionRequest", "ConnexionResponse", "MultiDict"]
