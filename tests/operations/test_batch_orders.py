"""POST /openApi/spot/v1/trade/batchOrders (batchOrders) through the public contract, sync and
async.

Each scenario replays one cassette in tests/cassettes/batch_orders/ whose answer is BingX's
documented body (tests/fixtures/captures/surface/batchOrders_v3_doc_example.json), answered by
``make cassettes`` to the request the local exchange accepted (``Target.answer_with``,
tests/conftest.py). Each checks the request as it left the client, signature verified with
``hmac`` here, and the parsed model against the recorded body.
"""

import json
from typing import Any

import pytest

from bingx_spot_client.api.trade import batch_orders
from bingx_spot_client.models import BatchOrder, BatchOrdersResponse
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

PATH = "/openApi/spot/v1/trade/batchOrders"
CAPTURE = "surface/batchOrders_v3_doc_example.json"
# The order BingX's documented answer placed, as a batch's `data` lists it.
ORDER = BatchOrder(symbol="ETHS-USDT", side="BUY", type_="LIMIT", quantity="7.663",
                   price="12.479", new_client_order_id="abc122345")  # fmt: skip
DATA = json.dumps([ORDER.to_dict()], separators=(",", ":"))


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_one_order(target: Target, vcr: Any, mode: str) -> None:
    target.answer_with("batchOrders", CAPTURE)
    result = call(batch_orders, target, mode, data=DATA, sync=True)

    [request] = target.sent
    check_signed(request, target, "POST", PATH,
                 ["data", "recvWindow", "sync", "timestamp", "signature"],
                 data=DATA, sync="true")  # fmt: skip
    assert json.loads(DATA) == [
        {"symbol": "ETHS-USDT", "side": "BUY", "type": "LIMIT", "quantity": "7.663",
         "price": "12.479", "newClientOrderId": "abc122345"},
    ]  # fmt: skip
    assert isinstance(result, BatchOrdersResponse)
    assert recorded_body(vcr) == capture(CAPTURE)
    assert exactly(result.to_dict()) == exactly(recorded(vcr))
    (order,) = result.data.orders
    assert (order.order_id, order.status, order.client_order_id) == (
        1735967859282101248,
        "PENDING",
        "abc122345",
    )


@pytest.mark.parametrize("body", nothing("orders"))
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = answered(batch_orders, body, mode, data=DATA)

    assert result.data.orders == []
