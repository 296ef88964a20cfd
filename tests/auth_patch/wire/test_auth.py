"""The signing auth on every operation of the spec, seen from the wire."""

import asyncio
import json

import httpx
import pytest

import bingx_spot
from bingx_spot.wire.auth import BingXAuth, with_query
from bingx_spot_client.api.common import server_time
from bingx_spot_client.api.trade import batch_orders, cancel_open_orders, place_order
from bingx_spot_client.client import AuthenticatedClient
from tests.clock import FakeClock

KEY = "key-1234567890abcdef"
SECRET = "secret-1234567890abcdef"
OK = b'{"code":0,"msg":"","data":{"orders":[]}}'


class Wire:
    """A server that answers ``body`` and keeps what it received."""

    def __init__(self, body: bytes = OK) -> None:
        self.body = body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, content=self.body)

    def client(self) -> AuthenticatedClient:
        mock = httpx.MockTransport(self)
        return bingx_spot.make_client(
            KEY, SECRET, transport=mock, clock=FakeClock(1_700_000_000_000).ms, rate_limit=False
        )


def test_public_operation_carries_no_key_and_no_signature() -> None:
    wire = Wire(b'{"code":0,"msg":"","data":{"serverTime":1700000000123}}')
    result = server_time.sync(client=wire.client())

    [request] = wire.requests
    assert request.method == "GET"
    assert request.url.query == b""
    assert "X-BX-APIKEY" not in request.headers
    assert result.data.server_time == 1700000000123


def test_a_path_the_spec_does_not_know_is_signed() -> None:
    wire = Wire()
    unlisted = "/openApi/spot/v1/unlisted/order"
    wire.client().get_httpx_client().post(unlisted, params={"symbol": "X-Y"})

    [request] = wire.requests
    assert [k for k, _ in request.url.params.multi_items()] == [
        "recvWindow",
        "symbol",
        "timestamp",
        "signature",
    ]
    assert request.headers["X-BX-APIKEY"] == KEY


def test_clock_offset_is_applied_to_the_timestamp() -> None:
    wire = Wire()
    client = wire.client()
    auth = client.get_httpx_client().auth
    assert isinstance(auth, BingXAuth)
    auth.clock.offset_ms = -1500
    cancel_open_orders.sync(client=client, symbol="BTC-USDT")

    assert wire.requests[0].url.params["timestamp"] == "1699999998500"


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"symbol": ""}, "symbol"),
        ({"symbol": "BTC-USDT\r\nX-Injected: 1"}, "symbol"),
        ({"symbol": "BTC-USDT&symbol=ETH-USDT"}, "symbol"),
        ({"symbol": " "}, "symbol"),
        ({"symbol": "BTC-USDT", "recv_window": 0}, "recv_window"),
        ({"symbol": "BTC-USDT", "recv_window": 60001}, "recv_window"),
        ({"symbol": "BTC-USDT", "recv_window": -5}, "recv_window"),
        ({"symbol": "BTC-USDT", "recv_window": 5000.5}, "recv_window"),
        # full-width digits pass str.isdigit and int() but are not what BingX reads
        ({"symbol": "BTC-USDT", "recv_window": "\uff11\uff12\uff13"}, "recv_window"),
        ({"symbol": "BTC-USDT", "recv_window": "\u0661\u0662\u0663"}, "recv_window"),
        ({"symbol": "A" * 257}, "symbol is longer than 256 characters"),
        ({"symbol": "A" * 60_000}, "symbol is longer than 256 characters"),
    ],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_bad_arguments_are_refused_before_sending(
    kwargs: dict[str, object], argument: str, mode: str
) -> None:
    wire = Wire()
    client = wire.client()

    def call() -> object:
        if mode == "sync":
            return cancel_open_orders.sync(client=client, **kwargs)  # type: ignore[arg-type]
        return asyncio.run(cancel_open_orders.asyncio(client=client, **kwargs))  # type: ignore[arg-type]

    with pytest.raises(bingx_spot.InvalidArgumentError, match=argument):
        call()
    assert wire.requests == []


def test_a_value_of_the_longest_length_is_sent() -> None:
    wire = Wire()
    cancel_open_orders.sync(client=wire.client(), symbol="A" * 250 + "-USDT")
    assert wire.requests[0].url.params["symbol"] == "A" * 250 + "-USDT"


def test_a_parameter_is_held_to_the_length_its_spec_gives_it() -> None:
    # batchOrders' data (maxLength 4096): five orders are well over the default 256 characters.
    order = {"symbol": "BTC-USDT", "side": "BUY", "type": "LIMIT", "quantity": "0.001",
             "price": "42000", "newClientOrderId": "a" * 40}  # fmt: skip
    data = json.dumps([order] * 5, separators=(",", ":"))
    wire = Wire()
    batch_orders.sync(client=wire.client(), data=data)
    assert len(data) > 256
    assert wire.requests[0].url.params["data"] == data

    # A client order id (maxLength 40): one longer is refused, nothing sent.
    with pytest.raises(bingx_spot.InvalidArgumentError, match="newClientOrderId is longer than 40"):
        place_order.sync(client=wire.client(), symbol="BTC-USDT", side="BUY", type_="LIMIT",
                         new_client_order_id="a" * 41)  # fmt: skip
    assert len(wire.requests) == 1


def test_non_ascii_and_hash_symbols_are_valid() -> None:
    wire = Wire()
    client = wire.client()
    cancel_open_orders.sync(client=client, symbol="MØTH-USDT")
    cancel_open_orders.sync(client=client, symbol="OTHR#99961-USDT")

    assert wire.requests[0].url.params["symbol"] == "MØTH-USDT"
    assert b"symbol=M%C3%98TH-USDT" in wire.requests[0].url.query
    assert b"symbol=OTHR%2399961-USDT" in wire.requests[1].url.query


@pytest.mark.parametrize(
    "start",
    [
        "http://127.0.0.1:8080/openApi/spot/v1/trade/cancelOpenOrders",
        "https://open-api.bingx.com:443/openApi/spot/v1/trade/cancelOpenOrders",
        "http://[::1]:9/bingx/openApi/x",
        "https://Gate.Example/p%C3%98/x?old=1",
        "http://user:pw@h/a?old=1#frag",
        "http://h",
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        "recvWindow=5000&symbol=BTC-USDT&timestamp=1&signature=" + "ab" * 32,
        "symbol=M%C3%98TH-USDT&timestamp=1",
        "symbol=OTHR%2399961-USDT&timestamp=1",
        "a%41=1&b=%c3%a9",
        "",
        "k%zz=1",  # httpx escapes a lone %
        "k#=1",  # a fragment to httpx
        "k\u00f8=1",
        "k=" + "A" * 9000,
    ],
)
def test_the_signed_url_is_the_one_httpx_parses(start: str, query: str) -> None:
    url = httpx.URL(start)
    path = url.raw_path.split(b"?")[0].decode()
    parsed = httpx.URL(f"{url.scheme}://{url.netloc.decode()}{path}?{query}")
    before = str(url)

    made = with_query(url, query)

    assert str(url) == before
    assert str(made) == str(parsed)
    assert (made.scheme, made.userinfo, made.host, made.port) == (
        parsed.scheme, parsed.userinfo, parsed.host, parsed.port,
    )  # fmt: skip
    assert (made.raw_path, made.query, made.fragment) == (
        parsed.raw_path, parsed.query, parsed.fragment,
    )  # fmt: skip
    assert made.params.multi_items() == parsed.params.multi_items()


def test_business_error_raises_from_sync_and_async() -> None:
    wire = Wire(b'{"code":100413,"msg":"Incorrect apiKey","timestamp":1}')
    client = wire.client()
    with pytest.raises(bingx_spot.AuthenticationError):
        cancel_open_orders.sync(client=client, symbol="BTC-USDT")
    with pytest.raises(bingx_spot.AuthenticationError):
        asyncio.run(cancel_open_orders.asyncio(client=client, symbol="BTC-USDT"))
    with pytest.raises(bingx_spot.AuthenticationError):
        server_time.sync_detailed(client=client)


def test_repr_shows_at_most_four_characters_of_the_key() -> None:
    client = Wire().client()
    client.get_httpx_client()
    text = repr(client) + repr(client.get_httpx_client().auth)
    assert KEY[:4] in text
    assert KEY[:5] not in text
    assert SECRET not in text
