"""A module that exists but cannot be imported: its dependency is missing."""

import connexion_tests_missing_dependency  # noqa: F401


def handler():
    return "unreachable"
