"""POST /openApi/spot/v1/trade/cancelAllAfter through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/cancel_all_after/: the request as it left
the client (signature verified with ``hmac``), and the parsed model giving back the recorded body.
"""

from typing import Any

import pytest

import bingx_spot
from bingx_spot_client.api.trade import cancel_all_after
from bingx_spot_client.models import CancelAllAfterResponse
from tests.calling import MODES
from tests.conftest import FIXED_MS, Target
from tests.operation_checks import Operation, call

CANCEL_ALL_AFTER = Operation(
    cancel_all_after, "cancelAllAfter", "POST", "/openApi/spot/v1/trade/cancelAllAfter",
    CancelAllAfterResponse,
)  # fmt: skip


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_activate(target: Target, vcr: Any, mode: str) -> None:
    data = CANCEL_ALL_AFTER.replayed(target, vcr, mode, type_="ACTIVATE", time_out=30).data

    CANCEL_ALL_AFTER.check_sent(target, ["recvWindow", "timeOut", "timestamp", "type", "signature"],
                                timeOut="30", type="ACTIVATE")  # fmt: skip
    assert data.status == "ACTIVATED"
    assert target.live or data.trigger_time == (FIXED_MS + 30_000) // 1000  # seconds


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_close(target: Target, vcr: Any, mode: str) -> None:
    # timeOut with CLOSE too: every version of BingX's docs marks it required for both types.
    data = CANCEL_ALL_AFTER.replayed(target, vcr, mode, type_="CLOSE", time_out=30).data

    CANCEL_ALL_AFTER.check_sent(target, ["recvWindow", "timeOut", "timestamp", "type", "signature"],
                                timeOut="30", type="CLOSE")  # fmt: skip
    assert (data.status, data.trigger_time) == ("CLOSED", 0)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("time_out", [5, 121])
def test_a_timeout_out_of_bounds_is_refused_before_sending(
    target: Target, mode: str, time_out: int
) -> None:
    # The spec's bounds (10 to 120 s) are checked before anything is sent; BingX refuses 5 with
    # 100400 as well (the cassette this scenario had, recorded on the local exchange).
    error = call(cancel_all_after, target, mode, type_="ACTIVATE", time_out=time_out)

    assert target.sent == []
    assert type(error) is bingx_spot.InvalidArgumentError
    assert (error.sent, error.attempts, error.operation) == (False, 0, "cancelAllAfter")
    bound = "at least 10" if time_out < 10 else "at most 120"
    assert str(error) == f"timeOut must be {bound}"
