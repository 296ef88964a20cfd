"""GET /openApi/spot/v1/trade/query (queryOrder) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/query_order/ whose answer is BingX's
documented body (tests/fixtures/captures/surface/query_v3_doc_example.json), answered by
``make cassettes`` to the request the local exchange accepted (``Target.answer_with``,
tests/conftest.py). Each checks the request as it left the client, signature verified with
``hmac`` here, and the parsed model against the recorded body.
"""

from typing import Any

import pytest

import bingx_spot
from bingx_spot_client.api.trade import query_order
from bingx_spot_client.models import QueryOrderResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import answered, call, check_signed, recorded, recorded_body
from tests.variants import capture, exactly

PATH = "/openApi/spot/v1/trade/query"
CAPTURE = "surface/query_v3_doc_example.json"
ORDER_ID = 1735965009395131136  # above 2**53


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_by_order_id(target: Target, vcr: Any, mode: str) -> None:
    target.answer_with("queryOrder", CAPTURE)
    result = call(query_order, target, mode, symbol="BRG-USDT", order_id=ORDER_ID)

    [request] = target.sent
    check_signed(request, target, "GET", PATH,
                 ["orderId", "recvWindow", "symbol", "timestamp", "signature"],
                 orderId=str(ORDER_ID), symbol="BRG-USDT")  # fmt: skip
    assert isinstance(result, QueryOrderResponse)
    assert recorded_body(vcr) == capture(CAPTURE)
    assert exactly(result.to_dict()) == exactly(recorded(vcr))
    order = result.data
    assert (order.symbol, order.order_id, order.status) == ("BRG-USDT", ORDER_ID, "PENDING")
    assert order.stop_price == "0"  # sent as StopPrice
    assert order.fee == "0"  # a string here
    assert (order.fee_asset, order.avg_price) == ("BRG", "0.0005028")


@pytest.mark.parametrize(
    "body", [b'{"code":0,"msg":"","data":null}', b'{"code":0,"msg":"","data":{}}']
)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_order_is_a_response_error(body: bytes, mode: str) -> None:
    error = answered(query_order, body, mode, symbol="BRG-USDT", client_order_id="mine_1")

    assert type(error) is bingx_spot.ResponseError
    assert error.operation == "queryOrder"
    assert "body.data.symbol is missing" in str(error)
