"""Every spec of the shared corpus loads: real-world documents of all three versions.

The corpus (``shared/specs``, next to the repository) lists each spec's version, operation
count and whether openapi-spec-validator accepts it in ``manifest.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from connexion.core.spec import Specification
from connexion.exceptions import InvalidSpecification

SPECS = Path(__file__).resolve().parents[3] / "shared" / "specs"
MANIFEST = SPECS / "manifest.json"

if not MANIFEST.is_file():  # pragma: no cover - the corpus sits next to the repository
    pytest.skip(f"spec corpus not found at {SPECS}", allow_module_level=True)

ENTRIES: list[dict[str, Any]] = json.loads(MANIFEST.read_text())
VALID = [entry for entry in ENTRIES if entry["valid"]]
INVALID = [entry for entry in ENTRIES if not entry["valid"]]


def expected_version(entry: dict[str, Any]) -> tuple[int, int]:
    major, minor = entry["version"].split(".")[:2]
    return int(major), int(minor)


def ids(entries: list[dict[str, Any]]) -> list[str]:
    return [entry["path"] for entry in entries]


@pytest.mark.parametrize("entry", VALID, ids=ids(VALID))
def test_valid_spec_loads(entry: dict[str, Any]) -> None:
    spec = Specification.load(entry["path"], base_dir=SPECS)
    assert spec.version == expected_version(entry)
    assert len(list(spec.operations())) == entry["operations"]
    json.dumps(spec.raw)


@pytest.mark.parametrize("entry", INVALID, ids=ids(INVALID))
def test_invalid_spec_loads_or_is_rejected(entry: dict[str, Any]) -> None:
    try:
        spec = Specification.load(entry["path"], base_dir=SPECS)
    except InvalidSpecification as error:
        assert str(error).startswith("Invalid specification")
    else:
        assert spec.version == expected_version(entry)


@pytest.mark.parametrize("entry", INVALID, ids=ids(INVALID))
def test_invalid_spec_resolves_without_validation(entry: dict[str, Any]) -> None:
    spec = Specification.load(entry["path"], base_dir=SPECS, validate=False)
    assert spec.version == expected_version(entry)
    assert len(list(spec.operations())) == entry["operations"]
