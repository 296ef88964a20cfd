"""An order fitted to its pair's filters before it is sent: price and quantity rounded to the
pair's ``tickSize`` and ``stepSize``, and an order out of the pair's bounds refused, nothing
sent.

BingX does not refuse a price or quantity finer than the pair allows: it **truncates** it
(0.123456 is placed as 0.1234; docs/bingx-facts.md, "The rest of the spot order lifecycle"), so
an order placed unfitted may differ from the one meant. :meth:`PairFilters.fit` rounds toward
the side that never costs the caller more than asked:

- the quantity **down** to a multiple of ``stepSize`` (never more than asked for);
- a BUY's price **down** to a multiple of ``tickSize`` (never pays more per unit than asked);
- a SELL's price **up** to a multiple of ``tickSize`` (never sells for less than asked).

and refuses (:class:`~bingx_spot.InvalidArgumentError`) an order whose fitted quantity is below
``minQty`` or above ``maxQty``, whose notional (price times quantity, or ``quoteOrderQty``) is below
``minNotional`` or above ``maxNotional``, or that rounds to nothing. ``quoteOrderQty`` is not
rounded: no filter gives its precision. A MARKET order given by ``quantity`` (a SELL, or a BUY
by quantity) has a notional unknown before it fills: only its quantity is checked, unless a
``price`` is given to estimate it (then price times quantity is checked, with the price rounded
as for a LIMIT order of that side; leave ``price`` out of what a MARKET order sends).

The rounding is exact whatever the number of digits (a quantity of 9.999... with 30 nines is 9 at
stepSize 1, never 10), and does not depend on the caller's decimal context: ``fit`` computes in
its own, with the precision its operands need. An amount or filter spanning more than 1000 digit
positions (``1E+999999999``) is refused with :class:`~bingx_spot.InvalidArgumentError`, as is
anything that is not a number above 0::

    pair = bingx_spot.pair_filters(client, "BTC-USDT")  # fetched once a minute at most
    order = pair.fit("BUY", price=Decimal("64123.456"), quantity=Decimal("0.0012345"))
    place_order.sync(client=client, symbol="BTC-USDT", side="BUY", type_="LIMIT",
                     **order.amounts())  # price="64123.45", quantity="0.00123"

The filters come from commonSymbols (:func:`pair_filters` fetches and caches them per client),
where BingX sends them as JSON numbers; they are read exactly (``0.01``, not the binary
fraction: :func:`bingx_spot.decimal`).
"""

import time
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from typing import TYPE_CHECKING, Any
from weakref import finalize

from .amounts import EXACT, amount, decimal
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from bingx_spot_client.client import AuthenticatedClient

__all__ = ["MAX_AGE", "FittedOrder", "PairFilters", "pair_filters", "pair_filters_async"]

MAX_AGE = 60.0  # seconds a pair's filters are kept per client by pair_filters
# The digit positions one amount or filter may span (from its highest digit, or the units, to its
# lowest): fit computes exactly within them, and refuses a value beyond.
_MAX_DIGITS = 1000

Number = Decimal | str | int | float


@dataclass(frozen=True, slots=True)
class FittedOrder:
    """The amounts of an order fitted to its pair: each ``None`` when not given."""

    price: Decimal | None = None
    quantity: Decimal | None = None
    quote_order_qty: Decimal | None = None

    def amounts(self) -> dict[str, str]:
        """The given amounts as placeOrder's keyword arguments (``price``, ``quantity``,
        ``quote_order_qty``), each the exact decimal text :func:`bingx_spot.amount` writes."""
        found = {"price": self.price, "quantity": self.quantity,
                 "quote_order_qty": self.quote_order_qty}  # fmt: skip
        return {name: amount(value) for name, value in found.items() if value is not None}


@dataclass(frozen=True, slots=True)
class PairFilters:
    """A pair's filters, as exact decimals; ``None`` where BingX gave none (or zero)."""

    symbol: str
    tick_size: Decimal | None = None
    step_size: Decimal | None = None
    min_qty: Decimal | None = None
    max_qty: Decimal | None = None
    min_notional: Decimal | None = None
    max_notional: Decimal | None = None

    @classmethod
    def of(cls, pair: Any) -> "PairFilters":
        """The filters of a pair as commonSymbols lists it (a ``TradingPair`` of
        ``common_symbols``' answer)."""
        return cls(
            symbol=str(pair.symbol),
            tick_size=_filter(pair.tick_size),
            step_size=_filter(pair.step_size),
            min_qty=_filter(pair.min_qty),
            max_qty=_filter(pair.max_qty),
            min_notional=_filter(pair.min_notional),
            max_notional=_filter(pair.max_notional),
        )

    def fit(
        self,
        side: str,
        *,
        price: Number | None = None,
        quantity: Number | None = None,
        quote_order_qty: Number | None = None,
    ) -> FittedOrder:
        """The order's amounts rounded exactly to the pair's steps toward the safe side (module
        docstring), or :class:`~bingx_spot.InvalidArgumentError` when it breaks a bound of the
        pair, or an amount is no number above 0 or has too many digits; ``side``: BUY or SELL.

        A MARKET order by ``quantity`` (SELL, or BUY by quantity) gets no notional check: its
        price is not known before it fills. Give ``price`` as a reference to have price times
        quantity checked against ``minNotional`` and ``maxNotional``, and send the order
        without it."""
        if side not in {"BUY", "SELL"}:
            raise InvalidArgumentError("side must be BUY or SELL")
        # The package's exact context (amounts.EXACT), never the caller's: Inexact trapped, with
        # room for every product and quotient of the operands, each held to _MAX_DIGITS.
        with localcontext(EXACT, prec=2 * _MAX_DIGITS):
            amounts = {"price": price, "quantity": quantity, "quote_order_qty": quote_order_qty}
            given = {n: _positive(n, v) for n, v in amounts.items() if v is not None}
            bounds = {
                "tickSize": self.tick_size,
                "stepSize": self.step_size,
                "minQty": self.min_qty,
                "maxQty": self.max_qty,
                "minNotional": self.min_notional,
                "maxNotional": self.max_notional,
            }
            digits = sum(_span(n, v) for n, v in given.items()) + sum(
                _span(n, _positive(n, v)) for n, v in bounds.items() if v is not None
            )
            with localcontext(EXACT, prec=2 * digits + 2):
                return self._fit(
                    side, given.get("price"), given.get("quantity"), given.get("quote_order_qty")
                )

    def _fit(
        self, side: str, price: Decimal | None, quantity: Decimal | None,
        quote_order_qty: Decimal | None,
    ) -> FittedOrder:  # fmt: skip
        fitted_price = fitted_qty = None
        if price is not None:
            rounding = ROUND_FLOOR if side == "BUY" else ROUND_CEILING
            fitted_price = _to_step(price, self.tick_size, rounding)
            if fitted_price <= 0:
                raise InvalidArgumentError(
                    f"price rounds to 0 at {self.symbol}'s tickSize {self.tick_size}"
                )
        if quantity is not None:
            fitted_qty = _to_step(quantity, self.step_size, ROUND_FLOOR)
            if fitted_qty <= 0:
                raise InvalidArgumentError(
                    f"quantity rounds to 0 at {self.symbol}'s stepSize {self.step_size}"
                )
            self._within("quantity", fitted_qty, self.min_qty, self.max_qty, "Qty")
        quote = quote_order_qty
        if fitted_qty is not None and fitted_price is not None:
            notional: Decimal | None = fitted_price * fitted_qty
        else:
            notional = quote if fitted_qty is None else None
        if notional is not None:
            self._within("notional", notional, self.min_notional, self.max_notional, "Notional")
        return FittedOrder(price=fitted_price, quantity=fitted_qty, quote_order_qty=quote)

    def _within(
        self, name: str, value: Decimal, low: Decimal | None, high: Decimal | None, filter_: str
    ) -> None:
        if low is not None and value < low:
            raise InvalidArgumentError(
                f"{name} {amount(value)} is below {self.symbol}'s min{filter_} {amount(low)}"
            )
        if high is not None and value > high:
            raise InvalidArgumentError(
                f"{name} {amount(value)} is above {self.symbol}'s max{filter_} {amount(high)}"
            )


def _filter(value: Any) -> Decimal | None:
    """A filter as BingX sent it (a JSON number, or a string), or ``None`` when it is missing,
    unreadable, or not above zero (no bound)."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    try:
        exact = decimal(value)
    except InvalidArgumentError:
        return None
    return exact if exact > 0 else None


def _positive(name: str, value: Number) -> Decimal:
    exact = value if isinstance(value, Decimal) else decimal(value)
    if not exact.is_finite() or exact <= 0:
        raise InvalidArgumentError(f"{name} must be a number above 0")
    return exact


def _to_step(value: Decimal, step: Decimal | None, rounding: str) -> Decimal:
    """``value`` as a multiple of ``step``, rounded as ``rounding`` says (unchanged without a
    step)."""
    if step is None:
        return value
    steps, left = divmod(value, step)  # exact: whole steps, and what is left below the next
    if left and rounding == ROUND_CEILING:
        steps += 1
    return (steps * step).quantize(step)


def _span(name: str, value: Decimal) -> int:
    """The digit positions ``value`` spans, from its highest digit (or the units) down to its
    lowest (or the units); an :class:`~bingx_spot.InvalidArgumentError` beyond
    ``_MAX_DIGITS``. A product of two values spans at most the sum of theirs, and so do the
    whole steps one holds of another."""
    exponent = int(value.as_tuple().exponent)
    span = max(value.adjusted(), 0) - min(exponent, 0) + 1
    if span > _MAX_DIGITS:
        raise InvalidArgumentError(
            f"{name} {value} has too many digits to fit: more than {_MAX_DIGITS} from its first "
            "to its last"
        )
    return span


# Per client, by id (the generated client is not hashable), dropped with it: symbol -> (when
# fetched, on time.monotonic, its filters).
_fetched: dict[int, dict[str, tuple[float, PairFilters]]] = {}


def _cached(client: "AuthenticatedClient", symbol: str, max_age: float) -> PairFilters | None:
    found = _fetched.get(id(client), {}).get(symbol)
    if found is not None and time.monotonic() - found[0] < max_age:
        return found[1]
    return None


def _keep(client: "AuthenticatedClient", symbol: str, answer: Any) -> PairFilters:
    pairs = [pair for pair in answer.data.symbols if pair.symbol == symbol]
    if not pairs:
        raise InvalidArgumentError(f"BingX lists no pair {symbol!r}")
    filters = PairFilters.of(pairs[0])
    if id(client) not in _fetched:
        _fetched[id(client)] = {}
        finalize(client, _fetched.pop, id(client), None)
    _fetched[id(client)][symbol] = (time.monotonic(), filters)
    return filters


def pair_filters(
    client: "AuthenticatedClient", symbol: str, *, max_age: float = MAX_AGE
) -> PairFilters:
    """``symbol``'s filters, from commonSymbols (public, IP group 1), kept for ``max_age``
    seconds per client (a minute by default: BingX changes a pair's filters rarely, and a
    fitted order then meets the truncation it was fitted to avoid at worst). Raises
    :class:`~bingx_spot.InvalidArgumentError` when BingX lists no such pair, and the call's
    own errors."""
    found = _cached(client, symbol, max_age)
    if found is not None:
        return found
    from bingx_spot_client.api.common import common_symbols  # noqa: PLC0415 - on first use

    return _keep(client, symbol, common_symbols.sync(client=client, symbol=symbol))


async def pair_filters_async(
    client: "AuthenticatedClient", symbol: str, *, max_age: float = MAX_AGE
) -> PairFilters:
    """:func:`pair_filters` on the async client (the same cache)."""
    found = _cached(client, symbol, max_age)
    if found is not None:
        return found
    from bingx_spot_client.api.common import common_symbols  # noqa: PLC0415 - on first use

    return _keep(client, symbol, await common_symbols.asyncio(client=client, symbol=symbol))
