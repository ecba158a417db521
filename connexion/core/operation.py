"""One frozen :class:`Operation` per (path, method), built once when the API is added.

Swagger 2.0 and OpenAPI 3.x describe parameters, bodies and responses differently; this module
reads both into the same neutral shape, resolves the handler, and compiles every caster and
validator, so that a request only runs precomputed steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from connexion.core.casting import make_caster
from connexion.core.security import Scheme, SecurityPlan, compile_scheme, compile_security
from connexion.core.validation import DEFAULT_ENGINE, CompiledSchema, Version
from connexion.exceptions import ResolverError, ResolverProblem
from connexion.utils import (
    inspect_function_arguments,
    is_async_callable,
    pythonic_name,
    sanitize_param_name,
)

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

# Keys of a Swagger 2 non-body parameter that are JSON schema keywords.
_SWAGGER2_SCHEMA_KEYS = frozenset(
    {
        "type",
        "format",
        "items",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
        "x-nullable",
    }
)


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header, cookie or (Swagger 2) formData parameter, compiled."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    default: Any
    arg_name: str
    pass_to_handler: bool
    is_string: bool
    is_file: bool
    cast: Callable[[Any], Any]
    validator: CompiledSchema | None
    definition: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class MediaTypeBody:
    """What the operation accepts for one request media type."""

    media_type: str
    schema: Mapping[str, Any] | None
    encoding: Mapping[str, Any]
    validator: CompiledSchema | None
    cast: Callable[[Any], Any] | None
    file_fields: frozenset[str]
    array_file_fields: frozenset[str]


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The request body an operation accepts."""

    required: bool
    content: Mapping[str, MediaTypeBody]
    arg_name: str
    pass_to_handler: bool
    default: Any
    nullable: bool


@dataclass(frozen=True, slots=True)
class ResponseDefinition:
    """One entry of the operation's ``responses``."""

    status: str
    media_types: tuple[str, ...]
    validators: Mapping[str, CompiledSchema]
    headers: Mapping[str, Mapping[str, Any]]
    required_headers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """The add_api settings that shape how operations are built."""

    version: Version
    resolver: Any
    resolver_error: int | None = None
    strict_validation: bool = False
    validate_responses: bool = False
    pythonic_params: bool = False
    pass_context_arg_name: str | None = None
    uri_parser_class: Any = None
    validator_map: Mapping[str, Any] = field(default_factory=dict)
    security_schemes: Mapping[str, Any] = field(default_factory=dict)
    global_security: Sequence[Mapping[str, Any]] = ()
    security_fallthrough: bool = False
    fetch_token_info: Any = None
    consumes: Sequence[str] = ("application/json",)
    produces: Sequence[str] = ("application/json",)
    allow_async_handlers: bool = True
    #: the validation engine of this API (``None``: the module's default engine)
    engine: Any = None


@dataclass(frozen=True, slots=True, eq=False)
class Operation:
    """Everything the pipeline needs to serve one (path, method), precomputed."""

    method: str
    path: str
    operation_id: str | None
    router_controller: str | None
    operation: Mapping[str, Any]
    function: Callable[..., Any]
    is_async: bool
    version: Version
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    produces: tuple[str, ...]
    responses: Mapping[str, ResponseDefinition]
    security: tuple[Mapping[str, Sequence[str]], ...]
    security_schemes: Mapping[str, Any]
    security_plan: SecurityPlan | None
    uri_parser: Any
    accepted_args: frozenset[str]
    has_kwargs: bool
    strict_validation: bool
    validate_responses: bool
    pass_context_arg_name: str | None
    query_names: frozenset[str]
    form_names: frozenset[str]
    by_location: Mapping[str, tuple[Parameter, ...]]

    @property
    def consumes(self) -> tuple[str, ...]:
        """The request media types the operation accepts."""
        return tuple(self.body.content) if self.body else ()

    def parameters_in(self, location: str) -> tuple[Parameter, ...]:
        """The parameters of one location."""
        return self.by_location.get(location, ())

    def response_for(self, status: int) -> ResponseDefinition | None:
        """The response definition for ``status`` (exact, then ``2XX``, then ``default``)."""
        responses = self.responses
        found = responses.get(str(status))
        if found is None:
            found = responses.get(f"{str(status)[0]}XX") or responses.get("default")
        return found

    def media_types_for(self, status: int) -> tuple[str, ...]:
        """The media types the spec allows in a response with ``status``."""
        definition = self.response_for(status)
        if definition is not None and definition.media_types:
            return definition.media_types
        if definition is not None and self.version >= (3, 0):
            # A documented OAS3 response without content (a 204, say) must not borrow the
            # media type of another status, such as a 404's application/problem+json.
            return ()
        return self.produces


# --- building -------------------------------------------------------------------------------


def _schema_of(definition: Mapping[str, Any], version: Version) -> Mapping[str, Any]:
    if version >= (3, 0):
        schema = definition.get("schema")
        if schema is None and "content" in definition:
            for media in definition["content"].values():
                return media.get("schema") or {}
        return schema or {}
    if definition.get("in") == "body":
        return definition.get("schema") or {}
    return {k: v for k, v in definition.items() if k in _SWAGGER2_SCHEMA_KEYS}


def _types_of(schema: Mapping[str, Any]) -> set[str]:
    declared = schema.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str)}
    return set()


def _is_binary(schema: Mapping[str, Any]) -> bool:
    return (
        schema.get("type") == "file"
        or schema.get("format") in ("binary", "base64")
        or "contentMediaType" in schema
        or "contentEncoding" in schema
    )


def _argument_name(name: str, location: str, pythonic: bool) -> str:
    if location in ("header", "cookie"):
        name = name.replace("-", "_").lower()
    return pythonic_name(name) if pythonic else sanitize_param_name(name)


def _compile(
    config: ApiConfig, schema: Mapping[str, Any] | None, kind: str
) -> CompiledSchema | None:
    if not schema:
        return None
    purpose = "response" if kind == "response" else "request"
    custom = config.validator_map.get(kind)
    if custom is not None:
        return custom(schema, version=config.version)  # type: ignore[no-any-return]
    engine = config.engine or DEFAULT_ENGINE
    return engine.compile(schema, config.version, purpose)


def merge_parameters(
    path_item: Mapping[str, Any], operation: Mapping[str, Any]
) -> list[Mapping[str, Any]]:
    """The path item's parameters overridden by the operation's, by (name, in)."""
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for definition in list(path_item.get("parameters") or []) + list(
        operation.get("parameters") or []
    ):
        if isinstance(definition, Mapping) and "name" in definition and "in" in definition:
            merged[(definition["name"], definition["in"])] = definition
    return list(merged.values())


def _build_parameter(
    definition: Mapping[str, Any],
    config: ApiConfig,
    accepted: frozenset[str],
    has_kwargs: bool,
) -> Parameter:
    location = definition["in"]
    schema = _schema_of(definition, config.version)
    arg_name = _argument_name(definition["name"], location, config.pythonic_params)
    if location in ("header", "cookie"):
        passed = arg_name in accepted
    else:
        passed = arg_name in accepted or has_kwargs
    default = schema.get("default", definition.get("default", MISSING))
    types = _types_of(schema)
    caster = make_caster(schema, config.version)
    if default is not MISSING and isinstance(default, str) and types - {"string"}:
        try:
            default = caster(default)
        except ValueError:
            pass
    nullable = bool(
        definition.get("x-nullable") or schema.get("nullable") or schema.get("x-nullable")
    )
    if nullable and not schema.get("nullable") and not schema.get("x-nullable"):
        schema = {**schema, "x-nullable": True}
    return Parameter(
        name=definition["name"],
        location=location,
        required=bool(definition.get("required", location == "path")),
        schema=schema,
        default=default,
        arg_name=arg_name,
        pass_to_handler=passed,
        is_string=not types or types <= {"string", "null"},
        is_file=_is_binary(schema) and location == "formData",
        cast=caster,
        validator=None if _is_binary(schema) else _compile(config, schema, "parameter"),
        definition=definition,
    )


def _media_body(
    media_type: str,
    media: Mapping[str, Any],
    config: ApiConfig,
) -> MediaTypeBody:
    schema = media.get("schema")
    file_fields: set[str] = set()
    array_file_fields: set[str] = set()
    if schema and media_type in FORM_MEDIA_TYPES:
        for name, prop in (schema.get("properties") or {}).items():
            if not isinstance(prop, Mapping):
                continue
            if _is_binary(prop):
                file_fields.add(name)
            elif "array" in _types_of(prop) and _is_binary(prop.get("items") or {}):
                file_fields.add(name)
                array_file_fields.add(name)
    is_form = media_type in FORM_MEDIA_TYPES
    return MediaTypeBody(
        media_type=media_type,
        schema=schema,
        encoding=media.get("encoding") or {},
        validator=_compile(config, schema, "body"),
        cast=make_caster(schema, config.version) if schema and is_form else None,
        file_fields=frozenset(file_fields),
        array_file_fields=frozenset(array_file_fields),
    )


def _build_body(
    operation: Mapping[str, Any],
    parameters: list[Mapping[str, Any]],
    config: ApiConfig,
    accepted: frozenset[str],
    has_kwargs: bool,
) -> RequestBody | None:
    if config.version >= (3, 0):
        request_body = operation.get("requestBody")
        if not isinstance(request_body, Mapping) or not request_body.get("content"):
            return None
        content = request_body["content"]
        first_media: Mapping[str, Any] = next(iter(content.values())) or {}
        first_schema: Mapping[str, Any] = first_media.get("schema") or {}
        name = request_body.get("x-body-name") or first_schema.get("x-body-name") or "body"
        default = first_schema.get("default", MISSING)
        nullable = bool(first_schema.get("nullable")) or "null" in _types_of(first_schema)
        required = bool(request_body.get("required", False))
    else:
        consumes = list(operation.get("consumes") or config.consumes)
        body_params = [p for p in parameters if p.get("in") == "body"]
        form_params = [p for p in parameters if p.get("in") == "formData"]
        if body_params:
            definition = body_params[0]
            schema = definition.get("schema") or {}
            content = {media_type: {"schema": schema} for media_type in consumes}
            name = definition.get("name") or "body"
            default = schema.get("default", MISSING)
            nullable = bool(schema.get("x-nullable"))
            required = bool(definition.get("required", False))
        elif form_params:
            form_types = [m for m in consumes if m in FORM_MEDIA_TYPES] or [
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            ]
            content = {media_type: {"schema": None} for media_type in form_types}
            name = "body"
            default = MISSING
            nullable = False
            required = any(p.get("required") for p in form_params)
        else:
            return None
    arg_name = pythonic_name(name) if config.pythonic_params else sanitize_param_name(name)
    return RequestBody(
        required=required,
        content={
            media_type.lower(): _media_body(media_type.lower(), media or {}, config)
            for media_type, media in content.items()
        },
        arg_name=arg_name,
        pass_to_handler=arg_name in accepted or has_kwargs,
        default=default,
        nullable=nullable,
    )


def _build_responses(
    operation: Mapping[str, Any], config: ApiConfig, produces: tuple[str, ...]
) -> dict[str, ResponseDefinition]:
    found: dict[str, ResponseDefinition] = {}
    for status, definition in (operation.get("responses") or {}).items():
        if not isinstance(definition, Mapping):
            continue
        status = str(status).upper()
        validators: dict[str, CompiledSchema] = {}
        if config.version >= (3, 0):
            content = definition.get("content") or {}
            media_types = tuple(content)
            if config.validate_responses:
                for media_type, media in content.items():
                    compiled = _compile(config, (media or {}).get("schema"), "response")
                    if compiled is not None:
                        validators[media_type] = compiled
            headers = dict(definition.get("headers") or {})
            required = tuple(
                name
                for name, header in headers.items()
                if isinstance(header, Mapping) and header.get("required")
            )
        else:
            media_types = ()
            schema = definition.get("schema")
            if config.validate_responses and schema:
                compiled = _compile(config, schema, "response")
                if compiled is not None:
                    validators = {media_type: compiled for media_type in produces}
            headers = dict(definition.get("headers") or {})
            required = tuple(headers)
        found[status] = ResponseDefinition(
            status=status,
            media_types=media_types,
            validators=validators,
            headers=headers,
            required_headers=required,
        )
    return found


def _produces(operation: Mapping[str, Any], config: ApiConfig) -> tuple[str, ...]:
    if config.version >= (3, 0):
        seen: dict[str, None] = {}
        for definition in (operation.get("responses") or {}).values():
            if isinstance(definition, Mapping):
                for media_type in definition.get("content") or {}:
                    seen[media_type] = None
        return tuple(seen) or ("application/json",)
    return tuple(operation.get("produces") or config.produces or ("application/json",))


def _unresolved_handler(status: int, reason: str) -> Callable[..., Any]:
    def not_implemented(*args: Any, **kwargs: Any) -> Any:
        raise ResolverProblem(status, "Not Implemented", reason)

    return not_implemented


def build_operation(
    path: str,
    method: str,
    operation: Mapping[str, Any],
    path_item: Mapping[str, Any],
    config: ApiConfig,
    schemes: Mapping[str, Scheme] | None = None,
) -> Operation:
    """Build the :class:`Operation` for one (path, method) of a resolved spec.

    :param path: the spec path, such as ``/pets/{petId}``.
    :param method: the HTTP method, lower case.
    :param operation: the resolved operation object.
    :param path_item: the resolved path item that holds it.
    :param config: the add_api settings.
    :param schemes: the API's compiled security schemes (compiled here when not given).
    :raises ResolverError: when the handler cannot be found and ``resolver_error`` is unset.
    """
    router_controller = operation.get("x-openapi-router-controller") or operation.get(
        "x-swagger-router-controller"
    )
    if router_controller is None:
        router_controller = path_item.get("x-openapi-router-controller") or path_item.get(
            "x-swagger-router-controller"
        )
    produces = _produces(operation, config)
    info = SimpleNamespace(
        operation_id=operation.get("operationId"),
        path=path,
        method=method,
        router_controller=router_controller,
        operation=operation,
        path_item=path_item,
        version=config.version,
        produces=produces,
    )
    try:
        resolution = config.resolver.resolve(info)
        function = resolution.function
        operation_id = resolution.operation_id
    except ResolverError as exc:
        if config.resolver_error is None:
            raise
        function = _unresolved_handler(config.resolver_error, exc.reason)
        operation_id = info.operation_id
    is_async = is_async_callable(function)
    if is_async and not config.allow_async_handlers:
        raise ResolverError(
            f"The handler of {method.upper()} {path} (operationId {operation_id!r}) is "
            "'async def', which this backend cannot run: use a plain 'def' handler, or "
            "AioHttpApp / QuartApp"
        )
    accepted_names, has_kwargs = inspect_function_arguments(function)
    accepted = frozenset(accepted_names)

    definitions = merge_parameters(path_item, operation)
    parameters = tuple(
        _build_parameter(d, config, accepted, has_kwargs)
        for d in definitions
        if d.get("in") in ("path", "query", "header", "cookie", "formData")
    )
    body = _build_body(operation, definitions, config, accepted, has_kwargs)
    body_defn: Mapping[str, Any] = {}
    if config.version >= (3, 0) and body is not None:
        for form_type in FORM_MEDIA_TYPES:
            if form_type in body.content:
                media = body.content[form_type]
                body_defn = {"schema": media.schema or {}, "encoding": media.encoding}
                break
    parser_class = config.uri_parser_class or _default_parser(config.version)
    uri_parser = parser_class(list(definitions), body_defn)
    security = operation.get("security")
    if security is None:
        security = config.global_security
    form_names: set[str] = {p.name for p in parameters if p.location == "formData"}
    if body is not None:
        for media in body.content.values():
            if media.schema and media.media_type in FORM_MEDIA_TYPES:
                form_names.update((media.schema.get("properties") or {}).keys())
    return Operation(
        method=method,
        path=path,
        operation_id=operation_id,
        router_controller=router_controller,
        operation=operation,
        function=function,
        is_async=is_async,
        version=config.version,
        parameters=parameters,
        body=body,
        produces=produces,
        responses=_build_responses(operation, config, produces),
        security=tuple(security or ()),
        security_schemes=config.security_schemes,
        security_plan=compile_security(
            security or (),
            compile_schemes(config) if schemes is None else schemes,
            config.security_fallthrough,
            config.fetch_token_info,
        ),
        uri_parser=uri_parser,
        accepted_args=accepted,
        has_kwargs=has_kwargs,
        strict_validation=config.strict_validation,
        validate_responses=config.validate_responses,
        pass_context_arg_name=config.pass_context_arg_name,
        query_names=frozenset(p.name for p in parameters if p.location == "query"),
        form_names=frozenset(form_names),
        by_location={
            location: tuple(p for p in parameters if p.location == location)
            for location in ("path", "query", "header", "cookie", "formData")
            if any(p.location == location for p in parameters)
        },
    )


def compile_schemes(config: ApiConfig) -> dict[str, Scheme]:
    """Compile every security scheme of the API once.

    :raises ResolverError: for a callback that cannot be imported, or an ``async def``
        callback on a backend that cannot run one.
    """
    schemes = {}
    for name, definition in (config.security_schemes or {}).items():
        if not isinstance(definition, Mapping):
            continue
        try:
            scheme = compile_scheme(name, definition)
        except (ImportError, AttributeError, ValueError) as exc:
            raise ResolverError(
                f"Cannot import a callback of security scheme {name!r}: {exc}"
            ) from exc
        callbacks = (scheme.verify, scheme.scope_check)
        if not config.allow_async_handlers and any(c and c.is_async for c in callbacks):
            raise ResolverError(
                f"A callback of security scheme {name!r} is 'async def', which this backend "
                "cannot run: use a plain 'def' callback, or AioHttpApp / QuartApp"
            )
        schemes[name] = scheme
    return schemes


def _default_parser(version: Version) -> Any:
    from connexion.core.uri_parsing import OpenAPIURIParser, Swagger2URIParser

    return OpenAPIURIParser if version >= (3, 0) else Swagger2URIParser


_TEMPLATE = re.compile(r"\{[^}]*\}")


def route_order_key(path: str) -> tuple[Any, ...]:
    """Sort key that puts concrete paths before templated ones at every segment."""
    segments = path.strip("/").split("/")
    return tuple(
        (2 if segment.startswith("{") and segment.endswith("}") else 1)
        if _TEMPLATE.search(segment)
        else 0
        for segment in segments
    ) + (len(segments),)


def build_operations(
    entries: Iterable[tuple[str, str, Mapping[str, Any], Mapping[str, Any]]],
    config: ApiConfig,
) -> list[Operation]:
    """Build every operation and order them so that concrete paths are routed first."""
    schemes = compile_schemes(config)
    operations = [
        build_operation(path, method, op, item, config, schemes)
        for path, method, op, item in entries
    ]
    operations.sort(key=lambda op: route_order_key(op.path))
    return operations
