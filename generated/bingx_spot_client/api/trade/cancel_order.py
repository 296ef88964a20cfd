from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_order_response import CancelOrderResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    symbol: str,
    order_id: int | Unset = UNSET,
    client_order_id: str | Unset = UNSET,
    cancel_restrictions: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["symbol"] = symbol

    params["orderId"] = order_id

    params["clientOrderID"] = client_order_id

    params["cancelRestrictions"] = cancel_restrictions

    params["recvWindow"] = recv_window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/openApi/spot/v1/trade/cancel",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CancelOrderResponse | None:
    if response.status_code == 200:
        response_200 = CancelOrderResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CancelOrderResponse]:
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
    order_id: int | Unset = UNSET,
    client_order_id: str | Unset = UNSET,
    cancel_restrictions: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[CancelOrderResponse]:
    """Cancel one order, by its id or your client id

     Cancels one order of `symbol`, named by `orderId` or `clientOrderID` (give one). API key
    permission: Spot Trading. By client id only for 2 hours after the order was placed.

    Marked idempotent, so that the client retries it after an ambiguous failure: a second
    cancel of the same order changes nothing. Its answer may then be BingX's refusal to
    cancel an order no longer open (the first attempt cancelled it): such a refusal does not
    say the order is still open.

    Args:
        symbol (str):
        order_id (int | Unset):
        client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        cancel_restrictions (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CancelOrderResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        order_id=order_id,
        client_order_id=client_order_id,
        cancel_restrictions=cancel_restrictions,
        recv_window=recv_window,
    )

    httpx_client = client.get_httpx_client()
    response = httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    symbol: str,
    order_id: int | Unset = UNSET,
    client_order_id: str | Unset = UNSET,
    cancel_restrictions: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> CancelOrderResponse:
    """Cancel one order, by its id or your client id

     Cancels one order of `symbol`, named by `orderId` or `clientOrderID` (give one). API key
    permission: Spot Trading. By client id only for 2 hours after the order was placed.

    Marked idempotent, so that the client retries it after an ambiguous failure: a second
    cancel of the same order changes nothing. Its answer may then be BingX's refusal to
    cancel an order no longer open (the first attempt cancelled it): such a refusal does not
    say the order is still open.

    Args:
        symbol (str):
        order_id (int | Unset):
        client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        cancel_restrictions (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CancelOrderResponse
    """

    response = sync_detailed(
        client=client,
        symbol=symbol,
        order_id=order_id,
        client_order_id=client_order_id,
        cancel_restrictions=cancel_restrictions,
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
    order_id: int | Unset = UNSET,
    client_order_id: str | Unset = UNSET,
    cancel_restrictions: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[CancelOrderResponse]:
    """Cancel one order, by its id or your client id

     Cancels one order of `symbol`, named by `orderId` or `clientOrderID` (give one). API key
    permission: Spot Trading. By client id only for 2 hours after the order was placed.

    Marked idempotent, so that the client retries it after an ambiguous failure: a second
    cancel of the same order changes nothing. Its answer may then be BingX's refusal to
    cancel an order no longer open (the first attempt cancelled it): such a refusal does not
    say the order is still open.

    Args:
        symbol (str):
        order_id (int | Unset):
        client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        cancel_restrictions (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CancelOrderResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        order_id=order_id,
        client_order_id=client_order_id,
        cancel_restrictions=cancel_restrictions,
        recv_window=recv_window,
    )

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    symbol: str,
    order_id: int | Unset = UNSET,
    client_order_id: str | Unset = UNSET,
    cancel_restrictions: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> CancelOrderResponse:
    """Cancel one order, by its id or your client id

     Cancels one order of `symbol`, named by `orderId` or `clientOrderID` (give one). API key
    permission: Spot Trading. By client id only for 2 hours after the order was placed.

    Marked idempotent, so that the client retries it after an ambiguous failure: a second
    cancel of the same order changes nothing. Its answer may then be BingX's refusal to
    cancel an order no longer open (the first attempt cancelled it): such a refusal does not
    say the order is still open.

    Args:
        symbol (str):
        order_id (int | Unset):
        client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        cancel_restrictions (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CancelOrderResponse
    """

    response = await asyncio_detailed(
        client=client,
        symbol=symbol,
        order_id=order_id,
        client_order_id=client_order_id,
        cancel_restrictions=cancel_restrictions,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed
