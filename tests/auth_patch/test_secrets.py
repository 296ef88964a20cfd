"""With DEBUG logging on everywhere, no log record, repr or exception text may hold the secret,
a signature or more than four characters of the API key."""

import asyncio
import logging
import pickle
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import bingx_spot
from bingx_spot.cli.main import main
from bingx_spot.testing import LocalExchange, faults, reset_budgets
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire.retry import Retries
from bingx_spot_client.api.common import server_time
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient
from tests.calling import cancels

KEY = "KEYk3y9ZXqv7Tt2Lm8Pw4Rs6Yu1Io5Ab0Cd3Ef7Gh"
SECRET = "SECs3cr3tQw8Er5Ty2Ui9Op4As7Df1Gh6Jk0Lz3Xc"
# The scenarios' retries are under test, not their backoff: a millisecond or two.
FAST = Retries(backoff=0.001, max_backoff=0.002)


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


# -- a server that echoes the request: no error kind may keep what it echoed ---------------------


def echo(code: int | None = None, status: int = 200, **headers: str) -> faults.Fault:
    """An answer whose text repeats the signed URL and the API key header, as some servers and
    proxies do: a BingX envelope with ``code``, or a bare body with ``status``."""

    def fault(request: httpx.Request, answer: faults.Reply) -> httpx.Response:
        said = f"{request.url} key={request.headers.get('X-BX-APIKEY')} {request.url.query!r}"
        if code is None:
            return httpx.Response(status, text=f"<html>{said}</html>", headers=headers)
        body = {"code": code, "msg": said, "debugMsg": said}
        return httpx.Response(status, json=body, headers=headers)

    return fault


def redirect() -> faults.Fault:
    """A redirect to HTTPS, whose ``Location`` repeats the signed URL (httpcore logs it)."""

    def fault(request: httpx.Request, answer: faults.Reply) -> httpx.Response:
        return httpx.Response(301, headers={"Location": str(request.url.copy_with(scheme="https"))})

    return fault


# (fault, the error it gives, how many requests it meets: the attempts the call makes). A code of
# each family; which class each code is, test_errors.py asserts.
API = bingx_spot.BingXAPIError
ECHOES: list[tuple[faults.Fault, type[bingx_spot.BingXError], int]] = [
    (echo(100001), API, 1),
    (echo(100004), API, 1),
    (echo(100410), API, 1),
    (echo(100421), API, 2),
    (echo(100400), API, 1),
    (echo(100404), API, 1),
    (echo(100500), API, 3),
    (echo(100202), API, 1),
    # A window longer than the client waits out: raised at once, with its retry_at.
    (
        echo(100410, status=429, **{"X-RateLimit-Requests-Expire": "60000"}),
        bingx_spot.HTTPRateLimitError,
        1,
    ),
    (echo(None, status=418), bingx_spot.HTTPRateLimitError, 1),
    (echo(None, status=502), bingx_spot.ResponseError, 3),
    (echo(None, status=200), bingx_spot.ResponseError, 3),
    (faults.drop(), bingx_spot.NetworkError, 3),
    (redirect(), bingx_spot.ResponseError, 1),  # its Location repeats the signed URL
]


def leaks(error: BaseException, formatted: str) -> list[str]:
    """Every text an error offers: str, repr, args, attributes, pickles, its traceback."""
    texts = [formatted, *texts_of(error), repr(error.args)]
    for protocol in (0, pickle.HIGHEST_PROTOCOL):
        texts.append(pickle.dumps(error, protocol=protocol).decode("latin-1"))
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    texts += [str(again), repr(again), repr(vars(again))]
    return texts


def scan(texts: list[str], signatures: set[str]) -> None:
    assert len(signatures) >= 1
    for text in texts:
        assert SECRET not in text
        assert KEY[:5] not in text
        for signature in signatures:
            assert signature not in text


def caught() -> tuple[BaseException, str]:
    """Inside an ``except``: the error and its formatted traceback."""
    error = sys.exc_info()[1]
    assert error is not None
    return error, traceback.format_exc()


def echoed_errors(
    client: AuthenticatedClient, exchange: LocalExchange, backend: str
) -> list[tuple[BaseException, str]]:
    """Each of ECHOES met by one cancel, sync or async (one event loop for all)."""
    found: list[tuple[BaseException, str]] = []
    if backend == "sync":
        for fault, _, times in ECHOES:
            exchange.inject(fault, times=times, operation="cancelOpenOrders")
            try:
                cancel_open_orders.sync(client=client, symbol="BTC-USDT")
            except bingx_spot.BingXError:
                found.append(caught())
        return found

    async def run() -> None:
        async with client:
            for fault, _, times in ECHOES:
                exchange.inject(fault, times=times, operation="cancelOpenOrders")
                try:
                    await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")
                except bingx_spot.BingXError:
                    found.append(caught())

    asyncio.run(run())
    return found


BACKENDS = ["sync", "async-httpx", "async-aiohttp"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_no_error_kind_keeps_what_the_server_echoed(
    caplog: pytest.LogCaptureFixture, backend: str
) -> None:
    caplog.set_level(logging.DEBUG)
    exchange = LocalExchange({KEY: SECRET}, block_ms=0)
    texts: list[str] = []
    with LocalServer(exchange) as server:
        client = bingx_spot.make_client(
            KEY, SECRET, base_url=server.url, retries=FAST, rate_limit=False,
            async_backend="aiohttp" if backend == "async-aiohttp" else "httpx",
        )  # fmt: skip
        found = echoed_errors(client, exchange, backend)
        try:
            cancel_open_orders.sync(client=client, symbol="A" * 300)
        except bingx_spot.InvalidArgumentError:
            found.append(caught())
        finally:
            client.get_httpx_client().close()

    kinds = [kind for _, kind, _ in ECHOES] + [bingx_spot.InvalidArgumentError]
    assert len(found) == len(kinds)
    for (error, _), kind in zip(found, kinds, strict=True):
        assert isinstance(error, kind), (error, kind)  # aiohttp: a drop may read as a timeout
    for error, formatted in found:
        texts += leaks(error, formatted)
    signatures = {
        r.url.params["signature"] for r in exchange.requests if "signature" in r.url.params
    }
    logged = [record.getMessage() for record in caplog.records]
    logged += [repr(vars(record)) for record in caplog.records]
    assert any("signature=" in text and KEY in text for text in _echoed(exchange))
    scan(texts + logged, signatures)


def _echoed(exchange: LocalExchange) -> list[str]:
    """What an echoing server would have said: proof the scan looks for something real."""
    return [f"{r.url} key={r.headers.get('X-BX-APIKEY')}" for r in exchange.requests]


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_the_command_prints_no_echoed_secret(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exchange = LocalExchange({KEY: SECRET}, block_ms=0)
    with LocalServer(exchange) as server:
        monkeypatch.setenv("BINGX_API_KEY", KEY)
        monkeypatch.setenv("BINGX_SECRET_KEY", SECRET)
        monkeypatch.setenv("BINGX_BASE_URL", server.url)
        # One attempt each (a retry's backoff is real time); a fresh budget each, as the budget
        # is not what is under test and would space the runs 0.6 s apart: the process's, and the
        # host store's (a store of its own per run, as the budget lasts in it across runs).
        for run, (fault, _, times) in enumerate(echo for echo in ECHOES if echo[2] == 1):
            reset_budgets()
            monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / f"state-{run}"))
            exchange.inject(fault, times=times, operation="cancelOpenOrders")
            status = main(["cancel-open-orders", "--symbol", "BTC-USDT"])
            assert status != 0
    out, err = capsys.readouterr()
    signatures = {
        r.url.params["signature"] for r in exchange.requests if "signature" in r.url.params
    }
    assert "[redacted]" in err
    scan([out, err], signatures)


def header_echo() -> faults.Fault:
    """The exchange's own answer, with the API key and the signed URL echoed in its headers."""

    def fault(request: httpx.Request, answer: faults.Reply) -> httpx.Response:
        response = answer()
        response.headers["X-Echo-Key"] = request.headers.get("X-BX-APIKEY", "")
        response.headers["X-Echo-Url"] = str(request.url)
        return response

    return fault


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_no_log_line_holds_a_key_echoed_in_a_header(
    caplog: pytest.LogCaptureFixture, backend: str
) -> None:
    caplog.set_level(logging.DEBUG)
    exchange = LocalExchange({KEY: SECRET}, block_ms=0)
    exchange.inject(header_echo(), times=2, operation="cancelOpenOrders")
    with LocalServer(exchange) as server:
        client = bingx_spot.make_client(
            KEY, SECRET, base_url=server.url, retries=FAST, rate_limit=False,
            async_backend="aiohttp" if backend == "async-aiohttp" else "httpx",
        )  # fmt: skip
        mode = "sync" if backend == "sync" else "async"
        outcomes = cancels(client, mode, 2, symbol="BTC-USDT")

    assert not any(isinstance(outcome, bingx_spot.BingXError) for outcome in outcomes)
    logged = [record.getMessage() for record in caplog.records]
    logged += [repr(vars(record)) for record in caplog.records]
    if backend != "async-aiohttp":  # aiohttp logs no headers; httpcore does, at DEBUG
        assert any("x-echo-key" in line.lower() for line in logged)
    signatures = {r.url.params["signature"] for r in exchange.requests}
    scan(logged, signatures)


def test_a_short_test_key_does_not_garble_other_lines() -> None:
    bingx_spot.make_client("key", "secret")
    record = logging.LogRecord(
        "httpcore.http11", logging.DEBUG, "", 0, "x-echo-key: %s", ("v",), None
    )
    assert logging.getLogger("httpcore.http11").filter(record)
    assert record.getMessage() == "x-echo-key: v"
