"""Each injected fault, seen through the SDK with retries off, in process and over loopback."""

import asyncio
import json
from collections.abc import Iterator

import pytest

import bingx_spot
from bingx_spot.testing import LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire.retry import Retries
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.models import CancelOpenOrdersResponse
from tests.clock import FakeClock
from tests.conftest import NewClient, local_client

ONCE = Retries(max_retries=0)


@pytest.fixture
def served(exchange: LocalExchange) -> Iterator[LocalServer]:
    with LocalServer(exchange) as server:
        yield server


def orders(result: CancelOpenOrdersResponse) -> list[dict[str, object]]:
    return [order.to_dict() for order in result.data.orders]


def test_fails_n_times_then_succeeds(exchange: LocalExchange, new_client: NewClient) -> None:
    exchange.inject(faults.error(100500, "busy"), times=2)
    client = new_client(retries=ONCE)
    for _ in range(2):
        with pytest.raises(bingx_spot.ServerBusyError):
            cancel_open_orders.sync(client=client, symbol="BTC-USDT")

    assert len(orders(cancel_open_orders.sync(client=client, symbol="BTC-USDT"))) == 2


def test_a_fault_can_target_one_operation(exchange: LocalExchange, new_client: NewClient) -> None:
    exchange.inject(faults.html(502), operation="serverTime")
    client = new_client(retries=ONCE)

    assert len(orders(cancel_open_orders.sync(client=client, symbol="BTC-USDT"))) == 2


def test_rewrites_keep_the_cancel_and_parse(exchange: LocalExchange, new_client: NewClient) -> None:
    client = new_client(retries=ONCE)
    exchange.inject(faults.unknown_enums())
    [order] = orders(cancel_open_orders.sync(client=client, symbol="GM-USDT"))
    assert (order["status"], order["type"], order["side"]) == ("WORKING", "ICEBERG_LIMIT", "HOLD")

    exchange.inject(faults.numeric_prices())
    first, _ = orders(cancel_open_orders.sync(client=client, symbol="BTC-USDT"))
    assert (first["price"], first["origQty"]) == (42000.5, 0.0012)

    exchange.inject(faults.extra_fields())
    result = cancel_open_orders.sync(client=client, symbol="OTHR#99961-USDT")
    [order] = orders(result)
    assert order["fee"] == {"asset": "USDT"}
    assert result.additional_properties == {"success": True}

    exchange.inject(faults.null_data())
    exchange.add_orders([{"symbol": "ETH-USDT", "orderId": 1}])
    result = cancel_open_orders.sync(client=client, symbol="ETH-USDT")
    assert result.data.orders == []  # data: null reads as nothing listed
    assert exchange.open_orders() == []


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (faults.html(200), bingx_spot.ResponseError),
        (faults.html(502), bingx_spot.ResponseError),
        (faults.not_json(), bingx_spot.ResponseError),
        (faults.truncated(), bingx_spot.ResponseError),
        (faults.status(429, headers={"Retry-After": "1"}), bingx_spot.HTTPRateLimitError),
        (faults.status(418), bingx_spot.HTTPRateLimitError),
        (faults.status(500), bingx_spot.ResponseError),
        (faults.drop(), bingx_spot.NetworkError),
        (faults.slow(0.3), bingx_spot.RequestTimeoutError),
    ],
)
@pytest.mark.parametrize("where", ["in_process", "over_loopback"])
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_failures_raise(
    exchange: LocalExchange,
    served: LocalServer,
    fault: faults.Fault,
    error: type[bingx_spot.BingXError],
    where: str,
) -> None:
    exchange.inject(fault)
    # The slow answer (0.3 s) waits out the read timeout. The others come at once, but over
    # loopback on a loaded machine not always within 0.1 s: their timeout is far longer.
    timeout = 0.05 if error is bingx_spot.RequestTimeoutError else 5.0
    where_to = exchange if where == "in_process" else served
    client = local_client(where_to, timeout=timeout, retries=ONCE)
    with client, pytest.raises(error):
        cancel_open_orders.sync(client=client, symbol="BTC-USDT")


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_async_over_loopback(served: LocalServer) -> None:
    async def run() -> CancelOpenOrdersResponse:
        async with local_client(served, retries=ONCE) as client:
            return await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")

    assert [o["orderId"] for o in orders(asyncio.run(run()))] == [
        1735964997957275649,
        1735964997957275650,
    ]


def test_slow_but_within_the_timeout_answers(
    exchange: LocalExchange,
    new_client: NewClient,
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    monkeypatch.setattr(faults, "time", clock)  # in process, the delay is a sleep: on the clock
    exchange.inject(faults.slow(0.05))
    result = cancel_open_orders.sync_detailed(client=new_client(retries=ONCE), symbol="BTC-USDT")
    assert json.loads(result.content)["code"] == 0
    assert clock.sleeps == [0.05]
