"""pytest fixtures for code that uses ``bingx_spot``; pytest loads them wherever the package is
installed (entry point ``pytest11``: ``bingx_spot``).

- ``bingx_exchange``: a fresh :class:`~bingx_spot.testing.LocalExchange` (the demo account, its
  four open orders), and fresh rate budgets for the test: every client made during the test,
  the fixture's or your own, starts with none used and nothing blocked, and whatever the test
  does to them (a 100410 it injects, budget it uses) is forgotten when it ends.
- ``bingx_client``: a client on ``bingx_exchange`` with the demo credentials.

Nothing is imported until a test asks for a fixture, and nothing is autouse: the plugin costs a
test run that does not use it nothing.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from bingx_spot_client.client import AuthenticatedClient

    from .exchange import LocalExchange

__all__ = ["bingx_client", "bingx_exchange"]


@pytest.fixture
def bingx_exchange() -> Iterator["LocalExchange"]:
    """A fresh local exchange (the demo account, four open orders); fresh rate budgets for every
    client made during the test."""
    from ..wire.ratelimit import reset_budgets  # noqa: PLC0415 - loaded only when a test asks
    from .exchange import LocalExchange  # noqa: PLC0415

    reset_budgets()
    yield LocalExchange()
    reset_budgets()


@pytest.fixture
def bingx_client(bingx_exchange: "LocalExchange") -> "AuthenticatedClient":
    """A client on ``bingx_exchange`` with the demo credentials and its own rate budget."""
    from ..client import make_client  # noqa: PLC0415
    from .exchange import DEMO_API_KEY, DEMO_SECRET_KEY  # noqa: PLC0415

    return make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=bingx_exchange.transport())
