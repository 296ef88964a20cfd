"""GET /openApi/spot/v1/trade/myTrades (myTrades) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/my_trades/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

from decimal import Decimal
from typing import Any

import pytest

import bingx_spot
from bingx_spot_client.api.trade import my_trades
from bingx_spot_client.models import MyTradesResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import Operation, nothing

MY_TRADES = Operation(
    my_trades, "myTrades", "GET", "/openApi/spot/v1/trade/myTrades", MyTradesResponse
)
CAPTURE = "surface/myTrades_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_fills_of_a_symbol(target: Target, vcr: Any, mode: str) -> None:
    result = MY_TRADES.captured(target, vcr, mode, CAPTURE, symbol="BTC-USDT", limit=1000)

    MY_TRADES.check_sent(target, ["limit", "recvWindow", "symbol", "timestamp", "signature"],
                         limit="1000", symbol="BTC-USDT")  # fmt: skip
    fills = result.data.fills
    assert [(f.id, f.order_id) for f in fills] == [
        (36767057, 1745362930595004416),
        (36767058, 1745362930595004416),
    ]
    commissions = [f.commission for f in fills]
    assert commissions == [-0.000046483255, -1.2493e-7]  # bare floats, as sent
    charged = [bingx_spot.decimal(c) for c in commissions if isinstance(c, float)]
    assert charged == [Decimal("-0.000046483255"), Decimal("-1.2493E-7")]


@pytest.mark.parametrize("body", nothing("fills"))
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = MY_TRADES.answered(body, mode, symbol="BTC-USDT")

    assert result.data.fills == []
