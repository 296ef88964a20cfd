"""What a symbol in BingX's form looks like: the command and ``cancel_all`` warn on one rule."""

import re

__all__ = ["in_bingx_form"]

# Upper case BASE-QUOTE (BTC-USDT, 1000PEPE-USDT, OTHR#99961-USDT). BingX matches symbols
# exactly: "btc-usdt" or "BTCUSDT" finds no order and is answered as a success listing none.
_FORM = re.compile(r"[^\s\-]+-[^\s\-]+")


def in_bingx_form(symbol: str) -> bool:
    return symbol == symbol.upper() and _FORM.fullmatch(symbol) is not None
