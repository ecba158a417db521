"""The context variable that holds the request being served.

The drivers set it around each request; :data:`connexion.request` and
:data:`connexion.context` read it. A ContextVar is per thread, per asyncio task and per
greenlet, so concurrent requests never see each other's state.
"""

from __future__ import annotations

from contextvars import ContextVar

from connexion.core.request import ConnexionRequest

request_var: ContextVar[ConnexionRequest] = ContextVar("connexion_request")
