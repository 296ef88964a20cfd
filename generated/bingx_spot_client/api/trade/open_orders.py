from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.open_orders_response import OpenOrdersResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    symbol: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["symbol"] = symbol

    params["recvWindow"] = recv_window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/openApi/spot/v1/trade/openOrders",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> OpenOrdersResponse | None:
    if response.status_code == 200:
        response_200 = OpenOrdersResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[OpenOrdersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[OpenOrdersResponse]:
    """The open orders on a symbol, or on every symbol

     Lists the account's open orders (at most 2000) on `symbol`, or on every pair when `symbol`
    is omitted. API key permission: Read.

    Args:
        symbol (str | Unset):
        recv_window (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenOrdersResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        recv_window=recv_window,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> OpenOrdersResponse | None:
    """The open orders on a symbol, or on every symbol

     Lists the account's open orders (at most 2000) on `symbol`, or on every pair when `symbol`
    is omitted. API key permission: Read.

    Args:
        symbol (str | Unset):
        recv_window (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenOrdersResponse
    """

    return sync_detailed(
        client=client,
        symbol=symbol,
        recv_window=recv_window,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[OpenOrdersResponse]:
    """The open orders on a symbol, or on every symbol

     Lists the account's open orders (at most 2000) on `symbol`, or on every pair when `symbol`
    is omitted. API key permission: Read.

    Args:
        symbol (str | Unset):
        recv_window (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[OpenOrdersResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        recv_window=recv_window,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    symbol: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> OpenOrdersResponse | None:
    """The open orders on a symbol, or on every symbol

     Lists the account's open orders (at most 2000) on `symbol`, or on every pair when `symbol`
    is omitted. API key permission: Read.

    Args:
        symbol (str | Unset):
        recv_window (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        OpenOrdersResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            symbol=symbol,
            recv_window=recv_window,
        )
    ).parsed
