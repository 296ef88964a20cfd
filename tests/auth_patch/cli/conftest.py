"""What test_open_orders.py and test_verify.py share: the loopback exchange their runs talk to,
the path of a listing, the demo's order ids, what the exchange was sent, and orders placed while
a cancel runs."""

from collections.abc import Iterator
from typing import Any

import pytest

from bingx_spot.testing import demo_orders, faults
from bingx_spot.testing.server import LocalServer
from tests.auth_patch.cli.test_main import serving, unpaced

LIST = "/openApi/spot/v1/trade/openOrders"
DEMO_IDS = [o["orderId"] for o in demo_orders()]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    """The local exchange on a loopback port, the command's environment pointing at it. A module
    whose runs need another defines its own ``server``, which pytest takes instead."""
    # Several requests a run, and none of these tests is about the rate budget: the command
    # keeps none here (cli/test_main.py has a run that keeps it).
    unpaced(monkeypatch)
    with serving(monkeypatch) as running:
        yield running


def sent(server: LocalServer) -> list[tuple[str, str | None]]:
    return [(r.url.path, r.url.params.get("symbol")) for r in server.exchange.requests]


def late(server: LocalServer, *orders: dict[str, Any], times: int = 1) -> None:
    """The next ``times`` cancels are answered while another process places ``orders``."""
    exchange = server.exchange
    place = faults.meanwhile(lambda: exchange.add_orders([dict(o) for o in orders]))
    exchange.inject(place, times=times, operation="cancelOpenOrders")
