"""Classes for MethodResolver and MethodViewResolver: one method per HTTP method."""

import functools


class PetsView:
    """connexion 2.x style: the collection GET is ``search``."""

    instances = 0

    def __init__(self):
        type(self).instances += 1

    def search(self, limit=100):
        return "search"

    def get(self, petId):
        return f"get {petId}"

    def post(self, body):
        return "post"

    def put(self, petId, body):
        return "put"

    def delete(self, petId):
        return "delete"

    def post_greeting(self, name):
        return f"hello {name}"


class ItemsView:
    """connexion 3.x style: the collection GET and the item GET share ``get``."""

    def get(self, itemId=None, limit=100):
        return "list" if itemId is None else f"item {itemId}"

    def post(self, body):
        return "post"


class FooBarView:
    """The resource ``/foo-bar`` (or ``/foo_bar``)."""

    def search(self):
        return "FooBarView search"


class Legacy_thingView:
    """Named as connexion 2.x spelt the class of ``/legacy_thing``."""

    def search(self):
        return "legacy search"


class ConfiguredView:
    """Needs constructor arguments, given with ``class_arguments``."""

    def __init__(self, greeting, *, punctuation="!"):
        self.greeting = greeting
        self.punctuation = punctuation

    def get(self, name):
        return f"{self.greeting} {name}{self.punctuation}"


def shout(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs).upper()

    return wrapper


def exclaim(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs) + "!"

    return wrapper


class DecoratedView:
    """Has ``decorators``, as a Flask MethodView may."""

    decorators = [exclaim, shout]

    def get(self, name):
        return f"hi {name}"


NotAClassView = "a string named like a view class"
