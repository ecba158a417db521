"""A resource whose path is ``/foo-bar``."""


def search():
    return "foo_bar search"
