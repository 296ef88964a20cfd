"""The local exchange's market: placing (truncation, filters, refusals with BingX's codes),
cancelling, looking up, history and fills, each through the SDK on the exchange's own clock."""

import decimal
import hashlib
import hmac
import json
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, LocalServer, Order
from bingx_spot.testing.market import Market
from bingx_spot_client.api.account import commission_rate
from bingx_spot_client.api.common import common_symbols
from bingx_spot_client.api.trade import (
    batch_orders,
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
from tests.clock import FakeClock
from tests.conftest import local_client

START = 1_800_000_000_000
HOURS_2 = 2 * 3_600_000


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def exchange(clock: FakeClock) -> LocalExchange:
    return LocalExchange(clock=clock.ms, block_ms=0)


@pytest.fixture
def client(exchange: LocalExchange, clock: FakeClock) -> AuthenticatedClient:
    return local_client(exchange, clock=clock.ms)


def raw(response: Any) -> Any:
    doc = json.loads(response.content)
    assert doc["code"] == 0, doc
    return doc["data"]


def signed(
    clock: FakeClock, method: str, path: str, params: dict[str, str],
    base: str = "https://open-api.bingx.com",
) -> httpx.Request:  # fmt: skip
    """A request to ``/openApi/spot/v1/<path>`` signed here with ``hmac``, not by the SDK."""
    items = sorted({**params, "timestamp": str(clock.ms())}.items())
    payload = "&".join(f"{k}={v}" for k, v in items)
    digest = hmac.new(DEMO_SECRET_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in items) + f"&signature={digest}"
    url = f"{base}/openApi/spot/v1/{path}?{query}"
    return httpx.Request(method, url, headers={"X-BX-APIKEY": DEMO_API_KEY})


def answer(exchange: LocalExchange, clock: FakeClock, path: str, params: dict[str, str]) -> Any:
    """The exchange's answer, as JSON, to a request to ``trade/<path>`` signed here."""
    method = "GET" if path in ("historyOrders", "query") else "POST"
    return json.loads(exchange.handle(signed(clock, method, f"trade/{path}", params)).content)


def hand_signed(
    exchange: LocalExchange, clock: FakeClock, path: str, params: dict[str, str]
) -> int:
    """BingX's code for a request signed here with ``hmac``, for what the SDK refuses to send."""
    code: int = answer(exchange, clock, path, params)["code"]
    return code


def refused(call: Any, client: AuthenticatedClient, **params: Any) -> tuple[int, str]:
    with pytest.raises(bingx_spot.BingXAPIError) as caught:
        call.sync(client=client, **params)
    return caught.value.code, caught.value.msg


def limit(client: AuthenticatedClient, **params: Any) -> Any:
    order = {"symbol": "BTC-USDT", "side": "BUY", "type_": "LIMIT", "quantity": "0.01",
             "price": "40000", **params}  # fmt: skip
    return place_order.sync(client=client, **order).data


# -- placing -------------------------------------------------------------------------------


def test_price_and_quantity_are_truncated_to_the_pair_s_tick_and_step(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    order = limit(client, quantity="0.123456", price="40000.123456")

    assert (order.orig_qty, order.price) == ("0.1234", "40000.1234")
    [resting] = [o for o in exchange.open_orders() if o["orderId"] == order.order_id]
    assert (resting["origQty"], resting["price"]) == ("0.1234", "40000.1234")
    assert exchange.balance("USDT").locked == Decimal("0.1234") * Decimal("40000.1234")


def test_the_filters_a_test_sets_are_listed_as_numbers_and_applied(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    exchange.list_symbols("NEMS-USDT", tick_size="0.01", step_size=1, min_notional="10")

    [pair] = raw(common_symbols.sync_detailed(client=client, symbol="NEMS-USDT"))["symbols"]
    assert (pair["tickSize"], pair["stepSize"], pair["minNotional"]) == (0.01, 1, 10)
    assert (pair["minQty"], pair["maxQty"], pair["maxNotional"]) == (0.0001, 1000000, 500000)
    order = limit(client, symbol="NEMS-USDT", quantity="115.9", price="0.159")
    assert (order.orig_qty, order.price) == ("115", "0.15")


@pytest.mark.parametrize(
    ("quantity", "price", "why"),
    [
        ("0.00009", "40000", "quantity is 0 once truncated"),
        ("0.0001", "40000", "below minNotional"),  # 4 USDT
        ("13", "40000", "above maxNotional"),  # 520000 USDT
        ("1", "0.00009", "price is 0 once truncated"),
    ],
)
def test_an_order_out_of_the_filters_is_refused_with_100400(
    exchange: LocalExchange, client: AuthenticatedClient, quantity: str, price: str, why: str
) -> None:
    exchange.fund("USDT", "1000000")
    code, msg = refused(place_order, client, symbol="BTC-USDT", side="BUY", type_="LIMIT",
                        quantity=quantity, price=price)  # fmt: skip

    assert code == 100400
    assert why in msg
    assert exchange.open_orders()[4:] == []  # the demo book's four only


def test_insufficient_balance_is_100202_and_locks_nothing(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    before = exchange.balance("USDT")

    assert refused(place_order, client, symbol="BTC-USDT", side="BUY", type_="LIMIT",
                   quantity="3", price="40000")[0] == 100202  # fmt: skip
    assert refused(place_order, client, symbol="ETH-USDT", side="SELL", type_="LIMIT",
                   quantity="10.0001", price="2500")[0] == 100202  # fmt: skip
    assert exchange.balance("USDT") == before


RESTRICTED = (100421, "This pair is currently restricted from API trading")


@pytest.mark.parametrize(
    ("setup", "side", "answer"),
    [
        ("delisted", "BUY", (100204, "symbol not exist")),
        ("closed", "BUY", RESTRICTED),
        ("no_sells", "SELL", RESTRICTED),
        ("offline", "BUY", (100490, "spot symbol offline")),
    ],
)
def test_a_pair_not_open_to_api_trading_is_refused_with_bingx_s_code(
    exchange: LocalExchange, client: AuthenticatedClient, setup: str, side: str,
    answer: tuple[int, str],
) -> None:  # fmt: skip
    changes: dict[str, dict[str, Any]] = {
        "closed": {"api_state_buy": False, "api_state_sell": False},
        "no_sells": {"api_state_sell": False},
        "offline": {"status": 0},
    }
    if setup == "delisted":
        exchange.delist_symbols("ETH-USDT")
    else:
        exchange.list_symbols("ETH-USDT", **changes[setup])

    assert refused(place_order, client, symbol="ETH-USDT", side=side, type_="LIMIT",
                   quantity="1", price="2500") == answer  # fmt: skip


def test_an_unknown_pair_is_100204(client: AuthenticatedClient) -> None:
    assert refused(place_order, client, symbol="NOPE-USDT", side="BUY", type_="LIMIT",
                   quantity="1", price="10")[0] == 100204  # fmt: skip


def test_the_thousandth_open_limit_order_is_the_last(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    exchange.add_orders([Order(symbol="ETH-USDT") for _ in range(995)])  # 4 demo orders + 995
    limit(client)

    assert refused(place_order, client, symbol="BTC-USDT", side="BUY", type_="LIMIT",
                   quantity="0.01", price="40000") == (
        100421, "LIMIT pending orders reached max (1000)")  # fmt: skip
    exchange.set_price("BTC-USDT", "40000")
    assert place_order.sync(client=client, symbol="BTC-USDT", side="BUY", type_="MARKET",
                            quote_order_qty="100").data.status == "FILLED"  # fmt: skip


def test_a_client_id_of_an_open_order_is_refused_until_it_closes(
    client: AuthenticatedClient,
) -> None:
    first = limit(client, new_client_order_id="mine_1")

    code, msg = refused(place_order, client, symbol="BTC-USDT", side="BUY", type_="LIMIT",
                        quantity="0.01", price="40000", new_client_order_id="mine_1")  # fmt: skip
    assert (code, "mine_1" in msg) == (100400, True)
    cancel_order.sync(client=client, symbol="BTC-USDT", order_id=first.order_id)
    again = limit(client, new_client_order_id="mine_1")
    assert again.order_id != first.order_id


def test_a_limit_order_that_the_price_reaches_fills_at_once_as_taker(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    exchange.set_price("BTC-USDT", "39000")

    order = limit(client, quantity="0.01", price="40000")

    assert (order.status, order.executed_qty, order.cummulative_quote_qty) == (
        "FILLED", "0.01", "390")  # fmt: skip
    [fill] = exchange.fills()
    assert (fill["price"], fill["isMaker"]) == ("39000", False)
    assert exchange.balance("USDT").free == Decimal(100000 - 390)


def test_a_price_that_reaches_a_resting_order_fills_it_at_its_price_as_maker(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    order = limit(client, side="SELL", quantity="0.5", price="41000")
    exchange.set_price("BTC-USDT", "40999")
    assert exchange.balance("BTC") == (Decimal("0.5"), Decimal("0.5"))

    exchange.set_price("BTC-USDT", "41500")

    got = Decimal(20500) * (1 - Decimal("0.0001"))  # the maker rate, taken in USDT
    assert exchange.balance("BTC") == (Decimal("0.5"), Decimal(0))
    assert exchange.balance("USDT") == (100000 + got, Decimal(0))
    [fill] = exchange.fills()
    assert (fill["price"], fill["isMaker"], fill["commissionAsset"]) == ("41000", True, "USDT")
    assert fill["commission"] == -2.05
    answer = query_order.sync(client=client, symbol="BTC-USDT", order_id=order.order_id).data
    assert (answer.status, answer.avg_price, answer.fee_asset) == ("FILLED", "41000", "USDT")


def test_orders_the_test_added_are_never_matched(exchange: LocalExchange) -> None:
    exchange.set_price("BTC-USDT", "1")  # below the demo book's BUY at 42000.5

    assert len(exchange.open_orders()) == 4
    assert exchange.fills() == []


def test_a_market_order_needs_a_price_set(client: AuthenticatedClient) -> None:
    code, msg = refused(place_order, client, symbol="BTC-USDT", side="BUY", type_="MARKET",
                        quote_order_qty="100")  # fmt: skip

    assert (code, "set_price" in msg) == (100400, True)


def test_conditional_types_are_refused(client: AuthenticatedClient) -> None:
    assert refused(place_order, client, symbol="BTC-USDT", side="BUY", type_="TRIGGER_LIMIT",
                   quantity="1", price="40000", stop_price="41000")[0] == 100400  # fmt: skip


def test_commission_rate_answers_the_account_s_rates(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    exchange.set_fee_rates(taker="0.001", maker="0.0002")

    doc = raw(commission_rate.sync_detailed(client=client, symbol="BTC-USDT"))
    assert doc == {"takerCommissionRate": 0.001, "makerCommissionRate": 0.0002}


# -- batches ---------------------------------------------------------------------------------


def batch(*orders: dict[str, Any]) -> str:
    return json.dumps(list(orders), separators=(",", ":"))


def test_a_batch_places_each_order(exchange: LocalExchange, client: AuthenticatedClient) -> None:
    one = {"symbol": "ETH-USDT", "side": "SELL", "type": "LIMIT", "quantity": "1",
           "price": "3000"}  # fmt: skip
    placed = batch_orders.sync(
        client=client, data=batch(one, {**one, "price": "3100", "newClientOrderId": "b_2"})
    ).data.orders

    assert [o.price for o in placed] == ["3000", "3100"]
    assert [o.client_order_id for o in placed][1] == "b_2"
    assert exchange.balance("ETH").locked == 2


def test_a_batch_with_one_refused_order_places_none(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    one = {"symbol": "ETH-USDT", "side": "SELL", "type": "LIMIT", "quantity": "6",
           "price": "3000"}  # fmt: skip

    assert refused(batch_orders, client, data=batch(one, one))[0] == 100202  # 12 ETH of 10
    assert exchange.balance("ETH") == (Decimal(10), Decimal(0))
    assert len(exchange.open_orders()) == 4


@pytest.mark.parametrize(
    "data",
    ["[]", "[1,2", batch(*[{"symbol": "ETH-USDT", "side": "SELL", "type": "LIMIT"}] * 6)],
)
def test_a_batch_bingx_refuses_is_refused_before_sending_and_100400_when_sent(
    exchange: LocalExchange, clock: FakeClock, client: AuthenticatedClient, data: str
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError):
        batch_orders.sync(client=client, data=data)
    assert exchange.past_orders() == []
    assert hand_signed(exchange, clock, "batchOrders", {"data": data}) == 100400


def test_a_batch_of_two_pairs_without_sync_is_100400(client: AuthenticatedClient) -> None:
    data = batch({"symbol": "ETH-USDT", "side": "SELL", "type": "LIMIT", "quantity": "1",
                  "price": "3000"},
                 {"symbol": "BTC-USDT", "side": "SELL", "type": "LIMIT", "quantity": "0.01",
                  "price": "50000"})  # fmt: skip
    assert refused(batch_orders, client, data=data)[0] == 100400


def test_sync_true_places_orders_of_different_pairs(client: AuthenticatedClient) -> None:
    data = batch({"symbol": "ETH-USDT", "side": "SELL", "type": "LIMIT", "quantity": "1",
                  "price": "3000"},
                 {"symbol": "BTC-USDT", "side": "SELL", "type": "LIMIT", "quantity": "0.01",
                  "price": "50000"})  # fmt: skip

    assert len(batch_orders.sync(client=client, data=data, sync=True).data.orders) == 2


# -- cancelling and looking up ----------------------------------------------------------------


def test_every_cancel_gives_back_what_the_order_locked(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    ids = [limit(client).order_id for _ in range(4)]
    assert exchange.balance("USDT").locked == 1600

    cancel_order.sync(client=client, symbol="BTC-USDT", order_id=ids[0])
    cancel_orders.sync(client=client, symbol="BTC-USDT", order_ids=f"{ids[1]},{ids[2]}")
    assert exchange.balance("USDT").locked == 400
    cancel_open_orders.sync(client=client, symbol="BTC-USDT")

    assert exchange.balance("USDT") == (Decimal(100000), Decimal(0))
    assert [o["status"] for o in exchange.past_orders()] == ["CANCELED"] * 6  # 2 demo orders


def test_cancelling_a_closed_or_unknown_order_is_refused(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    order = limit(client)
    cancel_order.sync(client=client, symbol="BTC-USDT", order_id=order.order_id)

    code, msg = refused(cancel_order, client, symbol="BTC-USDT", order_id=order.order_id)
    assert (code, "order status :CANCELED,can not delete" in msg) == (100421, True)
    assert refused(cancel_order, client, symbol="BTC-USDT", order_id=5) == (
        100421, " cancel fail,  order not exist")  # fmt: skip


def test_cancel_orders_lists_ids_not_found_in_fails_as_strings(
    client: AuthenticatedClient,
) -> None:
    order = limit(client)

    answer = raw(cancel_orders.sync_detailed(client=client, symbol="BTC-USDT", process=1,
                                             order_ids=f"{order.order_id},77"))  # fmt: skip

    assert [o["orderId"] for o in answer["orders"]] == [order.order_id]
    assert answer["fails"] == [{"orderId": "77", "error": "the  orderId:77 order not exist"}]


def test_without_process_1_one_id_not_found_cancels_none(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    order = limit(client)

    answer = raw(cancel_orders.sync_detailed(client=client, symbol="BTC-USDT",
                                             order_ids=f"{order.order_id},77"))  # fmt: skip

    assert answer["orders"] == []
    assert [f["orderId"] for f in answer["fails"]] == ["77", str(order.order_id)]
    assert order.order_id in [o["orderId"] for o in exchange.open_orders()]


def test_cancel_orders_by_client_ids(client: AuthenticatedClient) -> None:
    limit(client, new_client_order_id="c_1")
    limit(client, new_client_order_id="c_2")

    result = cancel_orders.sync(client=client, symbol="BTC-USDT", client_order_i_ds="c_1,c_2")

    assert [o.client_order_id for o in result.data.orders] == ["c_1", "c_2"]
    assert result.data.fails == []


def test_a_client_id_finds_its_order_for_2_hours_only(
    clock: FakeClock, exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    order = limit(client, new_client_order_id="late")
    clock.advance(ms=HOURS_2)

    found = query_order.sync(client=client, symbol="BTC-USDT", client_order_id="late").data
    assert found.order_id == order.order_id
    clock.advance(ms=1)
    assert refused(query_order, client, symbol="BTC-USDT", client_order_id="late") == (
        100404, "order not exist")  # fmt: skip
    assert refused(cancel_order, client, symbol="BTC-USDT", client_order_id="late")[0] == 100421
    assert query_order.sync(client=client, symbol="BTC-USDT", order_id=order.order_id)
    cancel_order.sync(client=client, symbol="BTC-USDT", order_id=order.order_id)


def test_a_lookup_needs_an_id(client: AuthenticatedClient) -> None:
    assert refused(query_order, client, symbol="BTC-USDT")[0] == 100400
    assert refused(cancel_order, client, symbol="BTC-USDT")[0] == 100400


# -- history and fills ------------------------------------------------------------------------


def test_history_pages_newest_first_and_filters(
    clock: FakeClock, exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    ids = []
    for _ in range(5):
        ids.append(limit(client).order_id)
        clock.advance(ms=1000)
    exchange.set_price("BTC-USDT", "39000")  # fills all five
    clock.advance(ms=1000)
    cancelled = limit(client, price="30000").order_id
    cancel_order.sync(client=client, symbol="BTC-USDT", order_id=cancelled)

    def page(**params: Any) -> list[int]:
        orders = history_orders.sync(client=client, **params).data.orders
        return [o.order_id for o in orders]

    assert page() == [cancelled, *reversed(ids)]
    assert page(page_index=2, page_size=2) == [ids[3], ids[2]]
    assert page(status="FILLED", page_size=2) == [ids[4], ids[3]]
    assert page(status="CANCELED") == [cancelled]
    assert page(start_time=START + 1000, end_time=START + 3000) == [ids[3], ids[2], ids[1]]
    assert page(symbol="ETH-USDT") == []


def test_history_paging_beyond_bingx_s_bound_is_refused_before_sending_and_100400_when_sent(
    exchange: LocalExchange, clock: FakeClock, client: AuthenticatedClient
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="pageIndex"):
        history_orders.sync(client=client, page_index=101, page_size=100)
    params = {"symbol": "BTC-USDT", "pageIndex": "101", "pageSize": "100"}
    assert hand_signed(exchange, clock, "historyOrders", params) == 100400


def test_my_trades_oldest_first_inclusive_bounds_and_limit(
    clock: FakeClock, exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    exchange.set_price("BTC-USDT", "40000")
    for _ in range(3):
        place_order.sync(client=client, symbol="BTC-USDT", side="BUY", type_="MARKET",
                         quantity="0.001")  # fmt: skip
        clock.advance(ms=1000)

    def times(**params: Any) -> list[int]:
        fills = my_trades.sync(client=client, symbol="BTC-USDT", **params).data.fills
        return [f.time for f in fills if isinstance(f.time, int)]

    assert times() == [START, START + 1000, START + 2000]
    assert times(start_time=START + 1000, end_time=START + 2000) == [START + 1000, START + 2000]
    assert times(limit=2) == [START, START + 1000]
    assert raw(my_trades.sync_detailed(client=client, symbol="ETH-USDT")) == {"fills": []}


def test_the_demo_book_s_orders_go_to_history_when_cancelled(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    cancel_open_orders.sync(client=client)

    assert open_orders.sync(client=client).data.orders == []
    assert len(history_orders.sync(client=client).data.orders) == 4
    assert exchange.balance("USDT") == (Decimal(100000), Decimal(0))


# -- any amount, in any decimal context, and a failure of the exchange itself ------------------


@pytest.mark.parametrize(
    ("order", "why"),
    [
        (("SELL", "1" * 29, "99999"), "above maxNotional"),
        (("SELL", "1" * 60, "99999"), "above maxNotional"),
        (("BUY", "1" * 29 + "." + "1" * 29, "40000"), "above maxNotional"),
        (("BUY", "0.01", "1" * 60), "above maxNotional"),
        (("SELL", "0." + "0" * 40 + "1", "99999"), "quantity is 0 once truncated"),
        (("BUY", "0.01", "0." + "0" * 60 + "1"), "price is 0 once truncated"),
        (("SELL", "1" * 101, "99999"), "invalid quantity: more than 100 characters"),
        (("BUY", "0.01", "0." + "0" * 99 + "1"), "invalid price: more than 100 characters"),
    ],
)
def test_an_amount_of_any_length_is_refused_with_100400_as_bingx_refuses_it(
    exchange: LocalExchange, clock: FakeClock, order: tuple[str, str, str], why: str
) -> None:
    side, quantity, price = order
    params = {"symbol": "BTC-USDT", "side": side, "type": "LIMIT", "quantity": quantity,
              "price": price}  # fmt: skip

    doc = answer(exchange, clock, "order", params)

    assert doc["code"] == 100400
    assert why in doc["msg"]
    assert exchange.open_orders()[4:] == []


def test_a_market_buy_by_quote_never_gets_more_than_its_quote_buys(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    exchange.set_price("BTC-USDT", "40000")
    # 0.9999999...(30 nines) BTC: a 28-digit quotient rounds it up to 1, a whole step more.
    quote_qty = "39999.99999999999999999999999996"
    params = {"symbol": "BTC-USDT", "side": "BUY", "type": "MARKET", "quoteOrderQty": quote_qty}

    assert answer(exchange, clock, "order", params)["data"]["executedQty"] == "0.9999"
    assert exchange.balance("USDT").free == Decimal(100000) - Decimal("0.9999") * 40000


@pytest.mark.parametrize(
    "settings",
    [{"prec": 3}, {"prec": 6, "rounding": decimal.ROUND_UP}, {"traps": [decimal.Rounded]}],
)
def test_the_caller_s_decimal_context_changes_nothing_on_the_exchange(
    exchange: LocalExchange, client: AuthenticatedClient, settings: dict[str, Any]
) -> None:
    with decimal.localcontext(**settings):
        order = limit(client, quantity="0.123456", price="40000.123456")
        exchange.set_price("BTC-USDT", "39999.99")

    assert (order.orig_qty, order.price) == ("0.1234", "40000.1234")
    [fill] = exchange.fills()
    assert (fill["qty"], fill["quoteQty"]) == ("0.1234", "4936.01522756")
    assert exchange.balance("USDT").free == Decimal(100000) - Decimal("4936.01522756")


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_a_failure_inside_the_exchange_is_an_http_500_and_it_goes_on_answering(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: Market, api_key: str, params: dict[str, str], now: int) -> Any:
        raise RuntimeError("a bug in the exchange")

    monkeypatch.setattr(Market, "balance", broken)
    exchange = LocalExchange(clock=clock.ms, block_ms=0)

    failed = exchange.handle(signed(clock, "GET", "account/balance", {}))

    assert (failed.status_code, failed.text) == (500, "Internal Server Error")
    assert failed.headers["content-type"].startswith("text/plain")
    assert "a bug in the exchange" in caplog.text  # logged, its path only: no signature
    assert "/openApi/spot/v1/account/balance" in caplog.text
    assert "signature" not in caplog.text
    after = exchange.handle(signed(clock, "GET", "trade/openOrders", {}))
    assert json.loads(after.content)["code"] == 0  # the lock was given back
    with LocalServer(exchange) as server, httpx.Client() as http:
        over_loopback = [
            http.send(signed(clock, "GET", path, {}, base=server.url))
            for path in ("account/balance", "trade/openOrders", "account/balance")
        ]
    assert [r.status_code for r in over_loopback] == [500, 200, 500]  # one connection throughout


def test_the_history_writes_a_fee_as_a_plain_json_number_and_the_query_as_text(
    exchange: LocalExchange, client: AuthenticatedClient
) -> None:
    exchange.set_price("BTC-USDT", "40000")
    filled = place_order.sync(client=client, symbol="BTC-USDT", side="BUY", type_="MARKET",
                              quantity="0.025").data  # fmt: skip
    order = limit(client, price="30000")
    cancel_order.sync(client=client, symbol="BTC-USDT", order_id=order.order_id)

    body = history_orders.sync_detailed(client=client, symbol="BTC-USDT").content
    assert b'"fee":-0.000008125,' in body  # 0.025 x 0.000325, not -8.125e-06
    assert b'"fee":0,' in body  # the cancelled order's: the int 0, as the capture
    queried = raw(query_order.sync_detailed(client=client, symbol="BTC-USDT",
                                            order_id=filled.order_id))  # fmt: skip
    assert queried["fee"] == "-0.000008125"


def test_query_and_history_carry_a_client_id_only_for_an_order_placed_with_one(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    ids = []
    for client_id in ("", "mine"):
        named = {"newClientOrderId": client_id} if client_id else {}
        params = {"symbol": "BTC-USDT", "side": "BUY", "type": "LIMIT", "quantity": "0.01",
                  "price": "30000", **named}  # fmt: skip
        ids.append(str(answer(exchange, clock, "order", params)["data"]["orderId"]))
    answer(exchange, clock, "cancelOrders", {"symbol": "BTC-USDT", "orderIds": ",".join(ids)})

    queried = [
        answer(exchange, clock, "query", {"symbol": "BTC-USDT", "orderId": i})["data"] for i in ids
    ]
    history = answer(exchange, clock, "historyOrders", {"symbol": "BTC-USDT"})["data"]["orders"]
    assert [o.get("clientOrderID") for o in queried] == [None, "mine"]
    assert [o.get("clientOrderID") for o in history] == ["mine", None]  # newest first
