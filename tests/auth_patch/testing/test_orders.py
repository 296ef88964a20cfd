"""Orders made with ``Order`` are BingX's wire form, and come back exact through the SDK."""

from decimal import Decimal
from typing import Any

import pytest

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, Order
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.types import UNSET
from tests.conftest import local_client

# docs/bingx-facts.md, "Cancel answers": the fields of a documented cancel answer, transactTime
# being the cancel's own.
WIRE_FIELDS = [
    "symbol", "orderId", "price", "stopPrice", "origQty", "executedQty", "cummulativeQuoteQty",
    "status", "type", "side", "clientOrderID",
]  # fmt: skip


def test_an_order_needs_only_what_the_test_cares_about() -> None:
    wire = Order(symbol="ETH-USDT", side="SELL", price="2500.50").to_wire()

    assert list(wire) == WIRE_FIELDS
    assert (wire["symbol"], wire["side"], wire["price"]) == ("ETH-USDT", "SELL", "2500.50")
    assert (wire["status"], wire["type"], wire["clientOrderID"]) == ("NEW", "LIMIT", "")
    amounts = ["price", "stopPrice", "origQty", "executedQty", "cummulativeQuoteQty"]
    assert [wire[name] for name in amounts] == ["2500.50", "0", "0.001", "0", "0"]
    assert type(wire["orderId"]) is int


def test_ids_are_unique_int64_beyond_a_float() -> None:
    ids = [Order().order_id for _ in range(1000)]

    assert len(set(ids)) == len(ids)
    assert all(2**53 < i < 2**63 for i in ids)
    assert any(int(float(i)) != i for i in ids)
    demo = {order["orderId"] for order in LocalExchange().open_orders()}
    assert not demo & set(ids)


@pytest.mark.parametrize(
    ("given", "sent"),
    [("0.0030", "0.0030"), (Decimal("0.00000398"), "0.00000398"), (Decimal("1E+3"), "1000"),
     (42000, "42000")],
)  # fmt: skip
def test_amounts_go_out_as_plain_decimal_strings(given: Any, sent: str) -> None:
    assert Order(price=given, orig_qty=given).to_wire()["price"] == sent
    assert Order(price=given, orig_qty=given).to_wire()["origQty"] == sent


@pytest.mark.parametrize(
    "amount", [0.1, "1e3", "NaN", "", " 1", "-1", Decimal("-0.5"), Decimal("Infinity"), True]
)
def test_an_amount_that_is_not_a_plain_decimal_is_refused(amount: Any) -> None:
    with pytest.raises(ValueError, match="price"):
        Order(price=amount)


@pytest.mark.parametrize("order_id", [0, -1, 2**63, 1.5, True])
def test_an_id_outside_int64_is_refused(order_id: Any) -> None:
    with pytest.raises(ValueError, match="order_id"):
        Order(order_id=order_id)


def test_the_exchange_takes_orders_and_dicts_and_cancels_them_exactly() -> None:
    exchange = LocalExchange(accounts={DEMO_API_KEY: DEMO_SECRET_KEY})
    typed = [Order(symbol="ETH-USDT", price=Decimal("2500.5"), client_order_id="mine")]
    raw = {**Order(symbol="ETH-USDT").to_wire(), "origClientOrderId": "raw"}
    exchange.add_orders(typed)
    exchange.add_orders([raw])
    raw["symbol"] = "changed after adding"  # the exchange keeps its own copy
    client = local_client(exchange)

    with client:
        result = cancel_open_orders.sync(client=client, symbol="ETH-USDT")

    orders = result.data.orders
    assert [o.order_id for o in orders] == [typed[0].order_id, raw["orderId"]]
    assert [(o.price, o.client_order_id, o.status) for o in orders] == [
        ("2500.5", "mine", "CANCELED"),
        ("42000", UNSET, "CANCELED"),  # placed without a client id: BingX sends no field
    ]
    assert orders[1].additional_properties == {"origClientOrderId": "raw"}
    assert [o["symbol"] for o in exchange.open_orders()] == [
        "GM-USDT", "BTC-USDT", "BTC-USDT", "OTHR#99961-USDT"
    ]  # fmt: skip


def test_a_partial_dict_gets_every_field_a_real_order_has() -> None:
    exchange = LocalExchange(accounts={DEMO_API_KEY: DEMO_SECRET_KEY})
    exchange.add_orders([{"symbol": "ETH-USDT", "orderId": 5, "side": "SELL"}])
    client = local_client(exchange)

    with client:
        result = cancel_open_orders.sync(client=client, symbol="ETH-USDT")

    [order] = result.data.orders
    assert (order.order_id, order.side, order.status) == (5, "SELL", "CANCELED")
    defaults = Order(symbol="ETH-USDT", order_id=5, side="SELL", status="CANCELED").to_wire()
    del defaults["clientOrderID"]  # empty: a cancel answer leaves it out
    assert {k: v for k, v in order.to_dict().items() if k != "transactTime"} == defaults
