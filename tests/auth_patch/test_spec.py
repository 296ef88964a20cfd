from bingx_spot import spec


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
        idempotent=True,
    )
    assert time is not None
    assert (time.operation_id, time.signed, time.uid_rate) == ("serverTime", False, None)
    assert (time.idempotent, time.server_time) == (True, "data.serverTime")
    assert loaded.clock == time
    assert loaded.find("GET", "/openApi/spot/v1/trade/cancelOpenOrders") is None
    assert loaded.default_base_url == "https://open-api.bingx.com"
    assert loaded.ip_groups["3"]["perEndpoint"] == {"limit": 300, "seconds": 10}


def test_path_templates_match_one_segment() -> None:
    doc = {
        "paths": {
            "/v1/order/{orderId}": {"get": {"operationId": "getOrder", "security": []}},
        },
        "servers": [{"url": "http://127.0.0.1"}],
    }
    loaded = spec._build(doc)

    found = loaded.find("GET", "/v1/order/123")
    assert found is not None
    assert found.operation_id == "getOrder"
    assert not found.signed
    assert loaded.find("GET", "/v1/order/1/2") is None
