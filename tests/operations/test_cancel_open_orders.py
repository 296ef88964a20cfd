"""POST /openApi/spot/v1/trade/cancelOpenOrders through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/cancel_open_orders/. It checks the request as
it left the client (method, path, query keys in order, signature verified with ``hmac`` here, key
header, empty body) and that the parsed model gives back the recorded body exactly.
"""

import hashlib
import hmac
import json
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

import bingx_spot
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelledOrders, CancelOpenOrdersResponse
from tests.calling import MODES, cancels
from tests.conftest import FIXED_MS, Target
from tests.wire import NOTHING, answered

PATH = "/openApi/spot/v1/trade/cancelOpenOrders"

# BingX's documented answer (PROTOCOL.md section 1), as the local exchange serves it.
DOCUMENTED_ORDER = {
    "symbol": "GM-USDT",
    "orderId": 1735964997957275648,
    "transactTime": 1702721242701,
    "price": "0.00000398",
    "stopPrice": "0.00000398",
    "origQty": "8061558",
    "executedQty": "0",
    "cummulativeQuoteQty": "0",
    "status": "CANCELED",
    "type": "LIMIT",
    "side": "SELL",
    "clientOrderID": "2most51702721242645506402",
}


def cancel(client: AuthenticatedClient, mode: str, **kwargs: Any) -> CancelOpenOrdersResponse:
    [result] = cancels(client, mode, 1, **kwargs)
    assert isinstance(result, CancelOpenOrdersResponse), result
    return result


def cancel_error(client: AuthenticatedClient, mode: str, **kwargs: Any) -> bingx_spot.BingXError:
    [result] = cancels(client, mode, 1, **kwargs)
    assert isinstance(result, bingx_spot.BingXError), result
    return result


def recorded_body(vcr: Any, index: int = -1) -> Any:
    return json.loads(vcr.responses[index]["body"]["string"])


def check_wire(request: httpx.Request, target: Target, keys: list[str], **values: str) -> None:
    assert request.method == "POST"
    assert request.url.path == PATH
    assert request.content == b""
    assert "content-type" not in request.headers
    assert request.headers["X-BX-APIKEY"] == target.api_key
    raw = request.url.query.decode("ascii")
    pairs = [part.partition("=")[::2] for part in raw.split("&")]
    assert [key for key, _ in pairs] == keys
    decoded = {key: unquote(value) for key, value in pairs}
    for key, value in values.items():
        assert decoded[key] == value
    payload = "&".join(f"{key}={unquote(value)}" for key, value in pairs[:-1])
    expected = hmac.new(target.secret_key.encode(), payload.encode(), hashlib.sha256).hexdigest()
    assert decoded["signature"] == expected


def orders_of(result: CancelOpenOrdersResponse) -> list[dict[str, Any]]:
    return [order.to_dict() for order in result.data.orders]


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_one_symbol(target: Target, vcr: Any, mode: str) -> None:
    result = cancel(target.client(), mode, symbol="GM-USDT")

    [request] = target.sent
    check_wire(
        request,
        target,
        ["recvWindow", "symbol", "timestamp", "signature"],
        recvWindow="5000",
        symbol="GM-USDT",
    )
    assert result.to_dict() == recorded_body(vcr)
    assert result.code == 0
    if not target.live:
        assert orders_of(result) == [DOCUMENTED_ORDER]
        assert [o.order_id for o in result.data.orders] == [1735964997957275648]  # above 2**53


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_all_symbols(target: Target, vcr: Any, mode: str) -> None:
    result = cancel(target.client(recv_window=10000), mode)

    [request] = target.sent
    check_wire(request, target, ["recvWindow", "timestamp", "signature"], recvWindow="10000")
    assert result.to_dict() == recorded_body(vcr)
    if not target.live:
        orders = orders_of(result)
        assert [order["symbol"] for order in orders] == [
            "GM-USDT",
            "BTC-USDT",
            "BTC-USDT",
            "OTHR#99961-USDT",
        ]
        assert {order["status"] for order in orders} == {"CANCELED"}


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_nothing_open(target: Target, vcr: Any, mode: str) -> None:
    result = cancel(target.client(), mode, symbol="ETH-USDT", recv_window=60000)

    [request] = target.sent
    check_wire(
        request,
        target,
        ["recvWindow", "symbol", "timestamp", "signature"],
        recvWindow="60000",
        symbol="ETH-USDT",
    )
    assert result.to_dict() == recorded_body(vcr)
    assert orders_of(result) == []


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_signature_mismatch(target: Target, mode: str) -> None:
    error = cancel_error(target.client(secret_key="not-the-secret"), mode, symbol="BTC-USDT")

    assert type(error) is bingx_spot.AuthenticationError
    assert isinstance(error, bingx_spot.BingXAPIError)
    assert error.code == 100001
    assert "signature" in error.msg.lower()
    assert error.status_code == 200
    assert error.operation == "cancelOpenOrders"


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_unknown_api_key(target: Target, mode: str) -> None:
    client = target.client(api_key="unknown-key-0000000000000000")
    error = cancel_error(client, mode, symbol="BTC-USDT")

    assert type(error) is bingx_spot.AuthenticationError
    assert isinstance(error, bingx_spot.BingXAPIError)
    assert error.code == 100413


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_stale_timestamp(target: Target, vcr: Any, mode: str) -> None:
    # 100421, then the client reads serverTime, keeps the offset and signs again.
    clock = target.clock
    client = target.client(clock=lambda: clock() - 60_000)
    result = cancel(client, mode, symbol="GM-USDT")

    stale, ask_time, retry = target.sent
    assert recorded_body(vcr, 0)["code"] == 100421
    assert "timestamp" in recorded_body(vcr, 0)["msg"].lower()
    assert (ask_time.method, ask_time.url.path) == ("GET", "/openApi/spot/v1/server/time")
    assert "X-BX-APIKEY" not in ask_time.headers
    check_wire(retry, target, ["recvWindow", "symbol", "timestamp", "signature"],
               symbol="GM-USDT")  # fmt: skip
    offset = int(retry.url.params["timestamp"]) - int(stale.url.params["timestamp"])
    assert abs(offset - 60_000) < 5_000
    assert result.to_dict() == recorded_body(vcr, 2)


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_invalid_symbol(target: Target, mode: str) -> None:
    error = cancel_error(target.client(), mode, symbol="BTCUSDT")

    assert type(error) is bingx_spot.InvalidParameterError
    assert isinstance(error, bingx_spot.BingXAPIError)
    assert error.code == 100400


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_rate_limited(target: Target, mode: str) -> None:
    # Recorded live, this blocks the account's cancels for five minutes.
    first, second, error = cancels(target.client(), mode, 3, symbol="ETH-USDT")

    assert isinstance(first, CancelOpenOrdersResponse)
    assert isinstance(second, CancelOpenOrdersResponse)
    assert isinstance(error, bingx_spot.RateLimitError)
    assert type(error) is bingx_spot.APIRateLimitError
    assert error.code == 100410
    assert error.retry_at is not None
    assert target.live or error.retry_at == FIXED_MS + 300_000


@pytest.mark.parametrize("body", NOTHING)
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = answered(cancel_open_orders, body, mode, symbol="ETH-USDT")

    assert isinstance(result, CancelOpenOrdersResponse)
    assert isinstance(result.data, CancelledOrders)
    assert result.data.orders == []
