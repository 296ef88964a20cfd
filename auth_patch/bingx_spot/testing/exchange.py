"""A local BingX spot exchange that checks requests the way BingX does.

It shares no code with the client's signer: it verifies what arrives, as the real server would,
so a signing bug in the client fails against it.
"""

import decimal
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import unquote, unquote_plus

import httpx

from ..wire import spec
from .accounts import Balance
from .faults import NOW_EXTENSION, Fault
from .limits import ErrorRate, IPGate, blocked_message
from .market import EXACT, MAKER_RATE, TAKER_RATE, Market, Pair, Refusal
from .orders import Amount, Order

__all__ = [
    "DEMO_API_KEY",
    "DEMO_BALANCES",
    "DEMO_SECRET_KEY",
    "DEMO_SYMBOLS",
    "Fired",
    "LocalExchange",
    "demo_orders",
]

DEMO_API_KEY = "demo-api-key-0000000000000000000000000000000000000000000000000000"
DEMO_SECRET_KEY = "demo-secret-key-000000000000000000000000000000000000000000000000"  # noqa: S105

DEFAULT_RECV_WINDOW = 5000
MAX_FUTURE_MS = 1000
RATE_BLOCK_MS = 300_000  # BingX lifts a 100410 block after five minutes
ERROR_LIMIT = 20  # "over 20 error code:100202 requests within 480000 ms for this api"
ERROR_WINDOW_MS = 480_000
IP_BAN_MS = 600_000  # BingX publishes no length for its 418 ban
REMAIN = "X-RateLimit-Requests-Remain"
EXPIRE = "X-RateLimit-Requests-Expire"  # ms left in the window or block, never a time

Handler = Callable[[str, dict[str, str], int], Any]

_log = logging.getLogger(__name__)
TimeUnit = Literal["s", "ms"]

# cancelAllAfter's note, as BingX's documented example words it (the trigger time in UTC).
_ARMED_NOTE = (
    "All your spot pending orders will be closed automatically at {at} UTC(+0),"
    "before that you can cancel the timer, or extend triggerTime time by this request"
)
# No CLOSE answer was ever captured: its note is this exchange's own words.
_CLOSED_NOTE = "The timer is closed: your spot pending orders will not be closed automatically"
# BingX refuses cancelAllAfter while a countdown's mass cancel runs; the real code and text are
# undocumented, so this exchange answers as for an invalid parameter.
_FIRING = (100400, "cancel all after is being executed, please try again later")


_DEMO_BOOK = [
    # symbol, orderId (above 2**53), price, origQty, side, clientOrderID
    ("GM-USDT", 1735964997957275648, "0.00000398", "8061558", "SELL", "2most51702721242645506402"),
    ("BTC-USDT", 1735964997957275649, "42000.5", "0.0012", "BUY", "kill-1"),
    ("BTC-USDT", 1735964997957275650, "43999.9", "0.0030", "SELL", "kill-2"),
    ("OTHR#99961-USDT", 1735964997957275651, "0.0132", "1500", "BUY", "kill-3"),
]


# The pairs the exchange lists by default: the demo book's, common ones, and live pairs whose
# spelling breaks a naive BASE-QUOTE rule (docs/bingx-facts.md, "Symbols").
DEMO_SYMBOLS = (
    "BTC-USDT",
    "ETH-USDT",
    "GM-USDT",
    "OTHR#99961-USDT",
    "1000PEPE-USDT",
    "MØTH-USDT",
    "STRK-OLD-USDT",
    "H_OLD-USDT",
    "$U-USDT",
    "D.O.G.E.-USDT",
    "ATOM(ARC20)-USDT",
)


# What the demo account holds when the exchange starts.
DEMO_BALANCES = {"USDT": "100000", "BTC": "1", "ETH": "10"}


def listed_pair(symbol: str) -> dict[str, Any]:
    """A pair as commonSymbols lists it by default: the filters are JSON numbers, as BingX
    sends them."""
    return Pair(symbol=symbol).to_wire()


def demo_orders() -> list[dict[str, Any]]:
    """Open orders in BingX's documented shape; the first is the one from BingX's own example."""
    return [
        {
            "symbol": symbol,
            "orderId": order_id,
            "price": price,
            "stopPrice": price,
            "origQty": qty,
            "executedQty": "0",
            "cummulativeQuoteQty": "0",
            "status": "NEW",
            "type": "LIMIT",
            "side": side,
            "clientOrderID": client_id,
        }
        for symbol, order_id, price, qty, side, client_id in _DEMO_BOOK
    ]


def _now() -> int:
    return time.time_ns() // 1_000_000


class LocalExchange:
    """BingX as seen through its spot REST API, in memory.

    - ``accounts``: API key → secret; default one demo account with :func:`demo_orders` open.
    - ``clock``: the exchange's time in ms; ``skew_ms`` is added to it (a client whose clock is
      off by that much sees 100421 until it syncs with ``serverTime``).
    - ``block_ms``: how long a 100410 block lasts (per key and operation, over its ``uid`` rate).
    - ``error_limit``, ``error_window_ms``: more error answers of one code than ``error_limit``
      within ``error_window_ms``, for one account and operation, block it that long (100410).
    - ``ip_limits``: whether the IP groups of the spec (``x-bingx-ip-groups``) refuse: HTTP 429
      over a window's limit, then HTTP 418 for ``ip_ban_ms`` if requests keep coming inside
      that window. Off, the windows are still counted and reported in the headers.

    ``fired`` lists the cancelAllAfter countdowns that ran out (each cancelled the account's book).
    ``countdown_ms_per_s``: how long one second of a countdown's ``timeOut`` lasts on the
    exchange's clock (1000, as BingX); a test shortens it to see a countdown run out sooner,
    with every other time still real. ``trigger_time_unit``: cancelAllAfter's ``triggerTime``
    in seconds (``"s"``, as every BingX example found) or in ms (``"ms"``, as BingX's newest
    reference says). ``firing_ms``: for this long after a countdown ran out, its mass cancel is
    under way and the account's cancelAllAfter requests are refused, as BingX refuses them.

    ``symbols``: the pairs commonSymbols lists (default :data:`DEMO_SYMBOLS`); a pair an order
    is added on is listed too. cancelOpenOrders and openOrders answer a pair not listed as BingX
    does, as a success listing nothing.

    The book keeps when each order was placed (``time``, and ``updateTime``): the exchange's
    time when it was added, unless the order came with its own.

    It trades (:mod:`bingx_spot.testing.market`): placeOrder and batchOrders place LIMIT orders
    that rest in the book and MARKET orders that fill at the price :meth:`set_price` set for the
    pair; every cancel operation cancels; queryOrder, historyOrders and myTrades read the
    orders and fills; balance answers what :meth:`fund` gave each account (the demo account
    starts with :data:`DEMO_BALANCES`), locked by open orders and exchanged by fills with the
    account's fee rates (``taker_rate``, ``maker_rate``; :meth:`set_fee_rates`).

    Use :meth:`transport` in process, or :class:`bingx_spot.testing.server.LocalServer` on a
    loopback port.
    """

    def __init__(
        self,
        accounts: dict[str, str] | None = None,
        *,
        clock: Callable[[], int] = _now,
        skew_ms: int = 0,
        block_ms: int = RATE_BLOCK_MS,
        countdown_ms_per_s: int = 1000,
        error_limit: int = ERROR_LIMIT,
        error_window_ms: int = ERROR_WINDOW_MS,
        ip_limits: bool = True,
        ip_ban_ms: int = IP_BAN_MS,
        symbols: Iterable[str] = DEMO_SYMBOLS,
        trigger_time_unit: TimeUnit = "s",
        firing_ms: int = 1000,
        taker_rate: Amount = TAKER_RATE,
        maker_rate: Amount = MAKER_RATE,
    ) -> None:
        if trigger_time_unit not in ("s", "ms"):
            raise ValueError(f"trigger_time_unit must be 's' or 'ms', got {trigger_time_unit!r}")
        if accounts is None:
            accounts = {DEMO_API_KEY: DEMO_SECRET_KEY}
        self._secrets = dict(accounts)
        self._clock = clock
        self.skew_ms = skew_ms
        self.block_ms = block_ms
        self._lock = _Guard()
        self._market = Market(symbols, taker=Decimal(taker_rate), maker=Decimal(maker_rate))
        for key in self._secrets:
            self._market.account(key)
        if DEMO_API_KEY in self._secrets:
            self._market.add_orders(demo_orders(), DEMO_API_KEY, self.now())
            for asset, amount in DEMO_BALANCES.items():
                self._market.account(DEMO_API_KEY).fund(asset, Decimal(amount))
        self._arrivals: dict[tuple[str, str], deque[int]] = defaultdict(deque)
        self._blocked_until: dict[tuple[str, str], int] = {}
        self._spec = spec.load()
        self._ip = IPGate(self._spec.ip_groups, ban_ms=ip_ban_ms, enforce=ip_limits)
        # An operation the spec puts in no IP group counts in the first one.
        self._default_group = next(iter(self._spec.ip_groups), "")
        self._errors = ErrorRate(limit=error_limit, window_ms=error_window_ms)
        self._countdown_ms_per_s = countdown_ms_per_s
        self._trigger_divisor = 1000 if trigger_time_unit == "s" else 1
        self._firing_ms = firing_ms
        market = self._market
        self._handlers: dict[str, Handler] = {
            "cancelOpenOrders": market.cancel_open_orders,
            "serverTime": self._server_time,
            "openOrders": market.open_orders,
            "cancelAllAfter": self._cancel_all_after,
            "commonSymbols": market.common_symbols,
            "placeOrder": market.place_order,
            "batchOrders": market.batch_orders,
            "cancelOrder": market.cancel_order,
            "cancelOrders": market.cancel_orders,
            "queryOrder": market.query_order,
            "historyOrders": market.history_orders,
            "myTrades": market.my_trades,
            "balance": market.balance,
            "commissionRate": market.commission_rate,
        }
        self._faults: list[_Injected] = []
        # The latest requests received, for tests to inspect.
        self.requests: deque[httpx.Request] = deque(maxlen=1000)
        # cancelAllAfter: each account's trigger time (ms), and every countdown that ran out.
        self._triggers: dict[str, int] = {}
        self._firing_until: dict[str, int] = {}  # the end of each account's mass cancel
        self.fired: list[Fired] = []

    # -- state -----------------------------------------------------------------------------

    def now(self) -> int:
        return self._clock() + self.skew_ms

    def open_orders(self, api_key: str = DEMO_API_KEY) -> list[dict[str, Any]]:
        with self._lock:
            self._fire_due(self.now())
            return [dict(order) for order in self._market.account(api_key).book]

    def past_orders(self, api_key: str = DEMO_API_KEY) -> list[dict[str, Any]]:
        """The account's closed orders (cancelled, filled), in the order they closed."""
        with self._lock:
            self._fire_due(self.now())
            return [dict(order) for order in self._market.account(api_key).history]

    def fills(self, api_key: str = DEMO_API_KEY) -> list[dict[str, Any]]:
        """The account's fills, oldest first, as myTrades answers them."""
        with self._lock:
            return [dict(fill) for fill in self._market.account(api_key).fills]

    def fund(self, asset: str, amount: Amount, api_key: str = DEMO_API_KEY) -> None:
        """Adds ``amount`` of ``asset`` to the account's free balance (``amount`` negative takes
        it away)."""
        with self._lock:
            self._market.account(api_key).fund(asset, Decimal(amount))

    def balance(self, asset: str, api_key: str = DEMO_API_KEY) -> Balance:
        """What the account holds of ``asset``: ``free`` and ``locked``, as ``Decimal``."""
        with self._lock:
            return self._market.account(api_key).balance(asset)

    def set_price(self, symbol: str, price: Amount) -> None:
        """The pair's price from now on: a MARKET order fills at it, a LIMIT order it reaches
        fills at once (at this price, as taker), and a resting LIMIT order placed through the
        API that it reaches (a BUY at or above it, a SELL at or below) fills at its own price,
        as maker. Orders added with :meth:`add_orders` are never matched."""
        with self._lock:
            self._market.set_price(symbol, Decimal(price), self.now())

    def set_fee_rates(
        self, *, taker: Amount | None = None, maker: Amount | None = None,
        api_key: str = DEMO_API_KEY,
    ) -> None:  # fmt: skip
        """The account's fee rates from now on (commissionRate answers them; fills pay them)."""
        with self._lock:
            account = self._market.account(api_key)
            if taker is not None:
                account.taker = Decimal(taker)
            if maker is not None:
                account.maker = Decimal(maker)

    def add_orders(
        self, orders: Iterable[Order | Mapping[str, Any]], api_key: str = DEMO_API_KEY
    ) -> None:
        """Opens ``orders`` (:class:`~bingx_spot.testing.Order`, or dicts in BingX's wire form;
        a field a dict lacks takes :class:`~bingx_spot.testing.Order`'s default), placed now
        (a dict's own ``time`` is kept)."""
        with self._lock:
            self._market.add_orders(orders, api_key, self.now())

    def list_symbols(self, *symbols: str, **filters: Amount | bool) -> None:
        """Lists ``symbols`` in commonSymbols from now on, each with ``filters`` changed (a
        :class:`~bingx_spot.testing.market.Pair` field: ``tick_size``, ``step_size``,
        ``min_notional``, ``max_notional``, ``min_qty``, ``max_qty``, ``status``,
        ``api_state_buy``, ``api_state_sell``). ``api_state_buy=False, api_state_sell=False``
        closes a pair to API trading (placing on it answers 100421)."""
        with self._lock:
            for symbol in symbols:
                self._market.list_pair(symbol, **filters)

    def delist_symbols(self, *symbols: str) -> None:
        """Takes ``symbols`` off commonSymbols (their open orders stay in the book; placing on
        one answers 100204, as for any pair BingX does not list)."""
        with self._lock:
            for symbol in symbols:
                self._market.pairs.pop(symbol, None)

    def inject(self, fault: Fault, *, times: int = 1, operation: str | None = None) -> None:
        """The next ``times`` requests (to ``operation``, an operationId, or to any) meet
        ``fault``, one of :mod:`bingx_spot.testing.faults`; later ones are answered normally."""
        with self._lock:
            self._faults.append(_Injected(fault, times, operation))

    def transport(self) -> httpx.MockTransport:
        """An in-process httpx transport (sync and async) answering as this exchange."""
        return httpx.MockTransport(self.handle)

    # -- the wire --------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answers one request as BingX would, or as an injected fault says. An unexpected
        exception while answering (a bug of the exchange, or of a test's fault) is logged and
        answered as a server answers its own failure, HTTP 500 with a short text; a fault's
        dropped connection (an ``httpx.TransportError``) is raised as it is."""
        try:
            return self._handle(request)
        except httpx.TransportError:
            raise
        except Exception:
            _log.exception(
                "the local exchange failed to answer %s %s", request.method, request.url.path
            )
            return httpx.Response(
                500,
                content=b"Internal Server Error",
                headers={"Content-Type": "text/plain; charset=utf-8"},
            )

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        with self._lock:
            self.requests.append(request)
            now = self.now()
            self._fire_due(now)
            request.extensions[NOW_EXTENSION] = now
            op = self._spec.find(request.method, request.url.path)
            # The IP gate stands in front of everything, public operations included.
            verdict = self._ip.admit(
                (op and op.ip_group) or self._default_group,
                op.operation_id if op else request.url.path,
                now,
            )
            headers = {REMAIN: str(verdict.remain), EXPIRE: str(verdict.left_ms)}
            if verdict.status != 200:
                until = now + verdict.left_ms
                return _error(100410, blocked_message(until), now, headers, verdict.status)
            fault = self._take_fault(op)
        if fault is None:
            response = self._answer(request, op, headers)
        else:
            response = fault(request, lambda: self._answer(request, op, headers))
            if "json" in response.headers.get("content-type", ""):  # BingX's answer, not a CDN's
                for name, value in headers.items():
                    response.headers.setdefault(name, value)
        with self._lock:
            return self._count_error(request, op, response)

    def _take_fault(self, op: spec.Operation | None) -> Fault | None:
        for injected in self._faults:
            if injected.left > 0 and injected.operation in (None, op and op.operation_id):
                injected.left -= 1
                return injected.fault
        return None

    def _answer(
        self, request: httpx.Request, op: spec.Operation | None, headers: dict[str, str]
    ) -> httpx.Response:
        with self._lock:
            now = self.now()
            if op is None:  # as BingX answers a path it does not serve (seen live)
                return _error(100400, "this api is not exist", now, headers)
            params, payload, signature = _params(request)
            api_key = ""
            if op.signed:
                api_key = request.headers.get("X-BX-APIKEY", "")
                refused = self._verify(api_key, params, payload, signature, now)
                if refused is not None:
                    return _error(*refused, now, headers)
            banned = self._errors.banned(api_key, op.operation_id, now) if api_key else None
            if banned is not None:
                return _blocked(*banned, now)
            until = self._rate(op, api_key, now) if op.uid_rate is not None and api_key else None
            if until is not None:
                return _blocked(until, blocked_message(until), now)
            handler = self._handlers.get(op.operation_id, _accept)
            try:
                result = handler(api_key, params, now)
            except Refusal as refusal:
                result = refusal.code, refusal.msg
            if isinstance(result, tuple):
                code, msg = result
                return _error(code, msg, now, headers)
            return _json({"code": 0, "msg": "", "debugMsg": "", "data": result}, headers=headers)

    def _count_error(
        self, request: httpx.Request, op: spec.Operation | None, response: httpx.Response
    ) -> httpx.Response:
        """Counts an error answer (the exchange's own or an injected one) towards the
        error-rate ban; the one too many, and any error during the ban, become the ban."""
        account = request.headers.get("X-BX-APIKEY", "")
        if op is None or account not in self._secrets:
            return response
        code = _code(response)
        if not code:
            return response
        now = self.now()
        blocked = self._errors.banned(account, op.operation_id, now) or self._errors.record(
            account, op.operation_id, code, now
        )
        return response if blocked is None else _blocked(*blocked, now)

    def _verify(  # noqa: PLR0911 - one answer per refusal, in the server's order
        self, api_key: str, params: dict[str, str], payload: str, signature: str | None, now: int
    ) -> tuple[int, str] | None:
        secret = self._secrets.get(api_key)
        if not api_key:
            return 100413, "Null apiKey"
        if secret is None:
            return 100413, "Incorrect apiKey"
        if not signature:
            return 100412, "Null signature"
        expected = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            return 100001, "Signature verification failed due to signature mismatch"
        try:
            timestamp = int(params["timestamp"])
            recv_window = int(params.get("recvWindow", DEFAULT_RECV_WINDOW))
        except (KeyError, ValueError):
            return 100421, "Null timestamp or timestamp mismatch"
        if now - timestamp > recv_window or timestamp - now > MAX_FUTURE_MS:
            return 100421, "Null timestamp or timestamp mismatch"
        return None

    def _rate(self, op: spec.Operation, api_key: str, now: int) -> int | None:
        """The end of the key's block on ``op``, or ``None`` when the request is within its
        per-second rate (a sliding second, as BingX's)."""
        key = (api_key, op.operation_id)
        until = self._blocked_until.get(key, 0)
        limit = int(op.uid_rate or 0)
        arrivals = self._arrivals[key]
        while arrivals and now - arrivals[0] >= 1000:
            arrivals.popleft()
        if now >= until and len(arrivals) >= limit:
            until = self._blocked_until[key] = now + self.block_ms
        if now < until:
            return until
        arrivals.append(now)
        return None

    # -- operations ------------------------------------------------------------------------

    def _server_time(self, api_key: str, params: dict[str, str], now: int) -> Any:
        return {"serverTime": now}

    def _cancel_all_after(self, api_key: str, params: dict[str, str], now: int) -> Any:
        if now < self._firing_until.get(api_key, 0):
            return _FIRING
        kind = params.get("type")
        if kind not in ("ACTIVATE", "CLOSE"):
            return 100400, "type must be ACTIVATE or CLOSE"
        # Every version of BingX's docs marks timeOut required, for CLOSE too.
        seconds = params.get("timeOut")
        if seconds is None:
            return 100400, "miss arguments: timeOut"
        if not (seconds.isascii() and seconds.isdigit()) or not 10 <= int(seconds) <= 120:
            return 100400, "timeOut must be an integer from 10 to 120"
        if kind == "CLOSE":
            self._triggers.pop(api_key, None)
            return {"triggerTime": 0, "status": "CLOSED", "note": _CLOSED_NOTE}
        trigger = self._triggers[api_key] = now + int(seconds) * self._countdown_ms_per_s
        # Floored to whole seconds: a client then expects the end up to 1 s early, never late.
        at = datetime.fromtimestamp(trigger // 1000, UTC).strftime("%Y-%m-%d %H:%M:%S")
        return {
            "triggerTime": trigger // self._trigger_divisor,
            "status": "ACTIVATED",
            "note": _ARMED_NOTE.format(at=at),
        }

    def tick(self) -> None:
        """Runs every countdown that is due. Requests and :meth:`open_orders` do it first, and
        :class:`~bingx_spot.testing.server.LocalServer` calls it often, so an idle exchange fires
        on time."""
        with self._lock:
            self._fire_due(self.now())

    def _fire_due(self, now: int) -> None:
        for api_key, trigger in list(self._triggers.items()):
            if now >= trigger:
                del self._triggers[api_key]
                self._firing_until[api_key] = trigger + self._firing_ms
                self.fired.append(
                    Fired(trigger, api_key, self._market.cancel_all(api_key, trigger))
                )


class _Guard:
    """The exchange's lock. While it is held, the exchange's own decimal context
    (:data:`~bingx_spot.testing.market.EXACT`) is the thread's: in process the exchange answers
    in the caller's thread, whose context must change none of its arithmetic."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._outside: decimal.Context | None = None

    def __enter__(self) -> None:
        self._lock.acquire()
        self._outside = decimal.getcontext()
        decimal.setcontext(EXACT.copy())

    def __exit__(self, *exc: object) -> None:
        try:
            if self._outside is not None:
                decimal.setcontext(self._outside)
                self._outside = None
        finally:
            self._lock.release()


@dataclass(frozen=True, slots=True)
class Fired:
    """A cancelAllAfter countdown that ran out: its trigger time, the account, what it cancelled."""

    at: int
    api_key: str
    orders: list[dict[str, Any]]


@dataclass(slots=True)
class _Injected:
    fault: Fault
    left: int  # requests it still meets
    operation: str | None


def _accept(api_key: str, params: dict[str, str], now: int) -> Any:
    """Any operation the spec has and this exchange does not model: verified, then accepted."""
    return {}


def _params(request: httpx.Request) -> tuple[dict[str, str], str, str | None]:
    """The parameters, the string BingX verifies (as received, minus ``signature``, values
    percent-decoded) and the signature. Query string first; a form or JSON body also counts."""
    pairs: list[tuple[str, str]] = []
    query = request.url.query.decode("ascii", "replace")
    for part in filter(None, query.split("&")):
        key, _, value = part.partition("=")
        pairs.append((unquote(key), unquote(value)))
    content_type = request.headers.get("content-type", "")
    if request.content and "json" in content_type:
        try:
            body = json.loads(request.content)
        except ValueError:
            body = {}
        if isinstance(body, dict):
            pairs += [(str(k), v if isinstance(v, str) else json.dumps(v)) for k, v in body.items()]
    elif request.content and "form" in content_type:
        for part in request.content.decode("utf-8", "replace").split("&"):
            key, _, value = part.partition("=")
            pairs.append((unquote_plus(key), unquote_plus(value)))
    signature = next((v for k, v in pairs if k == "signature"), None)
    signed = [(k, v) for k, v in pairs if k != "signature"]
    return dict(signed), "&".join(f"{k}={v}" for k, v in signed), signature


def _json(doc: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """``doc`` as JSON; a ``Decimal`` in it is written as a JSON number in plain decimal digits
    (``-0.000008125``, never a float's ``-8.125e-06``)."""
    mark = f"decimal-{secrets.token_hex(8)}:"  # no text of the answer can carry it

    def number(value: object) -> str:
        if isinstance(value, Decimal) and value.is_finite():
            return mark + format(value, "f")
        raise TypeError(f"{type(value).__name__} is not JSON")

    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False, default=number)
    if mark in text:
        text = re.sub(f'"{mark}(-?[0-9]+(?:\\.[0-9]+)?)"', r"\1", text)
    return httpx.Response(
        status,
        content=text.encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def _error(
    code: int, msg: str, now: int, headers: dict[str, str] | None = None, status: int = 200
) -> httpx.Response:
    return _json({"code": code, "msg": msg, "timestamp": now}, status=status, headers=headers)


def _blocked(until: int, msg: str, now: int) -> httpx.Response:
    return _error(100410, msg, now, {REMAIN: "0", EXPIRE: str(until - now)})


def _code(response: httpx.Response) -> int:
    """The BingX code of a 200 JSON answer; 0 for anything else."""
    if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
        return 0
    try:
        doc = json.loads(response.content)
    except (httpx.ResponseNotRead, ValueError, RecursionError):  # a fault's, not BingX's
        return 0
    code = doc.get("code") if isinstance(doc, dict) else 0
    return code if type(code) is int else 0
