"""POST /openApi/spot/v1/trade/order (placeOrder) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/place_order/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

import re
from decimal import Decimal
from typing import Any

import pytest

import bingx_spot
from bingx_spot.wire import spec
from bingx_spot_client.api.trade import place_order
from bingx_spot_client.models import PlaceOrderResponse
from bingx_spot_client.types import UNSET
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import NO_OBJECT, Operation, call

PLACE_ORDER = Operation(
    place_order, "placeOrder", "POST", "/openApi/spot/v1/trade/order", PlaceOrderResponse
)
CAPTURE = "surface/order_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_limit_order(target: Target, vcr: Any, mode: str) -> None:
    result = PLACE_ORDER.captured(target, vcr, mode, CAPTURE, symbol="NEMS-USDT", side="SELL",
                                  type_="LIMIT", quantity=bingx_spot.amount(Decimal("115")),
                                  price=bingx_spot.amount(Decimal("0.1557")),
                                  new_client_order_id="grid_17")  # fmt: skip

    keys = ["newClientOrderId", "price", "quantity", "recvWindow", "side", "symbol", "timestamp",
            "type", "signature"]  # fmt: skip
    PLACE_ORDER.check_sent(target, keys, newClientOrderId="grid_17", price="0.1557",
                           quantity="115", recvWindow="5000", side="SELL", symbol="NEMS-USDT",
                           type="LIMIT")  # fmt: skip
    order = result.data
    assert (order.symbol, order.order_id, order.status) == (
        "NEMS-USDT",
        1735963671248581120,  # above 2**53, exact
        "PENDING",
    )
    assert order.client_order_id is UNSET  # the documented answer has none


MADE = "bxs_" + "0123456789abcdef" * 2  # the id the client makes, fixed for the cassette


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_an_order_without_a_client_id_gets_one(
    target: Target, vcr: Any, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every placement carries a client order id (x-bingx-client-id in the spec): one the
    # client makes when the caller gives none, to look the order up by after an ambiguous
    # failure. Made at random; fixed here so that the cassette matches.
    made = spec.load().operation("placeOrder")
    assert made is not None
    assert made.client_id is not None
    assert re.fullmatch(r"bxs_[0-9a-f]{32}", made.client_id.make())
    monkeypatch.setattr(spec.ClientId, "make", lambda self: MADE)
    target.answer_with("placeOrder", CAPTURE)
    result = call(place_order, target, mode, symbol="NEMS-USDT", side="SELL", type_="MARKET",
                  quantity="115")  # fmt: skip

    keys = ["newClientOrderId", "quantity", "recvWindow", "side", "symbol", "timestamp", "type",
            "signature"]  # fmt: skip
    PLACE_ORDER.check_sent(target, keys, newClientOrderId=MADE, quantity="115", recvWindow="5000",
                           side="SELL", symbol="NEMS-USDT", type="MARKET")  # fmt: skip
    assert isinstance(result, PlaceOrderResponse)
    assert result.data.order_id == 1735963671248581120


AMOUNT = "a positive decimal number written out (like 0.001), at most 40 characters"  # above 0
CLIENT_ID = "letters, digits and _ only (like grid_17), at most 40 characters"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({"new_client_order_id": "a" * 41}, "newClientOrderId is longer than 40 characters"),
        ({"new_client_order_id": "grid-17"}, f"newClientOrderId must be {CLIENT_ID}"),
        ({"price": "1E-7"}, f"price must be {AMOUNT}"),
        ({"quantity": "-1"}, f"quantity must be {AMOUNT}"),
        ({"quantity": "0.0"}, f"quantity must be {AMOUNT}"),
        ({"quantity": "1" * 60}, "quantity is longer than 40 characters"),
    ],
)
def test_parameters_out_of_their_bounds_are_refused_before_sending(
    target: Target, mode: str, given: dict[str, str], problem: str
) -> None:
    arguments = {"quantity": "115", "price": "0.1557", **given}
    error = call(place_order, target, mode, symbol="NEMS-USDT", side="SELL", type_="LIMIT",
                 **arguments)  # fmt: skip

    assert target.sent == []
    assert type(error) is bingx_spot.InvalidArgumentError
    assert str(error) == problem
    assert (error.sent, error.attempts) == (False, 0)


@pytest.mark.parametrize("body", NO_OBJECT)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_order_is_a_response_error(body: bytes, mode: str) -> None:
    error = PLACE_ORDER.answered(body, mode, symbol="NEMS-USDT", side="SELL", type_="MARKET",
                                 quantity="115")  # fmt: skip

    PLACE_ORDER.check_missing(error, "symbol")  # never an order made up
