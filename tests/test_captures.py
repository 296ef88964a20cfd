"""Real BingX answers (docs/bingx-facts.md, "Captured bodies"; copied into
tests/fixtures/captures/) through the client, sync and async, each through the operation it
answers: what the SDK makes of each, exactly; and variants derived from them (a field missing,
amounts as numbers, instants in seconds) that BingX is known to send too."""

import asyncio
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from types import ModuleType
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot.wire import spec
from bingx_spot.wire.clock import epoch_ms
from bingx_spot.wire.responses import judge
from bingx_spot_client.api.account import balance, commission_rate
from bingx_spot_client.api.common import common_symbols, server_time
from bingx_spot_client.api.trade import (
    batch_orders,
    cancel_all_after,
    cancel_open_orders,
    cancel_order,
    cancel_orders,
    history_orders,
    my_trades,
    open_orders,
    place_order,
    query_order,
)
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import (
    BalanceResponse,
    BatchOrdersResponse,
    CancelAllAfterResponse,
    CancelFailure,
    CancelOpenOrdersResponse,
    CancelOrderResponse,
    CancelOrdersResponse,
    CommissionRateResponse,
    CommonSymbolsResponse,
    HistoryOrdersResponse,
    MyTradesResponse,
    OpenOrdersResponse,
    PlaceOrderResponse,
    QueryOrderResponse,
    ServerTimeResponse,
)
from bingx_spot_client.types import UNSET
from tests.calling import MODES, called
from tests.clock import FakeClock
from tests.variants import (
    AMOUNTS,
    CAPTURES,
    amounts_as_numbers,
    at,
    attribute,
    body,
    capture,
    exactly,
    has_amounts,
    objects,
    optional_fields,
    required_fields,
    sent,
    transact_time_in_seconds,
    with_data,
    without,
)

TIME_PATH = "/openApi/spot/v1/server/time"
PROBED_MS = 1790127596258  # server_time_swap_live_probe.json
BATCH = [  # the order that batchOrders' documented answer placed
    {"symbol": "ETHS-USDT", "side": "BUY", "type": "LIMIT", "quantity": "7.663",
     "price": "12.479", "newClientOrderId": "abc122345"},
]  # fmt: skip

# Each captured success -> the operation it answers, the arguments of a call it fits, its model.
CALLS: dict[str, tuple[ModuleType, dict[str, Any], type[Any]]] = {
    "cancelOpenOrders_v3_doc_example.json": (
        cancel_open_orders, {"symbol": "GM-USDT"}, CancelOpenOrdersResponse),
    "cancelOrders_jkorf_issue23_live.json": (
        cancel_orders, {"symbol": "BARS-USDT", "order_ids": "1886710535202701312"},
        CancelOrdersResponse),
    "openOrders_v3_doc_example.json": (open_orders, {"symbol": "BNB-USDC"}, OpenOrdersResponse),
    "cancelAllAfter_v3_doc_example.json": (
        cancel_all_after, {"type_": "ACTIVATE", "time_out": 60}, CancelAllAfterResponse),
    "surface/order_v3_doc_example.json": (
        place_order, {"symbol": "NEMS-USDT", "side": "SELL", "type_": "LIMIT",
                      "quantity": "115", "price": "0.1557"}, PlaceOrderResponse),
    "surface/batchOrders_v3_doc_example.json": (
        batch_orders, {"data": json.dumps(BATCH, separators=(",", ":"))}, BatchOrdersResponse),
    "surface/cancel_v3_doc_example.json": (
        cancel_order, {"symbol": "NEMS-USDT", "order_id": 1735964079647111168},
        CancelOrderResponse),
    "surface/cancelOrders_v3_doc_example.json": (
        cancel_orders, {"symbol": "GM-USDT", "process": 1, "order_ids": (
            "1735964997957275648,1735965127519326208,1874730962584076288")},
        CancelOrdersResponse),
    "surface/query_v3_doc_example.json": (
        query_order, {"symbol": "BRG-USDT", "order_id": 1735965009395131136},
        QueryOrderResponse),
    "surface/historyOrders_v3_doc_example.json": (
        history_orders, {"symbol": "SWCH-USDT"}, HistoryOrdersResponse),
    "surface/myTrades_v3_doc_example.json": (
        my_trades, {"symbol": "BTC-USDT"}, MyTradesResponse),
    "surface/balance_v3_doc_example.json": (balance, {}, BalanceResponse),
    "surface/commonSymbols_v3_doc_example.json": (
        common_symbols, {"symbol": "BTC-USDT"}, CommonSymbolsResponse),
    "surface/commissionRate_v3_doc_example.json": (
        commission_rate, {"symbol": "BTC-USDT"}, CommissionRateResponse),
}  # fmt: skip
SUCCESSES = sorted(CALLS)

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
    """One call of ``operation`` (with the arguments of its first capture in ``CALLS``, else
    none): its result or its error."""
    kwargs = next((args for op, args, _ in CALLS.values() if op is operation), {})
    return called(operation, client_of(answering, **options), mode, **kwargs)


def answered(name: str, doc: Any, mode: str) -> Any:
    """What the operation the capture ``name`` answers makes of the answer ``doc``."""
    operation, kwargs, _ = CALLS[name]
    return called(operation, client_of(Answering(body(doc))), mode, **kwargs)


def short(name: str) -> str:
    return name.removeprefix("surface/").removesuffix("_v3_doc_example.json").removesuffix(".json")


def operation_id(name: str) -> str:
    """The spec's operationId of the operation the capture ``name`` answers."""
    operation, kwargs, _ = CALLS[name]
    request = operation._get_kwargs(**kwargs)
    found = spec.load().find(request["method"], request["url"])
    assert found is not None
    return found.operation_id


def model_at(result: Any, where: str) -> Any:
    """The model of ``result`` at ``where`` (see tests.variants.objects)."""
    if not where:
        return result.data
    key, index = re.fullmatch(r"(\w+)\[(\d+)\]", where).groups()  # type: ignore[union-attr]
    return getattr(result.data, key)[int(index)]


def path_of(where: str, field: str) -> str:
    """Where the answer judge names a field: ``body.data.orders[0].symbol``."""
    return f"body.data.{where}.{field}" if where else f"body.data.{field}"


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


@pytest.mark.parametrize("name", SUCCESSES, ids=short)
@pytest.mark.parametrize("mode", MODES)
def test_each_capture_reads_as_sent_through_its_operation(mode: str, name: str) -> None:
    operation, kwargs, model = CALLS[name]
    result = called(operation, client_of(Answering(capture(name))), mode, **kwargs)

    assert type(result) is model
    assert exactly(result.to_dict()) == exactly(sent(name))  # every value and JSON type
    for where, raw, _ in objects(name, sent(name)):
        parsed = model_at(result, where)
        for field in ("orderId", "id"):  # ids exact, of the type they came as
            if field in raw:
                assert getattr(parsed, attribute(field)) == raw[field]
                assert type(getattr(parsed, attribute(field))) is type(raw[field])


@pytest.mark.parametrize("name", SUCCESSES, ids=short)
def test_each_capture_is_a_success_to_the_judge_of_its_operation(name: str) -> None:
    response = httpx.Response(
        200, content=capture(name), headers={"Content-Type": "application/json"}
    )
    loaded = spec.load()
    op = next(op for op in loaded.operations if op.operation_id == operation_id(name))
    assert judge(response, op, loaded) is response  # nothing rewritten, nothing refused


def test_every_captured_success_has_its_operation() -> None:
    successes = {
        path.relative_to(CAPTURES).as_posix()
        for path in CAPTURES.rglob("*.json")
        if json.loads(path.read_bytes()).get("code") == 0
    }
    assert successes - {"server_time_swap_live_probe.json"} == set(CALLS)


@pytest.mark.parametrize("mode", MODES)
def test_the_live_batch_cancel_keeps_its_junk_element_and_extras(mode: str) -> None:
    name = "cancelOrders_jkorf_issue23_live.json"
    result = outcome(cancel_orders, Answering(capture(name)), mode)

    assert isinstance(result, CancelOrdersResponse)
    real, junk = result.data.orders
    assert (real.symbol, real.order_id, real.status) == (
        "BARS-USDT",
        1886710535202701312,
        "CANCELED",
    )
    assert real.additional_properties == {"origClientOrderId": "ab20"}
    # Parsed like any element, and not cancelled: its status is not CANCELED.
    assert (junk.symbol, junk.order_id, junk.status, junk.type_) == ("", 0, "NEW", "")
    assert junk.transact_time == -6795364578871
    assert [o.order_id for o in result.data.orders if o.status == "CANCELED"] == [real.order_id]
    assert result.data.fails == []
    assert exactly(result.to_dict()) == exactly(sent(name))


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_batch_cancel_reports_each_failure_typed(mode: str) -> None:
    name = "surface/cancelOrders_v3_doc_example.json"
    result = outcome(cancel_orders, Answering(capture(name)), mode)

    assert isinstance(result, CancelOrdersResponse)
    (fail,) = result.data.fails
    assert type(fail) is CancelFailure
    assert fail.order_id == "1874730962584076288"  # a string here, as sent
    assert fail.error == sent(name)["data"]["fails"][0]["error"]
    assert isinstance(fail.error, str)
    assert "status :CANCELED,can not delete" in fail.error
    assert fail.additional_properties == {}
    cancelled = [o.order_id for o in result.data.orders if o.status == "CANCELED"]
    assert cancelled == [1735964997957275648, 1735965127519326208]


@pytest.mark.parametrize(
    ("order_id", "outcome_is"),
    [(1874730962584076288, "parsed"), ("", "parsed"), (None, "refused"), (1.8e18, "refused")],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_failure_id_may_be_a_string_or_an_integer_and_nothing_else(
    mode: str, order_id: object, outcome_is: str
) -> None:
    name = "surface/cancelOrders_v3_doc_example.json"
    doc = sent(name)
    doc["data"]["fails"][0]["orderId"] = order_id
    result = answered(name, doc, mode)

    if outcome_is == "parsed":
        assert isinstance(result, CancelOrdersResponse)
        assert result.data.fails[0].order_id == order_id
        assert type(result.data.fails[0].order_id) is type(order_id)
    else:
        assert type(result) is bingx_spot.ResponseError
        assert "body.data.fails[0].orderId is " in str(result)


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_placement_has_no_client_id(mode: str) -> None:
    name = "surface/order_v3_doc_example.json"
    result = outcome(place_order, Answering(capture(name)), mode)

    assert isinstance(result, PlaceOrderResponse)
    order = result.data
    assert (order.symbol, order.order_id, order.status) == (
        "NEMS-USDT",
        1735963671248581120,
        "PENDING",
    )
    assert order.transact_time == 1702720966528
    assert (order.price, order.orig_qty) == ("0.1557", "115")
    assert order.stop_price is UNSET  # not sent: unset, not invented
    assert order.client_order_id is UNSET
    assert order.additional_properties == {}


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_batch_placement_names_its_client_id(mode: str) -> None:
    name = "surface/batchOrders_v3_doc_example.json"
    result = outcome(batch_orders, Answering(capture(name)), mode)

    assert isinstance(result, BatchOrdersResponse)
    (order,) = result.data.orders
    assert (order.symbol, order.order_id, order.status) == (
        "ETHS-USDT",
        1735967859282101248,
        "PENDING",
    )
    assert order.client_order_id == "abc122345"
    assert order.stop_price is UNSET


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_single_cancel_is_the_order_itself(mode: str) -> None:
    name = "surface/cancel_v3_doc_example.json"
    result = outcome(cancel_order, Answering(capture(name)), mode)

    assert isinstance(result, CancelOrderResponse)
    order = result.data
    assert (order.symbol, order.order_id, order.status) == (
        "NEMS-USDT",
        1735964079647111168,
        "CANCELED",
    )
    assert order.stop_price == "0.1532"
    assert order.transact_time is UNSET
    assert order.client_order_id is UNSET


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_query_spells_stop_price_with_a_capital_and_fee_as_a_string(
    mode: str,
) -> None:
    name = "surface/query_v3_doc_example.json"
    result = outcome(query_order, Answering(capture(name)), mode)

    assert isinstance(result, QueryOrderResponse)
    order = result.data
    assert (order.symbol, order.order_id, order.status) == (
        "BRG-USDT",
        1735965009395131136,
        "PENDING",
    )
    assert order.stop_price == "0"  # sent as StopPrice
    assert order.fee == "0"  # a string in this body, a number in history's
    assert (order.fee_asset, order.avg_price) == ("BRG", "0.0005028")
    assert (order.time, order.update_time) == (1702721285567, 1702721285567)
    assert order.client_order_id is UNSET
    assert order.additional_properties == {}


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_history_has_fee_as_a_number(mode: str) -> None:
    name = "surface/historyOrders_v3_doc_example.json"
    result = outcome(history_orders, Answering(capture(name)), mode)

    assert isinstance(result, HistoryOrdersResponse)
    (order,) = result.data.orders
    assert (order.symbol, order.order_id, order.status) == (
        "SWCH-USDT",
        1735966927102231296,
        "CANCELED",
    )
    assert order.stop_price == "0"  # StopPrice
    assert type(order.fee) is int  # a JSON number, kept one
    assert order.fee == 0
    assert order.avg_price == "0.8881"
    assert order.cummulative_quote_qty == "0.9402800000000001"  # as sent, a string
    assert order.fee_asset is UNSET
    assert order.additional_properties == {}


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_fills_keep_commission_as_the_float_sent(mode: str) -> None:
    name = "surface/myTrades_v3_doc_example.json"
    result = outcome(my_trades, Answering(capture(name)), mode)

    assert isinstance(result, MyTradesResponse)
    first, second = result.data.fills
    assert [(f.id, f.order_id) for f in (first, second)] == [
        (36767057, 1745362930595004416),
        (36767058, 1745362930595004416),
    ]
    assert [type(f.commission) for f in (first, second)] == [float, float]
    assert (first.commission, second.commission) == (-0.000046483255, -1.2493e-7)
    assert isinstance(second.commission, float)
    assert bingx_spot.decimal(second.commission) == Decimal("-1.2493E-7")  # exact, via repr
    assert (first.qty, first.quote_qty) == ("0.1430254", "6696.471396937")
    assert (first.commission_asset, first.is_buyer, first.is_maker) == ("BTC", True, False)
    assert first.time == 1704961925000


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_balances_keep_every_digit(mode: str) -> None:
    name = "surface/balance_v3_doc_example.json"
    result = outcome(balance, Answering(capture(name)), mode)

    assert isinstance(result, BalanceResponse)
    assert [(b.asset, b.free, b.locked) for b in result.data.balances] == [
        ("USDT", "566773.193402631", "244.18616265388994"),
        ("CHEEMS", "294854132046232", "18350553840"),
        ("VST", "0", "0"),
    ]
    locked = bingx_spot.decimal(result.data.balances[0].locked)
    assert locked == Decimal("244.18616265388994")


@pytest.mark.parametrize("mode", MODES)
def test_the_documented_fee_rates_are_numbers(mode: str) -> None:
    name = "surface/commissionRate_v3_doc_example.json"
    result = outcome(commission_rate, Answering(capture(name)), mode)

    assert isinstance(result, CommissionRateResponse)
    rates = result.data
    assert (rates.taker_commission_rate, rates.maker_commission_rate) == (0.000325, 0.0001)
    assert bingx_spot.decimal(rates.taker_commission_rate) == Decimal("0.000325")


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


# -- derived variants of every captured success ----------------------------------------------


def _cases(fields: Callable[[str], list[tuple[str, str]]]) -> list[Any]:
    return [
        pytest.param(name, where, field, id=f"{short(name)}-{where or 'data'}-{field}")
        for name in SUCCESSES
        for where, field in fields(name)
    ]


@pytest.mark.parametrize(("name", "where", "field"), _cases(optional_fields))
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_missing_an_optional_field_is_still_a_success(
    mode: str, name: str, where: str, field: str
) -> None:
    doc = without(name, where, field)
    result = answered(name, doc, mode)

    assert isinstance(result, CALLS[name][2])
    parsed = model_at(result, where)
    assert getattr(parsed, attribute(field), UNSET) is UNSET  # a named field, or an extra one
    assert field not in parsed.additional_properties
    assert field not in parsed.to_dict()  # unset, never invented
    assert exactly(result.to_dict()) == exactly(doc)  # everything else as sent, ids exact


@pytest.mark.parametrize(("name", "where", "field"), _cases(required_fields))
@pytest.mark.parametrize("mode", MODES)
def test_an_answer_missing_a_required_field_is_a_response_error(
    mode: str, name: str, where: str, field: str
) -> None:
    error = answered(name, without(name, where, field), mode)

    assert type(error) is bingx_spot.ResponseError
    assert error.operation == operation_id(name)
    assert f"{path_of(where, field)} is missing" in str(error)


@pytest.mark.parametrize("name", [n for n in SUCCESSES if has_amounts(n)], ids=short)
@pytest.mark.parametrize("mode", MODES)
def test_amounts_sent_as_numbers_are_kept_as_those_numbers(mode: str, name: str) -> None:
    doc = amounts_as_numbers(name)
    result = answered(name, doc, mode)

    assert isinstance(result, CALLS[name][2])
    where, _, _ = objects(name, doc)[0]
    original = at(name, sent(name), where)
    field = next(f for f in AMOUNTS if isinstance(original.get(f), str))
    value = getattr(model_at(result, where), attribute(field))
    assert type(value) in (float, int)  # "0.00000398" sent as 0.00000398
    assert value == json.loads(original[field])
    assert exactly(result.to_dict()) == exactly(doc)


@pytest.mark.parametrize(
    "name", [n for n in SUCCESSES if transact_time_in_seconds(n) != sent(n)], ids=short
)
@pytest.mark.parametrize("mode", MODES)
def test_transact_time_in_seconds_is_kept_as_sent(mode: str, name: str) -> None:
    doc = transact_time_in_seconds(name)
    result = answered(name, doc, mode)

    assert isinstance(result, CALLS[name][2])
    for where, raw, _ in objects(name, doc):
        if "transactTime" in raw:
            in_ms = at(name, sent(name), where)["transactTime"]
            assert model_at(result, where).transact_time == raw["transactTime"] == in_ms // 1000
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
