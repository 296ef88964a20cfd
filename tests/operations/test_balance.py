"""GET /openApi/spot/v1/account/balance (balance) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/balance/ whose answer is BingX's
documented body (tests/fixtures/captures/surface/balance_v3_doc_example.json), answered by
``make cassettes`` to the request the local exchange accepted (``Target.answer_with``,
tests/conftest.py). Each checks the request as it left the client, signature verified with
``hmac`` here, and the parsed model against the recorded body.
"""

from typing import Any

import pytest

from bingx_spot_client.api.account import balance
from bingx_spot_client.models import BalanceResponse
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

PATH = "/openApi/spot/v1/account/balance"
CAPTURE = "surface/balance_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_balances(target: Target, vcr: Any, mode: str) -> None:
    target.answer_with("balance", CAPTURE)
    result = call(balance, target, mode, recv_window=10000)

    [request] = target.sent
    check_signed(request, target, "GET", PATH, ["recvWindow", "timestamp", "signature"],
                 recvWindow="10000")  # fmt: skip
    assert isinstance(result, BalanceResponse)
    assert recorded_body(vcr) == capture(CAPTURE)
    assert exactly(result.to_dict()) == exactly(recorded(vcr))
    usdt = result.data.balances[0]
    assert (usdt.asset, usdt.free, usdt.locked) == (
        "USDT",
        "566773.193402631",
        "244.18616265388994",  # every digit, as sent
    )


@pytest.mark.parametrize("body", nothing("balances"))
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = answered(balance, body, mode)

    assert result.data.balances == []
