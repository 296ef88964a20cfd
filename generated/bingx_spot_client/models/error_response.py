from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """A business error: HTTP 200 with `code` != 0. The client maps `code` to a `bingx_spot.BingXAPIError` subclass.

    Attributes:
        code (int):
        msg (str):
        debug_msg (str | Unset):
        timestamp (int | Unset):
        success (bool | Unset):
    """

    code: int
    msg: str
    debug_msg: str | Unset = UNSET
    timestamp: int | Unset = UNSET
    success: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        msg = self.msg

        debug_msg = self.debug_msg

        timestamp = self.timestamp

        success = self.success

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "msg": msg,
            }
        )
        if debug_msg is not UNSET:
            field_dict["debugMsg"] = debug_msg
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if success is not UNSET:
            field_dict["success"] = success

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        msg = d.pop("msg")

        debug_msg = d.pop("debugMsg", UNSET)

        timestamp = d.pop("timestamp", UNSET)

        success = d.pop("success", UNSET)

        error_response = cls(
            code=code,
            msg=msg,
            debug_msg=debug_msg,
            timestamp=timestamp,
            success=success,
        )

        error_response.additional_properties = d
        return error_response

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
