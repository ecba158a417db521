"""``add_api(validator_map=...)``: custom validator classes, as connexion 2 users write them.

The enforce-defaults validator below follows connexion 2's documented example: a subclass of
``RequestBodyValidator`` that hands a jsonschema validator class extended to fill in defaults
to ``super().__init__(validator=...)``.
"""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker, validators

from connexion.decorators.response import ResponseValidator
from connexion.decorators.validation import ParameterValidator, RequestBodyValidator
from tests.conftest import build_app


def extend_with_set_default(validator_class: Any) -> Any:
    validate_properties = validator_class.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        if validator.is_type(instance, "object"):
            for name, subschema in properties.items():
                if "default" in subschema:
                    instance.setdefault(name, subschema["default"])
        yield from validate_properties(validator, properties, instance, schema)

    return validators.extend(validator_class, {"properties": set_defaults})


DefaultsEnforcingDraft4Validator = extend_with_set_default(Draft4Validator)


class DefaultsEnforcingRequestBodyValidator(RequestBodyValidator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, validator=DefaultsEnforcingDraft4Validator, **kwargs)


ENFORCE_DEFAULTS = {"body": DefaultsEnforcingRequestBodyValidator}

# A format that only the custom classes know: values must be even.
even_checker = FormatChecker()


@even_checker.checks("even")
def is_even(value: object) -> bool:
    return not isinstance(value, int) or value % 2 == 0


EvenDraft4Validator = validators.extend(Draft4Validator, format_checker=even_checker)


class EvenParameterValidator(ParameterValidator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, validator=EvenDraft4Validator, **kwargs)


class EvenResponseValidator(ResponseValidator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, validator=EvenDraft4Validator, **kwargs)


@pytest.fixture
def settings_client(backend, spec_version):
    def make(validator_map=None):
        app = build_app(backend, f"bodies/{spec_version}.yaml", validator_map=validator_map)
        return app.test_client()

    return make


def test_without_validator_map_defaults_are_not_filled_in(settings_client):
    client = settings_client()
    assert client.post("/v1/settings", json={}).json() == {"body": {}}


def test_enforce_defaults_body_validator_takes_effect(settings_client):
    client = settings_client(ENFORCE_DEFAULTS)
    response = client.post("/v1/settings", json={})
    assert response.status_code == 200
    assert response.json() == {"body": {"theme": "light", "size": 10}}


def test_enforce_defaults_keeps_what_was_sent(settings_client):
    client = settings_client(ENFORCE_DEFAULTS)
    response = client.post("/v1/settings", json={"theme": "dark", "size": 3})
    assert response.json() == {"body": {"theme": "dark", "size": 3}}


def test_enforce_defaults_fills_nested_objects(settings_client):
    client = settings_client(ENFORCE_DEFAULTS)
    response = client.post("/v1/settings", json={"flags": {}})
    assert response.json() == {"body": {"theme": "light", "size": 10, "flags": {"beta": False}}}


def test_enforce_defaults_fills_array_items(backend, spec_version):
    client = build_app(
        backend, f"bodies/validator_map/{spec_version}.yaml", validator_map=ENFORCE_DEFAULTS
    ).test_client()
    response = client.post("/lines", json=[{"sku": "a"}, {"sku": "b", "qty": 5}])
    assert response.status_code == 200
    assert response.json() == {"lines": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 5}]}


def test_custom_body_validator_still_validates(settings_client):
    client = settings_client(ENFORCE_DEFAULTS)
    response = client.post("/v1/settings", json={"size": "big", "theme": "pink"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert {(e["in"], e["path"]) for e in errors} == {("body", "/size"), ("body", "/theme")}


def test_custom_body_validator_for_other_operations_too(settings_client):
    client = settings_client(ENFORCE_DEFAULTS)
    order = {"customer": "ann", "items": [{"sku": "ABC-1", "qty": 1}]}
    assert client.post("/v1/orders", json=order).json() == {"received": order}
    response = client.post("/v1/orders", json={"customer": "ann", "items": []})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "/items"


def test_enforce_defaults_in_a_form_body(backend):
    client = build_app(
        backend, "bodies/validator_map/openapi.yaml", validator_map=ENFORCE_DEFAULTS
    ).test_client()
    response = client.post("/prefs", data={"limit": "5"})
    assert response.status_code == 200
    assert response.json() == {"body": {"lang": "en", "limit": 5}}
    plain = build_app(backend, "bodies/validator_map/openapi.yaml").test_client()
    assert plain.post("/prefs", data={"limit": "5"}).json() == {"body": {"limit": 5}}


def test_custom_validator_is_built_when_the_api_is_added(backend, spec_version):
    built: list[Any] = []

    class CountingBodyValidator(RequestBodyValidator):
        def __init__(self, schema: Any, *args: Any, **kwargs: Any) -> None:
            built.append(schema)
            super().__init__(schema, *args, **kwargs)

    app = build_app(
        backend, f"bodies/{spec_version}.yaml", validator_map={"body": CountingBodyValidator}
    )
    assert built, "the custom class was never used"
    count = len(built)
    client = app.test_client()
    for size in (1, 2, "x", 3):
        client.post("/v1/settings", json={"size": size})
    assert client.post("/v1/settings", json={"size": "x"}).status_code == 400
    assert len(built) == count


@pytest.fixture
def even_client(backend, spec_version):
    def make(validator_map=None):
        app = build_app(
            backend,
            f"bodies/validator_map/{spec_version}.yaml",
            validator_map=validator_map,
            validate_responses=True,
        )
        return app.test_client()

    return make


def test_default_validators_ignore_the_unknown_format(even_client):
    client = even_client()
    assert client.get("/halves/3").json() == {"half": 1}
    assert client.get("/halves/6").json() == {"half": 3}


def test_custom_parameter_validator_takes_effect(even_client):
    client = even_client({"parameter": EvenParameterValidator})
    assert client.get("/halves/4").json() == {"half": 2}
    response = client.get("/halves/3")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["in"] == "path"
    assert error["path"] == "n"
    assert "even" in error["message"]
    # what the custom class does not change is still checked as before
    assert client.get("/halves/abc").status_code == 400
    assert client.get("/halves/-2").status_code == 400


def test_custom_response_validator_takes_effect(even_client):
    client = even_client({"response": EvenResponseValidator})
    assert client.get("/halves/4").json() == {"half": 2}
    response = client.get("/halves/6")  # the handler answers {"half": 3}
    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "Traceback" not in response.text


def test_validator_map_replaces_only_the_kinds_it_names(even_client):
    client = even_client({"response": EvenResponseValidator})
    # the odd parameter is checked by the default class, which does not know the format
    response = client.get("/halves/5")
    assert response.status_code == 200
    assert response.json() == {"half": 2}
