"""Small framework-neutral helpers: importing handlers by dotted name, mimetype and nullability
checks, parameter naming, and inspecting callables (are they async, which arguments they take).

This module imports no web framework and no asyncio, so ``connexion.core`` may use it freely.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import inspect
import keyword
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any

import yaml

__all__ = [
    "all_json",
    "boolean",
    "deep_get",
    "deep_merge",
    "get_function_from_name",
    "inspect_function_arguments",
    "is_async_callable",
    "is_json_mimetype",
    "is_null",
    "is_nullable",
    "pythonic_name",
    "sanitize_param_name",
    "yamldumper",
]


# --------------------------------------------------------------------------------------------
# Importing callables by name


def _is_missing_module(error: ImportError, module_name: str) -> bool:
    """Tell whether ``error`` says that ``module_name`` (or one of its parents) does not exist,
    as opposed to an import that failed *inside* an existing module."""
    missing = getattr(error, "name", None)
    if not isinstance(error, ModuleNotFoundError) or not missing:
        return False
    return module_name == missing or module_name.startswith(missing + ".")


def get_function_from_name(function_name: str) -> Any:
    """Import and return the object named by a dotted path.

    The longest importable prefix is taken as the module and the rest is looked up as
    attributes, so ``pkg.mod.func``, ``pkg.mod.Class.method`` and ``pkg.mod.obj.attr`` all work.

    :param function_name: the dotted path, e.g. ``"api.pets.search"``.
    :raises ValueError: if the name is empty or has no module part.
    :raises ImportError: if no module of the path can be imported, or importing the module
        itself fails (the original error, e.g. a missing dependency of the user's module).
    :raises AttributeError: if the module exists but lacks the named attribute.
    """
    if not function_name:
        raise ValueError("Empty function name")
    if not isinstance(function_name, str):
        raise ValueError(f"Function name must be a string, not {type(function_name).__name__}")
    if "." not in function_name:
        raise ValueError(
            f"Function name {function_name!r} has no module part "
            "(expected a dotted path such as 'package.module.function')"
        )

    module_name, _, attr_path = function_name.rpartition(".")
    last_import_error: ImportError | None = None
    while True:
        try:
            module = importlib.import_module(module_name)
            break
        except ImportError as error:
            if not _is_missing_module(error, module_name):
                # The module exists but raised while importing: that is the user's real error.
                raise
            last_import_error = error
            if "." not in module_name:
                raise
            module_name, _, parent_attr = module_name.rpartition(".")
            attr_path = f"{parent_attr}.{attr_path}"

    target: Any = module
    owner = f"module {module_name!r}"
    attrs = attr_path.split(".")
    for index, attr in enumerate(attrs):
        try:
            target = getattr(target, attr)
        except AttributeError:
            if (
                index == 0
                and index < len(attrs) - 1
                and last_import_error is not None
                and hasattr(module, "__path__")
            ):
                # A missing container right under a package was most likely meant to be a
                # submodule (``api.pets.get`` without ``api/pets.py``): say that.
                raise last_import_error from None
            raise AttributeError(
                f"Cannot find {function_name!r}: {owner} has no attribute {attr!r}"
            ) from None
        owner = f"{type(target).__name__} {attr!r}"
    return target


# --------------------------------------------------------------------------------------------
# Values and spec fragments


def boolean(s: Any) -> bool:
    """Convert the strings ``"true"`` and ``"false"`` (any case) to a bool.

    :param s: the value; a bool is returned as is.
    :raises ValueError: for anything else.
    """
    if isinstance(s, bool):
        return s
    if isinstance(s, str):
        lowered = s.strip().lower()
        if lowered == "true":
            return True
        if lowered == "false":
            return False
    raise ValueError(f"Invalid boolean value: {s!r}")


def is_null(value: Any) -> bool:
    """Tell whether a raw parameter value means null: ``None``, ``"null"`` or ``"None"``.

    :param value: the raw value.
    """
    if value is None:
        return True
    return isinstance(value, str) and value.strip() in ("null", "None")


def _schema_is_nullable(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    if schema.get("nullable") or schema.get("x-nullable"):
        return True
    # OpenAPI 3.1 / JSON Schema 2020-12 spell it as a type list.
    types = schema.get("type")
    return isinstance(types, list) and "null" in types


def is_nullable(param_def: Mapping[str, Any]) -> bool:
    """Tell whether a parameter (or schema) definition accepts null.

    Honours ``x-nullable`` (Swagger 2), ``nullable`` (OpenAPI 3.0), ``type: [..., "null"]``
    (OpenAPI 3.1), on the definition itself or on its ``schema``.

    :param param_def: a parameter object or a schema.
    """
    return _schema_is_nullable(param_def) or _schema_is_nullable(param_def.get("schema"))


def is_json_mimetype(mimetype: str | None) -> bool:
    """Tell whether a media type is JSON: ``application/json`` or any ``application/*+json``.

    Parameters such as ``; charset=utf-8`` are ignored, and so is case.

    :param mimetype: the media type, e.g. ``"application/problem+json"``.
    """
    if not mimetype:
        return False
    essence = mimetype.split(";", 1)[0].strip().lower()
    maintype, slash, subtype = essence.partition("/")
    if not slash:
        return False
    return maintype == "application" and (subtype == "json" or subtype.endswith("+json"))


def all_json(mimetypes: Iterable[str]) -> bool:
    """Tell whether every media type of ``mimetypes`` is JSON (true for none at all).

    :param mimetypes: media types, e.g. an operation's ``produces``.
    """
    return all(is_json_mimetype(mimetype) for mimetype in mimetypes)


def deep_get(obj: Any, keys: Sequence[Any]) -> Any:
    """Follow ``keys`` into nested mappings and lists.

    :param obj: the document to walk.
    :param keys: the path; list indices may be given as strings (``["paths", "/x", "0"]``).
    :raises KeyError: or :class:`IndexError` when the path does not exist.
    """
    for key in keys:
        obj = obj[int(key)] if isinstance(obj, list) else obj[key]
    return obj


def deep_merge(a: MutableMapping[Any, Any], b: Mapping[Any, Any]) -> MutableMapping[Any, Any]:
    """Merge ``b`` into ``a`` in place, recursively for nested dicts; ``b`` wins conflicts.

    :param a: the mapping that is updated and returned.
    :param b: the mapping whose values take precedence.
    """
    for key, value in b.items():
        current = a.get(key) if key in a else None
        if isinstance(current, MutableMapping) and isinstance(value, Mapping):
            deep_merge(current, value)
        else:
            a[key] = value
    return a


class _SpecDumper(yaml.SafeDumper):
    """A safe dumper that writes no anchors and prints multi-line strings as blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_str(self, data: str) -> yaml.ScalarNode:
        if "\n" in data:
            # The emitter falls back to a quoted style if the block style cannot be used.
            return self.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return super().represent_str(data)


_SpecDumper.add_representer(str, _SpecDumper.represent_str)
_SpecDumper.add_representer(OrderedDict, _SpecDumper.represent_dict)


def yamldumper(openapi: Any) -> str:
    """Dump a specification as YAML, keeping key order and writing multi-line text as blocks.

    :param openapi: the specification (dicts, lists and scalars).
    """
    return yaml.dump(
        openapi, Dumper=_SpecDumper, allow_unicode=True, sort_keys=False, default_flow_style=False
    )


# --------------------------------------------------------------------------------------------
# Parameter names

_NON_IDENTIFIER = re.compile(r"[^0-9a-zA-Z_]")
_LEADING_NON_LETTERS = re.compile(r"^[^a-zA-Z_]+")
_ACRONYM_THEN_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_THEN_UPPER = re.compile(r"([a-z\d])([A-Z])")
_BUILTIN_NAMES = frozenset(vars(builtins))


def sanitize_param_name(name: str) -> str:
    """Make a parameter name usable as a Python argument (connexion 2's rule).

    Every character that is not an ASCII letter, digit or underscore is dropped, then leading
    characters are dropped until a letter or an underscore: ``"$top"`` becomes ``"top"``,
    ``"X-Request-Id"`` becomes ``"XRequestId"``.

    :param name: the name from the specification.
    """
    if not name:
        return name
    return _LEADING_NON_LETTERS.sub("", _NON_IDENTIFIER.sub("", name))


def _underscore(word: str) -> str:
    """camelCase / PascalCase / kebab-case to snake_case, as ``inflection.underscore`` does."""
    word = _ACRONYM_THEN_WORD.sub(r"\1_\2", word)
    word = _LOWER_THEN_UPPER.sub(r"\1_\2", word)
    return word.replace("-", "_").lower()


def pythonic_name(name: str) -> str:
    """Turn a parameter name into the argument name used with ``pythonic_params``.

    The name is converted to snake_case (``petId`` -> ``pet_id``, ``X-Request-Id`` ->
    ``x_request_id``), gets a trailing ``_`` if it shadows a builtin or is a keyword
    (``id`` -> ``id_``, ``from`` -> ``from_``), and is then sanitised with
    :func:`sanitize_param_name`, in this order, as connexion 2 did.

    :param name: the name from the specification.
    """
    if not name:
        return name
    snake = _underscore(name)
    if snake in _BUILTIN_NAMES or keyword.iskeyword(snake):
        snake += "_"
    return sanitize_param_name(snake)


# --------------------------------------------------------------------------------------------
# Inspecting callables


def is_async_callable(obj: Any) -> bool:
    """Tell whether calling ``obj`` returns a coroutine.

    True for ``async def`` functions and methods, (nested) :func:`functools.partial` objects of
    them, and objects whose ``__call__`` is ``async def``. Classes are never async callables:
    calling one creates an instance.

    :param obj: the callable to inspect.
    """
    while isinstance(obj, functools.partial):
        obj = obj.func
    if inspect.iscoroutinefunction(obj):
        return True
    if isinstance(obj, type) or not callable(obj):
        return False
    # A bound method, so iscoroutinefunction looks through it to the function.
    return inspect.iscoroutinefunction(obj.__call__)


def inspect_function_arguments(fn: Callable[..., Any]) -> tuple[set[str], bool]:
    """Return the names ``fn`` accepts as keyword arguments and whether it takes ``**kwargs``.

    Works for functions, partials, bound methods, classes and instances with ``__call__``;
    decorators that use :func:`functools.wraps` are seen through. A callable without an
    introspectable signature (some builtins) is assumed to take anything: ``(set(), True)``.

    :param fn: the callable to inspect.
    """
    try:
        signature = inspect.signature(fn)
    except ValueError:
        return set(), True
    except TypeError:
        if callable(fn):
            return set(), True
        raise
    names: set[str] = set()
    has_kwargs = False
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            has_kwargs = True
        elif parameter.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.KEYWORD_ONLY,
        ):
            names.add(parameter.name)
    return names, has_kwargs
