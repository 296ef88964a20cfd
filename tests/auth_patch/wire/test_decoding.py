"""Content-Encoding undone a capped piece at a time, each layer on its own."""

import gzip
import zlib

import httpx
import pytest

from bingx_spot.testing.raw_faults import bomb
from bingx_spot.wire.decoding import MAX_LAYERS, PIECE, Decoder, TooBig

BODY = b'{"code":0,"msg":"","data":{"orders":[]}}' * 100


def deflate_raw(data: bytes) -> bytes:
    pack = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return pack.compress(data) + pack.flush()


def decoded(encodings: str, body: bytes, limit: int = 1 << 22, size: int = 7) -> bytes:
    decoder = Decoder(encodings, limit)
    out = [
        piece for at in range(0, len(body), size) for piece in decoder.feed(body[at : at + size])
    ]
    return b"".join([*out, *decoder.flush()])


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)  # the same bytes in every process: tests collect alike


@pytest.mark.parametrize(
    ("encodings", "body"),
    [
        ("gzip", gzipped(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", deflate_raw(BODY)),  # no zlib header, as some servers send it
        ("gzip, gzip", gzipped(gzipped(BODY))),
        ("GZIP ,deflate", zlib.compress(gzipped(BODY))),
        ("identity", BODY),
        ("", BODY),
    ],
    ids=["gzip", "deflate", "raw deflate", "gzip twice", "gzip then deflate", "identity", "none"],
)
def test_each_layer_is_undone_last_first(encodings: str, body: bytes) -> None:
    assert decoded(encodings, body) == BODY


@pytest.mark.parametrize("encodings", ["br", "zstd", ", ".join(["gzip"] * (MAX_LAYERS + 1))])
def test_an_encoding_not_undone_here_is_handed_on_as_it_came(encodings: str) -> None:
    assert decoded(encodings, b"\x1f\x8b...") == b"\x1f\x8b..."


@pytest.mark.parametrize("layers", [1, 2, 3])
def test_no_layer_holds_more_than_the_cap_and_a_piece(layers: int) -> None:
    body = bomb(64)  # 64 MiB of zeros
    for _ in range(layers - 1):
        body = gzipped(body)
    pieces: list[int] = []

    def read() -> None:
        for piece in Decoder(", ".join(["gzip"] * layers), 1 << 20).feed(body):
            pieces.append(len(piece))

    with pytest.raises(TooBig):
        read()
    assert max(pieces) <= PIECE
    assert sum(pieces) <= 1 << 20


def test_a_layer_past_the_cap_is_refused_though_the_body_is_not() -> None:
    # Empty deflate blocks unpack to nothing: the outer layer alone is what is too long.
    empty = b"\x00\x00\x00\xff\xff" * (1 << 20)  # stored blocks of no bytes
    with pytest.raises(TooBig):
        decoded("deflate, gzip", gzipped(empty), limit=1 << 20, size=1 << 20)


def test_data_that_is_not_its_encoding_is_a_decoding_error() -> None:
    with pytest.raises(httpx.DecodingError):
        decoded("gzip", b"not gzip at all")
