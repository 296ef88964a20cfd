"""bingx-spot dead-man through the installed console script, against the local exchange on a
loopback port: what Ctrl-C, SIGTERM and a stdout nobody reads do to a running switch (the rest
of the command, in process: ``test_dead_man.py``)."""

import contextlib
import os
import signal
import subprocess
import time
from contextlib import ExitStack

import httpx
import pytest

from bingx_spot.cli.exits import EXIT_STATUS, OK, TERMINATED
from bingx_spot.testing import DEMO_API_KEY, LocalExchange, demo_orders, faults
from bingx_spot.testing.server import LocalServer
from tests.auth_patch.cli.test_dead_man import (
    OTHER_KEY,
    SECRETS,
    arms,
    kinds,
    ms,
    unwaited,
)
from tests.auth_patch.cli.test_main import COMMAND, ISO_UTC, environment

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def start(
    server: LocalServer, *args: str, key: str = DEMO_API_KEY, secret: str | None = None
) -> subprocess.Popen[str]:
    secret = SECRETS[key] if secret is None else secret
    env = {**environment(server), "BINGX_API_KEY": key, "BINGX_SECRET_KEY": secret}
    return subprocess.Popen(
        [COMMAND, "dead-man", *args], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


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


def test_a_second_signal_during_close_stops_at_once_and_says_what_may_run() -> None:
    slow = faults.slow(30)

    def slow_close(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        return (slow if request.url.params.get("type") == "CLOSE" else _pass)(request, answer)

    with LocalServer(LocalExchange(block_ms=0)) as server:
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


def _pass(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
    return answer()


def full_pipe() -> tuple[int, int]:
    """A pipe whose buffer is already full: whoever writes to it blocks until it is read."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    with contextlib.suppress(BlockingIOError):
        while True:
            os.write(write_end, b"x" * 65536)
    os.set_blocking(write_end, True)
    return read_end, write_end


def test_an_unread_stdout_holds_up_neither_the_rearms_nor_the_exit() -> None:
    # Side by side, each on an account and an exchange of its own and a stdout nobody reads: one
    # is stopped by SIGTERM after a re-arm, the other's re-arms all fail until its countdown runs
    # out. The countdown's 10 s last 5 s on the first one's exchange (its triggerTime), 2 s on
    # the other's, so both sooner; the one that must stay armed keeps the wider margin.
    keeps = LocalServer(LocalExchange(SECRETS, block_ms=0, countdown_ms_per_s=500))
    lapses = LocalServer(LocalExchange(SECRETS, block_ms=0, countdown_ms_per_s=200))
    with keeps, lapses, ExitStack() as stack:
        lapses.exchange.add_orders(demo_orders(), api_key=OTHER_KEY)
        failing = faults.error(100500, "busy")

        seen = {"other": 0}

        def rearms_fail_for_other(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
            if (
                request.headers["X-BX-APIKEY"] != OTHER_KEY
                or request.url.params["type"] != "ACTIVATE"
            ):
                return answer()
            seen["other"] += 1
            return answer() if seen["other"] == 1 else failing(request, answer)

        lapses.exchange.inject(rearms_fail_for_other, times=1_000_000, operation="cancelAllAfter")
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
                    subprocess.Popen(
                        [COMMAND, "dead-man", "--countdown", "10"],
                        env=env,
                        stdout=write_end,
                        stderr=subprocess.PIPE,
                        text=True,
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
