"""The order lifecycle end to end through the SDK alone (``bingx_spot.make_client`` and the
generated operations), sync and async, against the local exchange: in process on its transport,
and through the pytest plugin's fixtures as a consumer's test would. Places LIMIT and MARKET
orders, lists, cancels one, cancels several, queries, reads the history, the fills and the
balances, and checks every amount moved, fees included."""

import asyncio
from collections.abc import Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange
from bingx_spot_client.api.account import balance, commission_rate
from bingx_spot_client.api.trade import (
    cancel_order,
    cancel_orders,
    history_orders,
    my_trades,
    open_orders,
    place_order,
    query_order,
)
from bingx_spot_client.client import AuthenticatedClient
from tests.calling import MODES
from tests.clock import FakeClock

START = 1_800_000_000_000
D = Decimal


class Caller:
    """Calls operations on one client, each ``.sync`` or each ``.asyncio`` (on one event loop,
    inside the client's context)."""

    def __init__(self, client: AuthenticatedClient, mode: str) -> None:
        self.client = client
        self.mode = mode
        self.loop = asyncio.new_event_loop()

    def __call__(self, operation: ModuleType, **params: Any) -> Any:
        if self.mode == "sync":
            return operation.sync(client=self.client, **params)
        return self.loop.run_until_complete(operation.asyncio(client=self.client, **params))

    def __enter__(self) -> "Caller":
        if self.mode == "sync":
            self.client.__enter__()
        else:
            self.loop.run_until_complete(self.client.__aenter__())
        return self

    def __exit__(self, *exc: object) -> None:
        if self.mode == "sync":
            self.client.__exit__(None, None, None)
        else:
            self.loop.run_until_complete(self.client.__aexit__(None, None, None))
        self.loop.close()


def trade(call: Caller, exchange: LocalExchange, tick: Any) -> dict[str, Any]:
    """The lifecycle; ``tick()`` moves the exchange's clock on (or not). Returns what it placed."""
    exchange.set_price("BTC-USDT", "40000")
    exchange.set_fee_rates(taker="0.001", maker="0.0005")
    exchange.fund("USDT", "1000")  # 100000 for the demo account, and this
    rates = call(commission_rate, symbol="BTC-USDT").data
    assert (rates.taker_commission_rate, rates.maker_commission_rate) == (0.001, 0.0005)

    # LIMIT orders rest and lock what they may spend; a price finer than the tick is truncated.
    buy = call(place_order, symbol="BTC-USDT", side="BUY", type_="LIMIT", quantity="0.1",
               price="39000.123456", new_client_order_id="buy_1").data  # fmt: skip
    tick()
    sells = [
        call(place_order, symbol="BTC-USDT", side="SELL", type_="LIMIT", quantity=qty,
             price=price).data
        for qty, price in (("0.2", "45000"), ("0.1", "46000"))
    ]  # fmt: skip
    tick()
    assert (buy.status, buy.price, buy.orig_qty) == ("PENDING", "39000.1234", "0.1")
    assert exchange.balance("USDT") == (D("101000") - D("3900.01234"), D("3900.01234"))
    assert exchange.balance("BTC") == (D("0.7"), D("0.3"))

    listed = call(open_orders, symbol="BTC-USDT").data.orders
    ours = {buy.order_id, *(s.order_id for s in sells)}
    assert ours <= {o.order_id for o in listed}
    assert {o.status for o in listed if o.order_id in ours} == {"PENDING"}

    # Cancel one (by client id), then several (by id): everything locked comes back.
    cancelled = call(cancel_order, symbol="BTC-USDT", client_order_id="buy_1").data
    assert (cancelled.order_id, cancelled.status) == (buy.order_id, "CANCELED")
    both = call(cancel_orders, symbol="BTC-USDT",
                order_ids=",".join(str(s.order_id) for s in sells)).data  # fmt: skip
    assert [(o.order_id, o.status) for o in both.orders] == [
        (s.order_id, "CANCELED") for s in sells
    ]
    assert both.fails == []
    assert exchange.balance("USDT") == (D(101000), D(0))
    assert exchange.balance("BTC") == (D(1), D(0))
    tick()

    # MARKET orders fill at the price set, as taker: a BUY by quote amount, a SELL by quantity.
    bought = call(place_order, symbol="BTC-USDT", side="BUY", type_="MARKET",
                  quote_order_qty="2000").data  # fmt: skip
    tick()
    sold = call(place_order, symbol="BTC-USDT", side="SELL", type_="MARKET",
                quantity="0.02").data  # fmt: skip
    assert (bought.status, bought.executed_qty, bought.cummulative_quote_qty) == (
        "FILLED", "0.05", "2000")  # fmt: skip
    assert (sold.status, sold.executed_qty, sold.cummulative_quote_qty) == ("FILLED", "0.02", "800")
    # BUY: 2000 USDT for 0.05 BTC less 0.1% in BTC; SELL: 0.02 BTC for 800 USDT less 0.1% in USDT
    assert exchange.balance("BTC") == (D(1) + D("0.05") - D("0.00005") - D("0.02"), D(0))
    assert exchange.balance("USDT") == (D(101000) - 2000 + 800 - D("0.8"), D(0))

    found = call(query_order, symbol="BTC-USDT", order_id=bought.order_id).data
    assert (found.status, found.avg_price, found.fee_asset) == ("FILLED", "40000", "BTC")
    assert (found.executed_qty, found.orig_quote_order_qty) == ("0.05", "2000")

    wallet = {b.asset: (b.free, b.locked) for b in call(balance).data.balances}
    assert wallet["USDT"] == ("99799.2", "0")
    assert wallet["BTC"] == ("1.02995", "0")
    assert wallet["ETH"] == ("10", "0")
    return {"buy": buy, "sells": sells, "bought": bought, "sold": sold}


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def local(clock: FakeClock) -> LocalExchange:
    return LocalExchange(clock=clock.ms)


@pytest.fixture
def caller(local: LocalExchange, clock: FakeClock, mode: str) -> Iterator[Caller]:
    client = bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, transport=local.transport(), clock=clock.ms, rate_limit=False
    )
    with Caller(client, mode) as call:
        yield call


def test_the_lifecycle_on_the_transport(
    caller: Caller, local: LocalExchange, clock: FakeClock
) -> None:
    def tick() -> None:
        clock.advance(ms=1000)

    placed = trade(caller, local, tick)

    history = caller(history_orders, symbol="BTC-USDT").data.orders
    assert [(o.order_id, o.status) for o in history] == [
        (placed["sold"].order_id, "FILLED"),
        (placed["bought"].order_id, "FILLED"),
        *((s.order_id, "CANCELED") for s in reversed(placed["sells"])),
        (placed["buy"].order_id, "CANCELED"),
    ]
    fills = caller(my_trades, symbol="BTC-USDT").data.fills
    assert [(f.order_id, f.qty, f.commission, f.commission_asset) for f in fills] == [
        (placed["bought"].order_id, "0.05", -0.00005, "BTC"),
        (placed["sold"].order_id, "0.02", -0.8, "USDT"),
    ]
    assert [(f.time, f.is_buyer, f.is_maker) for f in fills] == [
        (START + 3000, True, False),
        (START + 4000, False, False),
    ]


def test_the_lifecycle_through_the_plugin_fixtures(
    bingx_exchange: LocalExchange, bingx_client: AuthenticatedClient, mode: str
) -> None:
    with Caller(bingx_client, mode) as call:
        placed = trade(call, bingx_exchange, lambda: None)
        history = call(history_orders, symbol="BTC-USDT").data.orders
        fills = call(my_trades, symbol="BTC-USDT").data.fills

    statuses = {o.order_id: o.status for o in history}
    assert statuses == {
        placed["buy"].order_id: "CANCELED",
        **{s.order_id: "CANCELED" for s in placed["sells"]},
        placed["bought"].order_id: "FILLED",
        placed["sold"].order_id: "FILLED",
    }
    assert [f.order_id for f in fills] == [placed["bought"].order_id, placed["sold"].order_id]
