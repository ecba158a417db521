"""One self-contained document out of a spec split across files, for serving.

A client of the served spec (Swagger UI, a code generator) cannot read the files beside it,
so every ``$ref`` to another file is pulled into the served copy; references inside the main
document and to http(s) URLs stay as written.
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from connexion.core.documents import read_document
from connexion.core.refs import _follow_pointer, _Unresolvable

#: where targets that refer back to themselves across files are kept in the served copy
BUNDLED_KEY = "x-connexion-bundled"

Reader = Callable[[str], Any]


def has_external_refs(node: Any) -> bool:
    """Whether ``node`` holds a ``$ref`` to another file."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#") and not _is_remote(ref):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def bundle_document(document: dict[str, Any], main_file: str, read: Reader | None = None) -> Any:
    """A copy of ``document`` with every reference to another file replaced by its target.

    A target is inlined where it is first used. One used again, or one that refers back to
    itself through other files (a recursive schema), is kept once under
    ``x-connexion-bundled`` and referred to with a local ``$ref``, so the served document
    grows with the files, never faster. A reference that cannot be read stays as written.

    :param document: the main document.
    :param main_file: its path; relative references start from its folder.
    :param read: reads a document by path (default: YAML or JSON from disk).
    """
    return _Bundler(document, os.path.normpath(main_file), read or _read).run()


def _is_remote(ref: str) -> bool:
    return len(urlsplit(ref).scheme) > 1


def _read(path: str) -> Any:
    return read_document(pathlib.Path(path))


class _Bundler:
    def __init__(self, document: dict[str, Any], main_file: str, read: Reader) -> None:
        self.document = document
        self.main_file = main_file
        self.read = read
        self.files: dict[str, Any] = {main_file: document}
        self.active: set[tuple[str, str]] = set()
        self.names: dict[tuple[str, str], str] = {}
        self.kept: dict[str, Any] = {}
        self.done: dict[tuple[str, str], Any] = {}

    def run(self) -> Any:
        out = self.walk(self.document, self.main_file)
        if self.kept and isinstance(out, dict):
            out[BUNDLED_KEY] = self.kept
        return out

    def walk(self, node: Any, file: str) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                return self.reference(node, ref, file)
            return {key: self.walk(value, file) for key, value in node.items()}
        if isinstance(node, list):
            return [self.walk(value, file) for value in node]
        return node

    def reference(self, node: dict[str, Any], ref: str, file: str) -> Any:
        siblings = {key: self.walk(value, file) for key, value in node.items() if key != "$ref"}
        uri, _, fragment = ref.partition("#")
        if _is_remote(uri) or (not uri and file == self.main_file):
            return {"$ref": ref, **siblings}
        target_file = file
        if uri:
            if urlsplit(uri).scheme == "file":
                target_file = os.path.normpath(unquote(urlsplit(uri).path))
            else:
                target_file = os.path.normpath(os.path.join(os.path.dirname(file), unquote(uri)))
        if target_file == self.main_file:
            return {"$ref": "#" + fragment, **siblings}
        key = (target_file, fragment)
        if key in self.active or key in self.names or key in self.done:
            # A target met before is kept once and referred to: back to one still being
            # inlined (recursion), or used again (inlining each use could grow without bound).
            name = self.names.setdefault(key, f"{_stem(target_file)}{len(self.names) + 1}")
            if key in self.done:
                self.kept[name] = self.done[key]
            return {"$ref": f"#/{BUNDLED_KEY}/{name}", **siblings}
        try:
            target = _follow_pointer(self.document_of(target_file), fragment)
        except (_Unresolvable, OSError, ValueError):
            return {"$ref": ref, **siblings}
        self.active.add(key)
        try:
            value = self.walk(target, target_file)
        finally:
            self.active.discard(key)
        self.done[key] = value
        if key in self.names:
            self.kept[self.names[key]] = value
            return {"$ref": f"#/{BUNDLED_KEY}/{self.names[key]}", **siblings}
        if siblings and isinstance(value, dict):
            return {**value, **siblings}
        return value

    def document_of(self, path: str) -> Any:
        if path not in self.files:
            try:
                self.files[path] = self.read(path)
            except Exception as exc:  # an unreadable file leaves its references as written
                raise _Unresolvable(str(exc)) from exc
        return self.files[path]


def _stem(path: str) -> str:
    name = os.path.splitext(os.path.basename(path))[0]
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "document"
