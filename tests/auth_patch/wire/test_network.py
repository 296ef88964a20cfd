"""Proxies: the environment's as httpx reads them, or ``proxy=``, for every transport; checked
with a forward proxy listening on loopback."""

import asyncio
import socket
import ssl
import threading
from collections.abc import Iterator
from typing import Any

import aiohttp  # noqa: F401 - its import-time TLS context is not a client's
import httpx
import pytest

import bingx_spot
from bingx_spot.wire import network
from bingx_spot.wire.network import Proxies
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.models import CancelOpenOrdersResponse
from tests.auth_patch.test_hostile import Hostile, serve

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

MODES = ["sync", "httpx", "aiohttp"]
PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "FTP_PROXY"]
BODY = b'{"code":0,"msg":"","debugMsg":"","data":{"orders":[]}}'


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def succeed(conn: socket.socket, stop: threading.Event) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    conn.sendall(head % len(BODY) + BODY)


def cancel(base_url: str, mode: str, **options: object) -> CancelOpenOrdersResponse:
    client = bingx_spot.make_client(
        "KEYproxy0000000000000000000000000000000000",
        "SECproxy0000000000000000000000000000000000",
        base_url=base_url,
        rate_limit=False,
        retries=bingx_spot.Retries(max_retries=0, deadline=5.0),
        async_backend="aiohttp" if mode == "aiohttp" else "httpx",
        **options,  # type: ignore[arg-type]
    )
    if mode == "sync":
        with client:
            return cancel_open_orders.sync(client=client, symbol="BTC-USDT")

    async def run() -> CancelOpenOrdersResponse:
        async with client:
            return await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")

    return asyncio.run(run())


def request_line(server: Hostile) -> str:
    [head] = server.requests
    return head.split(b"\r\n", 1)[0].decode()


def unused_url() -> str:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        return f"http://127.0.0.1:{closed.getsockname()[1]}"


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY"])
@pytest.mark.parametrize("mode", MODES)
def test_the_environment_proxy_is_used(
    mode: str, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = unused_url()  # nothing listens there: only the proxy can answer
    with serve(succeed) as proxy:
        monkeypatch.setenv(variable, proxy.url)

        cancel(target, mode)

        # A forward proxy gets the absolute URL.
        assert request_line(proxy).startswith(f"POST {target}/openApi/spot/v1/trade/")


@pytest.mark.parametrize("mode", MODES)
def test_no_proxy_is_respected(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with serve(succeed) as proxy, serve(succeed) as target:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")

        cancel(target.url, mode)

        assert proxy.requests == []
        assert request_line(target).startswith("POST /openApi/spot/v1/trade/")


@pytest.mark.parametrize("mode", MODES)
def test_an_explicit_proxy_wins_over_the_environment(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = unused_url()
    with serve(succeed) as proxy:
        monkeypatch.setenv("HTTP_PROXY", unused_url())
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")

        cancel(target, mode, proxy=proxy.url)

        assert request_line(proxy).startswith(f"POST {target}/openApi/spot/v1/trade/")


def test_a_proxy_that_refuses_is_a_network_error_not_sent() -> None:
    for mode in MODES:
        with pytest.raises(bingx_spot.NetworkError) as caught:
            cancel("http://127.0.0.1:9", mode, proxy=unused_url())
        assert not caught.value.sent, mode


def test_proxies_are_chosen_per_url_as_httpx_does(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", ".bingx.internal")
    proxies = Proxies()

    assert proxies(httpx.URL("https://open-api.bingx.com/x")) == "http://proxy.internal:3128"
    assert proxies(httpx.URL("http://open-api.bingx.com/x")) is None  # HTTPS_PROXY only
    assert proxies(httpx.URL("https://gw.bingx.internal/x")) is None
    assert Proxies("http://p:1")(httpx.URL("https://gw.bingx.internal/x")) == "http://p:1"


def test_an_environment_proxy_of_an_unknown_kind_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FTP_PROXY", "socks5://127.0.0.1:1080")  # never used: no matter
    bingx_spot.make_client("key", "secret")
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    with pytest.raises(bingx_spot.InvalidArgumentError, match="proxy"):
        bingx_spot.make_client("key", "secret")


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[ssl.SSLContext]]:
    """The CA-loading TLS contexts made while the test runs (the shared one made afresh)."""
    found: list[ssl.SSLContext] = []
    create = ssl.create_default_context

    def counted(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        found.append(create(*args, **kwargs))
        return found[-1]

    monkeypatch.setattr(ssl, "create_default_context", counted)
    network.tls.cache_clear()
    yield found
    network.tls.cache_clear()


def refused(base_url: str, mode: str) -> bingx_spot.BingXError:
    with pytest.raises(bingx_spot.BingXError) as caught:
        cancel(base_url, mode)  # no retries
    return caught.value


def test_every_https_transport_shares_one_tls_context(made: list[ssl.SSLContext]) -> None:
    url = unused_url().replace("http://", "https://")
    for mode in MODES * 2:  # two clients of each transport
        assert isinstance(refused(url, mode), bingx_spot.NetworkError)

    # Loading the CA bundle costs tens of milliseconds: once per process, not per client.
    assert len(made) == 1


@pytest.mark.parametrize("mode", MODES)
def test_an_unreadable_ca_file_fails_https_calls_only(
    mode: str, made: list[ssl.SSLContext], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/ca.pem")
    with serve(succeed) as server:
        assert cancel(server.url, mode).code == 0  # plain http loads no CA file
        error = refused(server.url.replace("http://", "https://"), mode)

    assert isinstance(error, bingx_spot.NetworkError)
    assert error.sent is False
    assert "SSL_CERT_FILE" in str(error)
    assert server.requests == [server.requests[0]]  # the http call only
    assert made == []
