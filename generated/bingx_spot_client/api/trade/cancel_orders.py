from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_orders_response import CancelOrdersResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    symbol: str,
    order_ids: str | Unset = UNSET,
    client_order_i_ds: str | Unset = UNSET,
    process: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["symbol"] = symbol

    params["orderIds"] = order_ids

    params["clientOrderIDs"] = client_order_i_ds

    params["process"] = process

    params["recvWindow"] = recv_window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/openApi/spot/v1/trade/cancelOrders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CancelOrdersResponse | None:
    if response.status_code == 200:
        response_200 = CancelOrdersResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CancelOrdersResponse]:
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
    symbol: str,
    order_ids: str | Unset = UNSET,
    client_order_i_ds: str | Unset = UNSET,
    process: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[CancelOrdersResponse]:
    """Cancel several orders of a symbol, by id or client id

     Cancels the orders of `symbol` that `orderIds` or `clientOrderIDs` lists. API key
    permission: Spot Trading.

    A success (`code` 0) may still hold failures: `data.fails` lists each order it did not
    cancel, with its id as a **string** and BingX's text (documented example:
    `"the  orderId:1874730962584076288 order status :CANCELED,can not delete, ..."`). Only
    an order in `data.orders` whose status is `CANCELED` was cancelled: a live answer held a
    junk element there (`orderId` 0, status NEW; docs/bingx-facts.md, "The junk element").

    Marked idempotent, as cancelOrder: a repetition after an ambiguous failure may list in
    `fails` an order the first attempt cancelled.

    Args:
        symbol (str):
        order_ids (str | Unset):
        client_order_i_ds (str | Unset):
        process (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CancelOrdersResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        order_ids=order_ids,
        client_order_i_ds=client_order_i_ds,
        process=process,
        recv_window=recv_window,
    )

    httpx_client = client.get_httpx_client()
    response = httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    symbol: str,
    order_ids: str | Unset = UNSET,
    client_order_i_ds: str | Unset = UNSET,
    process: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> CancelOrdersResponse:
    """Cancel several orders of a symbol, by id or client id

     Cancels the orders of `symbol` that `orderIds` or `clientOrderIDs` lists. API key
    permission: Spot Trading.

    A success (`code` 0) may still hold failures: `data.fails` lists each order it did not
    cancel, with its id as a **string** and BingX's text (documented example:
    `"the  orderId:1874730962584076288 order status :CANCELED,can not delete, ..."`). Only
    an order in `data.orders` whose status is `CANCELED` was cancelled: a live answer held a
    junk element there (`orderId` 0, status NEW; docs/bingx-facts.md, "The junk element").

    Marked idempotent, as cancelOrder: a repetition after an ambiguous failure may list in
    `fails` an order the first attempt cancelled.

    Args:
        symbol (str):
        order_ids (str | Unset):
        client_order_i_ds (str | Unset):
        process (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CancelOrdersResponse
    """

    response = sync_detailed(
        client=client,
        symbol=symbol,
        order_ids=order_ids,
        client_order_i_ds=client_order_i_ds,
        process=process,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    symbol: str,
    order_ids: str | Unset = UNSET,
    client_order_i_ds: str | Unset = UNSET,
    process: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[CancelOrdersResponse]:
    """Cancel several orders of a symbol, by id or client id

     Cancels the orders of `symbol` that `orderIds` or `clientOrderIDs` lists. API key
    permission: Spot Trading.

    A success (`code` 0) may still hold failures: `data.fails` lists each order it did not
    cancel, with its id as a **string** and BingX's text (documented example:
    `"the  orderId:1874730962584076288 order status :CANCELED,can not delete, ..."`). Only
    an order in `data.orders` whose status is `CANCELED` was cancelled: a live answer held a
    junk element there (`orderId` 0, status NEW; docs/bingx-facts.md, "The junk element").

    Marked idempotent, as cancelOrder: a repetition after an ambiguous failure may list in
    `fails` an order the first attempt cancelled.

    Args:
        symbol (str):
        order_ids (str | Unset):
        client_order_i_ds (str | Unset):
        process (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CancelOrdersResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        order_ids=order_ids,
        client_order_i_ds=client_order_i_ds,
        process=process,
        recv_window=recv_window,
    )

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    symbol: str,
    order_ids: str | Unset = UNSET,
    client_order_i_ds: str | Unset = UNSET,
    process: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> CancelOrdersResponse:
    """Cancel several orders of a symbol, by id or client id

     Cancels the orders of `symbol` that `orderIds` or `clientOrderIDs` lists. API key
    permission: Spot Trading.

    A success (`code` 0) may still hold failures: `data.fails` lists each order it did not
    cancel, with its id as a **string** and BingX's text (documented example:
    `"the  orderId:1874730962584076288 order status :CANCELED,can not delete, ..."`). Only
    an order in `data.orders` whose status is `CANCELED` was cancelled: a live answer held a
    junk element there (`orderId` 0, status NEW; docs/bingx-facts.md, "The junk element").

    Marked idempotent, as cancelOrder: a repetition after an ambiguous failure may list in
    `fails` an order the first attempt cancelled.

    Args:
        symbol (str):
        order_ids (str | Unset):
        client_order_i_ds (str | Unset):
        process (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CancelOrdersResponse
    """

    response = await asyncio_detailed(
        client=client,
        symbol=symbol,
        order_ids=order_ids,
        client_order_i_ds=client_order_i_ds,
        process=process,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed
