"""What the real-server tests share: which packages are here, a free port, stopping a server."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pathlib
import signal
import socket
import subprocess

HOST = "127.0.0.1"


def installed(*names: str) -> bool:
    """Whether every one of these packages is installed here (found, not imported)."""
    for name in names:
        try:
            if importlib.util.find_spec(name) is None:
                return False
        except ImportError:
            return False
    return True


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop; kill its process group (its workers too) if it does not."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # The group is still ours: its leader has not been reaped.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def launch(
    argv: list[str], log: pathlib.Path, *, cwd: str | os.PathLike[str], env: dict[str, str]
) -> subprocess.Popen[bytes]:
    """Start a server process in a session of its own (so that :func:`stop` can end its
    workers too), with its output in ``log`` and no input."""
    with log.open("wb") as output:
        return subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
