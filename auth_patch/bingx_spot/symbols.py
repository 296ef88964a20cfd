"""What the SDK knows of symbols: BingX matches them exactly, and only its symbols list
(commonSymbols) says whether a pair exists.

Pairs are named freely (``STRK-OLD-USDT``, ``$U-USDT``, ``D.O.G.E.-USDT``, ``ATOM(ARC20)-USDT``,
``MØTH-USDT``): no spelling rule tells a real pair from a typo, so none is applied. Lower case is
the one spelling worth a warning: BingX names its pairs in upper case, and ``btc-usdt`` finds no
order under ``BTC-USDT``.
"""

__all__ = ["lower_case"]


def lower_case(symbol: str) -> bool:
    """``symbol`` changes in upper case (``btc-usdt``): BingX lists no pair by that name."""
    return symbol != symbol.upper()
