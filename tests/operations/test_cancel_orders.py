"""POST /openApi/spot/v1/trade/cancelOrders (cancelOrders) through the public contract, sync
and async.

Each scenario replays one cassette in tests/cassettes/cancel_orders/ whose answer is a body
BingX was captured sending: its documented example (orders and a `fails` entry, a string id)
and a live answer with a junk element (tests/fixtures/captures/), checked as
``Operation.captured`` (tests/operation_checks.py) says, and the request as it left the client,
signature verified with ``hmac``.
"""

from typing import Any

import pytest

from bingx_spot_client.api.trade import cancel_orders
from bingx_spot_client.models import CancelOrdersResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import Operation

CANCEL_ORDERS = Operation(
    cancel_orders, "cancelOrders", "POST", "/openApi/spot/v1/trade/cancelOrders",
    CancelOrdersResponse,
)  # fmt: skip
KEYS = ["orderIds", "process", "recvWindow", "symbol", "timestamp", "signature"]


def cancelled(result: CancelOrdersResponse) -> list[int]:
    """The ids the answer says were cancelled: only an order whose status is CANCELED."""
    return [order.order_id for order in result.data.orders if order.status == "CANCELED"]


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_some_cancelled_one_failed(target: Target, vcr: Any, mode: str) -> None:
    name = "surface/cancelOrders_v3_doc_example.json"
    ids = "1735964997957275648,1735965127519326208,1874730962584076288"
    result = CANCEL_ORDERS.captured(target, vcr, mode, name, symbol="GM-USDT", order_ids=ids,
                                    process=1)  # fmt: skip

    CANCEL_ORDERS.check_sent(target, KEYS, orderIds=ids, process="1", symbol="GM-USDT")
    assert cancelled(result) == [1735964997957275648, 1735965127519326208]
    (fail,) = result.data.fails  # inside a success: code 0
    assert result.code == 0
    assert fail.order_id == "1874730962584076288"  # a string, as BingX sends it
    assert "can not delete" in str(fail.error)


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_a_live_answer_with_a_junk_element(target: Target, vcr: Any, mode: str) -> None:
    name = "cancelOrders_jkorf_issue23_live.json"
    result = CANCEL_ORDERS.captured(target, vcr, mode, name, symbol="BARS-USDT",
                                    order_ids="1886710535202701312", process=1)  # fmt: skip

    CANCEL_ORDERS.check_sent(target, KEYS, orderIds="1886710535202701312", symbol="BARS-USDT")
    real, junk = result.data.orders
    assert (junk.order_id, junk.status, junk.symbol) == (0, "NEW", "")  # no order at all
    assert cancelled(result) == [real.order_id] == [1886710535202701312]
    assert result.data.fails == []


@pytest.mark.parametrize(
    "body",
    [
        b'{"code":0,"msg":"","data":{"orders":[],"fails":[]}}',
        b'{"code":0,"msg":"","data":{"orders":null,"fails":null}}',
        b'{"code":0,"msg":"","data":{"orders":[]}}',
        b'{"code":0,"msg":"","data":{}}',
        b'{"code":0,"msg":"","data":[]}',
        b'{"code":0,"msg":"","data":null}',
        b'{"code":0,"msg":""}',
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_two_empty_lists(body: bytes, mode: str) -> None:
    result = CANCEL_ORDERS.answered(body, mode, symbol="GM-USDT", client_order_i_ds="a_1,b_2")

    assert (result.data.orders, result.data.fails) == ([], [])
