"""Captured BingX bodies and the variants derived from them, for tests/test_captures.py: each
variant is one captured body changed in one documented way (docs/bingx-facts.md, "Cancel
answers"), written back as JSON the way BingX writes it."""

import json
import re
from pathlib import Path
from typing import Any

CAPTURES = Path(__file__).parent / "fixtures" / "captures"

# What says which order an answer is about; every other order field may be missing.
REQUIRED = ("symbol", "orderId", "status")
# Where each captured success holds its objects, and what each object must hold: a list in
# `data` by its key, or `data` itself (None). The required fields are the docs' reading
# (docs/bingx-facts.md): an object's identity and status; a balance's asset and amounts; both
# fee rates.
OBJECTS: dict[str, tuple[tuple[str | None, tuple[str, ...]], ...]] = {
    "cancelOpenOrders_v3_doc_example.json": (("orders", REQUIRED),),
    "cancelOrders_jkorf_issue23_live.json": (("orders", REQUIRED), ("fails", ("orderId",))),
    "openOrders_v3_doc_example.json": (("orders", REQUIRED),),
    "cancelAllAfter_v3_doc_example.json": ((None, ("triggerTime", "status")),),
    "surface/order_v3_doc_example.json": ((None, REQUIRED),),
    "surface/batchOrders_v3_doc_example.json": (("orders", REQUIRED),),
    "surface/cancel_v3_doc_example.json": ((None, REQUIRED),),
    "surface/cancelOrders_v3_doc_example.json": (("orders", REQUIRED), ("fails", ("orderId",))),
    "surface/query_v3_doc_example.json": ((None, REQUIRED),),
    "surface/historyOrders_v3_doc_example.json": (("orders", REQUIRED),),
    "surface/myTrades_v3_doc_example.json": (("fills", ("symbol", "id", "orderId")),),
    "surface/balance_v3_doc_example.json": (("balances", ("asset", "free", "locked")),),
    "surface/commonSymbols_v3_doc_example.json": (("symbols", ("symbol",)),),
    "surface/commissionRate_v3_doc_example.json": (
        (None, ("takerCommissionRate", "makerCommissionRate")),
    ),
}
# Decimal strings in the captures that BingX (or a client's quoted body) also sends as numbers.
AMOUNTS = (
    "price", "stopPrice", "StopPrice", "origQty", "executedQty", "cummulativeQuoteQty",
    "origQuoteOrderQty", "avgPrice", "fee", "qty", "quoteQty", "free", "locked",
)  # fmt: skip


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
    """The orders of an answer that lists them (``data.orders``)."""
    orders: list[dict[str, Any]] = doc["data"]["orders"]
    return orders


def attribute(field: str) -> str:
    """The generated model's attribute for a wire field: ``clientOrderID`` is
    ``client_order_id``, ``StopPrice`` ``stop_price``, ``type`` ``type_``."""
    return "type_" if field == "type" else re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", field).lower()


def objects(name: str, doc: Any) -> list[tuple[str, dict[str, Any], tuple[str, ...]]]:
    """(where, object, its required fields) of each object of ``doc`` (the capture ``name``, or a
    variant of it): ``where`` is ``"orders[1]"`` for a listed one, ``""`` for ``data`` itself."""
    found = []
    for key, required in OBJECTS[name]:
        if key is None:
            found.append(("", doc["data"], required))
        else:
            found += [(f"{key}[{i}]", o, required) for i, o in enumerate(doc["data"][key])]
    return found


def at(name: str, doc: Any, where: str) -> dict[str, Any]:
    """The object of ``doc`` at ``where`` (see :func:`objects`)."""
    return next(obj for place, obj, _ in objects(name, doc) if place == where)


def optional_fields(name: str) -> list[tuple[str, str]]:
    """(where, field) of every field but the required ones, in every object of a capture."""
    return [
        (where, field)
        for where, obj, required in objects(name, sent(name))
        for field in obj
        if field not in required
    ]


def required_fields(name: str) -> list[tuple[str, str]]:
    """(where, field) of every required field, in every object of a capture."""
    return [
        (where, field) for where, _, required in objects(name, sent(name)) for field in required
    ]


def without(name: str, where: str, field: str) -> Any:
    """The capture with ``field`` removed from its object at ``where``."""
    doc = sent(name)
    del at(name, doc, where)[field]
    return doc


def amounts_as_numbers(name: str) -> Any:
    """The capture with every amount a JSON number: ``"0.00000398"`` becomes ``0.00000398``
    (``3.98e-06`` to Python), ``"8061558"`` becomes ``8061558``."""
    doc = sent(name)
    for _, obj, _ in objects(name, doc):
        for field in AMOUNTS:
            if isinstance(obj.get(field), str):
                obj[field] = json.loads(obj[field])
    return doc


def has_amounts(name: str) -> bool:
    """The capture holds an amount as a string (so :func:`amounts_as_numbers` changes it)."""
    return bool(amounts_as_numbers(name) != sent(name))


def transact_time_in_seconds(name: str) -> Any:
    """The capture with every ``transactTime`` in seconds, as spot conditional orders carry it."""
    doc = sent(name)
    for _, obj, _ in objects(name, doc):
        if "transactTime" in obj:
            obj["transactTime"] //= 1000
    return doc


def with_data(name: str, **fields: Any) -> Any:
    """The capture with ``data``'s ``fields`` replaced."""
    doc = sent(name)
    doc["data"].update(fields)
    return doc
