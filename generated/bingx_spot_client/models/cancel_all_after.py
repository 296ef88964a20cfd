from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CancelAllAfter")


@_attrs_define
class CancelAllAfter:
    """The countdown's state. BingX's docs example answers ACTIVATE with `"triggerTime": 1710389137` and the note "... will
    be closed automatically at 2024-03-14 04:05:37 UTC(+0) ...": that many SECONDS; a live answer of the swap twin
    (2024) is seconds too; only BingX's newest reference says ms (docs/bingx-facts.md, "Cancel all after"). Read as
    server time is: below 10^11 seconds, above it ms, `0` no countdown.

        Attributes:
            trigger_time (int): When every open order will be cancelled: seconds since epoch as observed (ms above 10^11);
                `0` when no countdown runs (after CLOSE).
            status (str): ACTIVATED, CLOSED or FAILED. Open: another value arrives as it is.
            note (str | Unset): BingX's text naming the trigger time in UTC, or why it FAILED (a FAILED note may echo the
                request: the client redacts it like every server text it keeps).
    """

    trigger_time: int
    status: str
    note: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        trigger_time = self.trigger_time

        status = self.status

        note = self.note

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "triggerTime": trigger_time,
                "status": status,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        trigger_time = d.pop("triggerTime")

        status = d.pop("status")

        note = d.pop("note", UNSET)

        cancel_all_after = cls(
            trigger_time=trigger_time,
            status=status,
            note=note,
        )

        cancel_all_after.additional_properties = d
        return cancel_all_after

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
