"""DeadMansSwitch on an injected clock shared with the local exchange: re-arm timing (also by
the trigger time BingX answers), CLOSE on leaving, failed and late re-arms logged, a lost first
ACTIVATE closed, one loop per account; and a killed process whose orders the exchange then
cancels."""

import asyncio
import contextlib
import itertools
import json
import logging
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot import deadman
from bingx_spot.deadman import NotArmedError
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.faults import NOW_EXTENSION
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_all_after
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelAllAfterResponse
from bingx_spot_client.types import UNSET
from tests.calling import MODES
from tests.clock import START_MS, FakeClock
from tests.conftest import local_client

PATH = "/openApi/spot/v1/trade/cancelAllAfter"
GIVE_UP_S = 30.0  # a loaded machine is slow, never this slow


def fake_time() -> FakeClock:
    """Seconds on a clock that moves only when the switch sleeps; each sleep still yields a
    little real time, so the test thread (or task) runs between re-arms."""
    return FakeClock(START_MS, yields=0.002)


@pytest.fixture
def fake() -> FakeClock:
    return fake_time()


@pytest.fixture
def exchange(fake: FakeClock) -> LocalExchange:
    return LocalExchange(clock=fake.ms)


def client_of(exchange: LocalExchange, fake: FakeClock) -> AuthenticatedClient:
    return local_client(exchange, clock=fake.ms, retries=bingx_spot.Retries(max_retries=0))


def switch_of(exchange: LocalExchange, fake: FakeClock, mode: str, **kw: Any) -> Any:
    sleep = fake.sleep if mode == "sync" else fake.asleep
    return bingx_spot.DeadMansSwitch(
        client_of(exchange, fake), clock=fake.monotonic, sleep=sleep, **kw
    )


def arms(exchange: LocalExchange) -> list[tuple[str, int]]:
    """(type, timestamp in ms after START_MS) of each cancelAllAfter the exchange received."""
    return [
        (r.url.params["type"], int(r.url.params["timestamp"]) - START_MS)
        for r in exchange.requests
        if r.url.path == PATH
    ]


def armed_then_closed(exchange: LocalExchange) -> bool:
    kinds = [kind for kind, _ in arms(exchange)]
    return kinds[:1] == ["ACTIVATE"] and kinds[-1:] == ["CLOSE"] and kinds.count("CLOSE") == 1


def until(done: Callable[[], bool]) -> None:
    give_up = time.monotonic() + GIVE_UP_S
    while not done():
        assert time.monotonic() < give_up, "gave up waiting"
        time.sleep(0.005)


async def auntil(done: Callable[[], bool]) -> None:
    give_up = time.monotonic() + GIVE_UP_S
    while not done():
        assert time.monotonic() < give_up, "gave up waiting"
        await asyncio.sleep(0.005)


def busy(exchange: LocalExchange, times: int, *, kind: str = "ACTIVATE", after: int = 1) -> None:
    """Of the cancelAllAfter requests of ``kind``, the ``times`` after the first ``after`` meet
    ServerBusyError; injected before the block, so no re-arm can slip by first."""
    left = {"pass": after, "fail": times}

    def fault(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if request.url.params.get("type") != kind or left["fail"] == 0:
            return answer()
        if left["pass"] > 0:
            left["pass"] -= 1
            return answer()
        left["fail"] -= 1
        return faults.error(100500, "busy")(request, answer)

    exchange.inject(fault, times=10_000, operation="cancelAllAfter")


def rearms(exchange: LocalExchange, *plan: faults.Fault | None) -> None:
    """The re-arms (the ACTIVATEs after the first) meet the faults of ``plan`` in turn (``None``:
    none); CLOSE and later re-arms pass."""
    steps = list(plan)
    first = [True]

    def fault(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if request.url.params.get("type") != "ACTIVATE":
            return answer()
        if first[0]:
            first[0] = False
            return answer()
        step = steps.pop(0) if steps else None
        return answer() if step is None else step(request, answer)

    exchange.inject(fault, times=10_000, operation="cancelAllAfter")


def trigger_at(moment: Callable[[], int]) -> faults.Fault:
    """Processed; the answer's triggerTime says ``moment()``."""

    def fault(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        doc = json.loads(answer().content)
        doc["data"]["triggerTime"] = moment()
        return httpx.Response(200, json=doc)

    return fault


def shown(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def inside(switch: Any, mode: str, body: Callable[[], None]) -> None:
    """Runs ``body`` (which waits for what it needs) inside the switch's block."""
    if mode == "sync":
        with switch:
            body()
        return

    async def go() -> None:
        async with switch:
            await asyncio.to_thread(body)

    asyncio.run(go())


@pytest.mark.parametrize("mode", MODES)
def test_rearms_every_third_of_the_timeout_and_closes(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    switch = switch_of(exchange, fake, mode, timeout=30)
    seen: list[Any] = []

    def body() -> None:
        seen.append(switch.armed_until)
        until(lambda: len(arms(exchange)) >= 5)

    inside(switch, mode, body)

    sent = arms(exchange)
    assert sent[:5] == [("ACTIVATE", n * 10_000) for n in range(5)]
    assert sent[-1][0] == "CLOSE"
    assert set(fake.sleeps) == {10.0}
    # BingX's triggerTime (in UTC) of the ACTIVATE just before the read; the loop runs meanwhile.
    triggers = {START_MS + t + 30_000 for kind, t in sent if kind == "ACTIVATE"}
    assert round(seen[0].timestamp() * 1000) in triggers
    with pytest.raises(NotArmedError):
        switch.armed_until  # noqa: B018 - CLOSE accepted: nothing armed
    assert not switch.lapsed
    fake.now += 1000
    assert len(exchange.open_orders()) == 4
    assert exchange.fired == []


@pytest.mark.parametrize("mode", MODES)
def test_on_armed_hears_of_each_accepted_activate(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    heard: list[Any] = []

    def on_armed(armed_until: Any) -> None:
        heard.append(armed_until)
        if len(heard) == 2:
            raise RuntimeError("a caller's bug")

    busy(exchange, 1, after=2)  # the third ACTIVATE fails: not heard of
    switch = switch_of(exchange, fake, mode, timeout=30, on_armed=on_armed)
    inside(switch, mode, lambda: until(lambda: len(heard) >= 4))

    activated = [t for kind, t in arms(exchange) if kind == "ACTIVATE"]
    assert len(activated) >= 5
    # BingX's triggerTime is in whole seconds.
    expected = [(START_MS + t + 30_000) // 1000 * 1000 for t in activated[:2] + activated[3:5]]
    assert [round(moment.timestamp() * 1000) for moment in heard[:4]] == expected
    assert "on_armed raised" in caplog.text
    assert "re-arm failed" in caplog.text  # only the busy answer, not the callback's bug
    assert caplog.text.count("re-arm failed") == 1
    assert armed_then_closed(exchange)


@pytest.mark.parametrize("mode", MODES)
def test_failed_rearms_warn_then_error_before_it_fires(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bingx_spot")
    switch = switch_of(exchange, fake, mode, timeout=30)

    # Re-arms at 10, 12.5, 15, 17.5 s fail with more than 10 s left; at 20 s, 10 s are left.
    busy(exchange, 5)
    inside(switch, mode, lambda: until(lambda: len(arms(exchange)) >= 8))

    levels = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert [level for level, _ in levels[:5]] == ["WARNING"] * 4 + ["ERROR"]
    assert "ServerBusyError" in levels[0][1]
    assert "in 10.0 s unless a re-arm succeeds" in levels[4][1]
    assert [t for kind, t in arms(exchange)[:7]] == [0, 10_000, 12_500, 15_000, 17_500, 20_000,
                                                      22_500]  # fmt: skip
    assert not switch.lapsed
    assert exchange.fired == []


@pytest.mark.parametrize("mode", MODES)
def test_a_countdown_that_runs_out_is_reported(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    switch = switch_of(exchange, fake, mode, timeout=30)

    busy(exchange, 9)  # every re-arm from 10 s to 30 s fails; the exchange fires at 30 s
    inside(switch, mode, lambda: until(lambda: switch.lapsed and len(arms(exchange)) >= 11))

    assert f"the countdown ran out at {shown(START_MS + 30_000)} with no re-arm" in caplog.text
    [fired] = exchange.fired
    assert fired.at == START_MS + 30_000
    assert len(fired.orders) == 4
    assert exchange.open_orders() == []


@pytest.mark.parametrize("mode", MODES)
def test_leaving_by_an_exception_still_closes(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    def body() -> None:
        raise KeyError("the strategy failed")

    with pytest.raises(KeyError):
        inside(switch_of(exchange, fake, mode), mode, body)

    assert armed_then_closed(exchange)


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_close_raises_after_a_normal_block(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    switch = switch_of(exchange, fake, mode, timeout=60)

    busy(exchange, 1, kind="CLOSE", after=0)
    with pytest.raises(bingx_spot.ServerBusyError):
        inside(switch, mode, lambda: None)

    assert "CLOSE failed" in caplog.text
    assert switch.armed_until is not None  # still armed: BingX fires then unless told otherwise
    # The account is free again.
    inside(switch_of(exchange, fake, mode), mode, lambda: None)


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_activate_keeps_the_block_from_running(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    exchange.inject(faults.error(100001, "Signature verification failed"))
    ran: list[bool] = []

    with pytest.raises(bingx_spot.AuthenticationError):
        inside(switch_of(exchange, fake, mode), mode, lambda: ran.append(True))

    assert ran == []
    inside(switch_of(exchange, fake, mode), mode, lambda: ran.append(True))
    assert ran == [True]


@pytest.mark.parametrize("mode", MODES)
def test_an_activate_that_may_have_arrived_is_closed(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    def processed_then_lost(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        answer()  # BingX armed the countdown; the answer never came back
        raise httpx.ReadError("connection reset", request=request)

    exchange.inject(processed_then_lost, operation="cancelAllAfter")

    with pytest.raises(bingx_spot.NetworkError):
        inside(switch_of(exchange, fake, mode), mode, lambda: None)

    assert [kind for kind, _ in arms(exchange)] == ["ACTIVATE", "CLOSE", "CLOSE"]
    fake.now += 1000
    assert len(exchange.open_orders()) == 4  # no countdown left running


@pytest.mark.parametrize("mode", MODES)
def test_an_activate_processed_after_the_close_is_closed_again(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    late: list[faults.Answer] = []

    def lost_then_late(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if request.url.params["type"] == "ACTIVATE":
            late.append(answer)  # held up on the way: processed later
            raise httpx.ReadTimeout("timed out", request=request)
        response = answer()
        while late:  # BingX processes the ACTIVATE just after this CLOSE
            late.pop()()
        return response

    exchange.inject(lost_then_late, times=3, operation="cancelAllAfter")

    with pytest.raises(bingx_spot.RequestTimeoutError):
        inside(switch_of(exchange, fake, mode, timeout=10), mode, lambda: None)

    [activate, _, second] = [r for r in exchange.requests if r.url.path == PATH]
    assert [r.url.params["type"] for r in (activate, second)] == ["ACTIVATE", "CLOSE"]
    window = int(activate.url.params["recvWindow"])
    # The second CLOSE goes out once BingX would refuse the ACTIVATE as too old.
    assert int(second.url.params["timestamp"]) > int(activate.url.params["timestamp"]) + window
    fake.now += 1000
    assert exchange.fired == []
    assert len(exchange.open_orders()) == 4


@pytest.mark.parametrize("mode", MODES)
def test_status_failed_raises(exchange: LocalExchange, fake: FakeClock, mode: str) -> None:
    def failed(request: Any, answer: Any) -> Any:
        data = {"triggerTime": 0, "status": "FAILED", "note": "no orders"}  # all documented fields
        return httpx.Response(200, json={"code": 0, "msg": "", "data": data})

    exchange.inject(failed)
    with pytest.raises(bingx_spot.DeadMansSwitchError, match="no orders"):
        inside(switch_of(exchange, fake, mode), mode, lambda: None)


@pytest.mark.parametrize("mode", MODES)
def test_one_loop_per_account(exchange: LocalExchange, fake: FakeClock, mode: str) -> None:
    # The other account keeps its own time: a clock shared with the first switch's loop would
    # move under that loop's requests.
    elsewhere = fake_time()
    other = LocalExchange({"other-key": "other-secret"}, clock=elsewhere.ms)
    other_client = local_client(
        other, api_key="other-key", secret_key="other-secret", clock=elsewhere.ms
    )

    def body() -> None:
        second = switch_of(exchange, fake, "sync")
        with pytest.raises(bingx_spot.InvalidArgumentError, match="already runs"):
            second.__enter__()
        with bingx_spot.DeadMansSwitch(
            other_client, clock=elsewhere.monotonic, sleep=elsewhere.sleep
        ):
            pass  # another account: its own loop

    inside(switch_of(exchange, fake, mode), mode, body)

    assert armed_then_closed(exchange)
    assert armed_then_closed(other)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("how", ["answered late", "trigger looks on time", "bingx says late"])
def test_a_rearm_that_reaches_bingx_after_the_trigger_time_is_a_lapse(
    exchange: LocalExchange, fake: FakeClock, mode: str, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    reached: list[int] = []

    def held_up(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        fake.now += 3  # the rate budget held it back: it reaches BingX at 30.5 s
        reached.append(exchange.now())
        return answer()

    # A trigger that does not show the new countdown began late: only the switch's own clock
    # can tell the re-arm came after the old one ended.
    untimed = trigger_at(lambda: START_MS + 45_000)

    def held_up_untimed(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        return untimed(request, lambda: held_up(request, answer))

    busy = faults.error(100500, "busy")
    ended = shown(START_MS + 30_000)
    said = f"the countdown ran out at {ended} before the re-arm reached BingX"
    if how == "answered late":  # re-arms from 10 s to 25 s fail; the one at 27.5 s is held up
        rearms(exchange, *[busy] * 7, held_up)
    elif how == "trigger looks on time":
        rearms(exchange, *[busy] * 7, held_up_untimed)
        said = f"a re-arm was answered only after the countdown's end at {ended}"
    else:  # answered at once, but BingX's new countdown began at 30 s, when the old one ended
        rearms(exchange, trigger_at(lambda: START_MS + 30_000 + 30_000))
    switch = switch_of(exchange, fake, mode, timeout=30)
    inside(switch, mode, lambda: until(lambda: len(arms(exchange)) >= 11))

    assert switch.lapsed
    assert said in caplog.text
    assert reached == ([] if how == "bingx says late" else [START_MS + 30_500])


@pytest.mark.parametrize("mode", MODES)
def test_rearms_come_before_the_trigger_time_bingx_answers(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bingx_spot")
    soon = trigger_at(lambda: exchange.now() + 6000)  # BingX says: 6 s left, not 30

    def fault(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        return soon(request, answer) if request.url.params["type"] == "ACTIVATE" else answer()

    exchange.inject(fault, times=10_000, operation="cancelAllAfter")
    switch = switch_of(exchange, fake, mode, timeout=30)
    heard: list[datetime] = []

    def body() -> None:
        heard.append(switch.armed_until)
        until(lambda: len(arms(exchange)) >= 5)

    inside(switch, mode, body)

    activated = [t for kind, t in arms(exchange) if kind == "ACTIVATE"]
    # Each re-arm a third of the way through the 6 s BingX reported, long before they end.
    assert activated[:5] == [0, 2000, 4000, 6000, 8000]
    assert round(heard[0].timestamp() * 1000) - START_MS in {t + 6000 for t in activated}
    assert not switch.lapsed
    assert caplog.records == []


def test_armed_until_is_a_datetime_inside_the_block() -> None:
    # The switch gets no sleep: its re-arm thread waits on its own event, so only the test
    # moves the clock, never the thread while the block reads.
    clock = FakeClock()
    exchange = LocalExchange(block_ms=0, clock=clock.ms)
    switch = bingx_spot.DeadMansSwitch(
        local_client(exchange, clock=clock.ms), 120, clock=clock.monotonic
    )  # next re-arm in 40 s
    with pytest.raises(NotArmedError):
        switch.armed_until  # noqa: B018 - not entered yet
    began = clock.time()
    with switch:
        when = switch.armed_until  # no None to rule out: mypy --strict checks this
        clock.advance(1.0)  # cancelAllAfter's 1/s: the CLOSE goes at once, not a real second on
    ended = clock.time()
    assert when.tzinfo is UTC
    assert began + 119 <= when.timestamp() <= ended + 120  # BingX's whole seconds
    with pytest.raises(NotArmedError):
        switch.armed_until  # noqa: B018 - closed


@pytest.mark.parametrize("mode", MODES)
def test_one_loop_per_account_whatever_the_host(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    other_host = local_client(exchange, base_url="http://localhost:8080", clock=fake.ms)
    own = fake_time()  # were it let in, its loop would move its own clock, not the first's

    def body() -> None:
        second = bingx_spot.DeadMansSwitch(other_host, clock=own.monotonic, sleep=own.sleep)
        with pytest.raises(bingx_spot.InvalidArgumentError, match="already runs"), second:
            pass  # were it let in, it would leave (and CLOSE) here, not run on

    inside(switch_of(exchange, fake, mode), mode, body)
    assert armed_then_closed(exchange)


@pytest.mark.parametrize("timeout", [9, 121, 30.0, True])
def test_timeout_within_bingx_bounds(
    exchange: LocalExchange, fake: FakeClock, timeout: Any
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError):
        bingx_spot.DeadMansSwitch(client_of(exchange, fake), timeout)


def test_real_waits_end_at_once_on_leaving() -> None:
    # No sleep given: the re-arm loop waits on its own event, for real. Only its readings come
    # from the test's clock, on which the block lasts cancelAllAfter's second (1/s), so the
    # CLOSE needs no real second's pause after the ACTIVATE.
    clock = FakeClock()
    exchange = LocalExchange(clock=clock.ms)
    client = local_client(exchange, clock=clock.ms)
    began = time.monotonic()
    with bingx_spot.DeadMansSwitch(client, timeout=120, clock=clock.monotonic) as switch:
        assert "bingx-dead-man" in [thread.name for thread in threading.enumerate()]
        assert switch.armed_until is not None
        clock.advance(1.0)
    # The next re-arm was 40 s away: leaving must not wait for it (half of it is a wide margin).
    assert time.monotonic() - began < 20
    assert "bingx-dead-man" not in [thread.name for thread in threading.enumerate()]
    assert [r.url.params["type"] for r in exchange.requests] == ["ACTIVATE", "CLOSE"]


KILLED = textwrap.dedent(
    """
    import sys, time
    import bingx_spot
    from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY

    url, start, speed = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])

    def fast() -> float:
        return start + (time.time() - start) * speed

    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, base_url=url,
                                    clock=lambda: int(fast() * 1000), rate_limit=False)
    switch = bingx_spot.DeadMansSwitch(client, timeout=10, clock=fast,
                                       sleep=lambda seconds: time.sleep(seconds / speed))
    with switch:
        print("armed", flush=True)
        time.sleep(3600)
    """
)


@pytest.fixture
def fast_server() -> Iterator[tuple[LocalServer, FakeClock]]:
    """A served exchange whose clock runs ten times faster than the wall clock, from now (the
    killed process runs its own the same way, from the same instant)."""
    since = time.time()
    clock = FakeClock(int(since * 1000), rate=10, since=since)
    with LocalServer(LocalExchange(clock=clock.ms)) as server:
        yield server, clock


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_a_killed_process_has_its_orders_cancelled(
    fast_server: tuple[LocalServer, FakeClock],
) -> None:
    server, clock = fast_server
    exchange = server.exchange
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED, server.url, str(clock.since), str(clock.rate)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "armed"
        until(lambda: len(arms(exchange)) >= 3)  # armed, then re-armed twice
        assert exchange.fired == []
        child.send_signal(signal.SIGKILL)
        child.wait()
        killed_ms = exchange.now()
    finally:
        child.kill()
        child.wait()
        if child.stdout is not None:
            child.stdout.close()

    # Nothing more arrives and nobody reads the book: the server's timer fires the countdown.
    # The countdown the last re-arm started ends 10 s after it arrived; with the process dead,
    # the exchange's clock is moved on to a second before then rather than waited on.
    last_arrival = max(r.extensions[NOW_EXTENSION] for r in exchange.requests if r.url.path == PATH)
    clock.advance(ms=max(last_arrival + 9_000 - exchange.now(), 0))
    until(lambda: bool(exchange.fired))
    [fired] = exchange.fired
    last_arm = max(int(r.url.params["timestamp"]) for r in exchange.requests if r.url.path == PATH)
    assert killed_ms < fired.at <= killed_ms + 10_000
    assert fired.at >= last_arm + 10_000
    assert len(fired.orders) == 4
    assert {order["status"] for order in fired.orders} == {"CANCELED"}
    assert exchange.open_orders() == []
    assert all(kind == "ACTIVATE" for kind, _ in arms(exchange))


# -- BingX's real forms (docs/bingx-facts.md, "Cancel all after") --------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_five_minutes_of_rearms_in_seconds_never_lapse(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bingx_spot")
    heard: list[datetime] = []
    # The exchange answers whole seconds.
    switch = switch_of(exchange, fake, mode, timeout=60, on_armed=heard.append)
    inside(switch, mode, lambda: until(lambda: fake.now >= 300))

    assert heard[0] == datetime.fromtimestamp((START_MS + 60_000) / 1000, UTC)
    activated = [t for kind, t in arms(exchange) if kind == "ACTIVATE"]
    assert len(activated) >= 15  # every 20 s for 5 minutes
    assert max(b - a for a, b in itertools.pairwise(activated)) <= 20_000
    assert not switch.lapsed
    assert exchange.fired == []
    assert caplog.records == []
    assert [kind for kind, _ in arms(exchange)][-1] == "CLOSE"


@pytest.mark.parametrize("mode", MODES)
def test_close_carries_time_out_and_keeps_to_one_request_a_second(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    inside(switch_of(exchange, fake, mode, timeout=45), mode, lambda: None)

    sent = [r for r in exchange.requests if r.url.path == PATH]
    kinds = [r.url.params["type"] for r in sent]
    assert (kinds[0], kinds[-1], kinds.count("CLOSE")) == ("ACTIVATE", "CLOSE", 1)
    assert {r.url.params["timeOut"] for r in sent} == {"45"}
    stamps = [int(r.url.params["timestamp"]) for r in sent]
    assert stamps[-1] - stamps[-2] >= 1000  # 1/s, with the client's rate budget off


@pytest.mark.parametrize("mode", MODES)
def test_a_close_answered_after_the_trigger_is_a_lapse(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    def answered_late(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        response = answer()
        if request.url.params["type"] == "CLOSE":
            fake.now += 31  # a slow network: the answer comes after the 30 s countdown's end
        return response

    exchange.inject(answered_late, times=10_000, operation="cancelAllAfter")
    switch = switch_of(exchange, fake, mode, timeout=30)
    inside(switch, mode, lambda: None)

    assert switch.lapsed
    said = "CLOSE was answered only after the countdown's end at "
    assert [r.levelname for r in caplog.records if said in r.getMessage()] == ["ERROR"]


@pytest.mark.parametrize("mode", MODES)
def test_a_refusal_after_the_trigger_means_the_switch_fired(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bingx_spot")
    busy(exchange, 9)  # re-arms from 10 s fail until the countdown ends at 30 s
    cancelling = {"left": 1}

    def refused_while_cancelling(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if exchange.fired and cancelling["left"]:  # BingX's mass cancel under way
            cancelling["left"] -= 1
            return faults.error(109500, "cancel all after is executing")(request, answer)
        return answer()

    exchange.inject(refused_while_cancelling, times=10_000, operation="cancelAllAfter")
    switch = switch_of(exchange, fake, mode, timeout=30)
    rearmed: list[datetime] = []

    def body() -> None:
        until(lambda: len(arms(exchange)) >= 13)
        rearmed.append(switch.armed_until)

    inside(switch, mode, body)

    assert switch.lapsed
    ended = shown(START_MS + 30_000)
    fired = [r for r in caplog.records if "the switch has fired" in r.getMessage()]
    assert len(fired) == 1
    assert fired[0].levelname == "ERROR"
    assert ended in fired[0].getMessage()
    activated = [t for kind, t in arms(exchange) if kind == "ACTIVATE"]
    refused_at = activated[activated.index(max(t for t in activated if t < 30_000)) + 1]
    assert refused_at >= 30_000
    # Then re-armed at the normal pace (a third of the timeout), not hammered.
    following = activated[activated.index(refused_at) + 1]
    assert following - refused_at == 10_000
    assert rearmed[0] > datetime.fromtimestamp((START_MS + 30_000) / 1000, UTC)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "data",
    [
        {"triggerTime": 0, "status": "CLOSED", "note": ""},
        {"triggerTime": 0, "status": "ACTIVATED", "note": ""},
        {"triggerTime": 1710389137, "status": "CLOSED", "note": ""},
    ],
)
def test_a_rearm_answered_with_no_countdown_is_never_estimated(
    exchange: LocalExchange,
    fake: FakeClock,
    mode: str,
    data: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def no_countdown(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        answer()
        return httpx.Response(200, json={"code": 0, "msg": "", "data": data})

    rearms(exchange, no_countdown)
    switch = switch_of(exchange, fake, mode, timeout=30)
    seen: list[str] = []

    def body() -> None:
        until(lambda: len(arms(exchange)) >= 2)
        try:
            seen.append(switch.armed_until.isoformat())
        except NotArmedError:
            seen.append("not armed")
        until(lambda: len(arms(exchange)) >= 3)

    inside(switch, mode, body)

    assert seen[0] == "not armed" or len(arms(exchange)) >= 3
    errors = [r for r in caplog.records if "without a countdown" in r.getMessage()]
    assert [r.levelname for r in errors] == ["ERROR"]
    activated = [t for kind, t in arms(exchange) if kind == "ACTIVATE"]
    assert activated[2] - activated[1] == 1000  # re-armed at once, at the rate's pace
    assert not switch.lapsed


@pytest.mark.parametrize("mode", MODES)
def test_a_first_activate_with_no_countdown_raises_without_close(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    def closed(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        data = {"triggerTime": 0, "status": "CLOSED", "note": ""}
        return httpx.Response(200, json={"code": 0, "msg": "", "data": data})

    exchange.inject(closed, operation="cancelAllAfter")
    with pytest.raises(bingx_spot.DeadMansSwitchError, match="without a countdown"):
        inside(switch_of(exchange, fake, mode), mode, lambda: None)
    assert [kind for kind, _ in arms(exchange)] == ["ACTIVATE"]


@pytest.mark.parametrize("mode", MODES)
def test_nothing_sent_raises_at_once_without_close(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    exchange.inject(faults.refuse(), times=100)
    # Three attempts, as by default; no backoff, so any real pause is the switch's own.
    client = local_client(exchange, clock=fake.ms, retries=bingx_spot.Retries(backoff=0))
    sleep = fake.sleep if mode == "sync" else fake.asleep
    switch = bingx_spot.DeadMansSwitch(client, clock=fake.monotonic, sleep=sleep)
    began = time.monotonic()

    with pytest.raises(bingx_spot.NetworkError) as raised:
        inside(switch, mode, lambda: None)

    assert time.monotonic() - began < 1.0
    assert raised.value.sent is False
    assert raised.value.attempts == 3
    assert fake.sleeps == []  # no pause for a second CLOSE
    assert len(exchange.requests) == 3  # the ACTIVATE's attempts, each refused: no CLOSE
    assert caplog.records == []


def test_one_attempt_that_may_have_arrived_makes_the_call_sent() -> None:
    exchange = LocalExchange(block_ms=0)
    first = {"done": False}

    def lost_then_refused(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if not first["done"]:
            first["done"] = True
            raise httpx.ReadError("connection reset", request=request)
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    exchange.inject(lost_then_refused, times=3)
    # Three attempts, as by default, without the backoff's real pauses between them.
    client = local_client(exchange, retries=bingx_spot.Retries(backoff=0))
    with pytest.raises(bingx_spot.NetworkError) as raised:
        cancel_all_after.sync(client=client, type_="ACTIVATE", time_out=10)
    assert raised.value.attempts == 3
    assert raised.value.sent is True  # the first attempt may have armed a countdown


@pytest.mark.parametrize("mode", MODES)
def test_on_exit_keep_leaves_the_countdown_to_fire(
    exchange: LocalExchange, fake: FakeClock, mode: str
) -> None:
    # The loop waits on its event, not on the clock's sleep: a sleep that moved the clock 10 s at
    # once would let a re-arm out before the block is left whenever this thread is slow to
    # leave. The clock moves only below.
    switch = bingx_spot.DeadMansSwitch(
        client_of(exchange, fake), timeout=30, on_exit="keep", clock=fake.monotonic
    )
    inside(switch, mode, lambda: None)

    assert [kind for kind, _ in arms(exchange)] == ["ACTIVATE"]
    assert switch.armed_until == datetime.fromtimestamp((START_MS + 30_000) / 1000, UTC)
    fake.now = 29.9
    assert len(exchange.open_orders()) == 4
    fake.now = 30.0
    assert exchange.open_orders() == []
    assert [f.at for f in exchange.fired] == [START_MS + 30_000]
    with pytest.raises(bingx_spot.InvalidArgumentError):
        bingx_spot.DeadMansSwitch(client_of(exchange, fake), on_exit="cancel")


ECHOED_SIGNATURE = "ab12" * 16


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_note_echoing_the_request_is_made_safe(
    exchange: LocalExchange, fake: FakeClock, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    note = (
        f"bad request X-BX-APIKEY={DEMO_API_KEY}&secret={DEMO_SECRET_KEY}"
        f"&signature={ECHOED_SIGNATURE}\r\nERROR forged log line" + "x" * 2000
    )

    def failed(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        data = {"triggerTime": 0, "status": "FAILED", "note": note}
        return httpx.Response(200, json={"code": 0, "msg": "", "data": data})

    rearms(exchange, failed)
    switch = switch_of(exchange, fake, mode, timeout=30)
    inside(switch, mode, lambda: until(lambda: len(arms(exchange)) >= 3))
    elsewhere = fake_time()  # the first switch's loop moved the test's
    entering = LocalExchange(clock=elsewhere.ms)
    entering.inject(failed, operation="cancelAllAfter")
    with pytest.raises(bingx_spot.DeadMansSwitchError) as raised:
        inside(switch_of(entering, elsewhere, mode, timeout=30), mode, lambda: None)

    error = raised.value
    for text in (str(error), repr(error), pickle.dumps(error).decode("latin-1"), caplog.text):
        assert DEMO_API_KEY not in text
        assert DEMO_SECRET_KEY not in text
        assert ECHOED_SIGNATURE not in text
    assert "\r" not in str(error)
    assert "\n" not in str(error)
    assert len(str(error)) < 700
    assert "re-arm failed (DeadMansSwitchError" in caplog.text
    assert all("\n" not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("raised", [SystemExit(1), KeyboardInterrupt(), RuntimeError("bug")])
def test_on_armed_raising_anything_never_stops_the_rearms(
    exchange: LocalExchange,
    fake: FakeClock,
    mode: str,
    raised: BaseException,
    caplog: pytest.LogCaptureFixture,
) -> None:
    heard: list[datetime] = []

    def on_armed(until_: datetime) -> None:
        heard.append(until_)
        if len(heard) >= 2:
            raise raised

    switch = switch_of(exchange, fake, mode, timeout=30, on_armed=on_armed)
    inside(switch, mode, lambda: until(lambda: len(heard) >= 4))

    assert len([kind for kind, _ in arms(exchange) if kind == "ACTIVATE"]) >= 4
    assert not switch.lapsed
    assert caplog.text.count("on_armed raised") >= 2
    assert armed_then_closed(exchange)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("trigger", [-1, 10**17, 2**62])
def test_a_trigger_time_that_is_no_time_is_a_broken_answer(
    exchange: LocalExchange, fake: FakeClock, mode: str, trigger: int
) -> None:
    def lying(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if request.url.params["type"] == "CLOSE":
            return answer()
        answer()  # BingX may have armed it: the switch must close it
        data = {"triggerTime": trigger, "status": "ACTIVATED", "note": ""}
        return httpx.Response(200, json={"code": 0, "msg": "", "data": data})

    exchange.inject(lying, times=10, operation="cancelAllAfter")
    with pytest.raises(bingx_spot.ResponseError, match="is not a time"):
        inside(switch_of(exchange, fake, mode), mode, lambda: None)
    assert [kind for kind, _ in arms(exchange)] == ["ACTIVATE", "CLOSE", "CLOSE"]


# -- the core alone: the steps both drivers perform, scripted on the fake clock -----------------

LOST = "lost"  # a request that may have reached BingX, its answer lost
REFUSED = "refused"  # a connection refused: it never left


def bingx_answers(trigger_s: int) -> CancelAllAfterResponse:
    """A countdown ending ``trigger_s`` after START_MS; with 0, none (CLOSED)."""
    trigger, status = (START_MS // 1000 + trigger_s, "ACTIVATED") if trigger_s else (0, "CLOSED")
    data = {"triggerTime": trigger, "status": status, "note": ""}
    return CancelAllAfterResponse.from_dict({"code": 0, "msg": "", "data": data})


def core_steps(
    switch: Any, fake: FakeClock, script: list[Any], left_at: int
) -> tuple[list[str], str]:
    """Performs the switch's plans as a driver does: entering, re-arming until the ``left_at``-th
    wait that ends on leaving finds the block left, leaving. Each request meets the next of
    ``script`` (a triggerTime in seconds after START_MS, 0 for a CLOSED answer, LOST or
    REFUSED). The steps as text, and how it ended."""
    seen: list[str] = []
    answers = list(script)
    pauses = itertools.count(1)

    def run(plan: Any) -> None:
        with contextlib.suppress(StopIteration):
            step = next(plan)
            while True:
                if isinstance(step, deadman._Wait):
                    left = step.until_left and next(pauses) == left_at
                    seen.append(f"wait {step.seconds:g}{' or until left' * step.until_left}"
                                f"{': left' * left}")  # fmt: skip
                    fake.now += 0 if left else step.seconds
                    step = plan.send(left)
                    continue
                window = "" if step.window is UNSET else f" recvWindow={step.window}"
                seen.append(f"{step.kind}{window}")
                answer = answers.pop(0)
                if answer in (LOST, REFUSED):
                    error = bingx_spot.NetworkError(f"POST {PATH}: ...", sent=answer == LOST)
                    step = plan.throw(error)
                else:
                    step = plan.send(bingx_answers(answer))

    entered = False
    try:
        run(switch._entering(switch.client.get_httpx_client().auth))
        entered = True
        run(switch._rearming())
        run(switch._leaving(quiet=False))
    except bingx_spot.BingXError as error:
        return seen, type(error).__name__
    finally:
        if entered:
            switch._release()  # as the drivers do once the block is left
    return seen, "ok"


ENTERED = ["ACTIVATE recvWindow=5000", "wait 10 or until left"]
CORE = [  # (script, left_at, on_exit, steps, end)
    pytest.param(
        [30, LOST, 42, 0], 3, "close",
        [*ENTERED, "ACTIVATE", "wait 2.5 or until left", "ACTIVATE",
         "wait 9.83333 or until left: left", "wait 1", "CLOSE"],
        "ok", id="a failed re-arm is tried again, a CLOSE keeps 1 s after it",
    ),
    pytest.param(
        [30, 0, 41, 0], 3, "close",
        [*ENTERED, "ACTIVATE", "wait 1 or until left", "ACTIVATE",
         "wait 10 or until left: left", "wait 1", "CLOSE"],
        "ok", id="a re-arm answered with no countdown is tried again at the rate's pace",
    ),
    pytest.param(
        [30], 1, "keep", ["ACTIVATE recvWindow=5000", "wait 10 or until left: left"], "ok",
        id="on_exit keep sends no CLOSE",
    ),
    pytest.param(
        [30, LOST], 1, "close",
        ["ACTIVATE recvWindow=5000", "wait 10 or until left: left", "wait 1", "CLOSE"],
        "NetworkError", id="a failed CLOSE raises",
    ),
    pytest.param(
        [LOST, 0, 0], 1, "close",
        ["ACTIVATE recvWindow=5000", "wait 1", "CLOSE", "wait 6", "CLOSE"], "NetworkError",
        id="a lost first ACTIVATE is closed twice",
    ),
    pytest.param(
        [REFUSED], 1, "close", ["ACTIVATE recvWindow=5000"], "NetworkError",
        id="a first ACTIVATE that never left raises at once",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("script", "left_at", "on_exit", "steps", "end"), CORE)
def test_the_core_decides_each_step_the_drivers_perform(
    script: list[Any], left_at: int, on_exit: str, steps: list[str], end: str
) -> None:
    fake = fake_time()
    exchange = LocalExchange(clock=fake.ms)
    switch = switch_of(exchange, fake, "sync", timeout=30, on_exit=on_exit)

    assert core_steps(switch, fake, script, left_at) == (steps, end)
    assert not exchange.requests  # the core sends nothing itself
    assert not switch.lapsed
    assert switch._account not in deadman._running  # let go, whichever way it ended
