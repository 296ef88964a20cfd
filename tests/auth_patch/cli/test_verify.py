"""bingx-spot cancel-open-orders --verify against the local exchange on a loopback
port: in process (``main``), but for a signal, which the installed command gets in a subprocess.
The exchange, what it was sent and orders placed during a cancel: ``conftest.py``."""

import contextlib
import itertools
import json
import signal
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

import bingx_spot
import bingx_spot.cancellation
import bingx_spot.cli.verify
import bingx_spot.errors
import bingx_spot.wire.ratelimit
from bingx_spot.cli.output import Output
from bingx_spot.cli.verify import verified
from bingx_spot.testing import DEMO_API_KEY, faults, reset_budgets
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire.auth import identity
from bingx_spot.wire.storage import host_store
from bingx_spot_client.models import CancelledOrder, OpenOrder
from tests.auth_patch.cli.conftest import DEMO_IDS, LIST, late, sent
from tests.auth_patch.cli.test_main import (
    BIG_ID,
    CANCEL,
    COMMAND,
    ISO_UTC,
    ODD_PAIRS,
    PAIRS,
    command,
    echoing,
    environment,
    leaks,
    order,
    serving,
)
from tests.clock import FakeClock
from tests.processes import started

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def test_verify_cancels_an_order_placed_during_the_cancel(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    late(server, order("BTC-USDT", BIG_ID))

    done = command(capsys, "cancel-open-orders", "--all-symbols", "--verify")

    assert (done.returncode, done.stderr) == (0, "")
    assert sent(server) == [(CANCEL, None), (LIST, None), (CANCEL, None), (LIST, None)]
    assert server.exchange.open_orders() == []
    lines = done.stdout.splitlines()
    assert lines[5].split()[:2] == ["BTC-USDT", str(BIG_ID)]  # the table: the demo's, then it
    assert ISO_UTC.fullmatch(lines[5].split()[-1])
    assert "3 orders cancelled on BTC-USDT" in lines
    assert "1 order cancelled on GM-USDT" in lines
    assert lines[-1] == "verified on all symbols: no open orders after 2 rounds"


def test_verify_json_has_exact_ids_and_the_rounds(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    late(server, order("BTC-USDT", BIG_ID))

    done = command(
        capsys, "cancel-open-orders", "--symbol", "BTC-USDT,ETH-USDT", "--verify", "--json"
    )

    doc = json.loads(done.stdout)
    assert doc["exit"] == done.returncode == 0
    report = doc["verified"]
    assert (report["symbols"], report["clean"], report["rounds"]) == (
        ["BTC-USDT", "ETH-USDT"], True, 2
    )  # fmt: skip
    assert [o["orderId"] for o in report["cancelled"]] == [*DEMO_IDS[1:3], BIG_ID]
    assert report["still_open"] == report["errors"] == []
    assert report["unknown"] == report["not_looked_up"] == []  # ETH-USDT is a pair
    # Round two goes to BTC-USDT only: the check found nothing on ETH-USDT; last, the lookup.
    assert sent(server)[4:] == [
        (CANCEL, "BTC-USDT"),
        (LIST, "BTC-USDT"),
        (LIST, "ETH-USDT"),
        (PAIRS, "ETH-USDT"),
    ]


def test_verify_redacts_what_the_answers_echo(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(echoing, times=4)  # a cancel and a check, for each run

    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--verify")
    as_json = command(capsys, "cancel-open-orders", "--symbol", "GM-USDT", "--verify", "--json")

    assert (done.returncode, as_json.returncode) == (0, 0), done.stderr + as_json.stderr
    for shown in (done.stdout, done.stderr, as_json.stdout, as_json.stderr):
        assert leaks(shown) == []
    lines = done.stdout.splitlines()
    assert [line.split()[-2] for line in lines[1:3]] == ["[redacted]", "[redacted]"]
    [cancelled] = json.loads(as_json.stdout)["verified"]["cancelled"]
    assert cancelled["clientOrderID"] == "[redacted]"


def test_verify_orders_that_keep_coming_exit_9_with_what_is_still_open(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    late(server, order("BTC-USDT", BIG_ID), times=100)

    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--verify")

    assert done.returncode == 9, done.stderr
    lines = done.stdout.splitlines()
    assert f"1 order STILL OPEN on BTC-USDT: {BIG_ID} status NEW" in lines
    assert (
        lines[-1]
        == "NOT verified on BTC-USDT after 5 rounds: orders still open after the last round"
    )
    assert [o["orderId"] for o in server.exchange.open_orders() if o["symbol"] == "BTC-USDT"] == [
        BIG_ID
    ]


def test_verify_a_deadline_too_short_is_not_verified(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    late(server, order("BTC-USDT", 7))

    done = command(capsys, "cancel-open-orders", "--all-symbols", "--verify", "--deadline", "0")

    assert done.returncode == 9
    assert sent(server) == [(CANCEL, None)]  # the first round only
    assert done.stdout.splitlines()[-1] == (
        "NOT verified on all symbols after 1 round: the deadline passed before a check found "
        "nothing open"
    )


def test_verify_an_unconfirmed_cancel_is_9_even_when_nothing_is_left(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(faults.order_status("FILLED"), operation="cancelOpenOrders")

    done = command(capsys, "cancel-open-orders", "--symbol", "GM-USDT", "--verify")

    assert done.returncode == 9
    lines = done.stdout.splitlines()
    assert (
        f"1 listed order NOT confirmed cancelled on GM-USDT: {DEMO_IDS[0]} status FILLED" in lines
    )
    assert "BingX listed no cancelled orders on GM-USDT" in lines
    assert lines[-1] == (
        "NOT verified on GM-USDT after 1 round: 1 listed order NOT confirmed cancelled; no open "
        "orders at the last check"
    )


def test_verify_a_cancelled_order_without_an_integer_order_id_is_not_confirmed(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    done_at = {"status": "CANCELED", "transactTime": 1702721242701}
    answer = {"orders": [order("GM-USDT", 5, **done_at), order("GM-USDT", 6, **done_at)]}
    answer["orders"][1]["orderId"] = None
    server.exchange.inject(faults.data(answer), operation="cancelOpenOrders")

    done = command(capsys, "cancel-open-orders", "--symbol", "GM-USDT", "--verify")

    # The SDK refuses such an answer (a required field of another type); with --verify the check
    # that follows may find the book clean (exit 0). Never may it count the order as cancelled.
    assert done.returncode in (0, 7, 9), done.stderr
    if done.returncode in (0, 7):
        assert "ResponseError" in done.stderr
        assert "2 orders cancelled" not in done.stdout
    else:
        lines = done.stdout.splitlines()
        assert "1 order cancelled on GM-USDT" in lines
        assert (
            "1 listed order NOT confirmed cancelled on GM-USDT: null (orderId not an integer) "
            "status CANCELED"
        ) in lines


def test_verify_checks_that_keep_failing_give_their_status(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(faults.html(502), times=1000, operation="openOrders")

    status, out, err = command(
        capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--verify", "--deadline", "1"
    )

    assert status == 7
    assert "openOrders failed during the verified cancel on BTC-USDT: " in err
    assert out.splitlines()[-1].startswith("NOT verified on BTC-USDT after ")
    assert "openOrders failed (ResponseError)" in out.splitlines()[-1]
    assert {o["symbol"] for o in server.exchange.open_orders()} == {"GM-USDT", "OTHR#99961-USDT"}


def test_verify_a_refused_key_stops_at_once(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BINGX_SECRET_KEY", "not-it")
    status, out, _ = command(capsys, "cancel-open-orders", "--all-symbols", "--verify", "--json")

    doc = json.loads(out)
    assert status == doc["exit"] == 3
    assert doc["error"]["code"] == 100001
    assert len(server.exchange.requests) == 1


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--symbol", "BTC-USDT", "--deadline", "5"], "--deadline goes with --verify"),
        (["--symbol", "BTC-USDT", "--verify", "--deadline", "nan"], "--deadline must be"),
        (["--verify"], "--all-symbols"),
    ],
)
def test_verify_usage_problems_send_nothing(
    server: LocalServer, capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    status, out, err = command(capsys, "cancel-open-orders", *args)

    assert (status, out) == (2, "")
    assert text in err
    assert len(server.exchange.requests) == 0


def test_verify_interrupted_says_what_is_not_known(server: LocalServer) -> None:
    server.exchange.inject(faults.slow(30))
    with started(
        [COMMAND, "cancel-open-orders", "--all-symbols", "--verify", "--json"],
        env=environment(server), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as running:  # fmt: skip
        while not server.exchange.requests and running.poll() is None:
            time.sleep(0.02)
        running.send_signal(signal.SIGTERM)
        out, err = running.communicate(timeout=60)

    assert running.returncode == 143
    assert "Traceback" not in err
    assert err == (
        "bingx-spot: terminated; the verified cancel on all symbols stopped part-way: some "
        "cancels may have reached BingX, and what is still open is not known\n"
    )
    assert json.loads(out)["exit"] == 143


def test_verify_interrupted_before_anything_left_says_nothing_was_sent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C while the first cancel waits for its rate budget.
    def interrupted(account: Any, op: Any, deadline: float) -> tuple[float, bool]:
        raise KeyboardInterrupt

    monkeypatch.setattr(bingx_spot.wire.ratelimit.Account, "reserve", interrupted)
    with serving(monkeypatch) as running:
        done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--verify")

    assert (done.returncode, done.stdout) == (130, "")
    assert not running.exchange.requests
    assert done.stderr == (
        "bingx-spot: interrupted; the verified cancel on BTC-USDT stopped before any request "
        "was sent\n"
    )


def test_verify_under_a_block_says_how_many_rounds_were_sent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first cancel earns a 5-minute block: every later cancel is refused before sending,
    # so the second round sends nothing and the run stops there.
    reset_budgets()  # the demo account's budget, fresh: no block from another test
    until = int(time.time() * 1000) + 300_000
    try:
        with serving(monkeypatch) as running:
            running.exchange.inject(faults.error(100410, f"will be unblocked after {until}"))
            done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,GM-USDT", "--verify")
    finally:
        reset_budgets()  # nor to the next test

    assert done.returncode == 9
    assert sent(running) == [(CANCEL, "BTC-USDT"), (LIST, "BTC-USDT"), (LIST, "GM-USDT")]
    errors = done.stderr.splitlines()
    assert errors[0].startswith(
        "bingx-spot: cancelOpenOrders failed during the verified cancel on BTC-USDT, GM-USDT: "
        "BingX error 100410 "
    )
    refused = "bingx-spot: cancelOpenOrders failed (not sent) during the verified cancel on "
    assert [line.startswith(refused) for line in errors[1:]] == [True] * 3
    assert done.stdout.splitlines()[-1] == (
        "NOT verified on BTC-USDT, GM-USDT after 1 round: orders still open after the last "
        "round; cancelOpenOrders not sent (RateLimitError)"
    )


def report_of(
    *,
    clean: bool,
    refused: bool,
    unknown: bool,
    lookup_failed: bool,
    still_open: bool,
    failed: bool,
    timed_out: bool,
    rounds: int,
) -> bingx_spot.CancelReport:
    """A report of --verify on GM-USDT, FOO-BAR and BAR-FOO with the parts asked for: FOO-BAR
    the unknown pair, BAR-FOO the one whose lookup failed."""
    done = {"transactTime": 1702721242701}
    busy = bingx_spot.errors.api_error(100500, "busy", operation="openOrders")
    lookup = bingx_spot.ResponseError(
        "not JSON", status_code=502, content_type="", snippet="", operation="commonSymbols"
    )
    return bingx_spot.CancelReport(
        cancelled=(CancelledOrder.from_dict(order("GM-USDT", 5, status="CANCELED", **done)),),
        still_open=(OpenOrder.from_dict(order("GM-USDT", 7, time=1, updateTime=1)),)
        if still_open
        else (),
        not_cancelled=(CancelledOrder.from_dict(order("GM-USDT", 6, status="FILLED", **done)),)
        if refused
        else (),
        rounds=rounds,
        errors=tuple(e for e, wanted in ((busy, failed), (lookup, lookup_failed)) if wanted),
        timed_out=timed_out,
        clean=clean,
        empty=(("FOO-BAR",) if unknown else ()) + (("BAR-FOO",) if lookup_failed else ()),
        unknown=("FOO-BAR",) if unknown else (),
        not_looked_up=("BAR-FOO",) if lookup_failed else (),
    )


def outcomes() -> Iterator[dict[str, Any]]:
    """Every combination a report can hold (a clean one has nothing still open)."""
    names = ["clean", "refused", "unknown", "lookup_failed", "still_open", "failed", "timed_out"]
    for values in itertools.product([False, True], repeat=len(names)):
        parts = dict(zip(names, values, strict=True))
        if not (parts["clean"] and parts["still_open"]):
            for rounds in (0, 1, 2) if not parts["clean"] else (1, 2):
                yield {**parts, "rounds": rounds}


def test_verify_the_last_line_states_the_outcome_its_exit_status_gives(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for parts in outcomes():
        report = report_of(**parts)
        monkeypatch.setattr(bingx_spot.cli.verify, "cancel_all", lambda *a, _r=report, **k: _r)
        status = verified(
            contextlib.nullcontext(),  # type: ignore[arg-type]
            ["GM-USDT", "FOO-BAR", "BAR-FOO"],
            30.0,
            Output(json_mode=False, debug=False),
        )
        lines = capsys.readouterr().out.splitlines()
        last = lines[-1]
        # Only a clean run with nothing left to say reads as success, and only its last line.
        assert (status == 0) == last.startswith("verified on "), (parts, status, last)
        assert not any(line.startswith("verified") for line in lines[:-1]), parts
        rounds = parts["rounds"]
        said = f"after {rounds} round" if rounds else "with no cancel sent"
        assert said in last, (parts, last)
        if status == 0:
            continue
        # The clause that decided the status comes first.
        if parts["clean"]:
            deciding = (
                "whether BAR-FOO is a pair BingX lists could not be checked (ResponseError)"
                if parts["lookup_failed"]
                else "1 listed order NOT confirmed cancelled"
                if parts["refused"]
                else "no such pair on BingX: FOO-BAR"
            )
        elif parts["still_open"]:
            deciding = "orders still open"
        elif parts["failed"]:
            deciding = "openOrders failed (ServerBusyError)"
        elif parts["timed_out"]:
            deciding = "the deadline passed before a check found nothing open"
        else:
            deciding = "no check after the last cancel"
        assert last.startswith(f"NOT verified on GM-USDT, FOO-BAR, BAR-FOO {said}"), parts
        assert last.split(": ", 1)[1].startswith(deciding), (parts, status, last)
        assert last.endswith("; no open orders at the last check") == parts["clean"], parts


# -- --verify on pairs BingX does not list ----------------------------------------------------


def test_verify_a_pair_bingx_does_not_list_exits_6(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    done = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,FOO-BAR", "--verify")

    assert (done.returncode, done.stderr) == (6, "")
    lines = done.stdout.splitlines()
    assert "2 orders cancelled on BTC-USDT" in lines
    assert "FOO-BAR: no such pair on BingX" in lines
    assert not any("no cancelled orders" in line for line in lines)
    assert lines[-1] == (
        "NOT verified on BTC-USDT, FOO-BAR after 1 round: no such pair on BingX: FOO-BAR; no open "
        "orders at the last check"
    )
    assert sent(server)[-1] == (PAIRS, "FOO-BAR")  # after the cancels and the check
    assert [path for path, _ in sent(server)].count(PAIRS) == 1


def test_verify_json_lists_the_unknown_pairs(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    done = command(
        capsys, "cancel-open-orders", "--symbol", "BTC-USDT,FOO-BAR,ETH-USDT", "--verify", "--json"
    )

    doc = json.loads(done.stdout)
    assert done.returncode == doc["exit"] == 6
    report = doc["verified"]
    assert (report["unknown"], report["not_looked_up"], report["errors"]) == (["FOO-BAR"], [], [])
    assert [o["orderId"] for o in report["cancelled"]] == DEMO_IDS[1:3]
    assert "error" not in doc


def test_verify_an_unconfirmed_cancel_outranks_an_unknown_pair(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(faults.order_status("FILLED"), operation="cancelOpenOrders")

    done = command(capsys, "cancel-open-orders", "--symbol", "GM-USDT,FOO-BAR", "--verify")

    assert done.returncode == 9
    assert "FOO-BAR: no such pair on BingX" in done.stdout.splitlines()


def test_verify_a_failed_lookup_gives_its_status_never_no_such_pair(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.inject(faults.html(502), times=40, operation="commonSymbols")

    done = command(capsys, "cancel-open-orders", "--symbol", "FOO-BAR,BTC-USDT", "--verify")
    as_json = command(capsys, "cancel-open-orders", "--symbol", "NOPE-USDT", "--verify", "--json")

    assert (done.returncode, as_json.returncode) == (7, 7)
    assert "no such pair" not in done.stdout + done.stderr + as_json.stdout
    # One line, about the symbol; not the generic "commonSymbols failed during ..." one.
    [line] = done.stderr.splitlines()
    assert line.startswith(
        "bingx-spot: the cancel on FOO-BAR went out and listed nothing; whether FOO-BAR is a "
        "pair BingX lists could not be checked: ResponseError: "
    )
    lines = done.stdout.splitlines()
    assert "2 orders cancelled on BTC-USDT" in lines
    assert not any("FOO-BAR" in line for line in lines[:-1])  # its line is on stderr
    assert lines[-1] == (
        "NOT verified on FOO-BAR, BTC-USDT after 1 round: whether FOO-BAR is a pair BingX lists "
        "could not be checked (ResponseError); no open orders at the last check"
    )
    doc = json.loads(as_json.stdout)
    report = doc["verified"]
    assert (report["unknown"], report["not_looked_up"]) == ([], ["NOPE-USDT"])
    assert doc["error"] == report["errors"][-1]
    assert doc["error"]["type"] == "ResponseError"


def test_verify_a_lookup_the_deadline_left_unsent_changes_no_status(
    server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    # The sweep reads time.monotonic, with no clock to be given: the test's stands in.
    monkeypatch.setattr(bingx_spot.cancellation, "time", clock)
    server.exchange.inject(faults.meanwhile(lambda: clock.advance(31.0)), operation="openOrders")

    done = command(capsys, "cancel-open-orders", "--symbol", "FOO-BAR", "--verify")

    assert done.returncode == 0  # the cancel is verified; whether the pair exists is not known
    assert done.stderr == (
        "bingx-spot: the cancel on FOO-BAR went out and listed nothing; whether FOO-BAR is a "
        "pair BingX lists could not be checked: the deadline passed first\n"
    )
    assert done.stdout == "verified on FOO-BAR: no open orders after 1 round\n"
    assert PAIRS not in [path for path, _ in sent(server)]


def test_verify_odd_spellings_are_pairs_with_no_warning(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.exchange.add_orders([order(symbol, 7 + n) for n, symbol in enumerate(ODD_PAIRS)])

    done = command(capsys, "cancel-open-orders", "--symbol", ",".join(ODD_PAIRS), "--verify")

    assert (done.returncode, done.stderr) == (0, "")
    assert f"1 order cancelled on {ODD_PAIRS[0]}" in done.stdout.splitlines()
    assert {o["symbol"] for o in server.exchange.open_orders()} == {"GM-USDT", "BTC-USDT"}
    assert PAIRS not in [path for path, _ in sent(server)]


def test_verify_under_a_block_this_host_remembers_says_nothing_was_sent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with serving(monkeypatch) as server:  # the command's own budget: the host store
        op = bingx_spot.wire.spec.load().find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")
        assert op is not None
        account = bingx_spot.wire.ratelimit.Budget(host_store()).for_account(identity(DEMO_API_KEY))
        account.block(op, int(time.time() * 1000) + 120_000, time.time() + 5)
        status, out, err = command(capsys, "cancel-open-orders", "--symbol", "BTC-USDT", "--verify")
        sent = list(server.exchange.requests)

    assert status == 4
    assert sent == []
    assert "BingX listed" not in out  # nothing was sent: BingX said nothing
    assert "not sent" in err
    assert "BingX accepts requests again from" in err  # a block BingX announced
