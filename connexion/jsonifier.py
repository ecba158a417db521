"""JSON encoding and decoding with the types handlers commonly return.

datetime becomes ISO 8601 (a naive datetime gets ``Z``), date ISO, Decimal a float, UUID a
string; objects with a ``to_dict()`` method (generated models) are encoded through it.
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from typing import Any


def default(obj: Any) -> Any:
    """Encode the values :func:`json.dumps` does not know."""
    if isinstance(obj, datetime.datetime):
        if obj.tzinfo is None:
            return obj.isoformat() + "Z"
        return obj.isoformat()
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    if isinstance(obj, decimal.Decimal):
        return float(obj)
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if isinstance(obj, (set, frozenset)):
        return list(obj)
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


class JSONEncoder(json.JSONEncoder):
    """A :class:`json.JSONEncoder` that knows the types of :func:`default`."""

    def default(self, o: Any) -> Any:
        return default(o)


class Jsonifier:
    """Serialises and parses JSON with one configured module.

    :param json_: a module or object with ``dumps`` and ``loads`` (the standard json module by
        default).
    :param kwargs: keyword arguments passed to every ``dumps`` call.
    """

    def __init__(self, json_: Any = json, **kwargs: Any) -> None:
        self.json = json_
        self.dumps_args = kwargs
        self._encode: Any = None
        if json_ is json and "default" not in kwargs and "cls" not in kwargs:
            self.dumps_args["default"] = default
            # One encoder, built once: json.dumps with ``default=`` builds one per call.
            self._encode = json.JSONEncoder(**self.dumps_args).encode

    def dumps(self, data: Any, **kwargs: Any) -> str:
        """Return ``data`` as a JSON document followed by a newline."""
        if self._encode is not None and not kwargs:
            return str(self._encode(data)) + "\n"
        return str(self.json.dumps(data, **{**self.dumps_args, **kwargs})) + "\n"

    def loads(self, data: str | bytes | bytearray) -> Any:
        """Parse ``data``; a bytes document is decoded as UTF-8 first."""
        if isinstance(data, (bytes, bytearray)):
            data = data.decode("utf-8")
        return self.json.loads(data)
