"""The local exchange answers in BingX's real forms: openOrders and cancelOpenOrders field for
field as their captured bodies (docs/bingx-facts.md, "Cancel answers" and "Open orders"), and a
path BingX does not serve as BingX answers it."""

import asyncio
import json
from typing import Any

import pytest

import bingx_spot
from bingx_spot.cli.serve import parse_fault
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, Order, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_all_after, cancel_open_orders, open_orders
from bingx_spot_client.client import AuthenticatedClient
from tests.clock import START_MS, FakeClock
from tests.conftest import local_client

START = START_MS

# BingX's documented examples (docs-v3 @ d84f954), byte for byte (docs/bingx-facts.md,
# "Captured bodies").
OPEN_ORDERS_DOC = (
    '{"code":0,"msg":"","debugMsg":"","data":{"orders":[{"symbol":"BNB-USDC","orderId":'
    '1735930294290081280,"price":"255.27","StopPrice":"0","origQty":"0.16261","executedQty":"0",'
    '"cummulativeQuoteQty":"0","status":"PENDING","type":"LIMIT","side":"SELL","time":'
    '1702713008841,"updateTime":1702713008841,"origQuoteOrderQty":"0","fee":0}]}}'
)
CANCEL_DOC_ORDER = (
    '{"symbol":"GM-USDT","orderId":1735964997957275648,"transactTime":1702721242701,"price":'
    '"0.00000398","stopPrice":"0.00000398","origQty":"8061558","executedQty":"0",'
    '"cummulativeQuoteQty":"0","status":"CANCELED","type":"LIMIT","side":"SELL","clientOrderID":'
    '"2most51702721242645506402"}'
)


def answer(exchange: LocalExchange, clock: FakeClock, operation: Any, **kwargs: Any) -> Any:
    """The raw JSON the exchange answered ``operation`` through the SDK."""
    with local_client(exchange, clock=clock.ms) as client:
        response = operation.sync_detailed(client=client, **kwargs)
    return json.loads(response.content)


def test_open_orders_lists_each_order_as_the_captured_body(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    clock.advance(ms=5000)
    exchange.add_orders([Order(symbol="ETH-USDT", price="2500.5", order_id=7)])
    clock.advance(ms=60_000)  # read later: the times stay the placement's

    [mine] = answer(exchange, clock, open_orders, symbol="ETH-USDT")["data"]["orders"]

    [documented] = json.loads(OPEN_ORDERS_DOC)["data"]["orders"]
    assert list(mine) == list(documented)
    assert mine == {
        "symbol": "ETH-USDT", "orderId": 7, "price": "2500.5", "StopPrice": "0",
        "origQty": "0.001", "executedQty": "0", "cummulativeQuoteQty": "0", "status": "NEW",
        "type": "LIMIT", "side": "BUY", "time": START + 5000, "updateTime": START + 5000,
        "origQuoteOrderQty": "0", "fee": 0,
    }  # fmt: skip
    assert type(mine["fee"]) is int


def test_open_orders_carries_a_client_id_only_when_there_is_one(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    exchange.add_orders([Order(symbol="ETH-USDT", client_order_id="mine", order_id=8),
                         Order(symbol="ETH-USDT", client_order_id="", order_id=9)])  # fmt: skip

    listed = answer(exchange, clock, open_orders, symbol="ETH-USDT")["data"]["orders"]

    assert [o.get("clientOrderID") for o in listed] == ["mine", None]
    assert list(listed[0])[-2:] == ["fee", "clientOrderID"]
    for order in listed:
        assert not {"avgPrice", "feeAsset", "stopPrice", "transactTime"} & set(order)


def test_the_demo_book_was_placed_when_the_exchange_began(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    clock.advance(ms=3_600_000)

    listed = answer(exchange, clock, open_orders)["data"]["orders"]

    assert len(listed) == 4
    assert {(o["time"], o["updateTime"]) for o in listed} == {(START, START)}
    assert [o["clientOrderID"] for o in listed] == [
        "2most51702721242645506402", "kill-1", "kill-2", "kill-3"
    ]  # fmt: skip


def test_an_order_given_its_own_time_keeps_it(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    placed, changed = 1_735_000_000_123, 1_735_000_001_000
    exchange.add_orders([
        {"symbol": "ETH-USDT", "orderId": 5, "time": placed},
        {"symbol": "ETH-USDT", "orderId": 6, "time": placed, "updateTime": changed},
    ])  # fmt: skip

    listed = answer(exchange, clock, open_orders, symbol="ETH-USDT")["data"]["orders"]

    assert [(o["time"], o["updateTime"]) for o in listed] == [(placed, placed), (placed, changed)]


def test_cancel_answers_carry_a_client_id_only_when_the_order_has_one(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    exchange.add_orders([Order(symbol="GM-USDT", client_order_id="", order_id=9)])
    clock.advance(ms=2000)

    cancelled = answer(exchange, clock, cancel_open_orders, symbol="GM-USDT")["data"]["orders"]

    documented = json.loads(CANCEL_DOC_ORDER)
    assert [list(o) for o in cancelled] == [list(documented), [*documented][:-1]]
    assert cancelled[0] == {**documented, "transactTime": START + 2000}  # ms
    assert "clientOrderID" not in cancelled[1]


def test_a_fault_makes_every_cancelled_order_carry_an_empty_client_id(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    exchange.add_orders([Order(symbol="GM-USDT", order_id=9)])
    fault, times = parse_fault("empty_client_ids")  # as `local-exchange --fault` arms it
    exchange.inject(fault, times=times, operation="cancelOpenOrders")

    cancelled = answer(exchange, clock, cancel_open_orders, symbol="GM-USDT")["data"]["orders"]

    assert [(o["orderId"], o["clientOrderID"]) for o in cancelled] == [
        (1735964997957275648, ""), (9, "")
    ]  # fmt: skip
    assert [o["transactTime"] for o in cancelled] == [START, START]


def test_the_fault_reaches_the_parsed_model(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    exchange.inject(faults.empty_client_ids())

    with local_client(exchange, clock=clock.ms) as client:
        result = cancel_open_orders.sync(client=client, symbol="BTC-USDT")

    assert [o.client_order_id for o in result.data.orders] == ["", ""]


def test_the_countdown_cancels_in_the_cancel_answers_form(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms, countdown_ms_per_s=1)  # 10 s last 10 ms
    exchange.add_orders([Order(symbol="GM-USDT", order_id=9)])
    with local_client(exchange, clock=clock.ms) as client:
        cancel_all_after.sync(client=client, type_="ACTIVATE", time_out=10)
    clock.advance(ms=10)
    exchange.tick()

    [fired] = exchange.fired
    assert [list(o) for o in fired.orders][-1] == [*json.loads(CANCEL_DOC_ORDER)][:-1]
    assert {o["transactTime"] for o in fired.orders} == {START + 10}


# -- a path BingX does not serve ------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_client_maps_this_api_is_not_exist_like_any_100400(
    clock: FakeClock, method: str
) -> None:
    exchange = LocalExchange(clock=clock.ms)
    client = bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(), clock=clock.ms,
        rate_limit=False,
    )  # fmt: skip

    with client, pytest.raises(bingx_spot.InvalidParameterError) as refused:
        client.get_httpx_client().request(method, "/openApi/spot/v1/no/such/path")

    assert (refused.value.code, refused.value.msg) == (100400, "this api is not exist")
    assert refused.value.status_code == 200
    assert len(exchange.requests) == 1  # a bad parameter: not retried


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_over_loopback_and_async_too(clock: FakeClock) -> None:
    async def request(client: AuthenticatedClient) -> None:
        async with client:
            await client.get_async_httpx_client().get("/openApi/spot/v1/no/such/path")

    with LocalServer(LocalExchange(clock=clock.ms)) as server:
        client = local_client(server, clock=clock.ms)
        with pytest.raises(bingx_spot.InvalidParameterError) as refused:
            asyncio.run(request(client))

    assert (refused.value.code, refused.value.msg) == (100400, "this api is not exist")
