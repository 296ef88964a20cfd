"""The pytest plugin: installed with the package, it gives each test its own exchange and rate
budgets; ``reset_budgets`` does the same for clients a test makes itself."""

import subprocess
import sys
from importlib.metadata import entry_points

import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults, reset_budgets
from bingx_spot.testing import pytest_plugin as plugin
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient

BLOCK_MS = 300_000
DIST = "bingx-spot-sdk"


def blocked(exchange: LocalExchange) -> faults.Fault:
    until = exchange.now() + BLOCK_MS
    return faults.error(
        100410,
        "code:100410:The endpoint trigger frequency limit rule is currently in the disabled "
        f"period and will be unblocked after {until}",
    )


def cancelled_ids(client: AuthenticatedClient) -> list[int]:
    return [
        o.order_id for o in cancel_open_orders.sync(client=client, symbol="BTC-USDT").data.orders
    ]


def demo_client(exchange: LocalExchange) -> AuthenticatedClient:
    return bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport())


def test_the_package_declares_the_plugin_for_pytest_to_load(pytestconfig: pytest.Config) -> None:
    # pytest loads it from an installed package's entry point (tests/test_package.py runs a
    # consumer's tests on it, from the wheel); this suite names it in addopts instead.
    [entry] = [e for e in entry_points(group="pytest11") if e.dist and e.dist.name == DIST]
    assert (entry.name, entry.load()) == ("bingx_spot", plugin)
    assert pytestconfig.pluginmanager.is_registered(plugin)


def test_a_100410_blocks_new_clients_on_new_exchanges_until_the_budgets_are_reset() -> None:
    reset_budgets()
    first = LocalExchange()
    first.inject(blocked(first))
    with pytest.raises(bingx_spot.APIRateLimitError):
        cancelled_ids(demo_client(first))

    # A new exchange, a new client: the process's budget still holds the account's block.
    second = LocalExchange()
    with pytest.raises(bingx_spot.RateLimitError):
        cancelled_ids(demo_client(second))
    assert not second.requests
    reset_budgets()
    assert cancelled_ids(demo_client(LocalExchange())) == [
        1735964997957275649,
        1735964997957275650,
    ]
    reset_budgets()


# The next two run in this order and would interfere without the fixtures' fresh budgets.


def test_a_test_that_meets_a_100410(
    bingx_exchange: LocalExchange, bingx_client: AuthenticatedClient
) -> None:
    bingx_exchange.inject(blocked(bingx_exchange))
    with pytest.raises(bingx_spot.APIRateLimitError) as raised:
        cancelled_ids(bingx_client)
    assert raised.value.retry_at is not None
    assert raised.value.retry_at >= bingx_exchange.now() + BLOCK_MS - 1000
    # Within this test the block holds for any client, even on a new exchange.
    other = LocalExchange()
    with pytest.raises(bingx_spot.RateLimitError):
        cancelled_ids(demo_client(other))
    assert not other.requests


def test_the_next_test_cancels_as_usual(
    bingx_exchange: LocalExchange, bingx_client: AuthenticatedClient
) -> None:
    assert cancelled_ids(bingx_client) == [1735964997957275649, 1735964997957275650]
    assert [o["symbol"] for o in bingx_exchange.open_orders()] == ["GM-USDT", "OTHR#99961-USDT"]


def test_the_plugin_and_the_package_load_nothing_heavy_until_asked() -> None:
    code = (
        "import sys, bingx_spot.testing.pytest_plugin\n"
        "print(sorted(m for m in sys.modules if m.startswith(('httpx', 'limits', "
        "'bingx_spot_client', 'bingx_spot.wire.spec', 'bingx_spot.testing.exchange'))))\n"
        "from bingx_spot.testing import LocalServer\n"
        "from bingx_spot.testing.server import LocalServer as Served\n"
        "print(LocalServer is Served)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.split("\n")[:2] == ["[]", "True"]
