"""The ``connexion`` command line: ``connexion run SPEC_FILE`` serves a specification.

Also runnable as ``python -m connexion``. Every mistake it can foresee ends with a one-line
message and a non-zero exit code (2 for a misuse of the command, 1 otherwise), not a traceback.
"""

from __future__ import annotations

import dataclasses
import errno
import importlib.util
import logging
import os
import pathlib
import socket
import sys
from typing import Any

import click

import connexion
from connexion.exceptions import InvalidSpecification, ResolverError

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Framework:
    """A backend the command can serve an API on.

    :param app_class: the name of its App class in :mod:`connexion`.
    :param package: the package it needs.
    :param servers: the servers that run its apps; the first one is the default.
    """

    app_class: str
    package: str
    servers: tuple[str, ...]

    @property
    def install_hint(self) -> str:
        return f"pip install 'connexion[{self.package}]'"


FRAMEWORKS = {
    "flask": Framework("FlaskApp", "flask", ("flask", "gevent", "tornado")),
    "aiohttp": Framework("AioHttpApp", "aiohttp", ("aiohttp",)),
    "quart": Framework("QuartApp", "quart", ("hypercorn", "uvicorn")),
}

#: What each server needs beyond its framework, and how to install it.
SERVER_PACKAGES: dict[str, tuple[str, str] | None] = {
    "flask": None,
    "gevent": ("gevent", "pip install 'connexion[gevent]'"),
    "tornado": ("tornado", "pip install tornado"),
    "aiohttp": None,
    "hypercorn": ("hypercorn", "pip install 'connexion[quart]'"),
    "uvicorn": ("uvicorn", "pip install uvicorn"),
}

SERVERS = tuple(SERVER_PACKAGES)


class AliasedGroup(click.Group):
    """A command group that also accepts an unambiguous prefix of a command's name."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        matches = [name for name in self.list_commands(ctx) if name.startswith(cmd_name)]
        if len(matches) > 1:
            ctx.fail(f"{cmd_name!r} is ambiguous: it could be {', '.join(sorted(matches))}")
        return super().get_command(ctx, matches[0]) if matches else None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        # Report the command's full name, not the prefix that was typed.
        _, command, rest = super().resolve_command(ctx, args)
        return (command.name if command is not None else None), command, rest


@click.group(
    name="connexion", cls=AliasedGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(
    connexion.__version__, "-V", "--version", prog_name="connexion", message="%(prog)s %(version)s"
)
def main() -> None:
    """Serve an OpenAPI or Swagger specification with connexion."""


@main.command()
@click.argument("spec_file", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.argument(
    "base_module_path",
    required=False,
    type=click.Path(exists=True, file_okay=False, path_type=pathlib.Path),
)
# Port 0 (any free port) is refused: the servers do not all say which one they took, and a
# command line server is only useful on a port one knows to connect to.
@click.option(
    "--port",
    "-p",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="Port to listen on.",
)
@click.option("--host", "-H", metavar="HOST", help="Interface to listen on (default 0.0.0.0).")
@click.option(
    "--server",
    "-s",
    type=click.Choice(SERVERS),
    help="The server: flask, gevent or tornado for -f flask (default flask); aiohttp for "
    "-f aiohttp; hypercorn (default) or uvicorn for -f quart.",
)
@click.option(
    "--wsgi-server",
    "-w",
    type=click.Choice(SERVERS),
    help="Deprecated: use --server.",
)
@click.option(
    "--stub",
    is_flag=True,
    help="Answer 501 Not Implemented for operations whose handler cannot be found.",
)
@click.option(
    "--mock",
    type=click.Choice(["all", "notimplemented"]),
    help="Answer the spec's examples: for every operation, or only for those whose handler "
    "cannot be found.",
)
@click.option("--hide-spec", is_flag=True, help="Do not serve the specification.")
@click.option("--hide-console-ui", is_flag=True, help="Do not serve the Swagger UI console.")
@click.option("--console-ui-url", metavar="URL", help="Serve the console at URL (default /ui).")
@click.option(
    "--console-ui-from",
    metavar="PATH",
    type=click.Path(exists=True, file_okay=False),
    help="Serve the console from this folder of Swagger UI files.",
)
@click.option(
    "--auth-all-paths", is_flag=True, help="Check credentials before answering 404 or 405."
)
@click.option("--validate-responses", is_flag=True, help="Check every response against the spec.")
@click.option(
    "--strict-validation", is_flag=True, help="Reject parameters the spec does not define."
)
@click.option("--debug", "-d", is_flag=True, help="Debug mode (Flask: reloader and debugger).")
@click.option(
    "--verbose", "-v", count=True, help="Log more: -v for INFO, -vv for DEBUG and debug mode."
)
@click.option("--base-path", metavar="PATH", help="Serve the API under PATH instead.")
@click.option(
    "--app-framework",
    "-f",
    type=click.Choice(tuple(FRAMEWORKS)),
    default="flask",
    show_default=True,
    help="The framework to run the API on.",
)
def run(
    spec_file: pathlib.Path,
    base_module_path: pathlib.Path | None,
    port: int,
    host: str | None,
    server: str | None,
    wsgi_server: str | None,
    stub: bool,
    mock: str | None,
    hide_spec: bool,
    hide_console_ui: bool,
    console_ui_url: str | None,
    console_ui_from: str | None,
    auth_all_paths: bool,
    validate_responses: bool,
    strict_validation: bool,
    debug: bool,
    verbose: int,
    base_path: str | None,
    app_framework: str,
) -> None:
    """Serve SPEC_FILE; handlers are imported from BASE_MODULE_PATH (default: its folder).

    BASE_MODULE_PATH goes first on sys.path, so that the specification's operationIds
    import from it.
    """
    if wsgi_server is not None:
        if server is not None:
            raise click.UsageError("-w/--wsgi-server and -s/--server are exclusive: use --server")
        click.echo("Warning: -w/--wsgi-server is deprecated: use -s/--server", err=True)
        server = wsgi_server
    framework = FRAMEWORKS[app_framework]
    server = server or framework.servers[0]
    if server not in framework.servers:
        raise click.BadParameter(
            f"the {server} server does not run {app_framework} apps; with -f {app_framework} "
            f"use {' or '.join(framework.servers)}",
            param_hint="'-s' / '--server'",
        )
    _require(framework.package, f"The {app_framework} framework", framework.install_hint)
    needs = SERVER_PACKAGES[server]
    if needs is not None:
        _require(needs[0], f"The {server} server", needs[1])

    debug = debug or verbose >= 2
    _configure_logging(logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING)
    # werkzeug's reloader hands the listening socket it opened to the process it restarts.
    if "WERKZEUG_SERVER_FD" not in os.environ:
        _check_port(host or "0.0.0.0", port)

    spec_path = spec_file.resolve()
    module_path = (base_module_path or spec_path.parent).resolve()
    sys.path.insert(0, str(module_path))
    if server == "gevent":
        # As early as we can: before the framework and the handlers import their I/O modules.
        from gevent import monkey

        monkey.patch_all()

    options = {
        "serve_spec": not hide_spec,
        "swagger_ui": not hide_console_ui,
        "swagger_url": console_ui_url,
        "swagger_path": console_ui_from,
    }
    add_api_kwargs: dict[str, Any] = {
        "base_path": base_path,
        "validate_responses": validate_responses,
        "strict_validation": strict_validation,
        "resolver_error": 501 if stub else None,
    }
    if mock is not None:
        from connexion.mock import MockResolver

        add_api_kwargs["resolver"] = MockResolver(mock_all=mock == "all")

    app_class = getattr(connexion, framework.app_class)
    app = app_class(
        __name__,
        specification_dir=spec_path.parent,
        auth_all_paths=auth_all_paths,
        debug=debug,
        options={key: value for key, value in options.items() if value is not None},
    )
    try:
        app.add_api(spec_path.name, **add_api_kwargs)
    except InvalidSpecification as exc:
        raise click.ClickException(
            f"{spec_file} is not a valid specification: {_first_paragraph(str(exc))}"
        ) from None
    except ResolverError as exc:
        raise click.ClickException(
            f"{exc.reason}\nHandlers are imported from {module_path} (BASE_MODULE_PATH). To "
            "serve the API anyway, add --stub (answer 501 where a handler is missing) or "
            "--mock notimplemented (answer the spec's examples there)."
        ) from None

    try:
        app.run(port=port, host=host, server=server, debug=debug)
    except KeyboardInterrupt:  # Ctrl+C is how a server is stopped, not a failure
        pass
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        raise click.ClickException(_port_in_use(host or "0.0.0.0", port)) from None


def _require(package: str, what: str, install_hint: str) -> None:
    """Fail with an install hint unless ``package`` is importable."""
    try:
        found = importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        raise click.ClickException(f"{what} is not installed: {install_hint}")


def _configure_logging(level: int) -> None:
    root = logging.getLogger()
    if not root.handlers:
        # The handler has the level too: libraries that add their own handler when none
        # would show their INFO lines (werkzeug, hypercorn) keep doing so at the default level.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.setLevel(level)
        root.addHandler(handler)
    root.setLevel(level)


def _check_port(host: str, port: int) -> None:
    """Fail now, with a clear message, if the server could not listen on ``host:port``."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, OverflowError) as exc:
        raise click.BadParameter(
            f"cannot listen on {host}:{port}: {exc}", param_hint="'-H' / '--host'"
        ) from None
    with socket.socket(family, kind, proto) as sock:
        # As the servers do: a port whose last connections are in TIME_WAIT is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise click.ClickException(_port_in_use(host, port)) from None
            raise click.ClickException(f"Cannot listen on {host}:{port}: {exc.strerror}") from None


def _port_in_use(host: str, port: int) -> str:
    return (
        f"Port {port} is in use on {host}: stop what listens there, or choose another port "
        "with -p/--port"
    )


def _first_paragraph(message: str, limit: int = 500) -> str:
    text = message.strip().split("\n\n", 1)[0]
    return text if len(text) <= limit else text[: limit - 3] + "..."
