"""Shared fixtures: where operation tests send their requests, and how cassettes are kept.

``BINGX_RECORD`` picks the target: unset, the cassettes replay (CI, ``make test``); ``local``, a
fresh in-process local exchange per test (``make cassettes``); ``live``, the real API with
``BINGX_API_KEY`` / ``BINGX_SECRET_KEY`` (``make record``).

A scenario whose answer is a body BingX was captured sending (``tests/fixtures/captures/``) says
so with :meth:`Target.answer_with`: recorded by ``make cassettes``, the local exchange checks the
request as it checks any (key, signature, timestamp, rate) and, when it accepts it, the captured
body is the answer, byte for byte. That is how the order lifecycle's operations get cassettes
with BingX's own answers, never with one the local exchange made up (it trades
them now, on its own book, where the captured ids and pairs do not exist: a refusal of its
book, such as an order not found, is answered with the capture too; a refusal of the checks
is not). Such a scenario is skipped by ``make record``: live, it would place or cancel real
orders.
"""

import functools
import itertools
import json
import os
import random
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest
from vcr import VCR
from vcr.serializers import yamlserializer

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange
from bingx_spot.testing.faults import Fault, Reply
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire.auth import system_clock
from bingx_spot_client.client import AuthenticatedClient
from tests.clock import FakeClock

RECORD = os.environ.get("BINGX_RECORD", "")
CASSETTES = Path(__file__).parent / "cassettes"
CAPTURES = Path(__file__).parent / "fixtures" / "captures"
# The clock of replayed and locally recorded runs: the time of BingX's documented example.
FIXED_MS = 1702721242701
REPLAY_KEY = "replay-api-key-000000000000000000000000"
REPLAY_SECRET = "replay-secret-000000000000000000000000"
REDACTED = "REDACTED"
# BINGX_TEST_SHUFFLE=<seed>: run the modules, and the tests inside each, in an order shuffled
# by that seed (CONTRIBUTING.md, "Tests"); unset, the order is the files' own.
SHUFFLE = os.environ.get("BINGX_TEST_SHUFFLE", "")


def pytest_report_header(config: pytest.Config) -> str | None:
    return f"shuffled with BINGX_TEST_SHUFFLE={SHUFFLE}" if SHUFFLE else None


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Shuffles module by module, so each module-scoped fixture (Redis, a built wheel) is still
    built once; the same seed gives the same order in every xdist worker."""
    if not SHUFFLE:
        return
    shuffler = random.Random(SHUFFLE)
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    order = list(modules)
    shuffler.shuffle(order)
    items[:] = []
    for module in order:
        tests = modules[module]
        shuffler.shuffle(tests)
        items.extend(tests)


@pytest.fixture(scope="session")
def state_homes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the tests' host store folders go, one a test (``own_host_store``)."""
    return tmp_path_factory.mktemp("state")


_STATE_HOMES = itertools.count()


@pytest.fixture(autouse=True)
def own_host_store(monkeypatch: pytest.MonkeyPatch, state_homes: Path) -> None:
    """Each test's command runs keep their host store (the command's default rate budget and
    blocks, under ``XDG_STATE_HOME``) in a folder of the test's own, never the user's. It is
    made only when a run writes there (the host store makes its folders): most tests write
    nothing, and a ``tmp_path`` for each of them would cost more than some of the tests."""
    monkeypatch.setenv("XDG_STATE_HOME", str(state_homes / str(next(_STATE_HOMES))))


@pytest.fixture
def clock() -> FakeClock:
    """This test's own fake clock (``tests/clock.py``), at ``START_MS``: it moves only when the
    test, or the code under test sleeping on it, moves it."""
    return FakeClock()


class Recorder(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Keeps every request exactly as it leaves the client, then passes it on."""

    def __init__(self, sync: httpx.BaseTransport, async_: httpx.AsyncBaseTransport) -> None:
        self._sync = sync
        self._async = async_
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self._sync.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self._async.handle_async_request(request)

    def close(self) -> None:
        self._sync.close()

    async def aclose(self) -> None:
        await self._async.aclose()


@dataclass
class Target:
    """A server to talk to, with the credentials and clock that fit it."""

    base_url: str
    api_key: str
    secret_key: str
    clock: Callable[[], int]
    sync: httpx.BaseTransport
    async_: httpx.AsyncBaseTransport
    live: bool = False
    recorders: list[Recorder] = field(default_factory=list)
    exchange: LocalExchange | None = None  # the local exchange, when recording on one

    def client(self, **options: Any) -> AuthenticatedClient:
        recorder = Recorder(self.sync, self.async_)
        self.recorders.append(recorder)
        settings: dict[str, Any] = {
            "base_url": self.base_url,
            "clock": self.clock,
            "transport": recorder,
            "rate_limit": False,  # scenarios such as rate_limited must reach the server
            **options,
        }
        api_key = settings.pop("api_key", self.api_key)
        secret_key = settings.pop("secret_key", self.secret_key)
        return bingx_spot.make_client(api_key, secret_key, **settings)

    @property
    def sent(self) -> list[httpx.Request]:
        return [request for recorder in self.recorders for request in recorder.requests]

    def answer_with(self, operation: str, capture: str, times: int = 1) -> None:
        """The next ``times`` requests to ``operation`` (an operationId) that the exchange
        accepts are answered with the captured body ``capture`` (relative to
        tests/fixtures/captures/), byte for byte; a request it refuses gets its refusal.
        Recording on the local exchange only: replayed, the cassette holds the answer already;
        live, the scenario is skipped."""
        if self.live:
            pytest.skip("answered with a captured body: recorded by make cassettes only")
        if self.exchange is not None:
            self.exchange.inject(
                _captured((CAPTURES / capture).read_bytes(), times), times=2**31,
                operation=operation,
            )  # fmt: skip


# The local exchange's refusals of a request's checks (key, signature, timestamp, rate): what a
# captured answer never replaces.
_CHECKS = {100001, 100412, 100413, 100410}


def _passed_checks(response: httpx.Response) -> bool:
    if response.status_code != 200:
        return False
    doc = json.loads(response.content)
    clock = doc["code"] == 100421 and "timestamp" in doc.get("msg", "")
    return doc["code"] not in _CHECKS and not clock


def _captured(body: bytes, times: int) -> Fault:
    """A fault of the local exchange: its own answer, except that its first ``times`` answers
    to requests that passed its checks become ``body``."""
    left = [times]

    def fault(request: httpx.Request, reply: Reply) -> httpx.Response:
        response = reply()
        if left[0] and _passed_checks(response):
            left[0] -= 1
            return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
        return response

    return fault


def local_client(where: LocalExchange | LocalServer, **options: Any) -> AuthenticatedClient:
    """A client with the demo credentials (``api_key=``, ``secret_key=`` others) on ``where``: in
    process on an exchange, over loopback on a server. Its rate budget is off unless
    ``rate_limit=True``: a test about anything else would wait for the budget of the tests
    before it."""
    settings: dict[str, Any] = {"rate_limit": False, **options}
    if isinstance(where, LocalServer):
        settings.setdefault("base_url", where.url)
    else:
        settings.setdefault("transport", where.transport())
    api_key = settings.pop("api_key", DEMO_API_KEY)
    secret_key = settings.pop("secret_key", DEMO_SECRET_KEY)
    return bingx_spot.make_client(api_key, secret_key, **settings)


# -- a real Redis: one redis-server a session (each xdist worker's), a database of its own a test --

REDIS_PASSWORD = "Pw-not-to-be-seen-7f3a"  # tests check it is never shown
REDIS_DATABASES = 1000  # each test takes the next one: no test sees another's keys


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class RedisServer:
    """A real redis-server on a loopback port, with a password and no persistence. A test may
    kill it and start it again (on the same port, empty)."""

    def __init__(self, binary: str) -> None:
        self._binary = binary
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._used = 0

    def uri(self, db: int = 0) -> str:
        return f"redis://:{REDIS_PASSWORD}@127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self._process = subprocess.Popen(
            [
                self._binary,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--requirepass", REDIS_PASSWORD, "--databases", str(REDIS_DATABASES)),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline or self._process.poll() is not None:
                    raise
                time.sleep(0.01)

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
            self._process = None

    def database(self) -> "RedisDB":
        """A database no test used before (the server started again if a test left it down)."""
        if self._process is None or self._process.poll() is not None:
            self.start()
        if self._used == REDIS_DATABASES:
            raise RuntimeError(f"more than {REDIS_DATABASES} tests asked for a Redis database")
        self._used += 1
        return RedisDB(self, self._used - 1)


@dataclass
class RedisDB:
    """One test's database on the session's :class:`RedisServer`."""

    server: RedisServer
    db: int

    @property
    def uri(self) -> str:
        return self.server.uri(self.db)

    def keys(self) -> list[str]:
        with self.connection() as connection:
            return [str(name) for name in connection.scan_iter("*")]

    def connection(self) -> Any:
        """A ``redis.Redis`` on this database, its answers decoded."""
        import redis  # noqa: PLC0415 - the [redis] extra, loaded only by the tests that use it

        return redis.Redis.from_url(self.uri, decode_responses=True)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """The one redis-server of the session, started on first use (CONTRIBUTING.md, "Tests")."""
    found = shutil.which("redis-server")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is missing in CI: .ci/run installs Debian's redis-server")
        pytest.skip("needs redis-server: apt-get install redis-server (Debian's package)")
    server = RedisServer(found)
    server.start()
    yield server
    server.kill()


@pytest.fixture
def redis_db(redis_server: RedisServer) -> RedisDB:
    """A database of the session's Redis for this test alone: empty, its URI its own (so no
    budget this process keeps for a URI carries over from another test)."""
    return redis_server.database()


@pytest.fixture
def exchange() -> LocalExchange:
    """A fresh local exchange, the demo account's four orders open; its own 100410 blocks last
    no time, as the exchange's limit is not what most tests are about (a module about it
    overrides this fixture)."""
    return LocalExchange(block_ms=0)


NewClient = Callable[..., AuthenticatedClient]


@pytest.fixture
def new_client(exchange: LocalExchange) -> NewClient:
    """Makes clients on the test's ``exchange``, as :func:`local_client` does."""
    return functools.partial(local_client, exchange)


@pytest.fixture
def target() -> Iterator[Target]:
    if RECORD == "live":
        live = Target(
            base_url=os.environ.get("BINGX_BASE_URL", "https://open-api.bingx.com"),
            api_key=os.environ["BINGX_API_KEY"],
            secret_key=os.environ["BINGX_SECRET_KEY"],
            clock=system_clock,
            sync=httpx.HTTPTransport(),
            async_=httpx.AsyncHTTPTransport(),
            live=True,
        )
        yield live
    elif RECORD == "local":
        clock = FakeClock(FIXED_MS)  # the exchange's and the client's
        exchange = LocalExchange(clock=clock.ms)
        mock = exchange.transport()
        yield Target(
            "http://local-exchange.invalid",
            DEMO_API_KEY,
            DEMO_SECRET_KEY,
            clock.ms,
            mock,
            mock,
            exchange=exchange,
        )
    else:
        # Replay: vcrpy answers at httpx's own transports; nothing leaves the process.
        yield Target(
            "https://open-api.bingx.com",
            REPLAY_KEY,
            REPLAY_SECRET,
            FakeClock(FIXED_MS).ms,
            httpx.HTTPTransport(verify=tls()),
            httpx.AsyncHTTPTransport(verify=tls()),
        )


@functools.cache
def tls() -> ssl.SSLContext:
    """One verifying TLS context for the replayed transports: each would otherwise load the CA
    bundle again (about 10 ms, twice a test), for answers that never leave the process."""
    return ssl.create_default_context(cafile=certifi.where())


# Where a cassette's answers came from, written beside its interactions when it is recorded.
SOURCES = {
    "local": "the local exchange (bingx_spot.testing), recorded by make cassettes",
    "captured": (
        "BingX's captured bodies (tests/fixtures/captures/) for the requests the local exchange "
        "accepted, recorded by make cassettes"
    ),
    "live": "BingX's live API, recorded by make record",
}


def captured_bodies() -> set[str]:
    """Every captured body, as a cassette holds one."""
    return {path.read_text(encoding="utf-8") for path in CAPTURES.rglob("*.json")}


class _Sourced:
    """vcrpy's YAML, with a top-level ``source`` that its loader ignores (it reads only
    ``interactions``); ``tests/test_cassettes.py`` requires one in every cassette. Recorded on
    the local exchange, a cassette with an answer that is a captured body says so."""

    @staticmethod
    def deserialize(text: str) -> Any:
        return yamlserializer.deserialize(text)

    @staticmethod
    def serialize(data: dict[str, Any]) -> str:
        source = RECORD
        answers = {i["response"]["body"]["string"] for i in data.get("interactions", [])}
        if RECORD == "local" and answers & captured_bodies():
            source = "captured"
        return str(yamlserializer.serialize({"source": SOURCES[source], **data}))


def pytest_recording_configure(config: pytest.Config, vcr: VCR) -> None:
    vcr.register_serializer("yaml", _Sourced)


def _drop_cookies(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in [n for n in headers if n.lower() in ("set-cookie", "cf-ray")]:
        del headers[name]
    return response


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": [("X-BX-APIKEY", REDACTED)],
        "filter_query_parameters": ["timestamp", "signature"],
        "before_record_response": _drop_cookies,
        # Any host: cassettes recorded live or on the local exchange replay the same.
        "match_on": ["method", "path", "query"],
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    # One directory per operation: tests/cassettes/<operation module>/<scenario>.yaml
    return str(CASSETTES / request.path.stem.removeprefix("test_"))


@pytest.fixture
def default_cassette_name(request: pytest.FixtureRequest) -> str:
    # One cassette per scenario, shared by its sync and async runs: test_one_symbol -> one_symbol
    return str(request.node.originalname).removeprefix("test_")
