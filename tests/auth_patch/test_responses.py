import json

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bingx_spot
from bingx_spot import spec
from bingx_spot.responses import error
from bingx_spot.retry import Retries
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.models import CancelledOrder, CancelledOrders, CancelOpenOrdersResponse
from bingx_spot_client.types import Unset

SIGNATURE = "022f7f91226795e6971e22a689b4055b5835472607a4c5601801d689f63e24fa"
SPEC = spec.load()
CANCEL = SPEC.find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")


def response(
    status: int, body: bytes, content_type: str = "application/json", **headers: str
) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"Content-Type": content_type, **headers})


@pytest.mark.parametrize(
    "body",
    [
        b'{"code":0,"msg":"","data":{"orders":[]}}',
        b'{"code":0,"data":null}',
        b'{"code":0,"data":{}}',
        b'{"code":0}',
        b'{"code":0,"data":{"orders":[{"price":1.5,"status":"WORKING","x":[1]}]},"extra":[]}',
    ],
)
def test_success_passes(body: bytes) -> None:
    assert error(response(200, body), CANCEL, SPEC) is None


def test_business_error_raises_its_family() -> None:
    body = b'{"code":100001,"msg":"Signature verification failed","timestamp":1721803278709}'
    found = error(response(200, body), CANCEL, SPEC)
    assert isinstance(found, bingx_spot.AuthenticationError)
    assert (found.code, found.operation) == (100001, "cancelOpenOrders")


@pytest.mark.parametrize(
    ("status", "body", "content_type", "problem"),
    [
        (200, b"<html><body>Just a moment...</body></html>", "text/html", "not JSON"),
        (502, b"<html>502 Bad Gateway</html>", "text/html", "not JSON"),
        (200, b'{"code":0,"msg":"","data":{"ord', "application/json", "not JSON"),
        (200, b"", "application/json", "empty"),
        (200, b'{"msg":"ok"}', "application/json", "no integer 'code'"),
        (200, b'{"code":"0"}', "application/json", "no integer 'code'"),
        (200, b'{"code":true}', "application/json", "no integer 'code'"),
        (200, b"[1,2]", "application/json", "no integer 'code'"),
        (500, b'{"code":0}', "application/json", "HTTP status 500"),
        (200, b"\xff\xfe", "application/octet-stream", "not JSON"),
        (200, b'{"code":0,"data":[]}', "application/json", "body.data is not an object"),
        (200, b'{"code":0,"data":{"orders":5}}', "application/json",
         "body.data.orders is not an array"),
        (200, b'{"code":0,"data":{"orders":[{}, "x"]}}', "application/json",
         "body.data.orders[1] is not an object"),
    ],
)  # fmt: skip
def test_anything_else_is_a_response_error(
    status: int, body: bytes, content_type: str, problem: str
) -> None:
    found = error(response(status, body, content_type), CANCEL, SPEC)
    assert isinstance(found, bingx_spot.ResponseError)
    assert problem in str(found)
    assert (found.status_code, found.content_type) == (status, content_type)
    assert len(found.snippet) <= 200


@pytest.mark.parametrize(
    ("status", "headers", "retry_at"),
    [
        (429, {"X-RateLimit-Requests-Expire": "1727193814249"}, 1727193814249),
        (418, {}, None),
        (429, {}, None),
    ],
)
def test_http_rate_limits(status: int, headers: dict[str, str], retry_at: int | None) -> None:
    found = error(response(status, b"", "text/plain", **headers), CANCEL, SPEC)
    assert isinstance(found, bingx_spot.HTTPRateLimitError)
    assert isinstance(found, bingx_spot.RateLimitError)
    assert isinstance(found, bingx_spot.ResponseError)
    assert found.retry_at == retry_at


def test_snippet_is_short_and_redacts_signature_shaped_hex() -> None:
    body = f"<html>{SIGNATURE} ".encode() + b"x" * 1000
    found = error(response(200, body, "text/html"), None, SPEC)
    assert isinstance(found, bingx_spot.ResponseError)
    assert SIGNATURE not in found.snippet
    assert found.snippet.startswith("<html>[redacted]")
    assert len(found.snippet) == 200


# -- property: any body gives a parsed result or a BingXError, nothing else ----------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=10,
)
ORDER_FIELDS = ["symbol", "orderId", "price", "origQty", "status", "type", "side", "clientOrderID"]
ORDERS = st.dictionaries(st.sampled_from(ORDER_FIELDS) | st.text(max_size=6), JSON_VALUES)
ENVELOPES = st.fixed_dictionaries(
    {"code": st.sampled_from([0, 0, 0, 100410, 100421, 100001, 1, "0", None, True, 0.0])},
    optional={
        "msg": JSON_VALUES,
        "debugMsg": JSON_VALUES,
        "data": JSON_VALUES
        | st.fixed_dictionaries(
            {}, optional={"orders": JSON_VALUES | st.lists(ORDERS | JSON_VALUES, max_size=3)}
        ),
    },
)
BODIES = (
    st.binary(max_size=64)
    | JSON_VALUES.map(lambda value: json.dumps(value).encode())
    | ENVELOPES.map(lambda value: json.dumps(value).encode())
)


@settings(max_examples=300, deadline=None)
@given(body=BODIES, status=st.sampled_from([200, 200, 200, 400, 418, 429, 500, 502]))
def test_any_body_parses_or_raises_a_bingx_error(body: bytes, status: int) -> None:
    answer = httpx.Response(status, content=body, headers={"Content-Type": "application/json"})
    client = bingx_spot.make_client(
        "key-property",
        "secret-property",
        transport=httpx.MockTransport(lambda request: answer),
        retries=Retries(max_retries=0),
        rate_limit=False,
    )
    try:
        result = cancel_open_orders.sync(client=client, symbol="BTC-USDT")
    except bingx_spot.BingXError:
        return
    assert isinstance(result, CancelOpenOrdersResponse)
    assert result.code == 0
    assert isinstance(result.to_dict(), dict)
    # Parsed means typed as declared: a raw dict passed off as "no CancelledOrders" would read as
    # "nothing cancelled".
    assert result.data is None or isinstance(result.data, Unset | CancelledOrders)
    if isinstance(result.data, CancelledOrders) and not isinstance(result.data.orders, Unset):
        assert all(isinstance(order, CancelledOrder) for order in result.data.orders)
