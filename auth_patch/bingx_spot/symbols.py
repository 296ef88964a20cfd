"""What the SDK knows of symbols: BingX matches them exactly, and only its symbols list
(commonSymbols) says whether a pair exists.

Pairs are named freely (``STRK-OLD-USDT``, ``$U-USDT``, ``D.O.G.E.-USDT``, ``ATOM(ARC20)-USDT``,
``MØTH-USDT``): no spelling rule tells a real pair from a typo, so none is applied. Lower case is
the one spelling worth a warning: BingX names its pairs in upper case, and ``btc-usdt`` finds no
order under ``BTC-USDT``. BingX answers cancelOpenOrders and openOrders on a pair it does not
list as a success listing nothing, as it does on a pair with nothing open.
"""

from typing import Any

__all__ = ["is_listed", "lower_case"]


def lower_case(symbol: str) -> bool:
    """``symbol`` changes in upper case (``btc-usdt``): BingX lists no pair by that name."""
    return symbol != symbol.upper()


def is_listed(answer: Any, symbol: str) -> bool:
    """Whether a parsed commonSymbols ``answer`` lists ``symbol`` exactly; any other pair it
    lists, or anything else it holds, does not count."""
    pairs = getattr(getattr(answer, "data", None), "symbols", None)
    return isinstance(pairs, list) and any(getattr(p, "symbol", None) == symbol for p in pairs)
