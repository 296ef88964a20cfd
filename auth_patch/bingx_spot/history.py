"""Every page of the order history (historyOrders), within BingX's bound.

BingX pages its history ``pageSize`` orders at a time (at most 100) and refuses ``pageIndex`` times
``pageSize`` above 10000 (the spec's ``x-bingx-max-product`` on historyOrders, which the client
checks before sending): the 10000 most recent orders that match are all it pages through. For
older ones, narrow the query (``end_time`` before the oldest order read) and page again.

:func:`iter_order_history` asks for one page after another until a page comes back shorter than
``page_size`` or the bound is reached, and yields each order once: an order that finishes while
the pages are read pushes the older ones a place further, so one can come again on the next
page; it is skipped by its ``orderId``::

    for order in bingx_spot.iter_order_history(client, symbol="BTC-USDT", status="FILLED"):
        print(order.order_id, order.avg_price)
"""

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from bingx_spot_client.client import AuthenticatedClient
    from bingx_spot_client.models import OrderDetail

__all__ = ["MAX_PAGE_SIZE", "iter_order_history", "iter_order_history_async"]

MAX_PAGE_SIZE = 100
_OPERATION = "historyOrders"


def _last_page(page_size: int) -> int:
    """The last ``pageIndex`` BingX answers for ``page_size``, from the spec's bound on the
    product of the two (10000)."""
    if isinstance(page_size, bool) or not isinstance(page_size, int):
        raise InvalidArgumentError("page_size must be an integer")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidArgumentError(f"page_size must be within 1..{MAX_PAGE_SIZE}")
    from .wire import spec  # noqa: PLC0415 - on first use: importing it costs (bingx_spot/__init__.py)

    op = spec.load().operation(_OPERATION)
    bound = op.max_product if op is not None else None
    return bound.maximum // page_size if bound is not None else 10000 // page_size


def _query(options: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in options.items() if value is not None}


def iter_order_history(
    client: "AuthenticatedClient",
    *,
    symbol: str | None = None,
    status: str | None = None,
    start_time: int | None = None,
    end_time: int | None = None,
    page_size: int = MAX_PAGE_SIZE,
) -> Iterator["OrderDetail"]:
    """Each order of the history that matches, newest first as BingX pages it, page after page
    (one request per page, each kept to the rate budget and retried as any call), until a page
    is short or ``pageIndex`` times ``page_size`` reaches BingX's bound (10000). Raises the calls'
    errors as they come; the orders yielded before stay yielded."""
    from bingx_spot_client.api.trade import history_orders  # noqa: PLC0415 - on first use

    last = _last_page(page_size)
    query = _query({"symbol": symbol, "status": status, "start_time": start_time,
                    "end_time": end_time})  # fmt: skip
    seen: set[int] = set()
    for index in range(1, last + 1):
        page = history_orders.sync(client=client, page_index=index, page_size=page_size, **query)
        orders = page.data.orders
        for order in orders:
            if order.order_id not in seen:
                seen.add(order.order_id)
                yield order
        if len(orders) < page_size:
            return


async def iter_order_history_async(
    client: "AuthenticatedClient",
    *,
    symbol: str | None = None,
    status: str | None = None,
    start_time: int | None = None,
    end_time: int | None = None,
    page_size: int = MAX_PAGE_SIZE,
) -> AsyncIterator["OrderDetail"]:
    """:func:`iter_order_history` on the async client: ``async for order in ...``."""
    from bingx_spot_client.api.trade import history_orders  # noqa: PLC0415 - on first use

    last = _last_page(page_size)
    query = _query({"symbol": symbol, "status": status, "start_time": start_time,
                    "end_time": end_time})  # fmt: skip
    seen: set[int] = set()
    for index in range(1, last + 1):
        page = await history_orders.asyncio(
            client=client, page_index=index, page_size=page_size, **query
        )
        orders = page.data.orders
        for order in orders:
            if order.order_id not in seen:
                seen.add(order.order_id)
                yield order
        if len(orders) < page_size:
            return
