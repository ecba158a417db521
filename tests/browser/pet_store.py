"""The handlers of tests/browser/fixtures/*.yaml and the server the browser tests start:
``python -m tests.browser.pet_store BACKEND PORT SPEC [BASE_PATH]`` serves SPEC on 127.0.0.1
with the backend's own ``run()`` (Flask's server, aiohttp's ``run_app``, hypercorn for Quart).
"""

from __future__ import annotations

import pathlib
import sys
from typing import Any

from connexion import ProblemException

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
HOST = "127.0.0.1"

#: The pets every server starts with; ``add_pet`` adds to its own process's copy.
PETS: dict[int, dict[str, Any]] = {
    1: {"id": 1, "name": "Nemo", "tag": "fish"},
    2: {"id": 2, "name": "Garfield", "tag": "cat"},
}


def list_pets(limit: int = 10) -> Any:
    return [PETS[key] for key in sorted(PETS)[:limit]]


def get_pet(pet_id: int) -> Any:
    if pet_id not in PETS:
        raise ProblemException(404, "Not Found", f"No pet has the id {pet_id}")
    return PETS[pet_id]


def add_pet(body: dict[str, Any]) -> Any:
    pet_id = max(PETS) + 1
    PETS[pet_id] = {"id": pet_id, **body}
    return PETS[pet_id], 201


def main(argv: list[str]) -> None:
    """Serve until stopped: ``BACKEND PORT SPEC [BASE_PATH]``."""
    from tests.conftest import build_app

    backend, port, spec = argv[0], int(argv[1]), argv[2]
    add_api_options: dict[str, Any] = {"base_path": argv[3]} if len(argv) > 3 else {}
    app = build_app(backend, spec, folder=FIXTURES, **add_api_options)
    app.run(host=HOST, port=port)


if __name__ == "__main__":
    main(sys.argv[1:])
