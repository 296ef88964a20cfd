"""cancel_all against the local exchange: orders placed while the cancel is in flight, a check that
fails, a deadline too short, and failures another round cannot mend."""

import asyncio
import itertools
import logging
import time
from typing import Any

import httpx
import pytest

import bingx_spot
import bingx_spot.cancellation
from bingx_spot.testing import LocalExchange, demo_orders, faults
from bingx_spot.testing.faults import Fault, Reply
from bingx_spot_client.client import AuthenticatedClient
from tests.calling import MODES
from tests.clock import FakeClock
from tests.conftest import local_client

CANCEL = "/openApi/spot/v1/trade/cancelOpenOrders"
LIST = "/openApi/spot/v1/trade/openOrders"
PAIRS = "/openApi/spot/v1/common/symbols"
# Live pairs whose spelling breaks a naive BASE-QUOTE rule (docs/bingx-facts.md, "Symbols").
ODD_PAIRS = ["STRK-OLD-USDT", "H_OLD-USDT", "$U-USDT", "D.O.G.E.-USDT", "ATOM(ARC20)-USDT",
             "OTHR#99961-USDT", "MØTH-USDT", "1000PEPE-USDT"]  # fmt: skip
DEMO_IDS = [order["orderId"] for order in demo_orders()]


ONCE = bingx_spot.Retries(max_retries=0)


def run(exchange: LocalExchange, mode: str, *args: Any, **kwargs: Any) -> bingx_spot.CancelReport:
    return run_on(local_client(exchange, retries=ONCE), mode, *args, **kwargs)


def run_on(
    client: AuthenticatedClient, mode: str, *args: Any, **kwargs: Any
) -> bingx_spot.CancelReport:
    if mode == "sync":
        with client:
            return bingx_spot.cancel_all(client, *args, **kwargs)

    async def go() -> bingx_spot.CancelReport:
        async with client:
            return await bingx_spot.cancel_all_async(client, *args, **kwargs)

    return asyncio.run(go())


def new_order(order_id: int, symbol: str = "BTC-USDT") -> dict[str, Any]:
    return {**demo_orders()[1], "symbol": symbol, "orderId": order_id, "clientOrderID": "late"}


def placing(exchange: LocalExchange, *orders: dict[str, Any]) -> Fault:
    """The cancel is answered, and meanwhile another process places ``orders``."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        response = answer()
        exchange.add_orders([dict(order) for order in orders])
        return response

    return fault


def scripted(steps: dict[int, Fault]) -> Fault:
    """The n-th request from now on (counting from 1) meets ``steps[n]``; the others do not."""
    count = itertools.count(1)

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        step = steps.get(next(count))
        return step(request, answer) if step else answer()

    return fault


def sent(exchange: LocalExchange) -> list[tuple[str, str | None]]:
    return [(r.url.path, r.url.params.get("symbol")) for r in exchange.requests]


@pytest.mark.parametrize("mode", MODES)
def test_everything_cancelled_and_checked(exchange: LocalExchange, mode: str) -> None:
    report = run(exchange, mode)

    assert report.clean
    assert report.rounds == 1
    assert [order.order_id for order in report.cancelled] == DEMO_IDS
    assert report.still_open == ()
    assert report.errors == ()
    assert sent(exchange) == [(CANCEL, None), (LIST, None)]


@pytest.mark.parametrize("mode", MODES)
def test_an_order_placed_during_the_cancel_is_cancelled_next_round(
    exchange: LocalExchange, mode: str
) -> None:
    exchange.inject(placing(exchange, new_order(7)), operation="cancelOpenOrders")

    report = run(exchange, mode)

    assert report.clean
    assert report.rounds == 2
    assert [order.order_id for order in report.cancelled] == [*DEMO_IDS, 7]
    assert exchange.open_orders() == []
    assert sent(exchange) == [(CANCEL, None), (LIST, None), (CANCEL, None), (LIST, None)]


@pytest.mark.parametrize("mode", MODES)
def test_symbols_keep_to_their_scope(exchange: LocalExchange, mode: str) -> None:
    late = [new_order(7, "BTC-USDT"), new_order(8, "ETH-USDT"), new_order(9, "GM-USDT")]
    exchange.inject(placing(exchange, *late), operation="cancelOpenOrders")

    report = run(exchange, mode, ["BTC-USDT", "ETH-USDT", "BTC-USDT"])

    assert report.clean
    # 8 went with the ETH-USDT cancel of the first round, 7 with the second round's.
    assert [order.order_id for order in report.cancelled] == [*DEMO_IDS[1:3], 8, 7]
    assert {o["orderId"] for o in exchange.open_orders()} == {DEMO_IDS[0], DEMO_IDS[3], 9}
    # The second round cancels only where the check found orders, each symbol once.
    assert sent(exchange) == [
        (CANCEL, "BTC-USDT"),
        (CANCEL, "ETH-USDT"),
        (LIST, "BTC-USDT"),
        (LIST, "ETH-USDT"),
        (CANCEL, "BTC-USDT"),
        (LIST, "BTC-USDT"),
        (LIST, "ETH-USDT"),
    ]


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_check_means_another_round(exchange: LocalExchange, mode: str) -> None:
    exchange.inject(faults.html(502), operation="openOrders")

    report = run(exchange, mode)

    assert report.clean
    assert report.rounds == 2
    [error] = report.errors
    assert isinstance(error, bingx_spot.ResponseError)
    assert error.operation == "openOrders"


@pytest.mark.parametrize("mode", MODES)
def test_a_failed_check_cancels_the_whole_scope_again(exchange: LocalExchange, mode: str) -> None:
    # Round 1 leaves 7 on BTC-USDT; round 2 cancels only there, while 8 appears on GM-USDT and
    # the BTC-USDT check fails: what is open there is unknown, so round 3 cancels everywhere.
    exchange.inject(
        scripted(
            {
                1: placing(exchange, new_order(7)),
                5: placing(exchange, new_order(8, "GM-USDT")),
                6: faults.html(502),
            }
        ),
        times=100,
    )

    report = run(exchange, mode, ["BTC-USDT", "GM-USDT"])

    assert report.clean
    assert report.rounds == 3
    assert [o["symbol"] for o in exchange.open_orders()] == ["OTHR#99961-USDT"]  # not in scope
    assert sent(exchange)[7:] == [
        (CANCEL, "BTC-USDT"),
        (CANCEL, "GM-USDT"),
        (LIST, "BTC-USDT"),
        (LIST, "GM-USDT"),
    ]


@pytest.mark.parametrize("mode", MODES)
def test_checks_that_keep_failing_leave_it_unclean(exchange: LocalExchange, mode: str) -> None:
    exchange.inject(faults.html(502), times=100, operation="openOrders")
    exchange.inject(placing(exchange, new_order(7)), operation="cancelOpenOrders")

    report = run(exchange, mode, max_rounds=3)

    assert not report.clean
    assert report.rounds == 3
    assert len(report.errors) == 3
    assert report.still_open == ()  # nothing could be read
    assert 7 in [order.order_id for order in report.cancelled]  # the blind rounds got it


@pytest.mark.parametrize("mode", MODES)
def test_orders_that_keep_coming_stop_at_max_rounds(exchange: LocalExchange, mode: str) -> None:
    for order_id in (7, 8, 9):
        exchange.inject(placing(exchange, new_order(order_id)), operation="cancelOpenOrders")

    report = run(exchange, mode, max_rounds=3)

    assert not report.clean
    assert report.rounds == 3
    assert [order.order_id for order in report.still_open] == [9]
    assert [order.order_id for order in report.cancelled][-2:] == [7, 8]


@pytest.mark.parametrize("mode", MODES)
def test_a_deadline_too_short_sends_the_first_round_only(
    exchange: LocalExchange, mode: str
) -> None:
    exchange.inject(placing(exchange, new_order(7, "GM-USDT")), operation="cancelOpenOrders")

    report = run(exchange, mode, ["GM-USDT", "BTC-USDT"], deadline=0)

    assert report.timed_out
    assert not report.clean
    assert report.rounds == 1
    assert sent(exchange) == [(CANCEL, "GM-USDT"), (CANCEL, "BTC-USDT")]
    assert [o["orderId"] for o in exchange.open_orders()] == [DEMO_IDS[3], 7]


def blocked_for(exchange: LocalExchange, minutes: float) -> int:
    """The next cancel is answered 100410: BingX blocks the account's cancels that long."""
    until = int(time.time() * 1000 + minutes * 60_000)
    exchange.inject(faults.error(100410, f"will be unblocked after {until}"))
    return until


@pytest.mark.parametrize("mode", MODES)
def test_a_block_stops_the_rounds_once_no_cancel_can_be_sent(
    exchange: LocalExchange, mode: str
) -> None:
    # The first cancel earns a 5-minute block; the client's budget then refuses every cancel
    # before sending it (the block outlasts the call's deadline): a second round sends nothing,
    # so it is no round, and there is no point in a third.
    until = blocked_for(exchange, 5)
    client = local_client(exchange, retries=ONCE, rate_limit=True, account=f"sweep-block-{mode}")
    report = run_on(client, mode, ["BTC-USDT", "GM-USDT"])

    assert sent(exchange) == [(CANCEL, "BTC-USDT"), (LIST, "BTC-USDT"), (LIST, "GM-USDT")]
    assert report.rounds == 1
    assert not report.clean
    assert not report.timed_out
    in_scope = {o["orderId"] for o in demo_orders() if o["symbol"] in ("BTC-USDT", "GM-USDT")}
    assert {o.order_id for o in report.still_open} == in_scope  # what the last check listed
    answered, *refused = report.errors
    assert isinstance(answered, bingx_spot.APIRateLimitError)
    assert (answered.sent, answered.attempts) == (True, 1)
    assert [(e.operation, e.sent, e.attempts) for e in refused] == [
        ("cancelOpenOrders", False, 0)
    ] * 3
    assert all(getattr(e, "retry_at", None) == until for e in refused)


@pytest.mark.parametrize("mode", MODES)
def test_a_round_the_deadline_leaves_unsent_is_not_counted(
    exchange: LocalExchange,
    mode: str,
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    # The deadline passes while the check is answered: it found 7, but no second cancel goes.
    # The sweep reads time.monotonic, with no clock to be given: the test's stands in.
    monkeypatch.setattr(bingx_spot.cancellation, "time", clock)
    exchange.inject(placing(exchange, new_order(7)), operation="cancelOpenOrders")
    exchange.inject(faults.meanwhile(lambda: clock.advance(31.0)), operation="openOrders")

    report = run(exchange, mode, ["BTC-USDT"])

    assert sent(exchange) == [(CANCEL, "BTC-USDT"), (LIST, "BTC-USDT")]
    assert report.rounds == 1
    assert report.timed_out
    assert [o.order_id for o in report.still_open] == [7]  # what the last check listed


@pytest.mark.parametrize("mode", MODES)
def test_an_order_listed_cancelled_every_round_is_counted_once(
    exchange: LocalExchange, mode: str
) -> None:
    # Each cancel lists 7 as CANCELED, and 7 is open again at each check.
    exchange.inject(placing(exchange, new_order(7)), times=5, operation="cancelOpenOrders")

    report = run(exchange, mode, max_rounds=5)

    assert report.rounds == 5
    assert [order.order_id for order in report.cancelled] == [*DEMO_IDS, 7]
    assert [order.order_id for order in report.still_open] == [7]


@pytest.mark.parametrize("mode", MODES)
def test_without_verify_nothing_is_read(exchange: LocalExchange, mode: str) -> None:
    report = run(exchange, mode, verify=False)

    assert not report.clean  # unknown, so not claimed
    assert not report.timed_out
    assert len(report.cancelled) == 4
    assert sent(exchange) == [(CANCEL, None)]


@pytest.mark.parametrize("mode", MODES)
def test_an_order_not_canceled_is_never_counted(exchange: LocalExchange, mode: str) -> None:
    exchange.inject(faults.unknown_enums(), operation="cancelOpenOrders")

    report = run(exchange, mode)

    assert report.cancelled == ()
    assert len(report.not_cancelled) == 4
    assert {order.status for order in report.not_cancelled} != {"CANCELED"}
    assert report.clean  # the check found the book empty all the same


@pytest.mark.parametrize("mode", MODES)
def test_a_refused_key_stops_at_once(exchange: LocalExchange, mode: str) -> None:
    exchange.inject(faults.error(100413, "Incorrect apiKey"), times=10)

    report = run(exchange, mode, deadline=30)

    [error] = report.errors
    assert isinstance(error, bingx_spot.AuthenticationError)
    assert not report.clean
    assert sent(exchange) == [(CANCEL, None)]


@pytest.mark.parametrize("mode", MODES)
def test_an_answer_nested_too_deep_is_a_failed_request_not_a_crash(
    exchange: LocalExchange, mode: str
) -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    exchange.inject(faults.status(200, body=deep, headers={"Content-Type": "application/json"}),
                    times=100, operation="cancelOpenOrders")  # fmt: skip

    report = run(exchange, mode, max_rounds=1)

    [error] = report.errors
    assert type(error) is bingx_spot.ResponseError
    assert "not JSON" in str(error)
    assert not report.clean


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("BTC-USDT",), {}),
        (([],), {}),
        (([""],), {}),
        (([b"BTC-USDT"],), {}),  # would go out as "b'BTC-USDT'" and cancel nothing
        (([None],), {}),  # would go out as no symbol: every pair
        ((("BTC-USDT", 5),), {}),
        (({"BTC-USDT"},), {}),
        ((iter(["BTC-USDT"]),), {}),
        ((b"BTC-USDT",), {}),
        ((), {"deadline": -1}),
        ((), {"deadline": float("nan")}),
        ((), {"max_rounds": 0}),
    ],
)
def test_bad_arguments_send_nothing(
    exchange: LocalExchange, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(bingx_spot.InvalidArgumentError):
        bingx_spot.cancel_all(local_client(exchange, retries=ONCE), *args, **kwargs)
    assert list(exchange.requests) == []


@pytest.mark.parametrize("mode", MODES)
def test_a_symbol_in_lower_case_is_sent_warned_and_reported_unknown(
    exchange: LocalExchange, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bingx_spot")

    report = run(exchange, mode, ["btc-usdt", "GM-USDT", "ETH-USDT"])

    # BingX matches exactly: the BTC-USDT orders stay open, and only the report can tell.
    assert (CANCEL, "btc-usdt") in sent(exchange)
    left = [o["symbol"] for o in exchange.open_orders()]
    assert left == ["BTC-USDT", "BTC-USDT", "OTHR#99961-USDT"]
    assert report.clean  # on the symbols as given
    assert report.empty == ("btc-usdt", "ETH-USDT")
    assert report.unknown == ("btc-usdt",)
    assert report.verified == ("GM-USDT",)
    warned = [r for r in caplog.records if r.name == "bingx_spot" and r.levelno == logging.WARNING]
    assert [r.getMessage().split(" is in lower case")[0] for r in warned] == [
        "cancel_all: 'btc-usdt'"
    ]


@pytest.mark.parametrize("mode", MODES)
def test_without_verify_empty_names_the_symbols_that_listed_nothing(
    exchange: LocalExchange, mode: str
) -> None:
    report = run(exchange, mode, ("BTC-USDT", "ETH-USDT"), verify=False)

    assert report.empty == ("ETH-USDT",)
    assert report.verified == ()  # nothing was checked


def test_a_symbol_whose_check_failed_is_neither_verified_nor_empty(
    exchange: LocalExchange,
) -> None:
    exchange.inject(faults.html(502), times=100, operation="openOrders")

    report = run(exchange, "sync", ["BTC-USDT", "ETH-USDT"], max_rounds=1)

    assert not report.clean
    assert (report.verified, report.empty) == ((), ())
    assert (report.unknown, report.not_looked_up) == ((), ())
    assert PAIRS not in [path for path, _ in sent(exchange)]  # nothing listed for certain


def test_every_pair_has_no_per_symbol_lists(exchange: LocalExchange) -> None:
    report = run(exchange, "sync", None)

    assert report.clean
    assert (report.verified, report.empty) == ((), ())
    assert (report.unknown, report.not_looked_up) == ((), ())
    assert sent(exchange) == [(CANCEL, None), (LIST, None)]  # nothing to look up


# -- pairs BingX does not list ------------------------------------------------------------------


@pytest.mark.parametrize("verify", [True, False])
@pytest.mark.parametrize("mode", MODES)
def test_a_pair_bingx_does_not_list_is_unknown(
    exchange: LocalExchange, mode: str, verify: bool
) -> None:
    report = run(exchange, mode, ["BTC-USDT", "FOO-BAR"], verify=verify)

    assert report.unknown == ("FOO-BAR",)
    assert report.empty == ("FOO-BAR",)
    assert report.not_looked_up == ()
    # Everything else reads as on any pair with nothing open.
    assert [order.order_id for order in report.cancelled] == DEMO_IDS[1:3]
    assert (report.errors, report.still_open, report.not_cancelled) == ((), (), ())
    assert (report.rounds, report.timed_out, report.clean) == (1, False, verify)
    assert report.verified == (("BTC-USDT",) if verify else ())
    # The lookup goes out last, once the cancels (and the check) are done.
    checks = [(LIST, "BTC-USDT"), (LIST, "FOO-BAR")] if verify else []
    assert sent(exchange) == [
        (CANCEL, "BTC-USDT"),
        (CANCEL, "FOO-BAR"),
        *checks,
        (PAIRS, "FOO-BAR"),
    ]


@pytest.mark.parametrize("mode", MODES)
def test_a_pair_with_nothing_open_is_looked_up_and_not_unknown(
    exchange: LocalExchange, mode: str
) -> None:
    odd = [symbol for symbol in ODD_PAIRS if symbol != "OTHR#99961-USDT"]  # that one has an order

    report = run(exchange, mode, ["ETH-USDT", *odd])

    assert report.clean
    assert report.empty == ("ETH-USDT", *odd)
    assert (report.unknown, report.not_looked_up, report.errors) == ((), (), ())
    assert [symbol for path, symbol in sent(exchange) if path == PAIRS] == ["ETH-USDT", *odd]


@pytest.mark.parametrize("symbol", ODD_PAIRS)
@pytest.mark.parametrize("mode", MODES)
def test_an_odd_spelling_is_a_pair_like_any_other(
    exchange: LocalExchange, mode: str, symbol: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bingx_spot")
    exchange.add_orders([new_order(7, symbol), new_order(8, symbol)])

    report = run(exchange, mode, [symbol])

    assert report.clean
    assert {order.order_id for order in report.cancelled} >= {7, 8}
    assert {order.symbol for order in report.cancelled} == {symbol}
    assert [o for o in exchange.open_orders() if o["symbol"] == symbol] == []
    assert (report.verified, report.empty, report.unknown) == ((symbol,), (), ())
    assert PAIRS not in [path for path, _ in sent(exchange)]  # orders listed: it exists
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.parametrize(
    "fault",
    [faults.html(502), faults.error(100204, "symbol not exist"), faults.drop()],
    ids=["html", "bingx-error", "dropped"],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_failed_lookup_is_not_looked_up_never_unknown(
    exchange: LocalExchange, mode: str, fault: Fault
) -> None:
    exchange.inject(fault, operation="commonSymbols")  # the first lookup only

    report = run(exchange, mode, ["FOO-BAR", "NOPE-USDT", "ETH-USDT"])

    assert report.clean  # the cancels and the check went as ever
    assert report.empty == ("FOO-BAR", "NOPE-USDT", "ETH-USDT")
    assert report.not_looked_up == ("FOO-BAR",)
    assert report.unknown == ("NOPE-USDT",)
    [error] = report.errors
    assert isinstance(error, bingx_spot.BingXError)
    assert error.operation == "commonSymbols"
    assert [symbol for path, symbol in sent(exchange) if path == PAIRS] == list(report.empty)


@pytest.mark.parametrize(
    ("pairs", "unknown"),
    [
        # BingX ignoring `symbol` and listing every pair: only an exact entry counts.
        (["BTC-USDT", "FOO-BAR", "ETH-USDT"], ()),
        (["BTC-USDT", "foo-bar", "FOO-BAR ", "FOO-BARX"], ("FOO-BAR",)),
        ([], ("FOO-BAR",)),
    ],
)
def test_a_pair_is_known_only_by_an_entry_naming_it_exactly(
    exchange: LocalExchange, pairs: list[str], unknown: tuple[str, ...]
) -> None:
    answer = {"symbols": [{"symbol": name, "status": 1, "tickSize": 0.01} for name in pairs]}
    exchange.inject(faults.data(answer), operation="commonSymbols")

    report = run(exchange, "sync", ["FOO-BAR"])

    assert (report.unknown, report.not_looked_up, report.errors) == (unknown, (), ())


@pytest.mark.parametrize("mode", MODES)
def test_a_deadline_already_passed_leaves_the_lookups_unsent(
    exchange: LocalExchange, mode: str
) -> None:
    report = run(exchange, mode, ["FOO-BAR", "ETH-USDT"], verify=False, deadline=0)

    assert sent(exchange) == [(CANCEL, "FOO-BAR"), (CANCEL, "ETH-USDT")]  # the cancels still go
    assert report.timed_out
    assert report.empty == report.not_looked_up == ("FOO-BAR", "ETH-USDT")
    assert (report.unknown, report.errors) == ((), ())


@pytest.mark.parametrize("mode", MODES)
def test_a_deadline_passed_during_the_check_leaves_the_lookups_unsent(
    exchange: LocalExchange,
    mode: str,
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
) -> None:
    # The sweep reads time.monotonic, with no clock to be given: the test's stands in.
    monkeypatch.setattr(bingx_spot.cancellation, "time", clock)
    exchange.inject(faults.meanwhile(lambda: clock.advance(31.0)), operation="openOrders")

    report = run(exchange, mode, ["FOO-BAR"])

    assert report.clean  # the check was answered: the deadline only stops what comes after
    assert report.timed_out
    assert (report.not_looked_up, report.unknown) == (("FOO-BAR",), ())
    assert sent(exchange) == [(CANCEL, "FOO-BAR"), (LIST, "FOO-BAR")]
