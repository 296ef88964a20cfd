"""GET /openApi/spot/v1/trade/historyOrders (historyOrders) through the public contract, sync
and async.

Each scenario replays one cassette in tests/cassettes/history_orders/ whose answer is BingX's
documented body (tests/fixtures/captures/surface/historyOrders_v3_doc_example.json), answered by
``make cassettes`` to the request the local exchange accepted (``Target.answer_with``,
tests/conftest.py). Each checks the request as it left the client, signature verified with
``hmac`` here, and the parsed model against the recorded body.
"""

from typing import Any

import pytest

from bingx_spot_client.api.trade import history_orders
from bingx_spot_client.models import HistoryOrdersResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import (
    answered,
    call,
    check_signed,
    nothing,
    recorded,
    recorded_body,
)
from tests.variants import capture, exactly

PATH = "/openApi/spot/v1/trade/historyOrders"
CAPTURE = "surface/historyOrders_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_one_page_of_cancelled_orders(target: Target, vcr: Any, mode: str) -> None:
    target.answer_with("historyOrders", CAPTURE)
    result = call(history_orders, target, mode, symbol="SWCH-USDT", status="CANCELED",
                  page_index=1, page_size=100, start_time=1702720000000,
                  end_time=1702722000000)  # fmt: skip

    [request] = target.sent
    keys = ["endTime", "pageIndex", "pageSize", "recvWindow", "startTime", "status", "symbol",
            "timestamp", "signature"]  # fmt: skip
    check_signed(request, target, "GET", PATH, keys, endTime="1702722000000", pageIndex="1",
                 pageSize="100", startTime="1702720000000", status="CANCELED",
                 symbol="SWCH-USDT")  # fmt: skip
    assert isinstance(result, HistoryOrdersResponse)
    assert recorded_body(vcr) == capture(CAPTURE)
    assert exactly(result.to_dict()) == exactly(recorded(vcr))
    (order,) = result.data.orders
    assert (order.order_id, order.status) == (1735966927102231296, "CANCELED")
    assert (order.stop_price, order.fee, order.avg_price) == ("0", 0, "0.8881")


@pytest.mark.parametrize("body", nothing("orders"))
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = answered(history_orders, body, mode, symbol="SWCH-USDT")

    assert result.data.orders == []
