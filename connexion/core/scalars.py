"""Scalar values for schemas: strings for formats and patterns, numbers within bounds.

Pure and deterministic. :func:`string_matching` renders a regular expression from the parse
tree of Python's own ``re`` parser, bounded in work; ECMA-only syntax, a parse tree of a shape
it does not know, or a pattern whose rendering outgrows its budget makes it give up.
"""

from __future__ import annotations

import base64
import math
import re
import sys
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import import_module
from typing import Any

__all__ = ["FORMATS", "sample_number", "sample_string", "string_matching"]

FORMATS: dict[str, Callable[[int], str]] = {
    "date-time": lambda n: f"2024-01-{1 + n % 28:02d}T12:00:00Z",
    "date": lambda n: f"2024-01-{1 + n % 28:02d}",
    "time": lambda n: f"12:{n % 60:02d}:00Z",
    "email": lambda n: f"user{n or ''}@example.com",
    "idn-email": lambda n: f"user{n or ''}@example.com",
    "uuid": lambda n: f"00000000-0000-4000-8000-{n + 1:012d}",
    "uri": lambda n: f"https://example.com/{n or ''}",
    "url": lambda n: f"https://example.com/{n or ''}",
    "iri": lambda n: f"https://example.com/{n or ''}",
    "uri-reference": lambda n: f"/example/{n or ''}",
    "iri-reference": lambda n: f"/example/{n or ''}",
    "uri-template": lambda n: f"https://example.com/{{id}}/{n or ''}",
    "hostname": lambda n: f"host{n}.example.com" if n else "example.com",
    "idn-hostname": lambda n: f"host{n}.example.com" if n else "example.com",
    "ipv4": lambda n: f"192.0.2.{1 + n % 254}",
    "ipv6": lambda n: f"2001:db8::{n + 1:x}",
    "byte": lambda n: base64.b64encode(f"string{n or ''}".encode()).decode(),
    "binary": lambda n: f"binary{n or ''}",
    "password": lambda n: f"password{n or ''}",
    "duration": lambda n: f"P{n + 1}D",
    "json-pointer": lambda n: f"/path/{n}",
    "relative-json-pointer": lambda n: str(n),
    "regex": lambda n: "^[a-z]+$",
}
try:
    # Private: its parse tree may change shape in a later CPython (see string_matching).
    _sre: Any = import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
except ImportError:  # pragma: no cover - a CPython without it: patterns are unsupported
    _sre = None
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": "1",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
}
_CATEGORY_TESTS: dict[str, Callable[[str], bool]] = {
    "CATEGORY_DIGIT": str.isdigit,
    "CATEGORY_NOT_DIGIT": lambda c: not c.isdigit(),
    "CATEGORY_SPACE": str.isspace,
    "CATEGORY_NOT_SPACE": lambda c: not c.isspace(),
    "CATEGORY_WORD": lambda c: c.isalnum() or c == "_",
    "CATEGORY_NOT_WORD": lambda c: not (c.isalnum() or c == "_"),
}
_SPARE_CHARS = "aA0_-x. !~"
#: The most work (parse tree items visited plus characters copied by back-references) one
#: rendering may take, whatever the length bounds: nested repeats grow exponentially.
_MAX_WORK = 100_000


class _Unsupported(Exception):
    """A regular expression construct the generator does not render."""


class _RegexRenderer:
    """Renders the shortest-ish string a parsed pattern matches: each repeat ``count`` times
    (within its bounds), the first branch of each alternation, the first char of each set;
    a non-zero ``variant`` takes other branches and chars, for distinct values.

    Raises :class:`_Unsupported` once its work passes ``budget``: the text it renders is no
    longer than its work, so a budget above the longest acceptable length loses nothing."""

    def __init__(self, count: int, variant: int = 0, budget: int = _MAX_WORK) -> None:
        self.count = count
        self.variant = variant
        self.budget = budget
        self.groups: dict[int, str] = {}

    def render(self, items: Any) -> str:
        return "".join(self._item(str(op), arg) for op, arg in items)

    def _spend(self, work: int) -> None:
        self.budget -= work
        if self.budget < 0:
            raise _Unsupported("too much work")

    def _item(self, op: str, arg: Any) -> str:
        self._spend(1)
        if op == "LITERAL":
            return chr(arg)
        if op == "NOT_LITERAL":
            return next(c for c in _SPARE_CHARS if ord(c) != arg)
        if op == "ANY":
            return "a"
        if op == "IN":
            return _char_in(arg, self.variant)
        if op == "CATEGORY":
            return _CATEGORY_CHARS.get(str(arg), "a")
        if op == "BRANCH":
            return self.render(arg[1][self.variant % len(arg[1])])
        if op == "SUBPATTERN":
            group, pattern = arg[0], arg[-1]
            text = self.render(pattern)
            if group is not None:
                self.groups[group] = text
            return text
        if op == "ATOMIC_GROUP":
            return self.render(arg)
        if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, pattern = arg
            times = max(low, min(self.count, high))
            return "".join(self.render(pattern) for _ in range(times))
        if op in ("AT", "ASSERT", "ASSERT_NOT"):
            return ""
        if op == "GROUPREF":
            text = self.groups.get(arg, "")
            self._spend(len(text))  # (a)(\1\1)(\2\2)... doubles at each item
            return text
        if op == "GROUPREF_EXISTS":
            group, yes, no = arg
            return self.render(yes) if group in self.groups else self.render(no or [])
        raise _Unsupported(op)


def _in_class(char: str, items: Any) -> bool:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL" and ord(char) == arg:
            return True
        if name == "RANGE" and arg[0] <= ord(char) <= arg[1]:
            return True
        test = _CATEGORY_TESTS.get(str(arg)) if name == "CATEGORY" else None
        if test is not None and test(char):
            return True
    return False


def _char_in(items: Any, variant: int = 0) -> str:
    items = list(items)
    if items and str(items[0][0]) == "NEGATE":
        rest = items[1:]
        for char in _SPARE_CHARS + "bcdefghijklmnopqrstuvwyz123456789":
            if not _in_class(char, rest):
                return char
        raise _Unsupported("NEGATE")
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            low, high = arg
            if variant:
                return chr(low + variant % (high - low + 1))
            # "a" and "1" over the range's first char: [0-9]{4}-[0-9]{2} gives a real date.
            for preferred in "a1":
                if low <= ord(preferred) <= high:
                    return preferred
            return chr(low)
        if name == "CATEGORY":
            return _CATEGORY_CHARS.get(str(arg), "a")
    raise _Unsupported("IN")


def _searches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


@lru_cache(maxsize=1024)
def string_matching(
    pattern: str, min_length: int = 0, max_length: int | None = None, variant: int = 0
) -> str | None:
    """A string that ``pattern`` matches (searched, as JSON Schema does) within the length
    bounds, or ``None`` when none is found. Deterministic; bounded work.

    :param pattern: the regular expression.
    :param min_length: the shortest acceptable length.
    :param max_length: the longest acceptable length.
    :param variant: 0 for the plainest string; another number for (most often) another one.
    """
    longest = max_length if max_length is not None else max(min_length, 1) + 64
    # Room for the structure around the text (groups, repeats, assertions), within a cap.
    budget = min(1_000 + 4 * max(longest, 0), _MAX_WORK)
    # The parse tree of the private re parser: a shape this module does not expect (a later
    # CPython) makes the pattern unsupported, as does a rendering that outgrows its budget
    # (the work grows with ``count``, so larger ones would too).
    malformed = (IndexError, ValueError, KeyError, AttributeError, TypeError, RecursionError)
    try:
        compiled = re.compile(pattern)
        parsed = _sre.parse(pattern)
    except (re.error, OverflowError, *malformed):
        return None
    for count in (1, 0, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64):
        try:
            text = _RegexRenderer(count, variant, budget).render(parsed)
        except (_Unsupported, *malformed):
            return None
        short = max(0, min_length - len(text))
        for candidate in (text, text + "a" * short, "a" * short + text):
            if min_length <= len(candidate) <= longest and compiled.search(candidate):
                return candidate
        if len(text) > longest:
            break
    return None


def sample_string(schema: Mapping[str, Any], variant: int = 0) -> str:
    """A string for ``schema``: its format, else its pattern, else ``"string"``, within
    its length bounds.

    :param schema: a string schema.
    :param variant: 0 for the plainest value; another number for (most often) another one.
    """
    low = schema.get("minLength", 0)
    high = schema.get("maxLength")
    low = low if isinstance(low, int) else 0
    high = high if isinstance(high, int) else None
    pattern = schema.get("pattern")
    pattern = pattern if isinstance(pattern, str) else None
    make = FORMATS.get(str(schema.get("format")))
    if make is not None:
        text = make(variant)
        if low <= len(text) and (high is None or len(text) <= high):
            if pattern is None or _searches(pattern, text):
                return text
    if pattern is not None:
        matched = string_matching(pattern, low, high, variant)
        if matched is None and variant:
            matched = string_matching(pattern, low, high)
        if matched is not None:
            return matched
    text = f"string{variant}" if variant else "string"
    if len(text) < low:
        text += "x" * (low - len(text))
    if high is not None and len(text) > high:
        text = text[:high] if not variant else (str(variant) + text)[:high]
    return text


def sample_number(schema: Mapping[str, Any], integer: bool, variant: int = 0) -> Any:
    """A number for ``schema`` within its bounds (Draft 4 boolean or 2020-12 numeric
    exclusive ones) and a multiple of its ``multipleOf``.

    :param schema: a number or integer schema.
    :param integer: build an ``int``.
    :param variant: 0 for the plainest value; another number for another one.
    """
    low, high = schema.get("minimum"), schema.get("maximum")
    low_open = high_open = False
    exclusive_low, exclusive_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if exclusive_low is True:
        low_open = True
    elif isinstance(exclusive_low, (int, float)) and not isinstance(exclusive_low, bool):
        if low is None or exclusive_low >= low:
            low, low_open = exclusive_low, True
    if exclusive_high is True:
        high_open = True
    elif isinstance(exclusive_high, (int, float)) and not isinstance(exclusive_high, bool):
        if high is None or exclusive_high <= high:
            high, high_open = exclusive_high, True
    if not isinstance(low, (int, float)):
        low = None
    if not isinstance(high, (int, float)):
        high = None
    step = schema.get("multipleOf")
    step = step if isinstance(step, (int, float)) and step > 0 else None

    def allowed(candidate: float) -> bool:
        if low is not None and (candidate < low or (low_open and candidate == low)):
            return False
        if high is not None and (candidate > high or (high_open and candidate == high)):
            return False
        if step is not None:
            quotient = candidate / step
            return int(quotient) == quotient
        return True

    start: float = 1 + variant if integer else 1.5 + variant
    if low is not None and start <= low:
        start = low + (variant if integer else variant * 0.5)
        if low_open:
            start = low + 1 if high is None or integer else (low + high) / 2
    if high is not None and start >= high:
        start = high - (variant if integer else variant * 0.5)
        if high_open:
            start = high - 1 if low is None or integer else (low + high) / 2
    if integer:
        start = math.ceil(start) if allowed(math.ceil(start)) else math.floor(start)
    if step is not None:
        base = int(start / step)
        for k in (base, base + 1, base - 1, base + 2, base - 2, base + 10, base - 10):
            candidate = k * step
            if integer and candidate != int(candidate):
                continue
            if allowed(candidate):
                start = candidate
                break
    if integer:
        return int(start)
    return float(start)
