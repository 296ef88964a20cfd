"""The installed transport: httpx's own or aiohttp for async calls, failures mapped the same."""

import asyncio
from collections.abc import Iterator

import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
ONCE = bingx_spot.Retries(max_retries=0)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer(LocalExchange()) as running:
        yield running


def aiohttp_client(server: LocalServer, timeout: float = 10.0) -> AuthenticatedClient:
    return bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        base_url=server.url,
        async_backend="aiohttp",
        rate_limit=False,
        retries=ONCE,
        timeout=timeout,
    )


async def cancel(client: AuthenticatedClient) -> object:
    async with client:
        return await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")


def test_async_calls_go_through_aiohttp(server: LocalServer) -> None:
    client = aiohttp_client(server)
    result = asyncio.run(cancel(client))

    [inner] = client.get_async_httpx_client()._transport._asyncs.values()  # type: ignore[attr-defined]
    assert type(inner).__name__ == "AiohttpTransport"
    assert result is not None
    [request] = server.exchange.requests
    assert request.headers["X-BX-APIKEY"] == DEMO_API_KEY
    assert len(server.exchange.open_orders()) == 2


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (faults.drop(), bingx_spot.NetworkError),
        (faults.slow(1.0), bingx_spot.RequestTimeoutError),
        (faults.html(502), bingx_spot.ResponseError),
        (faults.error(100413, "Incorrect apiKey"), bingx_spot.AuthenticationError),
    ],
)
def test_aiohttp_failures_map_like_httpx(
    server: LocalServer, fault: faults.Fault, error: type[bingx_spot.BingXError]
) -> None:
    server.exchange.inject(fault)
    with pytest.raises(error):
        asyncio.run(cancel(aiohttp_client(server, timeout=0.2)))


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="async_backend"):
        bingx_spot.make_client("key", "secret", async_backend="trio")  # type: ignore[arg-type]
