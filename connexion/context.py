"""``connexion.request`` and ``connexion.context``: proxies over the current request.

They read the context variable the drivers set, so they work in any handler on every
backend, per thread, per asyncio task and per greenlet. Outside a request they raise a
RuntimeError that says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from connexion.core.context import request_var
from connexion.core.request import ConnexionRequest

_UNBOUND = (
    "Working outside of a connexion request: connexion.request and connexion.context are "
    "only available while a request is being served"
)


#: Backends register a function that returns their framework's current request (or None),
#: so that ``connexion.request`` also works in plain framework routes and error handlers, as
#: it did in connexion 2 where it was Flask's request.
_framework_requests: list[Callable[[], Any]] = []


def register_framework_request(getter: Callable[[], Any]) -> None:
    """Let :data:`request` fall back to a framework's own current request.

    :param getter: returns the framework's request being served, or ``None``.
    """
    if getter not in _framework_requests:
        _framework_requests.append(getter)


def _current_request() -> ConnexionRequest:
    try:
        return request_var.get()
    except LookupError:
        raise RuntimeError(_UNBOUND) from None


def _current_request_or_framework() -> Any:
    try:
        return request_var.get()
    except LookupError:
        for getter in _framework_requests:
            found = getter()
            if found is not None:
                return found
        raise RuntimeError(_UNBOUND) from None


class _Proxy:
    """Forwards attribute and item access to the object a function returns."""

    __slots__ = ("_get",)

    def __init__(self, get: Callable[[], Any]) -> None:
        object.__setattr__(self, "_get", get)

    def _get_current_object(self) -> Any:
        return self._get()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._get(), name, value)

    def __getitem__(self, key: Any) -> Any:
        return self._get()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._get()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._get()[key]

    def __contains__(self, key: Any) -> bool:
        return key in self._get()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __bool__(self) -> bool:
        try:
            return bool(self._get())
        except RuntimeError:
            return False

    def __eq__(self, other: object) -> bool:
        return bool(self._get() == other)

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        try:
            return repr(self._get())
        except RuntimeError:
            return "<unbound connexion proxy>"


class _RequestProxy(_Proxy):
    """The neutral request; attributes it lacks come from the framework's own request."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        current = _current_request_or_framework()
        try:
            return getattr(current, name)
        except AttributeError:
            framework_request = getattr(current, "framework_request", None)
            if framework_request is not None:
                return getattr(framework_request, name)
            raise


def _current_context() -> dict[str, Any]:
    return _current_request().context


#: The request being served (a :class:`~connexion.lifecycle.ConnexionRequest`).
request: Any = _RequestProxy(_current_request_or_framework)
#: The context dict of the request being served (``user``, ``token_info``, ...).
context: Any = _Proxy(_current_context)
