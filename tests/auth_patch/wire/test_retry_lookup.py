"""A placement is never sent twice: after an ambiguous failure the plan asks BingX for the
order's client id (``x-bingx-client-id`` in the spec) and returns what it finds, or sends the
order again only when BingX says none exists. Driven step by step on fake time, then end to end,
sync and async, on a small exchange that loses answers or requests."""

import json
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from bingx_spot.wire import retry, spec
from bingx_spot.wire.auth import BingXAuth
from bingx_spot.wire.retry import Retries, Send, Wait, plan
from bingx_spot_client.api.trade import place_order
from bingx_spot_client.models import PlaceOrderResponse
from tests.calling import MODES, called

PLACE = "/openApi/spot/v1/trade/order"
QUERY = "/openApi/spot/v1/trade/query"
HOST = "https://open-api.bingx.com"
T0 = 1_700_000_000_000
ORDER_ID = 1735963671248581120  # above 2**53
PLAIN = Retries(backoff=0.2, max_backoff=2.0)
LOST = bingx_spot.RequestTimeoutError("read timed out", sent=True)
NEVER_SENT = bingx_spot.NetworkError("refused", sent=False)
WINDOW = "wait 5.9 (until the attempt's recvWindow has passed)"  # 5 s + 1 s margin - 0.1 s


class FakeTime:
    def __init__(self) -> None:
        self.now_ms = T0

    def advance(self, seconds: float) -> None:
        self.now_ms += round(seconds * 1000)

    def monotonic(self) -> float:
        return self.now_ms / 1000

    def ms(self) -> int:
        return self.now_ms


def envelope(data: object, code: int = 0, msg: str = "") -> httpx.Response:
    return httpx.Response(200, json={"code": code, "msg": msg, "data": data})


def placed() -> httpx.Response:
    return envelope({"symbol": "BTC-USDT", "orderId": 1, "status": "PENDING"})


def found(client_id: str = "") -> httpx.Response:
    """queryOrder's answer: the order itself, with query's own fields."""
    return envelope({"symbol": "BTC-USDT", "orderId": ORDER_ID, "status": "NEW", "price": "0.1",
                     "StopPrice": "0", "avgPrice": "0", "clientOrderID": client_id})  # fmt: skip


def code(number: int, msg: str = "refused") -> httpx.Response:
    return httpx.Response(200, json={"code": number, "msg": msg})


def status(number: int) -> httpx.Response:
    return httpx.Response(number, content=b"<html>bad gateway</html>")


class Run:
    """A plan driven over a script of (outcome, seconds it takes), one per Send."""

    def __init__(self, script: list[tuple[object, float]], retries: Retries = PLAIN,
                 **params: str) -> None:  # fmt: skip
        self.fake = FakeTime()
        auth = BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY, clock=self.fake.ms)
        params = {"symbol": "BTC-USDT", "side": "BUY", "type": "MARKET", **params}
        request = httpx.Request("POST", f"{HOST}{PLACE}", params=params)
        steps = plan(request, auth=auth, spec=spec.load(), retries=retries,
                     monotonic=self.fake.monotonic, jitter=lambda: 1.0)  # fmt: skip
        self.seen: list[str] = []
        self.sent: list[httpx.Request] = []
        self.result: httpx.Response | None = None
        self.error: bingx_spot.BingXError | None = None
        answers = iter(script)
        try:
            step = next(steps)
            while True:
                if isinstance(step, Wait):
                    self.seen.append(f"wait {step.seconds:g} ({step.reason})")
                    self.fake.advance(step.seconds)
                    step = steps.send(None)
                else:
                    assert isinstance(step, Send)
                    self.seen.append(f"send {step.request.url.path.rsplit('/', 1)[1]}")
                    self.sent.append(step.request)
                    outcome, took = next(answers)
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
            if drop == "answer":
                raise httpx.ReadTimeout("timed out", request=request)
            return placed_as(client_id, self.orders[client_id])
        assert request.url.path == QUERY
        client_id = params["clientOrderID"]
        if client_id not in self.orders:
            return code(100404, "order not exist")
        return placed_as(client_id, self.orders[client_id])

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)

    def placements(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == PLACE]


def placed_as(client_id: str, order_id: int) -> httpx.Response:
    data = {"symbol": "BTC-USDT", "orderId": order_id, "status": "NEW", "clientOrderID": client_id}
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
