"""GET /openApi/spot/v1/trade/openOrders through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/open_orders/: the request as it left the
client (signature verified with ``hmac``), and the parsed model giving back the recorded body.
"""

from typing import Any

import pytest

import bingx_spot
from bingx_spot_client.api.trade import open_orders
from bingx_spot_client.models import OpenOrdersResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import NOTHING, Operation, call, recorded

OPEN_ORDERS = Operation(
    open_orders, "openOrders", "GET", "/openApi/spot/v1/trade/openOrders", OpenOrdersResponse
)


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_one_symbol(target: Target, vcr: Any, mode: str) -> None:
    result = OPEN_ORDERS.replayed(target, vcr, mode, symbol="BTC-USDT")

    OPEN_ORDERS.check_sent(target, ["recvWindow", "symbol", "timestamp", "signature"],
                           recvWindow="5000", symbol="BTC-USDT")  # fmt: skip
    orders = result.data.orders
    assert {order.symbol for order in orders} == {"BTC-USDT"}
    if not target.live:
        assert [order.order_id for order in orders] == [1735964997957275649, 1735964997957275650]
        assert [order.stop_price for order in orders] == ["42000.5", "43999.9"]  # "StopPrice"
        assert {order.status for order in orders} == {"NEW"}


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_all_symbols(target: Target, vcr: Any, mode: str) -> None:
    result = OPEN_ORDERS.replayed(target, vcr, mode, recv_window=10000)

    OPEN_ORDERS.check_sent(target, ["recvWindow", "timestamp", "signature"], recvWindow="10000")
    if not target.live:
        assert [order.symbol for order in result.data.orders] == [
            "GM-USDT",
            "BTC-USDT",
            "BTC-USDT",
            "OTHR#99961-USDT",
        ]


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_nothing_open(target: Target, vcr: Any, mode: str) -> None:
    result = OPEN_ORDERS.replayed(target, vcr, mode, symbol="ETH-USDT")

    OPEN_ORDERS.check_sent(target, ["recvWindow", "symbol", "timestamp", "signature"],
                           symbol="ETH-USDT")  # fmt: skip
    assert result.data.orders == []


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_invalid_symbol(target: Target, vcr: Any, mode: str) -> None:
    error = call(open_orders, target, mode, symbol="BTCUSDT")

    OPEN_ORDERS.check_sent(target, ["recvWindow", "symbol", "timestamp", "signature"],
                           symbol="BTCUSDT")  # fmt: skip
    assert type(error) is bingx_spot.InvalidParameterError
    assert (error.code, error.msg) == (recorded(vcr)["code"], recorded(vcr)["msg"])
    assert error.code == 100400
    assert error.operation == "openOrders"


@pytest.mark.parametrize("body", NOTHING)
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = OPEN_ORDERS.answered(body, mode, symbol="ETH-USDT")

    assert result.data.orders == []
