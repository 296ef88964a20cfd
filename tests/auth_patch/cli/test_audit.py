"""``--audit FILE``: one JSON line per request that left, never a secret; a file that cannot be
written never stands in the way of the cancel."""

import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_open_orders
from tests.auth_patch.cli.test_main import CANCEL, command, serving, unpaced

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    with serving(monkeypatch) as running:
        yield running


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_every_request_that_left_is_one_line(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trail = tmp_path / "audit.jsonl"
    ran = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,FOO-BAR", "--audit",
                  str(trail))  # fmt: skip

    assert ran.returncode == 6
    written = lines(trail)
    assert [(e["operation"], e["symbol"]) for e in written] == [
        ("cancelOpenOrders", "BTC-USDT"),
        ("cancelOpenOrders", "FOO-BAR"),
        ("commonSymbols", "FOO-BAR"),
    ]
    assert {e["account"] for e in written} == {"default"}
    assert {(e["outcome"], e["code"], e["http"]) for e in written} == {("ok", 0, 200)}
    assert all(str(e["time"]).endswith("Z") for e in written)
    text = trail.read_text()
    assert DEMO_API_KEY not in text
    assert DEMO_SECRET_KEY not in text
    assert "signature" not in text
    assert trail.stat().st_mode & 0o777 == 0o600


def test_an_error_answer_is_written_with_bingx_code(
    server: LocalServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unpaced(monkeypatch)  # the retries go at once: what is written is under test, not the pace
    trail = tmp_path / "audit.jsonl"
    server.exchange.inject(faults.error(100500, "busy"), times=3)
    command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--audit", str(trail))

    outcomes = [(e["outcome"], e["code"]) for e in lines(trail)]
    assert outcomes[0] == ("ServerBusyError", 100500)
    sent = [r for r in server.exchange.requests if r.url.path == CANCEL]
    assert len(outcomes) == len(sent)  # one line per request that left, retries included


def test_a_run_refused_before_sending_writes_nothing(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trail = tmp_path / "audit.jsonl"
    ran = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--recv-window", "0",
                  "--audit", str(trail))  # fmt: skip
    assert ran.returncode == 2
    assert not trail.exists()


def test_an_audit_file_that_cannot_be_written_never_stops_the_cancel(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ran = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,GM-USDT", "--audit",
                  str(tmp_path))  # a folder: no file can be appended there  # fmt: skip

    assert ran.returncode == 0
    assert ran.stderr.count("--audit") == 1  # said once
    assert "the run goes on unaudited" in ran.stderr
    assert len([r for r in server.exchange.requests if r.url.path == CANCEL]) == 2


def test_the_sdk_says_nothing_to_the_audit_log_unless_asked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, transport=LocalExchange().transport(), rate_limit=False
    )
    cancel_open_orders.sync(client=client, symbol="BTC-USDT")
    assert not [r for r in caplog.records if r.name == "bingx_spot.audit"]


def test_a_fifo_as_audit_file_never_holds_the_cancel(
    server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "audit.fifo"
    os.mkfifo(fifo)  # nobody reads it: a blocking open would never return
    began = time.monotonic()
    ran = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--audit", str(fifo))

    assert ran.returncode == 0
    assert time.monotonic() - began < 5
    assert "--audit" in ran.stderr
    assert len([r for r in server.exchange.requests if r.url.path == CANCEL]) == 1
