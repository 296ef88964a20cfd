"""The local exchange's openOrders and cancelAllAfter: the book as listed, and a countdown on the
exchange's clock that cancels every open order of the account when it runs out."""

import time

import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, LocalExchange, demo_orders
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_all_after, open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelAllAfter
from tests.conftest import local_client

START = 1_800_000_000_000


class Clock:
    def __init__(self) -> None:
        self.ms = START

    def __call__(self) -> int:
        return self.ms


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def exchange(clock: Clock) -> LocalExchange:
    return LocalExchange(clock=clock)


def arm(client: AuthenticatedClient, kind: str = "ACTIVATE", seconds: int = 10) -> CancelAllAfter:
    return cancel_all_after.sync(client=client, type_=kind, time_out=seconds).data


def test_open_orders_lists_the_book_by_symbol(exchange: LocalExchange, clock: Clock) -> None:
    client = local_client(exchange, clock=clock)
    everything = open_orders.sync(client=client)
    btc = open_orders.sync(client=client, symbol="BTC-USDT")

    assert [o.order_id for o in everything.data.orders] == [o["orderId"] for o in demo_orders()]
    assert [o.client_order_id for o in btc.data.orders] == ["kill-1", "kill-2"]
    assert [o.fee for o in btc.data.orders] == ["0", "0"]
    with pytest.raises(bingx_spot.InvalidParameterError):
        open_orders.sync(client=client, symbol="BTCUSDT")


def test_the_countdown_cancels_every_open_order(exchange: LocalExchange, clock: Clock) -> None:
    client = local_client(exchange, clock=clock)
    assert arm(client).trigger_time == START + 10_000
    clock.ms += 9_000
    assert arm(client, seconds=20).trigger_time == START + 29_000  # restarted
    clock.ms = START + 28_999

    assert len(exchange.open_orders()) == 4
    assert exchange.fired == []

    clock.ms = START + 29_000
    assert open_orders.sync(client=client).data.orders == []
    [fired] = exchange.fired
    assert (fired.at, fired.api_key) == (START + 29_000, DEMO_API_KEY)
    assert [o["orderId"] for o in fired.orders] == [o["orderId"] for o in demo_orders()]
    assert {o["status"] for o in fired.orders} == {"CANCELED"}


def test_close_stops_the_countdown(exchange: LocalExchange, clock: Clock) -> None:
    client = local_client(exchange, clock=clock)
    arm(client)
    assert arm(client, "CLOSE").status == "CLOSED"
    clock.ms += 60_000

    assert len(exchange.open_orders()) == 4
    assert exchange.fired == []


@pytest.mark.parametrize(("kind", "seconds"), [("ACTIVATE", 9), ("ACTIVATE", 121), ("STOP", 10)])
def test_refuses_what_bingx_refuses(
    exchange: LocalExchange, clock: Clock, kind: str, seconds: int
) -> None:
    with pytest.raises(bingx_spot.InvalidParameterError):
        arm(local_client(exchange, clock=clock), kind, seconds)
    clock.ms += 200_000
    assert exchange.fired == []


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_a_served_idle_exchange_fires_on_time(exchange: LocalExchange, clock: Clock) -> None:
    with LocalServer(exchange) as server:
        client = local_client(server, clock=clock)
        with client:
            arm(client)
        clock.ms += 10_000
        # No request and no read of the book: only the server's timer can fire it.
        give_up = time.monotonic() + 10
        while not exchange.fired and time.monotonic() < give_up:
            time.sleep(0.01)
        assert len(exchange.fired) == 1
        assert exchange.open_orders() == []
