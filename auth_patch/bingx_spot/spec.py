"""What the client layer knows of each operation, read from the spec that `make generate` ships.

Nothing here names an operation: signing, limits and hosts come from ``openapi.yaml`` (bundled as
``bingx_spot_client/openapi.json``), so an operation added there needs no code in this package.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Operation", "Spec", "load"]

_SIGNATURE_SCHEME = "BingXSignature"


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    signed: bool
    # Requests per second per API key (``x-bingx-rate-limit.uid``), and the IP group.
    uid_rate: float | None = None
    ip_group: str | None = None


class Spec:
    """The operations, servers and IP groups of the spec."""

    __slots__ = ("_exact", "ip_groups", "operations", "servers")

    def __init__(
        self, servers: tuple[str, ...], operations: tuple[Operation, ...], ip_groups: dict[str, Any]
    ) -> None:
        self.servers = servers
        self.operations = operations
        self.ip_groups = ip_groups
        self._exact = {(op.method, op.path): op for op in operations if "{" not in op.path}

    @property
    def default_base_url(self) -> str:
        return self.servers[0]

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


def _build(doc: dict[str, Any]) -> Spec:
    default_security = doc.get("security", [])
    ops = []
    for path, item in doc.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            security = op.get("security", default_security)
            limit = op.get("x-bingx-rate-limit", {})
            ops.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    signed=any(_SIGNATURE_SCHEME in req for req in security),
                    uid_rate=limit.get("uid"),
                    ip_group=str(limit["ipGroup"]) if "ipGroup" in limit else None,
                )
            )
    return Spec(
        servers=tuple(server["url"] for server in doc.get("servers", [])),
        operations=tuple(ops),
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
