"""POST /openApi/spot/v1/trade/cancelOpenOrders through the public contract, sync and async.

Each scenario replays one cassette in tests/cassettes/cancel_open_orders/. It checks the request as
it left the client (method, path, query keys in order, signature verified with ``hmac`` here, key
header, empty body), failures as much as successes, and that the parsed model (or the error)
gives back the recorded body exactly.
"""

from typing import Any, TypeVar

import pytest

import bingx_spot
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelOpenOrdersResponse
from tests.calling import MODES, cancels
from tests.conftest import FIXED_MS, Target
from tests.operation_checks import NOTHING, answered, check_signed, recorded

PATH = "/openApi/spot/v1/trade/cancelOpenOrders"
SYMBOL_KEYS = ["recvWindow", "symbol", "timestamp", "signature"]
UNKNOWN_KEY = "unknown-key-0000000000000000"
Failure = TypeVar("Failure", bound=bingx_spot.BingXAPIError)

# BingX's documented answer (docs/bingx-facts.md, "Cancel answers"), as the local exchange
# serves it.
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


def check_error(error: object, vcr: Any, cls: type[Failure]) -> Failure:
    """``error`` is the recorded answer's: its class, code and message, from cancelOpenOrders."""
    assert isinstance(error, cls)
    assert type(error) is cls
    assert (error.code, error.msg) == (recorded(vcr)["code"], recorded(vcr)["msg"])
    assert (error.status_code, error.operation) == (200, "cancelOpenOrders")
    return error


def orders_of(result: CancelOpenOrdersResponse) -> list[dict[str, Any]]:
    return [order.to_dict() for order in result.data.orders]


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_one_symbol(target: Target, vcr: Any, mode: str) -> None:
    result = cancel(target.client(), mode, symbol="GM-USDT")

    [request] = target.sent
    check_signed(
        request,
        target,
        "POST",
        PATH,
        ["recvWindow", "symbol", "timestamp", "signature"],
        recvWindow="5000",
        symbol="GM-USDT",
    )
    assert result.to_dict() == recorded(vcr)
    assert result.code == 0
    if not target.live:
        assert orders_of(result) == [DOCUMENTED_ORDER]
        assert [o.order_id for o in result.data.orders] == [1735964997957275648]  # above 2**53


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_all_symbols(target: Target, vcr: Any, mode: str) -> None:
    result = cancel(target.client(recv_window=10000), mode)

    [request] = target.sent
    check_signed(request, target, "POST", PATH, ["recvWindow", "timestamp", "signature"],
                 recvWindow="10000")  # fmt: skip
    assert result.to_dict() == recorded(vcr)
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
    check_signed(
        request,
        target,
        "POST",
        PATH,
        ["recvWindow", "symbol", "timestamp", "signature"],
        recvWindow="60000",
        symbol="ETH-USDT",
    )
    assert result.to_dict() == recorded(vcr)
    assert orders_of(result) == []


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_signature_mismatch(target: Target, vcr: Any, mode: str) -> None:
    error = cancel_error(target.client(secret_key="not-the-secret"), mode, symbol="BTC-USDT")

    [request] = target.sent
    check_signed(request, target, "POST", PATH, SYMBOL_KEYS, secret_key="not-the-secret",
                 symbol="BTC-USDT")  # fmt: skip
    refused = check_error(error, vcr, bingx_spot.AuthenticationError)
    assert refused.code == 100001
    assert "signature" in refused.msg.lower()


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_unknown_api_key(target: Target, vcr: Any, mode: str) -> None:
    client = target.client(api_key=UNKNOWN_KEY)
    error = cancel_error(client, mode, symbol="BTC-USDT")

    [request] = target.sent
    check_signed(request, target, "POST", PATH, SYMBOL_KEYS, api_key=UNKNOWN_KEY,
                 symbol="BTC-USDT")  # fmt: skip
    assert check_error(error, vcr, bingx_spot.AuthenticationError).code == 100413


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_stale_timestamp(target: Target, vcr: Any, mode: str) -> None:
    # 100421, then the client reads serverTime, keeps the offset and signs again.
    clock = target.clock
    client = target.client(clock=lambda: clock() - 60_000)
    result = cancel(client, mode, symbol="GM-USDT")

    stale, ask_time, retry = target.sent
    assert recorded(vcr, 0)["code"] == 100421
    assert "timestamp" in recorded(vcr, 0)["msg"].lower()
    assert (ask_time.method, ask_time.url.path) == ("GET", "/openApi/spot/v1/server/time")
    assert "X-BX-APIKEY" not in ask_time.headers
    for request in (stale, retry):
        check_signed(request, target, "POST", PATH, SYMBOL_KEYS, symbol="GM-USDT")
    offset = int(retry.url.params["timestamp"]) - int(stale.url.params["timestamp"])
    assert abs(offset - 60_000) < 5_000
    assert result.to_dict() == recorded(vcr, 2)


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_invalid_symbol(target: Target, vcr: Any, mode: str) -> None:
    error = cancel_error(target.client(), mode, symbol="BTCUSDT")

    [request] = target.sent
    check_signed(request, target, "POST", PATH, SYMBOL_KEYS, symbol="BTCUSDT")
    assert check_error(error, vcr, bingx_spot.InvalidParameterError).code == 100400


@pytest.mark.vcr
@pytest.mark.parametrize("mode", MODES)
def test_rate_limited(target: Target, vcr: Any, mode: str) -> None:
    # Recorded live, this blocks the account's cancels for five minutes.
    first, second, error = cancels(target.client(), mode, 3, symbol="ETH-USDT")

    assert len(target.sent) == 3
    for request in target.sent:
        check_signed(request, target, "POST", PATH, SYMBOL_KEYS, symbol="ETH-USDT")
    assert isinstance(first, CancelOpenOrdersResponse)
    assert isinstance(second, CancelOpenOrdersResponse)
    limited = check_error(error, vcr, bingx_spot.APIRateLimitError)
    assert limited.code == 100410
    assert limited.retry_at is not None
    assert target.live or limited.retry_at == FIXED_MS + 300_000


@pytest.mark.parametrize("body", NOTHING)
@pytest.mark.parametrize("mode", MODES)
def test_every_way_of_saying_nothing_is_an_empty_list(body: bytes, mode: str) -> None:
    result = answered(cancel_open_orders, body, mode, symbol="ETH-USDT")

    assert result.data.orders == []
