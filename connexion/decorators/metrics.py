"""Request metrics for uWSGI (connexion 2 import path).

:class:`UWSGIMetricsCollector` times a handler and reports it to uWSGI's metrics subsystem as
``{prefix}.{method}.{path}.{status}``; outside uWSGI it only times. The prefix comes from the
``HTTP_METRICS_PREFIX`` environment variable (default ``connexion.response``).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from typing import Any

try:  # only importable inside a uWSGI process
    import uwsgi_metrics as _uwsgi_metrics
except ImportError:
    _uwsgi_metrics = None

HTTP_STATUS_PREFIX = os.getenv("HTTP_METRICS_PREFIX", "connexion.response")


class UWSGIMetricsCollector:
    """Wraps a handler and records its duration under a key built from path and method.

    :param path: the route's path template.
    :param method: the HTTP method.
    """

    def __init__(self, path: str, method: str) -> None:
        self.path = path
        self.method = method
        swagger_path = path.strip("/").replace("/", ".").replace("<", "{").replace(">", "}")
        self.key_suffix = f"{method.upper()}.{swagger_path}"
        self.prefix = os.getenv("HTTP_METRICS_PREFIX", HTTP_STATUS_PREFIX)

    @staticmethod
    def is_available() -> bool:
        """Whether uWSGI's metrics module can be used."""
        return _uwsgi_metrics is not None

    def __call__(self, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            status = 500
            started = time.perf_counter()
            try:
                result = function(*args, **kwargs)
                status = _status_of(result)
                return result
            finally:
                elapsed_ms = (time.perf_counter() - started) * 1000
                key = f"{self.prefix}.{status}.{self.key_suffix}"
                if _uwsgi_metrics is not None:
                    _uwsgi_metrics.timer(key, elapsed_ms)

        return wrapper


def _status_of(result: Any) -> int:
    status = getattr(result, "status_code", None)
    if isinstance(status, int):
        return status
    if isinstance(result, tuple) and len(result) >= 2 and isinstance(result[1], int):
        return result[1]
    return 200
