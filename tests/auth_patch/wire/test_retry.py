"""Every failure a real network, CDN or exchange produces, against the local exchange's faults,
sync and async: what is retried, what raises, what parses."""

import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults, reset_budgets
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire import ratelimit, spec
from bingx_spot.wire.auth import BingXAuth, Prepared
from bingx_spot.wire.retry import Call, Progress, Retries, Send, Wait, plan, watch
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelledOrders, CancelOpenOrdersResponse
from tests.calling import MODES, Outcome, cancels
from tests.clock import FakeClock

PATH = "/openApi/spot/v1/trade/cancelOpenOrders"
TIME_PATH = "/openApi/spot/v1/server/time"
FAST = Retries(backoff=0.01, max_backoff=0.02)
# The read timeout of the transient failures' client: in process, faults.slow sleeps it before
# its ReadTimeout, as a socket would; no socket waits here, so it is short.
READ_TIMEOUT = 0.01
# The policy is one plan for both drivers, driven step by step at the end of this module. End to
# end, a parity sample runs sync and async (MODES): what the drivers and backends do apart
# (network errors, waits, the clock); the other cases run sync only (SYNC).
SYNC = ["sync"]


def client_for(
    exchange: LocalExchange, retries: Retries = FAST, timeout: float = 10.0
) -> AuthenticatedClient:
    return bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(),
                                  retries=retries, timeout=timeout, rate_limit=False)  # fmt: skip


def calls(client: AuthenticatedClient, mode: str, times: int = 1, **kwargs: Any) -> list[Outcome]:
    """``times`` cancels on BTC-USDT (unless told otherwise)."""
    kwargs.setdefault("symbol", "BTC-USDT")
    return cancels(client, mode, times, **kwargs)


def call(client: AuthenticatedClient, mode: str, **kwargs: Any) -> Outcome:
    [outcome] = calls(client, mode, **kwargs)
    return outcome


def sent(exchange: LocalExchange, path: str = PATH) -> list[httpx.Request]:
    return [request for request in exchange.requests if request.url.path == path]


def cancelled(outcome: Outcome) -> list[int]:
    assert isinstance(outcome, CancelOpenOrdersResponse), outcome
    return [order.order_id for order in outcome.data.orders]


BTC_ORDERS = [1735964997957275649, 1735964997957275650]


@pytest.fixture
def exchange() -> LocalExchange:
    return LocalExchange()


# -- not a BingX envelope: never a success, never a raw parsing error ---------------------------

GARBLED = [  # the answer may have been lost on the way: retried like a 5xx (idempotent only)
    (faults.html(200), 200, "text/html"),
    (faults.not_json(), 200, "text/plain; charset=utf-8"),
    (faults.truncated(), 200, "application/json"),
    (faults.status(200), 200, ""),
]


@pytest.mark.parametrize(("fault", "status", "content_type"), GARBLED)
@pytest.mark.parametrize("mode", SYNC)
def test_a_garbled_200_is_retried_then_a_response_error(
    exchange: LocalExchange, fault: faults.Fault, status: int, content_type: str, mode: str
) -> None:
    exchange.inject(fault, times=10)
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.ResponseError
    assert (error.status_code, error.content_type) == (status, content_type)
    assert error.operation == "cancelOpenOrders"
    assert isinstance(error.snippet, str)
    assert error.attempts == 3
    assert len(sent(exchange)) == 3


@pytest.mark.parametrize("mode", MODES)
def test_a_truncated_answer_to_a_cancel_is_retried_and_the_cancel_holds(
    exchange: LocalExchange, mode: str
) -> None:
    exchange.inject(faults.truncated())  # processed: the orders are gone, the answer is cut
    outcome = call(client_for(exchange), mode)

    assert cancelled(outcome) == []  # the second answer: nothing left to cancel
    assert len(sent(exchange)) == 2
    assert [o["symbol"] for o in exchange.open_orders()] == ["GM-USDT", "OTHR#99961-USDT"]


DEEP = b"[" * 200_000 + b"]" * 200_000  # far beyond Python's recursion limit: 400 kB


@pytest.mark.parametrize(
    "body", [DEEP, b'{"code":0,"data":{"orders":[],"x":' + DEEP + b"}}"], ids=["bare", "inside"]
)
@pytest.mark.parametrize("mode", MODES)
def test_a_200_nested_too_deep_is_garbled_retried_then_a_response_error(
    exchange: LocalExchange, body: bytes, mode: str
) -> None:
    exchange.inject(_answer(body), times=10)
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.ResponseError
    assert "the body is not JSON (nested deeper than" in str(error)
    assert error.attempts == 3
    assert len(sent(exchange)) == 3


@pytest.mark.parametrize("mode", MODES)
def test_a_200_nested_too_deep_once_is_retried_and_the_cancel_holds(
    exchange: LocalExchange, mode: str
) -> None:
    exchange.inject(faults.status(200, body=DEEP, headers={"Content-Type": "application/json"}))
    assert cancelled(call(client_for(exchange), mode)) == BTC_ORDERS
    assert len(sent(exchange)) == 2


def _envelope(status: int, code: int, msg: str) -> faults.Fault:
    body = f'{{"code":{code},"msg":"{msg}"}}'.encode()
    return faults.status(status, body=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("status", "code"), [(500, 100500), (503, 100410), (500, 100001), (502, 100421)]
)
@pytest.mark.parametrize("mode", MODES)
def test_a_5xx_with_a_bingx_body_is_a_5xx_retried_then_a_response_error(
    exchange: LocalExchange, status: int, code: int, mode: str
) -> None:
    exchange.inject(_envelope(status, code, "timestamp mismatch"), times=10)
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.ResponseError
    assert f"unexpected HTTP status {status}, BingX error {code}: timestamp mismatch" in str(error)
    assert error.attempts == 3
    assert [request.url.path for request in exchange.requests] == [PATH] * 3  # no clock sync


def test_a_5xx_with_a_busy_code_of_a_non_idempotent_request_is_not_retried(
    exchange: LocalExchange,
) -> None:
    exchange.inject(_envelope(500, 100500, "busy"), times=10)
    with client_for(exchange) as client, pytest.raises(bingx_spot.ResponseError) as caught:
        client.get_httpx_client().post(ORDER_PATH, params={"symbol": "X-Y"})
    assert type(caught.value) is bingx_spot.ResponseError
    assert caught.value.attempts == 1


def test_a_garbled_200_of_a_non_idempotent_request_is_not_retried(
    exchange: LocalExchange,
) -> None:
    exchange.inject(faults.not_json(), times=10)
    with client_for(exchange) as client, pytest.raises(bingx_spot.ResponseError) as caught:
        client.get_httpx_client().post(ORDER_PATH, params={"symbol": "X-Y"})
    assert caught.value.attempts == 1


@pytest.mark.parametrize("mode", SYNC)
def test_json_without_a_code_is_a_response_error_at_once(
    exchange: LocalExchange, mode: str
) -> None:
    body = b'{"msg":"ok"}'
    exchange.inject(faults.status(200, body=body, headers={"Content-Type": "application/json"}))
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.ResponseError
    assert "no integer 'code'" in str(error)
    assert len(sent(exchange)) == 1


# -- transient failures: retried, re-signed, bounded ------------------------------------------

TRANSIENT = [
    pytest.param(faults.refuse(), bingx_spot.NetworkError, id="connection-refused"),
    pytest.param(faults.drop(), bingx_spot.NetworkError, id="connection-dropped"),
    pytest.param(faults.slow(1.0), bingx_spot.RequestTimeoutError, id="timeout"),
    pytest.param(faults.status(500), bingx_spot.ResponseError, id="http-500"),
    pytest.param(faults.html(502), bingx_spot.ResponseError, id="http-502-html"),
    pytest.param(faults.status(504), bingx_spot.ResponseError, id="http-504"),
    pytest.param(faults.error(100500, "busy"), bingx_spot.ServerBusyError, id="100500"),
    pytest.param(faults.error(100503, "busy"), bingx_spot.ServerBusyError, id="100503"),
    pytest.param(faults.error(80012, "unavailable"), bingx_spot.ServerBusyError, id="80012"),
]


@pytest.mark.parametrize(("fault", "error_class"), TRANSIENT)
@pytest.mark.parametrize("mode", SYNC)
def test_transient_failures_are_retried_with_a_fresh_signature(
    exchange: LocalExchange, fault: faults.Fault, error_class: type, mode: str
) -> None:
    exchange.inject(fault, times=2)
    outcome = call(client_for(exchange, timeout=READ_TIMEOUT), mode)

    assert cancelled(outcome) == BTC_ORDERS
    attempts = sent(exchange)
    assert len(attempts) == 3
    timestamps = [int(request.url.params["timestamp"]) for request in attempts]
    assert timestamps == sorted(set(timestamps))
    assert len({request.url.params["signature"] for request in attempts}) == 3


@pytest.mark.parametrize(("fault", "error_class"), TRANSIENT)
@pytest.mark.parametrize("mode", MODES)
def test_retries_are_bounded_and_name_the_last_failure(
    exchange: LocalExchange, fault: faults.Fault, error_class: type, mode: str
) -> None:
    exchange.inject(fault, times=10)
    error = call(client_for(exchange, timeout=READ_TIMEOUT), mode)

    assert isinstance(error, bingx_spot.BingXError)
    assert type(error) is error_class
    assert error.attempts == 3
    assert str(error).endswith("(after 3 attempts)")
    assert len(sent(exchange)) == 3
    assert len(exchange.open_orders()) == 4


@pytest.mark.parametrize("mode", MODES)
def test_one_deadline_bounds_the_whole_call(exchange: LocalExchange, mode: str) -> None:
    exchange.inject(faults.error(100500, "busy"), times=100)
    # Backoffs of 0.025 to 0.05 s: a few fit the deadline, never the 50 retries allowed.
    patient = Retries(max_retries=50, backoff=0.05, max_backoff=0.05, deadline=0.15)
    started = time.monotonic()
    error = call(client_for(exchange, retries=patient), mode)

    assert isinstance(error, bingx_spot.ServerBusyError)
    assert time.monotonic() - started < 0.15 + 1.5  # the deadline, with a loaded machine's grace
    assert 1 <= error.attempts < 8


@pytest.mark.parametrize("mode", SYNC)
def test_retries_can_be_turned_off(exchange: LocalExchange, mode: str) -> None:
    exchange.inject(faults.error(100500, "busy"))
    error = call(client_for(exchange, retries=Retries(max_retries=0)), mode)

    assert isinstance(error, bingx_spot.ServerBusyError)
    assert len(sent(exchange)) == 1


def test_ambiguous_failures_of_a_non_idempotent_request_are_not_retried(
    exchange: LocalExchange,
) -> None:
    # A path the spec does not know is not idempotent: it may have been processed.
    exchange.inject(faults.drop(), times=10)
    with client_for(exchange) as client, pytest.raises(bingx_spot.NetworkError) as caught:
        client.get_httpx_client().post(ORDER_PATH, params={"symbol": "X-Y"})
    assert caught.value.attempts == 1

    refusing = LocalExchange()
    refusing.inject(faults.refuse(), times=10)  # refused: surely not processed, so retried
    with client_for(refusing) as client, pytest.raises(bingx_spot.NetworkError) as caught:
        client.get_httpx_client().post(ORDER_PATH, params={"symbol": "X-Y"})
    assert caught.value.attempts == 3


# -- HTTP 429: never re-sent inside the window --------------------------------------------------

EXPIRE = "X-RateLimit-Requests-Expire"
LIMITED = b'{"code":100410,"msg":"rate limited","timestamp":1}'


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def limited(status: int, body: bytes = b"", **headers: str) -> faults.Fault:
    return faults.status(status, body=body, headers={"Content-Type": "application/json", **headers})


def arrived_ms(request: httpx.Request) -> int:
    """When the exchange received ``request``: ms on its clock, the wall clock."""
    return int(request.extensions[faults.NOW_EXTENSION])


# The ms left in a 429's window that the end-to-end tests wait out for real (the drivers' waits
# are under test; the policy is tested on the fake clock below): a re-send that does not wait
# reaches the exchange a few ms after the 429.
WINDOW_MS = 75


@pytest.mark.parametrize("body", [b"", LIMITED])
@pytest.mark.parametrize("mode", MODES)
def test_429_waits_until_the_window_ends_then_retries(
    exchange: LocalExchange, body: bytes, mode: str
) -> None:
    exchange.inject(limited(429, body, **{EXPIRE: str(WINDOW_MS)}))  # ms LEFT in the window
    started = time.monotonic()
    outcome = call(client_for(exchange), mode)

    assert time.monotonic() - started >= WINDOW_MS / 1000
    assert cancelled(outcome) == BTC_ORDERS
    assert len(sent(exchange)) == 2
    first, again = sent(exchange)
    assert arrived_ms(again) - arrived_ms(first) >= WINDOW_MS


@pytest.mark.parametrize("body", [b"", LIMITED, b"<html>429 Too Many Requests</html>"])
@pytest.mark.parametrize("mode", SYNC)
def test_429_without_any_time_is_not_re_sent(
    exchange: LocalExchange, body: bytes, mode: str
) -> None:
    # Not BingX's JSON type: the exchange adds its own rate headers only to its JSON answers.
    exchange.inject(faults.status(429, body=body, headers={"Content-Type": "text/plain"}), times=10)
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.HTTPRateLimitError
    assert (error.status_code, error.retry_at, error.attempts) == (429, None, 1)
    assert len(sent(exchange)) == 1


@pytest.mark.parametrize(
    ("headers", "retries", "left_ms"),
    [
        ({EXPIRE: "9000"}, Retries(deadline=0.5), 9000),  # past the call's deadline
        ({EXPIRE: "60000"}, Retries(), 60000),  # past max_retry_after
        ({"Retry-After": "3600"}, Retries(), 3_600_000),
        ({"Retry-After": "1", EXPIRE: "8000"}, Retries(max_retry_after=5), 8000),
    ],
)
@pytest.mark.parametrize("mode", SYNC)
def test_429_whose_window_outlasts_the_call_raises_at_once_with_retry_at(
    exchange: LocalExchange, headers: dict[str, str], retries: Retries, left_ms: int, mode: str
) -> None:
    exchange.inject(limited(429, LIMITED, **headers), times=10)
    before = now_ms()
    error = call(client_for(exchange, retries=retries), mode)
    after = now_ms()

    assert type(error) is bingx_spot.HTTPRateLimitError
    assert error.retry_at is not None
    assert before + left_ms <= error.retry_at <= after + left_ms
    assert error.attempts == 1
    assert len(sent(exchange)) == 1


@pytest.mark.parametrize("mode", SYNC)
def test_429_with_a_budget_holds_it_until_the_window_ends(mode: str) -> None:
    key = f"key-429-budget-{mode}"  # a budget of its own in this process
    exchange = LocalExchange({key: "secret-429-budget"})
    exchange.inject(limited(429, LIMITED, **{EXPIRE: str(WINDOW_MS)}))
    client = bingx_spot.make_client(key, "secret-429-budget", transport=exchange.transport(),
                                    retries=FAST)  # fmt: skip
    started = time.monotonic()
    outcome = call(client, mode)

    assert time.monotonic() - started >= WINDOW_MS / 1000
    assert isinstance(outcome, CancelOpenOrdersResponse), outcome
    assert len(sent(exchange)) == 2
    first, again = sent(exchange)
    assert arrived_ms(again) - arrived_ms(first) >= WINDOW_MS


# -- rate limits: an error saying when to resume, never an automatic retry ---------------------


@pytest.mark.parametrize(
    ("fault", "error_class", "retry_at"),
    [
        (faults.error(100410, "disabled period and will be unblocked after 1727193814249"),
         bingx_spot.APIRateLimitError, 1727193814249),
        (faults.error(100410, "code:100410:The endpoint trigger frequency limit rule is currently "
                      "in the disabled period and will be unblocked after 1727193814249"),
         bingx_spot.APIRateLimitError, 1727193814249),
        (faults.error(109429, "over 20 error code:100202 requests within 480000 ms, can retry "
                      "after time: 1727193970155"), bingx_spot.APIRateLimitError, 1727193970155),
    ],
)  # fmt: skip
@pytest.mark.parametrize("mode", SYNC)
def test_rate_limits_are_not_retried(
    exchange: LocalExchange,
    fault: faults.Fault,
    error_class: type,
    retry_at: int,
    mode: str,
) -> None:
    exchange.inject(fault, times=10)
    error = call(client_for(exchange), mode)

    assert type(error) is error_class
    assert isinstance(error, bingx_spot.RateLimitError)
    assert error.retry_at == retry_at
    assert len(sent(exchange)) == 1


@pytest.mark.parametrize("body", [b"", LIMITED])
@pytest.mark.parametrize("mode", SYNC)
def test_418_is_a_ban_not_retried_with_retry_at_from_what_is_left(
    exchange: LocalExchange, body: bytes, mode: str
) -> None:
    exchange.inject(limited(418, body, **{EXPIRE: "4122"}), times=10)
    before = now_ms()
    error = call(client_for(exchange), mode)
    after = now_ms()

    assert type(error) is bingx_spot.HTTPRateLimitError
    assert error.status_code == 418
    assert error.retry_at is not None
    assert before + 4122 <= error.retry_at <= after + 4122
    assert len(sent(exchange)) == 1


@pytest.mark.parametrize("mode", SYNC)
def test_100410_without_a_time_resumes_when_the_window_ends(
    exchange: LocalExchange, mode: str
) -> None:
    fault = faults.error(100410, "Request rate limit exceeded, please try again later")
    exchange.inject(lambda request, answer: _with_header(fault(request, answer), EXPIRE, "4122"))
    before = now_ms()
    error = call(client_for(exchange), mode)
    after = now_ms()

    assert type(error) is bingx_spot.APIRateLimitError
    assert error.retry_at is not None
    assert before + 4122 <= error.retry_at <= after + 4122


def _with_header(response: httpx.Response, name: str, value: str) -> httpx.Response:
    response.headers[name] = value
    return response


@pytest.mark.parametrize("mode", SYNC)
def test_the_exchange_own_limit_says_when_to_resume(mode: str, clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms)
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(),
                                    clock=clock.ms, rate_limit=False)  # fmt: skip
    *_, error = calls(client, mode, times=3, symbol="ETH-USDT")

    assert isinstance(error, bingx_spot.APIRateLimitError)
    assert error.retry_at == clock.ms() + 300_000  # the message's time, whatever Expire
    assert len(sent(exchange)) == 3


# -- clock skew: measured once, kept, retried once ---------------------------------------------


@pytest.mark.parametrize("skew_ms", [20_000, -20_000])
@pytest.mark.parametrize("mode", MODES)
def test_clock_skew_is_measured_kept_and_retried_once(skew_ms: int, mode: str) -> None:
    exchange = LocalExchange(skew_ms=skew_ms)
    client = client_for(exchange)
    first, second = calls(client, mode, times=2, symbol="ETH-USDT")

    assert cancelled(first) == []
    assert cancelled(second) == []
    paths = [request.url.path for request in exchange.requests]
    assert paths == [PATH, TIME_PATH, PATH, PATH]
    auth = client.get_httpx_client().auth
    assert isinstance(auth, BingXAuth)
    assert abs(auth.clock.offset_ms - skew_ms) < 200


@pytest.mark.parametrize("mode", SYNC)
def test_a_second_timestamp_error_raises(exchange: LocalExchange, mode: str) -> None:
    exchange.inject(
        faults.error(100421, "Null timestamp or timestamp mismatch"),
        times=2,
        operation="cancelOpenOrders",
    )
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.TimestampError
    assert [request.url.path for request in exchange.requests] == [PATH, TIME_PATH, PATH]


@pytest.mark.parametrize(
    "body",
    [
        b'{"code":0,"msg":"","data":{"serverTime":NaN}}',
        b'{"code":0,"msg":"","data":{"serverTime":Infinity}}',
        b'{"code":0,"msg":"","data":{"serverTime":-Infinity}}',
        b'{"code":0,"msg":"","data":{"serverTime":1e400}}',
        b'{"code":0,"msg":"","data":{"serverTime":1}}',
        b'{"code":0,"msg":"","data":{"serverTime":1e30}}',
        b'{"code":0,"msg":"","data":{"serverTime":' + str(10**400).encode() + b"}}",
        b'{"code":0,"msg":"","data":{"serverTime":-5}}',
        b'{"code":0,"msg":"","data":{"serverTime":"1700000000000"}}',
        b'{"code":0,"msg":"","data":{"serverTime":true}}',
        b'{"code":0,"msg":"","data":null}',
        b'{"code":100500,"msg":"busy","data":{"serverTime":1700000000000}}',
        b'{"code":"0","data":{"serverTime":1700000000000}}',
        b"[1]",
        b"<html>",
    ],
)
@pytest.mark.parametrize("mode", SYNC)
def test_an_unusable_server_time_raises_the_timestamp_error_and_keeps_no_offset(
    exchange: LocalExchange, body: bytes, mode: str
) -> None:
    exchange.inject(faults.error(100421, "Null timestamp or timestamp mismatch"),
                    operation="cancelOpenOrders")  # fmt: skip
    exchange.inject(_answer(body), operation="serverTime")
    client = client_for(exchange)
    error = call(client, mode)

    assert type(error) is bingx_spot.TimestampError
    assert (error.code, error.msg) == (100421, "Null timestamp or timestamp mismatch")
    assert "clock sync failed: serverTime" in str(error)
    assert [request.url.path for request in exchange.requests] == [PATH, TIME_PATH]
    auth = client.get_httpx_client().auth
    assert isinstance(auth, BingXAuth)
    assert auth.clock.offset_ms == 0


@pytest.mark.parametrize(
    "body",
    [DEEP, b'{"code":0,"msg":"","data":{"serverTime":' + DEEP + b"}}"],
    ids=["bare", "inside"],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_server_time_nested_too_deep_is_unusable(
    exchange: LocalExchange, body: bytes, mode: str
) -> None:
    exchange.inject(faults.error(100421, "Null timestamp or timestamp mismatch"),
                    operation="cancelOpenOrders")  # fmt: skip
    exchange.inject(_answer(body), operation="serverTime")
    client = client_for(exchange)
    error = call(client, mode)

    assert type(error) is bingx_spot.TimestampError
    assert "clock sync failed: serverTime did not answer JSON" in str(error)
    auth = client.get_httpx_client().auth
    assert isinstance(auth, BingXAuth)
    assert auth.clock.offset_ms == 0


@pytest.mark.parametrize("days", [1.01, -1.01, 365 * 30])
@pytest.mark.parametrize("mode", SYNC)
def test_a_server_time_more_than_a_day_away_is_never_kept(days: float, mode: str) -> None:
    exchange = LocalExchange(skew_ms=int(days * 86_400_000))
    client = client_for(exchange)
    error = call(client, mode)

    assert type(error) is bingx_spot.TimestampError
    assert "more than a day" in str(error)
    auth = client.get_httpx_client().auth
    assert isinstance(auth, BingXAuth)
    assert auth.clock.offset_ms == 0


@pytest.mark.parametrize(
    "msg", ["This pair is currently restricted from API trading", "cancel fail, order not exist"]
)
@pytest.mark.parametrize("mode", SYNC)
def test_other_100421_messages_are_not_clock_problems(
    exchange: LocalExchange, msg: str, mode: str
) -> None:
    exchange.inject(faults.error(100421, msg))
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.BingXAPIError
    assert (error.code, error.msg) == (100421, msg)
    assert [request.url.path for request in exchange.requests] == [PATH]


# -- other codes: their class, not retried -----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "error_class"),
    [
        (100001, bingx_spot.AuthenticationError),
        (100413, bingx_spot.AuthenticationError),
        (100004, bingx_spot.PermissionDeniedError),
        (100400, bingx_spot.InvalidParameterError),
        (100404, bingx_spot.NotFoundError),
        (100202, bingx_spot.InsufficientBalanceError),
    ],
)
@pytest.mark.parametrize("mode", SYNC)
def test_other_codes_raise_their_class_at_once(
    exchange: LocalExchange, code: int, error_class: type, mode: str
) -> None:
    exchange.inject(faults.error(code, "refused"), times=10)
    error = call(client_for(exchange), mode)

    assert isinstance(error, bingx_spot.BingXAPIError)
    assert type(error) is error_class
    assert (error.code, error.attempts) == (code, 1)
    assert len(sent(exchange)) == 1


# -- odd but successful answers: a normal result ------------------------------------------------


def _answer(body: bytes) -> faults.Fault:
    return faults.status(200, body=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("fault", "orders"),
    [
        (faults.unknown_enums(), BTC_ORDERS),
        (faults.numeric_prices(), BTC_ORDERS),
        (faults.extra_fields(), BTC_ORDERS),
        (faults.null_data(), []),
        (_answer(b'{"code":0,"msg":"","data":null}'), []),
        (_answer(b'{"code":0,"msg":"","data":{}}'), []),
        (_answer(b'{"code":0,"msg":"","data":{"orders":[]}}'), []),
        (_answer(b'{"code":0}'), []),
        (_answer(b'{"code":0,"msg":"","data":{"orders":null}}'), []),
        (_answer(b'{"code":0,"msg":"","data":[]}'), []),
        (_answer(b'{"code":0,"msg":"","data":{"orders":null,"fails":null}}'), []),
    ],
)
@pytest.mark.parametrize("mode", SYNC)
def test_odd_but_successful_answers_parse(
    exchange: LocalExchange, fault: faults.Fault, orders: list[int], mode: str
) -> None:
    exchange.inject(fault)
    outcome = call(client_for(exchange), mode)

    assert isinstance(outcome, CancelOpenOrdersResponse), outcome
    # Typed as declared, never a raw list or dict the parser passed on; each of BingX's ways of
    # saying "nothing" is an empty list.
    assert isinstance(outcome.data, CancelledOrders)
    assert isinstance(outcome.data.orders, list)
    assert cancelled(outcome) == orders


def _first_order(**fields: object) -> faults.Fault:
    """Processed; the first order listed has ``fields`` changed."""

    def fault(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        doc = json.loads(answer().content)
        doc["data"]["orders"][0].update(fields)
        return httpx.Response(200, json=doc)

    return fault


@pytest.mark.parametrize(
    "fields", [{"orderId": None}, {"orderId": "1735964997957275649"}, {"status": 5}]
)
@pytest.mark.parametrize("mode", MODES)
def test_a_required_field_of_another_type_is_a_response_error_not_retried(
    exchange: LocalExchange, fields: dict[str, object], mode: str
) -> None:
    exchange.inject(_first_order(**fields))
    error = call(client_for(exchange), mode)

    assert type(error) is bingx_spot.ResponseError
    assert f"body.data.orders[0].{next(iter(fields))} is " in str(error)
    assert error.attempts == 1  # a well-formed answer: sending again would not change it


# -- the plan itself: scripted outcomes against the exact steps ---------------------------------

ORDER_PATH = "/openApi/spot/v1/unlisted/order"  # a path the spec does not know: not idempotent
PLAIN = Retries()  # backoff 0.2 s doubling to 2 s, 2 retries, 30 s deadline


T0 = 1_700_000_000_000  # ms


def ok() -> httpx.Response:
    return httpx.Response(200, json={"code": 0, "msg": "", "data": {"orders": []}})


def code(number: int, msg: str = "refused") -> httpx.Response:
    return httpx.Response(200, json={"code": number, "msg": msg})


def status(number: int, body: bytes = b"") -> httpx.Response:
    return httpx.Response(number, content=body)


def server_time(at_ms: int) -> httpx.Response:
    return httpx.Response(200, json={"code": 0, "msg": "", "data": {"serverTime": at_ms}})


class Counting(BingXAuth):
    signed = 0

    def sign(self, request: httpx.Request, call: Prepared) -> httpx.Request:
        self.signed += 1
        return super().sign(request, call)


def run_plan(
    script: list[tuple[object, float]], path: str = PATH, retries: Retries = PLAIN
) -> tuple[list[str], str, Counting]:
    """Drives :func:`plan` over ``script`` ((outcome, seconds it takes), one per Send), on fake
    time and a jitter of 1 (so a backoff is exact). The steps as text, and how it ended: the
    status returned, or the error's class and attempts."""
    fake = FakeClock(T0)  # one clock for the plan (monotonic) and the signer (ms)
    auth = Counting(DEMO_API_KEY, DEMO_SECRET_KEY, clock=fake.ms)
    request = httpx.Request("POST", f"https://open-api.bingx.com{path}", params={"symbol": "X-Y"})
    steps = plan(request, auth=auth, spec=spec.load(), retries=retries,
                 monotonic=fake.monotonic, jitter=lambda: 1.0)  # fmt: skip
    answers = iter(script)
    seen: list[str] = []
    try:
        step = next(steps)
        while True:
            if isinstance(step, Wait):
                seen.append(f"wait {step.seconds:g} ({step.reason})")
                fake.advance(step.seconds)
                step = steps.send(None)
            else:
                assert isinstance(step, Send)
                seen.append(f"send {step.request.url.path.rsplit('/', 1)[1]}")
                outcome, took = next(answers)
                fake.advance(took)
                step = steps.send(outcome)
    except StopIteration as done:
        assert next(answers, None) is None  # the script is used up
        return seen, f"HTTP {done.value.status_code}", auth
    except bingx_spot.BingXError as error:
        assert next(answers, None) is None
        return seen, f"{type(error).__name__} after {error.attempts}", auth


SEND = "send cancelOpenOrders"
RETRY_500 = "retry {} of 2 after ResponseError HTTP 500"
LOST = bingx_spot.NetworkError("lost", sent=True)
NEVER_SENT = bingx_spot.NetworkError("refused", sent=False)

PLANS = [  # (script, path, retries, steps, end)
    ([(ok(), 0.1)], PATH, PLAIN, [SEND], "HTTP 200"),
    ([(status(500), 0.1), (status(500), 0.1), (ok(), 0.1)], PATH, PLAIN,
     [SEND, f"wait 0.2 ({RETRY_500.format(1)})", SEND, f"wait 0.4 ({RETRY_500.format(2)})", SEND],
     "HTTP 200"),
    ([(status(502), 0.1)] * 3, PATH, PLAIN,
     [SEND, "wait 0.2 (retry 1 of 2 after ResponseError HTTP 502)", SEND,
      "wait 0.4 (retry 2 of 2 after ResponseError HTTP 502)", SEND], "ResponseError after 3"),
    ([(code(100500, "busy"), 0.1)] * 3, PATH, Retries(backoff=1.5),
     [SEND, "wait 1.5 (retry 1 of 2 after BingX error 100500)", SEND,
      "wait 2 (retry 2 of 2 after BingX error 100500)", SEND], "ServerBusyError after 3"),
    ([(LOST, 0.1), (ok(), 0.1)], PATH, PLAIN,
     [SEND, "wait 0.2 (retry 1 of 2 after NetworkError)", SEND], "HTTP 200"),
    ([(status(200, b"<html>"), 0.1), (ok(), 0.1)], PATH, PLAIN,
     [SEND, "wait 0.2 (retry 1 of 2 after ResponseError HTTP 200)", SEND], "HTTP 200"),
    # Not idempotent: what may have arrived is not sent again; what surely did not is.
    ([(LOST, 0.1)], ORDER_PATH, PLAIN, ["send order"], "NetworkError after 1"),
    ([(status(500), 0.1)], ORDER_PATH, PLAIN, ["send order"], "ResponseError after 1"),
    ([(status(200, b"<html>"), 0.1)], ORDER_PATH, PLAIN, ["send order"], "ResponseError after 1"),
    ([(NEVER_SENT, 0.1), (ok(), 0.1)], ORDER_PATH, PLAIN,
     ["send order", "wait 0.2 (retry 1 of 2 after NetworkError)", "send order"], "HTTP 200"),
    # Never retried here.
    ([(code(100410, "unblocked after 1727193814249"), 0.1)], PATH, PLAIN, [SEND],
     "APIRateLimitError after 1"),
    ([(status(418), 0.1)], PATH, PLAIN, [SEND], "HTTPRateLimitError after 1"),
    ([(status(429), 0.1)], PATH, PLAIN, [SEND], "HTTPRateLimitError after 1"),  # no time given
    ([(code(100413), 0.1)], PATH, PLAIN, [SEND], "AuthenticationError after 1"),
    ([(code(100400), 0.1)], PATH, PLAIN, [SEND], "InvalidParameterError after 1"),
    ([(status(200, b'{"msg":"ok"}'), 0.1)], PATH, PLAIN, [SEND], "ResponseError after 1"),
    ([(status(500), 0.1)], PATH, Retries(max_retries=0), [SEND], "ResponseError after 1"),
    # The deadline: at 0.7 s a 0.2 s wait fits 1 s, at 1.6 s a 0.4 s one does not.
    ([(status(500), 0.7)] * 2, PATH, Retries(deadline=1.0),
     [SEND, f"wait 0.2 ({RETRY_500.format(1)})", SEND], "ResponseError after 2"),
    # A timestamp error: the server's clock once, then the same call again, once.
    ([(code(100421, "timestamp mismatch"), 0.1), (server_time(T0 + 200_000), 0.2), (ok(), 0.1)],
     PATH, PLAIN, [SEND, "send time", SEND], "HTTP 200"),
    ([(code(100421, "timestamp mismatch"), 0.1), (server_time(T0 + 200_000), 0.2),
      (code(100421, "timestamp mismatch"), 0.1)], PATH, PLAIN, [SEND, "send time", SEND],
     "TimestampError after 2"),
    ([(code(100421, "timestamp mismatch"), 0.1), (LOST, 0.1)], PATH, PLAIN, [SEND, "send time"],
     "TimestampError after 1"),
]  # fmt: skip


@pytest.mark.parametrize(("script", "path", "retries", "steps", "end"), PLANS)
def test_the_plan_yields_exactly_these_steps(
    script: list[tuple[object, float]], path: str, retries: Retries, steps: list[str], end: str
) -> None:
    seen, ended, auth = run_plan(script, path, retries)

    assert (seen, ended) == (steps, end)
    # Each attempt signed once, right before it is sent (the clock request is not signed).
    assert auth.signed == len([step for step in seen if step.startswith("send ") and
                               step != "send time"])  # fmt: skip


def test_a_429_waits_for_its_window_then_sends_again() -> None:
    limited = httpx.Response(429, headers={EXPIRE: "50"})  # 50 ms left in the window
    seen, ended, _ = run_plan([(limited, 0.1), (ok(), 0.1)])
    seen[1] = seen[1].replace(seen[1].split()[1], "T")  # the wait is from the wall clock
    assert (seen, ended) == ([SEND, "wait T (HTTP 429 window)", SEND], "HTTP 200")


def test_each_attempt_is_signed_after_its_waits_with_the_server_clock() -> None:
    fake = FakeClock(T0)  # one clock for the plan (monotonic) and the signer (ms)
    auth = BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY, clock=fake.ms)
    request = httpx.Request("POST", f"https://open-api.bingx.com{PATH}", params={"symbol": "X-Y"})
    steps = plan(request, auth=auth, spec=spec.load(), retries=PLAIN, monotonic=fake.monotonic,
                 jitter=lambda: 1.0)  # fmt: skip
    sent: list[httpx.Request] = []
    answers = iter([code(100421, "timestamp mismatch"), server_time(T0 + 5_100), status(503),
                    ok()])  # fmt: skip
    step = next(steps)
    with contextlib.suppress(StopIteration):
        while True:
            if isinstance(step, Wait):
                fake.advance(step.seconds)
                step = steps.send(None)
            else:
                assert isinstance(step, Send)
                sent.append(step.request)
                fake.advance(0.1)
                step = steps.send(next(answers))

    stamps = [int(r.url.params["timestamp"]) for r in sent if r.url.path == PATH]
    # Signed at T0; the server's clock said T0 + 5.1 s at the clock request's midpoint,
    # T0 + 0.15 s locally: an offset of 4.95 s. The retry signed at T0 + 0.2 s, the one after
    # the 503 and its 0.2 s backoff at T0 + 0.5 s, both on the server's clock.
    assert auth.clock.offset_ms == 4_950
    assert stamps == [T0, T0 + 200 + 4_950, T0 + 500 + 4_950]
    assert len({r.url.params["signature"] for r in sent if r.url.path == PATH}) == 3
    assert sent[0] is request  # the first attempt is the request httpx handed over
    assert sent[2] is not request  # later attempts are copies


class Ledger:
    """An account's budget that grants at once and keeps what was asked of it."""

    does_io = False

    def __init__(self) -> None:
        self.reserved: list[str] = []
        self.held: list[str] = []
        self.settled: list[int] = []

    def reserve(self, op: spec.Operation, deadline: float) -> tuple[float, bool]:
        self.reserved.append(op.operation_id)
        return 0.0, True

    def hold(self, op: spec.Operation, deadline: float) -> tuple[float, int]:
        self.held.append(op.operation_id)
        return 0.0, int(time.time() * 1000)

    def settle(self, op: spec.Operation, planned_ms: int, left_ms: int, deadline: float) -> None:
        self.settled.append(left_ms)

    def block(self, op: spec.Operation, until_ms: int, deadline: float) -> None:
        raise AssertionError("not blocked in these tests")

    def asked(self, run: Callable[[], object]) -> tuple[object, str]:
        """Runs a budget Call; what it asked: reserve, hold, settle or block."""
        before = len(self.reserved), len(self.held), len(self.settled)
        result = run()
        after = len(self.reserved), len(self.held), len(self.settled)
        names = [n for n, b, a in zip(("reserve", "hold", "settle"), before, after, strict=True)
                 if a > b]  # fmt: skip
        return result, names[0] if names else "block"


def test_a_bad_argument_is_refused_before_taking_budget() -> None:
    auth = BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY)
    ledger = Ledger()
    request = httpx.Request("POST", f"https://open-api.bingx.com{PATH}", params={"symbol": "A B"})
    steps = plan(request, auth=auth, spec=spec.load(), retries=PLAIN, budget=ledger)  # type: ignore[arg-type]

    with pytest.raises(bingx_spot.InvalidArgumentError, match="symbol"):
        next(steps)
    assert ledger.reserved == []


def test_budget_is_taken_before_each_attempt_is_signed() -> None:
    auth = Counting(DEMO_API_KEY, DEMO_SECRET_KEY)
    ledger = Ledger()
    request = httpx.Request("POST", f"https://open-api.bingx.com{PATH}", params={"symbol": "X-Y"})
    steps = plan(request, auth=auth, spec=spec.load(), retries=FAST, budget=ledger)  # type: ignore[arg-type]
    order: list[str] = []
    answers = iter([status(503), ok()])
    step = next(steps)
    with contextlib.suppress(StopIteration):
        while True:
            if isinstance(step, Call):
                result, asked = ledger.asked(step.run)
                order.append(f"{asked} (signed {auth.signed})")
                step = steps.send(result)
            elif isinstance(step, Wait):
                step = steps.send(None)
            else:
                assert isinstance(step, Send)
                order.append(f"send (signed {auth.signed})")
                step = steps.send(next(answers))

    assert order == [
        "reserve (signed 0)", "hold (signed 0)", "send (signed 1)", "settle (signed 1)",
        "reserve (signed 1)", "hold (signed 1)", "send (signed 2)", "settle (signed 2)",
    ]  # fmt: skip
    assert ledger.reserved == ["cancelOpenOrders", "cancelOpenOrders"]


class Blocked(Ledger):
    """An account's budget that grants at once and keeps the blocks it is told of."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[int] = []

    def block(self, op: spec.Operation, until_ms: int, deadline: float) -> None:
        self.blocks.append(until_ms)


def test_a_429_with_a_budget_blocks_it_until_the_window_ends() -> None:
    # Every client on the budget holds, not only this call: the block is in the budget.
    ledger = Blocked()
    request = httpx.Request("POST", f"https://open-api.bingx.com{PATH}", params={"symbol": "X-Y"})
    steps = plan(request, auth=BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY), spec=spec.load(),
                 retries=PLAIN, budget=ledger)  # type: ignore[arg-type]  # fmt: skip
    answers = iter([httpx.Response(429, headers={EXPIRE: "300"}), ok()])
    seen: list[str] = []
    before = now_ms()
    step = next(steps)
    with contextlib.suppress(StopIteration):
        while True:
            if isinstance(step, Call):
                result, asked = ledger.asked(step.run)
                seen.append(asked)
                step = steps.send(result)
            elif isinstance(step, Wait):
                seen.append(f"wait ({step.reason})")
                step = steps.send(None)
            else:
                seen.append("send")
                step = steps.send(next(answers))
    after = now_ms()

    assert seen == ["reserve", "hold", "send", "settle", "block", "wait (HTTP 429 window)",
                    "reserve", "hold", "send", "settle"]  # fmt: skip
    [until] = ledger.blocks
    assert before + 300 <= until <= after + 300


class Refusing(Ledger):
    """An account's budget that grants its first ``grants`` requests, then refuses as the rate
    limiter does when no budget comes before the deadline (a known block, say)."""

    def __init__(self, grants: int) -> None:
        super().__init__()
        self.grants = grants

    def reserve(self, op: spec.Operation, deadline: float) -> tuple[float, bool]:
        if len(self.reserved) >= self.grants:
            raise ratelimit._late(op, time.time() + 300)
        return super().reserve(op, deadline)


def drive(
    steps: Any,
    answers: list[object],
    progress: Progress | None = None,
    seen: list[str] | None = None,
) -> httpx.Response:
    """Drives a plan to its end: runs its Calls, skips its Waits, answers its Sends from
    ``answers``. Each step goes into ``seen`` as text, with what ``progress`` said of the call
    while it was pending."""
    seen = [] if seen is None else seen
    queue = iter(answers)
    step = next(steps)
    while True:
        said = "" if progress is None else (" sent" if progress.sent else " not sent")
        if isinstance(step, Call):
            seen.append("budget" + said)
            answer: object = step.run()
        elif isinstance(step, Wait):
            seen.append("wait" + said)
            answer = None
        else:
            seen.append("send" + said)
            answer = next(queue)
        try:
            step = steps.send(answer)
        except StopIteration as done:
            response: httpx.Response = done.value
            return response


def budget_plan(ledger: Ledger, path: str = PATH) -> Any:
    request = httpx.Request("POST", f"https://open-api.bingx.com{path}", params={"symbol": "X-Y"})
    return plan(request, auth=BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY), spec=spec.load(),
                retries=FAST, budget=ledger)  # type: ignore[arg-type]  # fmt: skip


def test_a_call_the_budget_refuses_before_sending_sent_nothing() -> None:
    with pytest.raises(bingx_spot.RateLimitError) as refused:
        drive(budget_plan(Refusing(grants=0)), [])

    assert (refused.value.sent, refused.value.attempts) == (False, 0)
    assert refused.value.operation == "cancelOpenOrders"
    assert "after" not in str(refused.value).rpartition("ms")[2]  # no "(after N attempts)"


@pytest.mark.parametrize(
    ("first", "sent"), [(status(503), True), (NEVER_SENT, False)], ids=["answered", "never-left"]
)
def test_a_retry_the_budget_refuses_counts_only_the_requests_that_left(
    first: object, sent: bool
) -> None:
    with pytest.raises(bingx_spot.RateLimitError) as refused:
        drive(budget_plan(Refusing(grants=1)), [first])

    assert (refused.value.sent, refused.value.attempts) == (sent, 1)


def test_progress_says_whether_a_request_of_the_call_may_have_left() -> None:
    # What an interruption at each step would leave behind: nothing sent while the call waits
    # for budget or a backoff after a connect that never left; sent from the first Send that
    # may have arrived.
    seen: list[str] = []
    with watch() as progress:
        drive(budget_plan(Ledger()), [NEVER_SENT, status(503), ok()], progress, seen)
        assert progress.sent
    assert seen == [
        "budget not sent",  # its start
        "budget not sent",  # its hold, for requests that left late
        "send sent",  # handed to the network: it may arrive
        "wait not sent",  # the connect failed: it never left (and the budget is not told)
        "budget not sent",
        "budget not sent",
        "send sent",
        "budget sent",  # the budget is told when it left
        "wait sent",  # a 503 came back: it reached BingX
        "budget sent",
        "budget sent",
        "send sent",
        "budget sent",
    ]


def test_progress_keeps_what_an_earlier_call_sent() -> None:
    with watch() as progress:
        drive(budget_plan(Ledger()), [ok()], progress)
        with pytest.raises(bingx_spot.RateLimitError):
            drive(budget_plan(Refusing(grants=0)), [], progress)
        assert progress.sent


# -- arguments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {"deadline": float("inf")},
        {"deadline": float("nan")},
        {"deadline": 1e12},
        {"deadline": 0},
        {"deadline": -1.0},
        {"max_retries": -1},
        {"max_retries": True},
        {"max_retries": 2.0},
        {"backoff": float("nan")},
        {"max_backoff": -0.1},
        {"max_retry_after": float("inf")},
        {"deadline": "30"},
    ],
    ids=repr,
)
def test_values_no_call_could_honour_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match=str(next(iter(options)))):
        Retries(**options)  # type: ignore[arg-type]


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
@pytest.mark.parametrize("mode", MODES)
def test_the_longest_accepted_values_still_send(mode: str) -> None:
    # A day for every bound: the call goes out (before, huge values failed every call, sending
    # nothing, as an OverflowError in the socket layer).
    longest = Retries(deadline=86400, max_retry_after=86400, max_backoff=86400)
    reset_budgets()  # the demo account's slot the other mode took would hold this call
    with LocalServer(LocalExchange()) as served:
        c = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=served.url,
                                   retries=longest, timeout=86400)  # fmt: skip
        [outcome] = calls(c, mode)
    assert isinstance(outcome, CancelOpenOrdersResponse)
    assert len(served.exchange.requests) == 1
