from typing import Any

import pytest

from bingx_spot.wire import spec


def test_operations_come_from_the_bundled_spec() -> None:
    loaded = spec.load()
    cancel = loaded.find("post", "/openApi/spot/v1/trade/cancelOpenOrders")
    time = loaded.find("GET", "/openApi/spot/v1/server/time")

    assert cancel == spec.Operation(
        operation_id="cancelOpenOrders",
        method="POST",
        path="/openApi/spot/v1/trade/cancelOpenOrders",
        signed=True,
        uid_rate=2,
        ip_group="3",
        # group 3's total and per-endpoint windows (info.x-bingx-ip-groups)
        ip_limits=((2000, 10, "ip/3"), (300, 10, "ip/3//openApi/spot/v1/trade/cancelOpenOrders")),
        idempotent=True,
    )
    assert time is not None
    assert (time.operation_id, time.signed, time.uid_rate) == ("serverTime", False, None)
    assert (time.idempotent, time.server_time) == (True, "data.serverTime")
    assert loaded.clock == time
    assert loaded.find("GET", "/openApi/spot/v1/trade/cancelOpenOrders") is None
    assert loaded.default_base_url == "https://open-api.bingx.com"
    assert loaded.ip_groups["3"]["perEndpoint"] == {"limit": 300, "seconds": 10}


def test_a_path_template_is_refused_when_the_spec_is_read() -> None:
    # BingX has no path parameters; a template would match no request, so it fails loudly.
    doc = {
        "paths": {
            "/v1/order/{orderId}": {"get": {"operationId": "getOrder", "security": []}},
        },
        "servers": [{"url": "http://127.0.0.1"}],
    }
    with pytest.raises(ValueError, match=r"/v1/order/\{orderId\}: path templates"):
        spec._build(doc)


def test_find_is_exact_on_the_path_and_any_case_of_the_method() -> None:
    loaded = spec.load()
    path = "/openApi/spot/v1/trade/cancelOpenOrders"
    found = loaded.find("post", path)
    assert found is not None
    assert found.operation_id == "cancelOpenOrders"
    assert loaded.find("POST", path + "/") is None
    assert loaded.find("GET", path) is None


def _answering(schema: dict[str, Any], schemas: dict[str, Any] | None = None) -> spec.Spec:
    doc = {
        "paths": {
            "/v1/x": {
                "get": {
                    "operationId": "x",
                    "responses": {
                        "200": {"content": {"application/json": {"schema": schema}}},
                    },
                }
            }
        },
        "components": {"schemas": schemas or {}},
    }
    return spec._build(doc)


ITEMS = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
SCHEMAS = {
    "Item": {"type": "object", "properties": {"tags": {"type": "array"}}},
    "Page": {"type": "object", "properties": {"items": ITEMS}},
}
ENVELOPE = {
    "type": "object",
    "properties": {
        "page": {"$ref": "#/components/schemas/Page"},
        "maybe": {"oneOf": [{"$ref": "#/components/schemas/Page"}, {"type": "null"}]},
        "list": {"type": ["array", "null"]},
        "either": {"oneOf": [{"type": "array"}, {"type": "object"}]},
        "name": {"type": "string"},
    },
}


@pytest.mark.parametrize(
    ("value", "rewritten", "changed"),
    [
        ({"page": {"items": None}}, {"page": {"items": []}}, True),
        ({"page": []}, {"page": {}}, True),
        ({"maybe": []}, {"maybe": {}}, True),
        ({"maybe": None}, {"maybe": None}, False),  # null is allowed there
        ({"maybe": {"items": None}}, {"maybe": {"items": []}}, True),
        ({"page": {"items": [{"tags": None}, {}]}}, {"page": {"items": [{"tags": []}, {}]}}, True),
        ({"list": None}, {"list": None}, False),  # a nullable array keeps its null
        ({"either": []}, {"either": []}, False),  # an array is allowed there
        ({"name": None, "other": []}, {"name": None, "other": []}, False),  # not containers
        ({"page": {"items": [None, []]}}, {"page": {"items": [None, []]}}, False),  # items stay
    ],
)  # fmt: skip
def test_empties_rewrites_nothing_values_where_the_schema_wants_another_container(
    value: dict[str, object], rewritten: dict[str, object], changed: bool
) -> None:
    loaded = _answering(ENVELOPE, SCHEMAS)
    [op] = loaded.operations
    assert loaded.empties(value, op) is changed
    assert value == rewritten


def test_a_schema_without_containers_has_no_rewrite() -> None:
    [op] = _answering({"type": "object", "properties": {"a": {"type": "string"}}}).operations
    assert op.empties is None


ORDERS = {
    "type": "object",
    "required": ["orders", "more"],
    "properties": {
        "orders": {"type": "array", "items": {"$ref": "#/components/schemas/Order"}},
        "more": {"type": "object", "required": ["tags"], "properties": {"tags": ITEMS}},
    },
}
REQUIRED_SCHEMAS = {
    "Item": SCHEMAS["Item"],
    "Order": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
    "Orders": ORDERS,
}
REQUIRED = {
    "type": "object",
    "required": ["code", "data", "maybe"],
    "properties": {
        "code": {"type": "integer"},
        "data": {"$ref": "#/components/schemas/Orders"},
        "maybe": {"oneOf": [{"$ref": "#/components/schemas/Orders"}, {"type": "null"}]},
        "optional": {"$ref": "#/components/schemas/Orders"},
    },
}
FILLED = {"orders": [], "more": {"tags": []}}


@pytest.mark.parametrize(
    ("value", "rewritten"),
    [
        ({"code": 0, "maybe": None}, {"code": 0, "data": FILLED, "maybe": None}),
        ({"code": 0, "data": None, "maybe": None}, {"code": 0, "data": FILLED, "maybe": None}),
        ({"code": 0, "data": [], "maybe": None}, {"code": 0, "data": FILLED, "maybe": None}),
        ({"code": 0, "data": {}, "maybe": None}, {"code": 0, "data": FILLED, "maybe": None}),
        ({"code": 0, "data": {"orders": None, "more": None}},
         {"code": 0, "data": FILLED}),  # a required but nullable one may stay missing
        ({"code": 0, "data": FILLED, "maybe": {}}, {"code": 0, "data": FILLED, "maybe": FILLED}),
        ({"code": 0, "data": FILLED, "maybe": None, "optional": None},
         {"code": 0, "data": FILLED, "maybe": None, "optional": None}),  # not required
        ({"code": 0, "data": {"orders": [{}], "more": {}}, "maybe": None},
         {"code": 0, "data": {"orders": [{}], "more": {"tags": []}}, "maybe": None}),
    ],
)  # fmt: skip
def test_empties_fills_required_containers_never_required_scalars(
    value: dict[str, object], rewritten: dict[str, object]
) -> None:
    loaded = _answering(REQUIRED, REQUIRED_SCHEMAS)
    [op] = loaded.operations
    changed = value != rewritten
    assert loaded.empties(value, op) is changed
    assert value == rewritten
    # The scalar an order requires is left for the shape check to report.
    if value["data"] == {"orders": [{}], "more": {"tags": []}}:
        assert loaded.shape_error(value, op) == "body.data.orders[0].id is missing"


def test_a_filled_container_is_a_fresh_one_each_time() -> None:
    loaded = _answering(REQUIRED, REQUIRED_SCHEMAS)
    [op] = loaded.operations
    first: dict[str, object] = {"code": 0, "maybe": None}
    second: dict[str, object] = {"code": 0, "maybe": None}
    loaded.empties(first, op)
    loaded.empties(second, op)
    assert first["data"] is not second["data"]


def test_a_parameters_max_length_is_read_through_its_references() -> None:
    identity = {"name": "id", "in": "query", "schema": {"$ref": "#/components/schemas/Id"}}
    doc = {
        "paths": {
            "/v1/x": {
                "post": {
                    "operationId": "x",
                    "parameters": [
                        {"$ref": "#/components/parameters/Id"},
                        {"name": "data", "in": "query", "schema": {"maxLength": 9}},
                        {"name": "plain", "in": "query", "schema": {"type": "string"}},
                        {"name": "head", "in": "header", "schema": {"maxLength": 3}},
                    ],
                }
            }
        },
        "components": {
            "parameters": {"Id": identity},
            "schemas": {"Id": {"type": "string", "maxLength": 40}},
        },
    }  # fmt: skip
    [op] = spec._build(doc).operations
    assert dict(op.max_chars) == {"id": 40, "data": 9}


def test_the_bundled_spec_gives_the_batch_and_the_client_ids_their_lengths() -> None:
    loaded = spec.load()
    batch = loaded.find("POST", "/openApi/spot/v1/trade/batchOrders")
    place = loaded.find("POST", "/openApi/spot/v1/trade/order")
    cancel = loaded.find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")
    assert batch is not None
    assert place is not None
    assert cancel is not None
    assert dict(batch.max_chars) == {"data": 4096}
    amounts = ("price", "quantity", "quoteOrderQty", "stopPrice")
    assert dict(place.max_chars) == {"newClientOrderId": 40, **dict.fromkeys(amounts, 40)}
    assert dict(cancel.max_chars) == {}


SIGNED: list[dict[str, list[str]]] = [{"BingXSignature": []}]
CLIENT_ID = {
    "parameter": "cid",
    "prefix": "x_",
    "randomHexDigits": 16,
    "lookup": {"operationId": "find", "parameter": "id", "copy": ["pair"], "notFound": [404]},
}


def _placing(extension: dict[str, object], *, security: object = SIGNED) -> dict[str, object]:
    cid = {"name": "cid", "in": "query", "schema": {"type": "string", "maxLength": 20}}
    return {
        "paths": {
            "/v1/make": {"post": {"operationId": "make", "security": security,
                                  "parameters": [cid], "x-bingx-client-id": extension}},
            "/v1/find": {"get": {"operationId": "find", "security": SIGNED}},
        }
    }  # fmt: skip


def test_a_client_id_extension_is_read() -> None:
    loaded = spec._build(_placing(CLIENT_ID))
    make = loaded.operation("make")
    assert make is not None
    assert make.client_id == spec.ClientId("cid", "x_", 16, "find", "id", ("pair",),
                                           frozenset({404}))  # fmt: skip
    made = make.client_id.make()
    assert len(made) == 18
    assert made.startswith("x_")
    assert int(made[2:], 16) >= 0
    assert made != make.client_id.make()


@pytest.mark.parametrize(
    ("extension", "security", "problem"),
    [
        ({**CLIENT_ID, "lookup": {"operationId": "lost", "parameter": "id", "notFound": [1]}},
         SIGNED, "no operation lost"),
        ({**CLIENT_ID, "randomHexDigits": 30}, SIGNED, "longer than 20"),  # 32 > maxLength 20
        ({**CLIENT_ID, "randomHexDigits": 8}, SIGNED, "16 random hex digits"),
        ({**CLIENT_ID, "lookup": {"operationId": "find", "parameter": "id", "notFound": []}},
         SIGNED, "notFound"),
        ({"parameter": "cid"}, SIGNED, "malformed"),
        (CLIENT_ID, [], "needs a signed operation"),
    ],
)  # fmt: skip
def test_a_client_id_extension_no_call_could_honour_is_refused_when_the_spec_loads(
    extension: dict[str, object], security: object, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        spec._build(_placing(extension, security=security))


def test_the_ids_made_must_pass_the_parameter_s_pattern() -> None:
    doc = _placing(CLIENT_ID)
    make: Any = doc["paths"]
    make["/v1/make"]["post"]["parameters"][0]["schema"]["pattern"] = "^[0-9]+$"
    with pytest.raises(ValueError, match="cid must match"):
        spec._build(doc)


def test_the_bundled_spec_gives_placements_a_client_id_looked_up_by_query_order() -> None:
    loaded = spec.load()
    place = loaded.operation("placeOrder")
    batch = loaded.operation("batchOrders")
    assert place is not None
    assert batch is not None
    assert place.client_id is not None
    assert (place.client_id.parameter, place.client_id.lookup) == ("newClientOrderId", "queryOrder")
    assert place.client_id.not_found == {100404, 80016}
    assert not place.idempotent
    assert batch.client_id is None  # never re-sent, never looked up
    assert [op.operation_id for op in loaded.operations if op.client_id] == ["placeOrder"]


def test_what_makes_an_order_found_the_call_s_is_read() -> None:
    lookup = {"operationId": "find", "parameter": "id", "notFound": [404],
              "match": {"data.pair": "pair"}, "matchWhenPresent": {"data.cid": "cid"},
              "placedAt": ["data.at"]}  # fmt: skip
    make = spec._build(_placing({**CLIENT_ID, "lookup": lookup})).operation("make")
    assert make is not None
    assert make.client_id is not None
    assert make.client_id.match == (("data.pair", "pair"),)
    assert make.client_id.match_when_present == (("data.cid", "cid"),)
    assert make.client_id.placed_at == ("data.at",)


@pytest.mark.parametrize(
    "wrong",
    [{"match": ["data.pair"]}, {"matchWhenPresent": "data.cid"}, {"placedAt": "data.at"}],
    ids=["match-list", "when-present-text", "placed-at-text"],
)
def test_a_malformed_match_is_refused_when_the_spec_loads(wrong: dict[str, object]) -> None:
    lookup = {"operationId": "find", "parameter": "id", "notFound": [404], **wrong}
    with pytest.raises(ValueError, match="malformed"):
        spec._build(_placing({**CLIENT_ID, "lookup": lookup}))


def test_the_bundled_spec_matches_an_order_found_by_symbol_side_type_and_client_id() -> None:
    place = spec.load().operation("placeOrder")
    assert place is not None
    assert place.client_id is not None
    assert dict(place.client_id.match) == {
        "data.symbol": "symbol", "data.side": "side", "data.type": "type"
    }  # fmt: skip
    assert dict(place.client_id.match_when_present) == {"data.clientOrderID": "newClientOrderId"}
    assert place.client_id.placed_at == ("data.time", "data.transactTime")
    # Amounts are not compared: BingX truncates them.
    compared = {name for _, name in place.client_id.match + place.client_id.match_when_present}
    assert not compared & {"quantity", "price", "quoteOrderQty", "stopPrice"}
