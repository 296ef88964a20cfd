"""One budget per account: threads, asyncio tasks, processes (through a real Redis) against the
local exchange, which refuses a third cancel within any sliding second (of a clock ten times as
fast as the wall clock, the budget's too). Each test asserts the limit itself from the arrival
times the exchange records, by the exchange's rule, not how long the calls took; the budget's
rules over long runs and blocks are checked on an injected clock."""

import asyncio
import logging
import multiprocessing
import random
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

import anyio
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults, reset_budgets
from bingx_spot.testing.faults import NOW_EXTENSION
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire import network, ratelimit, retry, spec, transport
from bingx_spot.wire.auth import identity
from bingx_spot.wire.ratelimit import MAX_BLOCK, WINDOW_MARGIN, Budget
from bingx_spot_client.api.common import server_time
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient
from tests.clock import FakeClock
from tests.conftest import RedisDB

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

RATE = 2  # cancelOpenOrders, per second per key (openapi.yaml)
CALLERS = RATE + 1


def _cancel_operation() -> spec.Operation:
    found = spec.load().find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")
    assert found is not None
    return found


CANCEL = _cancel_operation()


# -- helpers -----------------------------------------------------------------------------------


def client(url: str, storage: str = "memory://", **options: Any) -> AuthenticatedClient:
    return bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, base_url=url, rate_limit_storage=storage, **options
    )


def cancel(c: AuthenticatedClient) -> str:
    """One cancel: "ok" or the error's class name."""
    try:
        cancel_open_orders.sync(client=c, symbol="ETH-USDT")
    except bingx_spot.BingXError as error:
        return type(error).__name__
    return "ok"


def arrivals(exchange: LocalExchange) -> list[int]:
    """When each cancel arrived, in the exchange's ms, in order."""
    return sorted(
        request.extensions[NOW_EXTENSION]
        for request in exchange.requests
        if request.url.path == CANCEL.path
    )


def crowded(times: Sequence[float]) -> list[tuple[float, float]]:
    """Where ``times`` (sorted, one account) break BingX's limit as the local exchange applies
    it: a third arrival less than a second after the one two before it."""
    return [
        (earlier, later)
        for earlier, later in zip(times, times[RATE:], strict=False)
        if later - earlier < 1000
    ]


@pytest.fixture(autouse=True)
def fresh_budgets() -> None:
    # Each test starts with this process's budgets empty: slots or a block an earlier test left
    # for the demo account would make its first call wait, or fail.
    reset_budgets()


@pytest.fixture
def served() -> Iterator[LocalServer]:
    with LocalServer(LocalExchange()) as server:
        yield server


# -- a fast clock for the exchange and the budget: the second a third cancel waits, made short --

SPEED = 10  # the fast clock's rate: a second of the budget's and the exchange's is 0.1 s


def fast_clock(start_ms: int | None = None, since: float | None = None) -> FakeClock:
    """A clock ``SPEED`` times as fast as the wall clock, from now (or, in another process, from
    the same ``start_ms`` and ``since``: the same clock)."""
    since = time.time() if since is None else since
    start_ms = int(since * 1000) if start_ms is None else start_ms
    return FakeClock(start_ms, rate=SPEED, since=since)


def on_clock(monkeypatch: pytest.MonkeyPatch, clock: FakeClock, uri: str) -> dict[str, Any]:
    """Puts this process's budget on ``uri`` on ``clock``, as the one ``budget_for`` gives every
    client on it, and the waits and readings of the transport, its sockets and the retry plan;
    ``make_client``'s options for the signing clock. What stands for real lags (a connection's,
    a scheduler's) and not for BingX's seconds, the budget's window margin and the recvWindow,
    is widened by the rate: as long in real time as without the fast clock."""
    monkeypatch.setitem(ratelimit._budgets, uri, Budget(uri, clock=clock.time))
    for module in (transport, network, retry):
        monkeypatch.setattr(module, "time", clock)
    monkeypatch.setattr(anyio, "sleep", clock.asleep)  # the async transport's waits
    monkeypatch.setattr(ratelimit, "WINDOW_MARGIN", WINDOW_MARGIN * SPEED)
    return {"clock": clock.ms, "recv_window": 5000 * SPEED}


@pytest.fixture
def fast() -> Iterator[tuple[LocalServer, FakeClock]]:
    """The exchange on a loopback port, on a fast clock of its own."""
    clock = fast_clock()
    with LocalServer(LocalExchange(clock=clock.ms)) as server:
        yield server, clock


# -- real concurrency: threads, tasks, processes against the exchange on a loopback port -------
# Three callers at once, one cancel each: the third must wait a full second past the first, on
# the fast clock the exchange and the budget share. The budget's rule over long runs is checked
# on an injected clock below, without waiting. Each caller is warm before the start (code
# loaded, connection open): a cold first request arrives later after its grant than the others,
# which eats into the margin of the slots.


def test_threads_share_the_budget(
    fast: tuple[LocalServer, FakeClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    served, clock = fast
    options = on_clock(monkeypatch, clock, "memory://")
    results: list[str] = []
    go = threading.Barrier(CALLERS)

    def work() -> None:
        with client(served.url, **options) as c:
            server_time.sync(client=c)
            go.wait()
            results.append(cancel(c))

    workers = [threading.Thread(target=work) for _ in range(CALLERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert results == ["ok"] * CALLERS  # no 100410
    times = arrivals(served.exchange)
    assert len(times) == CALLERS
    assert crowded(times) == []


def test_asyncio_tasks_share_the_budget(
    fast: tuple[LocalServer, FakeClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    served, clock = fast
    options = on_clock(monkeypatch, clock, "memory://")

    async def task(shared: AuthenticatedClient) -> str:
        try:
            await cancel_open_orders.asyncio(client=shared, symbol="ETH-USDT")
        except bingx_spot.BingXError as error:
            return type(error).__name__
        return "ok"

    async def run() -> list[str]:
        async with client(served.url, **options) as shared:
            await server_time.asyncio(client=shared)
            return list(await asyncio.gather(*(task(shared) for _ in range(CALLERS))))

    assert asyncio.run(run()) == ["ok"] * CALLERS
    times = arrivals(served.exchange)
    assert len(times) == CALLERS
    assert crowded(times) == []


def test_without_a_budget_the_exchange_refuses(served: LocalServer) -> None:
    # The control: the same load with client-side limiting off breaks BingX's limit.
    with client(served.url, rate_limit=False, retries=bingx_spot.Retries(max_retries=0)) as c:
        outcomes = [cancel(c) for _ in range(CALLERS)]
    assert outcomes == ["ok", "ok", "APIRateLimitError"]


def worker_process(
    url: str,
    storage: str,
    times: int,
    go: Any,
    queue: "Queue[list[str]]",
    *,
    clock: tuple[int, float],
) -> None:
    # A storage that failed (a WARNING) would explain a refused call: it is reported with them.
    warned: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warned.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("bingx_spot").addHandler(handler)
    # The exchange's fast clock, run from the same numbers; never undone: the process ends here.
    options = on_clock(pytest.MonkeyPatch(), fast_clock(*clock), storage)
    with client(url, storage, **options) as c:
        server_time.sync(client=c)  # warm before the start
        go.wait()
        queue.put([cancel(c) for _ in range(times)] + warned)


def test_processes_share_the_budget_through_redis(
    fast: tuple[LocalServer, FakeClock], redis_db: RedisDB
) -> None:
    # Two processes (each interpreter takes a while to start): one cancels twice, one once.
    served, clock = fast
    spawn = multiprocessing.get_context("spawn")
    queue: Queue[list[str]] = spawn.Queue()
    go = spawn.Barrier(2)  # both start together, once ready
    same = (clock.start_ms, clock.since)
    processes = [
        spawn.Process(
            target=worker_process,
            args=(served.url, redis_db.uri, times, go, queue),
            kwargs={"clock": same},
        )
        for times in (2, 1)
    ]
    for process in processes:
        process.start()
    results = [outcome for _ in processes for outcome in queue.get(timeout=120)]
    for process in processes:
        process.join(timeout=10)

    outcomes = [result for result in results if not result.startswith("rate limit storage")]
    times = arrivals(served.exchange)
    assert len(outcomes) == len(times) == CALLERS
    if len(outcomes) < len(results):
        # A Redis too slow for a loaded machine: each process kept to its own budget meanwhile,
        # as documented, so the exchange may refuse some; nothing else may go wrong.
        assert set(outcomes) <= {"ok", "APIRateLimitError"}
        return
    assert outcomes == ["ok"] * CALLERS
    assert crowded(times) == []


# -- the budget itself, on an injected clock ---------------------------------------------------


@pytest.fixture(params=["memory", "file", "redis"])
def store_uri(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "redis":
        redis_db: RedisDB = request.getfixturevalue("redis_db")
        return redis_db.uri
    return "memory://" if request.param == "memory" else f"file://{tmp_path}/budget.sqlite"


def test_a_busy_account_keeps_the_limit_in_every_window_and_no_more(
    store_uri: str, clock: FakeClock
) -> None:
    budget = Budget(store_uri, clock=clock.time).for_account(identity(f"paced-{uuid.uuid4()}"))
    began = clock.time()
    starts = []
    for _ in range(18):  # asked all at once: each goes at the start it was given
        wait, granted = budget.reserve(CANCEL, began + 60)
        assert granted
        starts.append(clock.time() + wait)

    assert starts[:RATE] == [began] * RATE  # idle: a burst of the rate goes at once
    spans = [later - earlier for earlier, later in zip(starts, starts[RATE:], strict=False)]
    # No window of a second (and the margin) holds more than the rate ...
    assert min(spans) >= 1.0 + WINDOW_MARGIN - 0.001
    # ... and the Nth starts no later than (N - 1) / rate + 10 % after the first.
    for n, start in enumerate(starts, 1):
        assert start - began <= (n - 1) / RATE * 1.1 + 0.001, n


def test_an_idle_budget_sends_at_once(store_uri: str, clock: FakeClock) -> None:
    budget = Budget(store_uri, clock=clock.time).for_account(identity(f"idle-{uuid.uuid4()}"))
    for _ in range(RATE):
        assert budget.reserve(CANCEL, clock.time() + 60) == (0, True)
    clock.advance(1.0 + WINDOW_MARGIN)  # idle for a window
    assert budget.reserve(CANCEL, clock.time() + 60) == (0, True)


@pytest.mark.parametrize("seed", range(5))
def test_callers_at_random_moments_keep_the_limit(seed: int, clock: FakeClock) -> None:
    # Callers that ask at random moments (at once, mid-slot, after idling), each sending when
    # granted: every start, as the exchange would count it, keeps the limit.
    rng = random.Random(seed)
    budget = Budget("memory://", clock=clock.time)
    account = budget.for_account(identity(f"random-{seed}"))
    asks = sorted(clock.now + rng.choice([0.0, rng.uniform(0, 3)]) for _ in range(40))
    starts = []
    pending = [(at, n) for n, at in enumerate(asks)]
    while pending:
        pending.sort()
        at, n = pending.pop(0)
        clock.now = at
        wait, granted = account.reserve(CANCEL, clock.time() + 60)
        if granted:
            starts.append(clock.time() + wait)
        else:
            pending.append((at + wait, n))

    assert len(starts) == len(asks)
    assert crowded(sorted(start * 1000 for start in starts)) == []


def test_a_block_is_honoured_by_another_budget_on_the_storage(
    redis_db: RedisDB, clock: FakeClock
) -> None:
    # Another budget on the same Redis shares nothing else with this one, as in another process.
    who = identity(f"blocked-{uuid.uuid4()}")  # nothing an earlier test left in the Redis
    ours = Budget(redis_db.uri, clock=clock.time).for_account(who)
    theirs = Budget(redis_db.uri, clock=clock.time).for_account(who)
    until = clock.time() + 4
    ours.block(CANCEL, int(until * 1000), clock.time() + 5)

    wait, granted = theirs.reserve(CANCEL, clock.time() + 60)
    assert not granted
    assert clock.time() + wait == pytest.approx(until, abs=0.001)
    clock.now = 4 - 0.01
    assert theirs.reserve(CANCEL, clock.time() + 60)[1] is False  # held to its very end
    clock.now = 4  # until
    assert theirs.reserve(CANCEL, clock.time() + 60) == (0.0, True)


def test_no_budget_before_the_deadline_raises_without_sending(
    served: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    # The first two calls go at once (2/s); the third may start a second after the first,
    # past its 0.3 s deadline.
    caplog.set_level(logging.DEBUG, logger="bingx_spot")
    with client(served.url, retries=bingx_spot.Retries(deadline=0.3)) as c:
        cancel_open_orders.sync(client=c, symbol="ETH-USDT")
        cancel_open_orders.sync(client=c, symbol="ETH-USDT")
        with pytest.raises(bingx_spot.RateLimitError) as caught:
            cancel_open_orders.sync(client=c, symbol="ETH-USDT")

    assert not [r for r in caplog.records if r.msg == "waiting %.2f s: %s"]  # said at once
    assert type(caught.value) is bingx_spot.RateLimitError
    assert "deadline" in str(caught.value)
    assert caught.value.retry_at is not None
    assert caught.value.retry_at > time.time() * 1000
    assert len([r for r in served.exchange.requests if r.url.path == CANCEL.path]) == 2


def test_a_bad_storage_is_refused_before_sending() -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="rate_limit_storage"):
        bingx_spot.make_client("key", "secret", rate_limit_storage="nosuch://x")


# -- implausible unblock times -----------------------------------------------------------------

YEAR_MS = 365 * 86400 * 1000


def _stored_block(storage: str, account: str) -> int:
    """What the storage holds as ``account``'s unblock time for cancelOpenOrders (ms)."""
    budget = bingx_spot.wire.ratelimit.budget_for(storage)
    key = f"bingx_spot/{identity(account)}/{CANCEL.operation_id}/unblock_at"
    ledger = budget._shared or budget._local
    return ledger._store.until(key, time.time() + 5)


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(
            lambda now: faults.error(100410, f"will be unblocked after {now + YEAR_MS}"),
            id="100410-a-year-ahead",
        ),
        pytest.param(
            lambda now: faults.status(429, headers={"Retry-After": "99999999999"}),
            id="429-huge-retry-after",
        ),
        pytest.param(
            lambda now: faults.error(
                100410, headers={"X-RateLimit-Requests-Expire": "999999999999"}
            ),
            id="100410-12-digit-expire",
        ),
    ],
)
@pytest.mark.parametrize("storage", ["memory://", "redis"])
def test_an_absurd_unblock_time_blocks_no_longer_than_the_bound(
    served: LocalServer, storage: str, answer: Any, request: pytest.FixtureRequest
) -> None:
    uri = request.getfixturevalue("redis_db").uri if storage == "redis" else storage
    account = f"absurd-{uuid.uuid4()}"  # no slot an earlier test left in the Redis holds it
    now = int(time.time() * 1000)
    served.exchange.inject(answer(now))
    with (
        pytest.raises(bingx_spot.RateLimitError) as caught,
        client(served.url, uri, account=account) as c,
    ):
        cancel_open_orders.sync(client=c, symbol="ETH-USDT")

    assert caught.value.retry_at is not None
    assert caught.value.retry_at > now + 30 * 86400 * 1000  # what the answer said
    stored = _stored_block(uri, account)
    assert stored > now  # a block is kept...
    assert stored <= time.time() * 1000 + MAX_BLOCK * 1000  # ...but no longer than the bound
    bingx_spot.wire.ratelimit.unblock(uri, account)
    assert _stored_block(uri, account) == 0
    budget = bingx_spot.wire.ratelimit.budget_for(uri).for_account(identity(account))
    assert budget.reserve(CANCEL, time.time() + 5)[1]  # granted: the next cancel may go


def test_requests_that_left_late_are_counted_from_when_they_left(
    store_uri: str, clock: FakeClock
) -> None:
    # A cold connection or a busy machine: the first two left 0.3 s after their departure was
    # reserved, and BingX counts them from then. The third, its start come, holds until a
    # window after that.
    budget = Budget(store_uri, clock=clock.time).for_account(identity(f"late-{uuid.uuid4()}"))
    began, far = clock.time(), clock.time() + 60
    for _ in range(RATE):
        assert budget.reserve(CANCEL, far) == (0, True)
        wait, planned = budget.hold(CANCEL, far)
        assert wait == 0
        budget.settle(CANCEL, planned, int((began + 0.3) * 1000), far)

    wait, granted = budget.reserve(CANCEL, far)
    assert granted
    clock.advance(wait)  # its start: a window after the first two started
    held, _ = budget.hold(CANCEL, far)

    assert clock.time() + held == pytest.approx(began + 0.3 + 1.0 + WINDOW_MARGIN, abs=0.002)


def test_two_held_at_once_get_departures_a_window_apart(store_uri: str, clock: FakeClock) -> None:
    # Two requests whose starts came together (two processes, say) must not both leave on the
    # same departure: the hold is a reservation, the second sees the first's.
    budget = Budget(store_uri, clock=clock.time).for_account(identity(f"pair-{uuid.uuid4()}"))
    far = clock.time() + 60
    departures = [budget.hold(CANCEL, far)[1] for _ in range(RATE + 1)]

    assert departures[RATE] - departures[0] >= (1.0 + WINDOW_MARGIN) * 1000 - 1


def test_a_block_learnt_while_waiting_refuses_before_sending(
    store_uri: str, clock: FakeClock
) -> None:
    budget = Budget(store_uri, clock=clock.time).for_account(identity(f"held-{uuid.uuid4()}"))
    far = clock.time() + 60
    assert budget.reserve(CANCEL, far) == (0, True)
    until = int((clock.time() + 120) * 1000)
    budget.block(CANCEL, until, far)  # another process met 100410 meanwhile

    with pytest.raises(bingx_spot.RateLimitError, match="BingX blocks this account") as refused:
        budget.hold(CANCEL, far)
    assert refused.value.retry_at == until
    assert refused.value.sent is False


def test_a_start_far_ahead_is_no_clients_and_is_dropped(store_uri: str, clock: FakeClock) -> None:
    # A clock an hour ahead left starts an hour ahead; every call would be refused for an hour.
    who = identity(f"ahead-{uuid.uuid4()}")
    an_hour_ahead = FakeClock(clock.start_ms + 3_600_000)
    ahead = Budget(store_uri, clock=an_hour_ahead.time).for_account(who)
    for _ in range(RATE):
        ahead.reserve(CANCEL, an_hour_ahead.time() + 100)

    budget = Budget(store_uri, clock=clock.time).for_account(who)
    assert budget.reserve(CANCEL, clock.time() + 60) == (0, True)
