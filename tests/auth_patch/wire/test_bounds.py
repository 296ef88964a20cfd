"""The bounds a spec declares for each query parameter, and an operation's bounded product, are
checked before anything is sent; a problem names the parameter and the bound (a pattern in the
words the spec gives it), never the value."""

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

import bingx_spot
import bingx_spot_client
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from bingx_spot.wire import bounds, spec
from bingx_spot.wire.auth import BingXAuth
from bingx_spot_client.api.trade import batch_orders
from tests.calling import called

SECRETISH = "s3cr3t-value"
WORDS = "x-bingx-pattern-words"
DIGITS = {"type": "string", "pattern": "^[0-9]+$"}


def check(schema: dict[str, Any], value: str, schemas: dict[str, Any] | None = None) -> str | None:
    found = bounds.parameter_check(schemas or {}, schema)
    assert found is not None
    return found(value, "p")


@pytest.mark.parametrize(
    ("schema", "value", "problem"),
    [
        ({"type": "integer", "minimum": 1, "maximum": 100}, "100", None),
        ({"type": "integer", "minimum": 1, "maximum": 100}, "101", "p must be at most 100"),
        ({"type": "integer", "minimum": 1, "maximum": 100}, "0", "p must be at least 1"),
        ({"type": "integer", "minimum": 1}, "abc", "p must be a number"),
        ({"type": "number", "exclusiveMinimum": 0}, "0", "p must be more than 0"),
        ({"type": "number", "exclusiveMaximum": 1.5}, "1.5", "p must be less than 1.5"),
        ({"type": "number", "maximum": 1.5}, "NaN", "p must be a finite number"),
        ({"type": "string", "minLength": 2}, "a", "p must be at least 2 characters"),
        ({"type": "string", "maxLength": 3}, "abcd", "p is longer than 3 characters"),
        ({"type": "string", "pattern": "^[0-9]+$"}, "12a", "p must match ^[0-9]+$"),
        ({"type": "string", "pattern": "^[0-9]+$"}, "12", None),
        ({**DIGITS, WORDS: "digits only"}, "12a", "p must be digits only"),
        ({**DIGITS, WORDS: "digits\n  only", "maxLength": 3}, "1a",  # on one line
         "p must be digits only, at most 3 characters"),
        ({**DIGITS, WORDS: "digits only", "minLength": 2, "maxLength": 3}, "1a",
         "p must be digits only, at least 2 characters, at most 3 characters"),
        ({**DIGITS, WORDS: "digits only", "maxLength": 3}, "1234", "p is longer than 3 characters"),
        ({"type": "string", "enum": ["BUY", "SELL"]}, "HOLD", "p must be one of BUY, SELL"),
        ({"type": "boolean", "enum": [True]}, "True", None),  # enum compared as text
    ],
)  # fmt: skip
def test_a_parameter_s_own_bounds(schema: dict[str, Any], value: str, problem: str | None) -> None:
    assert check(schema, value) == problem


@pytest.mark.parametrize(
    "schema",
    [{"type": "string", WORDS: "digits only"}, {**DIGITS, WORDS: " "}, {**DIGITS, WORDS: [1]}],
)  # fmt: skip
def test_pattern_words_that_tell_no_pattern_are_refused_when_the_spec_loads(
    schema: dict[str, Any],
) -> None:
    with pytest.raises(ValueError, match=WORDS):
        bounds.parameter_check({}, schema)


def test_references_are_followed() -> None:
    schemas = {"Amount": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"}}
    assert check({"$ref": "#/components/schemas/Amount"}, "1E-7", schemas) is not None
    assert check({"$ref": "#/components/schemas/Amount"}, "0.0000001", schemas) is None


def test_a_schema_without_bounds_has_no_check() -> None:
    assert bounds.parameter_check({}, {"type": "string"}) is None
    assert bounds.parameter_check({}, {"type": "integer", "format": "int64"}) is None


JSON_ORDERS = {
    "type": "string",
    "contentMediaType": "application/json",
    "contentSchema": {
        "type": "array",
        "minItems": 1,
        "maxItems": 2,
        "items": {
            "type": "object",
            "required": ["symbol"],
            "properties": {
                "symbol": {"type": "string"},
                "price": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"},
                "count": {"type": "integer", "maximum": 5},
            },
        },
    },
}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('[{"symbol":"A"}]', None),
        ("[]", "p must hold 1 or more items"),
        ('[{"symbol":"A"},{"symbol":"B"},{"symbol":"C"}]', "p must hold at most 2 items"),
        ('[{"price":"1"}]', "p[0].symbol is missing"),
        ('[{"symbol":"A"},{"symbol":"B","price":"-1"}]',
         "p[1].price must match ^[0-9]+(\\.[0-9]+)?$"),
        ('[{"symbol":"A","count":6}]', "p[0].count must be at most 5"),
        ('[{"symbol":"A"', "p must be a JSON document"),
        ('{"symbol":"A"}', "p must be an array"),  # an object where the schema says array
        ('"[]"', "p must be an array"),
        ("[1]", "p[0] must be an object"),
        ('[{"symbol":1}]', "p[0].symbol must be a string"),
        ('[{"symbol":"A","price":1.5}]', "p[0].price must be a string"),
        ('[{"symbol":"A","count":"5"}]', "p[0].count must be an integer"),
        ('[{"symbol":"A","count":true}]', "p[0].count must be an integer"),
        ('[{"symbol":"A","count":2.0}]', None),  # 2.0 is an integer in JSON Schema
        ('[{"symbol":"A","count":2.5}]', "p[0].count must be an integer"),
    ],
)  # fmt: skip
def test_a_json_parameter_s_content_schema(value: str, problem: str | None) -> None:
    assert check(JSON_ORDERS, value) == problem


PRODUCT = bounds.Product(("pageIndex", "pageSize"), 10000, {"pageIndex": 1, "pageSize": 100})


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({}, None),
        ({"pageIndex": "100"}, None),  # x 100, BingX's default page size
        ({"pageIndex": "101"}, "pageIndex * pageSize must be at most 10000"),
        ({"pageIndex": "200", "pageSize": "50"}, None),
        ({"pageIndex": "201", "pageSize": "50"}, "pageIndex * pageSize must be at most 10000"),
        ({"pageIndex": "x"}, "pageIndex must be a whole number"),
    ],
)
def test_a_bounded_product(given: dict[str, str], problem: str | None) -> None:
    assert PRODUCT.check(given) == problem


def test_a_malformed_product_is_refused_when_the_spec_loads() -> None:
    with pytest.raises(ValueError, match="x-bingx-max-product"):
        bounds.product({"parameters": ["a"]})


def prepare(path: str, method: str = "GET", **params: str) -> None:
    auth = BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY)
    auth.prepare(httpx.Request(method, f"https://open-api.bingx.com{path}", params=params))


HISTORY = "/openApi/spot/v1/trade/historyOrders"


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"pageSize": "101"}, "pageSize must be at most 100"),
        ({"pageIndex": "0"}, "pageIndex must be at least 1"),
        ({"pageIndex": "101"}, "pageIndex * pageSize must be at most 10000"),
        ({"pageIndex": "11", "pageSize": "1000"}, "pageSize must be at most 100"),
        ({"recvWindow": "60001"}, "recv_window must be within 1..60000 ms"),
    ],
)
def test_the_bundled_spec_s_bounds_are_refused_before_signing(
    params: dict[str, str], problem: str
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        prepare(HISTORY, **params)
    assert str(refused.value) == problem
    assert refused.value.operation in {"historyOrders", None}
    assert (refused.value.sent, refused.value.attempts) == (False, 0)


def test_a_refusal_never_holds_the_value() -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        prepare("/openApi/spot/v1/trade/cancelOrders", "POST", symbol="A-B",
                clientOrderIDs=SECRETISH)  # fmt: skip
    assert "clientOrderIDs must be" in str(refused.value)
    assert SECRETISH not in str(refused.value)
    assert SECRETISH not in repr(refused.value)


def test_what_is_within_bounds_is_prepared() -> None:
    prepare(HISTORY, pageIndex="100", pageSize="100")
    prepare("/openApi/spot/v1/trade/cancelOrders", "POST", symbol="A-B", process="1",
            orderIds="1,2")  # fmt: skip


def test_every_bound_of_the_bundled_spec_is_read() -> None:
    loaded = spec.load()
    history = loaded.operation("historyOrders")
    cancel = loaded.operation("cancelOrders")
    batch = loaded.operation("batchOrders")
    assert history is not None
    assert cancel is not None
    assert batch is not None
    assert set(history.checks) == {"pageIndex", "pageSize", "recvWindow"}
    assert history.max_product == PRODUCT
    assert set(cancel.checks) == {"orderIds", "clientOrderIDs", "process", "recvWindow"}
    assert batch.checks["data"]("[]", "data") == "data must hold 1 or more items"


PLACE = "/openApi/spot/v1/trade/order"
BATCH = "/openApi/spot/v1/trade/batchOrders"
CANCEL = "/openApi/spot/v1/trade/cancelOrders"


def place(**amounts: str) -> None:
    prepare(PLACE, "POST", symbol="BTC-USDT", side="BUY", type="LIMIT", **amounts)


AMOUNT_WORDS = "a positive decimal number written out (like 0.001), at most 40 characters"


@pytest.mark.parametrize(
    ("path", "params", "problem"),
    [
        (PLACE, {"quantity": "1e-3"},
         f"quantity must be {AMOUNT_WORDS}"),
        (PLACE, {"price": "0"}, f"price must be {AMOUNT_WORDS}"),
        (PLACE, {"newClientOrderId": "grid-17"},
         "newClientOrderId must be letters, digits and _ only (like grid_17), "
         "at most 40 characters"),
        (CANCEL, {"orderIds": "1, 2"},
         "orderIds must be whole-number ids separated by commas, no spaces (like 123,456)"),
        (CANCEL, {"clientOrderIDs": "a,"},
         "clientOrderIDs must be ids of 1 to 40 letters, digits and _ separated by commas, "
         "no spaces (like a_1,b_2)"),
        (BATCH,
         {"data": '[{"symbol":"A-B","side":"BUY","type":"LIMIT","quantity":"-1","price":"1"}]'},
         f"data[0].quantity must be {AMOUNT_WORDS}"),
    ],
)  # fmt: skip
def test_the_bundled_spec_tells_what_a_pattern_wants_in_words(
    path: str, params: dict[str, str], problem: str
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        prepare(path, "POST", symbol="A-B", side="BUY", type="LIMIT", **params)
    assert str(refused.value) == problem


def test_every_pattern_of_the_bundled_spec_has_its_words() -> None:
    # A pattern added without them would be told as the regular expression.
    def patterns(node: Any) -> list[Any]:
        if isinstance(node, dict):
            found = [node] if "pattern" in node else []
            return found + [one for value in node.values() for one in patterns(value)]
        if isinstance(node, list):
            return [one for value in node for one in patterns(value)]
        return []

    doc = json.loads(Path(bingx_spot_client.__file__).with_name("openapi.json").read_text("utf-8"))
    schemas = patterns(doc)
    assert len(schemas) >= 4
    assert [schema["pattern"] for schema in schemas if not schema.get(WORDS)] == []


@pytest.mark.parametrize("name", ["quantity", "price", "quoteOrderQty", "stopPrice"])
@pytest.mark.parametrize(
    "amount",
    ["0", "0.0", "000", "0.00000000", "1" * 41, "1" * 60, "0." + "0" * 39 + "1",
     # refused before as well
     "", ".5", "1.", "-1", "+1", "1e-7", "1E-7", " 1", "1,5", "0x1", "NaN", "Infinity"],
)  # fmt: skip
def test_an_amount_of_zero_or_too_long_is_refused_before_sending(name: str, amount: str) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        place(**{name: amount})
    assert name in str(refused.value)
    assert (refused.value.sent, refused.value.attempts) == (False, 0)


@pytest.mark.parametrize(
    "amount",
    ["1", "10", "0.1", "0.001", "00001", "0.00001", "1.0", "100.50", "64123.45",
     "0." + "0" * 37 + "1", "9" * 40],
)  # fmt: skip
def test_an_amount_above_zero_passes(amount: str) -> None:
    place(quantity=amount, price=amount)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ('{"symbol":"BTC-USDT"}', "data must be an array"),
        ('[{"symbol":"BTC-USDT","side":"BUY","type":"LIMIT","quantity":"0","price":"1"}]',
         f"data[0].quantity must be {AMOUNT_WORDS}"),
        ('[{"symbol":"BTC-USDT","side":"BUY","type":"LIMIT","quantity":0.001,"price":"1"}]',
         "data[0].quantity must be a string"),
    ],
)  # fmt: skip
def test_a_batch_of_the_wrong_json_type_or_a_zero_amount_is_refused(
    data: str, problem: str
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError) as refused:
        prepare(BATCH, "POST", data=data)
    assert problem in str(refused.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_batch_that_is_no_json_array_is_never_sent(mode: str) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"code": 0, "msg": "", "data": {"orders": []}})

    transport = httpx.MockTransport(answer)
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=transport,
                                    rate_limit=False)  # fmt: skip
    error = called(batch_orders, client, mode, data='{"symbol":"BTC-USDT"}')

    assert isinstance(error, bingx_spot.InvalidArgumentError)
    assert str(error) == "data must be an array"
    assert (error.sent, error.attempts) == (False, 0)
    assert sent == []
