"""bingx-spot against the local exchange on a loopback port."""

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bingx_spot.cli import main
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.server import LocalServer

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    with LocalServer(LocalExchange(block_ms=0)) as running:
        monkeypatch.setenv("BINGX_API_KEY", DEMO_API_KEY)
        monkeypatch.setenv("BINGX_SECRET_KEY", DEMO_SECRET_KEY)
        monkeypatch.setenv("BINGX_BASE_URL", running.url)
        yield running


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["cancel-open-orders", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_cancels_one_symbol_and_prints_a_table(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--symbol", "BTC-USDT")

    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "symbol", "orderId", "side", "type", "price", "origQty", "executedQty", "status",
        "clientOrderID",
    ]  # fmt: skip
    assert lines[1].split() == [
        "BTC-USDT", "1735964997957275649", "BUY", "LIMIT", "42000.5", "0.0012", "0", "CANCELED",
        "kill-1",
    ]  # fmt: skip
    assert lines[-1] == "2 orders cancelled"
    assert {o["symbol"] for o in server.exchange.open_orders()} == {"GM-USDT", "OTHR#99961-USDT"}


def test_json_keeps_ids_exact(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--all-symbols", "--json", "--recv-window", "10000")

    assert status == 0
    doc = json.loads(out)
    assert [o["orderId"] for o in doc["data"]["orders"]] == [
        1735964997957275648, 1735964997957275649, 1735964997957275650, 1735964997957275651,
    ]  # fmt: skip
    [request] = server.exchange.requests
    assert request.url.params["recvWindow"] == "10000"


def test_nothing_open(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--symbol", "ETH-USDT") == (0, "no open orders\n", "")


def test_refuses_an_implicit_cancel_all(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys)

    assert (status, out) == (2, "")
    assert "--all-symbols" in err
    assert len(server.exchange.requests) == 0
    assert len(server.exchange.open_orders()) == 4


@pytest.mark.parametrize("missing", ["BINGX_API_KEY", "BINGX_SECRET_KEY"])
def test_missing_credentials_name_the_variable(
    server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    missing: str,
) -> None:
    monkeypatch.delenv(missing)
    status, _, err = run(capsys, "--symbol", "BTC-USDT")

    assert status == 2
    assert err == f"bingx-spot: set {missing} to your BingX API credentials\n"
    assert len(server.exchange.requests) == 0


@pytest.mark.parametrize(
    ("fault", "status", "text"),
    [
        (faults.error(100001, "Signature verification failed"), 3, "BingX error 100001"),
        (faults.error(100419, "IP not in whitelist"), 3, "BingX error 100419"),
        (faults.error(100410, "unblocked after 1727193814249"), 4, "BingX error 100410"),
        (faults.status(418), 4, "HTTPRateLimitError"),
        (faults.error(100421, "Null timestamp or timestamp mismatch"), 5, "BingX error 100421"),
        (faults.error(100400, "invalid symbol"), 6, "BingX error 100400"),
        (faults.error(100500, "busy"), 7, "BingX error 100500"),
        (faults.html(502), 7, "ResponseError"),
        (faults.html(200), 7, "not JSON"),
        (faults.drop(), 7, "NetworkError"),
        (faults.error(100202, "Insufficient assets"), 8, "BingX error 100202"),
    ],
)
def test_errors_are_one_line_with_a_status_per_family(
    server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    fault: faults.Fault,
    status: int,
    text: str,
) -> None:
    server.exchange.inject(fault, times=10)
    got, out, err = run(capsys, "--symbol", "BTC-USDT")

    assert (got, out) == (status, "")
    assert err.startswith("bingx-spot: ")
    assert text in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert DEMO_SECRET_KEY not in err
    assert DEMO_API_KEY not in err


def test_unreachable_exchange(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.stop()
    status, _, err = run(capsys, "--symbol", "BTC-USDT")

    assert status == 7
    assert "ConnectError" in err


def test_local_exchange_command_serves_the_demo_account(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("bingx-spot")
    with subprocess.Popen(
        [command, "local-exchange", "--port", "0"], stdout=subprocess.PIPE, text=True
    ) as serving:
        try:
            assert serving.stdout is not None
            first = serving.stdout.readline()
            url = first.split()[-1]
            env = {"BINGX_BASE_URL": url, "BINGX_API_KEY": DEMO_API_KEY,
                   "BINGX_SECRET_KEY": DEMO_SECRET_KEY, "PATH": ""}  # fmt: skip
            done = subprocess.run(
                [command, "cancel-open-orders", "--symbol", "GM-USDT"],
                env=env, capture_output=True, text=True, check=False, timeout=60,
            )  # fmt: skip
        finally:
            serving.terminate()
    assert first.startswith("Local BingX exchange on http://127.0.0.1:")
    assert done.returncode == 0, done.stderr
    assert "1735964997957275648" in done.stdout
    assert done.stdout.endswith("1 order cancelled\n")


def test_a_shared_rate_limit_storage_is_taken_from_the_environment(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BINGX_RATE_LIMIT_STORAGE", "nosuch://x")
    status, _, err = run(capsys, "--symbol", "BTC-USDT")

    assert status == 2
    assert "rate_limit_storage" in err
    assert len(server.exchange.requests) == 0


def test_a_rate_limit_storage_that_is_down_still_cancels(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens there once closed
    monkeypatch.setenv("BINGX_RATE_LIMIT_STORAGE", f"redis://:hidden-pw@127.0.0.1:{port}/0")
    status, out, err = run(capsys, "--symbol", "BTC-USDT")

    assert status == 0, err
    assert out.endswith("2 orders cancelled\n")
    assert "hidden-pw" not in out + err
