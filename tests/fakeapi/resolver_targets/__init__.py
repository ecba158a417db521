"""Targets of the resolver tests: modules, functions and classes found by dotted name."""


def get():
    return "root"
