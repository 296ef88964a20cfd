from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CancelFailure")


@_attrs_define
class CancelFailure:
    """An order cancelOrders did not cancel. Its `orderId` is a **string** in BingX's documented example
    (`"1874730962584076288"`), unlike every other order id; a JSON integer is kept as it came.

        Attributes:
            order_id (int | str): The order's id, as a string in every captured answer; an integer is kept as it came.
            error (str | Unset): BingX's text, e.g. "the  orderId:1874730962584076288 order status :CANCELED,can not delete,
                please verify and retry later" (spaces as sent).
    """

    order_id: int | str
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id: int | str
        order_id = self.order_id

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orderId": order_id,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_order_id(data: object) -> int | str:
            return cast(int | str, data)

        order_id = _parse_order_id(d.pop("orderId"))

        error = d.pop("error", UNSET)

        cancel_failure = cls(
            order_id=order_id,
            error=error,
        )

        cancel_failure.additional_properties = d
        return cancel_failure

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
