"""The transport the client layer installs: one object for the sync and the async client.

It turns httpx's network exceptions into :class:`~bingx_spot.NetworkError` with a message that
names the operation's path only (httpx's own would lead back to the signed URL).
"""

import threading

import httpx

from .errors import NetworkError, RequestTimeoutError

__all__ = ["Transport"]


def _network_error(exc: httpx.TransportError, request: httpx.Request) -> NetworkError:
    cls = RequestTimeoutError if isinstance(exc, httpx.TimeoutException) else NetworkError
    reason = str(exc) or type(exc).__name__
    return cls(f"{request.method} {request.url.path}: {type(exc).__name__}: {reason}")


class Transport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Wraps ``inner`` (sync, async or both); without one, httpx's own, made on first use."""

    def __init__(self, inner: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None) -> None:
        self._sync = inner if isinstance(inner, httpx.BaseTransport) else None
        self._async = inner if isinstance(inner, httpx.AsyncBaseTransport) else None
        self._custom = inner is not None
        self._lock = threading.Lock()

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
                    self._async = httpx.AsyncHTTPTransport()
        return self._async

    def _check_custom(self, kind: str) -> None:
        if self._custom:
            raise TypeError(f"the transport given to make_client cannot serve the {kind} client")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._sync_inner().handle_request(request)
        except httpx.TransportError as exc:
            raise _network_error(exc, request) from exc

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._async_inner().handle_async_request(request)
        except httpx.TransportError as exc:
            raise _network_error(exc, request) from exc

    def close(self) -> None:
        if self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        if self._async is not None:
            await self._async.aclose()
