"""A pet shop on OpenAPI 3: path and query parameters, a validated JSON body, problem errors.

Run ``python examples/petstore/app.py``; it listens on port 8080 and serves the API under
``/api`` (``curl http://127.0.0.1:8080/api/pets``). The pets live in memory, in one process.
"""

from __future__ import annotations

import datetime
import itertools
import pathlib
import threading
from typing import Any

import connexion
from connexion import NoContent, ProblemException

PETS: dict[int, dict[str, Any]] = {}
_ids = itertools.count(1)
_lock = threading.Lock()


def _not_found(pet_id: int) -> ProblemException:
    return ProblemException(404, "Not Found", f"Pet {pet_id} does not exist")


def _store(pet_id: int, pet: dict[str, Any]) -> dict[str, Any]:
    stored = {**pet, "id": pet_id, "created": _now()}
    PETS[pet_id] = stored
    return stored


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def list_pets(limit: int, animal_type: str | None = None) -> list[dict[str, Any]]:
    """``GET /pets``: ``limit`` is an int (default 20), ``animal_type`` one of the enum."""
    pets = [p for p in PETS.values() if animal_type is None or p["animal_type"] == animal_type]
    return pets[:limit]


def add_pet(pet: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """``POST /pets``: ``pet`` is the validated body (named by ``x-body-name``)."""
    with _lock:
        stored = _store(next(_ids), pet)
    return stored, 201, {"Location": f"/api/pets/{stored['id']}"}


def get_pet(pet_id: int) -> Any:
    """``GET /pets/{pet_id}``: a missing pet is a 404 problem built with ``connexion.problem``."""
    pet = PETS.get(pet_id)
    if pet is None:
        return connexion.problem(404, "Not Found", f"Pet {pet_id} does not exist")
    return pet


def put_pet(pet_id: int, pet: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """``PUT /pets/{pet_id}``: 200 when the pet is replaced, 201 when it is created."""
    with _lock:
        exists = pet_id in PETS
        stored = _store(pet_id, pet)
    return stored, 200 if exists else 201


def delete_pet(pet_id: int) -> tuple[Any, int]:
    """``DELETE /pets/{pet_id}``: a missing pet raises a ``ProblemException`` (404)."""
    with _lock:
        if PETS.pop(pet_id, None) is None:
            raise _not_found(pet_id)
    return NoContent, 204


HERE = pathlib.Path(__file__).resolve().parent

app = connexion.FlaskApp(__name__, specification_dir=HERE)
app.add_api("openapi.yaml", strict_validation=True, validate_responses=True)

if __name__ == "__main__":
    app.run(port=8080)
