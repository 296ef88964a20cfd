"""GET /openApi/spot/v1/user/commissionRate (commissionRate) through the public contract, sync
and async.

Each scenario replays one cassette in tests/cassettes/commission_rate/ whose answer is BingX's
documented body (tests/fixtures/captures/surface/commissionRate_v3_doc_example.json), answered
by ``make cassettes`` to the request the local exchange accepted (``Target.answer_with``,
tests/conftest.py). Each checks the request as it left the client, signature verified with
``hmac`` here, and the parsed model against the recorded body.
"""

from typing import Any

import pytest

import bingx_spot
from bingx_spot_client.api.account import commission_rate
from bingx_spot_client.models import CommissionRateResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import answered, call, check_signed, recorded, recorded_body
from tests.variants import capture, exactly

PATH = "/openApi/spot/v1/user/commissionRate"
CAPTURE = "surface/commissionRate_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_fee_rates_of_a_symbol(target: Target, vcr: Any, mode: str) -> None:
    target.answer_with("commissionRate", CAPTURE)
    result = call(commission_rate, target, mode, symbol="BTC-USDT")

    [request] = target.sent
    check_signed(request, target, "GET", PATH, ["recvWindow", "symbol", "timestamp", "signature"],
                 symbol="BTC-USDT")  # fmt: skip
    assert isinstance(result, CommissionRateResponse)
    assert recorded_body(vcr) == capture(CAPTURE)
    assert exactly(result.to_dict()) == exactly(recorded(vcr))
    rates = result.data
    assert (rates.taker_commission_rate, rates.maker_commission_rate) == (0.000325, 0.0001)


@pytest.mark.parametrize(
    "body", [b'{"code":0,"msg":"","data":null}', b'{"code":0,"msg":"","data":{}}']
)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_rates_is_a_response_error(body: bytes, mode: str) -> None:
    error = answered(commission_rate, body, mode, symbol="BTC-USDT")

    assert type(error) is bingx_spot.ResponseError  # never a rate made up
    assert error.operation == "commissionRate"
    assert "body.data.takerCommissionRate is missing" in str(error)
