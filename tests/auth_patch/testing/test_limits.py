"""The exchange's limits the live way (docs/bingx-facts.md, "Rate limits"), on its injected
clock: no sleeping."""

import json
from typing import Any

import httpx
import pytest

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
from bingx_spot.testing.server import LocalServer
from bingx_spot.wire import spec
from tests.auth_patch.testing.test_exchange import NOW, signed_request
from tests.clock import FakeClock

REMAIN = "X-RateLimit-Requests-Remain"
EXPIRE = "X-RateLimit-Requests-Expire"
GROUP = spec.load().ip_groups["3"]
PER_ENDPOINT = GROUP["perEndpoint"]["limit"]
TOTAL = GROUP["total"]["limit"]
UNBLOCKED = (
    "code:100410:The endpoint trigger frequency limit rule is currently in the disabled period "
    "and will be unblocked after {}"
)
ERROR_RATE = (
    "over 20 error code:{} requests within 480000 ms for this api, please verify and fix it "
    ",can retry after time: {}"
)


@pytest.fixture
def exchange(clock: FakeClock) -> LocalExchange:
    return LocalExchange(clock=clock.ms)


def server_time() -> httpx.Request:
    return httpx.Request("GET", "https://x/openApi/spot/v1/server/time")


def cancel(clock: FakeClock, symbol: str = "ETH-USDT", **options: Any) -> httpx.Request:
    return signed_request({"symbol": symbol}, timestamp=clock.ms(), **options)


def body(response: httpx.Response) -> Any:
    return json.loads(response.content)


def rate(response: httpx.Response) -> tuple[str, str]:
    return response.headers[REMAIN], response.headers[EXPIRE]


def test_a_public_answer_counts_down_the_window_in_ms_left(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    seen = []
    for step in (0, 4223, 1655, 4121, 2):  # 10000 → 5777 → 4122 → 1 → a new window
        clock.advance(ms=step)
        seen.append(rate(exchange.handle(server_time())))

    assert seen == [
        (str(PER_ENDPOINT - 1), "10000"),
        (str(PER_ENDPOINT - 2), "5777"),
        (str(PER_ENDPOINT - 3), "4122"),
        (str(PER_ENDPOINT - 4), "1"),
        (str(PER_ENDPOINT - 1), "10000"),
    ]


def test_signed_answers_and_refusals_carry_the_headers(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    first = exchange.handle(cancel(clock))
    clock.advance(ms=2500)
    refused = exchange.handle(cancel(clock, secret="wrong"))
    clock.advance(ms=1)
    missing = exchange.handle(httpx.Request("GET", "https://x/nothing/here"))

    assert body(first)["code"] == 0
    assert rate(first) == (str(PER_ENDPOINT - 1), "10000")
    assert body(refused)["code"] == 100001
    assert rate(refused) == (str(PER_ENDPOINT - 2), "7500")
    assert (missing.status_code, body(missing)["code"]) == (200, 100400)
    assert rate(missing) == (str(PER_ENDPOINT - 1), "10000")  # its own endpoint window


def test_over_the_endpoint_limit_a_429_then_a_418(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    for _ in range(PER_ENDPOINT):
        assert exchange.handle(server_time()).status_code == 200
    clock.advance(ms=3000)
    slow_down = exchange.handle(server_time())
    clock.advance(ms=1000)
    banned = exchange.handle(cancel(clock))  # any request inside that window

    assert slow_down.status_code == 429
    assert rate(slow_down) == ("0", "7000")
    assert "Retry-After" not in slow_down.headers
    assert body(slow_down)["code"] == 100410
    assert body(slow_down)["msg"] == UNBLOCKED.format(NOW + 10_000)
    assert banned.status_code == 418
    assert rate(banned) == ("0", "600000")
    assert body(banned)["msg"] == UNBLOCKED.format(clock.ms() + 600_000)
    assert len(exchange.open_orders()) == 4  # refused at the gate


def test_the_ban_counts_down_then_lifts(exchange: LocalExchange, clock: FakeClock) -> None:
    for _ in range(PER_ENDPOINT + 2):  # 300 answered, a 429, a 418
        exchange.handle(server_time())
    clock.advance(ms=599_999)
    still = exchange.handle(server_time())
    clock.advance(ms=1)
    lifted = exchange.handle(server_time())

    assert (still.status_code, rate(still)) == (418, ("0", "1"))
    assert (lifted.status_code, rate(lifted)) == (200, (str(PER_ENDPOINT - 1), "10000"))


def test_a_429_window_that_ends_untouched_earns_no_ban(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    for _ in range(PER_ENDPOINT + 1):
        exchange.handle(server_time())
    clock.advance(ms=10_000)
    again = exchange.handle(server_time())

    assert (again.status_code, rate(again)) == (200, (str(PER_ENDPOINT - 1), "10000"))


def test_over_the_group_total_a_429(exchange: LocalExchange, clock: FakeClock) -> None:
    # Paths the spec lacks count in the group too, each as its own endpoint.
    for n in range(TOTAL):
        assert body(exchange.handle(httpx.Request("GET", f"https://x/n/{n}")))["code"] == 100400
    clock.advance(ms=9000)
    over = exchange.handle(server_time())

    assert over.status_code == 429
    assert rate(over) == ("0", "1000")


def test_ip_limits_off_still_reports(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms, ip_limits=False)
    answers = [exchange.handle(server_time()) for _ in range(PER_ENDPOINT + 5)]

    assert {a.status_code for a in answers} == {200}
    assert rate(answers[-1]) == ("0", "10000")


def test_the_uid_block_counts_down(exchange: LocalExchange, clock: FakeClock) -> None:
    for _ in range(3):
        blocked = exchange.handle(cancel(clock))
    clock.advance(ms=120_000)
    later = exchange.handle(cancel(clock))
    clock.advance(ms=180_000)
    lifted = exchange.handle(cancel(clock))

    assert body(blocked)["msg"] == UNBLOCKED.format(NOW + 300_000)
    assert rate(blocked) == ("0", "300000")
    assert body(later)["msg"] == UNBLOCKED.format(NOW + 300_000)
    assert rate(later) == ("0", "180000")
    assert body(lifted)["code"] == 0


def errors(exchange: LocalExchange, clock: FakeClock, n: int, step: int = 500) -> list[Any]:
    """``n`` cancels with an invalid symbol (100400), ``step`` ms apart (within 2/s)."""
    found = []
    for _ in range(n):
        found.append(exchange.handle(cancel(clock, symbol="ETHUSDT")))
        clock.advance(ms=step)
    return found


def test_the_21st_error_answer_is_the_error_rate_ban(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    *first, last = errors(exchange, clock, 21)
    tripped_at = clock.ms() - 500
    clock.advance(ms=1000)
    during = exchange.handle(cancel(clock, symbol="BTC-USDT"))

    assert [body(r)["code"] for r in first] == [100400] * 20
    assert body(last)["code"] == 100410
    assert body(last)["msg"] == ERROR_RATE.format(100400, tripped_at + 480_000)
    assert rate(last) == ("0", "480000")
    assert body(during)["msg"] == body(last)["msg"]
    assert rate(during) == ("0", "478500")
    assert len(exchange.open_orders()) == 4  # the valid cancel was not carried out


def test_the_error_rate_ban_lifts(exchange: LocalExchange, clock: FakeClock) -> None:
    errors(exchange, clock, 21)
    clock.advance(ms=480_000 - 500)
    after = exchange.handle(cancel(clock, symbol="BTC-USDT"))

    assert body(after)["code"] == 0
    assert len(body(after)["data"]["orders"]) == 2


@pytest.mark.parametrize(("at", "code"), [(479_999, 100410), (480_000, 100400)])
def test_an_error_older_than_the_window_does_not_count(
    exchange: LocalExchange, clock: FakeClock, at: int, code: int
) -> None:
    errors(exchange, clock, 20)  # the first at NOW
    clock.now = at / 1000
    [last] = errors(exchange, clock, 1)

    assert body(last)["code"] == code


def test_each_code_each_account_and_each_operation_counts_apart(clock: FakeClock) -> None:
    other = "other-key"
    exchange = LocalExchange({DEMO_API_KEY: DEMO_SECRET_KEY, other: "s"}, clock=clock.ms)
    errors(exchange, clock, 20)
    exchange.inject(faults.error(100202, "insufficient balance"))
    mine_other_code = exchange.handle(cancel(clock))
    theirs = exchange.handle(cancel(clock, symbol="ETHUSDT", api_key=other, secret="s"))

    assert body(mine_other_code)["code"] == 100202
    assert body(theirs)["code"] == 100400
    assert body(exchange.handle(cancel(clock, symbol="ETHUSDT")))["code"] == 100410


def test_injected_error_answers_count_and_the_thresholds_are_options(clock: FakeClock) -> None:
    exchange = LocalExchange(clock=clock.ms, error_limit=2, error_window_ms=1000)
    exchange.inject(faults.error(100202, "insufficient balance"), times=5)
    codes = [body(exchange.handle(cancel(clock)))["code"] for _ in range(2)]
    tripped = exchange.handle(cancel(clock))
    clock.advance(ms=400)
    during = exchange.handle(cancel(clock))  # the fault's answer becomes the ban

    assert codes == [100202, 100202]
    assert body(tripped)["msg"] == (
        "over 2 error code:100202 requests within 1000 ms for this api, please verify and fix "
        f"it ,can retry after time: {NOW + 1000}"
    )
    assert rate(during) == ("0", "600")
    assert body(during)["code"] == 100410


def test_an_injected_error_tells_the_exchange_time_and_headers(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    exchange.inject(faults.error(100410, "rate limited"))
    exchange.inject(faults.html(502))
    clock.advance(ms=42)
    limited = exchange.handle(server_time())
    clock.advance(ms=58)
    page = exchange.handle(server_time())

    assert body(limited)["timestamp"] == NOW + 42
    assert rate(limited) == (str(PER_ENDPOINT - 1), "10000")
    assert REMAIN not in page.headers  # a CDN's page, not BingX's answer


@pytest.mark.block_network(allowed_hosts=["127.0.0.1"])
def test_over_loopback_the_status_and_headers_arrive(
    exchange: LocalExchange, clock: FakeClock
) -> None:
    for _ in range(PER_ENDPOINT):
        exchange.handle(server_time())
    clock.advance(ms=2500)
    with LocalServer(exchange) as server, httpx.Client(base_url=server.url) as client:
        slow_down = client.get("/openApi/spot/v1/server/time")
        banned = client.get("/openApi/spot/v1/server/time")

    assert (slow_down.status_code, rate(slow_down)) == (429, ("0", "7500"))
    assert slow_down.json()["code"] == 100410
    assert (banned.status_code, rate(banned)) == (418, ("0", "600000"))


def test_an_injected_error_keeps_its_own_expire(exchange: LocalExchange, clock: FakeClock) -> None:
    exchange.inject(faults.error(100410, "rate limited", headers={EXPIRE: "4122"}))
    limited = exchange.handle(server_time())

    assert rate(limited) == (str(PER_ENDPOINT - 1), "4122")
