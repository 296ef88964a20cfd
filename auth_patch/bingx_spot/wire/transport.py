"""The transport the client layer installs: one object for the sync and the async client.

It runs the retry plan (:mod:`bingx_spot.wire.retry`) over the inner transport, so every answer is
checked and every failure becomes a :class:`~bingx_spot.BingXError` before httpx returns.

- The call's deadline (``Retries.deadline``) is a wall-clock limit on the whole call, reading
  included: sync attempts through :class:`~bingx_spot.wire.network.SyncTransport`, whose sockets end
  by it; async attempts, whatever the backend, inside a cancel scope that ends by it.
- Bodies are read as a stream and refused past ``max_bytes``, on the wire and after each layer
  of decompression (:mod:`bingx_spot.wire.decoding`); only the encodings it undoes are asked for.
- Any exception of an inner transport becomes a NetworkError naming the method, the path and
  the exception's type only: the exceptions themselves hold the signed URL, some the key header.
- The inner transport is picked per URL by its proxy (:class:`~bingx_spot.wire.network.Proxies`),
  and, async, per event loop: an aiohttp session serves only the loop it was made on, so a
  client used from one ``asyncio.run`` after another gets fresh ones on each loop.
"""

import asyncio
import ssl
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import anyio
import anyio.to_thread
import httpcore
import httpx

from ..errors import NetworkError, RequestTimeoutError, ResponseError
from . import decoding, responses, spec
from .auth import BingXAuth
from .decoding import Decoder, TooBig
from .logs import logger
from .network import (
    DEADLINE,
    WRITES,
    WRITTEN_AT,
    Proxies,
    SyncTransport,
    Writes,
    atrace,
    context,
    trace,
)
from .ratelimit import Account
from .retry import Call, Outcome, Plan, Retries, Wait, plan

__all__ = ["MAX_RESPONSE_BYTES", "Transport"]

MAX_RESPONSE_BYTES = 4 * 1024 * 1024

# The request never left: safe to send again whatever the operation.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpcore.ConnectError,
    httpcore.ConnectTimeout,
    httpcore.PoolTimeout,
)
_TIMEOUTS = (httpx.TimeoutException, httpcore.TimeoutException, TimeoutError)
_DECODED = (b"content-encoding", b"content-length", b"transfer-encoding")
# What an inner transport serves: the proxy (None: direct), and https URLs or http ones.
Route = tuple[str | None, bool]


def _from_aiohttp(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("aiohttp")


def _no_tls(exc: OSError, request: httpx.Request) -> NetworkError:
    return NetworkError(
        f"{request.method} {request.url.path}: no TLS context ({type(exc).__name__}); are "
        "SSL_CERT_FILE and SSL_CERT_DIR readable?",
        sent=False,
    )


def _failure(exc: Exception, request: httpx.Request, writes: Writes | None) -> NetworkError:
    # httpx-aiohttp maps aiohttp's exceptions to httpx's loosely (a reset after sending becomes
    # ConnectTimeout): judge by aiohttp's own.
    cause = exc.__cause__
    origin = cause if cause is not None and _from_aiohttp(cause) else exc
    cls = RequestTimeoutError if isinstance(origin, _TIMEOUTS) else NetworkError
    # What the backend told (None: a transport of the caller's, which tells nothing) wins over
    # the exception's type: a deadline ends a connect and a read with the same TimeoutError.
    sent = _sent(origin) and (writes is None or writes.started)
    return cls(f"{request.method} {request.url.path}: {type(origin).__name__}", sent=sent)


def _traced(request: httpx.Request, hook: object, custom: bool) -> Writes | None:
    """A fresh record of what this attempt writes, when the backend is ours and tells it."""
    if custom or request.extensions.get("trace", hook) is not hook:
        return None  # the caller's transport, or the caller's own trace
    request.extensions["trace"] = hook
    return Writes()


def _stamped(outcome: Outcome, writes: Writes | None) -> Outcome:
    """The answer, with when its request was written (:data:`WRITTEN_AT`), when the backend
    told it: the rate budget counts a request from then, not from its start."""
    if isinstance(outcome, httpx.Response) and writes is not None and writes.at is not None:
        outcome.extensions[WRITTEN_AT] = writes.at
    return outcome


def _sent(exc: BaseException) -> bool:
    """False only when the request surely never left: a refused or timed-out connect."""
    if isinstance(exc, _NOT_SENT):
        return False
    if _from_aiohttp(exc):
        import aiohttp  # noqa: PLC0415 - loaded already: exc is one of its exceptions

        return not isinstance(exc, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError)
    return True


def _on_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _loop() -> object:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None  # trio: one set of transports


def _ended(loop: object) -> bool:
    return isinstance(loop, asyncio.AbstractEventLoop) and loop.is_closed()


def _abandon(inner: httpx.AsyncBaseTransport) -> None:
    """Lets go of a transport whose event loop has ended: it can no longer be closed the usual
    way. An aiohttp session is marked closed (its connector's ``_close`` does nothing else once
    the loop is closed), or it would warn "Unclosed client session" into a later run."""
    session: Any = getattr(inner, "client", None)
    connector: Any = getattr(session, "connector", None)
    close = getattr(connector, "_close", None)
    if callable(close):
        close()


def _log_wait(wait: Wait) -> None:
    logger.info(
        "waiting %.2f s: %s", wait.seconds, wait.reason, extra={"wait_seconds": wait.seconds}
    )


async def _run(call: Call) -> object:
    if not call.io:
        return call.run()
    # A Redis round trip, off the event loop. A cancelled call waits for it to end rather than
    # leave it running: every storage operation ends within its timeout (storage.CAP). Under
    # trio, anyio's wait for the thread is shielded already; asyncio's own cancellation
    # (asyncio.wait_for, task.cancel()) passes anyio's shield, so it is shielded here.
    work = anyio.to_thread.run_sync(call.run)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return await work
    future = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        await asyncio.wait([future])
        raise


class Transport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps ``inner`` (sync, async or both); without one, httpx's own (sync: with a deadline)
    per route (proxy, and https or not), made on first use. ``make_async(proxy, ssl_context)``
    makes the async one."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
        *,
        auth: BingXAuth,
        retries: Retries,
        budget: Account | None = None,
        make_async: Callable[[str | None, ssl.SSLContext], httpx.AsyncBaseTransport] = (
            lambda proxy, tls: httpx.AsyncHTTPTransport(verify=tls, proxy=proxy)
        ),
        proxies: Proxies | None = None,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._custom_sync = inner if isinstance(inner, httpx.BaseTransport) else None
        self._custom_async = inner if isinstance(inner, httpx.AsyncBaseTransport) else None
        self._custom = inner is not None
        self._syncs: dict[Route, httpx.BaseTransport] = {}
        # Per event loop (None: not asyncio), then per route.
        self._asyncs: dict[object, dict[Route, httpx.AsyncBaseTransport]] = {}
        self._make_async = make_async
        self._proxies = proxies if proxies is not None else Proxies()
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._auth = auth
        self._retries = retries
        self._budget = budget
        self._spec = spec.load()

    def _plan(self, request: httpx.Request) -> Plan:
        # httpx asks for every encoding it has a library for; only these are decoded here.
        request.headers["Accept-Encoding"] = decoding.ACCEPTED
        return plan(
            request,
            auth=self._auth,
            spec=self._spec,
            retries=self._retries,
            budget=self._budget,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self._retries.deadline
        steps = self._plan(request)
        step = next(steps)
        try:
            while True:
                if isinstance(step, Wait):
                    _log_wait(step)
                    time.sleep(step.seconds)
                    step = steps.send(None)
                elif isinstance(step, Call):
                    step = steps.send(step.run())
                else:
                    step = steps.send(self._send(step.request, deadline))
        except StopIteration as done:
            response: httpx.Response = done.value
            return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self._retries.deadline
        steps = self._plan(request)
        step = next(steps)
        try:
            while True:
                if isinstance(step, Wait):
                    _log_wait(step)
                    await anyio.sleep(step.seconds)
                    step = steps.send(None)
                elif isinstance(step, Call):
                    step = steps.send(await _run(step))
                else:
                    step = steps.send(await self._asend(step.request, deadline))
        except StopIteration as done:
            response: httpx.Response = done.value
            return response

    def _send(self, request: httpx.Request, deadline: float) -> Outcome:
        try:
            inner = self._sync_inner(request.url)
        except OSError as exc:  # ssl.SSLError too
            return _no_tls(exc, request)
        writes = _traced(request, trace, self._custom)
        token = DEADLINE.set(deadline)
        wrote = WRITES.set(writes)
        try:
            response = inner.handle_request(request)
            try:
                return _stamped(self._read(response, request), writes)
            finally:
                response.close()
        except Exception as exc:  # any backend's, mapped; BaseException (cancel, ^C) passes
            return _failure(exc, request, writes)
        finally:
            WRITES.reset(wrote)
            DEADLINE.reset(token)

    async def _asend(self, request: httpx.Request, deadline: float) -> Outcome:
        try:
            inner = self._async_inner(request.url)
        except OSError as exc:  # ssl.SSLError too
            return _no_tls(exc, request)
        left = max(deadline - time.monotonic(), 0.0)
        writes = _traced(request, atrace, self._custom)
        wrote = WRITES.set(writes)
        try:
            if _on_asyncio():  # asyncio's own timeout costs a third of anyio's
                async with asyncio.timeout(left):
                    return _stamped(await self._attempt(inner, request), writes)
            with anyio.fail_after(left):
                return _stamped(await self._attempt(inner, request), writes)
        except Exception as exc:  # any backend's, mapped; BaseException (cancel, ^C) passes
            return _failure(exc, request, writes)
        finally:
            WRITES.reset(wrote)

    async def _attempt(
        self, inner: httpx.AsyncBaseTransport, request: httpx.Request
    ) -> httpx.Response | ResponseError:
        response = await inner.handle_async_request(request)
        try:
            return await self._aread(response, request)
        finally:
            await response.aclose()

    def _read(
        self, response: httpx.Response, request: httpx.Request
    ) -> httpx.Response | ResponseError:
        if response.is_stream_consumed:
            return self._held(response, request)
        decoder = self._limit(response)
        if decoder is None:
            response.read()
            return response
        chunks: list[bytes] = []
        try:
            for raw in response.iter_raw():
                chunks.extend(decoder.feed(raw))  # kept so far if it raises
            chunks.extend(decoder.flush())
        except TooBig as big:
            return self._too_big(response, request, chunks[0] if chunks else big.start)
        return _decoded(response, request, chunks)

    async def _aread(
        self, response: httpx.Response, request: httpx.Request
    ) -> httpx.Response | ResponseError:
        if response.is_stream_consumed:
            return self._held(response, request)
        decoder = self._limit(response)
        if decoder is None:
            await response.aread()
            return response
        chunks: list[bytes] = []
        try:
            async for raw in response.aiter_raw():
                chunks.extend(decoder.feed(raw))  # kept so far if it raises
            chunks.extend(decoder.flush())
        except TooBig as big:
            return self._too_big(response, request, chunks[0] if chunks else big.start)
        return _decoded(response, request, chunks)

    def _held(
        self, response: httpx.Response, request: httpx.Request
    ) -> httpx.Response | ResponseError:
        """An answer a transport hands over read already (``httpx.Response(content=...)``): in
        memory, decoded by httpx; only its length is left to check."""
        body = response.content
        if len(body) > self._max_bytes:
            return self._too_big(response, request, body)
        return _decoded(response, request, [body])

    def _limit(self, response: httpx.Response) -> Decoder | None:
        """Caps the raw body and gives the decoder that caps every layer of it, unless httpx's own
        reading of it needs no cap."""
        headers = response.headers
        encodings = headers.get("content-encoding", "")
        if not (encodings or self._custom) and _declared(headers) <= self._max_bytes:
            return None  # our backends read no more than the Content-Length they were told
        response.stream = _Limited(response.stream, self._max_bytes)
        return Decoder(encodings, self._max_bytes)

    def _too_big(
        self, response: httpx.Response, request: httpx.Request, start: bytes
    ) -> httpx.Response | ResponseError:
        if response.status_code != 200:
            # The status decides (a 429 stays a rate limit, a 5xx a server failure); the start
            # of the body is all a message shows.
            return _decoded(response, request, [start[: self._max_bytes]])
        return ResponseError(
            f"{request.method} {request.url.path}: the body is over {self._max_bytes} bytes",
            status_code=response.status_code,
            content_type=response.headers.get("content-type", ""),
            snippet=responses.snippet(start, self._auth.redact),
        )

    def _sync_inner(self, url: httpx.URL) -> httpx.BaseTransport:
        if self._custom_sync is not None:
            return self._custom_sync
        route = self._route(url)
        inner = self._syncs.get(route)
        if inner is None:
            with self._lock:
                self._check_custom("sync")
                if route not in self._syncs:
                    self._syncs[route] = SyncTransport(route[0], context(route[1]))
                inner = self._syncs[route]
        return inner

    def _async_inner(self, url: httpx.URL) -> httpx.AsyncBaseTransport:
        if self._custom_async is not None:
            return self._custom_async
        route = self._route(url)
        loop = _loop()
        inner = self._asyncs.get(loop, {}).get(route)
        if inner is None:
            with self._lock:
                self._check_custom("async")
                if loop not in self._asyncs:
                    self._forget_ended_loops()
                mine = self._asyncs.setdefault(loop, {})
                if route not in mine:
                    mine[route] = self._make_async(route[0], context(route[1]))
                inner = mine[route]
        return inner

    def _route(self, url: httpx.URL) -> Route:
        return self._proxies(url), url.scheme == "https"

    def _forget_ended_loops(self) -> None:
        for loop in [loop for loop in self._asyncs if _ended(loop)]:
            for inner in self._asyncs.pop(loop).values():
                _abandon(inner)

    def _check_custom(self, kind: str) -> None:
        if self._custom:
            raise TypeError(f"the transport given to make_client cannot serve the {kind} client")

    def close(self) -> None:
        for inner in [self._custom_sync, *self._syncs.values()]:
            if inner is not None:
                inner.close()

    async def aclose(self) -> None:
        # Only this loop's transports can be closed here; those of loops that ended are let go.
        with self._lock:
            mine = self._asyncs.pop(_loop(), {})
            self._forget_ended_loops()
        for inner in [self._custom_async, *mine.values()]:
            if inner is not None:
                await inner.aclose()


class _Limited(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A raw body refused past ``limit`` bytes."""

    def __init__(self, inner: httpx.SyncByteStream | httpx.AsyncByteStream, limit: int) -> None:
        self._inner = inner
        self._left = limit

    def _counted(self, chunk: bytes) -> bytes:
        self._left -= len(chunk)
        if self._left < 0:
            raise TooBig(chunk)
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        assert isinstance(self._inner, httpx.SyncByteStream)
        for chunk in self._inner:
            yield self._counted(chunk)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        assert isinstance(self._inner, httpx.AsyncByteStream)
        async for chunk in self._inner:
            yield self._counted(chunk)

    def close(self) -> None:
        assert isinstance(self._inner, httpx.SyncByteStream)
        self._inner.close()

    async def aclose(self) -> None:
        assert isinstance(self._inner, httpx.AsyncByteStream)
        await self._inner.aclose()


def _declared(headers: httpx.Headers) -> float:
    """The Content-Length, or infinity when there is none or it is not a plain number."""
    value = headers.get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() else float("inf")


def _decoded(
    response: httpx.Response, request: httpx.Request, chunks: list[bytes]
) -> httpx.Response:
    """The answer with its body read and decoded: the encoding headers no longer apply."""
    headers = [(k, v) for k, v in response.headers.raw if k.lower() not in _DECODED]
    return responses.JudgedResponse(
        response.status_code,
        headers=headers,
        content=b"".join(chunks),
        request=request,
        extensions=response.extensions,
    )
