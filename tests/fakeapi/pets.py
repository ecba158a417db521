"""Handlers of the petstore fixture specs (Swagger 2.0 and OpenAPI 3.0 twins)."""

from __future__ import annotations

import datetime
import decimal
import uuid
from http import HTTPStatus

from connexion import NoContent, problem
from connexion.lifecycle import ConnexionResponse

PETS = {
    1: {"id": 1, "name": "Rex", "tag": "dog"},
    2: {"id": 2, "name": "Tom", "tag": "cat"},
}


def list_pets(limit=None, tags=None):
    pets = list(PETS.values())
    if tags:
        pets = [p for p in pets if p["tag"] in tags]
    if limit is not None:
        pets = pets[:limit]
    return pets


def get_pet(petId):
    pet = PETS.get(petId)
    if pet is None:
        return problem(404, "Not Found", f"Pet {petId} does not exist")
    return pet


def create_pet(body):
    return {"id": 3, **body}, 201, {"Location": "/v1/pets/3"}


def create_pet_swagger(pet):
    return {"id": 3, **pet}, HTTPStatus.CREATED, {"Location": "/v1/pets/3"}


def delete_pet(petId):
    return NoContent, 204


def echo(**kwargs):
    return kwargs


def types():
    return {
        "when": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "day": datetime.date(2024, 1, 2),
        "price": decimal.Decimal("1.5"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    }


def connexion_response():
    return ConnexionResponse(status_code=202, body={"ok": True}, mimetype="application/json")


def broken_response():
    return {"id": "not-an-integer"}
