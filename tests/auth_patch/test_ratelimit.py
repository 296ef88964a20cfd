"""One budget per account: threads, asyncio tasks, processes (through a real Redis) against the
local exchange, which refuses a third cancel within any sliding second. Each test asserts the
limit itself from the arrival times the exchange records, not how long the calls took."""

import asyncio
import logging
import multiprocessing
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from multiprocessing.queues import Queue
from typing import Any

import pytest

import bingx_spot
from bingx_spot import spec
from bingx_spot.auth import identity
from bingx_spot.ratelimit import MARGIN, MAX_BLOCK, Budget
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults, reset_budgets
from bingx_spot.testing.faults import NOW_EXTENSION
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_open_orders
from bingx_spot_client.client import AuthenticatedClient

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

RATE = 2  # cancelOpenOrders, per second per key (openapi.yaml)
CALLS = 18


def _cancel_operation() -> spec.Operation:
    found = spec.load().find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")
    assert found is not None
    return found


CANCEL = _cancel_operation()


# -- a real Redis ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def redis_uri() -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing in CI: .ci/run installs Debian's redis-server")
        pytest.skip("needs redis-server: apt-get install redis-server (Debian's package)")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


# -- helpers -----------------------------------------------------------------------------------


def client(url: str, storage: str = "memory://", **options: Any) -> AuthenticatedClient:
    return bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, base_url=url, rate_limit_storage=storage, **options
    )


def cancel_n(url: str, storage: str, times: int) -> list[str]:
    """``times`` cancels; what each gave: "ok" or the error's class name."""
    outcomes = []
    with client(url, storage) as c:
        for _ in range(times):
            try:
                cancel_open_orders.sync(client=c, symbol="ETH-USDT")
                outcomes.append("ok")
            except bingx_spot.BingXError as error:
                outcomes.append(type(error).__name__)
    return outcomes


def threads(url: str, storage: str, count: int, times: int) -> list[str]:
    results: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        got = cancel_n(url, storage, times)
        with lock:
            results.extend(got)

    workers = [threading.Thread(target=work) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def worker_process(url: str, storage: str, start_at: float, queue: "Queue[list[str]]") -> None:
    # A storage that failed (a WARNING) would explain a refused call: it is reported with them.
    warned: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: warned.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("bingx_spot").addHandler(handler)
    time.sleep(max(0.0, start_at - time.time()))  # every process starts together
    queue.put(threads(url, storage, 2, 3) + warned)


def arrivals(exchange: LocalExchange) -> list[int]:
    """When each cancel arrived, in the exchange's ms, in order."""
    return sorted(
        request.extensions[NOW_EXTENSION]
        for request in exchange.requests
        if request.url.path == CANCEL.path
    )


def assert_within_the_limit(exchange: LocalExchange) -> None:
    """BingX's limit from the arrivals: any three cancels of the account span more than a
    second (one account here: the demo key)."""
    times = arrivals(exchange)
    assert len(times) == CALLS
    spans = [later - earlier for earlier, later in zip(times, times[RATE:], strict=False)]
    assert min(spans) >= 1000


@pytest.fixture(autouse=True)
def fresh_budgets() -> None:
    # Each test starts with this process's budgets empty: slots or a block an earlier test left
    # for the demo account would make its first call wait, or fail.
    reset_budgets()


@pytest.fixture
def served() -> Iterator[LocalServer]:
    with LocalServer(LocalExchange()) as server:
        yield server


# -- one process, in memory --------------------------------------------------------------------


def test_threads_share_the_budget(served: LocalServer) -> None:
    results = threads(served.url, "memory://", 6, 3)

    assert results == ["ok"] * CALLS  # no 100410
    assert_within_the_limit(served.exchange)


def test_asyncio_tasks_share_the_budget(served: LocalServer) -> None:
    async def task(shared: AuthenticatedClient) -> list[str]:
        got = []
        for _ in range(3):
            try:
                await cancel_open_orders.asyncio(client=shared, symbol="ETH-USDT")
                got.append("ok")
            except bingx_spot.BingXError as error:
                got.append(type(error).__name__)
        return got

    async def run() -> list[str]:
        async with client(served.url) as shared:
            batches = await asyncio.gather(*(task(shared) for _ in range(6)))
        return [outcome for batch in batches for outcome in batch]

    results = asyncio.run(run())

    assert results == ["ok"] * CALLS
    assert_within_the_limit(served.exchange)


def test_without_a_budget_the_exchange_refuses(served: LocalServer) -> None:
    # The control: the same load with client-side limiting off breaks BingX's limit.
    with client(served.url, rate_limit=False, retries=bingx_spot.Retries(max_retries=0)) as c:
        outcomes = []
        for _ in range(4):
            try:
                cancel_open_orders.sync(client=c, symbol="ETH-USDT")
                outcomes.append("ok")
            except bingx_spot.RateLimitError:
                outcomes.append("limited")
    assert "limited" in outcomes


# -- several processes, through Redis ----------------------------------------------------------


def test_processes_share_the_budget_through_redis(served: LocalServer, redis_uri: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    queue: Queue[list[str]] = spawn.Queue()
    start_at = time.time() + 3  # after every interpreter has started
    processes = [
        spawn.Process(target=worker_process, args=(served.url, redis_uri, start_at, queue))
        for _ in range(3)
    ]
    for process in processes:
        process.start()
    results = [outcome for _ in processes for outcome in queue.get(timeout=120)]
    for process in processes:
        process.join(timeout=10)

    outcomes = [result for result in results if not result.startswith("rate limit storage")]
    if len(outcomes) < len(results):
        # A Redis too slow for a loaded machine: each process kept to its own budget meanwhile,
        # as documented, so the exchange may refuse some; nothing else may go wrong.
        assert len(outcomes) == CALLS
        assert set(outcomes) <= {"ok", "APIRateLimitError"}
        return
    assert outcomes == ["ok"] * CALLS
    assert_within_the_limit(served.exchange)


def blocked_call(url: str, storage: str, queue: "Queue[tuple[str, float]]") -> None:
    started = time.time()
    outcome = cancel_n(url, storage, 1)[0]
    queue.put((outcome, started))


def test_a_block_is_honoured_by_another_process(served: LocalServer, redis_uri: str) -> None:
    unblock_ms = int(time.time() * 1000) + 4000
    served.exchange.inject(faults.error(100410, f"will be unblocked after {unblock_ms}"))
    with pytest.raises(bingx_spot.APIRateLimitError), client(served.url, redis_uri) as first:
        cancel_open_orders.sync(client=first, symbol="ETH-USDT")

    spawn = multiprocessing.get_context("spawn")
    queue: Queue[tuple[str, float]] = spawn.Queue()
    other = spawn.Process(target=blocked_call, args=(served.url, redis_uri, queue))
    other.start()
    outcome, started = queue.get(timeout=60)
    other.join(timeout=10)

    assert outcome == "ok"
    [_, after] = [r for r in served.exchange.requests if r.url.path == CANCEL.path]
    assert started * 1000 < unblock_ms  # it asked while the block held
    assert int(after.url.params["timestamp"]) >= unblock_ms - 1000  # and sent only at its end


# -- the budget itself -------------------------------------------------------------------------


def test_slots_keep_a_margin_beyond_the_limit() -> None:
    budget = Budget("memory://").for_account(identity("test-slots-key"))
    deadline = time.time() + 60
    starts = []
    for _ in range(12):
        wait, granted = budget.reserve(CANCEL, deadline)
        assert granted
        starts.append(time.time() + wait)

    assert starts[0] - time.time() < 0.1  # idle: the first goes at once
    gaps = [later - earlier for earlier, later in zip(starts, starts[2:], strict=False)]
    assert min(gaps) >= 1.0 + 2 * MARGIN / RATE - 0.01  # any three span more than a second


def test_no_budget_before_the_deadline_raises_without_sending(served: LocalServer) -> None:
    # The first call takes the free slot at once; the next slot starts after a 0.3 s deadline.
    with client(served.url, retries=bingx_spot.Retries(deadline=0.3)) as c:
        cancel_open_orders.sync(client=c, symbol="ETH-USDT")
        started = time.monotonic()
        with pytest.raises(bingx_spot.RateLimitError) as caught:
            cancel_open_orders.sync(client=c, symbol="ETH-USDT")

    assert time.monotonic() - started < 0.2  # said at once, not after waiting
    assert type(caught.value) is bingx_spot.RateLimitError
    assert "deadline" in str(caught.value)
    assert caught.value.retry_at is not None
    assert caught.value.retry_at > time.time() * 1000
    assert len([r for r in served.exchange.requests if r.url.path == CANCEL.path]) == 1


def test_a_bad_storage_is_refused_before_sending() -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="rate_limit_storage"):
        bingx_spot.make_client("key", "secret", rate_limit_storage="nosuch://x")


# -- implausible unblock times -----------------------------------------------------------------

YEAR_MS = 365 * 86400 * 1000


def _stored_block(storage: str) -> int:
    """What the storage holds as the demo account's unblock time for cancelOpenOrders (ms)."""
    budget = bingx_spot.ratelimit.budget_for(storage)
    key = f"bingx_spot/{identity(DEMO_API_KEY)}/{CANCEL.operation_id}/unblock_at"
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
    uri = request.getfixturevalue("redis_uri") if storage == "redis" else storage
    now = int(time.time() * 1000)
    served.exchange.inject(answer(now))
    with pytest.raises(bingx_spot.RateLimitError) as caught, client(served.url, uri) as c:
        cancel_open_orders.sync(client=c, symbol="ETH-USDT")

    assert caught.value.retry_at is not None
    assert caught.value.retry_at > now + 30 * 86400 * 1000  # what the answer said
    stored = _stored_block(uri)
    assert stored > now  # a block is kept...
    assert stored <= time.time() * 1000 + MAX_BLOCK * 1000  # ...but no longer than the bound
    bingx_spot.ratelimit.unblock(uri, DEMO_API_KEY)
    with client(served.url, uri) as c:
        cancel_open_orders.sync(client=c, symbol="ETH-USDT")  # sent again at once
