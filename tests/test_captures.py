"""Real BingX answers (PROTOCOL.md section 8, copied into tests/fixtures/captures/) through the
client, sync and async: what the SDK makes of each, exactly."""

import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot_client.api.common import server_time
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.models import CancelOpenOrdersResponse, ServerTimeResponse
from tests.calling import MODES, called

CAPTURES = Path(__file__).parent / "fixtures" / "captures"
TIME_PATH = "/openApi/spot/v1/server/time"
PROBED_MS = 1790127596258  # server_time_swap_live_probe.json


def capture(name: str) -> bytes:
    return (CAPTURES / name).read_bytes()


class Answering:
    """Answers each request with a capture: ``serverTime`` with ``time``, the rest ``body``."""

    def __init__(self, body: bytes, time: bytes | None = None) -> None:
        self.body = body
        self.time = time
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        content = self.time if request.url.path == TIME_PATH and self.time else self.body
        return httpx.Response(200, content=content, headers={"Content-Type": "application/json"})


def outcome(operation: ModuleType, answering: Answering, mode: str, **options: Any) -> Any:
    """One call of ``operation`` (with ``symbol`` if it takes one): its result or its error."""
    client = bingx_spot.make_client(
        "KEYcapture00000000000000000000000000000000",
        "SECcapture00000000000000000000000000000000",
        transport=httpx.MockTransport(answering),
        rate_limit=False,
        **options,
    )
    kwargs = {"symbol": "BTC-USDT"} if operation is cancel_open_orders else {}
    return called(operation, client, mode, **kwargs)


def test_every_capture_says_where_it_came_from() -> None:
    listed = re.findall(r"^\| `([^`]+\.json)` \|", (CAPTURES / "README.md").read_text(), re.M)
    files = [path.relative_to(CAPTURES).as_posix() for path in CAPTURES.rglob("*.json")]
    assert sorted(listed) == sorted(files)
    assert len(listed) == 20
    assert sum(name.startswith("surface/") for name in listed) == 10


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_cancel_gives_both_orders_exactly(mode: str) -> None:
    body = capture("cancelOpenOrders_v3_doc_example.json")
    result = outcome(cancel_open_orders, Answering(body), mode)

    assert isinstance(result, CancelOpenOrdersResponse)
    orders = result.data.orders
    assert [o.order_id for o in orders] == [1735964997957275648, 1735965127519326208]
    assert [o.transact_time for o in orders] == [1702721242701, 1702721249787]
    assert [o.orig_qty for o in orders] == ["8061558", "5806281"]
    assert [o.client_order_id for o in orders] == [
        "2most51702721242645506402",
        "2most51702721249647382871",
    ]
    assert {o.status for o in orders} == {"CANCELED"}


@pytest.mark.parametrize("mode", MODES)
def test_the_live_batch_answer_keeps_its_junk_element_and_extras(mode: str) -> None:
    body = capture("cancelOrders_jkorf_issue23_live.json")
    result = outcome(cancel_open_orders, Answering(body), mode)

    assert isinstance(result, CancelOpenOrdersResponse)
    real, junk = result.data.orders
    assert (real.symbol, real.order_id, real.status) == (
        "BARS-USDT",
        1886710535202701312,
        "CANCELED",
    )
    assert real.additional_properties == {"origClientOrderId": "ab20"}
    assert (junk.symbol, junk.order_id, junk.status, junk.type_) == ("", 0, "NEW", "")
    assert junk.transact_time == -6795364578871
    assert result.data.additional_properties == {"fails": []}


@pytest.mark.parametrize(
    ("name", "cls", "retry_at"),
    [
        ("error_100001_ccxt23196.json", bingx_spot.AuthenticationError, None),
        ("error_100410_unblocked_after_doc.json", bingx_spot.APIRateLimitError, 1727193814249),
        ("error_100410_error_rate_doc.json", bingx_spot.APIRateLimitError, 1727193970155),
        ("error_100421_pair_restricted_ccxt.json", bingx_spot.BingXAPIError, None),
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_each_error_capture_raises_its_class_once(
    mode: str, name: str, cls: type[bingx_spot.BingXAPIError], retry_at: int | None
) -> None:
    body = capture(name)
    answering = Answering(body)
    error = outcome(cancel_open_orders, answering, mode)

    assert type(error) is cls
    sent = json.loads(body)
    assert (error.code, error.msg, error.status_code) == (sent["code"], sent["msg"], 200)
    assert error.attempts == 1
    assert getattr(error, "retry_at", None) == retry_at
    # Neither a clock error nor a busy server: sent once, no serverTime asked.
    assert answering.paths == ["/openApi/spot/v1/trade/cancelOpenOrders"]


@pytest.mark.parametrize("mode", MODES)
def test_the_live_clock_error_asks_the_time_once_then_raises(mode: str) -> None:
    # A client 30 s behind the probed server time: the offset is kept, and the answer is the
    # same clock error again, so the call ends as TimestampError after two attempts.
    answering = Answering(
        capture("error_100421_ccxt24131.json"), time=capture("server_time_swap_live_probe.json")
    )
    error = outcome(cancel_open_orders, answering, mode, clock=lambda: PROBED_MS - 30_000)

    assert type(error) is bingx_spot.TimestampError
    assert error.code == 100421
    assert error.msg.startswith("Null timestamp or timestamp mismatch")
    assert error.attempts == 2
    cancel = "/openApi/spot/v1/trade/cancelOpenOrders"
    assert answering.paths == [cancel, TIME_PATH, cancel]


@pytest.mark.parametrize("mode", MODES)
def test_the_live_server_time_reads_as_ms(mode: str) -> None:
    result = outcome(server_time, Answering(capture("server_time_swap_live_probe.json")), mode)

    assert isinstance(result, ServerTimeResponse)
    assert result.data.server_time == PROBED_MS
