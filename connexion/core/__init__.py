"""The framework-neutral core of connexion.

Everything here is about the specification and the HTTP contract. It does no I/O and imports
no web framework, no asyncio and no gevent: backends hand it a neutral request with the body
already read, drive the request pipeline, and turn the neutral response into their own.
A test (tests/core/test_sans_io.py) imports this package with those modules blocked.
"""
