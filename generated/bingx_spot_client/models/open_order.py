from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OpenOrder")


@_attrs_define
class OpenOrder:
    """One open order, in the fields of BingX's order query (which spells `StopPrice` with a capital S). Fields the server
    adds beyond these, a lowercase `stopPrice` included, are kept in `additional_properties`. Prices and quantities are
    decimal strings; a JSON number is kept as it came. The required fields are those BingX documents for every order.

        Attributes:
            symbol (str): Trading pair
            order_id (int): Order ID, often above 2^53; kept exact.
            price (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            stop_price (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            orig_qty (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            executed_qty (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            cummulative_quote_qty (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            orig_quote_order_qty (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            avg_price (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            fee (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            fee_asset (str): The asset the fee is paid in.
            status (str): NEW, PENDING, PARTIALLY_FILLED, WORKING, ... Open: another value arrives as it is.
            type_ (str): MARKET, LIMIT, TAKE_STOP_LIMIT, TAKE_STOP_MARKET, TRIGGER_LIMIT, TRIGGER_MARKET. Open: another
                value arrives as it is.
            side (str): BUY or SELL. Open.
            time (int): When the order was placed, ms since epoch.
            update_time (int): When the order last changed, ms since epoch.
            client_order_id (str): Customized order ID for users (spelled `clientOrderID`).
    """

    symbol: str
    order_id: int
    price: float | str
    stop_price: float | str
    orig_qty: float | str
    executed_qty: float | str
    cummulative_quote_qty: float | str
    orig_quote_order_qty: float | str
    avg_price: float | str
    fee: float | str
    fee_asset: str
    status: str
    type_: str
    side: str
    time: int
    update_time: int
    client_order_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        order_id = self.order_id

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

        orig_quote_order_qty: float | str
        orig_quote_order_qty = self.orig_quote_order_qty

        avg_price: float | str
        avg_price = self.avg_price

        fee: float | str
        fee = self.fee

        fee_asset = self.fee_asset

        status = self.status

        type_ = self.type_

        side = self.side

        time = self.time

        update_time = self.update_time

        client_order_id = self.client_order_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "orderId": order_id,
                "price": price,
                "StopPrice": stop_price,
                "origQty": orig_qty,
                "executedQty": executed_qty,
                "cummulativeQuoteQty": cummulative_quote_qty,
                "origQuoteOrderQty": orig_quote_order_qty,
                "avgPrice": avg_price,
                "fee": fee,
                "feeAsset": fee_asset,
                "status": status,
                "type": type_,
                "side": side,
                "time": time,
                "updateTime": update_time,
                "clientOrderID": client_order_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        order_id = d.pop("orderId")

        def _parse_price(data: object) -> float | str:
            return cast(float | str, data)

        price = _parse_price(d.pop("price"))

        def _parse_stop_price(data: object) -> float | str:
            return cast(float | str, data)

        stop_price = _parse_stop_price(d.pop("StopPrice"))

        def _parse_orig_qty(data: object) -> float | str:
            return cast(float | str, data)

        orig_qty = _parse_orig_qty(d.pop("origQty"))

        def _parse_executed_qty(data: object) -> float | str:
            return cast(float | str, data)

        executed_qty = _parse_executed_qty(d.pop("executedQty"))

        def _parse_cummulative_quote_qty(data: object) -> float | str:
            return cast(float | str, data)

        cummulative_quote_qty = _parse_cummulative_quote_qty(d.pop("cummulativeQuoteQty"))

        def _parse_orig_quote_order_qty(data: object) -> float | str:
            return cast(float | str, data)

        orig_quote_order_qty = _parse_orig_quote_order_qty(d.pop("origQuoteOrderQty"))

        def _parse_avg_price(data: object) -> float | str:
            return cast(float | str, data)

        avg_price = _parse_avg_price(d.pop("avgPrice"))

        def _parse_fee(data: object) -> float | str:
            return cast(float | str, data)

        fee = _parse_fee(d.pop("fee"))

        fee_asset = d.pop("feeAsset")

        status = d.pop("status")

        type_ = d.pop("type")

        side = d.pop("side")

        time = d.pop("time")

        update_time = d.pop("updateTime")

        client_order_id = d.pop("clientOrderID")

        open_order = cls(
            symbol=symbol,
            order_id=order_id,
            price=price,
            stop_price=stop_price,
            orig_qty=orig_qty,
            executed_qty=executed_qty,
            cummulative_quote_qty=cummulative_quote_qty,
            orig_quote_order_qty=orig_quote_order_qty,
            avg_price=avg_price,
            fee=fee,
            fee_asset=fee_asset,
            status=status,
            type_=type_,
            side=side,
            time=time,
            update_time=update_time,
            client_order_id=client_order_id,
        )

        open_order.additional_properties = d
        return open_order

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
