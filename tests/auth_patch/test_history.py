"""Every page of the order history, sync and async: page after page until a short one, never past
BingX's bound (pageIndex x pageSize <= 10000), each order once."""

import asyncio
import json
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from bingx_spot_client.models import OrderDetail
from tests.calling import MODES

PATH = "/openApi/spot/v1/trade/historyOrders"


class History(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """``total`` orders, newest (highest id) first; ``shift``: before answering each page after
    the first, that many new orders finish (pushing the older ones a place further)."""

    def __init__(self, total: int, shift: int = 0) -> None:
        self.ids = list(range(total, 0, -1))
        self.shift = shift
        self.pages: list[dict[str, str]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == PATH
        params = dict(request.url.params)
        self.pages.append(params)
        if len(self.pages) > 1 and self.shift:
            top = self.ids[0] if self.ids else 0
            self.ids[:0] = range(top + self.shift, top, -1)
        index, size = int(params["pageIndex"]), int(params["pageSize"])
        ids = self.ids[(index - 1) * size : index * size]
        orders = [{"symbol": "BTC-USDT", "orderId": i, "status": "FILLED"} for i in ids]
        return httpx.Response(200, json={"code": 0, "msg": "", "data": {"orders": orders}})

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.handle_request(request)


def read(history: History, mode: str, **kwargs: Any) -> list[int]:
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=history,
                                    rate_limit=False)  # fmt: skip
    if mode == "sync":
        with client:
            orders = list(bingx_spot.iter_order_history(client, **kwargs))
    else:

        async def run() -> list[OrderDetail]:
            async with client:
                return [o async for o in bingx_spot.iter_order_history_async(client, **kwargs)]

        orders = asyncio.run(run())
    assert all(isinstance(order, OrderDetail) for order in orders)
    return [order.order_id for order in orders]


@pytest.mark.parametrize("mode", MODES)
def test_pages_until_a_short_one(mode: str) -> None:
    history = History(250)
    assert read(history, mode) == list(range(250, 0, -1))
    assert [p["pageIndex"] for p in history.pages] == ["1", "2", "3"]
    assert {p["pageSize"] for p in history.pages} == {"100"}


@pytest.mark.parametrize("mode", MODES)
def test_a_full_last_page_costs_one_more_empty_page(mode: str) -> None:
    history = History(200)
    assert len(read(history, mode)) == 200
    assert len(history.pages) == 3


@pytest.mark.parametrize("mode", MODES)
def test_never_past_bingx_s_bound(mode: str) -> None:
    history = History(20_000)
    assert len(read(history, mode, page_size=100)) == 10_000
    assert history.pages[-1]["pageIndex"] == "100"  # 100 x 100 = 10000, the last page answered

    history = History(20_000)
    assert len(read(history, mode, page_size=30)) == 333 * 30
    assert history.pages[-1]["pageIndex"] == "333"  # 333 x 30 = 9990; 334 x 30 would be refused


@pytest.mark.parametrize("mode", MODES)
def test_an_order_pushed_onto_the_next_page_comes_once(mode: str) -> None:
    history = History(25, shift=3)  # three orders finish between pages
    ids = read(history, mode, page_size=10)
    assert len(ids) == len(set(ids))
    assert ids[:10] == list(range(25, 15, -1))


@pytest.mark.parametrize("mode", MODES)
def test_the_filters_go_with_every_page(mode: str) -> None:
    history = History(5)
    read(history, mode, symbol="BTC-USDT", status="FILLED", start_time=1, end_time=2)
    [page] = history.pages
    assert {k: v for k, v in page.items() if k not in {"timestamp", "signature"}} == {
        "symbol": "BTC-USDT", "status": "FILLED", "startTime": "1", "endTime": "2",
        "pageIndex": "1", "pageSize": "100", "recvWindow": "5000",
    }  # fmt: skip


@pytest.mark.parametrize("page_size", [0, 101, True, 1.5])
def test_a_page_size_bingx_refuses_is_refused_before_sending(page_size: Any) -> None:
    history = History(5)
    with pytest.raises(bingx_spot.InvalidArgumentError, match="page_size must be"):
        read(history, "sync", page_size=page_size)
    assert history.pages == []


def test_a_failing_page_raises_after_the_orders_before_it() -> None:
    class Failing(History):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.params["pageIndex"] == "2":
                return httpx.Response(200, json={"code": 100400, "msg": "invalid"})
            return super().handle_request(request)

    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=Failing(150),
                                    rate_limit=False)  # fmt: skip
    orders = bingx_spot.iter_order_history(client)
    seen = [next(orders).order_id for _ in range(100)]
    with pytest.raises(bingx_spot.InvalidParameterError):
        next(orders)
    assert len(seen) == 100
    assert json.dumps(seen[:2]) == "[150, 149]"
