"""``python bench/ccxt_cancel.py URL``: what a ccxt user writes to cancel on BTC/USDT."""

import sys

import ccxt

from contenders import KEY, SECRET

if __name__ == "__main__":
    exchange = ccxt.bingx({"apiKey": KEY, "secret": SECRET})
    exchange.urls["api"] = {name: f"{sys.argv[1]}/openApi" for name in exchange.urls["api"]}
    exchange.cancel_all_orders("BTC/USDT")
