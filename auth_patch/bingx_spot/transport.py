"""The transport the client layer installs: one object for the sync and the async client.

It runs the retry plan (:mod:`bingx_spot.retry`) over the inner transport, so every answer is
checked and every failure becomes a :class:`~bingx_spot.BingXError` before httpx returns. Network
errors name the operation's path only: httpx's own would lead back to the signed URL.
"""

import asyncio
import threading
import time
from collections.abc import Callable

import httpx

from . import spec
from .auth import BingXAuth
from .errors import NetworkError, RequestTimeoutError
from .ratelimit import Budget
from .retry import Call, Outcome, Plan, Retries, Wait, plan

__all__ = ["Transport"]

# The request never left: safe to send again whatever the operation.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _network_error(exc: httpx.TransportError, request: httpx.Request) -> NetworkError:
    cls = RequestTimeoutError if isinstance(exc, httpx.TimeoutException) else NetworkError
    reason = str(exc) or type(exc).__name__
    return cls(
        f"{request.method} {request.url.path}: {type(exc).__name__}: {reason}",
        sent=not isinstance(exc, _NOT_SENT),
    )


async def _run(call: Call) -> object:
    if not call.io:
        return call.run()
    import anyio.to_thread  # noqa: PLC0415

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
    """Wraps ``inner`` (sync, async or both); without one, httpx's own, made on first use."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport | None,
        *,
        auth: BingXAuth,
        retries: Retries,
        budget: Budget | None = None,
        who: str = "",
        make_async: Callable[[], httpx.AsyncBaseTransport] = httpx.AsyncHTTPTransport,
    ) -> None:
        self._sync = inner if isinstance(inner, httpx.BaseTransport) else None
        self._async = inner if isinstance(inner, httpx.AsyncBaseTransport) else None
        self._custom = inner is not None
        self._make_async = make_async
        self._lock = threading.Lock()
        self._auth = auth
        self._retries = retries
        self._budget = budget
        self._who = who
        self._spec = spec.load()

    def _plan(self, request: httpx.Request) -> Plan:
        return plan(
            request,
            auth=self._auth,
            spec=self._spec,
            retries=self._retries,
            budget=self._budget,
            who=self._who,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        steps = self._plan(request)
        step = next(steps)
        try:
            while True:
                if isinstance(step, Wait):
                    time.sleep(step.seconds)
                    step = steps.send(None)
                elif isinstance(step, Call):
                    step = steps.send(step.run())
                else:
                    step = steps.send(self._send(step.request))
        except StopIteration as done:
            response: httpx.Response = done.value
            return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        steps = self._plan(request)
        step = next(steps)
        try:
            while True:
                if isinstance(step, Wait):
                    import anyio  # noqa: PLC0415 - only waits need it; asyncio or trio

                    await anyio.sleep(step.seconds)
                    step = steps.send(None)
                elif isinstance(step, Call):
                    step = steps.send(await _run(step))
                else:
                    step = steps.send(await self._asend(step.request))
        except StopIteration as done:
            response: httpx.Response = done.value
            return response

    def _send(self, request: httpx.Request) -> Outcome:
        try:
            response = self._sync_inner().handle_request(request)
            response.read()
        except httpx.TransportError as exc:
            return _network_error(exc, request)
        return response

    async def _asend(self, request: httpx.Request) -> Outcome:
        try:
            response = await self._async_inner().handle_async_request(request)
            await response.aread()
        except httpx.TransportError as exc:
            return _network_error(exc, request)
        return response

    def _sync_inner(self) -> httpx.BaseTransport:
        if self._sync is None:
            with self._lock:
                if self._sync is None:
                    self._check_custom("sync")
                    self._sync = httpx.HTTPTransport()
        return self._sync

    def _async_inner(self) -> httpx.AsyncBaseTransport:
        if self._async is None:
            with self._lock:
                if self._async is None:
                    self._check_custom("async")
                    self._async = self._make_async()
        return self._async

    def _check_custom(self, kind: str) -> None:
        if self._custom:
            raise TypeError(f"the transport given to make_client cannot serve the {kind} client")

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
