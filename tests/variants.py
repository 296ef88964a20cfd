"""Captured BingX bodies and the variants derived from them, for tests/test_captures.py: each
variant is one captured body changed in one documented way (docs/bingx-facts.md, "Cancel
answers"), written back as JSON the way BingX writes it."""

import json
from pathlib import Path
from typing import Any

CAPTURES = Path(__file__).parent / "fixtures" / "captures"

# The three fields that say what was cancelled; every other order field may be missing.
REQUIRED = ("symbol", "orderId", "status")
# Decimal strings in the captures that BingX (or a client's quoted body) also sends as numbers.
AMOUNTS = ("price", "stopPrice", "origQty", "executedQty", "cummulativeQuoteQty")
# An order field on the wire -> its attribute on CancelledOrder.
ATTRIBUTES = {
    "symbol": "symbol",
    "orderId": "order_id",
    "status": "status",
    "transactTime": "transact_time",
    "price": "price",
    "stopPrice": "stop_price",
    "origQty": "orig_qty",
    "executedQty": "executed_qty",
    "cummulativeQuoteQty": "cummulative_quote_qty",
    "type": "type_",
    "side": "side",
    "clientOrderID": "client_order_id",
}


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


def body(doc: Any) -> bytes:
    """``doc`` as BingX writes JSON: compact, UTF-8."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def orders_of(doc: Any) -> list[dict[str, Any]]:
    """The orders of a cancel answer (``data.orders``)."""
    orders: list[dict[str, Any]] = doc["data"]["orders"]
    return orders


def without(name: str, index: int, field: str) -> Any:
    """The capture with ``field`` removed from its order ``index``."""
    doc = sent(name)
    del orders_of(doc)[index][field]
    return doc


def optional_fields(name: str) -> list[tuple[int, str]]:
    """(order index, field) of every field but the three required, in every order of a capture."""
    return [
        (index, field)
        for index, order in enumerate(orders_of(sent(name)))
        for field in order
        if field not in REQUIRED
    ]


def amounts_as_numbers(name: str) -> Any:
    """The capture with every amount a JSON number: ``"0.00000398"`` becomes ``0.00000398``
    (``3.98e-06`` to Python), ``"8061558"`` becomes ``8061558``."""
    doc = sent(name)
    for order in orders_of(doc):
        for field in AMOUNTS:
            if field in order:
                order[field] = json.loads(order[field])
    return doc


def transact_time_in_seconds(name: str) -> Any:
    """The capture with every ``transactTime`` in seconds, as spot conditional orders carry it."""
    doc = sent(name)
    for order in orders_of(doc):
        if "transactTime" in order:
            order["transactTime"] //= 1000
    return doc


def with_data(name: str, **fields: Any) -> Any:
    """The capture with ``data``'s ``fields`` replaced."""
    doc = sent(name)
    doc["data"].update(fields)
    return doc
