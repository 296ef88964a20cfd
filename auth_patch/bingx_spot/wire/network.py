"""What reaches the sockets: the sync transport with a wall-clock deadline, and proxy choice.

httpx's timeouts bound each read, so a server sending one byte a second keeps a call alive as
long as it likes. The sync transport here is httpcore's pool on a network backend that cuts
every connect, read and write to what is left before ``DEADLINE`` (a context variable the
transport sets around each attempt; ``time.monotonic()`` seconds). Async attempts are bounded by
a cancel scope instead (``transport.py``), which covers aiohttp too.

Whether a failed attempt may have written its request is told by the backends themselves, not
guessed from the exception (an async deadline ends every phase with the same ``TimeoutError``):
httpcore's ``trace`` extension (:func:`trace`, :func:`atrace`) and aiohttp's ``TraceConfig``
(:func:`aiohttp_session`) mark the attempt's :class:`Writes`, in ``WRITES``.

Proxies are chosen per URL as httpx chooses them by default: ``HTTPS_PROXY``, ``HTTP_PROXY``,
``ALL_PROXY`` and ``NO_PROXY`` (read once, when the client is made), unless one proxy is given
for everything.
"""

import functools
import ssl
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

from .responses import JudgedResponse

__all__ = [
    "DEADLINE",
    "WRITES",
    "WRITTEN_AT",
    "Proxies",
    "SyncTransport",
    "Writes",
    "aiohttp_session",
    "atrace",
    "context",
    "tls",
    "trace",
]

DEADLINE: ContextVar[float | None] = ContextVar("bingx_spot_deadline", default=None)


class Writes:
    """Whether an attempt may have written its request: ``started`` is set when httpcore starts
    writing its headers, or when aiohttp has a connection for it (it writes at once then);
    ``at``: when (``time.time()``), what the rate budget counts the request by."""

    __slots__ = ("at", "started")

    def __init__(self) -> None:
        self.started = False
        self.at: float | None = None


WRITES: ContextVar[Writes | None] = ContextVar("bingx_spot_writes", default=None)
WRITTEN_AT = "bingx_spot.written_at"  # a response's extension: when its request was written


def _started() -> None:
    writes = WRITES.get()
    if writes is not None:
        writes.started = True
        writes.at = writes.at or time.time()


def trace(name: str, info: dict[str, Any]) -> None:
    """httpcore's ``trace`` extension, sync (``http11.send_request_headers.started``, ...)."""
    if name.endswith(".send_request_headers.started"):
        _started()


async def atrace(name: str, info: dict[str, Any]) -> None:
    """httpcore's ``trace`` extension, async."""
    trace(name, info)


async def _connected(*_: object) -> None:
    _started()


def aiohttp_session(ssl_context: ssl.SSLContext) -> Any:
    """The session httpx-aiohttp's transport would make (its defaults: 100 connections, 5 s
    keep-alive), which also tells ``WRITES`` when a request has its connection."""
    import aiohttp  # noqa: PLC0415 - an optional extra

    hooks = aiohttp.TraceConfig()
    hooks.on_connection_create_end.append(_connected)
    hooks.on_connection_reuseconn.append(_connected)
    connector = aiohttp.TCPConnector(keepalive_timeout=5.0, ssl=ssl_context, limit=100)
    return aiohttp.ClientSession(connector=connector, trace_configs=[hooks])


def _left(timeout: float | None) -> float | None:
    deadline = DEADLINE.get()
    if deadline is None:
        return timeout
    left = max(deadline - time.monotonic(), 0.001)  # 0 would make the socket non-blocking
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, _left(timeout), local_address, socket_options)
        return _Stream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Body(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


@functools.cache
def tls() -> ssl.SSLContext:
    """httpx's default TLS context, made once per process and shared by every transport: loading
    the CA bundle takes tens of milliseconds, which each client would otherwise pay again."""
    return httpx.create_ssl_context()


@functools.cache
def _untrusting() -> ssl.SSLContext:
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, and trusts no certificate


def context(secure: bool) -> ssl.SSLContext:
    """The context of a transport for https URLs (``secure``) or for http ones. An http one
    makes no TLS connection to its target, so it gets one that loads no CA file and trusts
    nothing: an unreadable ``SSL_CERT_FILE`` then fails https calls only."""
    return tls() if secure else _untrusting()


def _core_url(url: httpx.URL) -> httpcore.URL:
    return httpcore.URL(
        scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
    )


class SyncTransport(httpx.BaseTransport):
    """httpx's own sync transport (HTTP/1.1, the same limits), ended by ``DEADLINE``. Errors are
    httpcore's, not mapped to httpx's: the caller maps every exception to a BingXError."""

    def __init__(self, proxy: str | None = None, ssl_context: ssl.SSLContext | None = None) -> None:
        ssl_context = ssl_context if ssl_context is not None else tls()
        self._pool: httpcore.ConnectionPool
        if proxy is None:
            self._pool = httpcore.ConnectionPool(
                ssl_context=ssl_context,
                max_connections=100,  # httpx's defaults
                max_keepalive_connections=20,
                keepalive_expiry=5.0,
                network_backend=_Backend(),
            )
        else:
            via = httpx.Proxy(proxy)
            self._pool = httpcore.HTTPProxy(
                proxy_url=_core_url(via.url),
                proxy_auth=via.raw_auth,
                proxy_headers=via.headers.raw,
                ssl_context=ssl_context,
                proxy_ssl_context=via.ssl_context,
                max_connections=100,
                max_keepalive_connections=20,
                keepalive_expiry=5.0,
                network_backend=_Backend(),
            )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        answer = self._pool.handle_request(
            httpcore.Request(
                method=request.method,
                url=_core_url(request.url),
                headers=request.headers.raw,
                content=request.stream,
                extensions=request.extensions,
            )
        )
        assert isinstance(answer.stream, Iterable)
        return JudgedResponse(
            answer.status,
            headers=answer.headers,
            stream=_Body(answer.stream),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class Proxies:
    """The proxy each URL goes through: ``proxy`` for every URL, else the environment's."""

    def __init__(self, proxy: str | None = None) -> None:
        self._proxy = proxy
        self._env = {} if proxy else urllib.request.getproxies_environment()
        self._chosen: dict[tuple[str, str, int | None], str | None] = {}

    def check(self) -> str | None:
        """What is wrong with a proxy that would be used, or ``None``."""
        used = ("http", "https", "all")  # FTP_PROXY and the like never apply here
        named = [self._proxy] if self._proxy else [v for k, v in self._env.items() if k in used]
        for url in named:
            try:
                scheme = httpx.URL(_with_scheme(url)).scheme
            except (httpx.InvalidURL, TypeError):
                scheme = ""
            if scheme not in ("http", "https"):
                return "a proxy must be an http:// or https:// URL"
        return None

    def __call__(self, url: httpx.URL) -> str | None:
        if self._proxy or not self._env:
            return self._proxy
        key = (url.scheme, url.host, url.port)
        if key not in self._chosen:
            found = self._env.get(url.scheme) or self._env.get("all")
            host = url.host if url.port is None else f"{url.host}:{url.port}"
            bypass = found and urllib.request.proxy_bypass_environment(host, self._env)  # type: ignore[attr-defined]
            self._chosen[key] = None if not found or bypass else _with_scheme(found)
        return self._chosen[key]


def _with_scheme(url: str) -> str:
    return url if "://" in url else f"http://{url}"  # as httpx reads HTTP_PROXY=host:port
