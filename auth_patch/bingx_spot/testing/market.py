"""The local exchange's market: the pairs it lists (with their filters), the price a test sets for
each, every account (:mod:`~bingx_spot.testing.accounts`), and the operations that trade on them.

Each operation is a handler ``(api_key, params, now) -> data``, called by the exchange once a
request passed its checks (key, signature, timestamp, limits); a refusal raises :class:`Refusal`
with BingX's code. What is BingX's and what is this exchange's own choice is in
docs/bingx-facts.md, "The local exchange's codes".

- A LIMIT order rests in the book, locking what it may spend, unless the pair's price (set by
  the test) already reaches it: then it fills at once, at that price, as a taker. A price set
  later that reaches a resting order fills it, at its own price, as a maker.
- A MARKET order fills at once at the pair's price (a MARKET BUY by ``quantity``, else by
  ``quoteOrderQty``, a SELL by ``quantity``); with no price set it is refused.
- Prices and quantities are truncated to the pair's ``tickSize`` / ``stepSize`` as BingX does
  (0.123456 with stepSize 0.0001 is placed as 0.1234); the order's value (price x quantity)
  must lie within ``minNotional`` and ``maxNotional``. An amount is plain decimal text of at
  most 100 characters (:data:`MAX_AMOUNT_TEXT`); a longer one is refused.

The arithmetic is exact: it runs in :data:`EXACT` (the package's exact context, 1000 digits, from
:mod:`bingx_spot.amounts`; the exchange holds it with its lock, whatever the caller's decimal
context), where any rounding raises; amounts of at most 100 characters on filters such as BingX
lists never need it.
"""

import copy
import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from decimal import ROUND_DOWN, Decimal, Inexact, InvalidOperation, localcontext
from typing import Any

from ..amounts import EXACT
from .accounts import Account, Note
from .forms import cancelled, detail, listed, placed, placement, single_cancel, text
from .orders import Amount, Order, next_order_id, wire

__all__ = ["EXACT", "MAX_AMOUNT_TEXT", "Market", "Pair", "Refusal"]

CLIENT_ID_MS = 2 * 3_600_000  # lookups and cancels by client id: 2 hours after placing
MAX_OPEN_LIMIT = 1000  # "LIMIT pending orders reached max (1000)"
MAX_BATCH = 5
MAX_PAGE_SIZE = 100
MAX_PAGED = 10_000  # pageIndex x pageSize
MAX_FILLS = 1000
MAX_AMOUNT_TEXT = 100  # characters of a price or quantity; BingX's own bound is not known
# The fee rates of BingX's documented commissionRate example (surface/commissionRate_v3_...).
TAKER_RATE = Decimal("0.000325")
MAKER_RATE = Decimal("0.0001")

_CLIENT_ID = re.compile(r"[A-Za-z0-9_]{1,40}")
_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?")
_TRADED = ("LIMIT", "MARKET")
_NOT_TRADED = ("TAKE_STOP_LIMIT", "TAKE_STOP_MARKET", "TRIGGER_LIMIT", "TRIGGER_MARKET")

# BingX's texts where they are known (docs/bingx-facts.md, "Errors").
RESTRICTED = 100421, "This pair is currently restricted from API trading"
OFFLINE = 100490, "spot symbol offline"
INSUFFICIENT = 100202, "Insufficient assets"
NOT_LISTED = 100204, "symbol not exist"
TOO_MANY = 100421, "LIMIT pending orders reached max (1000)"
NOT_FOUND = 100404, "order not exist"
CANCEL_NOT_FOUND = 100421, " cancel fail,  order not exist"


class Refusal(Exception):
    """A request the exchange refuses: BingX's ``code`` and ``msg``."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(code, msg)
        self.code = code
        self.msg = msg


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    """A pair as commonSymbols lists it; amounts ``Decimal``, listed as JSON numbers.

    ``status`` 1 is online (BingX: 0 offline, 5 pre-open, 25 suspended, ...): an order on a pair
    not online is refused with 100490. ``api_state_buy`` / ``api_state_sell`` false: BUYs /
    SELLs are refused with 100421 ("restricted from API trading"). ``min_qty`` and ``max_qty``
    are listed (BingX deprecated them) and not enforced.
    """

    symbol: str
    tick_size: Decimal = Decimal("0.0001")
    step_size: Decimal = Decimal("0.0001")
    min_qty: Decimal = Decimal("0.0001")
    max_qty: Decimal = Decimal(1000000)
    min_notional: Decimal = Decimal(5)
    max_notional: Decimal = Decimal(500000)
    status: int = 1
    api_state_buy: bool = True
    api_state_sell: bool = True

    @property
    def base(self) -> str:
        return self.symbol.rpartition("-")[0]

    @property
    def quote(self) -> str:
        return self.symbol.rpartition("-")[2]

    def to_wire(self) -> dict[str, Any]:
        """The pair as commonSymbols answers it: the filters are JSON numbers."""
        return {
            "symbol": self.symbol,
            "minQty": _number(self.min_qty),
            "maxQty": _number(self.max_qty),
            "minNotional": _number(self.min_notional),
            "maxNotional": _number(self.max_notional),
            "status": self.status,
            "tickSize": _number(self.tick_size),
            "stepSize": _number(self.step_size),
            "apiStateBuy": self.api_state_buy,
            "apiStateSell": self.api_state_sell,
        }


PAIR_FIELDS = frozenset(f.name for f in fields(Pair)) - {"symbol"}


class Market:
    """The pairs, their prices and the accounts; the exchange's lock guards it."""

    def __init__(self, symbols: Iterable[str], *, taker: Decimal, maker: Decimal) -> None:
        self.pairs: dict[str, Pair] = {symbol: Pair(symbol=symbol) for symbol in symbols}
        self.prices: dict[str, Decimal] = {}
        self.taker = taker
        self.maker = maker
        self._accounts: dict[str, Account] = {}
        self._trade_ids = itertools.count(1)

    # -- what a test sets ------------------------------------------------------------------

    def account(self, api_key: str) -> Account:
        found = self._accounts.get(api_key)
        if found is None:
            found = self._accounts[api_key] = Account(taker=self.taker, maker=self.maker)
        return found

    def list_pair(self, symbol: str, **filters: Amount | bool) -> None:
        """Lists ``symbol`` (kept where it was), with ``filters`` changed."""
        unknown = set(filters) - PAIR_FIELDS
        if unknown:
            raise TypeError(f"not a filter of a pair: {', '.join(sorted(unknown))}")
        changes: dict[str, Any] = {
            name: value if isinstance(value, bool) or name == "status" else _decimal(name, value)
            for name, value in filters.items()
        }
        self.pairs[symbol] = replace(self.pairs.get(symbol) or Pair(symbol=symbol), **changes)

    def add_orders(
        self, orders: Iterable[Order | Mapping[str, Any]], api_key: str, now: int
    ) -> None:
        added = [placed(wire(order), now) for order in orders]
        self.account(api_key).book.extend(added)
        for order in added:
            self.pairs.setdefault(str(order["symbol"]), Pair(symbol=str(order["symbol"])))

    def set_price(self, symbol: str, price: Decimal, now: int) -> None:
        """The pair's price from now on; every resting order placed through the API that it
        reaches (a BUY at or above it, a SELL at or below) fills at its own price, as maker."""
        self.prices[symbol] = price
        pair = self.pairs.get(symbol) or Pair(symbol=symbol)
        for account in self._accounts.values():
            for order in list(account.book):
                note = account.notes.get(order["orderId"])
                if order["symbol"] != symbol or note is None or not note.matched:
                    continue
                limit = Decimal(order["price"])
                if limit >= price if order["side"] == "BUY" else limit <= price:
                    account.book.remove(order)
                    self._settle(account, pair, order, limit, maker=True, now=now)

    # -- the book --------------------------------------------------------------------------

    def cancel_open_orders(self, api_key: str, params: dict[str, str], now: int) -> Any:
        symbol = _symbol(params, required=False)
        account = self.account(api_key)
        mine = [o for o in account.book if symbol is None or o["symbol"] == symbol]
        return {"orders": [cancelled(account.close(o, "CANCELED", now), now) for o in mine]}

    def cancel_all(self, api_key: str, now: int) -> list[dict[str, Any]]:
        """Cancels every open order of the account (a dead man's switch that ran out)."""
        account = self.account(api_key)
        return [cancelled(account.close(o, "CANCELED", now), now) for o in list(account.book)]

    def open_orders(self, api_key: str, params: dict[str, str], now: int) -> Any:
        symbol = _symbol(params, required=False)
        book = self.account(api_key).book
        return {"orders": [listed(o) for o in book if symbol is None or o["symbol"] == symbol]}

    def common_symbols(self, api_key: str, params: dict[str, str], now: int) -> Any:
        symbol = params.get("symbol")
        return {"symbols": [p.to_wire() for p in self.pairs.values() if symbol in (None, p.symbol)]}

    # -- placing ---------------------------------------------------------------------------

    def place_order(self, api_key: str, params: dict[str, str], now: int) -> Any:
        return placement(self._place(self.account(api_key), params, now))

    def batch_orders(self, api_key: str, params: dict[str, str], now: int) -> Any:
        """Places each order of ``data`` in turn; one refused, none is placed and the answer is
        that refusal (BingX does not document a partial batch)."""
        try:
            orders = json.loads(params.get("data") or "", parse_float=Decimal)
        except ValueError:
            raise Refusal(100400, "data must be a JSON array of orders") from None
        if not isinstance(orders, list) or not all(isinstance(o, dict) for o in orders):
            raise Refusal(100400, "data must be a JSON array of orders")
        if not 1 <= len(orders) <= MAX_BATCH:
            raise Refusal(100400, f"data must hold 1 to {MAX_BATCH} orders")
        if params.get("sync") != "true":
            kinds = {(o.get("symbol"), o.get("side"), o.get("type")) for o in orders}
            if len(kinds) > 1:
                raise Refusal(100400, "orders placed in parallel must share symbol, side and type")
        before = copy.deepcopy(self._accounts.get(api_key))
        account = self.account(api_key)
        try:
            done = [self._place(account, _strings(o), now) for o in orders]
        except Refusal:
            if before is None:
                del self._accounts[api_key]
            else:
                self._accounts[api_key] = before
            raise
        return {"orders": [placement(order, client_id=True) for order in done]}

    def _place(self, account: Account, request: Mapping[str, str], now: int) -> dict[str, Any]:
        pair = self._pair(request.get("symbol"))
        side, kind = str(request.get("side")), str(request.get("type"))
        client_id = request.get("newClientOrderId") or ""
        _admit(account, pair, side, kind, client_id)
        price, qty, fill_at = self._size(request, pair, side, kind)
        asset, cost = (pair.quote, price * qty) if side == "BUY" else (pair.base, qty)
        if not account.can_pay(asset, cost):
            raise Refusal(*INSUFFICIENT)
        order = placed(
            {
                "symbol": pair.symbol,
                "orderId": next_order_id(),
                "price": text(price),
                "stopPrice": "0",
                "origQty": text(qty),
                "executedQty": "0",
                "cummulativeQuoteQty": "0",
                "status": "PENDING",
                "type": kind,
                "side": side,
                "clientOrderID": client_id,
            },
            now,
        )
        by_quote = request.get("quantity") in (None, "") and request.get("quoteOrderQty")
        note = Note(quote_qty=str(request.get("quoteOrderQty")) if by_quote else "0")
        if fill_at is None:
            note.matched = True
            account.open_order(order, note)
            account.lock(order["orderId"], asset, cost)
        else:
            account.notes[order["orderId"]] = note
            self._settle(account, pair, order, fill_at, maker=False, now=now)
        return order

    def _size(
        self, request: Mapping[str, str], pair: Pair, side: str, kind: str
    ) -> tuple[Decimal, Decimal, Decimal | None]:
        """The order's price and quantity, truncated to the pair's filters, and the price it
        fills at now (``None``: it rests)."""
        quantity = _amount(request, "quantity")
        quote_qty = _amount(request, "quoteOrderQty")
        market = self.prices.get(pair.symbol)
        if kind == "LIMIT":
            limit = _amount(request, "price")
            if limit is None:
                raise Refusal(100400, "miss arguments: price")
            price = _truncate(limit, pair.tick_size)
            if not price:
                raise Refusal(100400, f"price is 0 once truncated to tickSize {pair.tick_size}")
            reached = market is not None and (market <= price if side == "BUY" else market >= price)
            fill_at = market if reached else None
        else:
            if market is None:
                raise Refusal(
                    100400, f"no price for {pair.symbol}: LocalExchange.set_price sets one"
                )
            if side == "SELL" and quantity is None:
                raise Refusal(100400, "miss arguments: quantity")
            price = fill_at = market
        if quantity is None:
            if quote_qty is None:
                raise Refusal(100400, "miss arguments: quantity or quoteOrderQty")
            qty = _steps_bought(quote_qty, price, pair.step_size)
        else:
            qty = _truncate(quantity, pair.step_size)
        if not qty:
            raise Refusal(100400, f"quantity is 0 once truncated to stepSize {pair.step_size}")
        value = price * qty
        if value < pair.min_notional:
            raise Refusal(
                100400, f"order value {text(value)} is below minNotional {pair.min_notional}"
            )
        if value > pair.max_notional:
            raise Refusal(
                100400, f"order value {text(value)} is above maxNotional {pair.max_notional}"
            )
        return price, qty, fill_at

    def _settle(
        self, account: Account, pair: Pair, order: dict[str, Any], price: Decimal, *,
        maker: bool, now: int,
    ) -> None:  # fmt: skip
        account.settle(order, base=pair.base, quote=pair.quote, price=price,
                       qty=Decimal(order["origQty"]), maker=maker,
                       trade_id=next(self._trade_ids), now=now)  # fmt: skip
        account.history.append(order)

    def _pair(self, symbol: str | None) -> Pair:
        if not symbol:
            raise Refusal(100400, "miss arguments: symbol")
        if not _valid_symbol(symbol):
            raise Refusal(100400, "invalid symbol, send symbol like BTC-USDT")
        pair = self.pairs.get(symbol)
        if pair is None:
            raise Refusal(*NOT_LISTED)
        return pair

    # -- cancelling ------------------------------------------------------------------------

    def cancel_order(self, api_key: str, params: dict[str, str], now: int) -> Any:
        symbol = _symbol(params)
        order_id, client_id = _which(params)
        account = self.account(api_key)
        order = _find(account.book, symbol, order_id, client_id, now)
        if order is None:
            closed = _find(account.history, symbol, order_id, client_id, now)
            if closed is None:
                raise Refusal(*CANCEL_NOT_FOUND)
            raise Refusal(100421, _cannot_delete(closed))
        wanted = params.get("cancelRestrictions")
        if wanted and order["status"] != wanted:
            raise Refusal(100400, f"order status is {order['status']}, not {wanted}")
        return single_cancel(account.close(order, "CANCELED", now))

    def cancel_orders(self, api_key: str, params: dict[str, str], now: int) -> Any:
        """Cancels the listed orders; an id not open goes to ``fails`` (its ``orderId`` a string,
        the client id as given for ``clientOrderIDs``). Without ``process=1`` one such id
        cancels none: every id goes to ``fails``."""
        symbol = _symbol(params)
        account = self.account(api_key)
        if params.get("orderIds"):
            keys: list[tuple[int | None, str]] = [
                (_order_id(i), "") for i in params["orderIds"].split(",")
            ]
        elif params.get("clientOrderIDs"):
            keys = [(None, c) for c in params["clientOrderIDs"].split(",")]
        else:
            raise Refusal(100400, "miss arguments: orderIds or clientOrderIDs")
        found: list[dict[str, Any]] = []
        fails: list[dict[str, str]] = []
        for order_id, client_id in keys:
            name = str(order_id) if order_id is not None else client_id
            order = _find(account.book, symbol, order_id, client_id, now)
            if order is not None:
                found.append(order)
                continue
            closed = _find(account.history, symbol, order_id, client_id, now)
            why = _cannot_delete(closed) if closed else f"the  orderId:{name} order not exist"
            fails.append({"orderId": name, "error": why})
        if fails and params.get("process") != "1":
            fails += [
                {"orderId": str(o["orderId"]), "error": "not cancelled: another order of the "
                 "request cannot be, and process is not 1"}
                for o in found
            ]  # fmt: skip
            found = []
        orders = [cancelled(account.close(o, "CANCELED", now), now) for o in found]
        return {"fails": fails, "orders": orders}

    # -- reading ---------------------------------------------------------------------------

    def query_order(self, api_key: str, params: dict[str, str], now: int) -> Any:
        symbol = _symbol(params)
        order_id, client_id = _which(params)
        account = self.account(api_key)
        order = _find(account.book, symbol, order_id, client_id, now) or _find(
            account.history, symbol, order_id, client_id, now
        )
        if order is None:
            raise Refusal(*NOT_FOUND)
        return _detail(account, order, fee_as_text=True)

    def history_orders(self, api_key: str, params: dict[str, str], now: int) -> Any:
        """Closed orders, newest placed first, filtered by ``symbol``, ``status`` and
        ``startTime``..``endTime`` (inclusive, on the time each was placed), one page."""
        index = _integer(params, "pageIndex", 1)
        size = _integer(params, "pageSize", MAX_PAGE_SIZE)
        if not 1 <= size <= MAX_PAGE_SIZE or index < 1 or index * size > MAX_PAGED:
            raise Refusal(
                100400,
                f"pageSize must be 1 to {MAX_PAGE_SIZE}, pageIndex x pageSize at most {MAX_PAGED}",
            )
        symbol, status = params.get("symbol"), params.get("status")
        start, end = _integer(params, "startTime", 0), _integer(params, "endTime", 2**63)
        account = self.account(api_key)
        past = sorted(reversed(account.history), key=lambda o: o["time"], reverse=True)
        matching = [
            o for o in past
            if symbol in (None, o["symbol"]) and status in (None, o["status"])
            and start <= o["time"] <= end
        ]  # fmt: skip
        page = matching[(index - 1) * size : index * size]
        return {"orders": [_detail(account, order, fee_as_text=False) for order in page]}

    def my_trades(self, api_key: str, params: dict[str, str], now: int) -> Any:
        """The fills on ``symbol``, oldest first, within ``startTime``..``endTime`` inclusive,
        the first ``limit`` (1000 at most, and when absent)."""
        symbol = _symbol(params)
        start, end = _integer(params, "startTime", 0), _integer(params, "endTime", 2**63)
        limit = _integer(params, "limit", MAX_FILLS)
        if not 1 <= limit <= MAX_FILLS:
            raise Refusal(100400, f"limit must be 1 to {MAX_FILLS}")
        fills = self.account(api_key).fills
        mine = [f for f in fills if f["symbol"] == symbol and start <= f["time"] <= end]
        return {"fills": mine[:limit]}

    def balance(self, api_key: str, params: dict[str, str], now: int) -> Any:
        return {"balances": self.account(api_key).balances()}

    def commission_rate(self, api_key: str, params: dict[str, str], now: int) -> Any:
        _symbol(params)
        account = self.account(api_key)
        return {
            "takerCommissionRate": float(account.taker),
            "makerCommissionRate": float(account.maker),
        }


def _admit(account: Account, pair: Pair, side: str, kind: str, client_id: str) -> None:
    """Refuses an order BingX would refuse for its pair, side, type or client id."""
    if side not in ("BUY", "SELL"):
        raise Refusal(100400, "side must be BUY or SELL")
    if kind in _NOT_TRADED:
        raise Refusal(100400, f"the local exchange does not trade {kind} orders")
    if kind not in _TRADED:
        raise Refusal(100400, f"invalid type: {kind}")
    if pair.status != 1:
        raise Refusal(*OFFLINE)
    if not (pair.api_state_buy if side == "BUY" else pair.api_state_sell):
        raise Refusal(*RESTRICTED)
    if client_id and not _CLIENT_ID.fullmatch(client_id):
        raise Refusal(100400, "newClientOrderId must be 1 to 40 letters, digits or _")
    if client_id and any(o.get("clientOrderID") == client_id for o in account.book):
        raise Refusal(100400, f"duplicate clientOrderID: {client_id}")
    if kind == "LIMIT" and sum(o["type"] == "LIMIT" for o in account.book) >= MAX_OPEN_LIMIT:
        raise Refusal(*TOO_MANY)


def _detail(account: Account, order: dict[str, Any], *, fee_as_text: bool) -> dict[str, Any]:
    note = account.notes.get(order["orderId"]) or Note()
    symbol = str(order["symbol"])
    fee_asset = note.fee_asset or (
        symbol.rpartition("-")[0] if order["side"] == "BUY" else symbol.rpartition("-")[2]
    )
    return detail(order, fee=note.fee, fee_asset=fee_asset, quote_qty=note.quote_qty,
                  fee_as_text=fee_as_text)  # fmt: skip


def _find(
    orders: list[dict[str, Any]], symbol: str, order_id: int | None, client_id: str, now: int
) -> dict[str, Any] | None:
    """The latest of ``orders`` on ``symbol`` with ``order_id``, or with ``client_id`` placed at
    most 2 hours ago (BingX's limit for lookups by client id)."""
    order: dict[str, Any]
    for order in reversed(orders):
        if order["symbol"] != symbol:
            continue
        same_id = order_id is not None and bool(order["orderId"] == order_id)
        same_client = bool(client_id) and bool(order.get("clientOrderID") == client_id)
        if same_id or (same_client and now - int(order["time"]) <= CLIENT_ID_MS):
            return order
    return None


def _cannot_delete(order: dict[str, Any]) -> str:
    """BingX's words for an order no longer open (surface/cancelOrders_v3_doc_example.json)."""
    return (
        f"the  orderId:{order['orderId']} order status :{order['status']},can not delete, "
        "please verify and retry later"
    )


def _which(params: dict[str, str]) -> tuple[int | None, str]:
    """``orderId`` or ``clientOrderID``, one of them given."""
    raw_id, client_id = params.get("orderId"), params.get("clientOrderID") or ""
    if raw_id is None and not client_id:
        raise Refusal(100400, "miss arguments: orderId or clientOrderID")
    return (_order_id(raw_id) if raw_id is not None else None), client_id


def _order_id(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()):
        raise Refusal(100400, f"invalid orderId: {raw}")
    return int(raw)


def _symbol(params: dict[str, str], *, required: bool = True) -> Any:
    symbol = params.get("symbol")
    if symbol is None:
        if required:
            raise Refusal(100400, "miss arguments: symbol")
        return None
    if not _valid_symbol(symbol):
        raise Refusal(100400, "invalid symbol, send symbol like BTC-USDT")
    return symbol


def _valid_symbol(symbol: str) -> bool:
    base, dash, quote = symbol.rpartition("-")
    return bool(dash and base and quote)


def _integer(params: dict[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.lstrip("-").isdigit()):
        raise Refusal(100400, f"invalid {name}: {raw}")
    return int(raw)


def _amount(request: Mapping[str, str], name: str) -> Decimal | None:
    raw = request.get(name)
    if raw is None or raw == "":
        return None
    if len(raw) > MAX_AMOUNT_TEXT:
        raise Refusal(100400, f"invalid {name}: more than {MAX_AMOUNT_TEXT} characters")
    if not _PLAIN.fullmatch(raw):
        raise Refusal(100400, f"invalid {name}: {raw}")
    return Decimal(raw)


def _truncate(amount: Decimal, step: Decimal) -> Decimal:
    """``amount`` cut down to a whole number of ``step``s, as BingX truncates."""
    return (amount // step) * step if step else amount


def _steps_bought(quote_qty: Decimal, price: Decimal, step: Decimal) -> Decimal:
    """What ``quote_qty`` buys at ``price``, cut down to a whole number of ``step``s: exactly,
    never the step above that a rounded quotient would reach."""
    if step:
        return (quote_qty // (price * step)) * step
    with localcontext() as context:  # no step: as many digits as the context holds, rounded down
        context.traps[Inexact] = False
        context.rounding = ROUND_DOWN
        return quote_qty / price


def _strings(order: dict[str, Any]) -> dict[str, str]:
    """A batchOrders element's values as the query string would carry them."""
    return {str(k): v if isinstance(v, str) else str(v) for k, v in order.items() if v is not None}


def _decimal(name: str, value: Amount | bool) -> Decimal:
    try:
        if isinstance(value, bool | float):
            raise TypeError
        out = Decimal(value)
    except (TypeError, InvalidOperation):
        raise ValueError(f"{name} must be a decimal (str, Decimal or int), got {value!r}") from None
    if not out.is_finite() or out < 0:
        raise ValueError(f"{name} must be a decimal of at least 0, got {value!r}")
    return out


def _number(amount: Decimal) -> int | float:
    """A filter as BingX lists it: a JSON number, an int when whole."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)
