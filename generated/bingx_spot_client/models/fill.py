from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Fill")


@_attrs_define
class Fill:
    """One fill (a trade) of one of the account's orders. `commission` is a bare JSON float in BingX's documented example,
    negative (what was charged) and in exponent form when small (`-1.2493e-7`): read it with `bingx_spot.decimal`, never
    with float arithmetic. Only `symbol`, `id` and `orderId` are required; fields the server adds are kept in
    `additional_properties`.

        Attributes:
            symbol (str): Trading pair
            id (int): The fill's (trade's) id.
            order_id (int): The order filled, often above 2^53; kept exact.
            price (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            qty (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            quote_qty (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            commission (float | str | Unset): The fee, a bare JSON float as captured (e.g. -0.000046483255, -1.2493e-7); a
                string is kept as it came.
            commission_asset (str | Unset): The asset the fee was charged in.
            time (int | Unset): When it filled, ms since epoch.
            is_buyer (bool | Unset): The account bought.
            is_maker (bool | Unset): The account's order was the maker.
    """

    symbol: str
    id: int
    order_id: int
    price: float | str | Unset = UNSET
    qty: float | str | Unset = UNSET
    quote_qty: float | str | Unset = UNSET
    commission: float | str | Unset = UNSET
    commission_asset: str | Unset = UNSET
    time: int | Unset = UNSET
    is_buyer: bool | Unset = UNSET
    is_maker: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        id = self.id

        order_id = self.order_id

        price: float | str | Unset
        if isinstance(self.price, Unset):
            price = UNSET
        else:
            price = self.price

        qty: float | str | Unset
        if isinstance(self.qty, Unset):
            qty = UNSET
        else:
            qty = self.qty

        quote_qty: float | str | Unset
        if isinstance(self.quote_qty, Unset):
            quote_qty = UNSET
        else:
            quote_qty = self.quote_qty

        commission: float | str | Unset
        if isinstance(self.commission, Unset):
            commission = UNSET
        else:
            commission = self.commission

        commission_asset = self.commission_asset

        time = self.time

        is_buyer = self.is_buyer

        is_maker = self.is_maker

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
                "id": id,
                "orderId": order_id,
            }
        )
        if price is not UNSET:
            field_dict["price"] = price
        if qty is not UNSET:
            field_dict["qty"] = qty
        if quote_qty is not UNSET:
            field_dict["quoteQty"] = quote_qty
        if commission is not UNSET:
            field_dict["commission"] = commission
        if commission_asset is not UNSET:
            field_dict["commissionAsset"] = commission_asset
        if time is not UNSET:
            field_dict["time"] = time
        if is_buyer is not UNSET:
            field_dict["isBuyer"] = is_buyer
        if is_maker is not UNSET:
            field_dict["isMaker"] = is_maker

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        id = d.pop("id")

        order_id = d.pop("orderId")

        def _parse_price(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        price = _parse_price(d.pop("price", UNSET))

        def _parse_qty(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        qty = _parse_qty(d.pop("qty", UNSET))

        def _parse_quote_qty(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        quote_qty = _parse_quote_qty(d.pop("quoteQty", UNSET))

        def _parse_commission(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        commission = _parse_commission(d.pop("commission", UNSET))

        commission_asset = d.pop("commissionAsset", UNSET)

        time = d.pop("time", UNSET)

        is_buyer = d.pop("isBuyer", UNSET)

        is_maker = d.pop("isMaker", UNSET)

        fill = cls(
            symbol=symbol,
            id=id,
            order_id=order_id,
            price=price,
            qty=qty,
            quote_qty=quote_qty,
            commission=commission,
            commission_asset=commission_asset,
            time=time,
            is_buyer=is_buyer,
            is_maker=is_maker,
        )

        fill.additional_properties = d
        return fill

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
