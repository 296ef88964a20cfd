from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.my_trades import MyTrades


T = TypeVar("T", bound="MyTradesResponse")


@_attrs_define
class MyTradesResponse:
    """BingX's envelope around the fills.

    Attributes:
        code (int): 0 on success.
        data (MyTrades): `fills: []` when there are none (a live probe); `data: null`, `data: {}`, `fills: null` and a
            missing `fills` mean the same: the client layer hands the parser `fills: []` for each.
        msg (str | Unset): Empty on success.
        debug_msg (str | Unset): Usually empty; not always sent.
    """

    code: int
    data: MyTrades
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
        from ..models.my_trades import MyTrades  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        data = MyTrades.from_dict(d.pop("data"))

        msg = d.pop("msg", UNSET)

        debug_msg = d.pop("debugMsg", UNSET)

        my_trades_response = cls(
            code=code,
            data=data,
            msg=msg,
            debug_msg=debug_msg,
        )

        my_trades_response.additional_properties = d
        return my_trades_response

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
