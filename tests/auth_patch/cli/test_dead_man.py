"""bingx-spot dead-man in process (``main``) against the local exchange on a loopback port: each
answer and argument ends with its status (signals through the installed console script:
``test_dead_man_signals.py``)."""

import functools
import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

import bingx_spot
from bingx_spot.cli import dead_man as cli_deadman
from bingx_spot.cli.main import main
from bingx_spot.deadman import DeadMansSwitch
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from tests.auth_patch.cli.test_main import (
    command,
    serving,
    unpaced,
)
from tests.clock import FakeClock

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
    # A CLOSE right after the ACTIVATE would wait up to 1.2 s for the rate budget; no test here
    # is about it.
    unpaced(monkeypatch)
    # The exchange runs on the test's clock, the command's clients sign by it and its switches
    # count their seconds on it.
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
