from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TradingPair")


@_attrs_define
class TradingPair:
    """One pair, as BingX's docs example lists it (docs/bingx-facts.md, "Symbols"): the filters are JSON numbers, not
    strings (`"tickSize": 0.01`, `"minNotional": 5`); a string is kept as it came. `minQty` and `maxQty` are deprecated
    (the docs example still carries them); the example has no `apiStateBuy` / `apiStateSell`.

        Attributes:
            symbol (str): The pair, e.g. BTC-USDT; base and quote split on the last hyphen.
            tick_size (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            step_size (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            min_notional (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            max_notional (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            min_qty (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            max_qty (float | str | Unset): A decimal as a string, e.g. "0.00000398"; a JSON number is kept as it came.
            status (int | Unset): 0 offline, 1 online, 5 pre-open, 10 accessed, 25 trading suspended (one client adds 29
                pre-delisted, 30 delisted). Open: another value arrives as it is.
            api_state_buy (bool | Unset): May the API place buy orders on this pair.
            api_state_sell (bool | Unset): May the API place sell orders on this pair.
    """

    symbol: str
    tick_size: float | str | Unset = UNSET
    step_size: float | str | Unset = UNSET
    min_notional: float | str | Unset = UNSET
    max_notional: float | str | Unset = UNSET
    min_qty: float | str | Unset = UNSET
    max_qty: float | str | Unset = UNSET
    status: int | Unset = UNSET
    api_state_buy: bool | Unset = UNSET
    api_state_sell: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        symbol = self.symbol

        tick_size: float | str | Unset
        if isinstance(self.tick_size, Unset):
            tick_size = UNSET
        else:
            tick_size = self.tick_size

        step_size: float | str | Unset
        if isinstance(self.step_size, Unset):
            step_size = UNSET
        else:
            step_size = self.step_size

        min_notional: float | str | Unset
        if isinstance(self.min_notional, Unset):
            min_notional = UNSET
        else:
            min_notional = self.min_notional

        max_notional: float | str | Unset
        if isinstance(self.max_notional, Unset):
            max_notional = UNSET
        else:
            max_notional = self.max_notional

        min_qty: float | str | Unset
        if isinstance(self.min_qty, Unset):
            min_qty = UNSET
        else:
            min_qty = self.min_qty

        max_qty: float | str | Unset
        if isinstance(self.max_qty, Unset):
            max_qty = UNSET
        else:
            max_qty = self.max_qty

        status = self.status

        api_state_buy = self.api_state_buy

        api_state_sell = self.api_state_sell

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "symbol": symbol,
            }
        )
        if tick_size is not UNSET:
            field_dict["tickSize"] = tick_size
        if step_size is not UNSET:
            field_dict["stepSize"] = step_size
        if min_notional is not UNSET:
            field_dict["minNotional"] = min_notional
        if max_notional is not UNSET:
            field_dict["maxNotional"] = max_notional
        if min_qty is not UNSET:
            field_dict["minQty"] = min_qty
        if max_qty is not UNSET:
            field_dict["maxQty"] = max_qty
        if status is not UNSET:
            field_dict["status"] = status
        if api_state_buy is not UNSET:
            field_dict["apiStateBuy"] = api_state_buy
        if api_state_sell is not UNSET:
            field_dict["apiStateSell"] = api_state_sell

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        symbol = d.pop("symbol")

        def _parse_tick_size(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        tick_size = _parse_tick_size(d.pop("tickSize", UNSET))

        def _parse_step_size(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        step_size = _parse_step_size(d.pop("stepSize", UNSET))

        def _parse_min_notional(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        min_notional = _parse_min_notional(d.pop("minNotional", UNSET))

        def _parse_max_notional(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        max_notional = _parse_max_notional(d.pop("maxNotional", UNSET))

        def _parse_min_qty(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        min_qty = _parse_min_qty(d.pop("minQty", UNSET))

        def _parse_max_qty(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        max_qty = _parse_max_qty(d.pop("maxQty", UNSET))

        status = d.pop("status", UNSET)

        api_state_buy = d.pop("apiStateBuy", UNSET)

        api_state_sell = d.pop("apiStateSell", UNSET)

        trading_pair = cls(
            symbol=symbol,
            tick_size=tick_size,
            step_size=step_size,
            min_notional=min_notional,
            max_notional=max_notional,
            min_qty=min_qty,
            max_qty=max_qty,
            status=status,
            api_state_buy=api_state_buy,
            api_state_sell=api_state_sell,
        )

        trading_pair.additional_properties = d
        return trading_pair

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
