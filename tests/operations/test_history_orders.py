"""GET /openApi/spot/v1/trade/historyOrders (historyOrders) through the public contract, sync
and async.

Each scenario replays one cassette in tests/cassettes/history_orders/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

from typing import Any

import pytest

from bingx_spot_client.api.trade import history_orders
from bingx_spot_client.models import HistoryOrdersResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import Operation, nothing

HISTORY_ORDERS = Operation(
    history_orders, "historyOrders", "GET", "/openApi/spot/v1/trade/historyOrders",
    HistoryOrdersResponse,
)  # fmt: skip
CAPTURE = "surface/historyOrders_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_one_page_of_cancelled_orders(target: Target, vcr: Any, mode: str) -> None:
    result = HISTORY_ORDERS.captured(target, vcr, mode, CAPTURE, symbol="SWCH-USDT",
                                     status="CANCELED", page_index=1, page_size=100,
                                     start_time=1702720000000, end_time=1702722000000)  # fmt: skip

    keys = ["endTime", "pageIndex", "pageSize", "recvWindow", "startTime", "status", "symbol",
            "timestamp", "signature"]  # fmt: skip
    HISTORY_ORDERS.check_sent(target, keys, endTime="1702722000000", pageIndex="1",
                              pageSize="100", startTime="1702720000000", status="CANCELED",
                              symbol="SWCH-USDT")  # fmt: skip
    (order,) = result.data.orders
    assert (order.order_id, order.status) == (1735966927102231296, "CANCELED")
    assert (order.stop_price, order.fee, order.avg_price) == ("0", 0, "0.8881")


@pytest.mark.parametrize("body", nothing("orders"))
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = HISTORY_ORDERS.answered(body, mode, symbol="SWCH-USDT")

    assert result.data.orders == []
