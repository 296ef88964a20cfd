"""GET /openApi/spot/v1/user/commissionRate (commissionRate) through the public contract, sync
and async.

Each scenario replays one cassette in tests/cassettes/commission_rate/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

from typing import Any

import pytest

from bingx_spot_client.api.account import commission_rate
from bingx_spot_client.models import CommissionRateResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import NO_OBJECT, Operation

COMMISSION_RATE = Operation(
    commission_rate, "commissionRate", "GET", "/openApi/spot/v1/user/commissionRate",
    CommissionRateResponse,
)  # fmt: skip
CAPTURE = "surface/commissionRate_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_fee_rates_of_a_symbol(target: Target, vcr: Any, mode: str) -> None:
    result = COMMISSION_RATE.captured(target, vcr, mode, CAPTURE, symbol="BTC-USDT")

    COMMISSION_RATE.check_sent(target, ["recvWindow", "symbol", "timestamp", "signature"],
                               symbol="BTC-USDT")  # fmt: skip
    rates = result.data
    assert (rates.taker_commission_rate, rates.maker_commission_rate) == (0.000325, 0.0001)


@pytest.mark.parametrize("body", NO_OBJECT)
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_without_the_rates_is_a_response_error(body: bytes, mode: str) -> None:
    error = COMMISSION_RATE.answered(body, mode, symbol="BTC-USDT")

    COMMISSION_RATE.check_missing(error, "takerCommissionRate")  # never a rate made up
