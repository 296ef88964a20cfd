"""GET /openApi/spot/v1/account/balance (balance) through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/balance/ whose answer is BingX's
documented body, checked as ``Operation.captured`` (tests/operation_checks.py) says, and the
request as it left the client, signature verified with ``hmac``.
"""

from typing import Any

import pytest

from bingx_spot_client.api.account import balance
from bingx_spot_client.models import BalanceResponse
from tests.calling import MODES
from tests.conftest import Target
from tests.operation_checks import Operation, nothing

BALANCE = Operation(balance, "balance", "GET", "/openApi/spot/v1/account/balance", BalanceResponse)
CAPTURE = "surface/balance_v3_doc_example.json"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_balances(target: Target, vcr: Any, mode: str) -> None:
    result = BALANCE.captured(target, vcr, mode, CAPTURE, recv_window=10000)

    BALANCE.check_sent(target, ["recvWindow", "timestamp", "signature"], recvWindow="10000")
    usdt = result.data.balances[0]
    assert (usdt.asset, usdt.free, usdt.locked) == (
        "USDT",
        "566773.193402631",
        "244.18616265388994",  # every digit, as sent
    )


@pytest.mark.parametrize("body", nothing("balances"))
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = BALANCE.answered(body, mode)

    assert result.data.balances == []
