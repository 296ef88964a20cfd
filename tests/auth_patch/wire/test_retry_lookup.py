"""A placement is never sent twice: after an ambiguous failure the plan asks BingX for the
order's client id (``x-bingx-client-id`` in the spec) and returns what it finds, or sends the
order again only when BingX says none exists. Driven step by step on fake time, then end to end,
sync and async, on a small exchange that loses answers or requests."""

import asyncio
import copy
import json
import time
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from bingx_spot.wire import retry, spec
from bingx_spot.wire.auth import BingXAuth
from bingx_spot.wire.retry import Call, Retries, Send, Wait, plan
from bingx_spot_client.api.trade import batch_orders, cancel_open_orders, place_order
from bingx_spot_client.models import PlaceOrderResponse
from bingx_spot_client.types import UNSET
from tests.auth_patch.wire.test_retry import Ledger, Refusing
from tests.calling import MODES, called
from tests.clock import FakeClock

PLACE = "/openApi/spot/v1/trade/order"
QUERY = "/openApi/spot/v1/trade/query"
HOST = "https://open-api.bingx.com"
T0 = 1_700_000_000_000
ORDER_ID = 1735963671248581120  # above 2**53
PLAIN = Retries(backoff=0.2, max_backoff=2.0)
LOST = bingx_spot.RequestTimeoutError("read timed out", sent=True)
NEVER_SENT = bingx_spot.NetworkError("refused", sent=False)
WINDOW = "wait 5.9 (until the attempt's recvWindow has passed)"  # 5 s + 1 s margin - 0.1 s


def envelope(data: object, code: int = 0, msg: str = "") -> httpx.Response:
    return httpx.Response(200, json={"code": code, "msg": msg, "data": data})


def placed() -> httpx.Response:
    return envelope({"symbol": "BTC-USDT", "orderId": 1, "status": "PENDING"})


def found(client_id: str = "", **fields: object) -> httpx.Response:
    """queryOrder's answer: the order itself, with query's own fields; the symbol, side and type
    of the placement :class:`Run` sends, unless ``fields`` says otherwise."""
    return envelope({"symbol": "BTC-USDT", "orderId": ORDER_ID, "status": "NEW", "price": "0.1",
                     "StopPrice": "0", "avgPrice": "0", "clientOrderID": client_id,
                     "side": "BUY", "type": "MARKET", **fields})  # fmt: skip


def code(number: int, msg: str = "refused") -> httpx.Response:
    return httpx.Response(200, json={"code": number, "msg": msg})


def status(number: int) -> httpx.Response:
    return httpx.Response(number, content=b"<html>bad gateway</html>")


class Run:
    """A plan driven over a script of (outcome, seconds it takes), one per Send."""

    def __init__(self, script: list[tuple[object, float]], retries: Retries = PLAIN,
                 clock: FakeClock | None = None, budget: Ledger | None = None,
                 **params: str) -> None:  # fmt: skip
        self.fake = FakeClock(T0) if clock is None else clock
        auth = BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY, clock=self.fake.ms)
        params = {"symbol": "BTC-USDT", "side": "BUY", "type": "MARKET", **params}
        request = httpx.Request("POST", f"{HOST}{PLACE}", params=params)
        steps = plan(request, auth=auth, spec=spec.load(), retries=retries,
                     monotonic=self.fake.monotonic, jitter=lambda: 1.0,
                     budget=budget)  # type: ignore[arg-type]  # fmt: skip
        self.seen: list[str] = []
        self.sent: list[httpx.Request] = []
        self.result: httpx.Response | None = None
        self.error: bingx_spot.BingXError | None = None
        answers = iter(script)
        try:
            step = next(steps)
            while True:
                if isinstance(step, Call):
                    step = steps.send(step.run())
                elif isinstance(step, Wait):
                    self.seen.append(f"wait {step.seconds:g} ({step.reason})")
                    self.fake.advance(step.seconds)
                    step = steps.send(None)
                else:
                    assert isinstance(step, Send)
                    self.seen.append(f"send {step.request.url.path.rsplit('/', 1)[1]}")
                    self.sent.append(step.request)
                    outcome, took = next(answers)
                    if isinstance(outcome, bingx_spot.BingXError):
                        outcome = copy.copy(outcome)  # the plan writes its notes into it
                    self.fake.advance(took)
                    step = steps.send(outcome)
        except StopIteration as done:
            self.result = done.value
        except bingx_spot.BingXError as error:
            self.error = error
        assert next(answers, None) is None  # the script is used up

    def params(self, index: int) -> dict[str, str]:
        return dict(self.sent[index].url.params)

    @property
    def client_id(self) -> str:
        return self.params(0)["newClientOrderId"]

    def body(self) -> Any:
        assert self.result is not None, self.error
        return json.loads(self.result.content)


def test_every_placement_carries_a_client_id_the_client_makes() -> None:
    one, two = Run([(placed(), 0.1)]), Run([(placed(), 0.1)])

    assert one.seen == ["send order"]
    assert one.client_id.startswith("bxs_")
    assert len(one.client_id) == 36
    assert one.client_id != two.client_id  # random
    assert one.body()["data"]["orderId"] == 1


def test_a_lost_answer_is_looked_up_and_the_order_found_is_the_answer() -> None:
    done = Run([(LOST, 0.1), (found(), 0.1)])

    assert done.seen == ["send order", WINDOW, "send query"]
    lookup = done.params(1)
    assert lookup.pop("signature")
    assert lookup.pop("timestamp") == str(T0 + 6000)  # signed when it left, after the wait
    assert lookup == {"symbol": "BTC-USDT", "clientOrderID": done.client_id, "recvWindow": "5000"}
    assert done.sent[1].method == "GET"
    assert done.body()["data"]["orderId"] == ORDER_ID  # the order found, as placeOrder's answer
    assert done.result is not None
    assert done.result.request is done.sent[0]


class Ticking(FakeClock):
    """A clock that moves a millisecond at each reading, as a busy machine's does."""

    def monotonic(self) -> float:
        self.now += 0.001
        return super().monotonic()


def test_the_wait_for_the_recv_window_is_never_negative_on_a_clock_that_moves() -> None:
    # The lost attempt took nearly the whole window: at some of these lengths the wait's start
    # falls within a reading of its end (a negative wait, which time.sleep refuses).
    for tenths_of_ms in range(59_800, 60_100):
        done = Run([(LOST, tenths_of_ms / 10_000), (found(), 0.1)], clock=Ticking(T0))

        waits = [float(seen.split()[1]) for seen in done.seen if seen.startswith("wait")]
        assert all(wait >= 0 for wait in waits), (tenths_of_ms, done.seen)
        assert done.body()["data"]["orderId"] == ORDER_ID


def test_a_placement_bingx_never_got_is_sent_again_with_the_same_id() -> None:
    done = Run([(LOST, 0.1), (code(100404, "order not exist"), 0.1), (placed(), 0.1)])

    assert done.seen == ["send order", WINDOW, "send query", "wait 0.2 (retry 1 of 2 after "
                         "RequestTimeoutError)", "send order"]  # fmt: skip
    first, again = done.params(0), done.params(2)
    assert first["newClientOrderId"] == again["newClientOrderId"]
    assert first["timestamp"] != again["timestamp"]  # signed again, fresh
    assert first["signature"] != again["signature"]
    assert done.body()["data"]["orderId"] == 1


def test_swap_s_order_not_exist_code_counts_too() -> None:
    done = Run([(LOST, 0.1), (code(80016, "order does not exist"), 0.1), (placed(), 0.1)])
    assert done.seen[-1] == "send order"


def test_the_caller_s_own_id_is_the_one_looked_up() -> None:
    done = Run([(status(502), 0.1), (found("grid_17"), 0.1)], newClientOrderId="grid_17")

    assert done.params(0)["newClientOrderId"] == "grid_17"
    assert done.params(1)["clientOrderID"] == "grid_17"
    assert done.body()["data"]["clientOrderID"] == "grid_17"


@pytest.mark.parametrize(
    "ambiguous",
    [status(500), status(502), httpx.Response(200, content=b'{"code":0,"data":{"symb')],
    ids=["500", "502", "cut-short"],
)
def test_each_ambiguous_failure_is_looked_up(ambiguous: httpx.Response) -> None:
    done = Run([(ambiguous, 0.1), (found(), 0.1)])
    assert done.seen == ["send order", WINDOW, "send query"]


def test_no_wait_when_the_window_has_passed_already() -> None:
    done = Run([(LOST, 10.0), (found(), 0.1)])  # a 10 s read timeout
    assert done.seen == ["send order", "send query"]


@pytest.mark.parametrize(
    ("lookup", "reason"),
    [
        (LOST, "queryOrder failed: RequestTimeoutError"),
        (status(500), "queryOrder failed: ResponseError HTTP 500"),
        (code(100400, "invalid"), "queryOrder failed: BingX error 100400"),
        (code(100421, " cancel fail,  order not exist"), "queryOrder failed: BingX error 100421"),
        (code(100204, "no data"), "queryOrder failed: BingX error 100204"),
        (envelope(None), "queryOrder failed: ResponseError HTTP 200"),  # no order: not proof
        (envelope({"symbol": "BTC-USDT", "orderId": 1}), "queryOrder failed: ResponseError"),
    ],
)
def test_a_lookup_that_proves_nothing_raises_the_failure_with_the_client_id(
    lookup: object, reason: str
) -> None:
    done = Run([(LOST, 0.1), (lookup, 0.1)])

    assert done.seen == ["send order", WINDOW, "send query"]  # never sent again
    error = done.error
    assert isinstance(error, bingx_spot.RequestTimeoutError)
    assert error is LOST or str(error).startswith("read timed out")
    assert (error.sent, error.attempts, error.operation) == (True, 1, "placeOrder")
    assert error.client_order_id == done.client_id
    assert reason in str(error)
    assert f"look it up by client order id {done.client_id}" in str(error)


def test_when_the_window_outlasts_the_deadline_a_none_found_proves_nothing() -> None:
    done = Run([(LOST, 0.1), (code(100404), 0.1)], Retries(deadline=3.0))

    assert done.seen == ["send order", "send query"]  # asked at once
    assert isinstance(done.error, bingx_spot.NetworkError)
    assert "could still arrive" in str(done.error)


def test_when_the_window_outlasts_the_deadline_an_order_found_is_still_found() -> None:
    done = Run([(LOST, 0.1), (found(), 0.1)], Retries(deadline=3.0))
    assert done.body()["data"]["orderId"] == ORDER_ID


def test_with_retries_off_an_order_bingx_never_got_raises_saying_so() -> None:
    done = Run([(LOST, 0.1), (code(100404), 0.1)], Retries(max_retries=0))

    assert done.seen == ["send order", WINDOW, "send query"]
    assert isinstance(done.error, bingx_spot.NetworkError)
    assert "BingX has no order with client order id" in str(done.error)
    assert done.error.client_order_id == done.client_id


def test_each_resend_is_looked_up_again_within_the_retries() -> None:
    script = [(LOST, 0.1), (code(100404), 0.1)] * 2 + [(LOST, 0.1), (found(), 0.1)]
    done = Run(script)

    assert [s for s in done.seen if s.startswith("send")] == ["send order", "send query"] * 3
    assert len({done.params(i)["newClientOrderId"] for i in (0, 2, 4)}) == 1
    assert done.body()["data"]["orderId"] == ORDER_ID


def test_retries_used_up_raise_after_the_last_lookup() -> None:
    done = Run([(LOST, 0.1), (code(100404), 0.1)] * 3)
    assert isinstance(done.error, bingx_spot.NetworkError)
    assert done.error.attempts == 3
    assert "BingX has no order" in str(done.error)


def test_a_request_that_surely_never_left_is_sent_again_without_a_lookup() -> None:
    done = Run([(NEVER_SENT, 0.1), (placed(), 0.1)])
    assert done.seen == ["send order", "wait 0.2 (retry 1 of 2 after NetworkError)", "send order"]
    assert done.params(0)["newClientOrderId"] == done.params(1)["newClientOrderId"]


def test_bingx_s_refusal_is_raised_with_the_client_id_and_never_looked_up() -> None:
    done = Run([(code(100202, "insufficient balance"), 0.1)])

    assert done.seen == ["send order"]
    assert isinstance(done.error, bingx_spot.BingXAPIError)
    assert done.error.code == 100202
    assert done.error.client_order_id == done.client_id


# -- the order found must be this placement's (x-bingx-client-id's match) -----------------------

ANOTHER = "an order with another content holds client order id"


@pytest.mark.parametrize(
    "other",
    [
        found(side="SELL"),
        found(symbol="ETH-USDT"),
        found(type="LIMIT"),
        found("somebody_else"),
        found(time=T0 - 3_600_000),  # an hour before this placement was signed
        found(transactTime=(T0 - 3_600_000) // 1000),  # in seconds
        found(time=T0 - 1_001),  # beyond the clocks' disagreement
    ],
    ids=["side", "symbol", "type", "client-id", "time", "transact-time-s", "time-just-before"],
)
def test_an_order_found_with_another_content_is_never_the_answer_nor_sent_again(
    other: httpx.Response,
) -> None:
    done = Run([(LOST, 0.1), (other, 0.1)])

    assert done.seen == ["send order", WINDOW, "send query"]  # never sent again
    error = done.error
    assert isinstance(error, bingx_spot.RequestTimeoutError), done.result
    assert (error.sent, error.attempts) == (True, 1)
    assert error.client_order_id == done.client_id
    assert f"{ANOTHER} {done.client_id}" in str(error)


@pytest.mark.parametrize(
    "same",
    [
        found(time=T0 + 40),
        found(time=T0 - 1_000),  # within the clocks' disagreement
        found(transactTime=T0 // 1000),  # in seconds
        found(origQty="0.0001", price="1"),  # amounts are not compared: BingX truncates them
        found(side="buy", type="market", symbol="btc-usdt"),  # case aside
    ],
    ids=["time", "time-within-margin", "transact-time-s", "amounts", "case"],
)
def test_an_order_found_that_matches_the_placement_is_its_answer(same: httpx.Response) -> None:
    done = Run([(LOST, 0.1), (same, 0.1)])
    assert done.body()["data"]["orderId"] == ORDER_ID


def test_an_answer_that_does_not_say_a_matched_field_proves_nothing() -> None:
    done = Run([(LOST, 0.1), (found(side=None), 0.1)])

    assert done.seen == ["send order", WINDOW, "send query"]
    assert isinstance(done.error, bingx_spot.RequestTimeoutError)
    assert "queryOrder's answer does not say data.side" in str(done.error)
    assert ANOTHER not in str(done.error)


def test_the_caller_s_reused_id_found_on_an_older_order_is_not_this_placement() -> None:
    older = found("grid_17", side="BUY", type="MARKET", status="FILLED", time=T0 - 60_000)
    done = Run([(LOST, 0.1), (older, 0.1)], newClientOrderId="grid_17")

    assert isinstance(done.error, bingx_spot.NetworkError)
    assert f"{ANOTHER} grid_17" in str(done.error)
    assert "placed before this placement was sent" in str(done.error)


def test_a_resent_placement_is_matched_against_the_first_attempt_s_time() -> None:
    # Sent again after "none" (its first attempt never arrived): the order found after the
    # second may carry the second's time, never one before the first.
    script = [(LOST, 0.1), (code(100404), 0.1), (LOST, 0.1), (found(time=T0 + 6300), 0.1)]
    done = Run(script)
    assert done.body()["data"]["orderId"] == ORDER_ID


# -- BingX's busy codes on a placement: it may have been taken --------------------------------

BUSY = [
    code(100500, "The current system is busy, please try again later"),
    code(100503, "server busy"),
    code(80012, "service unavailable"),
]


@pytest.mark.parametrize("busy", BUSY, ids=["100500", "100503", "80012"])
def test_a_busy_answer_to_a_placement_is_looked_up_never_sent_blindly(
    busy: httpx.Response,
) -> None:
    done = Run([(busy, 0.1), (found(), 0.1)])

    assert done.seen == ["send order", WINDOW, "send query"]
    assert done.body()["data"]["orderId"] == ORDER_ID


@pytest.mark.parametrize("busy", BUSY, ids=["100500", "100503", "80012"])
def test_a_busy_placement_bingx_has_no_order_of_is_sent_again(busy: httpx.Response) -> None:
    done = Run([(busy, 0.1), (code(100404), 0.1), (placed(), 0.1)])

    assert done.seen == ["send order", WINDOW, "send query", "wait 0.2 (retry 1 of 2 after "
                         "BingX error " + str(json.loads(busy.content)["code"]) + ")",
                         "send order"]  # fmt: skip
    assert done.params(0)["newClientOrderId"] == done.params(2)["newClientOrderId"]
    assert done.body()["data"]["orderId"] == 1


def test_a_busy_placement_whose_lookup_proves_nothing_raises_it_sent() -> None:
    done = Run([(BUSY[0], 0.1), (status(502), 0.1)])

    assert isinstance(done.error, bingx_spot.ServerBusyError)
    assert (done.error.sent, done.error.attempts) == (True, 1)
    assert done.error.client_order_id == done.client_id
    assert f"look it up by client order id {done.client_id}" in str(done.error)


class Busy(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers every request with BingX's busy code, counting them."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return code(100500, "The current system is busy, please try again later")

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)


@pytest.mark.parametrize("mode", MODES)
def test_a_busy_answer_to_a_batch_is_never_sent_again(mode: str) -> None:
    busy = Busy()
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=busy,
                                    retries=Retries(backoff=0.01), rate_limit=False)  # fmt: skip
    orders = '[{"symbol":"BTC-USDT","side":"BUY","type":"LIMIT","quantity":"1","price":"1"}]'
    error = called(batch_orders, client, mode, data=orders)

    assert isinstance(error, bingx_spot.ServerBusyError)
    assert (error.sent, error.attempts) == (True, 1)
    assert len(busy.requests) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_busy_answer_to_an_idempotent_call_is_still_retried(mode: str) -> None:
    busy = Busy()
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=busy,
                                    retries=Retries(backoff=0.01), rate_limit=False)  # fmt: skip
    error = called(cancel_open_orders, client, mode, symbol="BTC-USDT")

    assert isinstance(error, bingx_spot.ServerBusyError)
    assert error.attempts == 3
    assert len(busy.requests) == 3


# -- the call's deadline used up before the lookup ----------------------------------------------


def test_a_deadline_used_up_by_the_attempt_leaves_no_lookup_and_says_so() -> None:
    done = Run([(LOST, 30.0)])  # the whole deadline, e.g. a body trickling in

    assert done.seen == ["send order"]
    assert isinstance(done.error, bingx_spot.RequestTimeoutError)
    assert done.error.sent is True
    assert "the call's deadline left no time to ask queryOrder" in str(done.error)
    assert "rate budget" not in str(done.error)


def test_operations_without_a_client_id_carry_none() -> None:
    auth = BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY)
    request = httpx.Request("POST", f"{HOST}/openApi/spot/v1/trade/cancelOpenOrders")
    call = auth.prepare(request)
    assert call.client_id is None
    assert "newClientOrderId" not in dict(call.params)


# -- end to end: a small exchange that loses what a test tells it to -----------------------------


class Exchange(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Places orders by client id and finds them by it. ``drop``: what to lose of the next
    placements, in order: "answer" (placed, the answer lost: a read timeout) or "request" (never
    arrived, but the client cannot tell: a read timeout too)."""

    def __init__(self, *drops: str) -> None:
        self.drops = list(drops)
        self.orders: dict[str, int] = {}
        self.placed: dict[str, dict[str, str]] = {}  # each order's placement, by client id
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        params = request.url.params
        if request.url.path == PLACE:
            drop = self.drops.pop(0) if self.drops else None
            if drop == "request":
                raise httpx.ReadTimeout("timed out", request=request)
            client_id = params["newClientOrderId"]
            self.orders[client_id] = ORDER_ID + len(self.orders)
            self.placed[client_id] = dict(params)
            if drop == "answer":
                raise httpx.ReadTimeout("timed out", request=request)
            return self.answer(client_id)
        assert request.url.path == QUERY
        client_id = params["clientOrderID"]
        if client_id not in self.orders:
            return code(100404, "order not exist")
        return self.answer(client_id)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)

    def placements(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == PLACE]

    def answer(self, client_id: str) -> httpx.Response:
        placed = self.placed[client_id]
        data = {"symbol": placed["symbol"], "orderId": self.orders[client_id], "status": "NEW",
                "side": placed["side"], "type": placed["type"], "clientOrderID": client_id,
                "time": int(placed["timestamp"])}  # fmt: skip
        return envelope(data)


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """No margin beyond the recvWindow: with recv_window=1 the lookup waits a millisecond."""
    monkeypatch.setattr(retry, "SETTLE_MARGIN", 0.0)


def place(exchange: Exchange, mode: str, **kwargs: Any) -> PlaceOrderResponse:
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange,
                                    retries=Retries(backoff=0.01), recv_window=1,
                                    rate_limit=False)  # fmt: skip
    arguments = {"symbol": "BTC-USDT", "side": "BUY", "type_": "MARKET", "quote_order_qty": "10"}
    result = called(place_order, client, mode, **{**arguments, **kwargs})
    if isinstance(result, bingx_spot.BingXError):
        raise result
    assert isinstance(result, PlaceOrderResponse)
    return result


@pytest.mark.usefixtures("quick")
@pytest.mark.parametrize("mode", MODES)
def test_a_dropped_answer_places_one_order_and_returns_it(mode: str) -> None:
    exchange = Exchange("answer")
    result = place(exchange, mode)

    [client_id] = exchange.orders
    assert len(exchange.placements()) == 1  # never sent twice
    assert result.data.order_id == exchange.orders[client_id] == ORDER_ID
    assert result.data.client_order_id == client_id
    assert [r.url.path for r in exchange.requests] == [PLACE, QUERY]


@pytest.mark.usefixtures("quick")
@pytest.mark.parametrize("mode", MODES)
def test_a_placement_that_never_arrived_is_sent_again_once(mode: str) -> None:
    exchange = Exchange("request")
    result = place(exchange, mode, new_client_order_id="grid_17")

    assert exchange.orders == {"grid_17": ORDER_ID}  # one order
    first, again = exchange.placements()
    assert first.url.params["newClientOrderId"] == again.url.params["newClientOrderId"]
    assert first.url.params["signature"] != again.url.params["signature"]
    assert result.data.order_id == ORDER_ID
    assert [r.url.path for r in exchange.requests] == [PLACE, QUERY, PLACE]


@pytest.mark.usefixtures("quick")
@pytest.mark.parametrize("mode", MODES)
def test_a_lookup_that_fails_too_raises_with_the_client_id(mode: str) -> None:
    class Unreachable(Exchange):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == QUERY:
                self.requests.append(request)
                raise httpx.ReadTimeout("timed out", request=request)
            return super().handle_request(request)

    exchange = Unreachable("answer")
    with pytest.raises(bingx_spot.RequestTimeoutError) as caught:
        place(exchange, mode)

    [client_id] = exchange.orders  # placed: the caller must look it up
    assert len(exchange.placements()) == 1
    assert caught.value.sent is True
    assert caught.value.client_order_id == client_id
    assert f"look it up by client order id {client_id}" in str(caught.value)


@pytest.mark.usefixtures("quick")
@pytest.mark.parametrize("mode", MODES)
def test_a_reused_id_never_turns_an_older_order_into_this_placement_s_answer(mode: str) -> None:
    # A filled BUY MARKET "grid_17", then a SELL LIMIT "grid_17" whose first attempt never
    # arrived: the lookup finds the BUY, which is not this placement.
    exchange = Exchange("", "request")
    place(exchange, mode, new_client_order_id="grid_17")
    with pytest.raises(bingx_spot.RequestTimeoutError) as caught:
        place(exchange, mode, new_client_order_id="grid_17", side="SELL", type_="LIMIT",
              quantity="0.5", price="45000", quote_order_qty=UNSET)  # fmt: skip

    assert [r.url.path for r in exchange.requests] == [PLACE, PLACE, QUERY]  # not sent again
    assert caught.value.sent is True
    assert caught.value.client_order_id == "grid_17"
    assert "an order with another content holds client order id grid_17" in str(caught.value)


class RefusingLate(Refusing):
    """Refuses the lookup as a budget does whose wait for room took the rest of the deadline."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(grants=1)
        self.clock = clock

    def reserve(self, op: spec.Operation, deadline: float) -> tuple[float, bool]:
        if self.reserved:
            self.clock.advance(PLAIN.deadline)
        return super().reserve(op, deadline)


def test_a_budget_with_no_room_for_the_lookup_says_which_ran_out() -> None:
    # A refusal with time left is the budget's doing; one after the deadline, the deadline's.
    no_room = Run([(LOST, 0.1)], budget=Refusing(grants=1))
    clock = FakeClock(T0)
    no_time = Run([(LOST, 0.1)], clock=clock, budget=RefusingLate(clock))

    assert no_room.seen == no_time.seen == ["send order", WINDOW]
    assert isinstance(no_room.error, bingx_spot.RequestTimeoutError)
    assert "the rate budget gave no room to ask queryOrder in time" in str(no_room.error)
    assert isinstance(no_time.error, bingx_spot.RequestTimeoutError)
    assert "the call's deadline left no time to ask queryOrder" in str(no_time.error)
    assert "rate budget" not in str(no_time.error)


@pytest.mark.parametrize("mode", MODES)
def test_a_deadline_used_up_says_so_with_a_rate_budget_too(mode: str) -> None:
    # The call's work before the placement leaves takes a few ms of the deadline.
    deadline = 0.15

    class Slow(Exchange):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            time.sleep(deadline + 0.05)  # the placement's answer takes the whole deadline
            self.requests.append(request)
            raise httpx.ReadTimeout("timed out", request=request)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(deadline + 0.05)
            self.requests.append(request)
            raise httpx.ReadTimeout("timed out", request=request)

    exchange = Slow()
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange,
                                    retries=Retries(deadline=deadline), rate_limit=True,
                                    account=f"deadline-{mode}")  # fmt: skip
    error = called(place_order, client, mode, symbol="BTC-USDT", side="BUY", type_="MARKET",
                   quote_order_qty="10")  # fmt: skip

    assert isinstance(error, bingx_spot.RequestTimeoutError)
    assert error.sent is True
    assert "the call's deadline left no time to ask queryOrder" in str(error)
    assert "rate budget" not in str(error)
