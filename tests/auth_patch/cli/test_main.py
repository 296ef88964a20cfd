"""bingx-spot against the local exchange on a loopback port.

Most tests call ``main`` in process: the same code as the console script, without a Python
start-up each. What needs a process of its own runs the installed command in a subprocess: the
console script itself, signals, a closed stdout.
"""

import contextlib
import dataclasses
import io
import json
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import httpx
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import bingx_spot.cli.cancel
import bingx_spot.client
import bingx_spot.wire.ratelimit
from bingx_spot import Retries, __version__
from bingx_spot.cli import dead_man as cli_deadman
from bingx_spot.cli.main import EXIT_STATUS, main
from bingx_spot.deadman import DeadMansSwitch
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults, reset_budgets
from bingx_spot.testing.server import LocalServer
from tests.processes import started

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

COMMAND = Path(sys.executable).with_name("bingx-spot")
COMMAND_GUIDE = Path(__file__).parents[3] / "docs" / "command.md"
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
BIG_ID = 2**63 - 7  # far above 2**53: a float would change it
CANCEL = "/openApi/spot/v1/trade/cancelOpenOrders"
PAIRS = "/openApi/spot/v1/common/symbols"


@contextlib.contextmanager
def serving(
    monkeypatch: pytest.MonkeyPatch, exchange: LocalExchange | None = None
) -> Iterator[LocalServer]:
    """A local exchange (``exchange``, else a new one), and the command's environment pointing
    at it with the demo keys."""
    with LocalServer(exchange if exchange is not None else LocalExchange(block_ms=0)) as running:
        monkeypatch.setenv("BINGX_API_KEY", DEMO_API_KEY)
        monkeypatch.setenv("BINGX_SECRET_KEY", DEMO_SECRET_KEY)
        monkeypatch.setenv("BINGX_BASE_URL", running.url)
        monkeypatch.delenv("BINGX_RATE_LIMIT_STORAGE", raising=False)
        yield running


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    # In process, the demo key's budget would hold each test's first cancel until the slot of
    # the test before it has passed; no test here is about that.
    reset_budgets()
    with serving(monkeypatch) as running:
        yield running
    reset_budgets()  # a block a test earned stays with it


def environment(server: LocalServer, **extra: str) -> dict[str, str]:
    """The command's environment, with a host store of its own (``XDG_STATE_HOME``, new at each
    call): processes started with one environment share it, and no other test's budget or
    blocks reach them."""
    return {
        "XDG_STATE_HOME": tempfile.mkdtemp(prefix="bingx-state-"),
        "BINGX_BASE_URL": server.url,
        "BINGX_API_KEY": DEMO_API_KEY,
        "BINGX_SECRET_KEY": DEMO_SECRET_KEY,
        "PATH": "",
        **extra,
    }


def unwaited(err: str) -> str:
    """``err`` without the lines that say a wait for rate budget took over a second: whether one
    does depends on where in its slot the previous cancel started."""
    return "".join(line for line in err.splitlines(keepends=True) if ": waiting " not in line)


def unpaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's clients keep no rate budget and retry without a pause, for a test that
    sends several requests and is about neither: each would wait up to 1.2 s for its slot, and
    up to 0.6 s before its retries. The exchanges here lift their 100410 blocks at once
    (``block_ms=0``), so nothing is refused for the pace either. The budget itself:
    ``test_cancels_each_distinct_symbol_in_order_and_names_it_on_every_line``."""
    make = bingx_spot.client.make_client

    def unhurried(*args: Any, retries: Retries | None = None, **options: Any) -> Any:
        now = dataclasses.replace(retries or Retries(), backoff=0)
        return make(*args, retries=now, rate_limit=False, **options)

    monkeypatch.setattr(bingx_spot.client, "make_client", unhurried)


# The command with SIGINT at its default. A non-interactive shell starts its background jobs
# (`make test &` in a script) with SIGINT ignored, Python keeps an ignored SIGINT ignored, and
# the child inherits it: the Ctrl-C under test would never arrive.
INTERRUPTIBLE = [
    sys.executable, "-I", "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execv(sys.argv[1], sys.argv[1:])",
    str(COMMAND),
]  # fmt: skip


def script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Runs the installed command; a last argument ``>&-`` runs it with stdout closed."""
    argv = [str(COMMAND), *args]
    if args and args[-1] == ">&-":
        argv = ["/bin/sh", "-c", 'exec "$0" "$@" >&-', *argv[:-1]]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=60)
    assert "Traceback" not in done.stderr, done.stderr
    return done


class Ran(NamedTuple):
    """One in-process run, named as a finished subprocess's."""

    returncode: int
    stdout: str
    stderr: str


def command(capsys: pytest.CaptureFixture[str], *args: str) -> Ran:
    """Runs ``bingx-spot ARGS`` in process, with the test's environment."""
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return Ran(status, out, err)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return command(capsys, "cancel-open-orders", *args)


def sent_symbols(server: LocalServer, path: str = CANCEL) -> list[str | None]:
    """The symbol of each request to ``path`` (by default each cancel), in order."""
    return [r.url.params.get("symbol") for r in server.exchange.requests if r.url.path == path]


def order(symbol: str, order_id: int, **fields: Any) -> dict[str, Any]:
    return {"symbol": symbol, "orderId": order_id, "price": "1", "stopPrice": "0", "origQty": "1",
            "executedQty": "0", "cummulativeQuoteQty": "0", "status": "NEW", "type": "LIMIT",
            "side": "BUY", "clientOrderID": "", **fields}  # fmt: skip


def echoing(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
    """A fault: a successful answer that echoes the request's API key, its signature and the
    secret in ``msg``, in each order's ``clientOrderID``, and in extra fields' names and values."""
    response = answer()
    doc = json.loads(response.content)
    key, signature = request.headers["X-BX-APIKEY"], request.url.params["signature"]
    doc["msg"] = f"key {key} sig {signature} secret {DEMO_SECRET_KEY}"
    for listed in doc["data"]["orders"]:
        listed["clientOrderID"] = signature
    doc["data"][signature] = f"{request.method} {request.url} X-BX-APIKEY: {key}"
    doc["data"]["echo"] = {"header": key}  # shown as JSON
    return httpx.Response(200, json=doc)


def leaks(text: str) -> list[str]:
    """What ``text`` shows of the demo credentials, or of anything shaped like a signature."""
    found = re.findall(r"[0-9a-fA-F]{64}", text)
    return found + [s for s in (DEMO_API_KEY, DEMO_SECRET_KEY) if s in text]


# -- several symbols --------------------------------------------------------------------------


def test_cancels_each_distinct_symbol_in_order_and_names_it_on_every_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bingx_spot.wire.storage import host_store  # noqa: PLC0415
    from tests.auth_patch.wire.test_ratelimit import fast_clock, on_clock  # noqa: PLC0415

    # The exchange, the command's client and its budget (this host's store, the command's
    # default) on one clock ten times as fast as the wall clock: the second the third cancel
    # waits for is a tenth of one.
    clock = fast_clock()
    options = on_clock(monkeypatch, clock, host_store())
    make = bingx_spot.client.make_client
    monkeypatch.setattr(
        bingx_spot.client, "make_client", lambda *args, **given: make(*args, **{**options, **given})
    )
    with serving(monkeypatch, LocalExchange(block_ms=0, clock=clock.ms)) as server:
        done = command(
            capsys,
            "cancel-open-orders", "--symbol", "BTC-USDT", "--symbol", "GM-USDT, ETH-USDT,BTC-USDT",
        )  # fmt: skip

    assert (done.returncode, unwaited(done.stderr)) == (0, "")
    assert sent_symbols(server) == ["BTC-USDT", "GM-USDT", "ETH-USDT"]
    # Nothing was listed on ETH-USDT: once the cancels are out, BingX's symbols list is asked.
    assert server.exchange.requests[-1].url.path == PAIRS
    assert sent_symbols(server, PAIRS) == ["ETH-USDT"]
    # The command keeps to BingX's 2 cancels a second: the third is signed a second after the
    # first, or later.
    cancels = [r for r in server.exchange.requests if r.url.path == CANCEL]
    first, _, third = [int(r.url.params["timestamp"]) for r in cancels]
    assert third - first >= 1000
    assert {o["symbol"] for o in server.exchange.open_orders()} == {"OTHR#99961-USDT"}
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["symbol", "orderId", "side"]
    assert lines[1].split()[:4] == ["BTC-USDT", "1735964997957275649", "BUY", "LIMIT"]
    assert ISO_UTC.fullmatch(lines[1].split()[-1])
    assert "2 orders cancelled on BTC-USDT" in lines
    assert "1 order cancelled on GM-USDT" in lines
    assert lines[-1] == "BingX listed no cancelled orders on ETH-USDT"
    about = [line for line in lines if not line.startswith("symbol ")]
    assert all(any(s in line for s in ("BTC-USDT", "GM-USDT", "ETH-USDT")) for line in about)


def test_a_symbol_in_lower_case_gets_a_warning_and_its_own_line(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    status, out, err = run(capsys, "--symbol", "btc-usdt,BTCUSDT")

    assert status == 6  # BingX (here the local exchange) refuses BTCUSDT
    warned = err.splitlines()
    assert len(warned) == 2  # no spelling rule but lower case: BTCUSDT is BingX's to judge
    assert warned[0].startswith("bingx-spot: warning: btc-usdt is in lower case: ")
    assert warned[1].startswith("bingx-spot: cancel on BTCUSDT failed: BingX error 100400")
    assert out == "btc-usdt: no such pair on BingX\n"  # BingX lists BTC-USDT
    assert len(server.exchange.open_orders()) == 4


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--all-symbols", "--symbol", "BTC-USDT"], "not allowed with argument --all-symbols"),
        ([], "--all-symbols"),
        (["--symbol", " , "], "--symbol names no symbol"),
        (["--symbol", "A" * 100_000], "is 100000 characters long"),
        (["--symbol", "BTC-USDT\n3 orders"], "BTC-USDT\\x0a3 orders holds spaces or control"),
        (["--symbol", "BTC-USDT", "--recv-window", "0"], "--recv-window"),
        (["--symbol", "BTC-USDT", "--timeout", "nan"], "--timeout"),
        (["--symbol", "BTC-USDT", "--base-url", "ftp://x"], "base_url"),
        (["--symbol", "BTC-USDT", "--rate-limit-storage", "nosuch://x"], "rate_limit_storage"),
        (["--symbol"], "expected one argument"),
    ],
)
def test_usage_problems_send_nothing_and_exit_2(
    server: LocalServer, capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    status, out, err = run(capsys, *args)

    assert (status, out) == (2, "")
    assert err.startswith("bingx-spot: ")
    assert text in err
    assert err.count("\n") == 1
    assert len(server.exchange.requests) == 0


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


# -- pairs BingX does not list ----------------------------------------------------------------

# Live pairs whose spelling breaks a naive BASE-QUOTE rule (docs/bingx-facts.md, "Symbols").
ODD_PAIRS = ["STRK-OLD-USDT", "H_OLD-USDT", "$U-USDT", "D.O.G.E.-USDT", "ATOM(ARC20)-USDT",
             "OTHR#99961-USDT", "MØTH-USDT", "1000PEPE-USDT"]  # fmt: skip


def test_a_pair_bingx_does_not_list_is_said_once_the_cancels_are_out_and_exits_6(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    status, out, err = run(capsys, "--symbol", "FOO-BAR")

    assert (status, out, err) == (6, "FOO-BAR: no such pair on BingX\n", "")
    assert [r.url.path for r in server.exchange.requests] == [CANCEL, PAIRS]
    assert sent_symbols(server, PAIRS) == ["FOO-BAR"]


def test_a_real_pair_and_an_unknown_one_each_get_their_lines_and_6_wins_over_0(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    status, out, err = run(capsys, "--symbol", "BTC-USDT,FOO-BAR,ETH-USDT")

    assert (status, err) == (6, "")
    lines = out.splitlines()
    assert "2 orders cancelled on BTC-USDT" in lines
    assert lines[-2:] == [
        "FOO-BAR: no such pair on BingX",
        "BingX listed no cancelled orders on ETH-USDT",  # a pair, with nothing open
    ]
    assert sent_symbols(server) == ["BTC-USDT", "FOO-BAR", "ETH-USDT"]
    assert sent_symbols(server, PAIRS) == ["FOO-BAR", "ETH-USDT"]  # after every cancel
    assert [r.url.path for r in server.exchange.requests][3:] == [PAIRS, PAIRS]
    assert {o["symbol"] for o in server.exchange.open_orders()} == {"GM-USDT", "OTHR#99961-USDT"}


def test_an_unconfirmed_cancel_outranks_an_unknown_pair(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    server.exchange.inject(faults.order_status("NEW"), operation="cancelOpenOrders")

    status, out, _ = run(capsys, "--symbol", "GM-USDT,FOO-BAR")

    assert status == 9
    assert "FOO-BAR: no such pair on BingX" in out.splitlines()


def test_an_unknown_pair_in_json_is_marked_and_listed(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    status, out, err = run(capsys, "--symbol", "BTC-USDT,FOO-BAR,ETH-USDT", "--json")

    doc = json.loads(out)
    assert (status, doc["exit"], err) == (6, 6, "")
    assert doc["unknown"] == ["FOO-BAR"]
    assert "error" not in doc  # nothing failed
    btc, foo, eth = doc["results"]
    assert (btc["cancelled"], btc["exit"]) == (2, 0)
    assert "pair_listed" not in btc  # orders listed: not looked up
    assert (foo["exit"], foo["pair_listed"], foo["cancelled"]) == (6, False, 0)
    assert (eth["exit"], eth["pair_listed"]) == (0, True)


@pytest.mark.parametrize(
    ("fault", "status", "text"),
    [
        (faults.html(502), 7, "ResponseError: "),
        (faults.error(100202, "busy elsewhere"), 8, "BingX error 100202"),
    ],
)
def test_a_failed_lookup_says_what_is_not_known_never_no_such_pair(
    server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    fault: faults.Fault,
    status: int,
    text: str,
) -> None:
    unpaced(monkeypatch)
    server.exchange.inject(fault, times=20, operation="commonSymbols")

    done = run(capsys, "--symbol", "FOO-BAR,BTC-USDT")
    as_json = run(capsys, "--symbol", "NOPE-USDT", "--json")

    assert (done[0], as_json[0]) == (status, status)
    assert "no such pair" not in done[1] + done[2] + as_json[1]
    assert "2 orders cancelled on BTC-USDT" in done[1]
    [line] = done[2].splitlines()
    assert line.startswith(
        "bingx-spot: the cancel on FOO-BAR went out and listed nothing; whether FOO-BAR is a "
        "pair BingX lists could not be checked: "
    )
    assert text in line
    doc = json.loads(as_json[1])
    [result] = doc["results"]
    assert (result["pair_listed"], result["lookup_error"]["exit"]) == (None, status)
    assert doc["error"] == result["lookup_error"]
    assert (doc["unknown"], doc["exit"]) == ([], status)
    assert as_json[2].startswith("bingx-spot: the cancel on NOPE-USDT went out and listed nothing")


def test_interrupted_while_looking_up_says_only_what_the_cancel_did(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)

    def interrupted(symbol: str) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(bingx_spot.cli.cancel, "pair_lookup", lambda client: interrupted)
    status, out, err = run(capsys, "--symbol", "FOO-BAR,ETH-USDT")

    assert status == 130
    assert out.splitlines() == [
        "BingX listed no cancelled orders on FOO-BAR",
        "BingX listed no cancelled orders on ETH-USDT",
    ]
    assert err == "bingx-spot: interrupted\n"


def test_odd_spellings_are_pairs_like_any_other_with_no_warning(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    server.exchange.add_orders([order(symbol, 7 + n) for n, symbol in enumerate(ODD_PAIRS)])

    status, out, err = run(capsys, "--symbol", ",".join(ODD_PAIRS))

    assert (status, err) == (0, "")
    lines = out.splitlines()
    for symbol in ODD_PAIRS:
        count = 2 if symbol == "OTHR#99961-USDT" else 1  # the demo account has one there too
        assert f"{count} order{'s' * (count > 1)} cancelled on {symbol}" in lines
    assert {o["symbol"] for o in server.exchange.open_orders()} == {"GM-USDT", "BTC-USDT"}
    assert sent_symbols(server) == ODD_PAIRS
    assert sent_symbols(server, PAIRS) == []  # orders listed on each: each exists


def test_odd_spellings_with_nothing_open_are_looked_up_and_found(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    odd = [symbol for symbol in ODD_PAIRS if symbol != "OTHR#99961-USDT"]  # that one has an order

    status, out, err = run(capsys, "--symbol", ",".join(odd))

    assert (status, err) == (0, "")
    assert out.splitlines() == [f"BingX listed no cancelled orders on {symbol}" for symbol in odd]
    assert sent_symbols(server, PAIRS) == odd


# -- honest results ---------------------------------------------------------------------------


def test_only_canceled_counts_and_extra_lists_and_messages_are_shown(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    server.exchange.add_orders([order("ETH-USDT", 7), order("SOL-USDT", 8), order("SOL-USDT", 9)])
    for fault in (
        faults.order_status("NEW"),
        faults.order_status("FILLED"),
        faults.message("partly done"),
        faults.fails(),
    ):
        server.exchange.inject(fault)

    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,GM-USDT,ETH-USDT,SOL-USDT")

    assert (done.returncode, done.stderr) == (9, "")
    lines = done.stdout.splitlines()
    assert (
        "2 listed orders NOT confirmed cancelled on BTC-USDT: "
        "1735964997957275649 status NEW, 1735964997957275650 status NEW"
    ) in lines
    assert (
        "1 listed order NOT confirmed cancelled on GM-USDT: 1735964997957275648 status FILLED"
    ) in lines
    assert "1 order cancelled on ETH-USDT" in lines
    assert "BingX's message on ETH-USDT: partly done" in lines
    assert "1 order cancelled on SOL-USDT" in lines
    assert "1 listed order NOT confirmed cancelled on SOL-USDT: 9 (order not exist)" in lines
    assert any(line.startswith("BingX also sent fails on SOL-USDT: [") for line in lines)
    assert not any(
        line.startswith(("2 orders cancelled", "1 order cancelled on G")) for line in lines
    )


@pytest.mark.parametrize(
    "fault",
    [faults.null_data(), faults.data({}), faults.data({"orders": None}), faults.data([])],
    ids=["data-null", "data-object", "orders-null", "data-list"],
)
def test_answers_that_list_nothing_say_so_for_their_symbol(
    server: LocalServer, capsys: pytest.CaptureFixture[str], fault: faults.Fault
) -> None:
    server.exchange.inject(fault)  # BTC-USDT has two open orders: only the fault says nothing

    status, out, err = run(capsys, "--symbol", "BTC-USDT")

    # Each is "nothing listed" (docs/bingx-facts.md, "Cancel answers"); the client layer hands
    # on every one as the spec's empty form, so each reads the same, and no line claims to show
    # what BingX sent.
    assert (status, out, err) == (0, "BingX listed no cancelled orders on BTC-USDT\n", "")


def test_a_cancelled_order_without_an_integer_order_id_is_not_confirmed(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    odd: list[Any] = [None, str(BIG_ID), float(BIG_ID), True]
    done_at = {"status": "CANCELED", "transactTime": 1702721242701}
    answer = {"orders": [order("BTC-USDT", 5, **done_at)]}
    answer["orders"] += [order("BTC-USDT", value, **done_at) for value in odd]
    server.exchange.inject(faults.data(answer), times=2)

    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT")
    as_json = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--json")

    # The SDK may come to refuse such an answer (exit 7); never may it count one as cancelled.
    assert done.returncode == as_json.returncode
    assert done.returncode in (7, 9), done.stderr
    assert "orders cancelled" not in done.stdout
    if done.returncode == 7:
        assert "ResponseError" in done.stderr
    else:
        assert "1 order cancelled on BTC-USDT" in done.stdout.splitlines()
        shown = [f'"{BIG_ID}"', "9.223372036854776e+18", "true"]
        assert (
            "4 listed orders NOT confirmed cancelled on BTC-USDT: "
            + ", ".join(f"{v} (orderId not an integer) status CANCELED" for v in ["null", *shown])
        ) in done.stdout.splitlines()
        [result] = json.loads(as_json.stdout)["results"]
        assert (result["cancelled"], result["not_confirmed"]) == (1, 4)


# -- safe output ------------------------------------------------------------------------------


def test_control_characters_from_the_server_are_escaped(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    forged = "x\n2 orders cancelled on ALL-USDT\x1b[2J\x9b31m\u202e"
    server.exchange.add_orders([order("EVIL-USDT", BIG_ID, clientOrderID=forged)])
    server.exchange.inject(faults.message("\x1b]0;owned\x07done"))
    server.exchange.inject(faults.error(100400, "bad\r\nbingx-spot: 0 errors\x1b[0m"))

    done = command(capsys, "cancel-open-orders", "--symbol", "EVIL-USDT,BAD-USDT")

    assert done.returncode == 6
    for text in (done.stdout, done.stderr):
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", text)
    lines = done.stdout.splitlines()
    assert len(lines) == 4  # header, the order, the count, the message: nothing forged
    assert "x\\x0a2 orders cancelled on ALL-USDT\\x1b[2J" in lines[1]
    assert lines[3] == "BingX's message on EVIL-USDT: \\x1b]0;owned\\x07done"
    # The SDK keeps an error's msg on one line; the command escapes whatever is left.
    assert done.stderr == (
        "bingx-spot: cancel on BAD-USDT failed: BingX error 100400 (InvalidParameterError): "
        "bad  bingx-spot: 0 errors [0m\n"
    )


def test_credentials_and_signatures_a_successful_answer_echoes_are_redacted(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    server.exchange.inject(echoing, times=2)

    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT")
    as_json = command(capsys, "cancel-open-orders", "--symbol", "GM-USDT", "--json")

    assert (done.returncode, as_json.returncode) == (0, 0)
    for shown in (done.stdout, done.stderr, as_json.stdout, as_json.stderr):
        assert leaks(shown) == []
    lines = done.stdout.splitlines()
    assert [line.split()[-2] for line in lines[1:3]] == ["[redacted]", "[redacted]"]
    assert "2 orders cancelled on BTC-USDT" in lines
    assert "BingX's message on BTC-USDT: key [redacted] sig [redacted] secret [redacted]" in lines
    [sent] = [line for line in lines if line.startswith("BingX also sent [redacted]")]
    assert sent.startswith("BingX also sent [redacted] on BTC-USDT: POST http://127.0.0.1:")
    assert sent.endswith("&signature=[redacted] X-BX-APIKEY: [redacted]")
    assert 'BingX also sent echo on BTC-USDT: {"header":"[redacted]"}' in lines
    answer = json.loads(as_json.stdout)["results"][0]["answer"]
    assert answer["msg"] == "key [redacted] sig [redacted] secret [redacted]"
    assert answer["data"]["orders"][0]["clientOrderID"] == "[redacted]"
    assert answer["data"]["orders"][0]["orderId"] == 1735964997957275648  # ids stay exact
    assert answer["data"]["[redacted]"].endswith("&signature=[redacted] X-BX-APIKEY: [redacted]")


def test_a_key_that_json_would_escape_is_redacted_too(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = 'odd"key\\' + "k" * 20  # a quote and a backslash: JSON and the escaping change both
    with LocalServer(LocalExchange({key: DEMO_SECRET_KEY}, block_ms=0)) as odd:
        odd.exchange.inject(echoing)
        monkeypatch.setenv("BINGX_BASE_URL", odd.url)
        monkeypatch.setenv("BINGX_API_KEY", key)
        done = command(capsys, "open-orders")

    assert done.returncode == 0, done.stderr
    for form in (key, json.dumps(key)[1:-1], key.replace("\\", "\\\\"), "k" * 20):
        assert form not in done.stdout + done.stderr
    assert 'BingX also sent echo on all symbols: {"header":"[redacted]"}' in done.stdout


# -- every failure has its exit status --------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "status", "text"),
    [
        (faults.error(100001, "Signature verification failed"), 3, "BingX error 100001"),
        (faults.error(100419, "IP not in whitelist"), 3, "BingX error 100419"),
        (faults.error(100410, "unblocked after 1727193814249"), 4, "2024-09-24T16:03:34.249Z"),
        (faults.status(418), 4, "HTTPRateLimitError"),
        (faults.error(100421, "Null timestamp or timestamp mismatch"), 5, "BingX error 100421"),
        (faults.error(100400, "invalid symbol"), 6, "BingX error 100400"),
        (faults.html(200), 7, "not JSON"),  # retried failures: see the unreachable exchange
        (faults.error(100202, "Insufficient assets"), 8, "BingX error 100202"),
    ],
)
def test_errors_are_one_line_naming_the_symbol_with_a_status_per_family(
    server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    fault: faults.Fault,
    status: int,
    text: str,
) -> None:
    unpaced(monkeypatch)  # retried failures would wait for the budget
    server.exchange.inject(fault, times=10)
    got, out, err = run(capsys, "--symbol", "BTC-USDT")

    assert (got, out) == (status, "")
    assert err.startswith("bingx-spot: cancel on BTC-USDT failed: ")
    assert text in err
    assert err.count("\n") == 1
    assert DEMO_SECRET_KEY not in err
    assert DEMO_API_KEY not in err


def test_one_failed_symbol_does_not_stop_the_others_and_decides_the_status(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    server.exchange.inject(faults.order_status("NEW"))
    server.exchange.inject(faults.error(100400, "invalid symbol"))
    status, out, err = run(capsys, "--symbol", "GM-USDT,BAD-USDT,BTC-USDT")

    assert status == 6  # the first failure outranks the unconfirmed GM-USDT (9)
    assert sent_symbols(server) == ["GM-USDT", "BAD-USDT", "BTC-USDT"]
    assert "2 orders cancelled on BTC-USDT" in out
    assert "cancel on BAD-USDT failed" in err


def test_an_authentication_refusal_stops_and_lists_what_was_not_tried(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BINGX_SECRET_KEY", "not-the-secret")
    status, out, err = run(capsys, "--symbol", "BTC-USDT,GM-USDT,ETH-USDT")

    assert (status, out) == (3, "")
    assert len(server.exchange.requests) == 1
    assert err.splitlines()[-1] == "bingx-spot: not tried: GM-USDT, ETH-USDT"


def test_unreachable_exchange(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    server.stop()
    status, _, err = run(capsys, "--symbol", "BTC-USDT")

    assert status == 7
    assert "ConnectError" in err


def test_debug_shows_the_traceback(server: LocalServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.exchange.inject(faults.error(100400, "invalid symbol"))
    status = main(["cancel-open-orders", "--symbol", "BTC-USDT", "--debug"])

    assert status == 6
    assert "Traceback" in capsys.readouterr().err


def test_a_rate_limit_storage_that_is_down_still_cancels(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A closed port: nothing listens. The cancel goes out under the process-local budget, with
    # one warning that names the storage without its password. Never a traceback.
    monkeypatch.setenv("BINGX_RATE_LIMIT_STORAGE", "redis://user:pw@127.0.0.1:1/0")
    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT")

    assert done.returncode == 0, done.stderr
    assert "2 orders cancelled on BTC-USDT" in done.stdout
    assert "redis://user:***@127.0.0.1:1/0" in done.stderr
    assert "pw@" not in done.stderr


def test_a_closed_stdout_is_not_a_traceback_and_the_cancels_still_run(
    server: LocalServer,
) -> None:
    with started(
        [COMMAND, "cancel-open-orders", "--symbol", "BTC-USDT,GM-USDT"],
        env=environment(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as running:  # fmt: skip
        assert running.stdout is not None
        assert running.stderr is not None
        running.stdout.close()  # as `| head -0` would
        # Meanwhile, no stdout at all (`>&-`): Python starts with sys.stdout None.
        gone = script(environment(server), "cancel-open-orders", "--all-symbols", ">&-")
        err = running.stderr.read()
        status = running.wait(timeout=60)

    assert (status, unwaited(err)) == (141, "")
    assert (gone.returncode, unwaited(gone.stderr)) == (141, "")
    # Each sent all it had to, in whichever order the two runs met the exchange.
    assert sorted(map(str, sent_symbols(server))) == ["BTC-USDT", "GM-USDT", "None"]
    assert server.exchange.open_orders() == []


@pytest.mark.parametrize(
    ("sig", "status", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_an_interrupted_run_says_what_may_have_happened(
    server: LocalServer, sig: signal.Signals, status: int, word: str
) -> None:
    server.exchange.inject(faults.slow(30))
    with started(
        [*INTERRUPTIBLE, "cancel-open-orders", "--symbol", "BTC-USDT,GM-USDT", "--json"],
        env=environment(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as running:  # fmt: skip
        while not server.exchange.requests and running.poll() is None:
            time.sleep(0.02)
        running.send_signal(sig)
        out, err = running.communicate(timeout=60)

    assert running.returncode == status
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"bingx-spot: {word}; the cancel on BTC-USDT may or may not have reached BingX",
        "bingx-spot: not tried: GM-USDT",
    ]
    doc = json.loads(out)
    assert doc["exit"] == status
    assert doc["error"]["exit"] == status
    assert doc["results"] == [
        {"symbol": "BTC-USDT", "exit": None, "in_flight": True, "sent": True},
        {"symbol": "GM-USDT", "exit": None, "not_tried": True, "sent": False},
    ]


def test_interrupted_while_a_cancel_waits_for_budget_says_it_was_not_sent(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C lands while the second cancel waits for its rate budget: it never left.
    reserve = bingx_spot.wire.ratelimit.Account.reserve
    asked: list[str] = []

    def interrupted(account: Any, op: Any, deadline: float) -> tuple[float, bool]:
        asked.append(op.operation_id)
        if len(asked) == 2:
            raise KeyboardInterrupt
        return reserve(account, op, deadline)

    monkeypatch.setattr(bingx_spot.wire.ratelimit.Account, "reserve", interrupted)
    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,GM-USDT,ETH-USDT", "--json")

    assert done.returncode == 130
    assert sent_symbols(server) == ["BTC-USDT"]
    assert done.stderr.splitlines() == [
        "bingx-spot: interrupted; the cancel on GM-USDT was not sent",
        "bingx-spot: not tried: ETH-USDT",
    ]
    doc = json.loads(done.stdout)
    assert doc["results"][0]["sent"] is True
    assert doc["results"][1:] == [
        {"symbol": "GM-USDT", "exit": None, "interrupted": True, "sent": False},
        {"symbol": "ETH-USDT", "exit": None, "not_tried": True, "sent": False},
    ]


def test_a_cancel_refused_for_a_known_block_says_it_was_not_sent(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # BingX blocks the account for five minutes: the next cancel would only earn another block,
    # so the rate limiter refuses it at once, before anything leaves.
    until = int(time.time() * 1000) + 300_000
    server.exchange.inject(faults.error(100410, f"will be unblocked after {until}"))
    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,GM-USDT", "--json")

    assert done.returncode == 4
    assert sent_symbols(server) == ["BTC-USDT"]
    first, second = done.stderr.splitlines()
    assert first.startswith("bingx-spot: cancel on BTC-USDT failed: BingX error 100410 ")
    assert second.startswith("bingx-spot: cancel on GM-USDT failed (not sent): RateLimitError: ")
    doc = json.loads(done.stdout)
    answered, refused = doc["results"]
    assert (answered["sent"], answered["error"]["sent"]) == (True, True)
    assert (refused["sent"], refused["error"]["sent"]) == (False, False)
    assert refused["error"]["retry_at"] == until


@pytest.mark.parametrize("argv", [[], ["cancel-open-orders"], ["open-orders"], ["dead-man"]])
def test_help_shows_the_exit_table_as_a_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert main([*argv, "--help"]) == 0
    lines = capsys.readouterr().out.split("\nexit status:\n", 1)[1].splitlines()
    # One row per status, in order: the status, then its text in one column for every row; a
    # text too long for a line goes on under its own start.
    rows: dict[int, list[str]] = {}
    columns = set()
    for line in lines:
        if not line.strip():
            break
        assert len(line) <= 100, line
        row = re.match(r"^  (\d+) +(\S.*)$", line)
        if row:
            rows[int(row.group(1))] = [row.group(2)]
            columns.add(row.start(2))
        else:
            [last] = list(rows)[-1:]
            assert re.match(r"^ +\S", line)
            rows[last].append(line.strip())
            columns.add(len(line) - len(line.lstrip()))
    assert len(columns) == 1
    assert {status: " ".join(text) for status, text in rows.items()} == EXIT_STATUS
    assert list(rows) == list(EXIT_STATUS)


def test_the_docs_list_every_exit_status() -> None:
    section = COMMAND_GUIDE.read_text().split("\n## Exit statuses\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (.+) \|$", section, re.MULTILINE)

    assert [int(code) for code, _ in rows] == sorted(EXIT_STATUS)


# -- seeing what happens ----------------------------------------------------------------------


def test_version() -> None:
    done = script({"PATH": ""}, "--version")

    assert (done.returncode, done.stdout) == (0, f"bingx-spot {__version__}\n")


def test_verbose_logs_retries_and_clock_corrections_with_utc_times(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    with LocalServer(LocalExchange(skew_ms=60_000, block_ms=0)) as skewed:
        skewed.exchange.inject(faults.status(503))
        monkeypatch.setenv("BINGX_BASE_URL", skewed.url)
        done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "-v")

    assert done.returncode == 0, done.stderr
    logged = done.stderr.splitlines()
    assert all(ISO_UTC.match(line) and " on BTC-USDT: " in line for line in logged)
    assert any("retry 1 of 2" in line for line in logged)  # retry.py's wording
    assert any("clock offset" in line for line in logged)
    assert "2 orders cancelled on BTC-USDT" in done.stdout


def test_without_verbose_only_long_waits_and_warnings_are_logged(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging  # noqa: PLC0415

    from bingx_spot.cli import main as cli  # noqa: PLC0415
    from bingx_spot.cli.output import Output  # noqa: PLC0415

    handler = cli._Log(Output(json_mode=False, debug=False), verbose=False)
    log = logging.getLogger("bingx_spot.test")
    for seconds in (0.5, 1.5):
        args = (seconds, "rate budget")
        extra = {"wait_seconds": seconds}
        message = "waiting %.2f s: %s"
        record = log.makeRecord("bingx_spot", logging.INFO, "", 1, message, args, None, extra=extra)
        handler.handle(record)
    handler.handle(log.makeRecord("bingx_spot", logging.INFO, __file__, 1, "retry", (), None))

    [line] = capsys.readouterr().err.splitlines()
    assert ISO_UTC.match(line)
    assert line.endswith(" waiting 1.50 s: rate budget")


# -- machine-readable -------------------------------------------------------------------------


def test_json_is_one_document_with_exact_ids(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    server.exchange.add_orders([order("BIG-USDT", BIG_ID, clientOrderID="é\x1b")])
    done = command(
        capsys,
        "cancel-open-orders", "--symbol", "BIG-USDT,BTC-USDT", "--json", "--recv-window", "10000",
    )  # fmt: skip

    assert done.stdout.isascii()
    doc = json.loads(done.stdout)
    assert doc["exit"] == 0
    big, btc = doc["results"]
    assert big["answer"]["data"]["orders"][0]["orderId"] == BIG_ID
    assert big["answer"]["data"]["orders"][0]["clientOrderID"] == "é\x1b"
    assert (btc["symbol"], btc["cancelled"], btc["not_confirmed"]) == ("BTC-USDT", 2, 0)
    assert {r.url.params["recvWindow"] for r in server.exchange.requests} == {"10000"}


def test_json_errors_are_documents_too(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unpaced(monkeypatch)
    status, out, _ = run(capsys, "--json")
    assert status == 2
    assert json.loads(out)["error"] == {
        "type": "UsageError", "code": None, "exit": 2, "retry_at": None,
        "msg": "give --symbol SYMBOL, or --all-symbols to cancel open orders on every symbol",
    }  # fmt: skip

    server.exchange.inject(faults.error(100410, "will be unblocked after 1727193814249"))
    status, out, _ = run(capsys, "--json", "--symbol", "BTC-USDT,GM-USDT")
    doc = json.loads(out)
    assert status == doc["exit"] == 4
    assert doc["error"] == doc["results"][0]["error"]
    assert doc["error"]["code"] == 100410
    assert doc["error"]["retry_at"] == 1727193814249
    assert doc["error"]["retry_at_utc"] == "2024-09-24T16:03:34.249Z"


# -- the local exchange for other languages ---------------------------------------------------


def test_local_exchange_serves_orders_from_a_file_with_faults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The exchange in a process of its own, as for another language; the command runs here.
    unpaced(monkeypatch)  # the 100410 would block the next run's budget: each is a process
    book = tmp_path / "orders.json"
    book.write_text(json.dumps([order("ABC-USDT", BIG_ID), order("XYZ-USDT", 5)]))
    with started(
        [COMMAND, "local-exchange", "--orders", str(book),
         "--fault", "error=100410", "--fault", "order_status=FILLED:1"],
        stdout=subprocess.PIPE,
    ) as serving:  # fmt: skip
        try:
            assert serving.stdout is not None
            head = [serving.stdout.readline() for _ in range(6)]
            env = dict(line[len("export ") :].strip().split("=", 1) for line in head[3:])
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            limited = command(capsys, "cancel-open-orders", "--symbol", "ABC-USDT")
            filled = command(capsys, "cancel-open-orders", "--all-symbols")
        finally:
            serving.terminate()
    assert head[0].startswith("# Local BingX exchange on http://127.0.0.1:")
    assert set(env) == {"BINGX_BASE_URL", "BINGX_API_KEY", "BINGX_SECRET_KEY"}
    assert limited.returncode == 4
    assert "BingX accepts requests again from" in limited.stderr
    assert filled.returncode == 9
    assert f"NOT confirmed cancelled on all symbols: {BIG_ID} status FILLED, 5 status FILLED" in (
        filled.stdout
    )


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--fault", "nosuch"], "unknown fault 'nosuch'"),
        (["--fault", "status"], "needs its argument"),
        (["--fault", "error=abc"], "not a number"),
        (["--fault", "slow=inf"], "not a finite number"),
        (["--fault", "drop=1"], "takes no argument"),
        (["--fault", "html:0"], "TIMES must be"),
        (["--orders", "/nonexistent/orders.json"], "No such file"),
        (["--port", "99999"], "cannot listen"),
    ],
)
def test_local_exchange_refuses_bad_options(
    capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    status = main(["local-exchange", *args])
    err = capsys.readouterr().err

    assert status == 2
    assert text in err


@pytest.mark.parametrize(
    ("content", "text"),
    [("{", "not JSON"), ('{"a": 1}', "JSON list"), ('[{"symbol": "A-B"}]', "integer orderId")],
)
def test_local_exchange_refuses_a_bad_orders_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, text: str
) -> None:
    book = tmp_path / "orders.json"
    book.write_text(content)

    assert main(["local-exchange", "--orders", str(book)]) == 2
    assert text in capsys.readouterr().err


# -- no input, environment or server answer ends in a traceback -------------------------------

_KEYS = (f"fuzz-key-{n:04d}" for n in range(100_000))
_FRESH = "<a key of its own>"  # so examples never wait for each other's rate budget
_FUZZ_SECRET = "fuzz-secret"
_UNPACED = "<no rate budget>"


class Answers:
    """A fault that answers the next request with the example's ``answer``, once: an answer an
    example never asked for (it stopped at the parser) is gone before the next one starts."""

    def __init__(self) -> None:
        self.next: faults.Fault | None = None

    def __call__(self, request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        fault, self.next = self.next, None
        return answer() if fault is None else fault(request, answer)


def mostly(usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``usual`` four times in five: each knob is mostly sane, so that most examples get past
    the parser and meet the exchange, while every odd value still turns up."""
    return st.integers(0, 4).flatmap(lambda n: odd if n == 4 else usual)


# argv holds undecodable bytes as lone surrogates (os.fsdecode)
words = st.text(st.one_of(st.characters(), st.sampled_from("\udcff\udc80\x1b\n")), max_size=12)
symbols = mostly(
    st.sampled_from(["BTC-USDT", "GM-USDT", "btc-usdt", "NOPE"]),
    st.one_of(st.sampled_from([",", "A" * 60, "BTC-USDT,GM-USDT"]), words),
)
targets = mostly(
    st.one_of(st.tuples(st.just("--symbol"), symbols), st.just(("--all-symbols",))),
    st.just(()),
)
options = mostly(
    st.one_of(
        st.sampled_from([("--json",), ("-v",), ("--timeout", "10"), ("--recv-window", "9000")]),
        st.sampled_from([("--verify",), ("--verify", "--deadline", "1")]),
        st.tuples(st.just("--rate-limit-storage"), st.just("memory://")),
    ),
    st.one_of(
        st.sampled_from([("--all-symbols",), ("--base-url", "ftp://x"), ("--timeout", "nan")]),
        st.sampled_from([("--timeout", "9"), ("--deadline", "-1"), ("--timeout", "121")]),
        st.sampled_from([("--countdown", "9"), ("--countdown", "30")]),
        st.tuples(st.just("--symbol"), symbols),
        st.tuples(st.just("--recv-window"), st.sampled_from(["0", "60001", "x"])),
    ),
)
noise = mostly(
    st.just(()),
    st.one_of(
        st.sampled_from([("--version",), ("--help",), ("--debug",), ("--fault", "error=x")]),
        st.tuples(st.just("--orders"), st.sampled_from(["/nonexistent", "/dev/null"])),
        st.tuples(words),
    ),
)
commands = mostly(
    st.sampled_from(["cancel-open-orders", "open-orders", "dead-man"]),
    st.sampled_from(["local-exchange", "x", ""]),
)
answers = mostly(
    st.just(None),
    st.sampled_from([
        faults.order_status("FILLED"), faults.null_data(), faults.data([]), faults.fails(),
        faults.message("\x1b[2J"), faults.html(502), faults.truncated(), faults.not_json(),
        faults.status(429), faults.error(100410, "unblocked after 1727193814249"),
        faults.unknown_enums(), faults.numeric_prices(), faults.extra_fields(),
    ]),
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    command=commands,
    target=targets,
    args=st.lists(options, max_size=2),
    noise=noise,
    answer=answers,
    key=mostly(st.just(_FRESH), st.sampled_from(["", "two words", "k\x1b[0m", "ключ", "\udcff"])),
    secret=mostly(st.just(_FUZZ_SECRET), st.sampled_from(["wrong", "", "s\n"])),
    # A closed port costs the retries' backoff: test_unreachable_exchange has it.
    base_url=mostly(st.just("fuzz"), st.sampled_from(["no url", "http://[::1", "http://:1"])),
    # Mostly no rate budget, whose waits (up to 1.2 s a request) are not what this is about;
    # "" is the default budget, in this process's memory.
    storage=mostly(
        st.just(_UNPACED), st.sampled_from(["", "memory://", "nosuch://", "redis://127.0.0.1:1/0"])
    ),
)
def test_fuzz_any_argv_and_environment_ends_with_a_documented_status(
    fuzz_server: tuple[LocalServer, Answers],
    *,
    command: str,
    target: tuple[str, ...],
    args: list[tuple[str, ...]],
    noise: tuple[str, ...],
    answer: faults.Fault | None,
    key: str,
    secret: str,
    base_url: str,
    storage: str,
) -> None:
    server, answers = fuzz_server
    parts = [target, *args, noise]
    argv = [command, *(part for option in parts for part in option)] if command else []
    env = {
        "BINGX_API_KEY": next(_KEYS) if key == _FRESH else key,
        "BINGX_SECRET_KEY": secret,
        "BINGX_BASE_URL": server.url if base_url == "fuzz" else base_url,
        "BINGX_RATE_LIMIT_STORAGE": "" if storage == _UNPACED else storage,
    }
    answers.next = answer
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        if storage == _UNPACED:
            unpaced(patch)
        # local-exchange would serve until Ctrl-C: it starts, prints, and returns at once here;
        # dead-man arms, and stops (CLOSE) at once, as after a SIGTERM; an ACTIVATE that may
        # have arrived is closed again at once, not after its recvWindow.
        patch.setattr(LocalServer, "serve_forever", lambda self: None)
        patch.setattr(cli_deadman, "_wait", lambda stop, seconds: stop.set())
        patch.setattr(DeadMansSwitch, "_settle", lambda self: 0.0)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)

    event(f"{command or '(none)'} exit {status}")
    assert status in EXIT_STATUS
    assert status != 70, err.getvalue()  # 70 is a bug in bingx-spot
    if "--debug" not in argv:
        assert "Traceback" not in err.getvalue()
    helped = {"-h", "--help", "--version"} & set(argv)
    if "--json" in argv and not helped and status not in (130, 143):
        # dead-man prints a document per line (each arm), the last with the exit status
        last = out.getvalue().splitlines()[-1] if command == "dead-man" else out.getvalue()
        assert json.loads(last)["exit"] == status


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[tuple[LocalServer, Answers]]:
    accounts = {f"fuzz-key-{n:04d}": _FUZZ_SECRET for n in range(100_000)}
    answers = Answers()
    with LocalServer(LocalExchange(accounts, block_ms=0)) as running:
        running.exchange.inject(answers, times=1_000_000)
        yield running, answers


def test_runs_in_a_row_share_one_pace_and_never_earn_a_block() -> None:
    # BingX's own 2/s and 5-minute block; four runs from one shell, each a process of its own,
    # as an operator runs it again "to be sure". They share this host's store (one environment).
    with LocalServer(LocalExchange()) as server:
        env = environment(server)
        statuses = [script(env, "cancel-open-orders", "--symbol", "BTC-USDT").returncode
                    for _ in range(4)]  # fmt: skip
        answers = [r for r in server.exchange.requests if r.url.path == CANCEL]
        stamps = [int(r.url.params["timestamp"]) for r in answers]

    assert statuses == [0, 0, 0, 0]
    assert len(answers) == 4
    # Never three within one of BingX's seconds.
    assert all(later - earlier >= 1000 for earlier, later in zip(stamps, stamps[2:], strict=False))


def test_a_refusal_of_the_rate_budget_alone_never_speaks_for_bingx() -> None:
    from bingx_spot.cli.failures import describe  # noqa: PLC0415

    budget = {
        "type": "RateLimitError",
        "code": None,
        "retry_at_utc": "2026-12-04T03:00:01.000Z",
        "msg": "cancelOpenOrders: no rate budget before the call's deadline; ...",
    }
    block = {**budget, "msg": "cancelOpenOrders: BingX blocks this account on it (...)"}
    answer = {**budget, "type": "APIRateLimitError", "code": 100410, "msg": "unblocked after"}

    assert describe(budget).endswith("; the rate budget sends again from 2026-12-04T03:00:01.000Z")
    assert describe(block).endswith("; BingX accepts requests again from 2026-12-04T03:00:01.000Z")
    assert describe(answer).endswith("; BingX accepts requests again from 2026-12-04T03:00:01.000Z")
