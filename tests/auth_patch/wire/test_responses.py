import json
import time
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bingx_spot
from bingx_spot.errors import redact
from bingx_spot.wire import spec
from bingx_spot.wire.responses import (
    MAX_NESTING,
    JudgedResponse,
    error,
    is_json,
    judge,
    loads,
    resume_at,
)
from bingx_spot.wire.retry import Retries
from bingx_spot_client.api.trade import cancel_open_orders

SIGNATURE = "022f7f91226795e6971e22a689b4055b5835472607a4c5601801d689f63e24fa"
SPEC = spec.load()
CANCEL = SPEC.find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")
COUNTDOWN = SPEC.find("POST", "/openApi/spot/v1/trade/cancelAllAfter")
# A cancelled order with every field BingX documents (docs/bingx-facts.md, "Cancel answers").
ORDER = (
    b'{"symbol":"BTC-USDT","orderId":1735964997957275649,"transactTime":1,"price":1.5,'
    b'"stopPrice":"0","origQty":"1","executedQty":"0","cummulativeQuoteQty":"0",'
    b'"status":"WORKING","type":"LIMIT","side":"BUY","clientOrderID":"","x":[1]}'
)


def response(
    status: int, body: bytes, content_type: str = "application/json", **headers: str
) -> httpx.Response:
    return httpx.Response(status, content=body, headers={"Content-Type": content_type, **headers})


def failure(answer: httpx.Response, op: spec.Operation | None) -> bingx_spot.BingXError:
    found = judge(answer, op, SPEC)
    assert isinstance(found, bingx_spot.BingXError), found
    return found


@pytest.mark.parametrize(
    "body",
    [
        b'{"code":0,"msg":"","data":{"orders":[]}}',
        b'{"code":0,"data":{"orders":[' + ORDER + b']},"extra":[]}',
    ],
)
def test_success_passes_as_it_came(body: bytes) -> None:
    answer = response(200, body)
    assert judge(answer, CANCEL, SPEC) is answer


def test_an_answer_hands_the_judged_document_to_its_first_json_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = b'{"code":0,"msg":"","data":{"orders":[' + ORDER + b"]}}"
    parses: list[object] = []
    real = json.loads

    def counted(*args: Any, **kwargs: Any) -> Any:
        parses.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(json, "loads", counted)
    answer = JudgedResponse(200, content=body)

    assert judge(answer, CANCEL, SPEC) is answer
    assert len(parses) == 1
    first = answer.json()
    assert len(parses) == 1
    second = answer.json()
    assert len(parses) == 2
    assert first == second == real(body)
    assert first is not second
    assert answer.json(parse_int=str)["data"]["orders"][0]["orderId"] == "1735964997957275649"


def test_an_answer_rewritten_for_the_parser_reads_its_new_body() -> None:
    answer = JudgedResponse(200, content=b'{"code":0,"data":null}')
    judged = judge(answer, CANCEL, SPEC)
    assert isinstance(judged, httpx.Response)
    assert judged.json() == {"code": 0, "data": {"orders": []}}
    assert answer.json() == {"code": 0, "data": None}


@pytest.mark.parametrize(
    ("body", "parser_sees"),
    [
        (b'{"code":0,"data":{"orders":null}}', {"code": 0, "data": {"orders": []}}),
        (b'{"code":0,"data":{}}', {"code": 0, "data": {"orders": []}}),
        (b'{"code":0,"data":null}', {"code": 0, "data": {"orders": []}}),
        (b'{"code":0}', {"code": 0, "data": {"orders": []}}),
        (b'{"code":0,"msg":"","data":[]}', {"code": 0, "msg": "", "data": {"orders": []}}),
        (b'{"code":0,"data":{"orders":null,"fails":null,"x":1234567890123456789}}',
         {"code": 0, "data": {"orders": [], "fails": None, "x": 1234567890123456789}}),
    ],
)  # fmt: skip
def test_bingx_ways_of_saying_nothing_reach_the_parser_as_the_spec_declares(
    body: bytes, parser_sees: object
) -> None:
    answer = judge(response(200, body, "application/json", **{"X-Other": "kept"}), CANCEL, SPEC)
    assert isinstance(answer, httpx.Response)
    assert answer.json() == parser_sees
    assert answer.headers["X-Other"] == "kept"
    assert answer.headers["Content-Length"] == str(len(answer.content))


def test_gzip_encoded_nothing_is_rewritten_as_plain_json() -> None:
    import gzip  # noqa: PLC0415

    raw = gzip.compress(b'{"code":0,"data":{"orders":null}}')
    answer = httpx.Response(200, content=raw, headers={"Content-Encoding": "gzip"})
    judged = judge(answer, CANCEL, SPEC)
    assert isinstance(judged, httpx.Response)
    assert "content-encoding" not in judged.headers
    assert judged.json() == {"code": 0, "data": {"orders": []}}


def test_a_countdown_answer_without_its_required_fields_is_a_response_error() -> None:
    found = failure(response(200, b'{"code":0,"data":null}'), COUNTDOWN)
    assert isinstance(found, bingx_spot.ResponseError)
    assert "body.data.triggerTime is missing" in str(found)


def test_error_is_judge_without_the_response() -> None:
    assert error(response(200, b'{"code":0,"data":[]}'), CANCEL, SPEC) is None
    found = error(response(200, b"<html>", "text/html"), CANCEL, SPEC)
    assert isinstance(found, bingx_spot.ResponseError)


def test_business_error_is_an_api_error_of_the_operation() -> None:
    body = b'{"code":100001,"msg":"Signature verification failed","timestamp":1721803278709}'
    found = failure(response(200, body), CANCEL)
    assert isinstance(found, bingx_spot.BingXAPIError)
    assert (found.code, found.msg) == (100001, "Signature verification failed")
    assert (found.status_code, found.operation) == (200, "cancelOpenOrders")


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
        (200, b'{"code":0,"data":[1]}', "application/json", "body.data is not an object"),
        (200, b'{"code":0,"data":{"orders":5}}', "application/json",
         "body.data.orders is not an array"),
        (200, b'{"code":0,"data":{"orders":[' + ORDER + b', "x"]}}', "application/json",
         "body.data.orders[1] is not an object"),
        # A required scalar is never made up: "nothing" fills containers only.
        (200, b'{"code":0,"data":{"orders":[{"symbol":"BTC-USDT"}]}}', "application/json",
         "body.data.orders[0].orderId is missing"),
    ],
)  # fmt: skip
def test_anything_else_is_a_response_error(
    status: int, body: bytes, content_type: str, problem: str
) -> None:
    found = failure(response(status, body, content_type), CANCEL)
    assert isinstance(found, bingx_spot.ResponseError)
    assert problem in str(found)
    assert (found.status_code, found.content_type) == (status, content_type)
    assert len(found.snippet) <= 200


def with_order(**fields: object) -> bytes:
    order = {**json.loads(ORDER), **fields}
    return json.dumps({"code": 0, "data": {"orders": [order]}}).encode()


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"orderId": None}, "orderId is null, not an integer"),
        ({"orderId": "1735964997957275649"}, "orderId is a string, not an integer"),
        ({"orderId": 1.735964997957275649e18}, "orderId is a number, not an integer"),
        ({"orderId": True}, "orderId is a boolean, not an integer"),
        ({"status": 5}, "status is an integer, not a string"),
        ({"status": None}, "status is null, not a string"),
        ({"symbol": None}, "symbol is null, not a string"),
        ({"symbol": ["BTC-USDT"]}, "symbol is an array, not a string"),
    ],
)
def test_a_required_field_of_another_json_type_is_a_response_error(
    fields: dict[str, object], problem: str
) -> None:
    found = failure(response(200, with_order(**fields)), CANCEL)
    assert type(found) is bingx_spot.ResponseError
    assert f"cancelOpenOrders: body.data.orders[0].{problem}" in str(found)


@pytest.mark.parametrize(
    "body",
    [
        with_order(price="1.5", stopPrice=0, origQty=2.5, orderId=2**70, transactTime=0),
        # optional fields are never judged: a cancel must not fail over one
        b'{"code":0,"msg":null,"debugMsg":5,"data":{"orders":[]}}',
        with_order(extra=None, avgPrice=None),
        # only symbol, orderId and status say what was cancelled (docs/bingx-facts.md)
        b'{"code":0,"data":{"orders":[{"symbol":"GM-USDT","orderId":1,"status":"CANCELED"}]}}',
    ],
)
def test_required_fields_of_their_json_type_and_any_optional_field_pass(body: bytes) -> None:
    answer = response(200, body)
    assert judge(answer, CANCEL, SPEC) is answer


@pytest.mark.parametrize(
    ("data", "problem"),
    [({"triggerTime": "1700000000000", "status": "ACTIVATED"},
      "body.data.triggerTime is a string, not an integer"),
     ({"triggerTime": 1700000000000, "status": None}, "body.data.status is null, not a string")],
)  # fmt: skip
def test_every_operation_types_its_required_fields(data: object, problem: str) -> None:
    body = json.dumps({"code": 0, "data": data}).encode()
    found = failure(response(200, body), COUNTDOWN)
    assert type(found) is bingx_spot.ResponseError
    assert problem in str(found)


@pytest.mark.parametrize("status", [500, 503, 400, 401, 404, 201])
@pytest.mark.parametrize(
    ("code", "msg"),
    [(100500, "The current system is busy"), (100001, "Signature verification failed"),
     (100410, "rate limited, will be unblocked after 4102444800000"),
     (100421, "Null timestamp or timestamp mismatch")],
)  # fmt: skip
def test_the_status_decides_before_a_bingx_body(status: int, code: int, msg: str) -> None:
    body = json.dumps({"code": code, "msg": msg}).encode()
    found = failure(response(status, body, **{EXPIRE: "4122"}), CANCEL)
    assert type(found) is bingx_spot.ResponseError
    assert f"cancelOpenOrders: unexpected HTTP status {status}, BingX error {code}: {msg}" in str(
        found
    )
    assert found.status_code == status


def test_a_bingx_msg_in_a_non_200_is_redacted_and_kept_on_one_line() -> None:
    body = json.dumps({"code": 100500, "msg": f"busy\nsig={SIGNATURE} key=KEY123"}).encode()
    found = judge(response(500, body), CANCEL, SPEC, lambda t: redact(t, "KEY123"))
    assert type(found) is bingx_spot.ResponseError
    assert "BingX error 100500: busy sig=[redacted] key=[redacted] (HTTP 500" in str(found)
    assert SIGNATURE not in repr(found.args)
    assert "KEY123" not in repr(found.args)


def nested(depth: int) -> bytes:
    """A JSON array ``depth`` levels deep."""
    return b"[" * depth + b"]" * depth


DEEP = nested(200_000)  # 400 kB: far below the body cap, far beyond Python's recursion limit


@pytest.mark.parametrize(
    "body",
    [
        DEEP,
        b'{"code":0,"data":{"orders":[],"x":' + DEEP + b"}}",
        b'{"code":100500,"msg":' + DEEP + b"}",
        # json reads these; the generated parser, reading again deeper in the stack, might not
        nested(MAX_NESTING + 1),
        b'{"code":0,"data":{"orders":[],"x":' + nested(MAX_NESTING - 1) + b"}}",
    ],
)
@pytest.mark.parametrize("status", [200, 500])
def test_a_body_nested_too_deep_is_not_json(body: bytes, status: int) -> None:
    found = failure(response(status, body), CANCEL)
    assert type(found) is bingx_spot.ResponseError
    assert f"the body is not JSON (nested deeper than {MAX_NESTING} levels)" in str(found)
    assert not is_json(body)


def test_nesting_up_to_the_limit_parses() -> None:
    extra = nested(MAX_NESTING - 2)  # inside body.data.x: the envelope and data add 2 levels
    body = b'{"code":0,"data":{"orders":[],"x":' + extra + b"}}"
    answer = response(200, body)
    assert judge(answer, CANCEL, SPEC) is answer
    assert loads(body)["data"]["x"] == json.loads(extra)
    assert loads(b'"' + b"[" * 1000 + b'"') == "[" * 1000  # brackets in a string nest nothing


@pytest.mark.parametrize("status", [429, 418])
def test_a_rate_limit_body_nested_too_deep_still_decides_by_the_status(status: int) -> None:
    found = failure(response(status, b'{"code":100410,"msg":"x","y":' + DEEP + b"}"), CANCEL)
    assert type(found) is bingx_spot.HTTPRateLimitError
    assert found.retry_at is None


def now_ms() -> int:
    return time.time_ns() // 1_000_000


EXPIRE = "X-RateLimit-Requests-Expire"
LIMITED = b'{"code":100410,"msg":"rate limited","timestamp":1}'
UNBLOCKED = (
    b'{"code":100410,"msg":"code:100410:The endpoint trigger frequency limit rule is '
    b'currently in the disabled period and will be unblocked after 4102444800000"}'
)


@pytest.mark.parametrize("status", [429, 418])
@pytest.mark.parametrize(
    ("body", "headers", "left_ms"),
    [
        (b"", {EXPIRE: "4122"}, 4122),
        (LIMITED, {EXPIRE: "4122"}, 4122),
        (LIMITED, {EXPIRE: "10000"}, 10000),
        (b"", {EXPIRE: "4122", "Retry-After": "30"}, 30_000),
        (b"", {}, None),
        (LIMITED, {}, None),
        (b"", {EXPIRE: "-5"}, None),
        (b"", {EXPIRE: "soon"}, None),
        (b"", {"Retry-After": "NaN"}, None),
    ],
)
def test_http_rate_limits_are_decided_by_the_status(
    status: int, body: bytes, headers: dict[str, str], left_ms: int | None
) -> None:
    before = now_ms()
    found = failure(response(status, body, "application/json", **headers), CANCEL)
    after = now_ms()

    assert type(found) is bingx_spot.HTTPRateLimitError
    assert found.status_code == status
    if left_ms is None:
        assert found.retry_at is None
    else:  # the header is what is LEFT of the window, from when the answer came
        assert found.retry_at is not None
        assert before + left_ms <= found.retry_at <= after + left_ms


def test_http_rate_limit_keeps_the_latest_time_a_bingx_body_names() -> None:
    found = failure(response(429, UNBLOCKED, "application/json", **{EXPIRE: "4122"}), CANCEL)
    assert isinstance(found, bingx_spot.HTTPRateLimitError)
    assert found.retry_at == 4102444800000


@pytest.mark.parametrize(
    ("value", "left"),
    [("4122", 4122), ("0", 0), ("10000", 10000), (" 77 ", 77), ("", None), ("1e3", None),
     ("4122.5", None), ("99999999999999999999", None)],
)  # fmt: skip
def test_resume_at_reads_what_is_left_of_the_window(value: str, left: int | None) -> None:
    answer = response(200, b"", **{EXPIRE: value})
    assert resume_at(answer, received_ms=1_700_000_000_000) == (
        None if left is None else 1_700_000_000_000 + left
    )
    before = now_ms()
    at = resume_at(answer)
    if left is None:
        assert at is None
    else:
        assert at is not None
        assert before + left <= at <= now_ms() + left


def test_resume_at_refuses_digits_that_are_not_ascii() -> None:
    full_width = "\uff14\uff11\uff12\uff12"  # full-width 4122: passes str.isdigit
    answer = httpx.Response(200, headers=[(EXPIRE.encode(), full_width.encode())])
    assert resume_at(answer, received_ms=1) is None


def test_resume_at_takes_a_13_digit_value_as_the_time_itself() -> None:
    answer = response(200, b"", **{EXPIRE: "1727193814249"})
    assert resume_at(answer, received_ms=1_700_000_000_000) == 1727193814249


@pytest.mark.parametrize(
    ("msg", "expire", "retry_at"),
    [
        ("code:100410:The endpoint trigger frequency limit rule is currently in the disabled "
         "period and will be unblocked after 4102444814249", None, 4102444814249),
        ("over 20 error code:100202 requests within 480000 ms for this api, please verify and "
         "fix it ,can retry after time: 4102444970155", "4122", 4102444970155),
        ("rate limited", "4122", 1_700_000_004_122),
        ("Request rate limit exceeded, please try again later", "10000", 1_700_000_010_000),
        ("rate limited", None, None),
    ],
)  # fmt: skip
def test_100410_gives_the_unblock_time_of_its_message_or_of_the_header(
    msg: str, expire: str | None, retry_at: int | None
) -> None:
    headers = {EXPIRE: expire} if expire else {}
    body = json.dumps({"code": 100410, "msg": msg}).encode()
    answer = response(200, body, **headers)
    received = 1_700_000_000_000
    found = bingx_spot.errors.api_error(
        100410, msg, resume_at=resume_at(answer, received_ms=received)
    )
    assert isinstance(found, bingx_spot.APIRateLimitError)
    assert found.retry_at == retry_at
    through_judge = failure(answer, CANCEL)
    assert isinstance(through_judge, bingx_spot.APIRateLimitError)
    if retry_at is not None and retry_at > 4_000_000_000_000:  # from the message: exact
        assert through_judge.retry_at == retry_at
    elif expire is not None:
        assert through_judge.retry_at is not None
        assert through_judge.retry_at - now_ms() <= int(expire)


def test_snippet_is_short_and_redacts_signature_shaped_hex() -> None:
    body = f"<html>{SIGNATURE} ".encode() + b"x" * 1000
    found = failure(response(200, body, "text/html"), None)
    assert isinstance(found, bingx_spot.ResponseError)
    assert SIGNATURE not in found.snippet
    assert found.snippet.startswith("<html>[redacted]")
    assert len(found.snippet) == 200


@pytest.mark.parametrize("status", [200, 429, 502])
def test_a_key_far_into_a_body_is_redacted_before_the_snippet_is_cut(status: int) -> None:
    # Spaces fold to one: a key that starts 780 bytes in still lands in the snippet's 200
    # characters, and must be whole when it is redacted.
    key = "KEYh0st1leQw8Er5Ty2Ui9Op4As7Df1Gh6Jk0Lz3Xc"
    body = b" " * 780 + key.encode() + b" refused"
    found = judge(response(status, body, "text/html"), CANCEL, SPEC, lambda t: redact(t, key))
    assert isinstance(found, bingx_spot.ResponseError)
    assert key[:5] not in found.snippet
    assert found.snippet == "[redacted] refused"


@pytest.mark.parametrize("status", [200, 429, 502])
def test_the_content_type_is_server_text_too(status: int) -> None:
    said = f"text/html; echo={SIGNATURE}; key=KEY123"
    found = judge(response(status, b"<html>", said), CANCEL, SPEC, lambda t: redact(t, "KEY123"))
    assert isinstance(found, bingx_spot.ResponseError)
    assert found.content_type == "text/html; echo=[redacted]; key=[redacted]"
    assert SIGNATURE not in str(found)
    assert "KEY123" not in str(found)


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
    assert result.code == 0
    # Parsed means typed as declared: the generated parser converts no scalar, so an id that is
    # not an integer must have been refused before it.
    assert all(type(order.order_id) is int for order in result.data.orders)
