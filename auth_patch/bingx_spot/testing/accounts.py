"""What the local exchange holds for one account: its spot balances, its open orders (the book),
its past orders, its fills and its fee rates.

Amounts are ``Decimal`` here and decimal strings on the wire. An order placed through the API
locks what it may spend (a BUY the quote asset, price x quantity; a SELL the base asset, the
quantity); a cancel gives it back, and a fill pays from it and credits the other asset, less the
fee. An order added by the test (``LocalExchange.add_orders``, the demo book) locks nothing and
is never matched: it rests until cancelled.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from .forms import text

__all__ = ["Account", "Balance"]

BUY = "BUY"
ZERO = Decimal(0)


class Balance(NamedTuple):
    """An asset of an account: ``free`` to trade, ``locked`` in open orders (a tuple: it
    compares equal to ``(free, locked)``)."""

    free: Decimal
    locked: Decimal


@dataclass(slots=True)
class Note:
    """What the exchange knows of an order it placed beyond its wire form."""

    lock_asset: str = ""
    locked: Decimal = ZERO
    quote_qty: str = "0"  # origQuoteOrderQty: the quoteOrderQty it was placed with
    fee: Decimal = ZERO
    fee_asset: str = ""
    matched: bool = False  # placed through the API: a price that reaches it fills it


class Account:
    """One account's balances, book, history (closed orders, oldest first), fills and fee
    rates. The exchange's lock guards it."""

    def __init__(self, *, taker: Decimal, maker: Decimal) -> None:
        self.taker = taker
        self.maker = maker
        self._free: dict[str, Decimal] = {}
        self._locked: dict[str, Decimal] = {}
        self.book: list[dict[str, Any]] = []
        self.history: list[dict[str, Any]] = []
        self.fills: list[dict[str, Any]] = []
        self.notes: dict[int, Note] = {}

    # -- balances --------------------------------------------------------------------------

    def fund(self, asset: str, amount: Decimal) -> None:
        """Adds ``amount`` (may be negative) to ``asset``'s free balance."""
        self._free[asset] = self._free.get(asset, ZERO) + amount
        self._locked.setdefault(asset, ZERO)

    def balance(self, asset: str) -> Balance:
        return Balance(self._free.get(asset, ZERO), self._locked.get(asset, ZERO))

    def balances(self) -> list[dict[str, str]]:
        """As the balance endpoint lists them: every asset the account ever held, in the order
        it first did, amounts as strings."""
        return [
            {"asset": asset, "free": text(free), "locked": text(self._locked[asset])}
            for asset, free in self._free.items()
        ]

    def can_pay(self, asset: str, amount: Decimal) -> bool:
        return self._free.get(asset, ZERO) >= amount

    def lock(self, order_id: int, asset: str, amount: Decimal) -> None:
        self.fund(asset, -amount)
        self._locked[asset] += amount
        note = self.notes.setdefault(order_id, Note())
        note.lock_asset, note.locked = asset, amount

    # -- orders ----------------------------------------------------------------------------

    def open_order(self, order: dict[str, Any], note: Note) -> None:
        self.book.append(order)
        self.notes[order["orderId"]] = note

    def close(self, order: dict[str, Any], status: str, now: int) -> dict[str, Any]:
        """Takes ``order`` off the book with ``status``, gives back what it locked, and keeps it
        in the history."""
        self.book.remove(order)
        note = self.notes.get(order["orderId"])
        if note is not None and note.locked:
            self._locked[note.lock_asset] -= note.locked
            self.fund(note.lock_asset, note.locked)
            note.locked = ZERO
        closed = {**order, "status": status, "updateTime": now}
        self.history.append(closed)
        return closed

    def settle(
        self,
        order: dict[str, Any],
        *,
        base: str,
        quote: str,
        price: Decimal,
        qty: Decimal,
        maker: bool,
        trade_id: int,
        now: int,
    ) -> None:
        """Fills ``order`` (all of it: ``qty`` at ``price``), exchanging the assets with the fee
        rate (``maker`` or taker). A BUY's fee is taken from the base asset it gets, a SELL's
        from the quote asset, as BingX's fills show (``commissionAsset``, ``commission``
        negative). Pays from what the order locked, else from the free balance."""
        note = self.notes.setdefault(order["orderId"], Note())
        amount = price * qty
        buying = order["side"] == BUY
        pay_asset, paid = (quote, amount) if buying else (base, qty)
        get_asset, got = (base, qty) if buying else (quote, amount)
        rate = self.maker if maker else self.taker
        fee = got * rate
        if note.locked:
            self._locked[note.lock_asset] -= note.locked
            self.fund(note.lock_asset, note.locked - paid)  # a BUY filled below its limit
            note.locked = ZERO
        else:
            self.fund(pay_asset, -paid)
        self.fund(get_asset, got - fee)
        note.fee, note.fee_asset = fee, get_asset
        order.update(
            executedQty=text(qty), cummulativeQuoteQty=text(amount), status="FILLED", updateTime=now
        )
        self.fills.append(
            {
                "symbol": order["symbol"],
                "id": trade_id,
                "orderId": order["orderId"],
                "price": text(price),
                "qty": text(qty),
                "quoteQty": text(amount),
                "commission": -float(fee) if fee else 0.0,  # a bare JSON float, as captured
                "commissionAsset": get_asset,
                "time": now,
                "isBuyer": buying,
                "isMaker": maker,
            }
        )
