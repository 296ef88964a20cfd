"""The local exchange's openOrders and cancelAllAfter: the book as listed, and a countdown on the
exchange's clock that cancels every open order of the account when it runs out. BingX answers
``triggerTime`` in seconds (its documented example), refuses more than one cancelAllAfter a
second per account, and refuses ACTIVATE and CLOSE while a countdown's mass cancel runs."""

import json
import time

import httpx
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, demo_orders
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire import signing
from bingx_spot_client.api.trade import cancel_all_after, open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelAllAfter
from tests.clock import START_MS, FakeClock
from tests.conftest import local_client

ARM_PATH = "/openApi/spot/v1/trade/cancelAllAfter"
START = START_MS
START_S = START // 1000


@pytest.fixture
def exchange(clock: FakeClock) -> LocalExchange:
    return LocalExchange(clock=clock.ms)


def arm(client: AuthenticatedClient, kind: str = "ACTIVATE", seconds: int = 10) -> CancelAllAfter:
    return cancel_all_after.sync(client=client, type_=kind, time_out=seconds).data


def test_open_orders_lists_the_book_by_symbol(exchange: LocalExchange, clock: FakeClock) -> None:
    client = local_client(exchange, clock=clock.ms)
    everything = open_orders.sync(client=client)
    btc = open_orders.sync(client=client, symbol="BTC-USDT")

    assert [o.order_id for o in everything.data.orders] == [o["orderId"] for o in demo_orders()]
    assert [o.client_order_id for o in btc.data.orders] == ["kill-1", "kill-2"]
    assert [o.fee for o in btc.data.orders] == [0, 0]
    with pytest.raises(bingx_spot.InvalidParameterError):
        open_orders.sync(client=client, symbol="BTCUSDT")


def test_the_countdown_cancels_every_open_order(exchange: LocalExchange, clock: FakeClock) -> None:
    client = local_client(exchange, clock=clock.ms)
    assert arm(client).trigger_time == START_S + 10
    clock.advance(ms=9_000)
    assert arm(client, seconds=20).trigger_time == START_S + 29  # restarted
    clock.now = 28.999

    assert len(exchange.open_orders()) == 4
    assert exchange.fired == []

    clock.now = 29.0
    assert open_orders.sync(client=client).data.orders == []
    [fired] = exchange.fired
    assert (fired.at, fired.api_key) == (START + 29_000, DEMO_API_KEY)
    assert [o["orderId"] for o in fired.orders] == [o["orderId"] for o in demo_orders()]
    assert {o["status"] for o in fired.orders} == {"CANCELED"}


def test_close_stops_the_countdown(exchange: LocalExchange, clock: FakeClock) -> None:
    client = local_client(exchange, clock=clock.ms)
    arm(client)
    clock.advance(ms=1000)  # one cancelAllAfter a second
    closed = arm(client, "CLOSE")
    assert (closed.status, closed.trigger_time) == ("CLOSED", 0)
    clock.advance(ms=60_000)

    assert len(exchange.open_orders()) == 4
    assert exchange.fired == []


@pytest.mark.parametrize(
    ("kind", "seconds"),
    [("ACTIVATE", 9), ("ACTIVATE", 121), ("STOP", 10), ("CLOSE", 9), ("CLOSE", 121)],
)
def test_refuses_what_bingx_refuses(
    exchange: LocalExchange, clock: FakeClock, kind: str, seconds: int
) -> None:
    # Sent signed by hand: the SDK refuses a timeOut out of the spec's bounds before sending.
    params = [("type", kind), ("timeOut", str(seconds)), ("recvWindow", "5000")]
    query = signing.sign(params, DEMO_SECRET_KEY, clock.ms())
    request = httpx.Request("POST", f"https://open-api.bingx.com{ARM_PATH}?{query}",
                            headers={"X-BX-APIKEY": DEMO_API_KEY})  # fmt: skip
    body = json.loads(exchange.handle(request).content)

    assert body["code"] == 100400
    clock.advance(ms=200_000)
    assert exchange.fired == []


@pytest.mark.parametrize("kind", ["ACTIVATE", "CLOSE"])
def test_time_out_is_required_for_both_types(
    exchange: LocalExchange, clock: FakeClock, kind: str
) -> None:
    client = local_client(exchange, clock=clock.ms)
    arm(client)
    clock.advance(ms=1000)

    with pytest.raises(bingx_spot.InvalidParameterError) as refused:
        cancel_all_after.sync(client=client, type_=kind)

    assert refused.value.code == 100400
    assert "timeOut" in refused.value.msg
    clock.advance(ms=10_000)
    exchange.tick()
    assert len(exchange.fired) == 1  # a CLOSE without timeOut stopped nothing


def test_trigger_time_is_whole_seconds_floored_and_the_note_names_it() -> None:
    # BingX's documented example: triggerTime 1710389137 and this note; armed 30 s before,
    # 999 ms into a second, so only flooring gives that second.
    clock = FakeClock(1710389107_999)
    data = arm(local_client(LocalExchange(clock=clock.ms), clock=clock.ms), seconds=30)

    assert data.to_dict() == {
        "triggerTime": 1710389137,
        "status": "ACTIVATED",
        "note": "All your spot pending orders will be closed automatically at 2024-03-14 "
        "04:05:37 UTC(+0),before that you can cancel the timer, or extend triggerTime time by "
        "this request",
    }


def test_trigger_time_in_ms_when_asked(clock: FakeClock) -> None:
    clock.now = 0.999
    exchange = LocalExchange(clock=clock.ms, trigger_time_unit="ms")

    assert arm(local_client(exchange, clock=clock.ms), seconds=10).trigger_time == START + 10_999
    with pytest.raises(ValueError, match="trigger_time_unit"):
        LocalExchange(trigger_time_unit="us")  # type: ignore[arg-type]


def test_one_request_a_sliding_second(exchange: LocalExchange, clock: FakeClock) -> None:
    # The spec's uid rate for cancelAllAfter is 1/s (BingX's newest reference and the page's
    # own text), and the exchange enforces what the spec says.
    client = local_client(exchange, clock=clock.ms)
    arm(client)
    clock.advance(ms=999)

    with pytest.raises(bingx_spot.APIRateLimitError) as limited:
        arm(client, seconds=20)

    assert limited.value.code == 100410
    assert exchange.requests[-1].url.params["timeOut"] == "20"


def test_a_second_apart_is_within_the_rate(exchange: LocalExchange, clock: FakeClock) -> None:
    client = local_client(exchange, clock=clock.ms)
    arm(client)
    clock.advance(ms=1000)

    assert arm(client, seconds=20).trigger_time == START_S + 21


def test_while_the_mass_cancel_runs_both_types_are_refused(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms, firing_ms=1500)
    client = local_client(exchange, clock=clock.ms)
    arm(client)
    clock.now = 10.0  # it runs out
    refusals = []
    for kind in ("ACTIVATE", "CLOSE"):
        with pytest.raises(bingx_spot.InvalidParameterError) as refused:
            arm(client, kind)
        refusals.append((refused.value.code, refused.value.msg))
        clock.advance(ms=1000)  # within the rate

    assert refusals == [(100400, "cancel all after is being executed, please try again later")] * 2
    assert clock.ms() == START + 12_000  # past the 1.5 s of the mass cancel
    assert arm(client).status == "ACTIVATED"
    assert len(exchange.fired) == 1


def test_the_mass_cancel_refuses_only_its_account(clock: FakeClock) -> None:
    other = ("other-api-key", "other-secret-key")
    exchange = LocalExchange({DEMO_API_KEY: DEMO_SECRET_KEY, other[0]: other[1]}, clock=clock.ms)
    mine = local_client(exchange, clock=clock.ms)
    theirs = local_client(exchange, clock=clock.ms, api_key=other[0], secret_key=other[1])
    arm(mine)
    clock.now = 10.999  # the last ms of the default second of the mass cancel

    assert arm(theirs).status == "ACTIVATED"
    with pytest.raises(bingx_spot.InvalidParameterError):
        arm(mine)
    clock.advance(ms=1000)  # a second later, as the rate allows
    assert arm(mine).status == "ACTIVATED"


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_a_served_idle_exchange_fires_on_time(exchange: LocalExchange, clock: FakeClock) -> None:
    with LocalServer(exchange) as server:
        client = local_client(server, clock=clock.ms)
        with client:
            arm(client)
        clock.advance(ms=10_000)
        # No request and no read of the book: only the server's timer can fire it.
        give_up = time.monotonic() + 10
        while not exchange.fired and time.monotonic() < give_up:
            time.sleep(0.01)
        assert len(exchange.fired) == 1
        assert exchange.open_orders() == []
