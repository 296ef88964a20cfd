"""The clients the benchmark compares, each cancelling on BTC-USDT against the stub.

Every contender is set up (client made, connection warm, ccxt's markets loaded) before it is
timed. ``sequential`` runs ``n`` calls one after another; ``concurrent`` keeps ``inflight`` calls
in flight until ``n`` are done. Both return the seconds the calls took.
"""

import asyncio
import hashlib
import hmac
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import httpx

KEY = "bench-api-key-0000000000000000"
SECRET = "bench-secret-0000000000000000"
PATH = "/openApi/spot/v1/trade/cancelOpenOrders"
WARMUP = 20


def _signed_query() -> str:
    query = f"recvWindow=5000&symbol=BTC-USDT&timestamp={time.time_ns() // 1_000_000}"
    digest = hmac.new(SECRET.encode(), query.encode(), hashlib.sha256).hexdigest()
    return f"{PATH}?{query}&signature={digest}"


def _check(body: Any) -> None:
    if body["code"] != 0:
        raise RuntimeError(body)


# -- sync --------------------------------------------------------------------------------------


def bare_sync(url: str, n: int) -> float:
    """A hand-signed request on a plain httpx.Client, its JSON read."""
    with httpx.Client(base_url=url, timeout=10) as client:

        def call() -> None:
            response = client.post(_signed_query(), headers={"X-BX-APIKEY": KEY})
            _check(response.json())

        return _timed(call, n)


def sdk_sync(url: str, n: int) -> float:
    import bingx_spot  # noqa: PLC0415
    from bingx_spot_client.api.trade import cancel_open_orders  # noqa: PLC0415

    with bingx_spot.make_client(KEY, SECRET, base_url=url, rate_limit=False) as client:

        def call() -> None:
            result = cancel_open_orders.sync(client=client, symbol="BTC-USDT")
            assert result is not None

        return _timed(call, n)


def ccxt_sync(url: str, n: int) -> float:
    import ccxt  # noqa: PLC0415

    exchange = _ccxt(ccxt.bingx, url)
    exchange.load_markets()
    return _timed(lambda: exchange.cancel_all_orders("BTC/USDT"), n)


def _timed(call: Callable[[], object], n: int) -> float:
    for _ in range(WARMUP):
        call()
    started = time.perf_counter()
    for _ in range(n):
        call()
    return time.perf_counter() - started


def _ccxt(cls: Any, url: str) -> Any:
    exchange = cls({"apiKey": KEY, "secret": SECRET, "enableRateLimit": False})
    exchange.urls["api"] = {name: f"{url}/openApi" for name in exchange.urls["api"]}
    return exchange


# -- async -------------------------------------------------------------------------------------

AsyncCall = Callable[[], Awaitable[object]]


async def _drive(call: AsyncCall, n: int, inflight: int) -> float:
    for _ in range(WARMUP):
        await call()
    left = n

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await call()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(inflight)))
    return time.perf_counter() - started


async def bare_async(url: str, n: int, inflight: int) -> float:
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:

        async def call() -> None:
            response = await client.post(_signed_query(), headers={"X-BX-APIKEY": KEY})
            _check(response.json())

        return await _drive(call, n, inflight)


async def _sdk_async(url: str, n: int, inflight: int, backend: str) -> float:
    import bingx_spot  # noqa: PLC0415
    from bingx_spot_client.api.trade import cancel_open_orders  # noqa: PLC0415

    client = bingx_spot.make_client(
        KEY,
        SECRET,
        base_url=url,
        rate_limit=False,
        async_backend=backend,  # type: ignore[arg-type]
    )
    async with client:

        async def call() -> None:
            result = await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")
            assert result is not None

        return await _drive(call, n, inflight)


async def sdk_async(url: str, n: int, inflight: int) -> float:
    return await _sdk_async(url, n, inflight, "httpx")


async def sdk_aiohttp(url: str, n: int, inflight: int) -> float:
    return await _sdk_async(url, n, inflight, "aiohttp")


async def ccxt_async(url: str, n: int, inflight: int) -> float:
    import ccxt.async_support  # noqa: PLC0415

    exchange = _ccxt(ccxt.async_support.bingx, url)
    try:
        await exchange.load_markets()
        return await _drive(lambda: exchange.cancel_all_orders("BTC/USDT"), n, inflight)
    finally:
        await exchange.close()


SYNC: dict[str, Callable[[str, int], float]] = {
    "bare httpx.Client": bare_sync,
    "SDK sync": sdk_sync,
    "ccxt sync": ccxt_sync,
}
ASYNC: dict[str, Callable[[str, int, int], Coroutine[Any, Any, float]]] = {
    "bare httpx.AsyncClient": bare_async,
    "SDK async (httpx)": sdk_async,
    "SDK async (aiohttp)": sdk_aiohttp,
    "ccxt async": ccxt_async,
}


def run(name: str, url: str, n: int, inflight: int = 1) -> float:
    """Seconds for ``n`` calls of contender ``name``."""
    if name in SYNC:
        return SYNC[name](url, n)
    return asyncio.run(ASYNC[name](url, n, inflight))
