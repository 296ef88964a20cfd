from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.cancel_all_after_response import CancelAllAfterResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    type_: str,
    time_out: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["type"] = type_

    params["timeOut"] = time_out

    params["recvWindow"] = recv_window

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/openApi/spot/v1/trade/cancelAllAfter",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CancelAllAfterResponse | None:
    if response.status_code == 200:
        response_200 = CancelAllAfterResponse.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CancelAllAfterResponse]:
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
    type_: str,
    time_out: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[CancelAllAfterResponse]:
    """Cancel every open order after a countdown (a dead man's switch)

     `type=ACTIVATE` with `timeOut` starts the countdown, or restarts it when one is running;
    if no ACTIVATE arrives before `triggerTime`, BingX cancels every open spot order of the
    account. `type=CLOSE` stops it. API key permission: Spot Trading.

    Marked idempotent so that the client retries it after an ambiguous failure: not every
    repetition is harmless in general, but the same request sent twice is. A repeated
    ACTIVATE only restarts the countdown (its trigger moves a few milliseconds later), and a
    repeated CLOSE finds the countdown already stopped.

    Rate: the page's header says 2/s per UID, its own text "1 time/1s", and BingX's newest
    reference 1/s per UID: kept to 1/s (docs/bingx-facts.md, "Cancel all after"). While the
    mass cancel of a countdown that ran out is under way, BingX refuses ACTIVATE and CLOSE
    with an undocumented code.

    Args:
        type_ (str):
        time_out (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CancelAllAfterResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        time_out=time_out,
        recv_window=recv_window,
    )

    httpx_client = client.get_httpx_client()
    response = httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    type_: str,
    time_out: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> CancelAllAfterResponse:
    """Cancel every open order after a countdown (a dead man's switch)

     `type=ACTIVATE` with `timeOut` starts the countdown, or restarts it when one is running;
    if no ACTIVATE arrives before `triggerTime`, BingX cancels every open spot order of the
    account. `type=CLOSE` stops it. API key permission: Spot Trading.

    Marked idempotent so that the client retries it after an ambiguous failure: not every
    repetition is harmless in general, but the same request sent twice is. A repeated
    ACTIVATE only restarts the countdown (its trigger moves a few milliseconds later), and a
    repeated CLOSE finds the countdown already stopped.

    Rate: the page's header says 2/s per UID, its own text "1 time/1s", and BingX's newest
    reference 1/s per UID: kept to 1/s (docs/bingx-facts.md, "Cancel all after"). While the
    mass cancel of a countdown that ran out is under way, BingX refuses ACTIVATE and CLOSE
    with an undocumented code.

    Args:
        type_ (str):
        time_out (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CancelAllAfterResponse
    """

    response = sync_detailed(
        client=client,
        type_=type_,
        time_out=time_out,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    type_: str,
    time_out: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> Response[CancelAllAfterResponse]:
    """Cancel every open order after a countdown (a dead man's switch)

     `type=ACTIVATE` with `timeOut` starts the countdown, or restarts it when one is running;
    if no ACTIVATE arrives before `triggerTime`, BingX cancels every open spot order of the
    account. `type=CLOSE` stops it. API key permission: Spot Trading.

    Marked idempotent so that the client retries it after an ambiguous failure: not every
    repetition is harmless in general, but the same request sent twice is. A repeated
    ACTIVATE only restarts the countdown (its trigger moves a few milliseconds later), and a
    repeated CLOSE finds the countdown already stopped.

    Rate: the page's header says 2/s per UID, its own text "1 time/1s", and BingX's newest
    reference 1/s per UID: kept to 1/s (docs/bingx-facts.md, "Cancel all after"). While the
    mass cancel of a countdown that ran out is under way, BingX refuses ACTIVATE and CLOSE
    with an undocumented code.

    Args:
        type_ (str):
        time_out (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        Response[CancelAllAfterResponse]
    """

    kwargs = _get_kwargs(
        type_=type_,
        time_out=time_out,
        recv_window=recv_window,
    )

    httpx_client = client.get_async_httpx_client()
    response = await httpx_client.send(_build_request(httpx_client, kwargs))

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    type_: str,
    time_out: int | Unset = UNSET,
    recv_window: int | Unset = UNSET,
) -> CancelAllAfterResponse:
    """Cancel every open order after a countdown (a dead man's switch)

     `type=ACTIVATE` with `timeOut` starts the countdown, or restarts it when one is running;
    if no ACTIVATE arrives before `triggerTime`, BingX cancels every open spot order of the
    account. `type=CLOSE` stops it. API key permission: Spot Trading.

    Marked idempotent so that the client retries it after an ambiguous failure: not every
    repetition is harmless in general, but the same request sent twice is. A repeated
    ACTIVATE only restarts the countdown (its trigger moves a few milliseconds later), and a
    repeated CLOSE finds the countdown already stopped.

    Rate: the page's header says 2/s per UID, its own text "1 time/1s", and BingX's newest
    reference 1/s per UID: kept to 1/s (docs/bingx-facts.md, "Cancel all after"). While the
    mass cancel of a countdown that ran out is under way, BingX refuses ACTIVATE and CLOSE
    with an undocumented code.

    Args:
        type_ (str):
        time_out (int | Unset):
        recv_window (int | Unset):

    Raises:
        bingx_spot.BingXError: every failure, with a client from bingx_spot.make_client. Its
            subclasses (see bingx_spot.errors) say which: BingXAPIError for a code other than 0
            (AuthenticationError, APIRateLimitError, ...), NetworkError (RequestTimeoutError when no
            answer came in time), ResponseError for an answer that is not a success (an HTTP error
            status, HTML, a body the spec's schema does not allow), InvalidArgumentError before
            anything is sent.

    Returns:
        CancelAllAfterResponse
    """

    response = await asyncio_detailed(
        client=client,
        type_=type_,
        time_out=time_out,
        recv_window=recv_window,
    )
    # The client layer raises on anything but a success, so None means a client without it.
    if response.parsed is None:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    return response.parsed
