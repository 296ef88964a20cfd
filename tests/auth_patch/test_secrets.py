"""With DEBUG logging on everywhere, no log record, repr or exception text may hold the secret,
a signature or more than four characters of the API key."""

import asyncio
import logging
from collections.abc import Iterator

import pytest

import bingx_spot
from bingx_spot.retry import Retries
from bingx_spot.testing import LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.common import server_time
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient

KEY = "KEYk3y9ZXqv7Tt2Lm8Pw4Rs6Yu1Io5Ab0Cd3Ef7Gh"
SECRET = "SECs3cr3tQw8Er5Ty2Ui9Op4As7Df1Gh6Jk0Lz3Xc"
FAST = Retries(backoff=0.01, max_backoff=0.02)


def texts_of(error: BaseException) -> Iterator[str]:
    seen: BaseException | None = error
    while seen is not None:
        yield str(seen)
        yield repr(seen)
        yield repr(getattr(seen, "__dict__", {}))
        seen = seen.__cause__ or seen.__context__


SCENARIOS: list[faults.Fault | None] = [
    None,
    faults.error(100500, "busy"),
    faults.drop(),
    faults.html(502),
    faults.error(100001, "Signature verification failed due to signature mismatch"),
    faults.error(100410, "will be unblocked after 1727193814249"),
    faults.status(418),
    faults.truncated(),
]


def run_everything(client: AuthenticatedClient, exchange: LocalExchange, texts: list[str]) -> None:
    for fault in SCENARIOS:
        if fault is not None:
            exchange.inject(fault, times=3, operation="cancelOpenOrders")
        try:
            cancel_open_orders.sync(client=client, symbol="BTC-USDT")
        except bingx_spot.BingXError as error:
            texts.extend(texts_of(error))

    async def run_async() -> None:
        for fault in SCENARIOS:
            if fault is not None:
                exchange.inject(fault, times=3, operation="cancelOpenOrders")
            try:
                await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")
            except bingx_spot.BingXError as error:
                texts.extend(texts_of(error))
        await client.get_async_httpx_client().aclose()

    asyncio.run(run_async())
    with pytest.raises(bingx_spot.InvalidArgumentError) as caught:
        cancel_open_orders.sync(client=client, symbol="BTC-USDT\r\n")
    texts.extend(texts_of(caught.value))
    server_time.sync(client=client)
    texts += [repr(client), repr(client.get_httpx_client().auth)]


@pytest.mark.parametrize("where", ["in_process", "over_loopback"])
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_debug_logs_reprs_and_errors_hold_no_secret(
    caplog: pytest.LogCaptureFixture, where: str
) -> None:
    caplog.set_level(logging.DEBUG)
    exchange = LocalExchange({KEY: SECRET}, skew_ms=20_000, block_ms=0)  # first call: 100421
    texts: list[str] = []
    with LocalServer(exchange) as server:
        if where == "in_process":
            client = bingx_spot.make_client(
                KEY, SECRET, retries=FAST, transport=exchange.transport(), rate_limit=False
            )
        else:
            client = bingx_spot.make_client(
                KEY, SECRET, retries=FAST, base_url=server.url, rate_limit=False
            )
        with client:
            run_everything(client, exchange, texts)

    signatures = {
        r.url.params["signature"] for r in exchange.requests if "signature" in r.url.params
    }
    logged = [record.getMessage() for record in caplog.records]
    assert len(signatures) > 10
    assert any(line.startswith("HTTP Request: POST") and "signature=" in line for line in logged)
    assert any("retry 1 of 2" in line for line in logged)
    assert any("clock offset" in line for line in logged)
    for text in texts + logged:
        assert SECRET not in text
        assert KEY[:5] not in text
        for signature in signatures:
            assert signature not in text
