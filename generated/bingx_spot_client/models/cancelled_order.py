from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CancelledOrder")


@_attrs_define
class CancelledOrder:
    """One cancelled order. Fields the server adds beyond these are kept in `additional_properties`. Prices and quantities
    are decimal strings; a server that sends a JSON number instead is tolerated and the number is kept as it came. The
    required fields are in every real cancel answer (PROTOCOL.md section 8).

        Attributes:
            symbol (str): Trading pair
            order_id (int): Order ID, often above 2^53; kept exact.
            transact_time (int): When the order was cancelled, ms since epoch (not on the endpoint page, sent by the
                server).
            price (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            stop_price (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            orig_qty (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            executed_qty (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            cummulative_quote_qty (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            status (str): Order status: NEW, PENDING, PARTIALLY_FILLED, FILLED, CANCELED, FAILED. Open: another value
                arrives as it is.
            type_ (str): MARKET, LIMIT, TAKE_STOP_LIMIT, TAKE_STOP_MARKET, TRIGGER_LIMIT, TRIGGER_MARKET. Open: another
                value arrives as it is.
            side (str): BUY or SELL. Open.
            client_order_id (str): Customized order ID for users (spelled `clientOrderID` on this endpoint).
    """

    symbol: str
    order_id: int
    transact_time: int
    price: float | str
    stop_price: float | str
    orig_qty: float | str
    executed_qty: float | str
    cummulative_quote_qty: float | str
    status: str
    type_: str
    side: str
    client_order_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        order_id = self.order_id

        transact_time = self.transact_time

        price: float | str
        price = self.price

        stop_price: float | str
        stop_price = self.stop_price

        orig_qty: float | str
        orig_qty = self.orig_qty

        executed_qty: float | str
        executed_qty = self.executed_qty

        cummulative_quote_qty: float | str
        cummulative_quote_qty = self.cummulative_quote_qty

        status = self.status

        type_ = self.type_

        side = self.side

        client_order_id = self.client_order_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "orderId": order_id,
                "transactTime": transact_time,
                "price": price,
                "stopPrice": stop_price,
                "origQty": orig_qty,
                "executedQty": executed_qty,
                "cummulativeQuoteQty": cummulative_quote_qty,
                "status": status,
                "type": type_,
                "side": side,
                "clientOrderID": client_order_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        order_id = d.pop("orderId")

        transact_time = d.pop("transactTime")

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))

        def _parse_stop_price(data: object) -> float | str:
            return cast(float | str, data)

        stop_price = _parse_stop_price(d.pop("stopPrice"))

        def _parse_orig_qty(data: object) -> float | str:
            return cast(float | str, data)

        orig_qty = _parse_orig_qty(d.pop("origQty"))

        def _parse_executed_qty(data: object) -> float | str:
            return cast(float | str, data)

        executed_qty = _parse_executed_qty(d.pop("executedQty"))

        def _parse_cummulative_quote_qty(data: object) -> float | str:
            return cast(float | str, data)

        cummulative_quote_qty = _parse_cummulative_quote_qty(d.pop("cummulativeQuoteQty"))

        status = d.pop("status")

        type_ = d.pop("type")

        side = d.pop("side")

        client_order_id = d.pop("clientOrderID")

        cancelled_order = cls(
            symbol=symbol,
            order_id=order_id,
            transact_time=transact_time,
            price=price,
            stop_price=stop_price,
            orig_qty=orig_qty,
            executed_qty=executed_qty,
            cummulative_quote_qty=cummulative_quote_qty,
            status=status,
            type_=type_,
            side=side,
            client_order_id=client_order_id,
        )

        cancelled_order.additional_properties = d
        return cancelled_order

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
