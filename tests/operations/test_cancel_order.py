"""POST /openApi/spot/v1/trade/cancel (cancelOrder) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/cancel_order/ whose answer is BingX's
documented body (tests/fixtures/captures/surface/cancel_v3_doc_example.json), answered by
``make cassettes`` to the request the local exchange accepted (``Target.answer_with``,
tests/conftest.py). Each checks the request as it left the client, signature verified with
``hmac`` here, and the parsed model against the recorded body.
"""

from typing import Any

import pytest

import bingx_spot
from bingx_spot_client.api.trade import cancel_order
from bingx_spot_client.models import CancelOrderResponse
from bingx_spot_client.types import UNSET
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import answered, call, check_signed, recorded, recorded_body
from tests.variants import capture, exactly

PATH = "/openApi/spot/v1/trade/cancel"
CAPTURE = "surface/cancel_v3_doc_example.json"
ORDER_ID = 1735964079647111168  # above 2**53


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_by_order_id(target: Target, vcr: Any, mode: str) -> None:
    target.answer_with("cancelOrder", CAPTURE)
    result = call(cancel_order, target, mode, symbol="NEMS-USDT", order_id=ORDER_ID)

    [request] = target.sent
    check_signed(request, target, "POST", PATH,
                 ["orderId", "recvWindow", "symbol", "timestamp", "signature"],
                 orderId=str(ORDER_ID), symbol="NEMS-USDT")  # fmt: skip
    assert isinstance(result, CancelOrderResponse)
    assert recorded_body(vcr) == capture(CAPTURE)
    assert exactly(result.to_dict()) == exactly(recorded(vcr))
    order = result.data  # the order itself, not a list
    assert (order.symbol, order.order_id, order.status) == ("NEMS-USDT", ORDER_ID, "CANCELED")
    assert order.transact_time is UNSET  # BingX's single-cancel answer has none
    assert order.client_order_id is UNSET


@pytest.mark.parametrize(
    "body", [b'{"code":0,"msg":"","data":null}', b'{"code":0,"msg":"","data":{}}']
)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_order_is_a_response_error(body: bytes, mode: str) -> None:
    error = answered(cancel_order, body, mode, symbol="NEMS-USDT", client_order_id="mine_1")

    assert type(error) is bingx_spot.ResponseError  # never "cancelled" made up
    assert error.operation == "cancelOrder"
    assert "body.data.symbol is missing" in str(error)
