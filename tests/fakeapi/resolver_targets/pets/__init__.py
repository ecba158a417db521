"""The ``pets`` resource, as RestyResolver expects it: one function per method."""

NOT_CALLABLE = 42


def search(limit=100):
    return "search"


def get(id):
    return "get"


def post(body):
    return "post"


def put(id, body):
    return "put"


def delete(id):
    return "delete"


def copy(id):
    return "copy"


class Registry:
    """A class whose methods are reached as ``pets.Registry.<name>``."""

    @staticmethod
    def lookup(name):
        return name

    class Inner:
        @classmethod
        def build(cls):
            return cls


registry = Registry()
