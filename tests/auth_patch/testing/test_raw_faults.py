"""The wire faults, met by the client over loopback (raw bytes on the socket) and in process."""

import functools
import time
from collections.abc import Callable

import pytest

import bingx_spot
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing import raw_faults as wire
from bingx_spot.testing.server import LocalServer
from bingx_spot_client.api.trade import cancel_open_orders
from tests.calling import called
from tests.clock import FakeClock

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

MODES = ["sync", "httpx", "aiohttp"]
DEADLINE = 1.0  # for answers that come at once
# For a drip, which only the deadline ends: the test lasts as long. The request reaches the
# exchange within a few ms; without the deadline the drip would last over 25 s.
SHORT = 0.15
GRACE = 2.0  # a loaded machine


def outcome(mode: str, deadline: float = DEADLINE, **options: object) -> object:
    client = bingx_spot.make_client(
        DEMO_API_KEY,
        DEMO_SECRET_KEY,
        rate_limit=False,
        retries=bingx_spot.Retries(max_retries=0, deadline=deadline),
        async_backend="aiohttp" if mode == "aiohttp" else "httpx",
        **options,  # type: ignore[arg-type]
    )
    return called(cancel_open_orders, client, mode, symbol="BTC-USDT")  # any mode but sync: async


# (what makes the fault, the error class the client must raise); made in the test, so the bomb is
# packed by the worker that runs its test, not by every worker as it collects
CASES: list[tuple[Callable[[], faults.Fault], type[bingx_spot.BingXError]]] = [
    (functools.partial(wire.drip, 0.05), bingx_spot.RequestTimeoutError),
    (functools.partial(wire.drip, 0.05, headers=True), bingx_spot.RequestTimeoutError),
    (wire.endless, bingx_spot.ResponseError),
    (wire.gzip_bomb, bingx_spot.ResponseError),
    (wire.malformed, bingx_spot.NetworkError),
    (wire.bad_content_length, bingx_spot.NetworkError),
]
IDS = ["drip", "drip_headers", "endless", "gzip_bomb", "malformed", "bad_content_length"]


@pytest.mark.parametrize(("fault", "raised"), CASES, ids=IDS)
@pytest.mark.parametrize("mode", MODES)
def test_over_loopback_each_meets_the_client_s_own_http_stack(
    fault: Callable[[], faults.Fault], raised: type[bingx_spot.BingXError], mode: str
) -> None:
    deadline = SHORT if raised is bingx_spot.RequestTimeoutError else DEADLINE
    with LocalServer() as server:
        server.exchange.inject(fault())
        started = time.monotonic()
        got = outcome(mode, deadline, base_url=server.url)

    assert type(got) is raised, repr(got)
    assert time.monotonic() - started < deadline + GRACE
    assert len(server.exchange.requests) == 1  # it reached the exchange, once
    assert getattr(got, "sent", True)  # a NetworkError (a timeout is one) says it was sent


@pytest.mark.parametrize(("fault", "raised"), CASES[2:], ids=IDS[2:])
def test_in_process_each_stands_for_the_same(
    fault: Callable[[], faults.Fault], raised: type[bingx_spot.BingXError]
) -> None:
    exchange = LocalExchange()
    exchange.inject(fault())

    got = outcome("sync", transport=exchange.transport())

    assert type(got) is raised, repr(got)


def test_in_process_a_drip_sleeps_between_bytes(
    monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    # The drip sleeps on the test's clock: each sleep is kept, none is waited for.
    monkeypatch.setattr(wire, "time", clock)
    exchange = LocalExchange()
    exchange.inject(wire.drip(0.0002))

    got = outcome("sync", transport=exchange.transport())

    assert not isinstance(got, bingx_spot.BingXError), repr(got)
    assert set(clock.sleeps) == {0.0002}
    assert sum(clock.sleeps) >= 0.1  # 568 bytes (two BTC-USDT orders), 0.2 ms each


def test_the_bomb_is_small_and_unpacks_to_a_gigabyte() -> None:
    import zlib  # noqa: PLC0415

    assert len(wire.bomb()) < 1.1e6
    unpack = zlib.decompressobj(zlib.MAX_WBITS | 16)
    assert len(unpack.decompress(wire.bomb()[:4096])) > 3e6  # over 1000:1


def test_a_negative_drip_is_refused() -> None:
    with pytest.raises(ValueError, match="interval"):
        wire.drip(-1)


def test_the_name_before_0_4_is_the_same_module() -> None:
    import bingx_spot.testing  # noqa: PLC0415

    assert bingx_spot.testing.wire is bingx_spot.testing.raw_faults is wire
    assert "raw_faults" in dir(bingx_spot.testing)
