"""The endpoints an API serves besides its operations: the spec and the Swagger UI console.

They are framework-neutral: each reads a :class:`SiteRequest` and returns a
:class:`~connexion.core.request.ConnexionResponse`, and each backend routes them with one
method, ``add_site_route``. Everything that does not depend on the request is prepared when
the API is added.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import os
import pathlib
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
import yaml

from connexion.core.problem import problem
from connexion.core.request import ConnexionResponse
from connexion.core.response import serialize
from connexion.options import ConnexionOptions

logger = logging.getLogger(__name__)

__all__ = ["ServedSpec", "SiteRequest", "SwaggerUI", "client_prefix", "console_for"]


@dataclass(frozen=True, slots=True)
class SiteRequest:
    """What the spec and console endpoints read of a request.

    :param method: the HTTP method.
    :param root_path: where the server mounts the app (WSGI ``SCRIPT_NAME``, ASGI
        ``root_path``), ``""`` at the root.
    :param headers: the request headers (the framework's case-insensitive mapping).
    :param tail: for the console's asset route, the file path after ``{ui}/``.
    """

    method: str
    root_path: str
    headers: Any
    tail: str = ""


SiteHandler = Callable[[SiteRequest], ConnexionResponse]

# A path prefix a proxy may announce: slash-separated segments of URL path characters. Double
# quotes, angle brackets, spaces, backslashes and colons (a YAML indicator at a value's end)
# are refused, so the value needs no escaping where it lands.
#: the longest prefix taken from a header
MAX_PREFIX = 1024
_PREFIX = re.compile(r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=@%]+)*/?")


def client_prefix(request: SiteRequest) -> str:
    """The path prefix in front of the app in the URL the client used.

    A reverse proxy that serves the app under a path announces it with
    ``X-Forwarded-Prefix``; otherwise the server's mount point (``SCRIPT_NAME`` /
    ``root_path``) is the prefix. When a proxy sends the header it names the whole prefix, so
    it replaces the mount point rather than adding to it (werkzeug's ``ProxyFix`` copies the
    same header into ``SCRIPT_NAME``, which must not count twice).
    """
    forwarded = request.headers.get("X-Forwarded-Prefix")
    if forwarded and len(forwarded) <= MAX_PREFIX:
        candidate = str(forwarded).split(",")[0].strip()
        if _PREFIX.fullmatch(candidate):
            return str(candidate).rstrip("/")
        logger.debug("Ignoring X-Forwarded-Prefix %r: not a URL path", forwarded)
    root = request.root_path
    return root.rstrip("/") if root and _PREFIX.fullmatch(root) else ""


class ServedSpec:
    """The spec as ``{base}/openapi.json`` (``swagger.json``) and its ``.yaml`` twin serve it.

    The document says where the API is for the client that fetched it: OpenAPI 3 gets one
    server, the relative URL ``{prefix}{base_path}``; Swagger 2 gets ``basePath`` =
    ``{prefix}{base_path}`` and no ``host`` or ``schemes``, which the Swagger 2 specification
    defines as "the host and scheme serving this document". Either way, "Try it out" in Swagger
    UI and generated clients reach the API at the scheme, host and port the spec was fetched
    from, behind a TLS-terminating proxy or a path prefix too, and no header can point them at
    another host.

    :param document: the spec as written (``$ref`` kept), with the API's base path applied,
        or a function that returns it (called once, when the spec is first asked for).
    :param version: the spec version.
    :param base_path: the API's base path.
    """

    #: stands for the client's prefix in the rendered documents, replaced per request
    placeholder = "/__connexion_client_prefix__"

    def __init__(
        self,
        document: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
        version: tuple[int, ...],
        base_path: str,
    ) -> None:
        self._document = document
        self.version = version
        self.base_path = base_path
        # Per format: the document with the placeholder, rendered once; and the last prefix
        # served with its document.
        self._rendered: dict[str, bytes] = {}
        self._last: dict[str, tuple[str, bytes]] = {}

    @property
    def document(self) -> Mapping[str, Any]:
        """The document before it is made to point at the client's URL."""
        if callable(self._document):
            self._document = self._document()
        return self._document

    def for_prefix(self, prefix: str) -> dict[str, Any]:
        """The served document for clients that reach the app under ``prefix``."""
        document = dict(self.document)
        url = prefix + self.base_path or "/"
        if self.version >= (3, 0):
            server: dict[str, Any] = {"url": url}
            servers = self.document.get("servers")
            if isinstance(servers, list) and servers and isinstance(servers[0], Mapping):
                description = servers[0].get("description")
                if description:
                    server["description"] = description
            document["servers"] = [server]
        else:
            document["basePath"] = url
            document.pop("host", None)
            document.pop("schemes", None)
        return document

    def json(self, request: SiteRequest) -> ConnexionResponse:
        """The JSON document."""
        return _spec_response(self._body("json", client_prefix(request)), "application/json")

    def yaml(self, request: SiteRequest) -> ConnexionResponse:
        """The YAML document."""
        body = self._body("yaml", client_prefix(request))
        return _spec_response(body, "text/yaml; charset=utf-8")

    def _body(self, form: str, prefix: str) -> bytes:
        """The document in ``form`` for ``prefix``.

        Each form is rendered once (a big spec takes a while), with a placeholder where the
        prefix goes; a prefix is then one bytes replacement. A prefix is a plain URL path (see
        :func:`client_prefix`), which needs no escaping in JSON or YAML.
        """
        template = self._rendered.get(form)
        if template is None:
            render = _render_json if form == "json" else _render_yaml
            template = self._rendered[form] = render(self.for_prefix(self.placeholder))
        if not prefix and not self.base_path:
            prefix = "/"  # the root's URL is "/", not ""
        last = self._last.get(form)
        if last is not None and last[0] == prefix:
            return last[1]
        body = template.replace(self.placeholder.encode(), prefix.encode())
        self._last[form] = (prefix, body)
        return body


def _render_json(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, default=str, ensure_ascii=False).encode("utf-8")


def _render_yaml(document: Mapping[str, Any]) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, when PyYAML has it
    text = yaml.dump(_plain(document), Dumper=dumper, allow_unicode=True, sort_keys=False)
    return str(text).encode("utf-8")


def _spec_response(body: bytes, content_type: str) -> ConnexionResponse:
    return ConnexionResponse(
        200,
        content_type.split(";")[0],
        content_type,
        body,
        # The document depends on this header: a shared cache must not serve one client's
        # copy to another behind a different prefix.
        headers={"Vary": "X-Forwarded-Prefix"},
    )


def _plain(value: Any) -> Any:
    """A copy that yaml.safe_dump can write: mappings as dicts, sequences as lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --- Swagger UI -------------------------------------------------------------------------------


def bundled_console_folder() -> pathlib.Path | None:
    """The Swagger UI assets of the ``swagger-ui`` extra (``swagger_ui_bundle``), if installed."""
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return pathlib.Path(str(swagger_ui_bundle.swagger_ui_path))


MISSING_BUNDLE = (
    "Swagger UI is not served at %s: its assets are not installed. Install connexion's "
    "'swagger-ui' extra (pip install 'connexion[swagger-ui]'), pass swagger_path=<a folder "
    "of Swagger UI assets>, or turn the console off with options={'swagger_ui': False}"
)

#: the Content-Types of the files a Swagger UI folder holds
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}


@dataclass(frozen=True, slots=True)
class _Asset:
    body: bytes
    content_type: str
    etag: str


class SwaggerUI:
    """The Swagger UI console of one API, mounted at ``{base}{ui}/``.

    ``{ui}`` redirects to ``{ui}/``, which serves the index page rendered from the folder's
    ``index.j2`` template; ``{ui}/swagger-ui-config.json`` serves ``swagger_ui_config``; any
    other ``{ui}/NAME`` serves that file of the asset folder. Only the files found in the
    folder when the API was added are served: a request path is looked up, never joined to a
    filesystem path, so nothing outside the folder can be reached.

    The page points at the spec with a relative URL (``../openapi.json``), which works behind
    any proxy prefix without reading request headers into the page.

    :param folder: the asset folder (``swagger_path``, or the bundle's).
    :param options: the API's options (``swagger_ui_config``,
        ``swagger_ui_template_arguments``).
    :param spec_path: the spec's path relative to the base path, such as ``/openapi.json``.
    :param ui_path: the console's path relative to the base path, such as ``/ui``.
    """

    config_name = "swagger-ui-config.json"

    def __init__(
        self, folder: pathlib.Path, options: ConnexionOptions, spec_path: str, ui_path: str
    ) -> None:
        self.folder = folder
        self.ui_path = ui_path
        self.files = _files_of(folder)
        self.config = options.openapi_console_ui_config
        arguments: dict[str, Any] = {
            # Both paths start with "/" (the options normalise them): no working directory.
            "openapi_spec_url": posixpath.relpath(spec_path, ui_path + "/"),
        }
        if self.config is not None:
            arguments["configUrl"] = self.config_name
        arguments.update(options.openapi_console_ui_index_template_variables)
        self.index_page = _asset(self._render_index(arguments), "text/html; charset=utf-8")
        self._assets: dict[str, _Asset] = {}

    def _render_index(self, arguments: Mapping[str, Any]) -> bytes:
        if "index.j2" in self.files:
            environment = jinja2.Environment(
                loader=jinja2.FileSystemLoader(str(self.folder)), autoescape=False
            )
            return environment.get_template("index.j2").render(**arguments).encode("utf-8")
        if "index.html" in self.files:
            return self.files["index.html"].read_bytes()
        raise ValueError(
            f"The Swagger UI folder {str(self.folder)!r} has neither an index.j2 template nor "
            "an index.html page"
        )

    def redirect(self, request: SiteRequest) -> ConnexionResponse:
        """``{ui}`` -> ``{ui}/``, with a relative Location that holds behind any prefix."""
        target = self.ui_path.rsplit("/", 1)[-1] + "/"
        return ConnexionResponse(308, headers={"Location": target}, body=b"")

    def index(self, request: SiteRequest) -> ConnexionResponse:
        """The console page."""
        return _asset_response(self.index_page, request)

    def asset(self, request: SiteRequest) -> ConnexionResponse:
        """One file of the console: the config, the index, or a file of the asset folder."""
        name = request.tail
        if name == self.config_name and self.config is not None:
            body = json.dumps(self.config).encode("utf-8")
            return ConnexionResponse(200, "application/json", "application/json", body)
        if name in ("index.html", "index.j2"):
            return self.index(request)
        found = self._assets.get(name)
        if found is None:
            path = self.files.get(name)
            if path is None:
                return serialize(problem(404, "Not Found", f"The console has no file {name!r}."))
            found = self._assets[name] = _asset(path.read_bytes(), _content_type(name))
        return _asset_response(found, request)


def _files_of(folder: pathlib.Path) -> dict[str, pathlib.Path]:
    """Every file under ``folder``, by its path relative to it (with forward slashes)."""
    files: dict[str, pathlib.Path] = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = pathlib.Path(root) / name
            files[path.relative_to(folder).as_posix()] = path
    return files


def _content_type(name: str) -> str:
    suffix = posixpath.splitext(name)[1].lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def _asset(body: bytes, content_type: str) -> _Asset:
    return _Asset(body, content_type, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')


def _asset_response(asset: _Asset, request: SiteRequest) -> ConnexionResponse:
    # Browsers revalidate with the ETag: a new bundle is picked up at once, an unchanged one
    # costs a 304.
    headers = {"ETag": asset.etag, "Cache-Control": "no-cache"}
    wanted = request.headers.get("If-None-Match", "")
    if asset.etag in wanted or wanted.strip() == "*":
        return ConnexionResponse(304, headers=headers, body=b"")
    mimetype = asset.content_type.split(";")[0]
    return ConnexionResponse(200, mimetype, asset.content_type, asset.body, headers=headers)


def console_for(options: ConnexionOptions, spec_path: str, describe: str) -> SwaggerUI | None:
    """The console an API serves, or None (turned off, or no assets: logged).

    :param options: the API's options.
    :param spec_path: the spec's path relative to the base path.
    :param describe: where the console would be, for the log message.
    """
    if not options.openapi_console_ui_available:
        return None
    custom = options.openapi_console_ui_from_dir
    folder = pathlib.Path(custom) if custom else bundled_console_folder()
    if folder is None:
        logger.warning(MISSING_BUNDLE, describe)
        return None
    if not folder.is_dir():
        raise ValueError(f"swagger_path {str(folder)!r} is not a folder")
    return SwaggerUI(folder, options, spec_path, options.openapi_console_ui_path)
