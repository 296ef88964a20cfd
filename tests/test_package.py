"""What consumers get: the wheel carries both packages and their py.typed and nothing of the
tests, and it and the sdist carry the LICENSE; a consumer module and its tests type-check against
it with ``mypy --strict``, the module runs, and its tests run on the pytest plugin's fixtures,
which pytest finds in the wheel.

Everything here is offline: the wheel is built with the development environment's hatchling,
and the fresh environment borrows the development environment's third-party packages (httpx,
limits, pytest, mypy, ...).
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
# A consumer's environment: nothing of this run's paths or pytest options.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}

CONSUMER = textwrap.dedent(
    """
    import bingx_spot
    from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange
    from bingx_spot_client.api.trade import cancel_open_orders


    def cancelled_ids(client_factory_transport: LocalExchange) -> list[int]:
        client = bingx_spot.make_client(
            DEMO_API_KEY, DEMO_SECRET_KEY, transport=client_factory_transport.transport()
        )
        try:
            result = cancel_open_orders.sync(client=client, symbol="BTC-USDT")
        except bingx_spot.RateLimitError as error:
            print("resume at", error.retry_at)
            return []
        except bingx_spot.BingXAPIError as error:
            print(error.code, error.msg)
            return []
        except bingx_spot.BingXError:
            return []
        return [order.order_id for order in result.data.orders]


    if __name__ == "__main__":
        print(cancelled_ids(LocalExchange()))
    """
)


# A kill switch as another team would write it, and its tests on the plugin's fixtures. The first
# two tests share the demo account; without a budget per test, the first one's 100410 would
# block the second for five minutes.
KILLSWITCH = textwrap.dedent(
    """
    from decimal import Decimal

    import bingx_spot
    from bingx_spot_client.api.trade import cancel_open_orders, open_orders
    from bingx_spot_client.client import AuthenticatedClient
    from bingx_spot_client.types import Unset


    def kill(client: AuthenticatedClient, symbol: str) -> tuple[list[int], int | None]:
        \"\"\"The ids cancelled, and when to try again (ms) if BingX rate limited the call.\"\"\"
        try:
            result = cancel_open_orders.sync(client=client, symbol=symbol)
        except bingx_spot.RateLimitError as error:
            return [], error.retry_at
        return [order.order_id for order in result.data.orders], None


    def notional(client: AuthenticatedClient, symbol: str) -> Decimal:
        \"\"\"What the open orders on ``symbol`` are worth, exactly; an order BingX listed
        without a price or quantity counts for nothing.\"\"\"
        total = Decimal(0)
        for order in open_orders.sync(client=client, symbol=symbol).data.orders:
            if isinstance(order.price, Unset) or isinstance(order.orig_qty, Unset):
                continue
            total += bingx_spot.decimal(order.price) * bingx_spot.decimal(order.orig_qty)
        return total
    """
)

KILLSWITCH_TESTS = textwrap.dedent(
    """
    from decimal import Decimal

    import bingx_spot
    from bingx_spot.testing import (
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        LocalExchange,
        LocalServer,
        Order,
        faults,
    )
    from bingx_spot_client.client import AuthenticatedClient

    from killswitch import kill, notional

    BLOCK_MS = 300_000


    def test_a_rate_limited_kill_says_when_to_retry(
        bingx_exchange: LocalExchange, bingx_client: AuthenticatedClient
    ) -> None:
        until = bingx_exchange.now() + BLOCK_MS
        bingx_exchange.inject(
            faults.error(
                100410,
                "code:100410:The endpoint trigger frequency limit rule is currently in the "
                f"disabled period and will be unblocked after {until}",
                headers={"X-RateLimit-Requests-Expire": str(BLOCK_MS)},
            )
        )
        ids, retry_at = kill(bingx_client, "BTC-USDT")
        assert ids == []
        assert retry_at is not None
        assert abs(retry_at - until) < 5000


    def test_the_next_test_kills_as_usual(
        bingx_exchange: LocalExchange, bingx_client: AuthenticatedClient
    ) -> None:
        mine = Order(symbol="ETH-USDT", side="SELL", price=Decimal("2500.5"))
        bingx_exchange.add_orders([mine])
        assert notional(bingx_client, "ETH-USDT") == Decimal(mine.price) * Decimal(mine.orig_qty)
        assert kill(bingx_client, "ETH-USDT") == ([mine.order_id], None)
        assert "ETH-USDT" not in {order["symbol"] for order in bingx_exchange.open_orders()}


    def test_a_client_of_its_own_over_loopback(bingx_exchange: LocalExchange) -> None:
        book = bingx_exchange.open_orders()
        with LocalServer(bingx_exchange) as server:
            client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=server.url)
            with client:
                ids, _ = kill(client, "BTC-USDT")
        assert ids == [order["orderId"] for order in book if order["symbol"] == "BTC-USDT"]
        assert len(ids) == 2
    """
)


@dataclass
class Consumer:
    """A fresh environment with the wheel installed, and the consumer's files beside it."""

    wheel: Path
    site: Path
    python: Path
    home: Path

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.python, *args], capture_output=True, text=True,
                              cwd=self.home, env=ENV, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Consumer:
    tmp_path = tmp_path_factory.mktemp("consumer")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir",
         str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                       check=True, capture_output=True, text=True).stdout.strip()
    )  # fmt: skip
    with zipfile.ZipFile(wheel) as archive:  # installing a wheel is unpacking it
        archive.extractall(site)
    # httpx, attrs, limits, pytest, mypy and friends from the development environment, not its
    # editable install of this package (a path entry: the .pth files there are not read).
    (site / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    home = tmp_path / "project"
    home.mkdir()
    (home / "consumer.py").write_text(CONSUMER, encoding="utf-8")
    (home / "killswitch.py").write_text(KILLSWITCH, encoding="utf-8")
    (home / "test_killswitch.py").write_text(KILLSWITCH_TESTS, encoding="utf-8")
    (home / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    (home / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return Consumer(wheel, site, python, home)


def test_the_wheel_holds_both_packages_typed_and_nothing_of_the_tests(consumer: Consumer) -> None:
    names = zipfile.ZipFile(consumer.wheel).namelist()
    assert "bingx_spot/py.typed" in names
    assert "bingx_spot_client/py.typed" in names
    assert "bingx_spot_client/openapi.json" in names
    assert "bingx_spot_client/api/trade/cancel_open_orders.py" in names
    assert "bingx_spot/testing/pytest_plugin.py" in names
    assert not [
        name for name in names if name.startswith(("tests/", "bench/")) or "cassette" in name
    ]
    [entry_points] = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    declared = zipfile.ZipFile(consumer.wheel).read(entry_points).decode()
    assert "[pytest11]\nbingx_spot = bingx_spot.testing.pytest_plugin" in declared


def test_the_wheel_and_the_sdist_carry_the_license(consumer: Consumer, tmp_path: Path) -> None:
    wheel = zipfile.ZipFile(consumer.wheel)
    [metadata] = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    [license_file] = [
        name for name in wheel.namelist() if name.endswith(".dist-info/licenses/LICENSE")
    ]
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License\n\nCopyright (c) 2026 the bingx-spot-sdk authors\n")
    assert wheel.read(license_file).decode() == license_text
    assert "License-Expression: MIT\nLicense-File: LICENSE\n" in wheel.read(metadata).decode()

    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--outdir",
                    str(tmp_path), str(ROOT)], check=True, capture_output=True)  # fmt: skip
    [sdist] = tmp_path.glob("*.tar.gz")
    subprocess.run(["tar", "-xzf", str(sdist), "-C", str(tmp_path)], check=True)
    unpacked = tmp_path / sdist.name.removesuffix(".tar.gz")
    assert (unpacked / "LICENSE").read_text(encoding="utf-8") == license_text
    assert "License-File: LICENSE\n" in (unpacked / "PKG-INFO").read_text(encoding="utf-8")


def test_the_consumer_and_its_tests_pass_mypy_strict(consumer: Consumer, tmp_path: Path) -> None:
    # A copy of the project's mypy cache (`make lint` fills it) spares re-reading httpx, attrs
    # and pytest: mypy re-checks whatever differs (the wheel's bingx_spot, other options), so
    # the verdict is a cold run's.
    cache = tmp_path / "mypy_cache"
    if (ROOT / ".mypy_cache").is_dir():
        shutil.copytree(ROOT / ".mypy_cache", cache)
    checked = subprocess.run(
        [BIN / "mypy", "--strict", "--config-file", "mypy.ini", "--python-executable",
         str(consumer.python), "--cache-dir", str(cache), "consumer.py", "killswitch.py",
         "test_killswitch.py"],
        capture_output=True, text=True, cwd=consumer.home, env=ENV, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout


def test_the_consumer_runs_on_the_wheel(consumer: Consumer) -> None:
    ran = consumer.run("consumer.py")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "[1735964997957275649, 1735964997957275650]"
    where = consumer.run("-c", "import bingx_spot; print(bingx_spot.__file__)")
    assert where.stdout.startswith(str(consumer.site))  # the wheel's copy, not the source tree


def test_the_consumers_tests_run_on_the_plugins_fixtures(consumer: Consumer) -> None:
    # -W error: the plugin loads without a warning where a project turns warnings into errors.
    # hypothesis and pytest-recording are in the borrowed environment only because this project
    # uses them; a consumer would not load them (hypothesis alone takes seconds to import).
    ran = consumer.run("-m", "pytest", "-W", "error", "-p", "no:cacheprovider", "-p",
                       "no:hypothesispytest", "-p", "no:recording", "-v",
                       "test_killswitch.py")  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.count(" PASSED") == 3
