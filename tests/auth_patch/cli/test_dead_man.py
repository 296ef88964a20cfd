"""bingx-spot dead-man against the local exchange on a loopback port: signals through the
installed console script, everything else in process (``main``)."""

import contextlib
import functools
import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime

import httpx
import pytest

import bingx_spot
from bingx_spot.cli import dead_man as cli_deadman
from bingx_spot.cli.exits import EXIT_STATUS, OK, TERMINATED
from bingx_spot.cli.failures import Stopped
from bingx_spot.cli.main import main
from bingx_spot.deadman import DeadMansSwitch
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, demo_orders, faults
from bingx_spot.testing.server import LocalServer
from tests.auth_patch.cli.test_main import (
    COMMAND,
    ISO_UTC,
    command,
    environment,
    serving,
    unpaced,
)
from tests.clock import FakeClock
from tests.processes import full_pipe, started

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

PATH = "/openApi/spot/v1/trade/cancelAllAfter"
OTHER_KEY = "other-api-key-000000000000000000000000000000000000000000000000000"
SECRETS = {DEMO_API_KEY: DEMO_SECRET_KEY, OTHER_KEY: "other-secret-key"}
# cancelAllAfter's budget is 1/s: a CLOSE soon after the ACTIVATE may wait over a second for it.
BUDGET_WAIT = re.compile(r"\S+Z waiting \d+\.\d\d s: rate budget$")


@pytest.fixture
def clock() -> FakeClock:
    """The test's clock runs with the real one, from now (a countdown must run out while the
    switch waits for real, and an exchange a test makes for itself keeps the real time); a test
    may move it on."""
    return FakeClock(time.time_ns() // 1_000_000, rate=1)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> Iterator[LocalServer]:
    # In process, a CLOSE right after the ACTIVATE would wait up to 1.2 s for the rate budget;
    # no test here is about it. The installed command keeps its budget.
    unpaced(monkeypatch)
    # The exchange runs on the test's clock; in process, the command's clients sign by it and
    # its switches count their seconds on it.
    make = bingx_spot.client.make_client
    monkeypatch.setattr(bingx_spot.client, "make_client", functools.partial(make, clock=clock.ms))
    on_clock = functools.partial(DeadMansSwitch, clock=clock.monotonic)
    monkeypatch.setattr(bingx_spot.deadman, "DeadMansSwitch", on_clock)
    with serving(monkeypatch, LocalExchange(block_ms=0, clock=clock.ms)) as running:
        yield running


def unwaited(err: str) -> str:
    """``err`` without the lines that say a wait for rate budget took over a second."""
    return "".join(line for line in err.splitlines(keepends=True) if not BUDGET_WAIT.match(line))


def arms(server: LocalServer, key: str = DEMO_API_KEY) -> list[httpx.Request]:
    sent = server.exchange.requests
    return [r for r in sent if r.url.path == PATH and r.headers["X-BX-APIKEY"] == key]


def kinds(server: LocalServer, key: str = DEMO_API_KEY) -> list[str | None]:
    return [r.url.params.get("type") for r in arms(server, key)]


def ms(text: str) -> int:
    return round(datetime.fromisoformat(text).timestamp() * 1000)


def failed_after_first(server: LocalServer) -> None:
    """BingX answers every cancelAllAfter after the first with status FAILED, and does nothing."""
    seen = {"first": False}
    failed = {"code": 0, "msg": "", "data": {"triggerTime": 0, "status": "FAILED", "note": "busy"}}

    def fault(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if not seen["first"]:
            seen["first"] = True
            return answer()
        return httpx.Response(200, json=failed)

    server.exchange.inject(fault, times=1_000_000, operation="cancelAllAfter")


def start(
    server: LocalServer, *args: str, key: str = DEMO_API_KEY, secret: str | None = None
) -> contextlib.AbstractContextManager[subprocess.Popen[str]]:
    secret = SECRETS[key] if secret is None else secret
    env = {**environment(server), "BINGX_API_KEY": key, "BINGX_SECRET_KEY": secret}
    return started(
        [COMMAND, "dead-man", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


class Untouchable(threading.Event):
    """An event a signal handler must not call: each call is noted with whether it came from
    inside the handler."""

    def __init__(self) -> None:
        super().__init__()
        self.in_handler = False
        self.calls_in_handler: list[str] = []

    def set(self) -> None:
        if self.in_handler:
            self.calls_in_handler.append("set")
        super().set()

    def is_set(self) -> bool:
        if self.in_handler:
            self.calls_in_handler.append("is_set")
        return super().is_set()


@pytest.mark.parametrize(
    ("signum", "raised"), [(signal.SIGTERM, Stopped), (signal.SIGINT, KeyboardInterrupt)]
)
def test_the_signal_handler_takes_no_lock_and_the_main_thread_passes_it_on(
    signum: signal.Signals, raised: type[BaseException]
) -> None:
    # Python runs a handler in the main thread between any two bytecodes, also inside the
    # event's own lock (Event.wait holds it around its wait): a handler that called the event
    # waited forever there, the switch still re-arming.
    stop = Untouchable()
    with cli_deadman.stop_on_signals(stop) as relay:
        handler = signal.getsignal(signum)
        assert callable(handler)

        def in_handler() -> None:
            stop.in_handler = True
            try:
                handler(signum, None)
            finally:
                stop.in_handler = False

        in_handler()
        assert stop.calls_in_handler == []
        assert not stop.is_set()  # noted, not yet passed on
        assert relay() is True
        assert stop.is_set()
        with pytest.raises(raised):  # the second one stops at once
            in_handler()
        assert stop.calls_in_handler == []
    assert signal.getsignal(signum) is not handler  # the handler before is back


def test_a_signal_sends_close_and_exits_0() -> None:
    # SIGTERM and SIGINT side by side, each to a switch on an account of its own.
    signals = [(signal.SIGTERM, DEMO_API_KEY), (signal.SIGINT, OTHER_KEY)]
    with LocalServer(LocalExchange(SECRETS, block_ms=0)) as server, ExitStack() as stack:
        server.exchange.add_orders(demo_orders(), api_key=OTHER_KEY)
        switches = [
            stack.enter_context(start(server, "--countdown", "30", key=key)) for _, key in signals
        ]
        firsts = []
        for (sig, _), switch in zip(signals, switches, strict=True):
            assert switch.stdout is not None
            firsts.append(switch.stdout.readline())
            switch.send_signal(sig)
        ended = [(*switch.communicate(timeout=60), switch.returncode) for switch in switches]
        fired = server.exchange.fired
        books = [server.exchange.open_orders(key) for _, key in signals]

    closed = "closed: BingX accepted CLOSE; the countdown is stopped\n"
    for (sig, key), first, (rest, err, status) in zip(signals, firsts, ended, strict=True):
        assert (status, unwaited(err), rest) == (0, "", closed), sig.name
        prefix, _, tail = first.partition(": ")
        assert prefix.startswith("armed until ")
        until = prefix.removeprefix("armed until ")
        assert ISO_UTC.fullmatch(until)
        assert (
            tail == "unless re-armed by then, BingX cancels every open spot order of the account\n"
        )
        activate = arms(server, key)[0]
        # The exchange's triggerTime: 30 s after it received the ACTIVATE (signed just before),
        # in whole seconds.
        assert -1000 < ms(until) - int(activate.url.params["timestamp"]) - 30_000 < 5_000
        assert kinds(server, key) == ["ACTIVATE", "CLOSE"]
    assert fired == []
    assert [len(book) for book in books] == [4, 4]


def test_a_second_signal_during_close_stops_at_once_and_says_what_may_run(
    server: LocalServer,
) -> None:
    slow = faults.slow(30)

    def slow_close(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        return (slow if request.url.params.get("type") == "CLOSE" else _pass)(request, answer)

    server.exchange.inject(slow_close, times=1000, operation="cancelAllAfter")
    with start(server, "--countdown", "60") as running:
        assert running.stdout is not None
        until = running.stdout.readline().removeprefix("armed until ").partition(": ")[0]
        running.send_signal(signal.SIGTERM)
        give_up = time.monotonic() + 30
        while "CLOSE" not in kinds(server) and time.monotonic() < give_up:
            time.sleep(0.02)
        running.send_signal(signal.SIGTERM)
        rest, err = running.communicate(timeout=60)

    assert running.returncode == 143
    assert rest == ""
    assert unwaited(err) == (
        "bingx-spot: terminated while sending CLOSE: unless it arrived, BingX cancels every open "
        f"spot order of the account at {until}\n"
    )


def test_a_second_signal_with_nobody_reading_stdout_or_stderr_still_stops_at_once(
    server: LocalServer,
) -> None:
    # `2>&1 | a reader that stalled`: the last lines wait for the pipe only so long, with
    # SIGTERM and SIGINT ignored by then.
    slow = faults.slow(30)

    def slow_close(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        return (slow if request.url.params.get("type") == "CLOSE" else _pass)(request, answer)

    server.exchange.inject(slow_close, times=1000, operation="cancelAllAfter")
    read_end, write_end = full_pipe()
    with contextlib.ExitStack() as stack:
        stack.callback(os.close, read_end)
        stack.callback(os.close, write_end)
        env = environment(server)
        running = stack.enter_context(
            started(
                [COMMAND, "dead-man", "--countdown", "60"],
                env=env,
                stdout=write_end,
                stderr=write_end,
            )
        )
        for kind in ("ACTIVATE", "CLOSE"):
            give_up = time.monotonic() + 30
            while kind not in kinds(server) and time.monotonic() < give_up:
                time.sleep(0.02)
            running.send_signal(signal.SIGTERM)
        status = running.wait(timeout=30)

    assert status == 143


def _pass(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
    return answer()


# -- in process: each answer and argument ends with its status --------------------------------


@pytest.fixture
def at_once(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    """The wait for a signal ends at once, as after a SIGTERM a second after arming: a second on
    the test's clock, so the CLOSE keeps to cancelAllAfter's 1/s without a real wait."""

    def signalled(stop: threading.Event, seconds: float) -> None:
        clock.advance(1.0)
        stop.set()

    monkeypatch.setattr(cli_deadman, "_wait", signalled)


@pytest.mark.usefixtures("at_once")
def test_json_is_one_document_per_line_the_last_with_the_exit(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    done = command(capsys, "dead-man", "--countdown", "10", "--json")

    assert (done.returncode, done.stderr) == (0, "")
    first, *rest = [json.loads(line) for line in done.stdout.splitlines()]
    assert first["event"] == "armed"
    assert isinstance(first["armed_until"], int)
    assert ms(first["armed_until_utc"]) == first["armed_until"]
    assert rest == [{"event": "closed", "exit": 0}]
    assert kinds(server) == ["ACTIVATE", "CLOSE"]


@pytest.mark.usefixtures("at_once")
def test_the_countdown_is_set_with_countdown(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    done = command(capsys, "dead-man", "--countdown", "15")

    assert (done.returncode, unwaited(done.stderr)) == (0, "")
    assert [(r.url.params["type"], r.url.params["timeOut"]) for r in arms(server)] == [
        ("ACTIVATE", "15"),
        ("CLOSE", "15"),
    ]


@pytest.mark.usefixtures("at_once")
def test_timeout_still_sets_the_countdown_with_a_deprecation_warning(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    # Operators' scripts say --timeout: it works as before, and stderr says what to use.
    done = command(capsys, "dead-man", "--timeout", "15", "--json")

    assert done.returncode == 0
    assert unwaited(done.stderr) == (
        "bingx-spot: warning: dead-man --timeout is deprecated; use --countdown 15 (the same "
        "countdown, in seconds)\n"
    )
    assert json.loads(done.stdout.splitlines()[-1]) == {"event": "closed", "exit": 0}
    assert [(r.url.params["type"], r.url.params["timeOut"]) for r in arms(server)] == [
        ("ACTIVATE", "15"),
        ("CLOSE", "15"),
    ]


def test_a_countdown_that_runs_out_unarmed_exits_11(
    server: LocalServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The countdown's 10 s last half a second on the exchange's clock, and BingX refuses every
    # re-arm: it runs out, and the command sees it at its next try.
    with LocalServer(LocalExchange(block_ms=0, countdown_ms_per_s=50)) as fast:
        monkeypatch.setenv("BINGX_BASE_URL", fast.url)
        failed_after_first(fast)
        status, out, err = command(capsys, "dead-man", "--countdown", "10")
        fired = fast.exchange.fired
        book = fast.exchange.open_orders()

    assert status == 11, err
    [armed] = out.splitlines()  # only the first ACTIVATE was accepted
    until = armed.removeprefix("armed until ").partition(": ")[0]
    # The switch's own ERROR, shown without -v.
    [ran_out] = [line for line in err.splitlines() if "with no re-arm" in line]
    assert ran_out.split(" ran out at ")[1].startswith(f"{until[:-1]}+00:00 with no re-arm: ")
    assert err.splitlines()[-1] == (
        "bingx-spot: dead man's switch lapsed: no re-arm reached BingX before the countdown ran "
        f"out (armed until {until}); BingX cancels every open spot order of the account"
    )
    [countdown] = fired
    assert 0 <= countdown.at - ms(until) < 1000  # triggerTime is in whole seconds
    assert len(countdown.orders) == 4
    assert book == []


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--countdown", "9"], "--countdown must be 10..120 seconds"),
        (["--countdown", "121"], "--countdown must be 10..120 seconds"),
        (["--countdown", "30.5"], "invalid int value"),
        (["--timeout", "9"], "--timeout must be 10..120 seconds"),
        (["--timeout", "121"], "--timeout must be 10..120 seconds"),
        (["--timeout", "30.5"], "invalid int value"),
        (["--countdown", "30", "--timeout", "30"], "not allowed with argument"),
        (["--symbol", "BTC-USDT"], "unrecognized arguments"),
        (["--recv-window", "0"], "--recv-window"),
        (["--base-url", "ftp://x"], "base_url"),
    ],
)
def test_usage_problems_send_nothing(
    server: LocalServer, capsys: pytest.CaptureFixture[str], args: list[str], text: str
) -> None:
    status = main(["dead-man", *args, "--json"])
    out, err = capsys.readouterr()

    assert status == 2
    assert text in err
    assert json.loads(out)["error"]["type"] == "UsageError"
    assert len(server.exchange.requests) == 0


@pytest.mark.usefixtures("at_once")
@pytest.mark.parametrize(
    ("fault", "status", "text"),
    [
        (faults.error(100001, "Signature verification failed"), 3, "not armed: BingX error 100001"),
        (faults.error(100410, "unblocked after 1727193814249"), 4, "2024-09-24T16:03:34.249Z"),
        # BingX's note is kept on one line, control characters blanked, as every server text
        (faults.data({"triggerTime": 0, "status": "FAILED", "note": "x\x1by"}), 8, "FAILED: 'x y'"),
    ],
)
def test_a_refused_first_activate_is_not_armed(
    server: LocalServer,
    capsys: pytest.CaptureFixture[str],
    fault: faults.Fault,
    status: int,
    text: str,
) -> None:
    server.exchange.inject(fault, operation="cancelAllAfter")
    got = main(["dead-man", "--countdown", "10"])
    out, err = capsys.readouterr()

    assert got == status
    assert out == ""
    assert text in err
    assert "Traceback" not in err


@pytest.mark.usefixtures("at_once")
def test_a_failed_close_says_the_countdown_still_runs(
    server: LocalServer, capsys: pytest.CaptureFixture[str]
) -> None:
    busy = faults.error(100500, "The current system is busy")

    def close_busy(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if request.url.params.get("type") == "CLOSE":
            return busy(request, answer)
        return answer()

    server.exchange.inject(close_busy, times=1000, operation="cancelAllAfter")
    main_status = main(["dead-man", "--countdown", "10", "--json"])
    out, err = capsys.readouterr()

    assert main_status == 7
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["event"] == "armed"
    assert lines[-1]["exit"] == 7
    assert lines[-1]["error"]["code"] == 100500
    assert "CLOSE failed: BingX error 100500" in err
    assert f"the countdown still runs: BingX cancels every open spot order of the account at " \
           f"{lines[0]['armed_until_utc']} unless re-armed" in err  # fmt: skip
    assert kinds(server)[0] == "ACTIVATE"
    assert set(kinds(server)[1:]) == {"CLOSE"}


def test_an_unread_stdout_holds_up_neither_the_rearms_nor_the_exit() -> None:
    # Side by side, each on an account and an exchange of its own and a stdout nobody reads: one
    # is stopped by SIGTERM after a re-arm, the other's re-arms all fail (BingX answers FAILED,
    # which is not tried again) until its countdown runs out. The countdown's 10 s last 5 s on
    # the first one's exchange (its triggerTime), 1 s on the other's, so both sooner; the one
    # that must stay armed keeps the wider margin.
    keeps = LocalServer(LocalExchange(SECRETS, block_ms=0, countdown_ms_per_s=500))
    lapses = LocalServer(LocalExchange(SECRETS, block_ms=0, countdown_ms_per_s=100))
    with keeps, lapses, ExitStack() as stack:
        lapses.exchange.add_orders(demo_orders(), api_key=OTHER_KEY)
        failed_after_first(lapses)
        pipes = [full_pipe(), full_pipe()]
        for read_end, write_end in pipes:
            stack.callback(os.close, read_end)
            stack.callback(os.close, write_end)
        running = []
        for server, key, (_, write_end) in zip(
            (keeps, lapses), (DEMO_API_KEY, OTHER_KEY), pipes, strict=True
        ):
            env = {**environment(server), "BINGX_API_KEY": key, "BINGX_SECRET_KEY": SECRETS[key]}
            running.append(
                stack.enter_context(
                    started(
                        [COMMAND, "dead-man", "--countdown", "10"],
                        env=env,
                        stdout=write_end,
                        stderr=subprocess.PIPE,
                    )
                )
            )
        stopped, lapsing = running
        give_up = time.monotonic() + 30
        while kinds(keeps).count("ACTIVATE") < 2 and time.monotonic() < give_up:
            time.sleep(0.05)  # the re-arm at 1.7 s went out though "armed until" never printed
        stopped.send_signal(signal.SIGTERM)
        _, stopped_err = stopped.communicate(timeout=30)
        _, lapsing_err = lapsing.communicate(timeout=30)

    assert kinds(keeps).count("ACTIVATE") >= 2
    assert kinds(keeps)[-1] == "CLOSE"
    assert stopped.returncode == 141  # all went well, but stdout was never written
    assert "Traceback" not in stopped_err
    assert lapsing.returncode == 11
    assert "dead man's switch lapsed" in lapsing_err
    assert "ACTIVATE" in kinds(lapses, OTHER_KEY)


def test_a_second_sigterm_right_after_close_exits_with_a_status_of_the_table() -> None:
    # Side by side, each on an account of its own: the second SIGTERM goes this long after its
    # CLOSE reached the exchange.
    delays = {
        f"sigterm-{n}-key-{'0' * 50}": delay for n, delay in enumerate((0, 0.002, 0.01, 0.05))
    }
    accounts = {key: f"sigterm-secret-{n}" for n, key in enumerate(delays)}
    with LocalServer(LocalExchange(accounts, block_ms=0)) as server, ExitStack() as stack:
        running = {
            key: stack.enter_context(start(server, "--countdown", "30", key=key, secret=secret))
            for key, secret in accounts.items()
        }
        for switch in running.values():
            assert switch.stdout is not None
            switch.stdout.readline()  # armed
        for switch in running.values():
            switch.send_signal(signal.SIGTERM)
        closing = dict(delays)  # the switches whose CLOSE has not arrived yet
        due: dict[str, float] = {}  # when the others get their second SIGTERM
        give_up = time.monotonic() + 30
        while closing or due:
            now = time.monotonic()
            assert now < give_up, "gave up waiting"
            for key in [key for key in closing if "CLOSE" in kinds(server, key)]:
                due[key] = now + closing.pop(key)
            for key in [key for key, at in due.items() if now >= at]:
                del due[key]
                with contextlib.suppress(ProcessLookupError):
                    running[key].send_signal(signal.SIGTERM)
            time.sleep(0.001)
        for switch in running.values():
            switch.communicate(timeout=30)
        statuses = [switch.returncode for switch in running.values()]

    assert set(statuses) <= set(EXIT_STATUS), statuses
    assert set(statuses) <= {OK, TERMINATED}
