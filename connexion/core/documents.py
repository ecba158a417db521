"""Reading spec documents: YAML and JSON, with Jinja2 ``arguments`` rendered first.

YAML is parsed with PyYAML's C loader when present; mapping keys become strings (``200:`` is
the response code ``"200"``) and timestamps stay strings, so a document is always JSON.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Hashable, Mapping
from typing import Any

import yaml

from connexion.exceptions import InvalidSpecification

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _construct_str_keyed_mapping(
    loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode, deep: bool
) -> dict[Hashable, Any]:
    # Keys are taken as written: `200:` becomes "200" and `on:` stays "on" (a YAML 1.1 boolean
    # otherwise), so the document survives a JSON round trip unchanged.
    loader.flatten_mapping(node)
    mapping: dict[Hashable, Any] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key: str = key_node.value
        else:
            key = str(loader.construct_object(key_node, deep=True))
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


def _timestamp_as_str(loader: Any, node: yaml.Node) -> Any:
    # An explicit !!timestamp stays text too.
    return loader.construct_scalar(node)


def _without_timestamps(
    resolvers: dict[Any, list[tuple[str, Any]]],
) -> dict[Any, list[tuple[str, Any]]]:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag != _TIMESTAMP_TAG]
        for first, entries in resolvers.items()
    }


class ExtendedSafeLoader(yaml.SafeLoader):
    """A ``yaml.SafeLoader`` that keeps a document JSON-compatible.

    Every mapping key becomes a ``str`` (``200:`` gives ``"200"``) and dates and timestamps
    stay strings instead of becoming :mod:`datetime` objects.
    """

    yaml_implicit_resolvers = _without_timestamps(yaml.SafeLoader.yaml_implicit_resolvers)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        """Build a mapping whose keys are the keys' source text."""
        return _construct_str_keyed_mapping(self, node, deep)


ExtendedSafeLoader.add_constructor(_TIMESTAMP_TAG, _timestamp_as_str)

_FastLoader: type[Any] = ExtendedSafeLoader
if getattr(yaml, "__with_libyaml__", False):  # pragma: no branch

    class _ExtendedCSafeLoader(yaml.CSafeLoader):
        """The libyaml twin of :class:`ExtendedSafeLoader`: same behaviour, faster."""

        yaml_implicit_resolvers = ExtendedSafeLoader.yaml_implicit_resolvers

        def construct_mapping(
            self, node: yaml.MappingNode, deep: bool = False
        ) -> dict[Hashable, Any]:
            return _construct_str_keyed_mapping(self, node, deep)

    _ExtendedCSafeLoader.add_constructor(_TIMESTAMP_TAG, _timestamp_as_str)
    _FastLoader = _ExtendedCSafeLoader


def parse_document(text: str, source: str = "<string>", *, prefer_json: bool = False) -> Any:
    """Parse a JSON or YAML document.

    JSON is tried first when ``prefer_json`` is set or the text opens with ``{`` or ``[``
    (the json module is much faster than YAML); YAML is the fallback.

    :param text: the document.
    :param source: a name for error messages, usually the file path.
    :param prefer_json: the source is expected to be JSON (a ``.json`` file).
    :raises InvalidSpecification: when the text is neither valid JSON nor valid YAML.
    """
    json_error: ValueError | None = None
    if prefer_json or text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError as exc:
            json_error = exc
    try:
        return yaml.load(text, Loader=_FastLoader)
    except yaml.YAMLError as exc:
        error: Exception = json_error if prefer_json and json_error is not None else exc
        raise InvalidSpecification(f"Cannot parse {source}: {error}", cause=error) from exc


def read_text(path: pathlib.Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def read_document(path: pathlib.Path) -> Any:
    return parse_document(read_text(path), str(path), prefer_json=path.suffix == ".json")


# ---------------------------------------------------------------------------------------------
# Arguments (Jinja2)


def render_text(text: str, arguments: Mapping[str, Any], source: str) -> str:
    import jinja2

    try:
        return str(jinja2.Template(text).render(**arguments))
    except jinja2.TemplateError as exc:
        raise InvalidSpecification(
            f"Cannot render {source} with the given arguments: {exc}", cause=exc
        ) from exc


def _looks_like_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def normalise_dict(node: Any, arguments: Mapping[str, Any] | None) -> Any:
    """Copy a user-given document: string keys (as YAML loading gives), templates rendered."""
    if isinstance(node, Mapping):
        return {
            normalise_dict(str(key), arguments): normalise_dict(value, arguments)
            for key, value in node.items()
        }
    if isinstance(node, list | tuple):
        return [normalise_dict(item, arguments) for item in node]
    if arguments and isinstance(node, str) and _looks_like_template(node):
        import jinja2

        try:
            return jinja2.Template(node, keep_trailing_newline=True).render(**arguments)
        except jinja2.TemplateError as exc:
            raise InvalidSpecification(
                f"Cannot render {node!r} with the given arguments: {exc}", cause=exc
            ) from exc
    return node
