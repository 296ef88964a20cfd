"""What the client layer knows of each operation, read from the spec that `make generate` ships.

Nothing here names an operation: signing (with each parameter's ``maxLength``), the bounds of
each parameter (:mod:`.bounds`), limits, retries, the client ids of what is not idempotent
(``x-bingx-client-id``, :class:`ClientId`), the clock source and response shapes come from
``openapi.yaml`` (bundled as ``bingx_spot_client/openapi.json``), so an operation added there
needs no code in this package.
"""

import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import bingx_spot_client

from . import bounds

Shape = Callable[[Any, str], str | None]
# Rewrites BingX's "nothing" values in place where the schema wants another container; True when
# it changed something.
Empties = Callable[[Any], bool]

__all__ = ["ClientId", "Operation", "Spec", "load"]

_SIGNATURE_SCHEME = "BingXSignature"
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class ClientId:
    """``x-bingx-client-id``: the caller's id for what an operation that is not idempotent
    creates (an order), and how to ask, after an ambiguous failure, whether it was created."""

    parameter: str  # the request's parameter that carries the id
    prefix: str  # an id the client makes: this, then ``hex_digits`` random hex digits
    hex_digits: int
    lookup: str  # the operationId that finds it by the id
    lookup_parameter: str  # the lookup's parameter that takes the id
    copy: tuple[str, ...]  # the request's parameters the lookup takes too (e.g. the pair)
    not_found: frozenset[int]  # the codes by which the lookup says none exists
    # What makes the order found this call's (a caller may reuse an id): (the lookup answer's
    # field, by dotted path; the request's parameter it must equal). ``match``: the answer must
    # hold the field; ``match_when_present``: compared only when it holds one.
    match: tuple[tuple[str, str], ...] = ()
    match_when_present: tuple[tuple[str, str], ...] = ()
    # Where the lookup's answer may say when the order was placed (the first it holds counts).
    placed_at: tuple[str, ...] = ()

    def make(self) -> str:
        """A fresh id: the prefix and random hex digits (128 bits for 32 digits)."""
        return self.prefix + secrets.token_hex((self.hex_digits + 1) // 2)[: self.hex_digits]


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    signed: bool
    # Requests per second per API key (``x-bingx-rate-limit.uid``), and the IP group.
    uid_rate: float | None = None
    ip_group: str | None = None
    # May be sent again after an ambiguous failure (``x-bingx-idempotent``, or a GET).
    idempotent: bool = False
    # Where the answer holds the server's clock (``x-bingx-server-time``), e.g. "data.serverTime".
    server_time: str | None = None
    # Checks the containers of the 200 answer against its schema (``Spec.shape_error``).
    shape: "Shape | None" = field(default=None, compare=False, hash=False)
    # Rewrites "nothing" values of the 200 answer (``Spec.empties``).
    empties: "Empties | None" = field(default=None, compare=False, hash=False)
    # The IP group's limits that apply (``x-bingx-ip-groups``): (requests, seconds, scope), the
    # scope naming the window, "ip/<group>" for the group's total or "ip/<group>/<path>".
    ip_limits: tuple[tuple[int, int, str], ...] = ()
    # The longest value of each query parameter whose schema declares ``maxLength``: the
    # signer's cap for it, in place of its default (``signing.MAX_CHARS``).
    max_chars: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    # The bounds each query parameter's schema declares, checked before sending (:mod:`.bounds`).
    checks: Mapping[str, bounds.Check] = field(default_factory=dict, compare=False, hash=False)
    # ``x-bingx-max-product``: parameters whose product is bounded.
    max_product: bounds.Product | None = field(default=None, compare=False, hash=False)
    # ``x-bingx-client-id``: the id every request carries, and how it is looked up.
    client_id: ClientId | None = field(default=None, compare=False, hash=False)

    def problem(self, params: "tuple[tuple[str, str], ...]") -> str | None:
        """The first parameter of ``params`` out of the bounds the spec declares, or ``None``."""
        if not self.checks and self.max_product is None:
            return None
        return bounds.problem(self.checks, self.max_product, params)


class Spec:
    """The operations, servers and IP groups of the spec."""

    __slots__ = ("_by_id", "_exact", "ip_groups", "operations", "servers")

    def __init__(
        self,
        servers: tuple[str, ...],
        operations: tuple[Operation, ...],
        ip_groups: dict[str, Any],
    ) -> None:
        self.servers = servers
        self.operations = operations
        self.ip_groups = ip_groups
        self._exact = {(op.method, op.path): op for op in operations}
        self._by_id = {op.operation_id: op for op in operations}

    def operation(self, operation_id: str) -> Operation | None:
        """The operation of that operationId, or ``None``."""
        return self._by_id.get(operation_id)

    @property
    def default_base_url(self) -> str:
        return self.servers[0]

    @property
    def clock(self) -> Operation | None:
        """The operation that tells the server's time, if the spec marks one."""
        return next((op for op in self.operations if op.server_time), None)

    def find(self, method: str, path: str, base_path: str = "") -> Operation | None:
        """The operation a request is for, or ``None`` when the spec has no such path.
        ``base_path``: the path of the base URL (a gateway's prefix), not part of the spec's."""
        if base_path:
            if not path.startswith(base_path + "/"):
                return None
            path = path[len(base_path) :]
        return self._exact.get((method.upper(), path))

    def shape_error(self, value: Any, op: Operation) -> str | None:
        """Where ``value`` has an object or array ``op``'s answer schema does not allow there, or
        a required property that is missing or not of its schema's JSON type, or ``None``.
        Containers are judged: the generated parser, meeting a list where its schema has an
        object, hands the list on as if it had parsed it. So are required scalars, which it
        hands on as they came (an ``orderId`` of null, ``"123"`` or ``1.7e18`` into an ``int``
        field); their values are not (an unknown enum value is data), nor are optional scalars."""
        return None if op.shape is None else op.shape(value, "body")

    def empties(self, value: Any, op: Operation) -> bool:
        """Rewrites, in place, the ways BingX says "nothing" where ``op``'s answer schema wants
        another container: ``null`` for a property whose schema is an array (BingX sends an
        empty list as ``null``) becomes ``[]``; ``[]`` for a property whose schema is an object
        and never an array becomes ``{}``. A required array or object that is missing, or null
        where the schema does not allow null, becomes an empty one, and its own required
        containers are filled the same way (``data: null`` reads as ``{"orders": []}``). A
        required scalar is never made up: the shape check reports it missing. True when
        something changed."""
        return op.empties is not None and op.empties(value)


def _options(
    schemas: dict[str, Any], schema: dict[str, Any], depth: int = 0
) -> list[dict[str, Any]]:
    """The plain schemas a value may match: references followed, oneOf/anyOf flattened."""
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    choices = schema.get("oneOf") or schema.get("anyOf")
    if not choices or depth > _MAX_DEPTH:
        return [schema]
    return [plain for choice in choices for plain in _options(schemas, choice, depth + 1)]


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema.get("type")
    kinds = {str(k) for k in kind} if isinstance(kind, list) else {str(kind)}
    return kinds | ({"null"} if schema.get("nullable") else set())


def _empties(schemas: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Empties | None:
    """The rewrite of a value's "nothing" properties, made once; ``None`` when the schema has
    none to rewrite."""
    if depth > _MAX_DEPTH:
        return None
    options = _options(schemas, schema)
    obj = next((o for o in options if "object" in _types(o)), None)
    arr = next((o for o in options if "array" in _types(o)), None)
    required = set((obj or {}).get("required", ()))
    props: dict[str, tuple[bool, bool, Callable[[], Any] | None, Empties | None]] = {}
    for name, sub in (obj or {}).get("properties", {}).items():
        kinds = set().union(*(_types(o) for o in _options(schemas, sub)))
        null_is_list = "array" in kinds and "null" not in kinds
        list_is_dict = "object" in kinds and "array" not in kinds
        # What a required container stands in for when it is missing, or null where null is
        # not allowed: an empty one, whose own required containers are then filled in turn.
        containers = kinds & {"array", "object"}
        empty: Callable[[], Any] | None = None
        if name in required and "null" not in kinds and len(containers) == 1:
            empty = list if "array" in containers else dict
        inner = _empties(schemas, sub, depth + 1)
        if null_is_list or list_is_dict or empty is not None or inner is not None:
            props[name] = (null_is_list, list_is_dict, empty, inner)
    items = _empties(schemas, arr.get("items", {}), depth + 1) if arr else None
    if not props and items is None:
        return None

    def rewrite(value: Any) -> bool:
        changed = False
        if isinstance(value, dict):
            for name, (null_is_list, list_is_dict, empty, inner) in props.items():
                found = value.get(name, _MISSING)
                if found is _MISSING or found is None:
                    if empty is not None:
                        found = value[name] = empty()
                        changed = True
                    elif found is None and null_is_list:
                        found = value[name] = []
                        changed = True
                elif found == [] and list_is_dict:
                    found = value[name] = {}
                    changed = True
                if inner is not None and found is not _MISSING:
                    changed = inner(found) or changed
        elif isinstance(value, list) and items is not None:
            for item in value:
                changed = items(item) or changed
        return changed

    return rewrite


_MISSING = object()
_MAX_DEPTH = 32


def _shape(schemas: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Shape | None:
    """The check of a value's containers and required properties against ``schema``, made
    once; ``None`` when the schema holds no object or array."""
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    if depth > _MAX_DEPTH:
        return None
    choices = schema.get("oneOf") or schema.get("anyOf")
    if choices:
        alternatives = [_shape(schemas, choice, depth + 1) for choice in choices]
        return None if None in alternatives else _any_of(alternatives)  # type: ignore[arg-type]
    kind = schema.get("type")
    if kind == "array":
        return _array(_shape(schemas, schema.get("items", {}), depth + 1))
    if kind == "object":
        properties = schema.get("properties", {})
        inner = {
            name: check
            for name, sub in properties.items()
            if (check := _shape(schemas, sub, depth + 1)) is not None
        }
        required = tuple(schema.get("required", ()))
        typed = {
            name: allowed
            for name in required
            if name in properties and (allowed := _typed(schemas, properties[name]))
        }
        return _object(required, inner, typed)
    if kind == "null":
        return lambda value, at: None if value is None else f"{at} is not null"
    return None  # a scalar, or anything: not judged


_NAMES = {types[-1]: name for types, name in bounds.JSON_TYPES.values()}
Typed = tuple[frozenset[type], str]  # the types a value may have, and what they are called


def _typed(schemas: dict[str, Any], schema: dict[str, Any]) -> Typed | None:
    """The Python types a value of ``schema`` may have as json.loads gives it (references
    followed, any alternative of oneOf/anyOf, null only where the schema allows it), or
    ``None`` when any type will do."""
    kinds: set[str] = set()
    for option in _options(schemas, schema):
        found = _types(option)
        if not found <= bounds.JSON_TYPES.keys():  # no type (anything), or one unknown here
            return None
        kinds |= found
    if not kinds:
        return None
    allowed = frozenset(t for kind in kinds for t in bounds.JSON_TYPES[kind][0])
    return allowed, " or ".join(bounds.JSON_TYPES[kind][1] for kind in sorted(kinds))


def _any_of(alternatives: list[Shape]) -> Shape:
    def check(value: Any, at: str) -> str | None:
        found = [alternative(value, at) for alternative in alternatives]
        return None if None in found else found[0]

    return check


def _array(items: Shape | None) -> Shape:
    def check(value: Any, at: str) -> str | None:
        if not isinstance(value, list):
            return f"{at} is not an array"
        if items is not None:
            for index, item in enumerate(value):
                if found := items(item, f"{at}[{index}]"):
                    return found
        return None

    return check


def _object(required: tuple[str, ...], inner: dict[str, Shape], typed: dict[str, Typed]) -> Shape:
    """Required properties are there and of their schema's JSON type (an ``orderId`` that is
    null, a string or a float would reach a field typed ``int``); optional ones are judged only
    as containers, so an odd optional field never fails an answer."""

    def check(value: Any, at: str) -> str | None:
        if not isinstance(value, dict):
            return f"{at} is not an object"
        for name in required:
            if name not in value:
                return f"{at}.{name} is missing"
        for name, sub in inner.items():
            if name in value and (found := sub(value[name], f"{at}.{name}")):
                return found
        for name, (allowed, expected) in typed.items():
            if type(value[name]) not in allowed:
                found = _NAMES.get(type(value[name]), "unknown")
                return f"{at}.{name} is {found}, not {expected}"
        return None

    return check


def _query_schemas(components: dict[str, Any], parameters: list[Any]) -> dict[str, Any]:
    """Each query parameter's schema (references followed), by name."""
    found = {}
    for listed in parameters:
        parameter = listed
        while isinstance(parameter, dict) and "$ref" in parameter:
            parameter = components.get("parameters", {})[parameter["$ref"].rsplit("/", 1)[-1]]
        if not isinstance(parameter, dict) or parameter.get("in") != "query":
            continue
        schema = parameter.get("schema") or {}
        while "$ref" in schema:
            schema = components.get("schemas", {})[schema["$ref"].rsplit("/", 1)[-1]]
        found[str(parameter["name"])] = schema
    return found


def _max_chars(components: dict[str, Any], parameters: list[Any]) -> dict[str, int]:
    """Each query parameter's ``maxLength`` (references followed), by name."""
    return {
        name: schema["maxLength"]
        for name, schema in _query_schemas(components, parameters).items()
        if isinstance(schema.get("maxLength"), int)
    }


def _checks(components: dict[str, Any], parameters: list[Any]) -> dict[str, bounds.Check]:
    """Each query parameter's bounds, by name, where its schema declares any."""
    schemas = components.get("schemas", {})
    return {
        name: check
        for name, schema in _query_schemas(components, parameters).items()
        if (check := bounds.parameter_check(schemas, schema)) is not None
    }


def _client_id(extension: Any, where: str) -> ClientId | None:
    """An operation's ``x-bingx-client-id``; ``ValueError`` for a malformed one."""
    if extension is None:
        return None
    try:
        lookup = extension["lookup"]
        found = ClientId(
            parameter=str(extension["parameter"]),
            prefix=str(extension.get("prefix", "")),
            hex_digits=int(extension["randomHexDigits"]),
            lookup=str(lookup["operationId"]),
            lookup_parameter=str(lookup["parameter"]),
            copy=tuple(str(name) for name in lookup.get("copy", ())),
            not_found=frozenset(int(code) for code in lookup["notFound"]),
            match=_pairs(lookup.get("match")),
            match_when_present=_pairs(lookup.get("matchWhenPresent")),
            placed_at=_paths(lookup.get("placedAt")),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ValueError(f"{where}: x-bingx-client-id is malformed") from None
    if found.hex_digits < 16 or not found.not_found:
        raise ValueError(f"{where}: x-bingx-client-id needs 16 random hex digits or more and "
                         "the lookup's notFound codes")  # fmt: skip
    return found


def _pairs(found: Any) -> tuple[tuple[str, str], ...]:
    """A map of the answer's fields to the request's parameters, as pairs (``TypeError`` for
    anything else)."""
    if found is None:
        return ()
    if not isinstance(found, dict):
        raise TypeError("not a map")
    return tuple((str(path), str(name)) for path, name in found.items())


def _paths(found: Any) -> tuple[str, ...]:
    """A list of the answer's fields (``TypeError`` for anything else)."""
    if found is None:
        return ()
    if not isinstance(found, list):
        raise TypeError("not a list")
    return tuple(str(path) for path in found)


def _check_client_ids(ops: list[Operation]) -> None:
    """Each ``x-bingx-client-id`` names a lookup the spec has, on a signed operation, and the
    ids it makes pass the parameter's own bounds."""
    by_id = {op.operation_id: op for op in ops}
    for op in ops:
        made = op.client_id
        if made is None:
            continue
        if not op.signed:
            raise ValueError(f"{op.operation_id}: x-bingx-client-id needs a signed operation")
        if made.lookup not in by_id:
            raise ValueError(f"{op.operation_id}: no operation {made.lookup} to look ids up")
        check = op.checks.get(made.parameter)
        sample = made.make()
        if check is not None and (wrong := check(sample, made.parameter)):
            raise ValueError(f"{op.operation_id}: the ids x-bingx-client-id makes break {wrong}")
        if len(sample) > op.max_chars.get(made.parameter, 256):
            raise ValueError(f"{op.operation_id}: the ids x-bingx-client-id makes are too long")


def _build(doc: dict[str, Any]) -> Spec:
    default_security = doc.get("security", [])
    ip_groups = doc.get("info", {}).get("x-bingx-ip-groups", {})
    components = doc.get("components", {})
    schemas = components.get("schemas", {})
    ops = []
    for path, item in doc.get("paths", {}).items():
        if "{" in path:  # BingX passes everything as parameters: no path of its has a template
            raise ValueError(f"{path}: path templates are not supported")
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            security = op.get("security", default_security)
            limit = op.get("x-bingx-rate-limit", {})
            answer = op.get("responses", {}).get("200", {}).get("content", {})
            body = answer.get("application/json", {}).get("schema") or {}
            group = str(limit["ipGroup"]) if "ipGroup" in limit else None
            ops.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    signed=any(_SIGNATURE_SCHEME in req for req in security),
                    uid_rate=limit.get("uid"),
                    ip_group=group,
                    ip_limits=_ip_limits(ip_groups, group, path),
                    idempotent=op.get("x-bingx-idempotent", method.upper() in _IDEMPOTENT_METHODS),
                    server_time=op.get("x-bingx-server-time"),
                    shape=_shape(schemas, body),
                    empties=_empties(schemas, body),
                    max_chars=_max_chars(components, op.get("parameters", [])),
                    checks=_checks(components, op.get("parameters", [])),
                    max_product=bounds.product(op.get("x-bingx-max-product")),
                    client_id=_client_id(op.get("x-bingx-client-id"), op["operationId"]),
                )
            )
    _check_client_ids(ops)
    return Spec(
        servers=tuple(server["url"] for server in doc.get("servers", [])),
        operations=tuple(ops),
        ip_groups=ip_groups,
    )


def _ip_limits(
    groups: dict[str, Any], group: str | None, path: str
) -> tuple[tuple[int, int, str], ...]:
    found = groups.get(group or "", {})
    scopes = [("total", f"ip/{group}"), ("perEndpoint", f"ip/{group}/{path}")]
    return tuple(
        (int(found[name]["limit"]), int(found[name]["seconds"]), scope)
        for name, scope in scopes
        if name in found
    )


@cache
def load() -> Spec:
    """The bundled spec, read once per process."""
    raw = Path(bingx_spot_client.__file__).with_name("openapi.json").read_text(encoding="utf-8")
    return _build(json.loads(raw))
