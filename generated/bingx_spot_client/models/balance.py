from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Balance")


@_attrs_define
class Balance:
    """One asset's balance. `free` and `locked` are decimal strings in BingX's documented example, with as many digits as
    the asset needs (`"244.18616265388994"`, `"294854132046232"`): read them with `bingx_spot.decimal`. A JSON number is
    kept as it came. All three are required: a balance is nothing without them.

        Attributes:
            asset (str): The asset, e.g. USDT.
            free (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            locked (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
    """

    asset: str
    free: float | str
    locked: float | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        asset = self.asset

        free: float | str
        free = self.free

        locked: float | str
        locked = self.locked

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "asset": asset,
                "free": free,
                "locked": locked,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        asset = d.pop("asset")

        def _parse_free(data: object) -> float | str:
            return cast(float | str, data)

        free = _parse_free(d.pop("free"))

        def _parse_locked(data: object) -> float | str:
            return cast(float | str, data)

        locked = _parse_locked(d.pop("locked"))

        balance = cls(
            asset=asset,
            free=free,
            locked=locked,
        )

        balance.additional_properties = d
        return balance

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
