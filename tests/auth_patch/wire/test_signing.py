"""Known answers: fixed hex from docs/bingx-facts.md ("Signing"), and from `openssl dgst -sha256
-hmac` for the non-ASCII and `#` symbols. Never a value recomputed with the code under test."""

from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bingx_spot import InvalidArgumentError
from bingx_spot.wire.signing import MAX_CHARS, check, refusal, sign, signature

DOCS_SECRET = "UuGuyEGt6ZEkpUObCYCmIfh0elYsZVh80jlYwpJuRZEw70t6vomMH7Sjmf94ztSI"
LONG_SECRET = "mheO6dR8ovSsxZQCOYEFCtelpuxcWGTfHw7te326y6jOwq5WpvFQ9JNljoTwBXZGv5It07m9RXSPpDQEK2w"


@pytest.mark.parametrize(
    ("params", "secret", "timestamp", "query"),
    [
        pytest.param(
            [("type", "MARKET"), ("symbol", "ETHUSDT"), ("side", "BUY"), ("quoteOrderQty", "20")],
            DOCS_SECRET,
            1649404670162,
            "quoteOrderQty=20&side=BUY&symbol=ETHUSDT&timestamp=1649404670162&type=MARKET"
            "&signature=428a3c383bde514baff0d10d3c20e5adfaacaf799e324546dafe5ccc480dd827",
            id="bingx-2022-docs",
        ),
        pytest.param(
            [("symbol", "BTC-USDT")],
            "testsecret",
            1700000000000,
            "symbol=BTC-USDT&timestamp=1700000000000"
            "&signature=022f7f91226795e6971e22a689b4055b5835472607a4c5601801d689f63e24fa",
            id="ccxt-and-hand-signed",
        ),
        pytest.param(
            [("symbol", "BTC-USDT"), ("recvWindow", "0")],
            LONG_SECRET,
            1696751141337,
            "recvWindow=0&symbol=BTC-USDT&timestamp=1696751141337"
            "&signature=f8d883609dfd31c824feb4de865b071008dedb1d461451fa70847875c8e7a7a2",
            id="recvwindow-zero",
        ),
        pytest.param(
            [("symbol", "MØTH-USDT")],
            "testsecret",
            1700000000000,
            "symbol=M%C3%98TH-USDT&timestamp=1700000000000"
            "&signature=7a8105faed57a4c2eec21109cd51443c0aa2f3a65fe60ce142c81a2c4810431f",
            id="non-ascii-signed-raw-sent-encoded",
        ),
        pytest.param(
            [("symbol", "OTHR#99961-USDT"), ("recvWindow", "5000")],
            "testsecret",
            1700000000000,
            "recvWindow=5000&symbol=OTHR%2399961-USDT&timestamp=1700000000000"
            "&signature=7ca54c269754d1ea36b053379474536e9d860a1c13ba67a2469904a13beffcd6",
            id="hash-sign-signed-raw-sent-encoded",
        ),
    ],
)
def test_known_answers(
    params: list[tuple[str, str]], secret: str, timestamp: int, query: str
) -> None:
    assert sign(params, secret, timestamp) == query


def test_signature_of_the_documented_string() -> None:
    payload = "quoteOrderQty=20&side=BUY&symbol=ETHUSDT&timestamp=1649404670162&type=MARKET"
    assert signature(payload, DOCS_SECRET) == (
        "428a3c383bde514baff0d10d3c20e5adfaacaf799e324546dafe5ccc480dd827"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("symbol", ""),
        ("symbol", "BTC-USDT&side=SELL"),
        ("symbol", "BTC=USDT"),
        ("symbol", "BTC USDT"),
        ("symbol", "BTC-USDT\r\n"),
        ("symbol", "BTC-\tUSDT"),
        ("symbol", "BTC-USDT\x00"),
        ("sym bol", "BTC-USDT"),
        ("signature", "0" * 64),
        ("timestamp", "1"),
        ("symbol", "BTC-\ud800USDT"),  # a lone surrogate is not UTF-8
        ("symbol", "A" * 257),
        ("s" * 300, "BTC-USDT"),
    ],
)
def test_refuses_what_the_server_could_misread(key: str, value: str) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        sign([(key, value)], "testsecret", 1700000000000)
    assert isinstance(caught.value, ValueError)
    assert key.split(maxsplit=1)[0][:40] in str(caught.value) or "twice" in str(caught.value)
    assert len(str(caught.value)) < 120


KEYS = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,7}", fullmatch=True).filter(
    lambda key: key not in ("timestamp", "signature")
)
# Letters, digits, punctuation and symbols of any script: no whitespace, no control characters.
VALUES = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S"), exclude_characters="&="),
    min_size=1,
    max_size=12,
)


@given(st.dictionaries(KEYS, VALUES, max_size=5))
def test_wire_is_sorted_ascii_and_decodes_to_the_raw_values(params: dict[str, str]) -> None:
    query = sign(params.items(), "s", 1)

    pairs = [part.partition("=")[::2] for part in query.split("&")]
    assert query.isascii()
    assert [key for key, _ in pairs] == [*sorted([*params, "timestamp"]), "signature"]
    assert {key: unquote(value) for key, value in pairs[:-1]} == {**params, "timestamp": "1"}


def test_a_refusal_names_the_first_parameter_at_fault_or_else_the_request() -> None:
    kwargs = {"method": "post", "url": "/p", "params": {"a": "ok", "b": "x" * 300, "c": "\ud800"}}
    assert str(refusal(kwargs)) == "b is longer than 256 characters"
    assert str(refusal({**kwargs, "params": {"c": "\ud800"}})).startswith("c must not contain")
    # Nothing to blame on a value (httpx found the URL too long as a whole): the request, by path.
    unexplained = refusal({**kwargs, "params": {"a": "ok"}})
    assert str(unexplained).startswith("POST /p: httpx cannot build the request")
    assert isinstance(unexplained, InvalidArgumentError)


def test_a_parameter_with_a_limit_of_its_own_is_held_to_that_limit() -> None:
    # The spec's maxLength for a parameter replaces the default cap, upward (batchOrders' data)
    # or downward (a client order id).
    order = '{"symbol":"BTC-USDT","side":"BUY","type":"LIMIT","quantity":"0.001","price":"42000"}'
    batch = "[" + ",".join([order] * 5) + "]"
    assert len(batch) > MAX_CHARS
    query = sign([("data", batch)], "testsecret", 1, {"data": 4096})
    assert unquote(query.partition("&")[0]) == f"data={batch}"
    check([("data", "x" * 4096)], {"data": 4096})

    with pytest.raises(InvalidArgumentError, match=r"^data is longer than 4096 characters$"):
        sign([("data", "x" * 4097)], "testsecret", 1, {"data": 4096})
    with pytest.raises(InvalidArgumentError, match=r"^data is longer than 256 characters$"):
        sign([("data", batch)], "testsecret", 1)  # no limit of its own: the default cap
    with pytest.raises(InvalidArgumentError, match=r"^newClientOrderId is longer than 40 "):
        check([("newClientOrderId", "a" * 41)], {"newClientOrderId": 40})
    check([("newClientOrderId", "a" * 40), ("other", "a" * 41)], {"newClientOrderId": 40})
