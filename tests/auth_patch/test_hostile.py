"""Hostile servers on real loopback sockets, met by every transport: sync, async (httpx) and async
(aiohttp). Each call ends inside its deadline (plus a grace for a loaded machine) or with memory
bounded, always as a BingXError that holds no secret."""

import asyncio
import contextlib
import functools
import gc
import gzip
import pickle
import socket
import struct
import threading
import time
import traceback
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

import bingx_spot
from bingx_spot.testing.raw_faults import bomb as gzip_bomb
from bingx_spot.wire import network, transport
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.models import CancelOpenOrdersResponse

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

MODES = ["sync", "httpx", "aiohttp"]
DEADLINE = 1.5  # for answers that come at once
# For a drip, or a connect or handshake that never ends, which only the deadline ends: the
# test lasts as long. Its request reaches the server within a few ms.
SHORT = 0.15
# A loaded machine may be seconds late; without the deadline a drip would take over 50 s, so
# a wide grace still tells the two apart.
GRACE = 5.0
DRIP_S = 0.05  # well inside every per-read timeout: only a wall-clock limit ends the call
KEY = "KEYh0st1leQw8Er5Ty2Ui9Op4As7Df1Gh6Jk0Lz3Xc"
SECRET = "SECh0st1leZx7Cv4Bn1Mq8Wd5Fg2Hj9Kl3Pn6Rt0Y"
Behave = Callable[[socket.socket, threading.Event], None]


class Hostile:
    """Reads one request per connection, then lets ``behave`` answer; every loop is bounded and
    ends at ``stop``."""

    def __init__(self, behave: Behave) -> None:
        self._behave = behave
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self.stop = threading.Event()
        self.requests: list[bytes] = []
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            if self.stop.is_set():  # the wake-up from close()
                conn.close()
                break
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()
        self._listener.close()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        head = b""
        try:
            while b"\r\n\r\n" not in head and len(head) < 65536:
                data = conn.recv(65536)
                if not data:
                    return
                head += data
            self.requests.append(head)
            self._behave(conn, self.stop)
        except OSError:
            pass  # the client gave up, as it should
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        with contextlib.suppress(OSError):  # wakes accept() now, not at its next timeout
            socket.create_connection(self._listener.getsockname(), timeout=1).close()
        self._thread.join(5)


@contextmanager
def serve(behave: Behave) -> Iterator[Hostile]:
    server = Hostile(behave)
    try:
        yield server
    finally:
        server.close()


def call(url: str, mode: str, **options: object) -> bingx_spot.BingXError:
    """One cancelOpenOrders that must fail; its error."""
    settings: dict[str, object] = {
        "base_url": url,
        "rate_limit": False,
        "retries": bingx_spot.Retries(deadline=DEADLINE),
        "async_backend": "aiohttp" if mode == "aiohttp" else "httpx",
        **options,
    }
    client = bingx_spot.make_client(KEY, SECRET, **settings)  # type: ignore[arg-type]
    if mode == "sync":
        with client, pytest.raises(bingx_spot.BingXError) as caught:
            cancel_open_orders.sync(client=client, symbol="BTC-USDT")
        return caught.value

    async def run() -> bingx_spot.BingXError:
        async with client:
            with pytest.raises(bingx_spot.BingXError) as caught:
                await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")
            return caught.value

    return asyncio.run(run())


def timed(url: str, mode: str, **options: object) -> tuple[bingx_spot.BingXError, float]:
    started = time.monotonic()
    error = call(url, mode, **options)
    return error, time.monotonic() - started


def drip(conn: socket.socket, stop: threading.Event, data: bytes) -> None:
    for byte in data:
        if stop.is_set():
            return
        conn.sendall(bytes([byte]))
        time.sleep(DRIP_S)


def drip_headers(conn: socket.socket, stop: threading.Event) -> None:
    drip(conn, stop, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: 1\r\n" * 100)


def drip_body(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
    )
    drip(conn, stop, b" " * 1000)


# A drip of the headers or the body, for every transport, ends by the deadline:
# tests/auth_patch/testing/test_wire.py meets wire.drip over loopback the same way.


def endless(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
    conn.sendall(b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65536, b" " * 65536)
    for _ in range(16384):  # 1 GiB at most
        if stop.is_set():
            return
        conn.sendall(chunk)


UNPACKED = 1 << 30


def bomb(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
        b"Content-Length: %d\r\n\r\n" % len(gzip_bomb())
    )
    conn.sendall(gzip_bomb())


@functools.cache
def twice() -> bytes:
    """A bomb packed again: 256 MiB in about 1 kB on the wire (the outer layer unpacks in one
    step to the whole inner bomb, which unpacks in one step to all it holds)."""
    return gzip.compress(gzip_bomb(256), 9)


def bomb_twice(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip, gzip\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(twice()), twice())
    )


@pytest.mark.parametrize("behave", [endless, bomb, bomb_twice])
@pytest.mark.parametrize("mode", MODES)
def test_a_huge_body_is_refused_with_memory_bounded(behave: Behave, mode: str) -> None:
    gzip_bomb()  # made before memory is traced
    twice()
    with serve(behave) as server:
        tracemalloc.start()
        try:
            error, took = timed(server.url, mode)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

        assert type(error) is bingx_spot.ResponseError, repr(error)
        assert "over 4194304 bytes" in str(error)
        assert error.attempts == 1  # the same body would come again: not retried
        # The cap (4 MiB) and one small piece unpacked (~4 MiB of the bomb) at a time, far below
        # the 1 GiB the body holds; about 15 MB measured.
        assert peak < UNPACKED / 16
        assert took < DEADLINE + GRACE


@pytest.mark.parametrize("mode", MODES)
def test_an_answer_packed_twice_is_read_and_only_what_is_undone_is_asked_for(mode: str) -> None:
    body = gzip.compress(gzip.compress(b'{"code":0,"msg":"","data":{"orders":[]}}'))
    head = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip, gzip\r\nContent-Length: %d\r\n\r\n"
    with serve(reply(head % len(body) + body)) as server:
        client = bingx_spot.make_client(
            KEY,
            SECRET,
            base_url=server.url,
            rate_limit=False,
            async_backend="aiohttp" if mode == "aiohttp" else "httpx",
        )
        answer: object
        if mode == "sync":
            with client:
                answer = cancel_open_orders.sync(client=client, symbol="BTC-USDT")
        else:

            async def run() -> object:
                async with client:
                    return await cancel_open_orders.asyncio(client=client, symbol="BTC-USDT")

            answer = asyncio.run(run())

        assert isinstance(answer, CancelOpenOrdersResponse)
        [head_sent] = server.requests
        assert b"\r\naccept-encoding: gzip, deflate\r\n" in head_sent.lower()


def endless_429(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 429 Too Many Requests\r\nX-RateLimit-Requests-Expire: 60000\r\n")
    conn.sendall(b"Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n%s\r\n" % (65536, b"<p>slow down</p>".ljust(65536))
    for _ in range(128):  # 8 MiB: over the cap
        if stop.is_set():
            return
        conn.sendall(chunk)


@pytest.mark.parametrize("mode", MODES)
def test_over_the_cap_the_status_still_decides(mode: str) -> None:
    with serve(endless_429) as server:
        error = call(server.url, mode)

    assert type(error) is bingx_spot.HTTPRateLimitError, repr(error)
    assert error.status_code == 429
    assert error.retry_at is not None
    assert error.attempts == 1


@pytest.mark.parametrize("mode", MODES)
def test_the_cap_is_an_option(mode: str) -> None:
    def answer(conn: socket.socket, stop: threading.Event) -> None:
        body = b'{"code":0,"msg":"","data":{"orders":[]}}'
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

    with serve(answer) as server:
        error = call(server.url, mode, max_response_bytes=10)

        assert type(error) is bingx_spot.ResponseError
        assert "over 10 bytes" in str(error)
        assert error.snippet.startswith('{"code":0')


def reply(data: bytes) -> Behave:
    return lambda conn, stop: conn.sendall(data)


@pytest.mark.parametrize("status", [b"200 OK", b"500 Internal Server Error"])
@pytest.mark.parametrize("mode", MODES)
def test_a_key_the_cap_cuts_through_is_not_shown(status: bytes, mode: str) -> None:
    # The cap falls 20 characters into the key the server echoes; spaces before it fold to one,
    # so what is left of it would open the snippet.
    body = b" " * 770 + KEY.encode() + b" " * 100
    head = b"HTTP/1.1 %s\r\nContent-Length: %d\r\n\r\n" % (status, len(body))
    # A 500 is retried: a short backoff, as each attempt meets the same cut.
    retries = bingx_spot.Retries(deadline=DEADLINE, backoff=0.001)
    with serve(reply(head + body)) as server:
        error = call(server.url, mode, max_response_bytes=790, retries=retries)

    assert isinstance(error, bingx_spot.ResponseError), repr(error)
    for text in secret_texts(error):
        assert KEY[:5] not in text


def reset(conn: socket.socket, stop: threading.Event) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


BROKEN = {
    "malformed status line": reply(b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"),
    "Content-Length: zz": reply(b"HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\n{}"),
    "reset after the request was read": reset,
}


@pytest.mark.parametrize("case", BROKEN)
@pytest.mark.parametrize("mode", MODES)
def test_a_broken_answer_is_a_network_error_sent(case: str, mode: str) -> None:
    with serve(BROKEN[case]) as server:
        error, took = timed(server.url, mode, retries=bingx_spot.Retries(max_retries=0))

        assert type(error) is bingx_spot.NetworkError, repr(error)
        assert error.sent  # the request was read: it may have been acted on
        assert str(error).startswith("POST /openApi/spot/v1/trade/cancelOpenOrders: ")
        assert took < DEADLINE + GRACE


def test_a_refused_connection_was_not_sent() -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    for mode in MODES:
        error = call(url, mode, retries=bingx_spot.Retries(max_retries=0))

        assert type(error) is bingx_spot.NetworkError, (mode, repr(error))
        assert not error.sent


@contextmanager
def never_connects() -> Iterator[str]:
    """A port whose accept queue is full: the kernel drops the client's SYN, its connect waits."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        queued = [socket.socket() for _ in range(3)]
        for waiting in queued:
            waiting.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                waiting.connect(listener.getsockname())
        try:
            yield f"http://127.0.0.1:{listener.getsockname()[1]}"
        finally:
            for waiting in queued:
                waiting.close()


@contextmanager
def never_shakes_hands() -> Iterator[str]:
    """Connects, then never answers the TLS ClientHello."""
    network.tls()  # the CA bundle, loaded once per process, not inside the short deadline
    with serve(lambda conn, stop: None) as server:
        yield server.url.replace("http://", "https://")


# httpx's async transport, cancelled during the TLS handshake, leaves its socket to the garbage
# collector (httpcore 1.0.9 on anyio): collected here, its ResourceWarning is not another test's.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("where", [never_connects, never_shakes_hands])
@pytest.mark.parametrize("mode", MODES)
def test_a_deadline_before_the_request_was_written_says_not_sent(
    where: Callable[[], contextlib.AbstractContextManager[str]], mode: str
) -> None:
    with where() as url:
        retries = bingx_spot.Retries(deadline=SHORT, max_retries=0)
        error, took = timed(url, mode, retries=retries)
    gc.collect()

    assert isinstance(error, bingx_spot.RequestTimeoutError), repr(error)
    assert not error.sent
    assert took < SHORT + GRACE


def secret_texts(error: BaseException) -> Iterator[str]:
    try:
        raise error
    except BaseException:
        yield traceback.format_exc()
    seen: BaseException | None = error
    while seen is not None:
        yield str(seen)
        yield repr(seen)
        yield repr(seen.args)
        yield repr(vars(seen))
        yield repr(pickle.dumps(seen))
        seen = seen.__cause__ or seen.__context__


@pytest.mark.parametrize("mode", MODES)
def test_no_error_of_a_hostile_server_holds_a_secret(mode: str) -> None:
    behaviours = [drip_headers, endless, bomb, *BROKEN.values()]
    texts: list[str] = []
    for behave in behaviours:
        with serve(behave) as server:
            # Retried at once, the drip cut short: each error as the last of its attempts. Only
            # the drip waits for its deadline; the others end at once.
            deadline = SHORT if behave is drip_headers else DEADLINE
            retries = bingx_spot.Retries(deadline=deadline, backoff=0.001)
            error = call(server.url, mode, retries=retries)
            texts.extend(secret_texts(error))
            [head, *_] = server.requests
            signature = head.split(b"signature=", 1)[1][:64].decode()
            assert all(signature not in text for text in texts)

    for text in texts:
        assert KEY[4:] not in text
        assert SECRET not in text
        assert "signature=" not in text
        assert "timestamp=" not in text


def test_outside_asyncio_the_deadline_is_anyio_s(monkeypatch: pytest.MonkeyPatch) -> None:
    # trio is not installed here: anyio's cancel scope, which trio would use, runs on asyncio.
    monkeypatch.setattr(transport, "_on_asyncio", lambda: False)
    with serve(drip_body) as server:
        error, took = timed(server.url, "httpx", retries=bingx_spot.Retries(deadline=SHORT))

        assert isinstance(error, bingx_spot.RequestTimeoutError), repr(error)
        assert took < SHORT + GRACE
