"""``bingx-spot local-exchange --orders``, run as another language's tests would: a process of
its own, with ``bingx-spot`` (here its ``main``) against it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bingx_spot.cli.main import main
from tests.processes import started

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

COMMAND = Path(sys.executable).with_name("bingx-spot")
BIG_ID = 2**63 - 7


def test_an_orders_file_with_only_symbol_and_order_id_is_cancelled_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "orders.json"
    book.write_text(
        json.dumps(
            [{"symbol": "BTC-USDT", "orderId": 5}, {"symbol": "ETH-USDT", "orderId": BIG_ID}]
        )
    )
    with started(
        [COMMAND, "local-exchange", "--port", "0", "--orders", str(book)],
        stdout=subprocess.PIPE,
    ) as serving:
        try:
            assert serving.stdout is not None
            head = [serving.stdout.readline() for _ in range(4)]
            env = dict(line[len("export ") :].strip().split("=", 1) for line in head[1:])
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            monkeypatch.delenv("BINGX_RATE_LIMIT_STORAGE", raising=False)
            done = []
            for args in (["open-orders"], ["cancel-open-orders", "--all-symbols", "--verify"]):
                status = main([*args, "--json"])
                done.append((status, *capsys.readouterr()))
        finally:
            serving.terminate()

    for status, out, err in done:
        assert status == 0, out + err
        assert "Traceback" not in err
    listed = json.loads(done[0][1])["results"][0]["orders"]
    assert [(o["orderId"], o["status"], o["price"]) for o in listed] == [
        (5, "NEW", "42000"),
        (BIG_ID, "NEW", "42000"),
    ]
    verified = json.loads(done[1][1])["verified"]
    assert verified["clean"]
    assert [(o["orderId"], o["status"]) for o in verified["cancelled"]] == [
        (5, "CANCELED"),
        (BIG_ID, "CANCELED"),
    ]
