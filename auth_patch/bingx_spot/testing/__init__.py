"""A faithful local BingX spot exchange for tests, demos and other teams' integration tests.

::

    from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, Order

    exchange = LocalExchange()                      # the demo account has open orders
    exchange.add_orders([Order(symbol="ETH-USDT", side="SELL", price="2500.5")])
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport())

With pytest, the fixtures ``bingx_exchange`` and ``bingx_client`` come with the package
(:mod:`bingx_spot.testing.pytest_plugin`).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..wire.ratelimit import reset_budgets
    from . import faults, raw_faults
    from . import raw_faults as wire
    from .exchange import DEMO_API_KEY, DEMO_SECRET_KEY, DEMO_SYMBOLS, LocalExchange, demo_orders
    from .orders import Order
    from .server import LocalServer

__all__ = [
    "DEMO_API_KEY",
    "DEMO_SECRET_KEY",
    "DEMO_SYMBOLS",
    "LocalExchange",
    "LocalServer",
    "Order",
    "demo_orders",
    "faults",
    "raw_faults",
    "reset_budgets",
    "wire",
]

# Each name loads on first use: the pytest plugin imports this package when pytest starts, and
# must not pull in httpx and the spec for test runs that never touch the exchange.
_HOMES = {
    "DEMO_API_KEY": ".exchange",
    "DEMO_SECRET_KEY": ".exchange",
    "DEMO_SYMBOLS": ".exchange",
    "LocalExchange": ".exchange",
    "demo_orders": ".exchange",
    "Order": ".orders",
    "LocalServer": ".server",
    "reset_budgets": "..wire.ratelimit",
}


def __getattr__(name: str) -> Any:
    if name in ("faults", "raw_faults"):
        return importlib.import_module(f".{name}", __name__)
    if name == "wire":  # the name raw_faults had before 0.4.0, kept for the tests written then
        return importlib.import_module(".raw_faults", __name__)
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
