"""The forms BingX answers an order in, one per endpoint, field for field as its captured bodies
(docs/bingx-facts.md, "Captured bodies"; tests/fixtures/captures/).

The book keeps each order as a dict in BingX's wire form (:meth:`~bingx_spot.testing.Order.to_wire`
plus ``time`` and ``updateTime``); each function here writes it as one endpoint does: which
fields, in which order, ``StopPrice`` or ``stopPrice``, ``fee`` a number or a string, and which
fields are absent.
"""

from decimal import Decimal
from typing import Any

__all__ = [
    "cancelled",
    "detail",
    "listed",
    "placed",
    "placement",
    "single_cancel",
    "text",
]

# What the book keeps of an order beyond the cancel answer's fields: openOrders lists them only.
_BOOK_ONLY = ("time", "updateTime")
# The fields of openOrders' captured bodies, in their order (docs/bingx-facts.md, "Open orders").
_LISTED = (
    "symbol", "orderId", "price", "StopPrice", "origQty", "executedQty", "cummulativeQuoteQty",
    "status", "type", "side", "time", "updateTime", "origQuoteOrderQty", "fee",
)  # fmt: skip
# Fields other endpoints send that openOrders' bodies never carry.
_NOT_LISTED = frozenset({"stopPrice", "transactTime", "avgPrice", "feeAsset", "clientOrderID"})
# The place answer's captured fields, in order (surface/order_v3_doc_example.json): no
# stopPrice, no clientOrderID.
_PLACED = (
    "symbol", "orderId", "transactTime", "price", "origQty", "executedQty", "cummulativeQuoteQty",
    "status", "type", "side",
)  # fmt: skip
# The single cancel's captured fields (surface/cancel_v3_doc_example.json): no transactTime, no
# clientOrderID.
_SINGLE_CANCEL = (
    "symbol", "orderId", "price", "stopPrice", "origQty", "executedQty", "cummulativeQuoteQty",
    "status", "type", "side",
)  # fmt: skip


def text(amount: Decimal) -> str:
    """``amount`` as BingX writes one: a plain decimal string, no exponent, no trailing zeros."""
    out = format(amount.normalize(), "f")
    return "0" if out in ("-0", "0") else out


def placed(order: dict[str, Any], now: int) -> dict[str, Any]:
    """``order`` as the book keeps it: placed at its own ``time``, else ``now``."""
    at = order.get("time", now)
    return {**order, "time": at, "updateTime": order.get("updateTime", at)}


def cancelled(order: dict[str, Any], now: int) -> dict[str, Any]:
    """An order as cancelOpenOrders (and cancelOrders) answers it: ``transactTime`` (ms) after
    ``orderId``, as BingX orders them, and ``clientOrderID`` only for an order placed with one."""
    out = {"symbol": order["symbol"], "orderId": order["orderId"], "transactTime": now}
    out.update((k, v) for k, v in order.items() if k not in out and k not in _BOOK_ONLY)
    if not out.get("clientOrderID"):
        out.pop("clientOrderID", None)
    out["status"] = "CANCELED"
    return out


def listed(order: dict[str, Any]) -> dict[str, Any]:
    """An open order as openOrders answers it, field for field as its captured bodies:
    ``StopPrice`` with a capital S, ``fee`` the number 0, ``time`` and ``updateTime`` when it
    was placed; ``clientOrderID`` only for an order placed with one. Other fields a test gave
    the order follow."""
    known = {"StopPrice": order.get("stopPrice", "0"), "origQuoteOrderQty": "0", "fee": 0}
    out = {k: order.get(k, known.get(k)) for k in _LISTED}
    if order.get("clientOrderID"):
        out["clientOrderID"] = order["clientOrderID"]
    out.update((k, v) for k, v in order.items() if k not in out and k not in _NOT_LISTED)
    return out


def placement(order: dict[str, Any], *, client_id: bool = False) -> dict[str, Any]:
    """An order as placeOrder answers it (``transactTime`` its placing), or batchOrders with
    ``client_id``: ``clientOrderID`` after ``side``, when the order was placed with one."""
    out = {k: order["time"] if k == "transactTime" else order[k] for k in _PLACED}
    if client_id and order.get("clientOrderID"):
        out["clientOrderID"] = order["clientOrderID"]
    return out


def single_cancel(order: dict[str, Any]) -> dict[str, Any]:
    """An order as cancelOrder answers it: the order itself, ``CANCELED``, no ``transactTime``
    and no ``clientOrderID``."""
    out = {k: order.get(k, "0") for k in _SINGLE_CANCEL}
    out["status"] = "CANCELED"
    return out


def detail(
    order: dict[str, Any], *, fee: Decimal, fee_asset: str, quote_qty: str, fee_as_text: bool
) -> dict[str, Any]:
    """An order as queryOrder (``fee_as_text``: ``fee`` the string ``"0"``, as captured) or
    historyOrders (``fee`` a JSON number: the int ``0`` as captured, else an exact ``Decimal``,
    which the exchange writes in plain decimal digits) answers it: openOrders' fields,
    ``feeAsset`` (query only) and ``avgPrice``; ``clientOrderID`` only for an order placed with
    one. ``fee`` is negative, as BingX writes what it takes (``commission`` in myTrades)."""
    out = listed(order)
    out.pop("clientOrderID", None)
    out["origQuoteOrderQty"] = quote_qty
    out["fee"] = text(-fee) if fee_as_text else (-fee.normalize() if fee else 0)
    if fee_as_text:
        out["feeAsset"] = fee_asset
    executed = Decimal(order["executedQty"])
    quote = Decimal(order["cummulativeQuoteQty"])
    out["avgPrice"] = text(quote / executed) if executed else "0"
    if order.get("clientOrderID"):
        out["clientOrderID"] = order["clientOrderID"]
    return out
