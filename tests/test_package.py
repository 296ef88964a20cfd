"""What consumers get: the wheel carries both packages and their py.typed and nothing of the
tests; a consumer module type-checks against it with ``mypy --strict`` and runs.

Everything here is offline: the wheel is built with the development environment's hatchling,
and the fresh environment borrows the development environment's third-party packages.
"""

import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent

CONSUMER = textwrap.dedent(
    """
    import bingx_spot
    from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange
    from bingx_spot_client.api.trade import cancel_open_orders
    from bingx_spot_client.models import CancelledOrder, CancelledOrders


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
        if result is None or not isinstance(result.data, CancelledOrders):
            return []
        orders: list[CancelledOrder] = result.data.orders or []
        return [order.order_id for order in orders if isinstance(order.order_id, int)]


    if __name__ == "__main__":
        print(cancelled_ids(LocalExchange()))
    """
)


def test_the_wheel_serves_a_strictly_typed_consumer(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir",
         str(tmp_path / "dist"), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    [wheel] = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "bingx_spot/py.typed" in names
    assert "bingx_spot_client/py.typed" in names
    assert "bingx_spot_client/openapi.json" in names
    assert "bingx_spot_client/api/trade/cancel_open_orders.py" in names
    assert not [
        name for name in names if name.startswith(("tests/", "bench/")) or "cassette" in name
    ]

    venv = tmp_path / "consumer"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                       check=True, capture_output=True, text=True).stdout.strip()
    )  # fmt: skip
    with zipfile.ZipFile(wheel) as archive:  # installing a wheel is unpacking it
        archive.extractall(site)
    # httpx, attrs, limits and friends from the development environment, not its editable install.
    (site / "borrowed.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    consumer = tmp_path / "consumer.py"
    consumer.write_text(CONSUMER, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")

    checked = subprocess.run(
        [BIN / "mypy", "--strict", "--config-file", str(tmp_path / "mypy.ini"),
         "--python-executable", str(python), "--no-incremental", str(consumer)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout
    ran = subprocess.run([python, str(consumer)], capture_output=True, text=True, cwd=tmp_path,
                         check=True)  # fmt: skip
    assert ran.stdout.strip() == "[1735964997957275649, 1735964997957275650]"
    where = subprocess.run([python, "-c", "import bingx_spot; print(bingx_spot.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)  # fmt: skip
    assert where.stdout.startswith(str(site))  # the wheel's copy, not the source tree
