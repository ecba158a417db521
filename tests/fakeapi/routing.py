"""Handlers of the routing fixtures (tests/fixtures/routing)."""

from __future__ import annotations


def greet(name):
    return {"greeting": f"Hello {name}"}


def hello():
    return {"hello": "world"}


def from_operation_controller():
    return {"via": "operation controller"}


def from_path_item_controller():
    return {"via": "path item controller"}


def overridden():
    return {"via": "path item controller"}


class Override:
    """A controller named on an operation, overriding its path item's controller."""

    @staticmethod
    def overridden():
        return {"via": "operation controller overriding the path item's"}


def get_item(item_id):
    return {"item": item_id}


def get_item_tags(item_id):
    return {"tags_of": item_id}


def get_special_item():
    return {"item": "special"}


def get_special_item_tags():
    return {"tags_of": "special"}


def relative_hello():
    return {"hello": "relative"}


def resolved_by_custom_function(**kwargs):
    return {"resolved": "by a custom function"}


async def async_hello():
    return {"hello": "async"}
