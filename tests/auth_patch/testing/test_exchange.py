"""The local exchange judges requests signed here with ``hmac``, not with the SDK's signer."""

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange
from tests.clock import START_MS, FakeClock

NOW = START_MS
PATH = "/openApi/spot/v1/trade/cancelOpenOrders"


def signed_request(
    params: dict[str, str],
    *,
    secret: str = DEMO_SECRET_KEY,
    api_key: str = DEMO_API_KEY,
    timestamp: int = NOW,
) -> httpx.Request:
    items = sorted({**params, "timestamp": str(timestamp)}.items())
    payload = "&".join(f"{k}={v}" for k, v in items)
    digest = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in items) + f"&signature={digest}"
    return httpx.Request(
        "POST", f"https://open-api.bingx.com{PATH}?{query}", headers={"X-BX-APIKEY": api_key}
    )


def answer(exchange: LocalExchange, request: httpx.Request) -> Any:
    response = exchange.handle(request)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def exchange(clock: FakeClock) -> LocalExchange:
    return LocalExchange(clock=clock.ms)


def test_accepts_an_independently_signed_cancel(exchange: LocalExchange) -> None:
    body = answer(exchange, signed_request({"symbol": "OTHR#99961-USDT", "recvWindow": "5000"}))

    assert body["code"] == 0
    [order] = body["data"]["orders"]
    assert (order["symbol"], order["status"], order["transactTime"]) == (
        "OTHR#99961-USDT",
        "CANCELED",
        NOW,
    )
    assert order["orderId"] > 2**53
    assert "OTHR#99961-USDT" not in {o["symbol"] for o in exchange.open_orders()}


def test_cancel_all_empties_the_book(exchange: LocalExchange) -> None:
    body = answer(exchange, signed_request({}))

    assert len(body["data"]["orders"]) == 4
    assert exchange.open_orders() == []
    again = answer(exchange, signed_request({}, timestamp=NOW - 1))
    assert again["data"] == {"orders": []}


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (signed_request({"symbol": "BTC-USDT"}, secret="wrong"), 100001),
        (signed_request({"symbol": "BTC-USDT"}, api_key="nobody"), 100413),
        (signed_request({"symbol": "BTC-USDT"}, api_key=""), 100413),
        (signed_request({"symbol": "BTC-USDT"}, timestamp=NOW - 5001), 100421),
        (signed_request({"symbol": "BTC-USDT"}, timestamp=NOW + 1001), 100421),
        (
            signed_request({"symbol": "BTC-USDT", "recvWindow": "1000"}, timestamp=NOW - 1001),
            100421,
        ),
        (
            httpx.Request(
                "POST",
                f"https://x{PATH}?symbol=BTC-USDT&timestamp={NOW}",
                headers={"X-BX-APIKEY": DEMO_API_KEY},
            ),
            100412,
        ),
        (signed_request({"symbol": "BTCUSDT"}), 100400),
    ],
)
def test_refuses(exchange: LocalExchange, request_: httpx.Request, code: int) -> None:
    body = answer(exchange, request_)

    assert body["code"] == code
    assert body["msg"]
    assert len(exchange.open_orders()) == 4


def test_a_request_signed_over_the_encoded_form_is_refused(exchange: LocalExchange) -> None:
    # The mistake that broke other clients on `#` symbols: HMAC over the percent-encoded string.
    payload = f"symbol=OTHR%2399961-USDT&timestamp={NOW}"
    digest = hmac.new(DEMO_SECRET_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()
    request = httpx.Request(
        "POST",
        f"https://x{PATH}?{payload}&signature={digest}",
        headers={"X-BX-APIKEY": DEMO_API_KEY},
    )

    assert answer(exchange, request)["code"] == 100001


def test_a_burst_over_two_per_second_is_blocked(exchange: LocalExchange) -> None:
    codes = [answer(exchange, signed_request({"symbol": "ETH-USDT"}))["code"] for _ in range(3)]

    assert codes == [0, 0, 100410]
    response = exchange.handle(signed_request({"symbol": "ETH-USDT"}))
    assert response.headers["X-RateLimit-Requests-Remain"] == "0"
    assert response.headers["X-RateLimit-Requests-Expire"] == "300000"  # ms left, not a time
    assert json.loads(response.content)["msg"] == (
        "code:100410:The endpoint trigger frequency limit rule is currently in the disabled "
        f"period and will be unblocked after {NOW + 300_000}"
    )


def test_the_limit_is_per_key_and_per_sliding_second(clock: FakeClock) -> None:
    other = "other-key"
    exchange = LocalExchange({DEMO_API_KEY: DEMO_SECRET_KEY, other: "other-secret"}, clock=clock.ms)
    for step in (0, 400, 999):
        clock.now = step / 1000
        request = signed_request({"symbol": "ETH-USDT"}, timestamp=clock.ms())
        expected = 0 if step < 999 else 100410
        assert answer(exchange, request)["code"] == expected
    mine = signed_request(
        {"symbol": "ETH-USDT"}, api_key=other, secret="other-secret", timestamp=clock.ms()
    )
    assert answer(exchange, mine)["code"] == 0


def test_server_time_is_public_and_skewable(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms, skew_ms=2500)
    request = httpx.Request("GET", "https://x/openApi/spot/v1/server/time")

    assert answer(exchange, request) == {
        "code": 0,
        "msg": "",
        "debugMsg": "",
        "data": {"serverTime": NOW + 2500},
    }


@pytest.mark.parametrize(
    "request_",
    [httpx.Request("GET", "https://x/nothing/here"),
     httpx.Request("POST", "https://x/openApi/spot/v1/trade/noSuchThing?timestamp=1"),
     httpx.Request("DELETE", f"https://x{PATH}")],  # a path served, but not with this method
)  # fmt: skip
def test_what_bingx_does_not_serve_is_a_200_with_100400(
    exchange: LocalExchange, request_: httpx.Request
) -> None:
    # As seen live: HTTP 200 and a business error, not a 404 page.
    assert answer(exchange, request_) == {
        "code": 100400,
        "msg": "this api is not exist",
        "timestamp": NOW,
    }


def _signed_payload(params: dict[str, str]) -> tuple[str, str]:
    payload = "&".join(f"{k}={v}" for k, v in params.items())
    digest = hmac.new(DEMO_SECRET_KEY.encode(), payload.encode(), hashlib.sha256).hexdigest()
    return payload, digest


def test_accepts_parameters_in_a_form_body(exchange: LocalExchange) -> None:
    params = {"symbol": "OTHR#99961-USDT", "timestamp": str(NOW)}
    _, digest = _signed_payload(params)
    form = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    request = httpx.Request(
        "POST",
        f"https://x{PATH}",
        content=f"{form}&signature={digest}".encode(),
        headers={
            "X-BX-APIKEY": DEMO_API_KEY,
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )

    assert len(answer(exchange, request)["data"]["orders"]) == 1


def test_accepts_parameters_in_a_json_body(exchange: LocalExchange) -> None:
    params = {"symbol": "GM-USDT", "timestamp": str(NOW)}
    _, digest = _signed_payload(params)
    request = httpx.Request(
        "POST",
        f"https://x{PATH}",
        json={**params, "signature": digest},
        headers={"X-BX-APIKEY": DEMO_API_KEY},
    )

    [order] = answer(exchange, request)["data"]["orders"]
    assert order["orderId"] == 1735964997957275648


def test_the_string_is_verified_as_received_not_resorted(exchange: LocalExchange) -> None:
    # Unsorted but signed over the order sent: the server verifies what it received.
    params = {"timestamp": str(NOW), "symbol": "GM-USDT"}
    payload, digest = _signed_payload(params)
    request = httpx.Request("POST", f"https://x{PATH}?{payload}&signature={digest}",
                            headers={"X-BX-APIKEY": DEMO_API_KEY})  # fmt: skip

    assert answer(exchange, request)["code"] == 0
