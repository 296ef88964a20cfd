"""POST /openApi/spot/v1/trade/cancel (cancelOrder) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/cancel_order/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

from typing import Any

import pytest

from bingx_spot_client.api.trade import cancel_order
from bingx_spot_client.models import CancelOrderResponse
from bingx_spot_client.types import UNSET
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import NO_OBJECT, Operation

CANCEL_ORDER = Operation(
    cancel_order, "cancelOrder", "POST", "/openApi/spot/v1/trade/cancel", CancelOrderResponse
)
CAPTURE = "surface/cancel_v3_doc_example.json"
ORDER_ID = 1735964079647111168  # above 2**53


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_by_order_id(target: Target, vcr: Any, mode: str) -> None:
    result = CANCEL_ORDER.captured(target, vcr, mode, CAPTURE, symbol="NEMS-USDT",
                                   order_id=ORDER_ID)  # fmt: skip

    CANCEL_ORDER.check_sent(target, ["orderId", "recvWindow", "symbol", "timestamp", "signature"],
                            orderId=str(ORDER_ID), symbol="NEMS-USDT")  # fmt: skip
    order = result.data  # the order itself, not a list
    assert (order.symbol, order.order_id, order.status) == ("NEMS-USDT", ORDER_ID, "CANCELED")
    assert order.transact_time is UNSET  # BingX's single-cancel answer has none
    assert order.client_order_id is UNSET


@pytest.mark.parametrize("body", NO_OBJECT)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_order_is_a_response_error(body: bytes, mode: str) -> None:
    error = CANCEL_ORDER.answered(body, mode, symbol="NEMS-USDT", client_order_id="mine_1")

    CANCEL_ORDER.check_missing(error, "symbol")  # never "cancelled" made up
