from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.history_orders_response import HistoryOrdersResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    symbol: str | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page_index: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["symbol"] = symbol

    params["startTime"] = start_time

    params["endTime"] = end_time

    params["pageIndex"] = page_index

    params["pageSize"] = page_size

    params["status"] = status

    params["recvWindow"] = recv_window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/openApi/spot/v1/trade/historyOrders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HistoryOrdersResponse | None:
    if response.status_code == 200:
        response_200 = HistoryOrdersResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HistoryOrdersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def _build_request(
    httpx_client: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any]
) -> httpx.Request:
    try:
        return httpx_client.build_request(**kwargs)
    except Exception:
        # A value httpx cannot put in a URL (a lone surrogate, over 64 KiB, a failing __str__),
        # refused before any auth, hook or transport runs: errors.refusal names the parameter,
        # never its value (httpx's message may hold it, hence no chaining).
        raise errors.refusal(httpx_client, kwargs) from None


def sync_detailed(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page_index: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[HistoryOrdersResponse]:
    """The account's past orders, a page at a time

     Orders that are no longer open (FILLED, CANCELED, FAILED), newest first as BingX's docs
    say, a page of at most 100 at a time. API key permission: Read.

    BingX refuses `pageIndex` × `pageSize` above 10000: the 10000 most recent orders that
    match are all it pages through. The schema bounds each parameter alone;
    `x-bingx-max-product` bounds their product (BingX's defaults, 1 and 100, for one not
    given), checked before sending. `bingx_spot.iter_order_history` pages through them all.

    Args:
        symbol (str | Unset):
        start_time (int | Unset):
        end_time (int | Unset):
        page_index (int | Unset):
        page_size (int | Unset):
        status (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[HistoryOrdersResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        start_time=start_time,
        end_time=end_time,
        page_index=page_index,
        page_size=page_size,
        status=status,
        recv_window=recv_window,
    )

    httpx_client = client.get_httpx_client()
    response = httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page_index: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> HistoryOrdersResponse:
    """The account's past orders, a page at a time

     Orders that are no longer open (FILLED, CANCELED, FAILED), newest first as BingX's docs
    say, a page of at most 100 at a time. API key permission: Read.

    BingX refuses `pageIndex` × `pageSize` above 10000: the 10000 most recent orders that
    match are all it pages through. The schema bounds each parameter alone;
    `x-bingx-max-product` bounds their product (BingX's defaults, 1 and 100, for one not
    given), checked before sending. `bingx_spot.iter_order_history` pages through them all.

    Args:
        symbol (str | Unset):
        start_time (int | Unset):
        end_time (int | Unset):
        page_index (int | Unset):
        page_size (int | Unset):
        status (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        HistoryOrdersResponse
    """

    response = sync_detailed(
        client=client,
        symbol=symbol,
        start_time=start_time,
        end_time=end_time,
        page_index=page_index,
        page_size=page_size,
        status=status,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page_index: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[HistoryOrdersResponse]:
    """The account's past orders, a page at a time

     Orders that are no longer open (FILLED, CANCELED, FAILED), newest first as BingX's docs
    say, a page of at most 100 at a time. API key permission: Read.

    BingX refuses `pageIndex` × `pageSize` above 10000: the 10000 most recent orders that
    match are all it pages through. The schema bounds each parameter alone;
    `x-bingx-max-product` bounds their product (BingX's defaults, 1 and 100, for one not
    given), checked before sending. `bingx_spot.iter_order_history` pages through them all.

    Args:
        symbol (str | Unset):
        start_time (int | Unset):
        end_time (int | Unset):
        page_index (int | Unset):
        page_size (int | Unset):
        status (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[HistoryOrdersResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        start_time=start_time,
        end_time=end_time,
        page_index=page_index,
        page_size=page_size,
        status=status,
        recv_window=recv_window,
    )

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
    page_index: int | Unset = UNSET,
    page_size: int | Unset = UNSET,
    status: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> HistoryOrdersResponse:
    """The account's past orders, a page at a time

     Orders that are no longer open (FILLED, CANCELED, FAILED), newest first as BingX's docs
    say, a page of at most 100 at a time. API key permission: Read.

    BingX refuses `pageIndex` × `pageSize` above 10000: the 10000 most recent orders that
    match are all it pages through. The schema bounds each parameter alone;
    `x-bingx-max-product` bounds their product (BingX's defaults, 1 and 100, for one not
    given), checked before sending. `bingx_spot.iter_order_history` pages through them all.

    Args:
        symbol (str | Unset):
        start_time (int | Unset):
        end_time (int | Unset):
        page_index (int | Unset):
        page_size (int | Unset):
        status (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        HistoryOrdersResponse
    """

    response = await asyncio_detailed(
        client=client,
        symbol=symbol,
        start_time=start_time,
        end_time=end_time,
        page_index=page_index,
        page_size=page_size,
        status=status,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed
