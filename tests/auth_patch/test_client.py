import asyncio
from types import ModuleType
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot._version import __version__
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.wire import spec
from bingx_spot.wire.auth import BingXAuth, identity
from bingx_spot_client.api.common import server_time
from bingx_spot_client.api.trade import cancel_all_after, cancel_open_orders, open_orders
from tests.calling import MODES, called, cancels
from tests.conftest import local_client


def test_defaults() -> None:
    client = bingx_spot.make_client("key-abcdef", "secret-abcdef")
    httpx_client = client.get_httpx_client()

    assert httpx_client.base_url == httpx.URL("https://open-api.bingx.com")
    assert httpx_client.timeout == httpx.Timeout(10.0)
    assert isinstance(httpx_client.auth, BingXAuth)
    assert httpx_client.auth.account == identity("key-abcdef")
    # The generated client's token header is the User-Agent: no key header to be replaced later.
    assert client.token == httpx_client.headers["User-Agent"] == f"bingx-spot-sdk/{__version__}"
    assert "X-BX-APIKEY" not in httpx_client.headers
    assert "key-a" not in repr(client) + repr(httpx_client.auth)


def test_the_account_names_the_budget_not_the_key() -> None:
    auth = bingx_spot.make_client("key-abcdef", "secret", account="uid-1").get_httpx_client().auth
    assert isinstance(auth, BingXAuth)
    assert auth.account == identity("uid-1") != identity("key-abcdef")


def test_options_reach_the_httpx_clients() -> None:
    client = bingx_spot.make_client(
        "key-abcdef", "secret-abcdef", base_url="http://127.0.0.1:8080/", timeout=2.5
    )
    for httpx_client in (client.get_httpx_client(), client.get_async_httpx_client()):
        assert httpx_client.base_url == httpx.URL("http://127.0.0.1:8080")
        assert httpx_client.timeout == httpx.Timeout(2.5)
        assert isinstance(httpx_client.auth, BingXAuth)


@pytest.mark.parametrize(
    ("args", "options", "argument"),
    [
        (("", "secret"), {}, "api_key"),
        (("key", ""), {}, "secret_key"),
        (("key with space", "secret"), {}, "api_key"),
        (("key", "secret\n"), {}, "secret_key"),
        (("key\x00", "secret"), {}, "api_key"),
        (("k\u00e9y", "secret"), {}, "api_key"),  # non-ASCII: it goes in a header
        (("key", "s\u00e9cret"), {}, "secret_key"),
        (("key\ud800", "secret"), {}, "api_key"),  # a lone surrogate
        (("key", "secret\ud800"), {}, "secret_key"),
        (("key", "\uff11\uff12\uff13"), {}, "secret_key"),  # full-width digits
        (("key", "secret"), {"base_url": "ftp://open-api.bingx.com"}, "base_url"),
        (("key", "secret"), {"base_url": "open-api.bingx.com"}, "base_url"),
        (("key", "secret"), {"base_url": "http://h:99999"}, "base_url"),  # no such port
        (("key", "secret"), {"base_url": "http://h:0"}, "base_url"),
        (("key", "secret"), {"base_url": "http://h:-1"}, "base_url"),
        (("key", "secret"), {"recv_window": 0}, "recv_window"),
        (("key", "secret"), {"recv_window": 60001}, "recv_window"),
        (("key", "secret"), {"recv_window": 5000.0}, "recv_window"),
        (("key", "secret"), {"recv_window": True}, "recv_window"),
        (("key", "secret"), {"timeout": 0}, "timeout"),
        (("key", "secret"), {"timeout": -1.0}, "timeout"),
        (("key", "secret"), {"timeout": float("inf")}, "timeout"),
        (("key", "secret"), {"timeout": float("nan")}, "timeout"),
        (("key", "secret"), {"timeout": 1e12}, "timeout"),
        (("key", "secret"), {"base_url": "https://open-api.bingx.com/?x=1"}, "base_url"),
        (("key", "secret"), {"base_url": "https://open-api.bingx.com/#top"}, "base_url"),
        (("key", "secret"), {"max_response_bytes": 0}, "max_response_bytes"),
        (("key", "secret"), {"max_response_bytes": 1.5}, "max_response_bytes"),
        (("key", "secret"), {"proxy": "socks5://127.0.0.1:1080"}, "proxy"),
        (("key", "secret"), {"proxy": "ftp://127.0.0.1:21"}, "proxy"),
    ],
)
def test_bad_arguments(args: tuple[str, str], options: dict[str, object], argument: str) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match=argument) as caught:
        bingx_spot.make_client(*args, **options)  # type: ignore[arg-type]
    assert "secret" not in str(caught.value).replace("secret_key", "")


def test_network_failure_is_a_bingx_error_without_the_signed_url() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    client = bingx_spot.make_client(
        "key-abcdef",
        "secret-abcdef",
        transport=httpx.MockTransport(refuse),
        retries=bingx_spot.Retries(max_retries=0),
        rate_limit=False,
    )
    with pytest.raises(bingx_spot.NetworkError) as caught:
        client.get_httpx_client().post("/openApi/spot/v1/trade/cancelOpenOrders")
    message = str(caught.value)
    assert message.startswith("POST /openApi/spot/v1/trade/cancelOpenOrders: ConnectError")
    assert "signature" not in message
    assert "timestamp" not in message


def test_timeout_is_its_own_class() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = bingx_spot.make_client(
        "key-abcdef",
        "secret-abcdef",
        transport=httpx.MockTransport(slow),
        retries=bingx_spot.Retries(max_retries=0),
        rate_limit=False,
    )
    with pytest.raises(bingx_spot.RequestTimeoutError):
        client.get_httpx_client().post("/openApi/spot/v1/trade/cancelOpenOrders")


def test_a_sync_only_transport_cannot_serve_async() -> None:
    client = bingx_spot.make_client("key-abcdef", "secret-abcdef", transport=httpx.HTTPTransport())
    with pytest.raises(TypeError, match="async client"):
        asyncio.run(client.get_async_httpx_client().get("/openApi/spot/v1/server/time"))


@pytest.mark.parametrize(
    "base_url",
    [
        "https://user:hunter2@open-api.bingx.com",
        "http://:hunter2@127.0.0.1:8080/gw",
        "ftp://u:hunter2@h",
    ],
)
def test_a_base_url_with_a_password_is_refused_without_echoing_it(base_url: str) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="base_url") as caught:
        bingx_spot.make_client("key", "secret", base_url=base_url)
    assert "hunter2" not in str(caught.value) + repr(caught.value.args)


def behind_gateway(exchange: LocalExchange, prefix: str) -> httpx.MockTransport:
    """A gateway that serves ``exchange`` under ``prefix`` and nowhere else."""

    def forward(request: httpx.Request) -> httpx.Response:
        if not request.url.path.startswith(prefix + "/"):
            return httpx.Response(404)
        path = request.url.raw_path[len(prefix) :]
        inner = httpx.Request(
            request.method,
            request.url.copy_with(raw_path=path),
            headers=request.headers,
            content=request.read(),
        )
        return exchange.handle(inner)

    return httpx.MockTransport(forward)


@pytest.mark.parametrize("mode", MODES)
def test_operations_are_recognised_behind_a_gateway_prefix(mode: str) -> None:
    exchange = LocalExchange()
    exchange.inject(faults.status(503), operation="cancelOpenOrders")
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        base_url="https://gateway.example/bingx/",
        transport=behind_gateway(exchange, "/bingx"),
        rate_limit=False,
        retries=bingx_spot.Retries(backoff=0.01),
    )

    [outcome] = cancels(client, mode, 1, symbol="BTC-USDT")

    assert not isinstance(outcome, bingx_spot.BingXError), outcome  # retried: idempotent
    assert len(exchange.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_public_operation_behind_a_prefix_is_not_signed(mode: str) -> None:
    exchange = LocalExchange()
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        base_url="https://gateway.example/bingx",
        transport=behind_gateway(exchange, "/bingx"),
    )
    if mode == "sync":
        with client:
            server_time.sync(client=client)
    else:

        async def run() -> None:
            async with client:
                await server_time.asyncio(client=client)

        asyncio.run(run())

    [request] = exchange.requests
    assert request.url.path == "/openApi/spot/v1/server/time"
    assert "signature" not in request.url.params
    assert "X-BX-APIKEY" not in request.headers


def test_a_path_outside_the_prefix_is_no_operation() -> None:
    assert spec.load().find("GET", "/openApi/spot/v1/server/time", "/bingx") is None
    assert spec.load().find("GET", "/bingx/openApi/spot/v1/server/time", "/bingx") is not None
    assert spec.load().find("GET", "/bingxopenApi/spot/v1/server/time", "/bingx") is None


class Unprintable:
    def __str__(self) -> str:
        raise ValueError("SECRET-VALUE")  # a message that may hold what it was made from


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("operation", "arguments", "message"),
    [
        (cancel_open_orders, {"symbol": "BTC-\ud800USDT"}, "symbol must not contain lone"),
        (cancel_open_orders, {"symbol": "A" * 100_000}, "symbol is longer than 256"),
        (open_orders, {"symbol": "\udfff"}, "symbol must not contain lone"),
        (cancel_all_after, {"type_": "A" * 70_000, "time_out": 10}, "type is longer than 256"),
        (cancel_open_orders, {"symbol": ["BTC-USDT", "\ud800"]}, "symbol must not contain lone"),
        (open_orders, {"symbol": Unprintable()}, "symbol cannot be written as text"),
    ],
)
def test_values_httpx_cannot_build_are_refused_before_sending(
    exchange: LocalExchange,
    operation: ModuleType,
    arguments: dict[str, Any],
    message: str,
    mode: str,
) -> None:
    # httpx raises these while it builds the request, before the layer sees it: the generated
    # call turns them into the SDK's error, naming the parameter and never echoing its value.
    outcome = called(operation, local_client(exchange), mode, **arguments)

    assert isinstance(outcome, bingx_spot.InvalidArgumentError), outcome
    assert message in str(outcome)
    assert len(str(outcome)) < 120
    assert "SECRET" not in repr(outcome)
    assert outcome.__cause__ is None
    assert outcome.__suppress_context__
    assert list(exchange.requests) == []


ORDERS_NONE = {"code": 0, "msg": "", "debugMsg": "", "data": {"orders": []}}


@pytest.mark.parametrize("prefix", ["/x%2Fy", "/g%2541", "/a%3Fb", "/%2e%2e/x", "/M%C3%98"])
def test_a_base_url_path_goes_out_as_written(prefix: str) -> None:
    seen: list[bytes] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path)
        return httpx.Response(200, json=ORDERS_NONE)

    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        base_url=f"https://gateway.example{prefix}/",
        transport=httpx.MockTransport(answer),
        rate_limit=False,
    )
    [outcome] = cancels(client, "sync", 1, symbol="BTC-USDT")

    assert not isinstance(outcome, bingx_spot.BingXError), outcome
    [raw] = seen
    # Not decoded and encoded again (`%2F` stays, and is no `/`); recognised, so signed.
    assert raw.startswith(f"{prefix}/openApi/spot/v1/trade/cancelOpenOrders?".encode())
    assert b"&signature=" in raw


@pytest.mark.parametrize("mode", MODES)
def test_a_signed_url_over_64_kib_is_refused_before_sending(mode: str) -> None:
    sent: list[httpx.Request] = []
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        # Under httpx's 64 KiB as built; over it once signed.
        base_url="https://gateway.example/" + "p" * 65_400,
        transport=httpx.MockTransport(sent.append),  # type: ignore[arg-type]  # never answers
        rate_limit=False,
    )
    [outcome] = cancels(client, mode, 1, symbol="BTC-USDT")

    assert isinstance(outcome, bingx_spot.InvalidArgumentError), outcome
    assert "64 KiB" in str(outcome)
    assert sent == []
