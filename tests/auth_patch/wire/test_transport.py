"""The installed transport: httpx's own or aiohttp for async calls, failures mapped the same."""

import asyncio
import gc
import logging
import warnings
from collections.abc import Iterator
from typing import Any, Literal

import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient
from tests.calling import MODES, cancels
from tests.clock import FakeClock

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
    transport: Any = client.get_async_httpx_client()._transport

    async def run() -> tuple[object, list[object]]:
        async with client:
            result = await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")
            return result, [*transport._asyncs[asyncio.get_running_loop()].values()]

    result, [inner] = asyncio.run(run())
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
    # The slow answer (1 s) waits out the read timeout. The others come at once, but over
    # loopback on a loaded machine not always within a short timeout: theirs is far longer.
    timeout = 0.05 if error is bingx_spot.RequestTimeoutError else 5.0
    with pytest.raises(error):
        asyncio.run(cancel(aiohttp_client(server, timeout=timeout)))


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_one_client_serves_one_event_loop_after_another(
    server: LocalServer, backend: Literal["httpx", "aiohttp"], caplog: pytest.LogCaptureFixture
) -> None:
    # As a tool calling asyncio.run once per command does: aiohttp's session serves only the
    # loop it was made on, so each loop gets its own; the first loop's, which nothing can close
    # any more, must not warn into a later run.
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        base_url=server.url,
        async_backend=backend,
        rate_limit=False,
        retries=ONCE,
    )

    async def bare() -> object:
        return await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")

    async def closing() -> object:
        result = await bare()
        await client.get_async_httpx_client().aclose()  # this loop's: the first one's is over
        return result

    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        first = asyncio.run(bare())
        second = asyncio.run(closing())
        gc.collect()

    assert first is not None
    assert second is not None
    assert len(server.exchange.requests) == 2
    # aiohttp's own "Unclosed client session"/"connector" (also logged at ERROR, whatever the
    # warning filters); the sockets of a loop that ended can only be left to the collector.
    assert [str(w.message) for w in warned if "Unclosed" in str(w.message)] == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="async_backend"):
        bingx_spot.make_client("key", "secret", async_backend="trio")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", MODES)
def test_each_wait_is_logged_with_its_reason(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    exchange = LocalExchange()
    exchange.inject(faults.status(503), operation="cancelOpenOrders")
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        transport=exchange.transport(),
        rate_limit=False,
        retries=bingx_spot.Retries(backoff=0.02),
    )
    caplog.set_level(logging.INFO, logger="bingx_spot")

    [outcome] = cancels(client, mode, 1, symbol="BTC-USDT")

    assert not isinstance(outcome, bingx_spot.BingXError)
    [wait] = [record for record in caplog.records if record.msg == "waiting %.2f s: %s"]
    assert wait.levelno == logging.INFO
    assert 0.01 <= wait.wait_seconds <= 0.02  # type: ignore[attr-defined]
    assert wait.getMessage().endswith(": retry 1 of 2 after ResponseError HTTP 503")


def test_budget_waits_are_logged(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    key, secret = "KEYwaits" + "0" * 30, "SECwaits" + "0" * 30  # a budget of its own
    client = bingx_spot.make_client(
        key, secret, transport=LocalExchange(accounts={key: secret}).transport()
    )
    caplog.set_level(logging.INFO, logger="bingx_spot")
    # What is logged is under test, not the wait itself: it is kept on the test's clock, not
    # slept (the transport reads time.monotonic and time.sleep, with no clock to be given).
    monkeypatch.setattr(bingx_spot.wire.transport, "time", clock)

    # Two of 2/s go at once, the third waits for the first's second (unslept: the exchange may
    # refuse it, which is not the subject).
    cancels(client, "sync", 3, symbol="BTC-USDT")

    waits = [r for r in caplog.records if r.msg == "waiting %.2f s: %s"]
    # The wait for its start, and (unslept here, so no time passed) the hold for the first
    # request's leaving: both the budget's.
    assert [r.getMessage().rpartition(": ")[2] for r in waits] == ["rate budget"] * len(waits)
    assert 1 <= len(waits) <= 2
    assert [r.wait_seconds for r in waits] == clock.sleeps  # type: ignore[attr-defined]
    assert 0 < clock.sleeps[0] <= 1.0 + bingx_spot.wire.ratelimit.WINDOW_MARGIN
