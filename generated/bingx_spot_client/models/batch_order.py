from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchOrder")


@_attrs_define
class BatchOrder:
    """One order of batchOrders' `data`: placeOrder's parameters, by the same names.

    Attributes:
        symbol (str):
        side (str):
        type_ (str):
        stop_price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557" (digits, at most one
            point, no exponent), above zero (BingX refuses a zero amount), at most 40 characters, never a float's repr.
            `bingx_spot.amount` writes one from a `Decimal`, a string or an int. The client refuses another (`pattern`,
            `maxLength`), nothing sent.
        quantity (str | Unset): A price or quantity to send: exact decimal text such as "0.1557" (digits, at most one
            point, no exponent), above zero (BingX refuses a zero amount), at most 40 characters, never a float's repr.
            `bingx_spot.amount` writes one from a `Decimal`, a string or an int. The client refuses another (`pattern`,
            `maxLength`), nothing sent.
        quote_order_qty (str | Unset): A price or quantity to send: exact decimal text such as "0.1557" (digits, at most
            one point, no exponent), above zero (BingX refuses a zero amount), at most 40 characters, never a float's repr.
            `bingx_spot.amount` writes one from a `Decimal`, a string or an int. The client refuses another (`pattern`,
            `maxLength`), nothing sent.
        price (str | Unset): A price or quantity to send: exact decimal text such as "0.1557" (digits, at most one
            point, no exponent), above zero (BingX refuses a zero amount), at most 40 characters, never a float's repr.
            `bingx_spot.amount` writes one from a `Decimal`, a string or an int. The client refuses another (`pattern`,
            `maxLength`), nothing sent.
        new_client_order_id (str | Unset): Your id for an order: 1 to 40 letters, digits and `_` (BingX's rule). Lookups
            and cancels by it work only for 2 hours after the order was placed. The client refuses one that breaks the rule
            (`pattern`, `maxLength`), nothing sent.
        time_in_force (str | Unset):
    """

    symbol: str
    side: str
    type_: str
    stop_price: str | Unset = UNSET
    quantity: str | Unset = UNSET
    quote_order_qty: str | Unset = UNSET
    price: str | Unset = UNSET
    new_client_order_id: str | Unset = UNSET
    time_in_force: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        side = self.side

        type_ = self.type_

        stop_price = self.stop_price

        quantity = self.quantity

        quote_order_qty = self.quote_order_qty

        price = self.price

        new_client_order_id = self.new_client_order_id

        time_in_force = self.time_in_force

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "side": side,
                "type": type_,
            }
        )
        if stop_price is not UNSET:
            field_dict["stopPrice"] = stop_price
        if quantity is not UNSET:
            field_dict["quantity"] = quantity
        if quote_order_qty is not UNSET:
            field_dict["quoteOrderQty"] = quote_order_qty
        if price is not UNSET:
            field_dict["price"] = price
        if new_client_order_id is not UNSET:
            field_dict["newClientOrderId"] = new_client_order_id
        if time_in_force is not UNSET:
            field_dict["timeInForce"] = time_in_force

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        side = d.pop("side")

        type_ = d.pop("type")

        stop_price = d.pop("stopPrice", UNSET)

        quantity = d.pop("quantity", UNSET)

        quote_order_qty = d.pop("quoteOrderQty", UNSET)

        price = d.pop("price", UNSET)

        new_client_order_id = d.pop("newClientOrderId", UNSET)

        time_in_force = d.pop("timeInForce", UNSET)

        batch_order = cls(
            symbol=symbol,
            side=side,
            type_=type_,
            stop_price=stop_price,
            quantity=quantity,
            quote_order_qty=quote_order_qty,
            price=price,
            new_client_order_id=new_client_order_id,
            time_in_force=time_in_force,
        )

        batch_order.additional_properties = d
        return batch_order

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
