from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.cancel_failure import CancelFailure
    from ..models.cancelled_order import CancelledOrder


T = TypeVar("T", bound="CancelOrdersResult")


@_attrs_define
class CancelOrdersResult:
    """What cancelOrders did, inside a success (`code` 0): `orders` the orders it answers for (only those with status
    `CANCELED` were cancelled: a live answer held a junk element, `orderId` 0, negative `transactTime`, status NEW,
    empty `type`; docs/bingx-facts.md, "The junk element"), and `fails` each order it did not cancel. Both lists may be
    `null` or missing: the client layer hands the parser `[]` for each.

        Attributes:
            orders (list[CancelledOrder]):
            fails (list[CancelFailure]):
    """

    orders: list[CancelledOrder]
    fails: list[CancelFailure]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        orders = []
        for orders_item_data in self.orders:
            orders_item = orders_item_data.to_dict()
            orders.append(orders_item)

        fails = []
        for fails_item_data in self.fails:
            fails_item = fails_item_data.to_dict()
            fails.append(fails_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orders": orders,
                "fails": fails,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cancel_failure import CancelFailure  # noqa: PLC0415
        from ..models.cancelled_order import CancelledOrder  # noqa: PLC0415

        d = dict(src_dict)
        orders = []
        _orders = d.pop("orders")
        for orders_item_data in _orders:
            orders_item = CancelledOrder.from_dict(orders_item_data)

            orders.append(orders_item)

        fails = []
        _fails = d.pop("fails")
        for fails_item_data in _fails:
            fails_item = CancelFailure.from_dict(fails_item_data)

            fails.append(fails_item)

        cancel_orders_result = cls(
            orders=orders,
            fails=fails,
        )

        cancel_orders_result.additional_properties = d
        return cancel_orders_result

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
