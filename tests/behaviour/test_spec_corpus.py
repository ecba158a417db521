"""Every real spec of ../shared/specs loads into an app with one route per operation."""

from __future__ import annotations

import json
import time

import pytest

from connexion.exceptions import ConnexionException
from tests.conftest import SHARED_SPECS, build_app, operation_routes

MANIFEST = json.loads((SHARED_SPECS / "manifest.json").read_text())
VALID = [entry for entry in MANIFEST if entry["valid"]]
INVALID = [entry for entry in MANIFEST if not entry["valid"]]


def _ids(entries):
    return [entry["path"] for entry in entries]


@pytest.mark.parametrize("entry", VALID, ids=_ids(VALID))
def test_valid_spec_gets_one_route_per_operation(backend, entry):
    started = time.perf_counter()
    app = build_app(backend, entry["path"], folder=SHARED_SPECS, resolver_error=501)
    elapsed = time.perf_counter() - started
    assert len(operation_routes(app)) == entry["operations"], elapsed


@pytest.mark.parametrize("entry", INVALID, ids=_ids(INVALID))
def test_invalid_spec_loads_or_says_what_is_wrong(backend, entry):
    try:
        app = build_app(backend, entry["path"], folder=SHARED_SPECS, resolver_error=501)
    except ConnexionException as exc:
        assert str(exc)
        assert not isinstance(exc, (KeyError, TypeError))
    else:
        assert len(operation_routes(app)) == entry["operations"]
