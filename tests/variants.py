"""Captured BingX bodies, for tests/test_captures.py: as bytes, as Python's json reads them, and
compared exactly."""

import json
from pathlib import Path
from typing import Any

CAPTURES = Path(__file__).parent / "fixtures" / "captures"


def capture(name: str) -> bytes:
    """A captured body, byte for byte (``name`` relative to tests/fixtures/captures/)."""
    return (CAPTURES / name).read_bytes()


def sent(name: str) -> Any:
    """A captured body as Python's json reads it (big ints exact)."""
    return json.loads(capture(name))


def exactly(value: Any) -> str:
    """``value`` as JSON with sorted keys: two of these are equal only when every key, value and
    JSON type is (``1``, ``1.0`` and ``"1"`` differ; ints of any size are exact)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def orders_of(doc: Any) -> list[dict[str, Any]]:
    """The orders of a cancel answer (``data.orders``)."""
    orders: list[dict[str, Any]] = doc["data"]["orders"]
    return orders
