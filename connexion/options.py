"""The ``options`` of an app or an API: one object, app-level values merged with API-level ones.

Keys (see README.rst): ``swagger_ui``, ``swagger_url``, ``swagger_path``, ``swagger_ui_config``,
``swagger_ui_template_arguments``, ``serve_spec`` (alias ``swagger_json``), ``openapi_spec_path``,
``uri_parser_class``, ``sync_handlers`` (async backends), ``security_fallthrough`` and, on
aiohttp, ``middlewares``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

logger = logging.getLogger(__name__)

KNOWN_OPTIONS = frozenset(
    {
        "swagger_ui",
        "swagger_url",
        "swagger_path",
        "swagger_ui_config",
        "swagger_ui_template_arguments",
        "serve_spec",
        "swagger_json",
        "openapi_spec_path",
        "uri_parser_class",
        "middlewares",
        "swagger_spec_path",
        "swagger_ui_path",
        "sync_handlers",
        "security_fallthrough",
    }
)


class ConnexionOptions:
    """Merged options with the defaults connexion 2 documents.

    :param options: the option values (``None`` or missing keys mean "use the default").
    :param oas_version: the spec version, which picks the default spec path.
    """

    def __init__(
        self, options: Mapping[str, Any] | None = None, oas_version: tuple[int, ...] = (2,)
    ) -> None:
        self._options: dict[str, Any] = {}
        self.oas_version = oas_version
        if options:
            self._options.update(options)
        unknown = sorted(set(self._options) - KNOWN_OPTIONS)
        if unknown:
            logger.warning(
                "Ignoring unknown option(s) %s; known options are %s",
                ", ".join(unknown),
                ", ".join(sorted(KNOWN_OPTIONS)),
            )

    def extend(self, new_values: Mapping[str, Any] | None = None) -> ConnexionOptions:
        """Return a copy with ``new_values`` layered on top (``None`` values are ignored)."""
        merged = dict(self._options)
        for key, value in (new_values or {}).items():
            if value is not None:
                merged[key] = value
        return ConnexionOptions(merged, self.oas_version)

    def as_dict(self) -> dict[str, Any]:
        """The explicitly set values."""
        return dict(self._options)

    @property
    def openapi_spec_available(self) -> bool:
        """Whether the spec is served (``serve_spec``, or the older ``swagger_json``)."""
        value = self._options.get("serve_spec", self._options.get("swagger_json", True))
        return bool(value)

    @property
    def openapi_console_ui_available(self) -> bool:
        """Whether Swagger UI is served."""
        return bool(self._options.get("swagger_ui", True))

    @property
    def openapi_spec_path(self) -> str:
        """Where the spec is served, relative to the base path (with a leading slash)."""
        default = "/openapi.json" if self.oas_version >= (3,) else "/swagger.json"
        path = str(self._options.get("openapi_spec_path") or default).strip("/")
        return "/" + path if path else default

    @property
    def openapi_console_ui_path(self) -> str:
        """Where Swagger UI is served, relative to the base path."""
        path = str(self._options.get("swagger_url") or "/ui").strip("/")
        if not path:
            logger.warning("swagger_url cannot be the base path itself: the console is at /ui")
            return "/ui"
        return "/" + path

    @property
    def openapi_console_ui_from_dir(self) -> str | None:
        """A folder of custom Swagger UI assets."""
        return self._options.get("swagger_path")

    @property
    def openapi_console_ui_config(self) -> dict[str, Any] | None:
        """Served as ``{ui}/swagger-ui-config.json``."""
        return self._options.get("swagger_ui_config")

    @property
    def openapi_console_ui_index_template_variables(self) -> dict[str, Any]:
        """Extra variables for the UI's index template."""
        return dict(self._options.get("swagger_ui_template_arguments") or {})

    @property
    def uri_parser_class(self) -> Any:
        """The URI parser class (``None``: the default for the spec version)."""
        return self._options.get("uri_parser_class")

    @property
    def sync_handlers_in_thread(self) -> bool:
        """On async backends, whether plain ``def`` handlers and callbacks run in a thread.

        ``sync_handlers`` is ``"thread"`` (the default: a slow handler cannot stall the event
        loop) or ``"inline"`` (faster for handlers that never block).
        """
        mode = self._options.get("sync_handlers")
        if mode is None:
            mode = "thread"
        if not isinstance(mode, str) or mode not in ("thread", "inline"):
            raise ValueError(
                f"Invalid option sync_handlers={mode!r}: use 'thread' (the default) or 'inline'"
            )
        return mode == "thread"

    def get(self, key: str, default: Any = None) -> Any:
        """The raw value of ``key``."""
        return self._options.get(key, default)
