"""Open orders for the local exchange's book, typed, with a default for every field.

::

    exchange.add_orders([Order(symbol="ETH-USDT", side="SELL", price="2500.5")])

:meth:`Order.to_wire` is the order as BingX lists it (docs/bingx-facts.md, "Cancel answers"):
camelCase names, ``clientOrderID`` with a capital D, prices and quantities as decimal strings,
``orderId`` a bare int64. The exchange stamps ``time`` and ``updateTime`` when the order is
added, and answers it in each endpoint's own form: cancelOpenOrders adds ``transactTime`` and
leaves out an empty ``clientOrderID``; openOrders spells ``StopPrice`` and adds ``fee``.
"""

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["Amount", "Order", "next_order_id", "wire"]

Amount = str | Decimal | int
"""A price or quantity: exact, never a float; sent as a decimal string."""

# BingX's ids are int64 above 2**53, where a float no longer holds every integer: an odd start
# and step 1 make most of them ids a float would round. Above the demo book's, so never equal.
_ids = itertools.count(1_800_000_000_000_000_001)
_INT64_MAX = 2**63 - 1
_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?")


def _next_id() -> int:
    return next(_ids)  # atomic under the GIL: ids stay unique across threads


def next_order_id() -> int:
    """A fresh order id, above 2**53 and unique in the process."""
    return _next_id()


@dataclass(frozen=True, slots=True, kw_only=True)
class Order:
    """An open order; attribute names are those of the generated ``CancelledOrder``.

    ``order_id`` defaults to a fresh id, unique in the process. Raises ``ValueError`` for an
    amount that is not a plain decimal of at least 0 (a float, ``"1e3"``, ``"NaN"``) and for an
    id outside 1..2**63-1.
    """

    symbol: str = "BTC-USDT"
    side: str = "BUY"
    price: Amount = "42000"
    orig_qty: Amount = "0.001"
    type_: str = "LIMIT"
    status: str = "NEW"
    stop_price: Amount = "0"
    executed_qty: Amount = "0"
    cummulative_quote_qty: Amount = "0"
    client_order_id: str = ""
    order_id: int = field(default_factory=_next_id)

    def __post_init__(self) -> None:
        for name in ("price", "orig_qty", "stop_price", "executed_qty", "cummulative_quote_qty"):
            _decimal(name, getattr(self, name))
        if type(self.order_id) is not int or not 0 < self.order_id <= _INT64_MAX:
            raise ValueError(f"order_id must be an int64 above 0, got {self.order_id!r}")

    def to_wire(self) -> dict[str, Any]:
        """The order in BingX's field names and order, as the exchange keeps and answers it."""
        return {
            "symbol": self.symbol,
            "orderId": self.order_id,
            "price": _decimal("price", self.price),
            "stopPrice": _decimal("stop_price", self.stop_price),
            "origQty": _decimal("orig_qty", self.orig_qty),
            "executedQty": _decimal("executed_qty", self.executed_qty),
            "cummulativeQuoteQty": _decimal("cummulative_quote_qty", self.cummulative_quote_qty),
            "status": self.status,
            "type": self.type_,
            "side": self.side,
            "clientOrderID": self.client_order_id,
        }


def wire(order: Order | Mapping[str, Any]) -> dict[str, Any]:
    """An :class:`Order` in wire form, or a copy of a dict already in it with every field BingX
    always sends that it lacks filled in from :class:`Order`'s defaults (an ``orderId`` too)."""
    if isinstance(order, Order):
        return order.to_wire()
    # A partial order would make the exchange answer without fields every real answer has, which
    # the client rightly refuses: a cancel that happened would read as a broken answer.
    return {**Order().to_wire(), **order}


def _decimal(name: str, value: object) -> str:
    """``value`` as BingX writes it: a plain decimal string (a string is kept as given, trailing
    zeros included, as BingX sends ``"0.0030"``)."""
    if isinstance(value, str):
        if _PLAIN.fullmatch(value):
            return value
    elif isinstance(value, Decimal) and value.is_finite() and value >= 0:
        return format(value.copy_abs(), "f")  # "-0" is still 0
    elif type(value) is int and value >= 0:
        return str(value)
    raise ValueError(
        f"{name} must be a plain decimal (str, Decimal or int, not below 0), got {value!r}"
    )
