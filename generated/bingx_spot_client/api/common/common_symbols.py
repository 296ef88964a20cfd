from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.common_symbols_response import CommonSymbolsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    symbol: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["symbol"] = symbol

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/openApi/spot/v1/common/symbols",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommonSymbolsResponse | None:
    if response.status_code == 200:
        response_200 = CommonSymbolsResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommonSymbolsResponse]:
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
    client: AuthenticatedClient | Client,
    symbol: str | Unset = UNSET,
) -> Response[CommonSymbolsResponse]:
    """The spot trading pairs, with their filters and status

     Public. Every pair BingX lists, or only `symbol`'s. This list is the only way to tell a
    pair that does not exist from one with nothing open: cancelOpenOrders answers an unknown
    symbol as a success listing no order. Pairs are named freely (`STRK-OLD-USDT`, `$U-USDT`,
    `D.O.G.E.-USDT`, `ATOM(ARC20)-USDT`, `OTHR#99961-USDT`, `MØTH-USDT`): base and quote
    split on the last hyphen, and no spelling rule tells a real pair from a typo.

    Args:
        symbol (str | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CommonSymbolsResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
    )

    httpx_client = client.get_httpx_client()
    response = httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    symbol: str | Unset = UNSET,
) -> CommonSymbolsResponse:
    """The spot trading pairs, with their filters and status

     Public. Every pair BingX lists, or only `symbol`'s. This list is the only way to tell a
    pair that does not exist from one with nothing open: cancelOpenOrders answers an unknown
    symbol as a success listing no order. Pairs are named freely (`STRK-OLD-USDT`, `$U-USDT`,
    `D.O.G.E.-USDT`, `ATOM(ARC20)-USDT`, `OTHR#99961-USDT`, `MØTH-USDT`): base and quote
    split on the last hyphen, and no spelling rule tells a real pair from a typo.

    Args:
        symbol (str | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CommonSymbolsResponse
    """

    response = sync_detailed(
        client=client,
        symbol=symbol,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    symbol: str | Unset = UNSET,
) -> Response[CommonSymbolsResponse]:
    """The spot trading pairs, with their filters and status

     Public. Every pair BingX lists, or only `symbol`'s. This list is the only way to tell a
    pair that does not exist from one with nothing open: cancelOpenOrders answers an unknown
    symbol as a success listing no order. Pairs are named freely (`STRK-OLD-USDT`, `$U-USDT`,
    `D.O.G.E.-USDT`, `ATOM(ARC20)-USDT`, `OTHR#99961-USDT`, `MØTH-USDT`): base and quote
    split on the last hyphen, and no spelling rule tells a real pair from a typo.

    Args:
        symbol (str | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CommonSymbolsResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
    )

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    symbol: str | Unset = UNSET,
) -> CommonSymbolsResponse:
    """The spot trading pairs, with their filters and status

     Public. Every pair BingX lists, or only `symbol`'s. This list is the only way to tell a
    pair that does not exist from one with nothing open: cancelOpenOrders answers an unknown
    symbol as a success listing no order. Pairs are named freely (`STRK-OLD-USDT`, `$U-USDT`,
    `D.O.G.E.-USDT`, `ATOM(ARC20)-USDT`, `OTHR#99961-USDT`, `MØTH-USDT`): base and quote
    split on the last hyphen, and no spelling rule tells a real pair from a typo.

    Args:
        symbol (str | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CommonSymbolsResponse
    """

    response = await asyncio_detailed(
        client=client,
        symbol=symbol,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed
