import httpx
import pytest

import bingx_spot
from bingx_spot.responses import check

SIGNATURE = "022f7f91226795e6971e22a689b4055b5835472607a4c5601801d689f63e24fa"


def response(status: int, body: bytes, content_type: str = "application/json") -> httpx.Response:
    return httpx.Response(status, content=body, headers={"Content-Type": content_type})


@pytest.mark.parametrize(
    "body",
    [
        b'{"code":0,"msg":"","data":{"orders":[]}}',
        b'{"code":0,"data":null}',
        b'{"code":0}',
    ],
)
def test_success_passes(body: bytes) -> None:
    check(response(200, body), "cancelOpenOrders")  # raises on failure


def test_business_error_raises_its_family() -> None:
    body = b'{"code":100001,"msg":"Signature verification failed","timestamp":1721803278709}'
    with pytest.raises(bingx_spot.AuthenticationError) as caught:
        check(response(200, body), "cancelOpenOrders")
    assert (caught.value.code, caught.value.operation) == (100001, "cancelOpenOrders")


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
    ],
)
def test_anything_else_is_a_response_error(
    status: int, body: bytes, content_type: str, problem: str
) -> None:
    with pytest.raises(bingx_spot.ResponseError) as caught:
        check(response(status, body, content_type), "cancelOpenOrders")
    error = caught.value
    assert problem in str(error)
    assert (error.status_code, error.content_type) == (status, content_type)
    assert len(error.snippet) <= 200


def test_snippet_is_short_and_redacts_signature_shaped_hex() -> None:
    body = f"<html>{SIGNATURE} ".encode() + b"x" * 1000
    with pytest.raises(bingx_spot.ResponseError) as caught:
        check(response(200, body, "text/html"), None)
    assert SIGNATURE not in caught.value.snippet
    assert caught.value.snippet.startswith("<html>[redacted]")
    assert len(caught.value.snippet) == 200
