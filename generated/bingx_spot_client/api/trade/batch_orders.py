from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.batch_orders_response import BatchOrdersResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    data: str,
    sync: bool | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["data"] = data

    params["sync"] = sync

    params["recvWindow"] = recv_window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/openApi/spot/v1/trade/batchOrders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BatchOrdersResponse | None:
    if response.status_code == 200:
        response_200 = BatchOrdersResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BatchOrdersResponse]:
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
    data: str,
    sync: bool | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[BatchOrdersResponse]:
    """Place up to 5 orders in one request

     Places the orders `data` lists, at most 5. API key permission: Spot Trading.

    Not idempotent: never re-sent after an ambiguous failure, and not looked up either (the
    orders inside `data` carry the ids, which the client does not read): the error has
    `.sent` true. Give each order a `newClientOrderId` and look them up with queryOrder.

    `data` is a JSON array written as a string, each element an order object with
    placeOrder's parameters (`symbol`, `side`, `type`, `quantity`, `price`, ..., amounts
    as decimal strings), e.g.
    `[{"symbol":"ETHS-USDT","side":"BUY","type":"LIMIT","quantity":"7.663","price":"12.479","newClientOr
    derId":"abc122345"}]`
    (`json.dumps(orders, separators=(",", ":"))`: no whitespace, which the signer refuses).
    It goes in the query string, signed as it is, like every other parameter.

    Args:
        data (str):
        sync (bool | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[BatchOrdersResponse]
    """

    kwargs = _get_kwargs(
        data=data,
        sync=sync,
        recv_window=recv_window,
    )

    httpx_client = client.get_httpx_client()
    response = httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    data: str,
    sync: bool | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> BatchOrdersResponse:
    """Place up to 5 orders in one request

     Places the orders `data` lists, at most 5. API key permission: Spot Trading.

    Not idempotent: never re-sent after an ambiguous failure, and not looked up either (the
    orders inside `data` carry the ids, which the client does not read): the error has
    `.sent` true. Give each order a `newClientOrderId` and look them up with queryOrder.

    `data` is a JSON array written as a string, each element an order object with
    placeOrder's parameters (`symbol`, `side`, `type`, `quantity`, `price`, ..., amounts
    as decimal strings), e.g.
    `[{"symbol":"ETHS-USDT","side":"BUY","type":"LIMIT","quantity":"7.663","price":"12.479","newClientOr
    derId":"abc122345"}]`
    (`json.dumps(orders, separators=(",", ":"))`: no whitespace, which the signer refuses).
    It goes in the query string, signed as it is, like every other parameter.

    Args:
        data (str):
        sync (bool | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        BatchOrdersResponse
    """

    response = sync_detailed(
        client=client,
        data=data,
        sync=sync,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    data: str,
    sync: bool | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[BatchOrdersResponse]:
    """Place up to 5 orders in one request

     Places the orders `data` lists, at most 5. API key permission: Spot Trading.

    Not idempotent: never re-sent after an ambiguous failure, and not looked up either (the
    orders inside `data` carry the ids, which the client does not read): the error has
    `.sent` true. Give each order a `newClientOrderId` and look them up with queryOrder.

    `data` is a JSON array written as a string, each element an order object with
    placeOrder's parameters (`symbol`, `side`, `type`, `quantity`, `price`, ..., amounts
    as decimal strings), e.g.
    `[{"symbol":"ETHS-USDT","side":"BUY","type":"LIMIT","quantity":"7.663","price":"12.479","newClientOr
    derId":"abc122345"}]`
    (`json.dumps(orders, separators=(",", ":"))`: no whitespace, which the signer refuses).
    It goes in the query string, signed as it is, like every other parameter.

    Args:
        data (str):
        sync (bool | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[BatchOrdersResponse]
    """

    kwargs = _get_kwargs(
        data=data,
        sync=sync,
        recv_window=recv_window,
    )

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    data: str,
    sync: bool | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> BatchOrdersResponse:
    """Place up to 5 orders in one request

     Places the orders `data` lists, at most 5. API key permission: Spot Trading.

    Not idempotent: never re-sent after an ambiguous failure, and not looked up either (the
    orders inside `data` carry the ids, which the client does not read): the error has
    `.sent` true. Give each order a `newClientOrderId` and look them up with queryOrder.

    `data` is a JSON array written as a string, each element an order object with
    placeOrder's parameters (`symbol`, `side`, `type`, `quantity`, `price`, ..., amounts
    as decimal strings), e.g.
    `[{"symbol":"ETHS-USDT","side":"BUY","type":"LIMIT","quantity":"7.663","price":"12.479","newClientOr
    derId":"abc122345"}]`
    (`json.dumps(orders, separators=(",", ":"))`: no whitespace, which the signer refuses).
    It goes in the query string, signed as it is, like every other parameter.

    Args:
        data (str):
        sync (bool | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        BatchOrdersResponse
    """

    response = await asyncio_detailed(
        client=client,
        data=data,
        sync=sync,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed
