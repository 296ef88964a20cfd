"""What the client layer knows of each operation, read from the spec that `make generate` ships.

Nothing here names an operation: signing, limits, retries, the clock source and response shapes
come from ``openapi.yaml`` (bundled as ``bingx_spot_client/openapi.json``), so an operation added
there needs no code in this package.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Operation", "Spec", "load"]

_SIGNATURE_SCHEME = "BingXSignature"
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
    # The JSON schema of the 200 answer, ``$ref``s unresolved.
    response_schema: dict[str, Any] | None = field(default=None, compare=False, hash=False)


class Spec:
    """The operations, servers, schemas and IP groups of the spec."""

    __slots__ = ("_exact", "ip_groups", "operations", "schemas", "servers")

    def __init__(
        self,
        servers: tuple[str, ...],
        operations: tuple[Operation, ...],
        schemas: dict[str, Any],
        ip_groups: dict[str, Any],
    ) -> None:
        self.servers = servers
        self.operations = operations
        self.schemas = schemas
        self.ip_groups = ip_groups
        self._exact = {(op.method, op.path): op for op in operations if "{" not in op.path}

    @property
    def default_base_url(self) -> str:
        return self.servers[0]

    @property
    def clock(self) -> Operation | None:
        """The operation that tells the server's time, if the spec marks one."""
        return next((op for op in self.operations if op.server_time), None)

    def find(self, method: str, path: str) -> Operation | None:
        """The operation a request is for, or ``None`` when the spec has no such path."""
        method = method.upper()
        found = self._exact.get((method, path))
        if found is not None:
            return found
        for op in self.operations:
            if "{" in op.path and op.method == method and _template(op.path).fullmatch(path):
                return op
        return None

    def shape_error(self, value: Any, schema: dict[str, Any] | None) -> str | None:
        """Where ``value`` has an object or array the schema does not allow there, or ``None``.

        Scalars are not judged: an unknown enum value, or a price sent as a number, is data.
        Containers are, since the generated parser cannot read a list where it expects an object.
        """
        return _shape_error(self.schemas, value, schema or {}, "body")


_CONTAINERS: dict[str, type] = {"object": dict, "array": list, "null": type(None)}


def _shape_error(
    schemas: dict[str, Any], value: Any, schema: dict[str, Any], at: str
) -> str | None:
    while "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
    choices = schema.get("oneOf") or schema.get("anyOf")
    if choices:
        found = [_shape_error(schemas, value, choice, at) for choice in choices]
        return None if None in found else found[0]
    kind = schema.get("type")
    if kind in _CONTAINERS and not isinstance(value, _CONTAINERS[kind]):
        return f"{at} is not {'null' if kind == 'null' else f'an {kind}'}"
    if isinstance(value, dict):
        missing = [name for name in schema.get("required", []) if name not in value]
        if missing:
            return f"{at}.{missing[0]} is missing"
        inner = [(value[name], sub, f"{at}.{name}") for name, sub in
                 schema.get("properties", {}).items() if name in value]  # fmt: skip
    elif isinstance(value, list) and "items" in schema:
        inner = [(item, schema["items"], f"{at}[{i}]") for i, item in enumerate(value)]
    else:
        return None
    return next(filter(None, (_shape_error(schemas, *args) for args in inner)), None)


def _build(doc: dict[str, Any]) -> Spec:
    default_security = doc.get("security", [])
    ops = []
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            security = op.get("security", default_security)
            limit = op.get("x-bingx-rate-limit", {})
            answer = op.get("responses", {}).get("200", {}).get("content", {})
            ops.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    signed=any(_SIGNATURE_SCHEME in req for req in security),
                    uid_rate=limit.get("uid"),
                    ip_group=str(limit["ipGroup"]) if "ipGroup" in limit else None,
                    idempotent=op.get("x-bingx-idempotent", method.upper() in _IDEMPOTENT_METHODS),
                    server_time=op.get("x-bingx-server-time"),
                    response_schema=answer.get("application/json", {}).get("schema"),
                )
            )
    return Spec(
        servers=tuple(server["url"] for server in doc.get("servers", [])),
        operations=tuple(ops),
        schemas=doc.get("components", {}).get("schemas", {}),
        ip_groups=doc.get("info", {}).get("x-bingx-ip-groups", {}),
    )


@cache
def _template(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)))


@cache
def load() -> Spec:
    """The bundled spec, read once per process."""
    import bingx_spot_client  # noqa: PLC0415 - only its location is needed

    raw = Path(bingx_spot_client.__file__).with_name("openapi.json").read_text(encoding="utf-8")
    return _build(json.loads(raw))
