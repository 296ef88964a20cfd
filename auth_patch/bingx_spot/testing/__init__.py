"""A faithful local BingX spot exchange for tests, demos and other teams' integration tests.

::

    from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange

    exchange = LocalExchange()                      # the demo account has open orders
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport())
"""

from . import faults
from .exchange import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, demo_orders

__all__ = ["DEMO_API_KEY", "DEMO_SECRET_KEY", "LocalExchange", "demo_orders", "faults"]
