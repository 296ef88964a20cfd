from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CommissionRate")


@_attrs_define
class CommissionRate:
    """The account's fee rates on the pair, as fractions (0.0001 is 0.01 %). JSON numbers in BingX's documented example
    (`0.000325`, `0.0001`); a string is kept as it came. Both are required: the answer is nothing without them.

        Attributes:
            taker_commission_rate (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            maker_commission_rate (float | str): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
    """

    taker_commission_rate: float | str
    maker_commission_rate: float | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        taker_commission_rate: float | str
        taker_commission_rate = self.taker_commission_rate

        maker_commission_rate: float | str
        maker_commission_rate = self.maker_commission_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "takerCommissionRate": taker_commission_rate,
                "makerCommissionRate": maker_commission_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_taker_commission_rate(data: object) -> float | str:
            return cast(float | str, data)

        taker_commission_rate = _parse_taker_commission_rate(d.pop("takerCommissionRate"))

        def _parse_maker_commission_rate(data: object) -> float | str:
            return cast(float | str, data)

        maker_commission_rate = _parse_maker_commission_rate(d.pop("makerCommissionRate"))

        commission_rate = cls(
            taker_commission_rate=taker_commission_rate,
            maker_commission_rate=maker_commission_rate,
        )

        commission_rate.additional_properties = d
        return commission_rate

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
