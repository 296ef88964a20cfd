from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.cancel_all_after import CancelAllAfter


T = TypeVar("T", bound="CancelAllAfterResponse")


@_attrs_define
class CancelAllAfterResponse:
    """BingX's envelope around the countdown's state.

    Attributes:
        code (int): 0 on success.
        msg (str | Unset): Empty on success.
        debug_msg (str | Unset): Usually empty; not always sent.
        data (CancelAllAfter | None | Unset):
    """

    code: int
    msg: str | Unset = UNSET
    debug_msg: str | Unset = UNSET
    data: CancelAllAfter | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.cancel_all_after import CancelAllAfter  # noqa: PLC0415

        code = self.code

        msg = self.msg

        debug_msg = self.debug_msg

        data: dict[str, Any] | None | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, CancelAllAfter):
            data = self.data.to_dict()
        else:
            data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
            }
        )
        if msg is not UNSET:
            field_dict["msg"] = msg
        if debug_msg is not UNSET:
            field_dict["debugMsg"] = debug_msg
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.cancel_all_after import CancelAllAfter  # noqa: PLC0415

        d = dict(src_dict)
        code = d.pop("code")

        msg = d.pop("msg", UNSET)

        debug_msg = d.pop("debugMsg", UNSET)

        def _parse_data(data: object) -> CancelAllAfter | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = CancelAllAfter.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CancelAllAfter | None | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

        cancel_all_after_response = cls(
            code=code,
            msg=msg,
            debug_msg=debug_msg,
            data=data,
        )

        cancel_all_after_response.additional_properties = d
        return cancel_all_after_response

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
