"""POST /openApi/spot/v1/trade/batchOrders (batchOrders) through the public contract, sync and
async.

Each scenario replays one cassette in tests/cassettes/batch_orders/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

import json
from typing import Any

import pytest

from bingx_spot_client.api.trade import batch_orders
from bingx_spot_client.models import BatchOrder, BatchOrdersResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import Operation, nothing

BATCH_ORDERS = Operation(
    batch_orders, "batchOrders", "POST", "/openApi/spot/v1/trade/batchOrders", BatchOrdersResponse
)
CAPTURE = "surface/batchOrders_v3_doc_example.json"
# The order BingX's documented answer placed, as a batch's `data` lists it.
ORDER = BatchOrder(symbol="ETHS-USDT", side="BUY", type_="LIMIT", quantity="7.663",
                   price="12.479", new_client_order_id="abc122345")  # fmt: skip
DATA = json.dumps([ORDER.to_dict()], separators=(",", ":"))


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_one_order(target: Target, vcr: Any, mode: str) -> None:
    result = BATCH_ORDERS.captured(target, vcr, mode, CAPTURE, data=DATA, sync=True)

    BATCH_ORDERS.check_sent(target, ["data", "recvWindow", "sync", "timestamp", "signature"],
                            data=DATA, sync="true")  # fmt: skip
    assert json.loads(DATA) == [
        {"symbol": "ETHS-USDT", "side": "BUY", "type": "LIMIT", "quantity": "7.663",
         "price": "12.479", "newClientOrderId": "abc122345"},
    ]  # fmt: skip
    (order,) = result.data.orders
    assert (order.order_id, order.status, order.client_order_id) == (
        1735967859282101248,
        "PENDING",
        "abc122345",
    )


@pytest.mark.parametrize("body", nothing("orders"))
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = BATCH_ORDERS.answered(body, mode, data=DATA)

    assert result.data.orders == []
