"""GET /openApi/spot/v1/trade/query (queryOrder) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/query_order/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

from typing import Any

import pytest

from bingx_spot_client.api.trade import query_order
from bingx_spot_client.models import QueryOrderResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import NO_OBJECT, Operation

QUERY_ORDER = Operation(
    query_order, "queryOrder", "GET", "/openApi/spot/v1/trade/query", QueryOrderResponse
)
CAPTURE = "surface/query_v3_doc_example.json"
ORDER_ID = 1735965009395131136  # above 2**53


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_by_order_id(target: Target, vcr: Any, mode: str) -> None:
    result = QUERY_ORDER.captured(target, vcr, mode, CAPTURE, symbol="BRG-USDT",
                                  order_id=ORDER_ID)  # fmt: skip

    QUERY_ORDER.check_sent(target, ["orderId", "recvWindow", "symbol", "timestamp", "signature"],
                           orderId=str(ORDER_ID), symbol="BRG-USDT")  # fmt: skip
    order = result.data
    assert (order.symbol, order.order_id, order.status) == ("BRG-USDT", ORDER_ID, "PENDING")
    assert order.stop_price == "0"  # sent as StopPrice
    assert order.fee == "0"  # a string here
    assert (order.fee_asset, order.avg_price) == ("BRG", "0.0005028")


@pytest.mark.parametrize("body", NO_OBJECT)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_order_is_a_response_error(body: bytes, mode: str) -> None:
    error = QUERY_ORDER.answered(body, mode, symbol="BRG-USDT", client_order_id="mine_1")

    QUERY_ORDER.check_missing(error, "symbol")
