"""The rate budget never stops a call: a storage that is down, stalled, restarted or misnamed;
blocks that only grow; one budget per account whatever the host. Every call goes to the local
exchange (in process, or on a loopback port for the aiohttp backend)."""

import asyncio
import contextlib
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire import spec, storage
from bingx_spot.wire.auth import BingXAuth, identity
from bingx_spot.wire.ratelimit import MAX_BLOCK, Budget, budget_for
from bingx_spot.wire.retry import Call, Send, Wait, plan
from bingx_spot_client.api.trade import cancel_open_orders, open_orders
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelOpenOrdersResponse, OpenOrdersResponse
from tests.calling import Outcome, cancels
from tests.clock import FakeClock
from tests.conftest import REDIS_PASSWORD, RedisDB, free_port

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

PASSWORD = REDIS_PASSWORD
GRACE = 3.0  # seconds: a loaded, shared two-core machine


def _cancel_operation() -> spec.Operation:
    found = spec.load().find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")
    assert found is not None
    return found


CANCEL = _cancel_operation()


def redis_uri(port: int, db: int = 0) -> str:
    return f"redis://:{PASSWORD}@127.0.0.1:{port}/{db}"


# -- where the calls go: sync, async, and async through aiohttp on a real socket ----------------


@dataclass
class Venue:
    exchange: LocalExchange
    mode: str  # how tests.calling.cancels calls: "sync" or "async"
    options: dict[str, Any] = field(default_factory=dict)

    def client(self, rate_storage: str, **options: Any) -> AuthenticatedClient:
        settings = {**self.options, **options}
        api_key = settings.pop("api_key", DEMO_API_KEY)
        secret_key = settings.pop("secret_key", DEMO_SECRET_KEY)
        return bingx_spot.make_client(
            api_key, secret_key, rate_limit_storage=rate_storage, **settings
        )

    def cancels(self, rate_storage: str, times: int = 1, **options: Any) -> list[Outcome]:
        return cancels(self.client(rate_storage, **options), self.mode, times, symbol="ETH-USDT")

    @property
    def sent(self) -> int:
        return len([r for r in self.exchange.requests if r.url.path == CANCEL.path])


# Keys of other accounts the venue's exchange knows: calls that must not wait for one another.
SPARE_KEYS = [f"spare-{n}-{'0' * 60}" for n in range(4)]


@pytest.fixture(params=["sync", "async", "aiohttp"])
def venue(request: pytest.FixtureRequest) -> Iterator[Venue]:
    exchange = LocalExchange(
        {DEMO_API_KEY: DEMO_SECRET_KEY, **dict.fromkeys(SPARE_KEYS, DEMO_SECRET_KEY)}
    )
    if request.param == "aiohttp":
        with LocalServer(exchange) as server:
            yield Venue(exchange, "async", {"base_url": server.url, "async_backend": "aiohttp"})
    else:
        yield Venue(exchange, request.param, {"transport": exchange.transport()})


def ok(outcomes: list[Outcome]) -> bool:
    return all(isinstance(outcome, CancelOpenOrdersResponse) for outcome in outcomes)


def warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bingx_spot" and r.levelno == logging.WARNING]


def assert_no_password(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        assert PASSWORD not in record.getMessage()
        assert PASSWORD not in repr(record.__dict__)


# -- a storage that never answers (the real Redis is tests/conftest.py's) -----------------------


class Stall:
    """A TCP listener that accepts connections and never answers (a stalled Redis)."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            self.connections.append(connection)

    def open_connections(self, within: float = 0.2) -> int:
        """How many accepted connections the client has not closed (looked at for ``within`` s
        each: a closed one reads as end of file at once)."""
        still_open = 0
        for connection in self.connections:
            connection.settimeout(within)
            try:
                while connection.recv(4096):
                    pass  # the command it sent
            except TimeoutError:
                still_open += 1
            except OSError:
                pass
        return still_open

    def close(self) -> None:
        self._listener.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def stall() -> Iterator[Stall]:
    listener = Stall()
    yield listener
    listener.close()


# A stalled store holds a call for its whole timeout (0.5 s): the tests that wait it out give it
# 0.2 s, still far from what a call without the timeout would wait (its 30 s deadline, or ever).
SHORT_CAP = 0.2


@pytest.fixture
def short_redis_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Redis made from now on waits at most ``SHORT_CAP`` for an answer."""
    monkeypatch.setattr(storage, "TIMEOUTS", (SHORT_CAP, *storage.TIMEOUTS[1:]))


@pytest.fixture
def short_host_store_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """The host store waits at most ``SHORT_CAP`` for its lock and its work."""
    monkeypatch.setattr(storage, "CAP", SHORT_CAP)


# -- 1. unreachable storage ---------------------------------------------------------------------


def test_storage_down_keeps_to_the_local_budget_with_one_warning(
    venue: Venue, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    port = free_port()  # nothing listens there
    first = venue.cancels(redis_uri(port), 2)
    # Two of 2/s went out at once: a third may start only a second after the first, past this
    # deadline, so the local budget holds it back.
    [third] = venue.cancels(redis_uri(port), retries=bingx_spot.Retries(deadline=0.1))

    assert ok(first), first
    assert type(third) is bingx_spot.RateLimitError, third  # not sent: no 100410 to risk
    assert venue.sent == 2
    [warning] = warnings(caplog)
    assert f"redis://:***@127.0.0.1:{port}/0" in warning.getMessage()
    assert_no_password(caplog)


def test_threads_on_a_storage_that_is_down_warn_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    keys = [fresh_key() for _ in range(6)]  # a budget each: no thread waits for another
    exchange = LocalExchange(dict.fromkeys(keys, DEMO_SECRET_KEY))
    uri = redis_uri(free_port())
    results: list[Outcome] = []

    def one(key: str) -> None:
        client = bingx_spot.make_client(
            key, DEMO_SECRET_KEY, transport=exchange.transport(), rate_limit_storage=uri
        )
        results.extend(cancels(client, "sync", 1, symbol="ETH-USDT"))

    workers = [threading.Thread(target=one, args=(key,)) for key in keys]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert len(results) == 6
    assert ok(results)
    assert len(warnings(caplog)) == 1


@pytest.mark.parametrize(
    "uri",
    [
        f"nosuch://:{PASSWORD}@127.0.0.1:1",
        f"memcached://:{PASSWORD}@127.0.0.1:11211",
        f"async+redis://:{PASSWORD}@127.0.0.1:6379",
        f"redis://:{PASSWORD}@127.0.0.1:notaport/0",
        f"redis://:{PASSWORD}@[::1/0",
        f"{PASSWORD}",
    ],
)
def test_a_bad_storage_uri_is_refused_without_its_password(uri: str) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="rate_limit_storage") as caught:
        bingx_spot.make_client("key", "secret", rate_limit_storage=uri)

    error = caught.value
    assert PASSWORD not in f"{error} {error!r} {error.args} {error.__dict__}"
    assert error.__cause__ is None
    assert error.__context__ is None or PASSWORD not in str(error.__context__)


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        (f"redis://:{PASSWORD}@h:6379/0", "redis://:***@h:6379/0"),
        (f"redis://user:{PASSWORD}@h/0", "redis://user:***@h/0"),
        (f"redis://h/0?password={PASSWORD}&db=1", "redis://h/0?password=***&db=1"),
        ("redis://h:6379/0", "redis://h:6379/0"),
    ],
)
def test_a_storage_is_named_without_its_password(uri: str, shown: str) -> None:
    assert storage.masked(uri) == shown


def test_redis_uri_without_the_redis_extra_is_refused() -> None:
    script = f"""
import sys
sys.modules["redis"] = None  # as if the [redis] extra were not installed
import bingx_spot
try:
    bingx_spot.make_client("key", "secret", rate_limit_storage={redis_uri(6379)!r})
except bingx_spot.InvalidArgumentError as error:
    print("refused:", error)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert "refused:" in done.stdout
    assert "pip install 'bingx-spot-sdk[redis]'" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr


# -- 2. stalled storage -------------------------------------------------------------------------


@pytest.mark.usefixtures("short_redis_timeout")
def test_stalled_storage_sends_within_the_storage_timeout(
    venue: Venue, stall: Stall, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    outcomes = venue.cancels(redis_uri(stall.port))
    elapsed = time.monotonic() - started

    assert ok(outcomes), outcomes
    assert venue.sent == 1
    assert stall.connections  # it did ask the storage
    assert elapsed < storage.CAP + GRACE
    [warning] = warnings(caplog)
    assert "redis://:***@" in warning.getMessage()
    assert_no_password(caplog)
    assert stall.open_connections() == 0


def test_stalled_storage_waits_no_longer_than_the_call_deadline(venue: Venue, stall: Stall) -> None:
    deadline = 0.3  # below the storage's own cap
    started = time.monotonic()
    outcomes = venue.cancels(redis_uri(stall.port), retries=bingx_spot.Retries(deadline=deadline))
    elapsed = time.monotonic() - started

    assert ok(outcomes), outcomes
    assert elapsed < deadline + GRACE


def test_a_storage_operation_takes_no_longer_than_what_is_left(stall: Stall) -> None:
    store = storage.shared(redis_uri(stall.port))
    assert store is not None

    with pytest.raises(storage.NoTime):  # too little left: not even a connection
        store.reserve("k", 2, 1080, now_ms=int(time.time() * 1000), deadline=time.time() + 0.01)
    assert not stall.connections

    left = 0.15
    started = time.monotonic()
    with pytest.raises(storage.Unavailable):
        store.reserve("k", 2, 1080, now_ms=int(time.time() * 1000), deadline=time.time() + left)
    assert time.monotonic() - started < left + GRACE
    assert len(stall.connections) == 1


@pytest.mark.parametrize("backend", ["httpx", "aiohttp"])
def test_a_cancelled_async_call_leaves_no_thread_or_connection(backend: str, stall: Stall) -> None:
    exchange = LocalExchange()
    uri = redis_uri(stall.port)

    async def run(url: str) -> OpenOrdersResponse:
        options: dict[str, Any] = {"base_url": url, "async_backend": backend}
        if backend == "httpx":
            options["transport"] = exchange.transport()
        # Under 1 s: the stalled storage is given 0.1 s at a time, not its full cap (0.5 s).
        retries = bingx_spot.Retries(deadline=0.8)
        client = bingx_spot.make_client(
            DEMO_API_KEY, DEMO_SECRET_KEY, rate_limit_storage=uri, retries=retries, **options
        )
        async with client:
            call = cancel_open_orders.asyncio(client=client, symbol="ETH-USDT")
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(call, 0.05)  # while the storage keeps it waiting
            assert stall.connections
            assert stall.open_connections() == 0  # its storage operation ended with it
            # The client serves on (another operation: the cancel's next slot is a second away).
            return await open_orders.asyncio(client=client, symbol="ETH-USDT")

    before = threading.active_count()
    with LocalServer(exchange) as server:
        after = asyncio.run(run(server.url))
    assert isinstance(after, OpenOrdersResponse)
    settled = time.monotonic() + GRACE  # idle pool threads end when their loop's task does
    while threading.active_count() > before and time.monotonic() < settled:
        time.sleep(0.05)
    assert threading.active_count() <= before


def test_while_down_the_storage_is_asked_again_only_after_a_pause(
    stall: Stall, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    # Both clocks of the budget on the test's, moved by hand.
    budget = Budget(redis_uri(stall.port), clock=clock.time, monotonic=clock.monotonic)
    budget.retry_after = 5.0
    account = budget.for_account(identity(f"pause-{uuid.uuid4()}"))

    def reserve(after: float) -> tuple[float, bool]:
        clock.advance(after)  # 1.2 s or more after the last: both of its slots are over
        # A short deadline: the stalled storage is given 0.1 s, not its full cap.
        return account.reserve(CANCEL, clock.time() + 0.3)

    answers = [reserve(0)]  # the storage fails it
    answers += [reserve(1.5), reserve(1.5)]  # 3 s into a 5 s pause
    asked_while_down = len(stall.connections)
    answers.append(reserve(2))  # the pause is over

    assert answers == [(0.0, True)] * 4  # the local budget grants meanwhile
    assert asked_while_down == 1
    assert len(stall.connections) == 2  # asked once more after the pause
    assert len(warnings(caplog)) == 1  # one outage, one warning


# -- 3. Redis killed and started again during a run ---------------------------------------------


def test_redis_restarted_during_a_run(
    venue: Venue, redis_db: RedisDB, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    uri = redis_db.uri
    budget_for(uri).retry_after = 0.0  # asked again at once: the pause has its own test

    keys = iter(SPARE_KEYS)

    def cancel() -> list[Outcome]:
        # A key of its own each: no call waits for another's slot.
        return venue.cancels(uri, api_key=next(keys))

    first = cancel()
    shared_before = redis_db.keys()
    redis_db.server.kill()  # the session's: it starts again below, as later tests need it
    during = cancel() + cancel()
    redis_db.server.start()  # empty: whatever it holds next, the shared budget wrote
    after = cancel()

    assert ok(first + during + after), first + during + after
    assert venue.sent == 4
    assert shared_before
    assert redis_db.keys()  # the shared budget is used again
    assert len(warnings(caplog)) == 1
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert_no_password(caplog)


# -- 4. a longer block extends, a shorter one never shortens ------------------------------------


@pytest.fixture(params=["memory", "file", "redis"])
def rate_storage(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "redis":
        redis_db: RedisDB = request.getfixturevalue("redis_db")
        return redis_db.uri
    return "memory://" if request.param == "memory" else f"file://{tmp_path}/budget.sqlite"


def test_blocks_keep_the_latest_unblock_time(rate_storage: str) -> None:
    budget = Budget(rate_storage).for_account(identity(f"blocks-{uuid.uuid4()}"))
    now_ms = int(time.time() * 1000)
    short, long = now_ms + 2000, now_ms + 6000
    far = time.time() + 60

    budget.block(CANCEL, short, far)
    budget.block(CANCEL, long, far)
    budget.block(CANCEL, short, far)

    wait, granted = budget.reserve(CANCEL, far)
    assert not granted
    assert abs(time.time() + wait - long / 1000) < 0.5
    with pytest.raises(bingx_spot.RateLimitError) as caught:
        budget.reserve(CANCEL, time.time() + 4)
    assert caught.value.retry_at is not None
    assert abs(caught.value.retry_at - long) <= 1


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("other_block", ["shorter", "longer"])
def test_a_100410_during_another_block_keeps_the_later_one(
    mode: str, other_block: str, rate_storage: str
) -> None:
    # Another client's 100410 arrives while this one's request is on its way.
    exchange = LocalExchange()
    account = f"concurrent-{uuid.uuid4()}"
    now_ms = int(time.time() * 1000)
    short, long = now_ms + 1000, now_ms + 5000
    theirs, ours = (short, long) if other_block == "shorter" else (long, short)
    exchange.inject(faults.error(100410, f"will be unblocked after {ours}"))
    budget = budget_for(rate_storage)

    def answer(request: httpx.Request) -> httpx.Response:
        budget.for_account(identity(account)).block(CANCEL, theirs, time.time() + 10)
        return exchange.handle(request)

    def client() -> AuthenticatedClient:
        return bingx_spot.make_client(
            DEMO_API_KEY,
            DEMO_SECRET_KEY,
            transport=httpx.MockTransport(answer),
            rate_limit_storage=rate_storage,
            account=account,
            retries=bingx_spot.Retries(deadline=3.0),  # past the shorter block only
        )

    [first] = cancels(client(), mode, 1, symbol="ETH-USDT")
    [second] = cancels(client(), mode, 1, symbol="ETH-USDT")

    assert isinstance(first, bingx_spot.APIRateLimitError)
    assert type(second) is bingx_spot.RateLimitError  # held back, not sent
    assert second.retry_at is not None
    assert abs(second.retry_at - long) <= 1
    assert len([r for r in exchange.requests if r.url.path == CANCEL.path]) == 1


# -- 5. one budget per account, whatever the host -----------------------------------------------


def two_clients(
    exchange: LocalExchange, first: dict[str, Any], second: dict[str, Any]
) -> tuple[AuthenticatedClient, AuthenticatedClient]:
    def make(options: dict[str, Any]) -> AuthenticatedClient:
        settings = {
            "transport": exchange.transport(),
            # a third call of 2/s may start only a second after the first: refused, not delayed
            "retries": bingx_spot.Retries(deadline=0.3),
            **options,
        }
        api_key = settings.pop("api_key", DEMO_API_KEY)
        return bingx_spot.make_client(api_key, DEMO_SECRET_KEY, **settings)

    return make(first), make(second)


def fresh_key() -> str:
    return f"key-{uuid.uuid4().hex}{uuid.uuid4().hex}"


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    "hosts",
    [
        ("http://localhost:8080", "http://127.0.0.1:8080"),
        ("https://open-api.bingx.com", "https://open-api.bingx.io"),
    ],
)
def test_hosts_do_not_split_a_key_budget(mode: str, hosts: tuple[str, str]) -> None:
    key = fresh_key()  # a budget no other test touched
    exchange = LocalExchange({key: DEMO_SECRET_KEY})
    one, other = two_clients(
        exchange, {"api_key": key, "base_url": hosts[0]}, {"api_key": key, "base_url": hosts[1]}
    )

    first = cancels(one, mode, 2, symbol="ETH-USDT")  # the account's 2/s, at once
    [third] = cancels(other, mode, 1, symbol="ETH-USDT")

    assert ok(first), first
    assert type(third) is bingx_spot.RateLimitError
    assert len([r for r in exchange.requests if r.url.path == CANCEL.path]) == 2


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_keys_of_one_account_share_its_budget(mode: str) -> None:
    keys = fresh_key(), fresh_key()
    exchange = LocalExchange(dict.fromkeys(keys, DEMO_SECRET_KEY))
    account = f"uid-{uuid.uuid4()}"
    one, other = two_clients(
        exchange, {"api_key": keys[0], "account": account}, {"api_key": keys[1], "account": account}
    )

    first = cancels(one, mode, 2, symbol="ETH-USDT")  # the account's 2/s, at once
    [third] = cancels(other, mode, 1, symbol="ETH-USDT")

    assert ok(first), first
    assert type(third) is bingx_spot.RateLimitError


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_keys_without_an_account_have_a_budget_each(mode: str) -> None:
    keys = fresh_key(), fresh_key()
    exchange = LocalExchange(dict.fromkeys(keys, DEMO_SECRET_KEY))
    one, other = two_clients(exchange, {"api_key": keys[0]}, {"api_key": keys[1]})

    outcomes = cancels(one, mode, 2, symbol="ETH-USDT") + cancels(other, mode, 2, symbol="ETH-USDT")

    assert ok(outcomes), outcomes


def test_the_storage_holds_neither_key_nor_account_name(redis_db: RedisDB) -> None:
    key = fresh_key()
    account = f"uid-{uuid.uuid4()}"
    exchange = LocalExchange({key: DEMO_SECRET_KEY})
    for name in (None, account):
        client = bingx_spot.make_client(
            key,
            DEMO_SECRET_KEY,
            transport=exchange.transport(),
            rate_limit_storage=redis_db.uri,
            account=name,
        )
        assert ok(cancels(client, "sync", 1, symbol="ETH-USDT"))

    stored = redis_db.keys()
    budgets = {
        name.split("bingx_spot/")[1].split("/")[0] for name in stored if "bingx_spot/" in name
    }
    assert {identity(key), identity(account)} <= budgets  # by the key, then by the account
    assert not [name for name in stored if key in name or account in name]


def test_account_must_be_a_non_empty_string() -> None:
    for account in ("", 7):
        with pytest.raises(bingx_spot.InvalidArgumentError, match="account"):
            bingx_spot.make_client("key", "secret", account=account)  # type: ignore[arg-type]


# -- 6. waits for the budget say so -------------------------------------------------------------


def test_waits_for_the_budget_carry_their_reason() -> None:
    # The exchange's clock runs with the real one (as the budget's does), and moves on by each
    # wait the plan asks for, as if it had been slept.
    clock = FakeClock(time.time_ns() // 1_000_000, rate=1)
    exchange = LocalExchange(clock=clock.ms)
    auth = BingXAuth(DEMO_API_KEY, DEMO_SECRET_KEY, clock=exchange.now)
    budget = Budget("memory://").for_account(identity(f"waits-{uuid.uuid4()}"))
    waits: list[Wait] = []

    def drive() -> None:
        request = httpx.Request("POST", f"https://x{CANCEL.path}", params={"symbol": "ETH-USDT"})
        steps = plan(
            request,
            auth=auth,
            spec=spec.load(),
            retries=bingx_spot.Retries(),
            budget=budget,
        )
        step = next(steps)
        with contextlib.suppress(StopIteration):
            while True:
                if isinstance(step, Wait):
                    waits.append(step)
                    clock.advance(step.seconds)
                    step = steps.send(None)
                elif isinstance(step, Call):
                    step = steps.send(step.run())
                else:
                    assert isinstance(step, Send)
                    step = steps.send(exchange.handle(step.request))

    drive()
    drive()
    drive()  # the third of 2/s waits for the first's second to pass

    assert waits
    assert all(wait.reason == "rate budget" and wait.seconds > 0 for wait in waits)


# -- 7. the host store: every process of this host, never in the way ---------------------------


def host_uri(tmp_path: Path) -> str:
    return f"file://{tmp_path}/state/bingx-spot/rate-limit.sqlite"


BLOCK_IN_ANOTHER_PROCESS = """
import sys, time
from bingx_spot.wire import spec
from bingx_spot.wire.auth import identity
from bingx_spot.wire.ratelimit import Budget
op = spec.load().find("POST", "/openApi/spot/v1/trade/cancelOpenOrders")
account = Budget(sys.argv[1]).for_account(identity(sys.argv[2]))
account.block(op, int(sys.argv[3]), time.time() + 5)
"""


def test_a_block_another_process_met_refuses_at_once_without_sending(tmp_path: Path) -> None:
    uri = host_uri(tmp_path)
    until_ms = int(time.time() * 1000) + 120_000
    subprocess.run(
        [sys.executable, "-c", BLOCK_IN_ANOTHER_PROCESS, uri, DEMO_API_KEY, str(until_ms)],
        check=True,
        timeout=60,
    )
    exchange = LocalExchange()
    client = bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(), rate_limit_storage=uri
    )
    began = time.monotonic()
    with pytest.raises(bingx_spot.RateLimitError) as refused:
        cancel_open_orders.sync(client=client, symbol="BTC-USDT")

    assert time.monotonic() - began < 1.0
    assert refused.value.retry_at == until_ms
    assert "BingX blocks this account" in str(refused.value)
    assert refused.value.sent is False
    assert exchange.requests == deque()


def test_the_host_store_is_the_owners_alone(tmp_path: Path) -> None:
    uri = host_uri(tmp_path)
    budget = Budget(uri).for_account(identity(fresh_key()))
    assert budget.reserve(CANCEL, time.time() + 5)[1]
    path = Path(uri.removeprefix("file://"))
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def corrupt(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database " * 100)


def not_a_folder(path: Path) -> None:
    path.parent.parent.mkdir(parents=True)
    path.parent.write_text("a file where the folder should be")


def foreign(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    os.chown(path, 65534, 65534)  # nobody's: the tests run as root in CI


@pytest.mark.parametrize(
    "spoil",
    [
        corrupt,
        not_a_folder,
        pytest.param(
            foreign,
            marks=pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files away"),
        ),
    ],
)
def test_a_broken_host_store_is_reported_once_and_the_calls_go_out(
    tmp_path: Path, spoil: Callable[[Path], None], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    uri = host_uri(tmp_path)
    spoil(Path(uri.removeprefix("file://")))
    exchange = LocalExchange(block_ms=0)
    client = bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(), rate_limit_storage=uri
    )

    outcomes = cancels(client, "sync", 2, symbol="ETH-USDT")

    assert ok(outcomes), outcomes
    [warning] = warnings(caplog)
    assert "unavailable" in warning.getMessage()
    assert "keeping to this process's own budget" in warning.getMessage()


@pytest.mark.usefixtures("short_host_store_cap")
def test_a_host_store_locked_by_a_stuck_process_never_holds_the_cancel(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    uri = host_uri(tmp_path)
    Budget(uri).for_account(identity(fresh_key())).reserve(CANCEL, time.time() + 5)  # made
    stuck = sqlite3.connect(uri.removeprefix("file://"), isolation_level=None)
    stuck.execute("BEGIN IMMEDIATE")  # another process holds the write lock and hangs
    try:
        exchange = LocalExchange()
        client = bingx_spot.make_client(
            DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(), rate_limit_storage=uri
        )
        began = time.monotonic()
        outcomes = cancels(client, "sync", 1, symbol="ETH-USDT")
        took = time.monotonic() - began
    finally:
        stuck.close()

    assert ok(outcomes), outcomes
    assert took < storage.CAP * 2 + GRACE
    [warning] = warnings(caplog)
    assert "locked" in warning.getMessage()


@pytest.mark.parametrize(
    "uri", ["file://relative/path.sqlite", "file://somehost/tmp/x.sqlite", "file:///tmp/dir/"]
)
def test_a_host_store_uri_must_name_a_local_file(uri: str) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError, match="file:///absolute/path"):
        Budget(uri)


def test_the_default_host_store_is_under_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert storage.host_store() == f"file://{tmp_path}/bingx-spot/rate-limit.sqlite"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert storage.host_store() == f"file://{tmp_path}/.local/state/bingx-spot/rate-limit.sqlite"


# -- 8. what another writer left in the shared store --------------------------------------------


def block_key(redis_db: RedisDB, account: str) -> str:
    """The Redis key of ``account``'s cancelOpenOrders block, written by a real block."""
    budget = Budget(redis_db.uri).for_account(identity(account))
    budget.block(CANCEL, int(time.time() * 1000) + 60_000, time.time() + 5)
    stored = redis_db.keys()
    [name] = [name for name in stored if identity(account) in name and "unblock" in name]
    return name


def overwrite(redis_db: RedisDB, name: str, value: str) -> None:
    with redis_db.connection() as connection:
        connection.set(name, value)


@pytest.mark.parametrize("value", ["garbage", "1.8e12"])
def test_a_block_that_is_no_integer_is_a_storage_fault(
    redis_db: RedisDB, value: str, caplog: pytest.LogCaptureFixture
) -> None:
    account = f"foreign-{uuid.uuid4()}"
    overwrite(redis_db, block_key(redis_db, account), value)
    exchange = LocalExchange()
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        transport=exchange.transport(),
        rate_limit_storage=redis_db.uri,
        account=account,
    )

    assert ok(cancels(client, "sync", 1, symbol="ETH-USDT"))  # under this process's budget
    assert len([r for r in exchange.requests if r.url.path == CANCEL.path]) == 1
    [warning] = warnings(caplog)
    assert "unavailable" in warning.getMessage()
    assert_no_password(caplog)


def test_a_block_read_back_a_year_ahead_is_capped_as_written_ones_are(
    redis_db: RedisDB,
) -> None:
    account = f"far-{uuid.uuid4()}"
    name = block_key(redis_db, account)
    year_ms = 365 * 24 * 3600 * 1000
    overwrite(redis_db, name, str(int(time.time() * 1000) + year_ms))
    uri = redis_db.uri

    for _ in range(2):  # this budget, then one that only reads what the first one left
        budget = Budget(uri).for_account(identity(account))
        with pytest.raises(bingx_spot.RateLimitError) as caught:
            budget.reserve(CANCEL, time.time() + 1)
        assert caught.value.retry_at is not None
        assert caught.value.retry_at <= (time.time() + MAX_BLOCK) * 1000

    with redis_db.connection() as connection:  # it ends for every client: the key expires
        assert 0 < connection.pttl(name) <= MAX_BLOCK * 1000


def host_block(tmp_path: Path, account: str, value: object) -> str:
    """A host store holding ``value`` as ``account``'s cancelOpenOrders block."""
    uri = host_uri(tmp_path)
    budget = Budget(uri).for_account(identity(account))
    budget.block(CANCEL, int(time.time() * 1000) + 60_000, time.time() + 5)
    with sqlite3.connect(uri.removeprefix("file://")) as db:
        db.execute("UPDATE untils SET until_ms = ?", (value,))
    return uri


@pytest.mark.parametrize("value", ["garbage", 1.5, b"\x00"])
def test_a_block_in_the_host_store_that_is_no_integer_is_a_storage_fault(
    tmp_path: Path, value: object, caplog: pytest.LogCaptureFixture
) -> None:
    account = f"foreign-{uuid.uuid4()}"
    uri = host_block(tmp_path, account, value)
    exchange = LocalExchange()
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        transport=exchange.transport(),
        rate_limit_storage=uri,
        account=account,
    )

    assert ok(cancels(client, "sync", 1, symbol="ETH-USDT"))  # under this process's budget
    [warning] = warnings(caplog)
    assert "not an integer" in warning.getMessage()


def test_a_block_in_the_host_store_a_year_ahead_is_capped_there_too(tmp_path: Path) -> None:
    account = f"far-{uuid.uuid4()}"
    uri = host_block(tmp_path, account, int(time.time() * 1000) + 365 * 24 * 3600 * 1000)

    for _ in range(2):  # this budget, then one that only reads what the first one left
        budget = Budget(uri).for_account(identity(account))
        with pytest.raises(bingx_spot.RateLimitError) as caught:
            budget.reserve(CANCEL, time.time() + 1)
        assert caught.value.retry_at is not None
        assert caught.value.retry_at <= (time.time() + MAX_BLOCK) * 1000
    with sqlite3.connect(uri.removeprefix("file://")) as db:
        [(stored,)] = db.execute("SELECT until_ms FROM untils").fetchall()
    assert stored <= (time.time() + MAX_BLOCK) * 1000


def test_a_host_store_others_could_read_is_made_the_owners(tmp_path: Path) -> None:
    uri = host_uri(tmp_path)
    path = Path(uri.removeprefix("file://"))
    path.parent.mkdir(parents=True, mode=0o700)
    path.write_bytes(b"")
    path.chmod(0o666)
    assert Budget(uri).for_account(identity(fresh_key())).reserve(CANCEL, time.time() + 5)[1]
    assert path.stat().st_mode & 0o777 == 0o600


def linked(path: Path) -> None:
    path.parent.mkdir(parents=True)
    (path.parent / "elsewhere.db").write_bytes(b"")
    path.symlink_to(path.parent / "elsewhere.db")


def open_folder(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.parent.chmod(0o777)  # anyone may put another file in its place


@pytest.mark.parametrize("spoil", [linked, open_folder])
def test_a_host_store_others_could_swap_is_not_used(
    tmp_path: Path, spoil: Callable[[Path], None], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    uri = host_uri(tmp_path)
    path = Path(uri.removeprefix("file://"))
    spoil(path)
    exchange = LocalExchange()
    client = bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(), rate_limit_storage=uri
    )

    assert ok(cancels(client, "sync", 1, symbol="ETH-USDT"))  # under this process's budget
    [warning] = warnings(caplog)
    assert "unavailable" in warning.getMessage()
    assert not path.is_file() or path.is_symlink()  # nothing made in its place
    if path.is_symlink():
        assert (path.parent / "elsewhere.db").read_bytes() == b""  # the target left alone


@pytest.mark.usefixtures("short_host_store_cap")
def test_slow_work_inside_the_host_store_never_holds_the_cancel(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    uri = host_uri(tmp_path)
    Budget(uri).for_account(identity(fresh_key())).reserve(CANCEL, time.time() + 5)  # made
    with sqlite3.connect(uri.removeprefix("file://")) as db:  # another program's trigger
        db.execute(
            "CREATE TRIGGER slow BEFORE INSERT ON starts BEGIN SELECT count(*) FROM (WITH "
            "RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) "
            "SELECT x FROM c); END"
        )
    exchange = LocalExchange()
    client = bingx_spot.make_client(
        DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(), rate_limit_storage=uri
    )
    began = time.monotonic()
    outcomes = cancels(client, "sync", 1, symbol="ETH-USDT")

    assert ok(outcomes), outcomes
    assert time.monotonic() - began < storage.CAP * 2 + GRACE
    [warning] = warnings(caplog)
    assert "interrupted" in warning.getMessage()
