"""Faults of the wire itself: answers that drip, never end, unpack to gigabytes or are not HTTP.

Over loopback (:class:`~bingx_spot.testing.server.LocalServer`) each writes raw bytes to the
socket, as a hostile server or a broken proxy would, so a client's own HTTP stack meets them. In
process (:meth:`LocalExchange.transport`) each stands for the same thing as closely as an httpx
response can: a stream that sleeps or never ends, a compressed body, a protocol error.

::

    exchange.inject(raw_faults.drip(1.0))       # the answer leaves one byte a second
    exchange.inject(raw_faults.gzip_bomb())      # 1 MB of gzip that unpacks to 1 GiB
"""

import struct
import time
import zlib
from collections.abc import Callable, Iterator
from functools import cache

import httpx

from .faults import Fault, Reply

__all__ = ["LOOPBACK", "RAW", "bad_content_length", "drip", "endless", "gzip_bomb", "malformed"]

# Set by LocalServer on the requests it hands the exchange: the fault may answer with raw bytes.
LOOPBACK = "bingx_spot.testing.loopback"
# A response extension: the bytes LocalServer writes as they come, before it closes the socket.
RAW = "bingx_spot.testing.raw"

_CHUNK = 65536
_MAX_CHUNKS = 16384  # an endless body ends after 1 GiB all the same: every loop is bounded


def _raw(request: httpx.Request, pieces: Callable[[], Iterator[bytes]]) -> httpx.Response | None:
    if not request.extensions.get(LOOPBACK):
        return None
    return httpx.Response(200, extensions={RAW: pieces()})


def _head(response: httpx.Response, **replace: str) -> bytes:
    """The status line and headers of ``response``, as sent; ``replace`` sets headers."""
    headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length",)}
    headers.update({k.replace("_", "-"): v for k, v in replace.items()})
    lines = [f"HTTP/1.1 {response.status_code} {response.reason_phrase}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def drip(interval: float = 1.0, *, headers: bool = False) -> Fault:
    """Processed; the answer leaves one byte every ``interval`` seconds: its body, or with
    ``headers`` everything from the status line on. A per-read timeout never fires."""
    if not interval >= 0:
        raise ValueError(f"drip: the interval must be a number of seconds >= 0, got {interval}")

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        response = answer()
        body = response.read()

        def slowly(data: bytes) -> Iterator[bytes]:
            for at in range(len(data)):
                time.sleep(interval)
                yield data[at : at + 1]

        def pieces() -> Iterator[bytes]:
            head = _head(response, Content_Length=str(len(body)))
            if headers:
                yield from slowly(head + body)
            else:
                yield head
                yield from slowly(body)

        raw = _raw(request, pieces)
        if raw is not None:
            return raw
        kept = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
        return httpx.Response(response.status_code, headers=kept, content=slowly(body))

    return fault


def endless() -> Fault:
    """An HTTP 200 JSON answer whose body never ends (1 GiB at most); not processed."""
    filler = b" " * _CHUNK

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        def body() -> Iterator[bytes]:
            for _ in range(_MAX_CHUNKS):
                yield filler

        def pieces() -> Iterator[bytes]:
            yield (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
            )
            for chunk in body():
                yield b"%x\r\n%s\r\n" % (len(chunk), chunk)

        raw = _raw(request, pieces)
        if raw is not None:
            return raw
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=body())

    return fault


@cache
def bomb(unpacked_mib: int = 1024) -> bytes:
    """About 1 KB of gzip per MiB it unpacks to (zeros): 1 MB for 1 GiB. Each MiB compresses to
    the same bytes after a sync flush, so it is made in well under a second."""
    pack = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    mib = bytes(1 << 20)
    first = pack.compress(mib) + pack.flush(zlib.Z_SYNC_FLUSH)
    again = pack.compress(mib) + pack.flush(zlib.Z_SYNC_FLUSH)
    crc = 0
    for _ in range(unpacked_mib):
        crc = zlib.crc32(mib, crc)
    size = (unpacked_mib << 20) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    deflated = first + again * (unpacked_mib - 1) + pack.flush()
    return header + deflated + struct.pack("<II", crc, size)


def gzip_bomb(unpacked_mib: int = 1024) -> Fault:
    """An HTTP 200 JSON answer, gzip-encoded, small on the wire and ``unpacked_mib`` MiB once
    unpacked; not processed."""

    body = bomb(unpacked_mib)  # made now, not while a client waits for its answer

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}

        def pieces() -> Iterator[bytes]:
            yield _head(httpx.Response(200, headers=headers), Content_Length=str(len(body)))
            yield body

        raw = _raw(request, pieces)
        if raw is not None:
            return raw
        # As a stream: httpx reads (and unpacks) a body given as bytes when the answer is made.
        return httpx.Response(200, headers=headers, content=iter([body]))

    return fault


def malformed() -> Fault:
    """A status line that is not HTTP; not processed."""
    return _broken(b"HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}", "malformed status line")


def bad_content_length() -> Fault:
    """``Content-Length: zz``; not processed."""
    return _broken(b"HTTP/1.1 200 OK\r\nContent-Length: zz\r\n\r\n{}", "malformed Content-Length")


def _broken(data: bytes, what: str) -> Fault:
    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        raw = _raw(request, lambda: iter([data]))
        if raw is None:  # what httpx's own HTTP parser raises on these bytes
            raise httpx.RemoteProtocolError(what, request=request)
        return raw

    return fault
