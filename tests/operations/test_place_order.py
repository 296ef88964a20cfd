"""POST /openApi/spot/v1/trade/order (placeOrder) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/place_order/ whose answer is BingX's
documented body (tests/fixtures/captures/surface/order_v3_doc_example.json): ``make cassettes``
answers the request the local exchange accepted with that body
(``Target.answer_with``, tests/conftest.py). Each checks the request as it left the client,
signature verified with ``hmac`` here, and the parsed model against the recorded body.
"""

from decimal import Decimal
from typing import Any

import pytest

import bingx_spot
from bingx_spot_client.api.trade import place_order
from bingx_spot_client.models import PlaceOrderResponse
from bingx_spot_client.types import UNSET
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import answered, call, check_signed, recorded, recorded_body
from tests.variants import capture, exactly

PATH = "/openApi/spot/v1/trade/order"
CAPTURE = "surface/order_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_limit_order(target: Target, vcr: Any, mode: str) -> None:
    target.answer_with("placeOrder", CAPTURE)
    result = call(place_order, target, mode, symbol="NEMS-USDT", side="SELL", type_="LIMIT",
                  quantity=bingx_spot.amount(Decimal("115")),
                  price=bingx_spot.amount(Decimal("0.1557")))  # fmt: skip

    [request] = target.sent
    keys = ["price", "quantity", "recvWindow", "side", "symbol", "timestamp", "type", "signature"]
    check_signed(request, target, "POST", PATH, keys, price="0.1557", quantity="115",
                 recvWindow="5000", side="SELL", symbol="NEMS-USDT", type="LIMIT")  # fmt: skip
    assert isinstance(result, PlaceOrderResponse)
    assert recorded_body(vcr) == capture(CAPTURE)  # BingX's own answer, not a made-up one
    assert exactly(result.to_dict()) == exactly(recorded(vcr))
    order = result.data
    assert (order.symbol, order.order_id, order.status) == (
        "NEMS-USDT",
        1735963671248581120,  # above 2**53, exact
        "PENDING",
    )
    assert order.client_order_id is UNSET  # the documented answer has none


@pytest.mark.parametrize(
    "body", [b'{"code":0,"msg":"","data":null}', b'{"code":0,"msg":"","data":{}}']
)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_order_is_a_response_error(body: bytes, mode: str) -> None:
    error = answered(place_order, body, mode, symbol="NEMS-USDT", side="SELL", type_="MARKET",
                     quantity="115")  # fmt: skip

    assert type(error) is bingx_spot.ResponseError  # never an order made up
    assert error.operation == "placeOrder"
    assert "body.data.symbol is missing" in str(error)
