"""The local exchange's commonSymbols: public, every listed pair with its filters as JSON numbers,
the live spellings that break a naive BASE-QUOTE rule included (docs/bingx-facts.md, "Symbols")."""

import json
from typing import Any

import httpx
import pytest

from bingx_spot.testing import LocalExchange, Order
from bingx_spot_client.api.common import common_symbols
from bingx_spot_client.api.trade import cancel_open_orders, open_orders
from tests.clock import FakeClock
from tests.conftest import local_client

PATH = "/openApi/spot/v1/common/symbols"
ODD = ["STRK-OLD-USDT", "$U-USDT", "D.O.G.E.-USDT", "ATOM(ARC20)-USDT", "OTHR#99961-USDT",
       "MØTH-USDT"]  # fmt: skip


@pytest.fixture
def exchange(clock: FakeClock) -> LocalExchange:
    return LocalExchange(clock=clock.ms)


def listed(exchange: LocalExchange, **kwargs: Any) -> list[dict[str, Any]]:
    """The pairs commonSymbols answers through the SDK, as raw JSON."""
    with local_client(exchange, clock=exchange.now) as client:
        response = common_symbols.sync_detailed(client=client, **kwargs)
    doc = json.loads(response.content)
    assert doc["code"] == 0
    pairs: list[dict[str, Any]] = doc["data"]["symbols"]
    return pairs


def test_lists_the_odd_spellings_with_filters_as_numbers(exchange: LocalExchange) -> None:
    pairs = listed(exchange)

    names = [pair["symbol"] for pair in pairs]
    assert set(ODD) <= set(names)
    for pair in pairs:
        filters = [pair[name] for name in ("tickSize", "stepSize", "minNotional", "maxNotional")]
        assert all(type(value) in (int, float) for value in filters), pair
        assert type(pair["status"]) is int
        assert (type(pair["apiStateBuy"]), type(pair["apiStateSell"])) == (bool, bool)


@pytest.mark.parametrize("symbol", ODD)
def test_symbol_narrows_it_to_that_pair(exchange: LocalExchange, symbol: str) -> None:
    [pair] = listed(exchange, symbol=symbol)

    assert pair["symbol"] == symbol
    with local_client(exchange, clock=exchange.now) as client:
        parsed = common_symbols.sync(client=client, symbol=symbol)
    assert [p.symbol for p in parsed.data.symbols] == [symbol]


def test_it_is_public(exchange: LocalExchange) -> None:
    bare = exchange.handle(httpx.Request("GET", f"https://x{PATH}?symbol=%24U-USDT"))

    assert json.loads(bare.content)["data"]["symbols"][0]["symbol"] == "$U-USDT"
    listed(exchange)
    sent = exchange.requests[-1]
    assert "X-BX-APIKEY" not in sent.headers
    assert not {"signature", "timestamp"} & set(sent.url.params)


def test_listing_follows_the_book_and_the_test(exchange: LocalExchange) -> None:
    exchange.add_orders([Order(symbol="NEW-USDT")])
    exchange.list_symbols("LATE-USDT")
    exchange.delist_symbols("STRK-OLD-USDT")

    names = {pair["symbol"] for pair in listed(exchange)}
    assert {"NEW-USDT", "LATE-USDT"} <= names
    assert "STRK-OLD-USDT" not in names


@pytest.mark.parametrize("operation", [cancel_open_orders, open_orders])
def test_a_pair_not_listed_is_a_success_listing_nothing(
    exchange: LocalExchange, operation: Any
) -> None:
    assert listed(exchange, symbol="NOPE-USDT") == []

    with local_client(exchange, clock=exchange.now) as client:
        result = operation.sync(client=client, symbol="NOPE-USDT")

    assert (result.code, result.data.orders) == (0, [])
    assert len(exchange.open_orders()) == 4
