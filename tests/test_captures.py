"""Real BingX answers (docs/bingx-facts.md, "Captured bodies"; copied into
tests/fixtures/captures/) through the client, sync and async: what the SDK makes of each,
exactly; and variants derived from them (a field missing, amounts as numbers, instants in
seconds) that BingX is known to send too."""

import asyncio
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot.wire import spec
from bingx_spot.wire.clock import epoch_ms
from bingx_spot.wire.responses import judge
from bingx_spot_client.api.common import common_symbols, server_time
from bingx_spot_client.api.trade import cancel_all_after, cancel_open_orders, open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import (
    CancelAllAfterResponse,
    CancelledOrder,
    CancelOpenOrdersResponse,
    CommonSymbolsResponse,
    OpenOrder,
    OpenOrdersResponse,
    ServerTimeResponse,
)
from bingx_spot_client.types import UNSET
from tests.calling import MODES, called
from tests.clock import FakeClock
from tests.variants import (
    ATTRIBUTES,
    CAPTURES,
    REQUIRED,
    amounts_as_numbers,
    body,
    capture,
    exactly,
    optional_fields,
    orders_of,
    sent,
    transact_time_in_seconds,
    with_data,
    without,
)

TIME_PATH = "/openApi/spot/v1/server/time"
PROBED_MS = 1790127596258  # server_time_swap_live_probe.json

# Arguments of each operation called here.
ARGUMENTS: dict[ModuleType, dict[str, Any]] = {
    cancel_open_orders: {"symbol": "BTC-USDT"},
    cancel_all_after: {"type_": "ACTIVATE", "time_out": 60},
}

# Captured answers whose orders sit in data.orders, each order the CancelledOrder object: the
# cancelOpenOrders example, and its siblings' (batch cancel, live and documented; batch place).
CANCEL_ANSWERS = [
    "cancelOpenOrders_v3_doc_example.json",
    "cancelOrders_jkorf_issue23_live.json",
    "surface/cancelOrders_v3_doc_example.json",
    "surface/batchOrders_v3_doc_example.json",
]

# The docs example's triggerTime, 2024-03-14 04:05:37 UTC, in seconds (as captured) and in ms.
TRIGGER_S = 1710389137
TRIGGER_MS = 1710389137000
TRIGGER_AT = datetime(2024, 3, 14, 4, 5, 37, tzinfo=UTC)
# The client's signing clock a minute before it: the countdown of timeOut=60 it armed.
SIGNED_MS = TRIGGER_MS - 60_000
CLOSED = b'{"code":0,"msg":"","data":{"triggerTime":0,"status":"CLOSED","note":""}}'


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


def client_of(
    answering: Callable[[httpx.Request], httpx.Response], **options: Any
) -> AuthenticatedClient:
    return bingx_spot.make_client(
        "KEYcapture00000000000000000000000000000000",
        "SECcapture00000000000000000000000000000000",
        transport=httpx.MockTransport(answering),
        rate_limit=False,
        **options,
    )


def outcome(operation: ModuleType, answering: Answering, mode: str, **options: Any) -> Any:
    """One call of ``operation`` (with its ``ARGUMENTS``): its result or its error."""
    return called(operation, client_of(answering, **options), mode, **ARGUMENTS.get(operation, {}))


def cancelled(doc: Any, mode: str) -> Any:
    """What cancelOpenOrders makes of the answer ``doc``: its result or its error."""
    return outcome(cancel_open_orders, Answering(body(doc)), mode)


def short(name: str) -> str:
    return name.removeprefix("surface/").removesuffix("_v3_doc_example.json").removesuffix(".json")


def test_every_capture_says_where_it_came_from() -> None:
    listed = re.findall(r"^\| `([^`]+\.json)` \|", (CAPTURES / "README.md").read_text(), re.M)
    files = [path.relative_to(CAPTURES).as_posix() for path in CAPTURES.rglob("*.json")]
    assert sorted(listed) == sorted(files)
    assert len(listed) == 20
    assert sum(name.startswith("surface/") for name in listed) == 10


# -- each capture through the operation it belongs to -----------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_cancel_gives_both_orders_exactly(mode: str) -> None:
    name = "cancelOpenOrders_v3_doc_example.json"
    result = outcome(cancel_open_orders, Answering(capture(name)), mode)

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
    assert exactly(result.to_dict()) == exactly(sent(name))


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
    assert exactly(result.to_dict()) == exactly(json.loads(body))


@pytest.mark.parametrize("name", CANCEL_ANSWERS, ids=short)
@pytest.mark.parametrize("mode", MODES)
def test_each_cancel_answer_reads_as_sent(mode: str, name: str) -> None:
    result = outcome(cancel_open_orders, Answering(capture(name)), mode)

    assert isinstance(result, CancelOpenOrdersResponse)
    assert [o.order_id for o in result.data.orders] == [o["orderId"] for o in orders_of(sent(name))]
    assert exactly(result.to_dict()) == exactly(sent(name))


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_batch_cancel_keeps_its_fails(mode: str) -> None:
    name = "surface/cancelOrders_v3_doc_example.json"
    result = outcome(cancel_open_orders, Answering(capture(name)), mode)

    assert isinstance(result, CancelOpenOrdersResponse)
    fails = result.data.additional_properties["fails"]
    assert fails == sent(name)["data"]["fails"]
    assert fails[0]["orderId"] == "1874730962584076288"  # a string here, as sent


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_open_orders_answer_reads_as_sent(mode: str) -> None:
    name = "openOrders_v3_doc_example.json"
    result = outcome(open_orders, Answering(capture(name)), mode)

    assert isinstance(result, OpenOrdersResponse)
    (order,) = result.data.orders
    assert (order.symbol, order.order_id, order.status) == (
        "BNB-USDC",
        1735930294290081280,
        "PENDING",
    )
    assert order.stop_price == "0"  # sent as StopPrice, capital S
    assert (order.time, order.update_time) == (1702713008841, 1702713008841)
    assert order.orig_quote_order_qty == "0"
    assert type(order.fee) is int  # a JSON number, kept one
    assert order.fee == 0
    assert order.client_order_id is UNSET  # not sent: unset, not invented
    assert order.additional_properties == {}
    assert exactly(result.to_dict()) == exactly(sent(name))


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_cancel_all_after_answer_reads_as_sent(mode: str) -> None:
    name = "cancelAllAfter_v3_doc_example.json"
    result = outcome(cancel_all_after, Answering(capture(name)), mode)

    assert isinstance(result, CancelAllAfterResponse)
    assert result.data.trigger_time == TRIGGER_S
    assert result.data.status == "ACTIVATED"
    note = sent(name)["data"]["note"]
    assert result.data.note == note
    assert "2024-03-14 04:05:37 UTC" in note
    assert exactly(result.to_dict()) == exactly(sent(name))


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_symbols_keep_their_filters_as_numbers(mode: str) -> None:
    name = "surface/commonSymbols_v3_doc_example.json"
    result = outcome(common_symbols, Answering(capture(name)), mode)

    assert isinstance(result, CommonSymbolsResponse)
    (pair,) = result.data.symbols
    assert pair.symbol == "BTC-USDT"
    filters = (pair.tick_size, pair.step_size, pair.min_notional, pair.max_notional)
    assert filters == (0.01, 0.00001, 5, 500000)
    assert [type(value) for value in filters] == [float, float, int, int]
    assert (pair.min_qty, pair.max_qty) == (0.0001826, 18.2663756)
    assert pair.status == 1
    assert pair.api_state_buy is UNSET  # not in this body
    assert pair.api_state_sell is UNSET
    assert exactly(result.to_dict()) == exactly(sent(name))


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
    error = outcome(cancel_open_orders, answering, mode, clock=FakeClock(PROBED_MS - 30_000).ms)

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


# -- the rest of the order lifecycle (docs/bingx-facts.md) --------------------------------------
# These operations come with the order lifecycle: the spec has none of them yet. Until then their
# order objects are read through the models of the same object (only symbol, orderId and status
# are required), and every body must be a success to the client layer's answer judge.

# capture -> where its orders sit in `data` (None: `data` is the order), and the model.
SURFACE_ORDERS = [
    ("surface/order_v3_doc_example.json", None, CancelledOrder),
    ("surface/batchOrders_v3_doc_example.json", "orders", CancelledOrder),
    ("surface/cancel_v3_doc_example.json", None, CancelledOrder),
    ("surface/cancelOrders_v3_doc_example.json", "orders", CancelledOrder),
    ("surface/query_v3_doc_example.json", None, OpenOrder),
    ("surface/historyOrders_v3_doc_example.json", "orders", OpenOrder),
]


@pytest.mark.parametrize(
    ("name", "within", "model"), [pytest.param(*case, id=short(case[0])) for case in SURFACE_ORDERS]
)
def test_each_surface_order_reads_as_sent_through_its_model(
    name: str, within: str | None, model: type[CancelledOrder] | type[OpenOrder]
) -> None:
    data = sent(name)["data"]
    raw = [data] if within is None else data[within]
    orders = [model.from_dict(order) for order in raw]

    assert [o.order_id for o in orders] == [order["orderId"] for order in raw]
    assert all(o.order_id > 2**53 for o in orders)
    assert [exactly(o.to_dict()) for o in orders] == [exactly(order) for order in raw]


def test_the_surface_orders_keep_what_their_model_does_not_name() -> None:
    query = OpenOrder.from_dict(sent("surface/query_v3_doc_example.json")["data"])
    assert query.fee == "0"  # a string in this body, a number in history's
    assert query.additional_properties == {"feeAsset": "BRG", "avgPrice": "0.0005028"}
    history = OpenOrder.from_dict(orders_of(sent("surface/historyOrders_v3_doc_example.json"))[0])
    assert type(history.fee) is int
    assert history.fee == 0
    assert history.additional_properties == {"avgPrice": "0.8881"}
    cancel = CancelledOrder.from_dict(sent("surface/cancel_v3_doc_example.json")["data"])
    assert cancel.transact_time is UNSET
    assert cancel.client_order_id is UNSET
    placed = CancelledOrder.from_dict(sent("surface/order_v3_doc_example.json")["data"])
    assert placed.stop_price is UNSET
    assert placed.client_order_id is UNSET


@pytest.mark.parametrize(
    "name", sorted(p.relative_to(CAPTURES).as_posix() for p in CAPTURES.glob("surface/*.json"))
)
def test_every_surface_body_is_a_success_to_the_judge(name: str) -> None:
    response = httpx.Response(
        200, content=capture(name), headers={"Content-Type": "application/json"}
    )
    assert judge(response, None, spec.load()) is response


# -- derived variants of the cancel answers -----------------------------------------------------


def _optional_cases() -> list[Any]:
    return [
        pytest.param(name, index, field, id=f"{short(name)}-{index}-{field}")
        for name in CANCEL_ANSWERS
        for index, field in optional_fields(name)
    ]


def _required_cases() -> list[Any]:
    return [
        pytest.param(name, index, field, id=f"{short(name)}-{index}-{field}")
        for name in CANCEL_ANSWERS
        for index in range(len(orders_of(sent(name))))
        for field in REQUIRED
    ]


@pytest.mark.parametrize(("name", "index", "field"), _optional_cases())
@pytest.mark.parametrize("mode", MODES)
def test_a_cancel_answer_missing_an_optional_field_is_still_a_success(
    mode: str, name: str, index: int, field: str
) -> None:
    doc = without(name, index, field)
    result = cancelled(doc, mode)

    assert isinstance(result, CancelOpenOrdersResponse)
    order = result.data.orders[index]
    if field in ATTRIBUTES:
        assert getattr(order, ATTRIBUTES[field]) is UNSET
    assert field not in order.additional_properties
    assert field not in order.to_dict()  # unset, never invented
    assert exactly(result.to_dict()) == exactly(doc)  # everything else as sent, ids exact


@pytest.mark.parametrize(("name", "index", "field"), _required_cases())
@pytest.mark.parametrize("mode", MODES)
def test_a_cancel_answer_missing_a_required_field_is_a_response_error(
    mode: str, name: str, index: int, field: str
) -> None:
    error = cancelled(without(name, index, field), mode)

    assert type(error) is bingx_spot.ResponseError
    assert error.operation == "cancelOpenOrders"
    assert f"orders[{index}].{field}" in str(error)


@pytest.mark.parametrize("name", CANCEL_ANSWERS, ids=short)
@pytest.mark.parametrize("mode", MODES)
def test_amounts_sent_as_numbers_are_kept_as_those_numbers(mode: str, name: str) -> None:
    doc = amounts_as_numbers(name)
    result = cancelled(doc, mode)

    assert isinstance(result, CancelOpenOrdersResponse)
    first = result.data.orders[0]
    assert type(first.price) is float  # "0.00000398" sent as 0.00000398
    assert first.price == float(orders_of(sent(name))[0]["price"])
    assert exactly(result.to_dict()) == exactly(doc)


@pytest.mark.parametrize("name", CANCEL_ANSWERS, ids=short)
@pytest.mark.parametrize("mode", MODES)
def test_transact_time_in_seconds_is_kept_as_sent(mode: str, name: str) -> None:
    doc = transact_time_in_seconds(name)
    result = cancelled(doc, mode)

    assert isinstance(result, CancelOpenOrdersResponse)
    assert [o.transact_time for o in result.data.orders] == [
        o["transactTime"] for o in orders_of(doc)
    ]
    assert result.data.orders[0].transact_time == orders_of(sent(name))[0]["transactTime"] // 1000
    assert exactly(result.to_dict()) == exactly(doc)


# -- derived variants of the cancelAllAfter answer ----------------------------------------------

TRIGGER_TIMES = [pytest.param(TRIGGER_S, id="seconds"), pytest.param(TRIGGER_MS, id="ms")]


def activated(trigger_time: int) -> bytes:
    """The documented ACTIVATE answer, its triggerTime ``trigger_time``."""
    return body(with_data("cancelAllAfter_v3_doc_example.json", triggerTime=trigger_time))


@pytest.mark.parametrize("trigger_time", TRIGGER_TIMES)
@pytest.mark.parametrize("mode", MODES)
def test_trigger_time_in_seconds_or_ms_names_one_instant(mode: str, trigger_time: int) -> None:
    result = outcome(cancel_all_after, Answering(activated(trigger_time)), mode)

    assert isinstance(result, CancelAllAfterResponse)
    assert result.data.trigger_time == trigger_time  # as sent
    assert result.data.note == sent("cancelAllAfter_v3_doc_example.json")["data"]["note"]
    assert epoch_ms(result.data.trigger_time) == TRIGGER_MS


class Switchboard:
    """cancelAllAfter as BingX answers it: ACTIVATE with ``activate``, CLOSE with ``CLOSED``."""

    def __init__(self, activate: bytes) -> None:
        self.activate = activate
        self.kinds: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        kind = request.url.params["type"]
        self.kinds.append(kind)
        content = self.activate if kind == "ACTIVATE" else CLOSED
        return httpx.Response(200, content=content, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("trigger_time", TRIGGER_TIMES)
@pytest.mark.parametrize("mode", MODES)
def test_the_dead_mans_switch_is_armed_until_the_instant_bingx_names(
    mode: str, trigger_time: int
) -> None:
    # Needs the switch to read triggerTime through epoch_ms: the seconds case fails until then.
    board = Switchboard(activated(trigger_time))
    clock = FakeClock(SIGNED_MS)  # the client signs by it; the switch counts its seconds on it
    client = client_of(board, clock=clock.ms)
    switch = bingx_spot.DeadMansSwitch(client, 60, clock=clock.monotonic)
    seen: list[datetime] = []

    # A second passes in the block, so the CLOSE keeps to cancelAllAfter's 1/s without a wait.
    if mode == "sync":
        with switch:
            seen.append(switch.armed_until)
            clock.advance(1)
    else:

        async def run() -> None:
            async with switch:
                seen.append(switch.armed_until)
                clock.advance(1)

        asyncio.run(run())

    assert seen == [TRIGGER_AT]
    assert not switch.lapsed
    assert board.kinds == ["ACTIVATE", "CLOSE"]
