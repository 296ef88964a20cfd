from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PlacedOrder")


@_attrs_define
class PlacedOrder:
    """An order as placeOrder and batchOrders answer it. BingX's documented examples: the placed order has `transactTime`
    (ms) and status PENDING, and no `stopPrice`; the placeOrder example has no `clientOrderID` although the field table
    lists it, the batchOrders example has it (docs/bingx-facts.md, "The rest of the spot order lifecycle"). Only
    `symbol`, `orderId` and `status` are required; a field that is missing stays unset, never made up, and fields the
    server adds are kept in `additional_properties`. Prices and quantities are decimal strings; a JSON number is kept as
    it came.

        Attributes:
            symbol (str): Trading pair
            order_id (int): Order ID, often above 2^53; kept exact.
            status (str): NEW, PENDING, PARTIALLY_FILLED, FILLED, CANCELED, FAILED. Open: another value arrives as it is.
            transact_time (int | Unset): When the order was placed, ms since epoch (below 10^11 it is seconds).
            price (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            stop_price (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            orig_qty (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            executed_qty (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            cummulative_quote_qty (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as
                it came.
            type_ (str | Unset): MARKET, LIMIT, TAKE_STOP_LIMIT, TAKE_STOP_MARKET, TRIGGER_LIMIT, TRIGGER_MARKET. Open:
                another value arrives as it is.
            side (str | Unset): BUY or SELL. Open.
            client_order_id (str | Unset): Your id for the order (spelled `clientOrderID` in the answer, `newClientOrderId`
                in the request); in the batchOrders example, not in the placeOrder one.
    """

    symbol: str
    order_id: int
    status: str
    transact_time: int | Unset = UNSET
    price: float | str | Unset = UNSET
    stop_price: float | str | Unset = UNSET
    orig_qty: float | str | Unset = UNSET
    executed_qty: float | str | Unset = UNSET
    cummulative_quote_qty: float | str | Unset = UNSET
    type_: str | Unset = UNSET
    side: str | Unset = UNSET
    client_order_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        order_id = self.order_id

        status = self.status

        transact_time = self.transact_time

        price: float | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        stop_price: float | str | Unset
        if isinstance(self.stop_price, Unset):
            stop_price = UNSET
        else:
            stop_price = self.stop_price

        orig_qty: float | str | Unset
        if isinstance(self.orig_qty, Unset):
            orig_qty = UNSET
        else:
            orig_qty = self.orig_qty

        executed_qty: float | str | Unset
        if isinstance(self.executed_qty, Unset):
            executed_qty = UNSET
        else:
            executed_qty = self.executed_qty

        cummulative_quote_qty: float | str | Unset
        if isinstance(self.cummulative_quote_qty, Unset):
            cummulative_quote_qty = UNSET
        else:
            cummulative_quote_qty = self.cummulative_quote_qty

        type_ = self.type_

        side = self.side

        client_order_id = self.client_order_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "orderId": order_id,
                "status": status,
            }
        )
        if transact_time is not UNSET:
            field_dict["transactTime"] = transact_time
        if price is not UNSET:
            field_dict["price"] = price
        if stop_price is not UNSET:
            field_dict["stopPrice"] = stop_price
        if orig_qty is not UNSET:
            field_dict["origQty"] = orig_qty
        if executed_qty is not UNSET:
            field_dict["executedQty"] = executed_qty
        if cummulative_quote_qty is not UNSET:
            field_dict["cummulativeQuoteQty"] = cummulative_quote_qty
        if type_ is not UNSET:
            field_dict["type"] = type_
        if side is not UNSET:
            field_dict["side"] = side
        if client_order_id is not UNSET:
            field_dict["clientOrderID"] = client_order_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        order_id = d.pop("orderId")

        status = d.pop("status")

        transact_time = d.pop("transactTime", UNSET)

        def _parse_price(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        def _parse_stop_price(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        stop_price = _parse_stop_price(d.pop("stopPrice", UNSET))

        def _parse_orig_qty(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        orig_qty = _parse_orig_qty(d.pop("origQty", UNSET))

        def _parse_executed_qty(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        executed_qty = _parse_executed_qty(d.pop("executedQty", UNSET))

        def _parse_cummulative_quote_qty(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        cummulative_quote_qty = _parse_cummulative_quote_qty(d.pop("cummulativeQuoteQty", UNSET))

        type_ = d.pop("type", UNSET)

        side = d.pop("side", UNSET)

        client_order_id = d.pop("clientOrderID", UNSET)

        placed_order = cls(
            symbol=symbol,
            order_id=order_id,
            status=status,
            transact_time=transact_time,
            price=price,
            stop_price=stop_price,
            orig_qty=orig_qty,
            executed_qty=executed_qty,
            cummulative_quote_qty=cummulative_quote_qty,
            type_=type_,
            side=side,
            client_order_id=client_order_id,
        )

        placed_order.additional_properties = d
        return placed_order

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
