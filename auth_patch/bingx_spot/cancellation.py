"""``cancel_all``: cancel every open order, check that none is left, and cancel again what is;
then ask BingX's symbols list about each symbol on which nothing was listed.

One plan drives the sync and the async call (as :mod:`bingx_spot.wire.retry` does for requests): it
yields what to ask, through the generated operations only, and is sent each answer or error.
"""

import time
from collections.abc import Generator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from bingx_spot_client.api.common import common_symbols
from bingx_spot_client.api.trade import cancel_open_orders, open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelledOrder, OpenOrder
from bingx_spot_client.types import UNSET

from .errors import (
    AuthenticationError,
    BingXError,
    InvalidArgumentError,
    InvalidParameterError,
    PermissionDeniedError,
)
from .symbols import is_listed, lower_case
from .wire.logs import logger

__all__ = ["CancelReport", "cancel_all", "cancel_all_async"]

CANCELED = "CANCELED"
# Failures another round cannot mend: asking again only spends the rate budget.
_FINAL = (AuthenticationError, PermissionDeniedError, InvalidParameterError)


@dataclass(frozen=True, slots=True)
class CancelReport:
    """What :func:`cancel_all` did.

    - ``cancelled``: orders a cancel answer listed as ``CANCELED``, each order id once (an order
      listed again in a later round is not counted again).
    - ``still_open``: orders the last check listed, when no cancel was sent after it (a check
      that failed on some symbol lists those it could read).
    - ``not_cancelled``: orders a cancel answer listed with another status (``FAILED``, a junk
      element, an unknown status), each order id once: never counted as cancelled.
    - ``rounds``: cancel rounds that sent a cancel (the first, then one per check that found
      orders). A round whose every cancel was refused before sending (``BingXError.sent``
      false: the rate budget refused it, as under a BingX block that outlasts the call's
      deadline; the connection refused) or that the deadline held back is not counted, and
      ends the call: another would do the same. ``0`` when the first sent nothing.
    - ``errors``: every failed request, in order; the rounds went on past transient ones.
    - ``timed_out``: the deadline stopped it before it could finish.
    - ``clean``: a check after the last cancels found nothing open in scope, the symbols taken
      exactly as given (BingX finds nothing under ``"btc-usdt"``). Never true without ``verify``.
    - ``verified``: the symbols given on which BingX listed orders, and a check after their last
      cancel found none open.
    - ``empty``: the symbols given on which BingX listed no order at all, in any answer (and,
      with ``verify``, a check after their last cancel answered): nothing was open there, or
      BingX lists no such pair. Each is then looked up in BingX's symbols list (commonSymbols).
    - ``unknown``: the symbols of ``empty`` that BingX's symbols list does not hold: no such
      pair. BingX answers a cancel on one as a success listing nothing, so only that list tells.
    - ``not_looked_up``: the symbols of ``empty`` whose lookup failed, or was not sent because
      the deadline had passed: whether BingX lists them is not known (never taken as "no such
      pair"). In the order given: those that failed first, matching the ``commonSymbols``
      errors of ``errors`` in order, then those the deadline left.

    All four are empty when ``symbols`` was ``None``: one scope, every pair, nothing to look up.
    """

    cancelled: tuple[CancelledOrder, ...]
    still_open: tuple[OpenOrder, ...]
    not_cancelled: tuple[CancelledOrder, ...]
    rounds: int
    errors: tuple[BingXError, ...]
    timed_out: bool
    clean: bool
    verified: tuple[str, ...] = ()
    empty: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    not_looked_up: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Ask:
    operation: ModuleType  # cancel_open_orders, open_orders or common_symbols
    symbol: str | None  # None: every pair


Parsed = Any  # a parsed response of the operation asked, or the BingXError it raised
CancelPlan = Generator[_Ask, Parsed, CancelReport]


def cancel_all(
    client: AuthenticatedClient,
    symbols: list[str] | tuple[str, ...] | None = None,
    *,
    verify: bool = True,
    deadline: float = 30.0,
    max_rounds: int = 5,
) -> CancelReport:
    """Cancels every open order on each of ``symbols`` (``None``: on every pair) and returns
    what happened.

    With ``verify``, it then lists the open orders of the same scope; anything still open (placed
    while the cancel was in flight, or not cancelled by BingX) is cancelled again, round after
    round, until a check finds nothing, ``max_rounds`` cancel rounds were sent, ``deadline``
    seconds have passed, or a round could send no cancel at all (each refused before sending:
    under a BingX block, the rate budget refuses at once). The first round always goes out;
    the deadline is checked before each later request, and each request keeps to the client's
    own timeout, retries and rate budget.

    Last, with or without ``verify``, each symbol on which BingX listed no order is looked up in
    BingX's symbols list (commonSymbols, public): BingX answers a cancel on a pair it does not
    list as a success listing nothing, and only that list decides whether a pair exists. Those
    it does not hold are in ``report.unknown``; those whose lookup failed or the deadline left
    unsent, in ``report.not_looked_up``.

    A failed request does not raise: it is in ``report.errors``, and ``report.clean`` is false
    unless a later check found nothing open. Raises :class:`~bingx_spot.InvalidArgumentError`
    for a bad argument, before anything is sent: ``symbols`` is ``None`` or a list or tuple of
    non-empty strings. Symbols are sent as given, whatever their spelling (``STRK-OLD-USDT``,
    ``$U-USDT`` and ``D.O.G.E.-USDT`` are real pairs); BingX matches them exactly, so one in
    lower case (``btc-usdt``) gets a WARNING on the ``bingx_spot`` logger.
    """
    steps = _plan(_scope(symbols), verify, _deadline(deadline), _rounds(max_rounds))
    try:
        ask = next(steps)
        while True:
            try:
                answer: Parsed = ask.operation.sync(client=client, **_kwargs(ask))
            except BingXError as error:
                answer = error
            ask = steps.send(answer)
    except StopIteration as done:
        report: CancelReport = done.value
        return report


async def cancel_all_async(
    client: AuthenticatedClient,
    symbols: list[str] | tuple[str, ...] | None = None,
    *,
    verify: bool = True,
    deadline: float = 30.0,
    max_rounds: int = 5,
) -> CancelReport:
    """:func:`cancel_all` through the client's async side."""
    steps = _plan(_scope(symbols), verify, _deadline(deadline), _rounds(max_rounds))
    try:
        ask = next(steps)
        while True:
            try:
                answer: Parsed = await ask.operation.asyncio(client=client, **_kwargs(ask))
            except BingXError as error:
                answer = error
            ask = steps.send(answer)
    except StopIteration as done:
        report: CancelReport = done.value
        return report


def _kwargs(ask: _Ask) -> dict[str, Any]:
    return {"symbol": UNSET if ask.symbol is None else ask.symbol}


def _plan(
    scope: tuple[str, ...] | None, verify: bool, deadline: float, max_rounds: int
) -> CancelPlan:
    sweep = _Sweep(scope, time.monotonic() + deadline)
    targets: list[str | None] = list(scope) if scope else [None]
    rounds = 0  # those that sent a cancel
    listed: list[OpenOrder] = []  # what the last check found open
    while True:
        if not (yield from sweep.cancel(targets, first=rounds == 0)):
            # Every cancel refused before sending (a block that outlasts the call's deadline, a
            # connect refused) or held by the deadline: another round would do the same. The
            # errors say why; the last check still stands, no cancel came after it.
            return (yield from sweep.report(rounds, listed, verify=verify))
        rounds += 1
        if not verify:
            return (yield from sweep.report(rounds, verify=False))
        if sweep.final() or sweep.late():
            return (yield from sweep.report(rounds))
        listed, checked = yield from sweep.check()
        if checked and not listed:
            return (yield from sweep.report(rounds, clean=True))
        if sweep.timed_out or sweep.final() or rounds >= max_rounds:
            return (yield from sweep.report(rounds, listed))
        # After a failed check, every symbol of the scope again: cancelling is idempotent.
        targets = list(scope) if scope else [None]
        if checked and scope:
            targets = [symbol for symbol in scope if symbol in {o.symbol for o in listed}]


class _Sweep:
    """What the rounds have seen so far."""

    def __init__(self, scope: tuple[str, ...] | None, end: float) -> None:
        self.scope = scope
        self.end = end
        # Per symbol given: BingX listed an order on it; its latest answer came; and nothing was
        # open at a check sent after its last cancel.
        self.seen: set[str | None] = set()
        self.answered: set[str | None] = set()
        self.quiet: set[str | None] = set()
        self.cancelled: list[CancelledOrder] = []
        self.refused: list[CancelledOrder] = []
        # The order ids already in each list: an order listed again in a later round (open
        # again at the check, or listed by a stale answer) is one order.
        self.counted: dict[bool, set[int]] = {True: set(), False: set()}
        self.errors: list[BingXError] = []
        self.not_looked_up: list[str] = []
        self.timed_out = False

    def late(self) -> bool:
        self.timed_out = self.timed_out or time.monotonic() >= self.end
        return self.timed_out

    def final(self) -> bool:
        return bool(self.errors) and isinstance(self.errors[-1], _FINAL)

    def cancel(self, targets: list[str | None], *, first: bool) -> Generator[_Ask, Parsed, bool]:
        """One round of cancels; whether any of them was sent (may have reached BingX)."""
        sent = False
        for symbol in targets:
            if not first and self.late():
                break  # the first round always goes out whole: it is the point of the call
            self.quiet.discard(symbol)
            answer = yield _Ask(cancel_open_orders, symbol)
            if isinstance(answer, BingXError):
                self.errors.append(answer)
                self.answered.discard(symbol)
                sent = sent or answer.sent
                continue
            sent = True
            self.answered.add(symbol)
            if _orders(answer):
                self.seen.add(symbol)
            for order in _orders(answer):
                self._count(order)
        return sent

    def _count(self, order: CancelledOrder) -> None:
        done = order.status == CANCELED
        key = order.order_id
        if type(key) is int:  # an element without one is no order to match: each is kept
            if key in self.counted[done]:
                return
            self.counted[done].add(key)
        (self.cancelled if done else self.refused).append(order)

    def check(self) -> Generator[_Ask, Parsed, tuple[list[OpenOrder], bool]]:
        """The open orders in scope, and whether every read of them succeeded."""
        listed: list[OpenOrder] = []
        checked = True
        for symbol in self.scope or [None]:
            if self.late():
                return listed, False
            answer = yield _Ask(open_orders, symbol)
            if isinstance(answer, BingXError):
                self.errors.append(answer)
                self.answered.discard(symbol)
                self.quiet.discard(symbol)
                checked = False
                continue
            found = _orders(answer)
            listed += found
            self.answered.add(symbol)
            if found:
                self.seen.add(symbol)
                self.quiet.discard(symbol)
            else:
                self.quiet.add(symbol)
        return listed, checked

    def look_up(self, symbols: tuple[str, ...]) -> Generator[_Ask, Parsed, tuple[str, ...]]:
        """Asks the symbols list about each of ``symbols``, and returns those it does not hold;
        those it could not be asked about (a failure, or the deadline) go to ``not_looked_up``.
        A failure is never "no such pair": nothing is known of the pair then."""
        unknown: list[str] = []
        for symbol in symbols:
            if self.late():
                self.not_looked_up.append(symbol)
                continue
            answer = yield _Ask(common_symbols, symbol)
            if isinstance(answer, BingXError):
                self.errors.append(answer)
                self.not_looked_up.append(symbol)
            elif not is_listed(answer, symbol):
                unknown.append(symbol)
        return tuple(unknown)

    def report(
        self,
        rounds: int,
        still_open: list[OpenOrder] | None = None,
        *,
        clean: bool = False,
        verify: bool = True,
    ) -> Generator[_Ask, Parsed, CancelReport]:
        """What happened, once the symbols on which nothing was listed are looked up."""
        scope = self.scope or ()
        done = self.answered & self.quiet if verify else self.answered
        empty = tuple(s for s in scope if s not in self.seen and s in done)
        unknown = yield from self.look_up(empty)
        return CancelReport(
            cancelled=tuple(self.cancelled),
            still_open=tuple(still_open or ()),
            not_cancelled=tuple(self.refused),
            rounds=rounds,
            errors=tuple(self.errors),
            timed_out=self.timed_out,
            clean=clean,
            verified=tuple(s for s in scope if s in self.seen and s in self.quiet),
            empty=empty,
            unknown=unknown,
            not_looked_up=tuple(self.not_looked_up),
        )


def _orders(answer: Parsed) -> list[Any]:
    """The orders of a parsed answer; ``data: null``, ``{}`` or no ``orders`` hold none."""
    orders = getattr(getattr(answer, "data", None), "orders", None)
    return list(orders) if isinstance(orders, list) else []


def _scope(symbols: object) -> tuple[str, ...] | None:
    # Only what the generated operations send as given: a bytes symbol goes out as "b'...'",
    # and a None one as no symbol at all, which is every pair.
    if symbols is None:
        return None
    if not isinstance(symbols, list | tuple):
        raise InvalidArgumentError(
            f"symbols must be a list or tuple of symbols, or None for every pair; "
            f"got {type(symbols).__name__}"
        )
    if not symbols or not all(isinstance(s, str) and s for s in symbols):
        raise InvalidArgumentError(
            "symbols must be non-empty strings (a list or tuple); None means every pair"
        )
    scope = tuple(dict.fromkeys(symbols))
    for symbol in scope:
        if lower_case(symbol):
            logger.warning(
                "cancel_all: %r is in lower case: BingX matches symbols exactly and names its "
                "pairs in upper case (BTC-USDT), so it may find no order under it",
                symbol[:60],
            )
    return scope


def _deadline(value: object) -> float:
    # `not value >= 0` also refuses NaN, which compares false with everything.
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise InvalidArgumentError("deadline must be a number of seconds, at least 0")
    return float(value)


def _rounds(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError("max_rounds must be an integer, at least 1")
    return value
