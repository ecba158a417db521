"""A nested resource: ``/pets/{id}/toys``."""


def search(id):
    return "toys search"


def get(id, toyId):
    return "toys get"
