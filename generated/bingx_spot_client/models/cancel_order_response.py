from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cancelled_order import CancelledOrder


T = TypeVar("T", bound="CancelOrderResponse")


@_attrs_define
class CancelOrderResponse:
    """BingX's envelope around the order cancelled: `data` is the order itself (BingX's documented example has no
    `transactTime` and no `clientOrderID`).

        Attributes:
            code (int): 0 on success.
            data (CancelledOrder): One cancelled order. Only `symbol`, `orderId` and `status` are required: they say what
                was cancelled, and not every real answer carries the rest (a cancelOpenOrders body quoted in a widely used
                client has no `clientOrderID` and bare numbers for prices; BingX's single-cancel answer has no `transactTime`;
                docs/bingx-facts.md, "Cancel answers"). A field that is missing stays unset, never made up. Fields the server
                adds beyond these are kept in `additional_properties`. Prices and quantities are decimal strings; a JSON number
                is kept as it came.
            msg (str | Unset): Empty on success.
            debug_msg (str | Unset): Usually empty; not always sent.
    """

    code: int
    data: CancelledOrder
    msg: str | Unset = UNSET
    debug_msg: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        data = self.data.to_dict()

        msg = self.msg

        debug_msg = self.debug_msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "data": data,
            }
        )
        if msg is not UNSET:
            field_dict["msg"] = msg
        if debug_msg is not UNSET:
            field_dict["debugMsg"] = debug_msg

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cancelled_order import CancelledOrder  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        data = CancelledOrder.from_dict(d.pop("data"))

        msg = d.pop("msg", UNSET)

        debug_msg = d.pop("debugMsg", UNSET)

        cancel_order_response = cls(
            code=code,
            data=data,
            msg=msg,
            debug_msg=debug_msg,
        )

        cancel_order_response.additional_properties = d
        return cancel_order_response

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
