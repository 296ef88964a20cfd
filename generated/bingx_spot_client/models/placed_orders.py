from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.placed_order import PlacedOrder


T = TypeVar("T", bound="PlacedOrders")


@_attrs_define
class PlacedOrders:
    """`data: null`, `data: {}`, `orders: null` and a missing `orders` all mean no order is listed: the client layer hands
    the parser `orders: []` for each.

        Attributes:
            orders (list[PlacedOrder]):
    """

    orders: list[PlacedOrder]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.placed_order import PlacedOrder  # noqa: PLC0415

        d = dict(src_dict)
        orders = []
        _orders = d.pop("orders")
        for orders_item_data in _orders:
            orders_item = PlacedOrder.from_dict(orders_item_data)

            orders.append(orders_item)

        placed_orders = cls(
            orders=orders,
        )

        placed_orders.additional_properties = d
        return placed_orders

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
