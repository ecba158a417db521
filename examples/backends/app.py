"""One spec and one module of plain ``def`` handlers, served by Flask, aiohttp or Quart.

The backend is chosen by ONE line, ``APP_CLASS`` below. For convenience the command line can
override it: ``python examples/backends/app.py [flask|aiohttp|quart] [--port 8080]``. The API
is under ``/api`` (``curl http://127.0.0.1:8080/api/notes``).
"""

from __future__ import annotations

import argparse
import itertools
import pathlib
import threading
from typing import Any

import connexion
from connexion import NoContent, ProblemException

# The one line that picks the backend; nothing else changes, neither here nor in the spec.
APP_CLASS = connexion.FlaskApp
# APP_CLASS = connexion.AioHttpApp
# APP_CLASS = connexion.QuartApp

# The handlers are plain functions. On aiohttp and Quart they run in worker threads (the
# default ``sync_handlers: thread``), so the notes are guarded by a lock on every backend.
NOTES: dict[int, dict[str, Any]] = {}
_ids = itertools.count(1)
_lock = threading.Lock()


def list_notes(limit: int) -> list[dict[str, Any]]:
    """``GET /notes``: ``limit`` arrives as an int (20 unless given)."""
    with _lock:
        return list(NOTES.values())[:limit]


def add_note(note: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """``POST /notes``: ``note`` is the validated JSON body (named by ``x-body-name``)."""
    with _lock:
        stored = {**note, "id": next(_ids)}
        NOTES[stored["id"]] = stored
    return stored, 201, {"Location": f"/api/notes/{stored['id']}"}


def get_note(note_id: int) -> Any:
    """``GET /notes/{note_id}``: a missing note is a 404 problem."""
    with _lock:
        note = NOTES.get(note_id)
    if note is None:
        return connexion.problem(404, "Not Found", f"Note {note_id} does not exist")
    return note


def delete_note(note_id: int) -> tuple[Any, int]:
    """``DELETE /notes/{note_id}``: 204, or a 404 problem raised as an exception."""
    with _lock:
        if NOTES.pop(note_id, None) is None:
            raise ProblemException(404, "Not Found", f"Note {note_id} does not exist")
    return NoContent, 204


def describe_request(x_request_id: str | None = None) -> dict[str, Any]:
    """``GET /request``: ``connexion.request`` is the same object on every backend."""
    request = connexion.request
    return {
        "method": request.method,
        "path": request.path,
        "args": {name: request.args.getlist(name) for name in request.args},
        "request_id": x_request_id,
    }


HERE = pathlib.Path(__file__).resolve().parent
BACKENDS = {
    "flask": connexion.FlaskApp,
    "aiohttp": connexion.AioHttpApp,
    "quart": connexion.QuartApp,
}


def create_app(app_class: Any = None) -> Any:
    """The app on ``app_class`` (``APP_CLASS`` unless given), serving ``openapi.yaml``."""
    app = (app_class or APP_CLASS)(__name__, specification_dir=HERE)
    app.add_api("openapi.yaml", strict_validation=True, validate_responses=True)
    return app


app = create_app()

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("backend", nargs="?", choices=sorted(BACKENDS), help="overrides APP_CLASS")
    parser.add_argument("--port", type=int, default=8080)
    arguments = parser.parse_args()
    if arguments.backend:
        app = create_app(BACKENDS[arguments.backend])
    app.run(port=arguments.port)
