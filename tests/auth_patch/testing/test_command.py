"""``bingx-spot local-exchange --orders``, run as another language's tests would: a process of
its own, and the installed command against it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

COMMAND = Path(sys.executable).with_name("bingx-spot")
BIG_ID = 2**63 - 7


def test_an_orders_file_with_only_symbol_and_order_id_is_cancelled_cleanly(
    tmp_path: Path,
) -> None:
    book = tmp_path / "orders.json"
    book.write_text(
        json.dumps(
            [{"symbol": "BTC-USDT", "orderId": 5}, {"symbol": "ETH-USDT", "orderId": BIG_ID}]
        )
    )
    with subprocess.Popen(
        [COMMAND, "local-exchange", "--port", "0", "--orders", str(book)],
        stdout=subprocess.PIPE,
        text=True,
    ) as serving:
        try:
            assert serving.stdout is not None
            head = [serving.stdout.readline() for _ in range(4)]
            env = dict(line[len("export ") :].strip().split("=", 1) for line in head[1:])
            done = [
                subprocess.run(
                    [COMMAND, *args, "--json"],
                    env={**env, "PATH": ""},
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=60,
                )
                for args in (["open-orders"], ["cancel-open-orders", "--all-symbols", "--verify"])
            ]
        finally:
            serving.terminate()

    for run in done:
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Traceback" not in run.stderr
    listed = json.loads(done[0].stdout)["results"][0]["orders"]
    assert [(o["orderId"], o["status"], o["price"]) for o in listed] == [
        (5, "NEW", "42000"),
        (BIG_ID, "NEW", "42000"),
    ]
    verified = json.loads(done[1].stdout)["verified"]
    assert verified["clean"]
    assert [(o["orderId"], o["status"]) for o in verified["cancelled"]] == [
        (5, "CANCELED"),
        (BIG_ID, "CANCELED"),
    ]
