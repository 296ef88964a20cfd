"""bingx-spot open-orders against the local exchange on a loopback port, in process
(``main``); the exchange and what it was sent: ``conftest.py``."""

import json

import pytest

from bingx_spot.testing import faults
from bingx_spot.testing.server import LocalServer
from tests.auth_patch.cli.conftest import DEMO_IDS, LIST, sent
from tests.auth_patch.cli.test_main import BIG_ID, PAIRS, command, echoing, leaks, order

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def test_open_orders_everywhere_is_a_table_and_a_count(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    placed = 1_735_000_000_123
    server.exchange.add_orders([order("ETH-USDT", BIG_ID, time=placed, clientOrderID="a\x1b[2J")])

    done = command(capsys, "open-orders")

    assert (done.returncode, done.stderr) == (0, "")
    assert sent(server) == [(LIST, None)]
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["symbol", "orderId", "side", "type", "price", "origQty",
                                "executedQty", "status", "clientOrderID", "time"]  # fmt: skip
    assert [line.split()[1] for line in lines[1:6]] == [*map(str, DEMO_IDS), str(BIG_ID)]
    assert lines[5].split()[-2:] == ["a\\x1b[2J", "2024-12-24T00:26:40.123Z"]
    assert lines[6] == "5 open orders on all symbols"
    assert len(server.exchange.open_orders()) == 5  # a read: nothing cancelled


def test_open_orders_per_symbol_each_line_names_its_symbol(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(faults.null_data(), operation="openOrders")  # the first read
    done = command(capsys, "open-orders", "--symbol", "ETH-USDT", "--symbol", "BTC-USDT,GM-USDT")

    assert done.returncode == 0, done.stderr
    assert [symbol for _, symbol in sent(server)] == ["ETH-USDT", "BTC-USDT", "GM-USDT", "ETH-USDT"]
    assert sent(server)[-1] == (PAIRS, "ETH-USDT")  # nothing listed: does the pair exist?
    lines = done.stdout.splitlines()
    assert "2 open orders on BTC-USDT" in lines
    assert "1 open order on GM-USDT" in lines
    # The client layer hands `data: null` on as the spec's empty form: nothing open. Its line
    # waits for the lookup, which found the pair.
    assert lines[-1] == "no open orders on ETH-USDT"


def test_open_orders_json_is_one_document_with_exact_ids(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.add_orders([order("BIG-USDT", BIG_ID)])
    done = command(capsys, "open-orders", "--symbol", "BIG-USDT,NONE-USDT", "--json")

    doc = json.loads(done.stdout)
    assert doc["exit"] == done.returncode == 6  # BingX lists no NONE-USDT
    big, none = doc["results"]
    assert (big["symbol"], big["open"], big["orders"][0]["orderId"]) == ("BIG-USDT", 1, BIG_ID)
    assert big["answer"]["data"]["orders"] == big["orders"]
    assert "pair_listed" not in big  # orders listed: not looked up
    assert (none["symbol"], none["open"], none["orders"]) == ("NONE-USDT", 0, [])
    assert (none["exit"], none["pair_listed"], doc["unknown"]) == (6, False, ["NONE-USDT"])


def test_open_orders_redacts_what_the_answer_echoes(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(echoing, times=2)

    done = command(capsys, "open-orders", "--symbol", "BTC-USDT")
    as_json = command(capsys, "open-orders", "--symbol", "GM-USDT", "--json")

    assert (done.returncode, as_json.returncode) == (0, 0)
    for shown in (done.stdout, done.stderr, as_json.stdout, as_json.stderr):
        assert leaks(shown) == []
    lines = done.stdout.splitlines()
    assert [line.split()[-2] for line in lines[1:3]] == ["[redacted]", "[redacted]"]
    assert "BingX's message on BTC-USDT: key [redacted] sig [redacted] secret [redacted]" in lines
    assert any(line.startswith("BingX also sent [redacted] on BTC-USDT: ") for line in lines)
    result = json.loads(as_json.stdout)["results"][0]
    assert result["orders"][0]["clientOrderID"] == "[redacted]"
    assert result["answer"]["msg"] == "key [redacted] sig [redacted] secret [redacted]"


@pytest.mark.parametrize(
    ("fault", "status", "text"),
    [
        (faults.error(100413, "Incorrect apiKey"), 3, "BingX error 100413"),
        (faults.error(100410, "unblocked after 1727193814249"), 4, "2024-09-24T16:03:34.249Z"),
        (faults.error(100400, "invalid symbol"), 6, "BingX error 100400"),
        (faults.not_json(), 7, "not JSON"),
    ],
)
def test_open_orders_errors_name_the_symbol(
    server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    fault: faults.Fault,
    status: int,
    text: str,
) -> None:
    server.exchange.inject(fault, times=10)
    got, out, err = command(capsys, "open-orders", "--symbol", "BTC-USDT,GM-USDT", "--json")

    doc = json.loads(out)
    assert got == doc["exit"] == doc["error"]["exit"] == status
    assert err.startswith("bingx-spot: reading open orders on BTC-USDT failed: ")
    assert text in err
    if status == 3:  # the same key is refused everywhere: not tried
        assert doc["results"][1] == {
            "symbol": "GM-USDT",
            "exit": None,
            "not_tried": True,
            "sent": False,
        }


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--all-symbols"], "unrecognized arguments: --all-symbols"),
        (["--symbol", ","], "--symbol names no symbol"),
        (["--timeout", "0"], "--timeout"),
    ],
)
def test_open_orders_usage_problems_send_nothing(
    server: LocalServer, capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    status, out, err = command(capsys, "open-orders", *args)

    assert (status, out) == (2, "")
    assert text in err
    assert len(server.exchange.requests) == 0


def test_open_orders_on_a_pair_bingx_does_not_list_exits_6(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    done = command(capsys, "open-orders", "--symbol", "FOO-BAR,GM-USDT")

    assert (done.returncode, done.stderr) == (6, "")
    assert done.stdout.splitlines()[-2:] == [
        "1 open order on GM-USDT",
        "FOO-BAR: no such pair on BingX",
    ]
    assert sent(server) == [(LIST, "FOO-BAR"), (LIST, "GM-USDT"), (PAIRS, "FOO-BAR")]


def test_open_orders_a_failed_lookup_is_never_no_such_pair(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(faults.html(502), times=20, operation="commonSymbols")

    done = command(capsys, "open-orders", "--symbol", "FOO-BAR")

    assert (done.returncode, done.stdout) == (7, "")
    assert done.stderr.startswith(
        "bingx-spot: the read on FOO-BAR listed no open orders; whether FOO-BAR is a pair BingX "
        "lists could not be checked: ResponseError: "
    )
