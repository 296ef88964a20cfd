"""An order fitted to its pair's filters: rounded toward the safe side, exact decimals, refused
out of the pair's bounds; the filters read from commonSymbols and kept per client."""

import asyncio
import decimal
import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot import FittedOrder, PairFilters
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from bingx_spot_client.models import CommonSymbolsResponse
from tests.conftest import CAPTURES

CAPTURE = (CAPTURES / "surface/commonSymbols_v3_doc_example.json").read_bytes()
# The documented pair: tickSize 0.01, stepSize 0.00001, minQty 0.0001826, maxQty 18.2663756,
# minNotional 5, maxNotional 500000, all JSON numbers.
BTC = PairFilters.of(CommonSymbolsResponse.from_dict(json.loads(CAPTURE)).data.symbols[0])


def test_the_documented_pair_s_filters_are_read_exactly() -> None:
    expected = PairFilters(
        symbol="BTC-USDT",
        tick_size=Decimal("0.01"),
        step_size=Decimal("0.00001"),
        min_qty=Decimal("0.0001826"),
        max_qty=Decimal("18.2663756"),
        min_notional=Decimal("5"),
        max_notional=Decimal("500000"),
    )
    assert expected == BTC


@pytest.mark.parametrize(
    ("side", "price", "fitted"),
    [
        ("BUY", "64123.456", "64123.45"),  # down: never pays more than asked
        ("SELL", "64123.451", "64123.46"),  # up: never sells for less than asked
        ("BUY", "64123.45", "64123.45"),  # on a tick already: unchanged
        ("SELL", "64123.45", "64123.45"),
    ],
)
def test_the_price_is_rounded_to_the_tick_toward_the_safe_side(
    side: str, price: str, fitted: str
) -> None:
    order = BTC.fit(side, price=Decimal(price), quantity=Decimal("0.001"))
    assert order.price == Decimal(fitted)
    assert order.amounts()["price"] == fitted


@pytest.mark.parametrize("side", ["BUY", "SELL"])
def test_the_quantity_is_rounded_down_to_the_step(side: str) -> None:
    order = BTC.fit(side, price="60000", quantity="0.0012345")
    assert order.quantity == Decimal("0.00123")
    assert order.amounts() == {"price": "60000.00", "quantity": "0.00123"}


def test_amounts_go_out_as_exact_decimal_text_never_an_exponent() -> None:
    pair = PairFilters("TINY-USDT", tick_size=Decimal("1E-8"), step_size=Decimal("1"))
    order = pair.fit("BUY", price=1.23456789e-7, quantity=1000)  # a float, read by its repr
    assert order.amounts() == {"price": "0.00000012", "quantity": "1000"}


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"price": "60000", "quantity": "0.00001"},
         "quantity 0.00001 is below BTC-USDT's minQty 0.0001826"),
        ({"price": "1", "quantity": "19"},
         "quantity 19.00000 is above BTC-USDT's maxQty 18.2663756"),
        ({"price": "1000", "quantity": "0.001"},
         "notional 1.0000000 is below BTC-USDT's minNotional 5"),
        ({"price": "60000", "quantity": "9"},
         "notional 540000.0000000 is above BTC-USDT's maxNotional 500000"),
        ({"quote_order_qty": "4.99"}, "notional 4.99 is below BTC-USDT's minNotional 5"),
        ({"price": "0.001", "quantity": "1"}, "price rounds to 0 at BTC-USDT's tickSize 0.01"),
        ({"quantity": "0.000001"}, "quantity rounds to 0 at BTC-USDT's stepSize 0.00001"),
        ({"price": "-1", "quantity": "1"}, "price must be a number above 0"),
        ({"quantity": "NaN"}, "not a finite number: 'NaN'"),
    ],
)  # fmt: skip
def test_an_order_out_of_the_pair_s_bounds_is_refused(kwargs: dict[str, str], problem: str) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        BTC.fit("BUY", **kwargs)
    assert str(refused.value) == problem
    assert (refused.value.sent, refused.value.attempts) == (False, 0)


def test_a_market_sell_s_notional_is_unknown_so_only_its_quantity_is_checked() -> None:
    assert BTC.fit("SELL", quantity="0.0002") == FittedOrder(quantity=Decimal("0.00020"))


def test_a_market_buy_s_quote_amount_is_checked_not_rounded() -> None:
    assert BTC.fit("BUY", quote_order_qty="10.123456").amounts() == {"quote_order_qty": "10.123456"}


def test_the_side_must_be_buy_or_sell() -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="side must be BUY or SELL"):
        BTC.fit("buy", price="1", quantity="1")


def test_missing_or_zero_filters_bound_nothing() -> None:
    pair = PairFilters.of(
        CommonSymbolsResponse.from_dict(
            {"code": 0, "data": {"symbols": [{"symbol": "X-Y", "tickSize": 0, "stepSize": "0.1"}]}}
        ).data.symbols[0]
    )
    assert pair == PairFilters("X-Y", step_size=Decimal("0.1"))
    assert pair.fit("BUY", price="0.123", quantity="1.99").amounts() == {
        "price": "0.123",
        "quantity": "1.9",
    }


class Symbols(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers commonSymbols with BingX's documented body, counting the requests."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(request.url.params.get("symbol", ""))
        body = CAPTURE if request.url.params.get("symbol") == "BTC-USDT" else (
            b'{"code":0,"msg":"","data":{"symbols":[]}}')  # fmt: skip
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_pair_filters_fetches_once_then_keeps_them_per_client(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr("bingx_spot.filters.time.monotonic", lambda: now[0])
    symbols = Symbols()
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=symbols,
                                    rate_limit=False)  # fmt: skip

    def fetch() -> PairFilters:
        if mode == "sync":
            return bingx_spot.pair_filters(client, "BTC-USDT")

        async def run() -> PairFilters:
            return await bingx_spot.pair_filters_async(client, "BTC-USDT")

        return asyncio.run(run())

    assert fetch() == BTC
    now[0] += 59.0
    assert fetch() == BTC
    assert symbols.asked == ["BTC-USDT"]  # kept for a minute
    now[0] += 1.0
    assert fetch() == BTC
    assert symbols.asked == ["BTC-USDT", "BTC-USDT"]
    other = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=symbols,
                                   rate_limit=False)  # fmt: skip
    assert bingx_spot.pair_filters(other, "BTC-USDT") == BTC
    assert len(symbols.asked) == 3  # per client


def test_a_pair_bingx_does_not_list_is_refused() -> None:
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=Symbols(),
                                    rate_limit=False)  # fmt: skip
    with pytest.raises(bingx_spot.InvalidArgumentError, match="BingX lists no pair 'NOPE-USDT'"):
        bingx_spot.pair_filters(client, "NOPE-USDT")


# -- exact whatever the digits, the size or the caller's decimal context ------------------------

DOGE = PairFilters("DOGE-USDT", tick_size=Decimal("1E-8"), step_size=Decimal("1"),
                   min_notional=Decimal("5"), max_notional=Decimal("1000"))  # fmt: skip


@pytest.mark.parametrize(
    ("pair", "side", "kwargs", "fitted"),
    [
        # More digits than a 28-digit context holds: dividing there rounds up to the next step.
        (DOGE, "BUY", {"price": "1", "quantity": "9." + "9" * 29}, ("1.00000000", "9")),
        (DOGE, "SELL", {"price": "1", "quantity": "9." + "9" * 60}, ("1.00000000", "9")),
        (BTC, "BUY", {"price": "64123.45" + "9" * 40, "quantity": "0.0012" + "9" * 40},
         ("64123.45", "0.00129")),
        (BTC, "SELL", {"price": "64123.45" + "0" * 40 + "1", "quantity": "0.001"},
         ("64123.46", "0.00100")),
        (BTC, "BUY", {"price": "6" * 40 + ".999", "quantity": "0.0001999"},  # no maxNotional
         ("6" * 40 + ".99", "0.00019")),
    ],
)  # fmt: skip
def test_rounding_is_exact_whatever_the_number_of_digits(
    pair: PairFilters, side: str, kwargs: dict[str, str], fitted: tuple[str, str]
) -> None:
    if pair is BTC and "6" * 40 in kwargs["price"]:
        pair = PairFilters("BTC-USDT", tick_size=Decimal("0.01"), step_size=Decimal("0.00001"))
    order = pair.fit(side, **kwargs)
    assert (order.amounts()["price"], order.amounts()["quantity"]) == fitted
    assert order.quantity is not None
    assert order.quantity <= Decimal(kwargs["quantity"])  # never more than asked


@pytest.mark.parametrize("settings", [{"prec": 6}, {"prec": 3, "rounding": decimal.ROUND_UP},
                                      {"traps": [decimal.Inexact, decimal.Rounded]}])  # fmt: skip
def test_fitting_does_not_depend_on_the_caller_s_decimal_context(settings: dict[str, Any]) -> None:
    with decimal.localcontext(**settings) as context:
        order = BTC.fit("BUY", price=Decimal("64123.456"), quantity=Decimal("0.0012345"))
        sell = BTC.fit("SELL", price="99999.991", quantity="1.999999")
        assert decimal.getcontext() is context
    assert order.amounts() == {"price": "64123.45", "quantity": "0.00123"}
    assert sell.amounts() == {"price": "100000.00", "quantity": "1.99999"}


def test_a_huge_value_is_fitted_exactly_or_refused_by_a_bound() -> None:
    free = PairFilters("DOGE-USDT", tick_size=Decimal("1E-8"), step_size=Decimal("1"))
    order = free.fit("BUY", price="1e30", quantity=1)
    assert order.amounts()["price"] == "1" + "0" * 30 + "." + "0" * 8
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        DOGE.fit("BUY", price="1e30", quantity=1)
    assert str(refused.value) == (
        f"notional 1{'0' * 30}.{'0' * 8} is above DOGE-USDT's maxNotional 1000"
    )


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"price": "1e999999999", "quantity": 1}, "price 1E+999999999 has too many digits"),
        ({"price": "1", "quantity": "1e-999999999"}, "quantity 1E-999999999 has too many digits"),
        ({"price": "1", "quantity": "1" * 1001}, "quantity 1111"),
        ({"quote_order_qty": Decimal("1e-5000")}, "quote_order_qty 1E-5000 has too many digits"),
    ],
)
def test_a_value_too_large_or_too_fine_to_compute_with_is_an_invalid_argument(
    kwargs: dict[str, Any], problem: str
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        DOGE.fit("BUY", **kwargs)
    assert str(refused.value).startswith(problem)
    assert "has too many digits" in str(refused.value)


def test_a_filter_too_large_or_too_fine_is_an_invalid_argument_too() -> None:
    pair = PairFilters("X-Y", tick_size=Decimal("1E-999999"))
    with pytest.raises(bingx_spot.InvalidArgumentError, match="tickSize 1E-999999 has too many"):
        pair.fit("BUY", price="1", quantity="1")


def test_a_market_buy_by_quantity_checks_its_notional_only_with_a_reference_price() -> None:
    assert DOGE.fit("BUY", quantity=10_000).amounts() == {"quantity": "10000"}
    with pytest.raises(bingx_spot.InvalidArgumentError, match=r"notional 1100\.00000000 is above"):
        DOGE.fit("BUY", price="0.11", quantity=10_000)
