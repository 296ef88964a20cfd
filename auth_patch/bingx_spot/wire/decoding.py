"""Content-Encoding undone layer by layer, each layer's output capped.

httpx unpacks each layer of ``Content-Encoding: gzip, gzip`` in one step: a few kB of the outer
layer yield the whole inner one, which then unpacks at once to all it holds (1.9 kB on the wire,
1 GiB in memory). Here every layer hands on at most :data:`PIECE` bytes at a time (zlib's
``max_length``) and refuses more than the cap in all, so no layer holds more than the cap plus
one piece, and the work ends once the cap is passed.

Only what the client asks for (:data:`ACCEPTED`) is decoded; a body in another encoding, or in
more than :data:`MAX_LAYERS`, is handed on as it came (as httpx does with an encoding it does not
know): it is no JSON, and the status decides what it is.
"""

import zlib
from collections.abc import Iterator

import httpx

__all__ = ["ACCEPTED", "MAX_LAYERS", "PIECE", "Decoder", "TooBig"]

ACCEPTED = "gzip, deflate"
MAX_LAYERS = 3  # a server compresses once; urllib3 refuses more than 5
PIECE = 64 * 1024


class TooBig(Exception):
    """A body, or a layer of it, past the cap; ``start``: what came of it first, if anything."""

    def __init__(self, start: bytes = b"") -> None:
        super().__init__()
        self.start = start


class _Layer:
    def __init__(self, name: str, limit: int) -> None:
        self._deflate = name == "deflate"
        # gzip: its header; deflate: zlib's, or (as httpx allows) none, tried on the first error.
        self._unpack = zlib.decompressobj(zlib.MAX_WBITS | 16 if name == "gzip" else zlib.MAX_WBITS)
        self._first = True
        self._left = limit

    def feed(self, data: bytes) -> Iterator[bytes]:
        while not self._unpack.eof:
            out = self._decompress(data)
            if out:
                yield self._counted(out)
            data = self._unpack.unconsumed_tail
            if not data and len(out) < PIECE:  # a full piece may leave more to come out
                return

    def flush(self) -> Iterator[bytes]:
        yield from self.feed(b"")

    def _decompress(self, data: bytes) -> bytes:
        first = self._first
        self._first = self._first and not data
        try:
            return self._unpack.decompress(data, PIECE)
        except zlib.error as exc:
            if first and self._deflate:
                self._unpack = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._decompress(data)
            raise httpx.DecodingError(str(exc)) from None

    def _counted(self, out: bytes) -> bytes:
        self._left -= len(out)
        if self._left < 0:
            raise TooBig
        return out


class Decoder:
    """The body behind ``encodings`` (a Content-Encoding value), from its raw pieces; raises
    :class:`TooBig` as soon as a layer's output passes ``limit`` bytes, and
    ``httpx.DecodingError`` for data its encoding cannot hold."""

    def __init__(self, encodings: str, limit: int) -> None:
        names = [name.strip().lower() for name in encodings.split(",")]
        names = [name for name in names if name not in ("", "identity")]
        known = len(names) <= MAX_LAYERS and all(name in ("gzip", "deflate") for name in names)
        # The encoding applied last is undone first.
        self._layers = [_Layer(name, limit) for name in reversed(names)] if known else []

    def feed(self, data: bytes) -> Iterator[bytes]:
        yield from self._through(0, data)

    def flush(self) -> Iterator[bytes]:
        for depth, layer in enumerate(self._layers):
            for piece in layer.flush():
                yield from self._through(depth + 1, piece)

    def _through(self, depth: int, data: bytes) -> Iterator[bytes]:
        if depth == len(self._layers):
            if data:
                yield data
            return
        for piece in self._layers[depth].feed(data):
            yield from self._through(depth + 1, piece)
