from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.trading_pair import TradingPair


T = TypeVar("T", bound="TradingPairs")


@_attrs_define
class TradingPairs:
    """`data: null`, `data: {}`, `symbols: null` and a missing `symbols` all mean no pair is listed: the client layer hands
    the parser `symbols: []` for each.

        Attributes:
            symbols (list[TradingPair]):
    """

    symbols: list[TradingPair]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbols = []
        for symbols_item_data in self.symbols:
            symbols_item = symbols_item_data.to_dict()
            symbols.append(symbols_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbols": symbols,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.trading_pair import TradingPair  # noqa: PLC0415

        d = dict(src_dict)
        symbols = []
        _symbols = d.pop("symbols")
        for symbols_item_data in _symbols:
            symbols_item = TradingPair.from_dict(symbols_item_data)

            symbols.append(symbols_item)

        trading_pairs = cls(
            symbols=symbols,
        )

        trading_pairs.additional_properties = d
        return trading_pairs

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
