from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.place_order_response import PlaceOrderResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    symbol: str,
    side: str,
    type_: str,
    stop_price: str | Unset = UNSET,
    quantity: str | Unset = UNSET,
    quote_order_qty: str | Unset = UNSET,
    price: str | Unset = UNSET,
    new_client_order_id: str | Unset = UNSET,
    time_in_force: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["symbol"] = symbol

    params["side"] = side

    params["type"] = type_

    params["stopPrice"] = stop_price

    params["quantity"] = quantity

    params["quoteOrderQty"] = quote_order_qty

    params["price"] = price

    params["newClientOrderId"] = new_client_order_id

    params["timeInForce"] = time_in_force

    params["recvWindow"] = recv_window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/openApi/spot/v1/trade/order",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PlaceOrderResponse | None:
    if response.status_code == 200:
        response_200 = PlaceOrderResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PlaceOrderResponse]:
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
    side: str,
    type_: str,
    stop_price: str | Unset = UNSET,
    quantity: str | Unset = UNSET,
    quote_order_qty: str | Unset = UNSET,
    price: str | Unset = UNSET,
    new_client_order_id: str | Unset = UNSET,
    time_in_force: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[PlaceOrderResponse]:
    """Place one order

     Places one order on `symbol`. API key permission: Spot Trading.

    Not idempotent: the same request sent twice places two orders. Every placement carries
    a client order id (`newClientOrderId`: yours, or one the client makes); after an
    ambiguous failure (a timeout, a reset, an HTTP 5xx, a body cut short, a busy code) the
    client waits until the request's `recvWindow` has passed, asks queryOrder for that id,
    and returns the order found as this answer when it matches this placement (symbol, side,
    type, client id, placed no earlier than the first attempt: give each order a client id
    of its own); it sends the order again (same id) only when BingX answers that no such
    order exists. When the lookup proves nothing, the first failure is
    raised with `.sent` true and `.client_order_id` (docs/errors-and-retries.md).

    Amounts (`price`, `quantity`, `quoteOrderQty`, `stopPrice`) are strings: the exact
    decimal text to send (`"0.1557"`, never a float's repr; `bingx_spot.amount` writes a
    `Decimal` so). A price or quantity finer than the pair's `tickSize` / `stepSize` is
    silently truncated by BingX (0.123456 is accepted as 0.1234), not refused
    (docs/bingx-facts.md, "The rest of the spot order lifecycle").

    BingX's docs: a LIMIT order needs `price`, and `quantity` or `quoteOrderQty` (both given,
    `quantity` wins); a MARKET BUY needs `quoteOrderQty`, a MARKET SELL `quantity`.

    Args:
        symbol (str):
        side (str):
        type_ (str):
        stop_price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quantity (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quote_order_qty (str | Unset): A price or quantity to send: exact decimal text such as
            "0.1557" (digits, at most one point, no exponent), above zero (BingX refuses a zero
            amount), at most 40 characters, never a float's repr. `bingx_spot.amount` writes one from
            a `Decimal`, a string or an int. The client refuses another (`pattern`, `maxLength`),
            nothing sent.
        price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        new_client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        time_in_force (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[PlaceOrderResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        side=side,
        type_=type_,
        stop_price=stop_price,
        quantity=quantity,
        quote_order_qty=quote_order_qty,
        price=price,
        new_client_order_id=new_client_order_id,
        time_in_force=time_in_force,
        recv_window=recv_window,
    )

    httpx_client = client.get_httpx_client()
    response = httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    symbol: str,
    side: str,
    type_: str,
    stop_price: str | Unset = UNSET,
    quantity: str | Unset = UNSET,
    quote_order_qty: str | Unset = UNSET,
    price: str | Unset = UNSET,
    new_client_order_id: str | Unset = UNSET,
    time_in_force: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> PlaceOrderResponse:
    """Place one order

     Places one order on `symbol`. API key permission: Spot Trading.

    Not idempotent: the same request sent twice places two orders. Every placement carries
    a client order id (`newClientOrderId`: yours, or one the client makes); after an
    ambiguous failure (a timeout, a reset, an HTTP 5xx, a body cut short, a busy code) the
    client waits until the request's `recvWindow` has passed, asks queryOrder for that id,
    and returns the order found as this answer when it matches this placement (symbol, side,
    type, client id, placed no earlier than the first attempt: give each order a client id
    of its own); it sends the order again (same id) only when BingX answers that no such
    order exists. When the lookup proves nothing, the first failure is
    raised with `.sent` true and `.client_order_id` (docs/errors-and-retries.md).

    Amounts (`price`, `quantity`, `quoteOrderQty`, `stopPrice`) are strings: the exact
    decimal text to send (`"0.1557"`, never a float's repr; `bingx_spot.amount` writes a
    `Decimal` so). A price or quantity finer than the pair's `tickSize` / `stepSize` is
    silently truncated by BingX (0.123456 is accepted as 0.1234), not refused
    (docs/bingx-facts.md, "The rest of the spot order lifecycle").

    BingX's docs: a LIMIT order needs `price`, and `quantity` or `quoteOrderQty` (both given,
    `quantity` wins); a MARKET BUY needs `quoteOrderQty`, a MARKET SELL `quantity`.

    Args:
        symbol (str):
        side (str):
        type_ (str):
        stop_price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quantity (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quote_order_qty (str | Unset): A price or quantity to send: exact decimal text such as
            "0.1557" (digits, at most one point, no exponent), above zero (BingX refuses a zero
            amount), at most 40 characters, never a float's repr. `bingx_spot.amount` writes one from
            a `Decimal`, a string or an int. The client refuses another (`pattern`, `maxLength`),
            nothing sent.
        price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        new_client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        time_in_force (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        PlaceOrderResponse
    """

    response = sync_detailed(
        client=client,
        symbol=symbol,
        side=side,
        type_=type_,
        stop_price=stop_price,
        quantity=quantity,
        quote_order_qty=quote_order_qty,
        price=price,
        new_client_order_id=new_client_order_id,
        time_in_force=time_in_force,
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
    side: str,
    type_: str,
    stop_price: str | Unset = UNSET,
    quantity: str | Unset = UNSET,
    quote_order_qty: str | Unset = UNSET,
    price: str | Unset = UNSET,
    new_client_order_id: str | Unset = UNSET,
    time_in_force: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[PlaceOrderResponse]:
    """Place one order

     Places one order on `symbol`. API key permission: Spot Trading.

    Not idempotent: the same request sent twice places two orders. Every placement carries
    a client order id (`newClientOrderId`: yours, or one the client makes); after an
    ambiguous failure (a timeout, a reset, an HTTP 5xx, a body cut short, a busy code) the
    client waits until the request's `recvWindow` has passed, asks queryOrder for that id,
    and returns the order found as this answer when it matches this placement (symbol, side,
    type, client id, placed no earlier than the first attempt: give each order a client id
    of its own); it sends the order again (same id) only when BingX answers that no such
    order exists. When the lookup proves nothing, the first failure is
    raised with `.sent` true and `.client_order_id` (docs/errors-and-retries.md).

    Amounts (`price`, `quantity`, `quoteOrderQty`, `stopPrice`) are strings: the exact
    decimal text to send (`"0.1557"`, never a float's repr; `bingx_spot.amount` writes a
    `Decimal` so). A price or quantity finer than the pair's `tickSize` / `stepSize` is
    silently truncated by BingX (0.123456 is accepted as 0.1234), not refused
    (docs/bingx-facts.md, "The rest of the spot order lifecycle").

    BingX's docs: a LIMIT order needs `price`, and `quantity` or `quoteOrderQty` (both given,
    `quantity` wins); a MARKET BUY needs `quoteOrderQty`, a MARKET SELL `quantity`.

    Args:
        symbol (str):
        side (str):
        type_ (str):
        stop_price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quantity (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quote_order_qty (str | Unset): A price or quantity to send: exact decimal text such as
            "0.1557" (digits, at most one point, no exponent), above zero (BingX refuses a zero
            amount), at most 40 characters, never a float's repr. `bingx_spot.amount` writes one from
            a `Decimal`, a string or an int. The client refuses another (`pattern`, `maxLength`),
            nothing sent.
        price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        new_client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        time_in_force (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[PlaceOrderResponse]
    """

    kwargs = _get_kwargs(
        symbol=symbol,
        side=side,
        type_=type_,
        stop_price=stop_price,
        quantity=quantity,
        quote_order_qty=quote_order_qty,
        price=price,
        new_client_order_id=new_client_order_id,
        time_in_force=time_in_force,
        recv_window=recv_window,
    )

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    symbol: str,
    side: str,
    type_: str,
    stop_price: str | Unset = UNSET,
    quantity: str | Unset = UNSET,
    quote_order_qty: str | Unset = UNSET,
    price: str | Unset = UNSET,
    new_client_order_id: str | Unset = UNSET,
    time_in_force: str | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> PlaceOrderResponse:
    """Place one order

     Places one order on `symbol`. API key permission: Spot Trading.

    Not idempotent: the same request sent twice places two orders. Every placement carries
    a client order id (`newClientOrderId`: yours, or one the client makes); after an
    ambiguous failure (a timeout, a reset, an HTTP 5xx, a body cut short, a busy code) the
    client waits until the request's `recvWindow` has passed, asks queryOrder for that id,
    and returns the order found as this answer when it matches this placement (symbol, side,
    type, client id, placed no earlier than the first attempt: give each order a client id
    of its own); it sends the order again (same id) only when BingX answers that no such
    order exists. When the lookup proves nothing, the first failure is
    raised with `.sent` true and `.client_order_id` (docs/errors-and-retries.md).

    Amounts (`price`, `quantity`, `quoteOrderQty`, `stopPrice`) are strings: the exact
    decimal text to send (`"0.1557"`, never a float's repr; `bingx_spot.amount` writes a
    `Decimal` so). A price or quantity finer than the pair's `tickSize` / `stepSize` is
    silently truncated by BingX (0.123456 is accepted as 0.1234), not refused
    (docs/bingx-facts.md, "The rest of the spot order lifecycle").

    BingX's docs: a LIMIT order needs `price`, and `quantity` or `quoteOrderQty` (both given,
    `quantity` wins); a MARKET BUY needs `quoteOrderQty`, a MARKET SELL `quantity`.

    Args:
        symbol (str):
        side (str):
        type_ (str):
        stop_price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quantity (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        quote_order_qty (str | Unset): A price or quantity to send: exact decimal text such as
            "0.1557" (digits, at most one point, no exponent), above zero (BingX refuses a zero
            amount), at most 40 characters, never a float's repr. `bingx_spot.amount` writes one from
            a `Decimal`, a string or an int. The client refuses another (`pattern`, `maxLength`),
            nothing sent.
        price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557"
            (digits, at most one point, no exponent), above zero (BingX refuses a zero amount), at
            most 40 characters, never a float's repr. `bingx_spot.amount` writes one from a `Decimal`,
            a string or an int. The client refuses another (`pattern`, `maxLength`), nothing sent.
        new_client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_`
            (BingX's rule). Lookups and cancels by it work only for 2 hours after the order was
            placed. The client refuses one that breaks the rule (`pattern`, `maxLength`), nothing
            sent.
        time_in_force (str | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        PlaceOrderResponse
    """

    response = await asyncio_detailed(
        client=client,
        symbol=symbol,
        side=side,
        type_=type_,
        stop_price=stop_price,
        quantity=quantity,
        quote_order_qty=quote_order_qty,
        price=price,
        new_client_order_id=new_client_order_id,
        time_in_force=time_in_force,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed
