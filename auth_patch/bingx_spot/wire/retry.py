"""What a call does after a failure, the same for every operation, sync and async.

:func:`plan` does no I/O: it yields :class:`Send` and :class:`Wait` steps that the transport's
sync and async drivers carry out, so both follow one policy:

- network failures, HTTP 5xx and BingX's busy codes are retried with exponential backoff and
  jitter, re-signed with a fresh timestamp, at most ``max_retries`` times and within
  ``deadline`` for the whole call. Ambiguous failures (the request may have arrived: a read
  timeout, a reset, a 5xx, and a busy code, which does not say the request was not carried
  out) only for idempotent operations (``x-bingx-idempotent``, GETs);
- an HTTP 200 whose body is not JSON (cut short, or a proxy's page) is retried like a 5xx;
- HTTP 429 is never re-sent inside the rate window: it waits until ``retry_at`` (the window's
  end from ``X-RateLimit-Requests-Expire``, or ``Retry-After``) when that fits the deadline and
  ``max_retry_after``, and raises at once otherwise, or when the answer gives no time;
- rate-limit codes (100410, 109429) and HTTP 418 are never retried here;
- an operation that is not idempotent but carries a client id (``x-bingx-client-id``, a
  placement) is, after an ambiguous failure, looked up by that id once the attempt's
  ``recvWindow`` has passed (BingX refuses it after that, should it still arrive): the order
  found is returned as the operation's own answer when it matches the request (the spec's
  ``match``: a reused id may name an older order), and raises the failure when it does not;
  only the lookup's "no such order" code sends it again (fresh timestamp and signature, the
  same id); a lookup that proves nothing raises the failure with ``sent`` true and
  ``client_order_id``. One order, never two;
- a timestamp error (100421 about the timestamp) reads the server's clock once
  (:mod:`bingx_spot.wire.clock` judges the answer and keeps the offset for later calls), and retries
  once; when no usable time comes, the timestamp error is raised with the reason;
- anything else raises at once.

With a rate budget (:mod:`bingx_spot.wire.ratelimit`), every request first takes its share, waiting
within the same deadline; a rate-limit answer with an unblock time holds every client sharing
the budget until then. When no budget comes before the deadline (or a known block outlasts it),
the budget's RateLimitError is raised without sending: ``attempts`` counts only the requests
that left before it, ``sent`` says whether one of them may have reached BingX.

Under :func:`watch`, the plan keeps a :class:`Progress` up to date at every step, so whoever
interrupts a call (Ctrl-C, a cancelled task) can tell "may have reached BingX" from "not sent".
"""

import logging
import random
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeGuard

import httpx

from ..errors import (
    BingXAPIError,
    BingXError,
    HTTPRateLimitError,
    InvalidArgumentError,
    NetworkError,
    RateLimitError,
    ResponseError,
    ServerBusyError,
    TimestampError,
)
from . import responses
from .auth import BingXAuth, Prepared
from .clock import LATEST_MS, epoch_ms
from .logs import AUDIT, audit_log, logger
from .network import WRITTEN_AT
from .ratelimit import Account
from .spec import ClientId, Operation, Spec

__all__ = [
    "MAX_SECONDS",
    "SETTLE_MARGIN",
    "Call",
    "Plan",
    "Progress",
    "Retries",
    "Send",
    "Wait",
    "plan",
    "watch",
]

# The longest deadline, timeout or delay accepted: a day, far beyond any call worth waiting for,
# and far below what sockets and timers overflow on.
MAX_SECONDS = 86400.0
# The clocks' disagreement, in seconds: the server's clock and ours differ by what the offset
# could not measure (half a round trip, a clock never synced). Waited beyond an attempt's
# recvWindow before its lookup; and an order the lookup finds may say it was placed this much
# before the first attempt's timestamp and still be the call's.
SETTLE_MARGIN = 1.0


@dataclass(frozen=True, slots=True)
class Retries:
    """How hard a call tries. Delays are in seconds."""

    max_retries: int = 2  # requests after the first; 0 turns retrying off
    backoff: float = 0.2  # the first delay, doubled each time, times a random 0.5..1
    max_backoff: float = 2.0
    max_retry_after: float = 10.0  # the longest an HTTP 429 is waited; longer, it raises
    deadline: float = 30.0  # for the whole call, waits and retries included

    def __post_init__(self) -> None:
        # Checked here, not at the first call: a value the clocks and sockets cannot take
        # (inf, nan, 1e12 s) would make every call fail without sending.
        if type(self.max_retries) is not int or self.max_retries < 0:
            raise InvalidArgumentError("Retries.max_retries must be an integer >= 0")
        for name in ("backoff", "max_backoff", "max_retry_after", "deadline"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidArgumentError(f"Retries.{name} must be a number of seconds")
            if not 0 <= value <= MAX_SECONDS:
                raise InvalidArgumentError(
                    f"Retries.{name} must be between 0 and {MAX_SECONDS:g} seconds"
                )
        if self.deadline == 0:
            raise InvalidArgumentError("Retries.deadline must be more than 0 seconds")


@dataclass(frozen=True, slots=True)
class Send:
    request: httpx.Request


@dataclass(frozen=True, slots=True)
class Wait:
    seconds: float
    reason: str = ""  # for the log: "rate budget", "HTTP 429 window", ...


@dataclass(frozen=True, slots=True)
class Call:
    """Storage work of the rate budget; ``io``: it talks to a server (the async driver runs it in
    a worker thread)."""

    run: Callable[[], Any]
    io: bool


@dataclass(slots=True)
class Progress:
    """What the calls made under :func:`watch` have sent so far. ``sent``: a request may have
    reached BingX; true from the moment one is handed to the network, false while the calls
    only waited (for rate budget, a backoff), were refused before sending, or each attempt
    surely never left (a refused connect)."""

    sent: bool = False


_progress: ContextVar[Progress | None] = ContextVar("bingx_spot_progress", default=None)


@contextmanager
def watch() -> Iterator[Progress]:
    """The :class:`Progress` of every call made in this context (thread, or task) inside the
    ``with`` block: read it after an interruption to know whether anything may have left."""
    progress = Progress()
    token = _progress.set(progress)
    try:
        yield progress
    finally:
        _progress.reset(token)


# A NetworkError, or a ResponseError for a body over the transport's cap.
Outcome = httpx.Response | NetworkError | ResponseError
Step = Send | Wait | Call
Plan = Generator[Step, Any, httpx.Response]


def plan(
    request: httpx.Request,
    *,
    auth: BingXAuth,
    spec: Spec,
    retries: Retries,
    budget: Account | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    jitter: Callable[[], float] = random.random,
) -> Plan:
    """Sends ``request`` (prepared by ``auth``, or prepared here) until it succeeds or the
    policy gives up. Each attempt is signed once, right before it is sent; the first is
    ``request`` itself, each later one a copy."""
    call = _resolve(request, auth, budget)
    op = call.op
    deadline = monotonic() + retries.deadline
    env = _Env(auth, spec, budget, deadline, monotonic)
    attempts = retried = 0
    clock_synced = False
    reached = False  # an earlier attempt may have reached BingX
    first_ms: int | None = None  # the first attempt's timestamp
    progress = _progress.get() or Progress()  # unwatched: kept, read by nobody
    before = progress.sent  # an earlier call under the same watch
    while True:
        planned_ms = None
        if budget is not None and op is not None:
            planned_ms = yield from _take_budget(
                budget, op, deadline - monotonic(), attempts, reached
            )
        attempts += 1
        if attempts > 1:
            request = _copy(request)  # each attempt stays what it was for whoever kept it
        signed_at = monotonic()
        auth.sign(request, call)
        first_ms = auth.signed_ms(request) if first_ms is None else first_ms
        _limit_timeouts(request, deadline - monotonic())
        progress.sent = True  # from here on, it may arrive
        outcome = yield Send(request)
        assert outcome is not None
        yield from _settle(budget, op, planned_ms, outcome, deadline - monotonic())
        judged = _judge(request, outcome, op, env)
        if isinstance(judged, httpx.Response):
            return judged
        error = _note(judged, attempts, call)
        reached = _reached(error, reached)
        progress.sent = before or reached
        if isinstance(error, RateLimitError) and budget and op and error.retry_at:
            yield _block(budget, op, error.retry_at, deadline - monotonic())
        if isinstance(error, TimestampError) and not clock_synced and spec.clock is not None:
            clock_synced = True
            failed = yield from _sync_clock(request, auth, spec.clock)
            if failed:
                error.args = (f"{error.args[0]} (clock sync failed: {failed})", *error.args[1:])
                raise error
        else:
            delay = _delay(error, outcome, op=op, retries=retries, retried=retried, jitter=jitter)
            if delay is None and _looked_up(op, call, error, outcome):
                found = yield from _look_up(request, call, env, signed_at, first_ms)
                if isinstance(found, httpx.Response):
                    return found
                delay = _not_placed(error, call, found, _backoff(retries, retried, jitter))
            if delay is None or retried >= retries.max_retries or monotonic() + delay >= deadline:
                raise error
            retried += 1
            logger.info(
                "%s %s failed (%s), retry %d of %d in %.2f s",
                request.method,
                request.url.path,
                _summary(error),
                retried,
                retries.max_retries,
                delay,
            )
            yield Wait(delay, _reason(error, retried, retries.max_retries))


@dataclass(frozen=True, slots=True)
class _Env:
    """What a call's plan works with, for the steps it delegates."""

    auth: BingXAuth
    spec: Spec
    budget: Account | None
    deadline: float  # on ``monotonic``
    monotonic: Callable[[], float]


def _judge(
    request: httpx.Request, outcome: Outcome, op: Operation | None, env: _Env
) -> httpx.Response | BingXError:
    """The answer for the parser, or the error ``outcome`` stands for; audited either way."""
    if isinstance(outcome, BingXError):  # the transport's: no answer, or one over the cap
        judged: httpx.Response | BingXError = outcome
    else:
        judged = responses.judge(outcome, op, env.spec, env.auth.redact)
    _audit(request, op, env.auth, outcome, judged if isinstance(judged, BingXError) else None)
    return judged


def _note(error: BingXError, attempts: int, call: Prepared) -> BingXError:
    """``error`` with what the call knows: its attempts, operation and client id."""
    error.attempts = attempts
    error.client_order_id = call.client_id
    if error.operation is None and call.op is not None:
        error.operation = call.op.operation_id
    return error


def _audit(
    request: httpx.Request,
    op: Operation | None,
    auth: BingXAuth,
    outcome: Outcome,
    error: BingXError | None,
) -> None:
    """One record on the ``bingx_spot.audit`` logger per request that may have left (the
    command's ``--audit FILE`` writes them as JSON lines): when, whose (the account's hash),
    which operation and symbol, the outcome and BingX's code. Never a key, secret or signature.
    Free when nobody listens."""
    if not audit_log.isEnabledFor(logging.INFO):
        return
    if isinstance(error, NetworkError) and not error.sent:
        return  # it never left
    written = outcome.extensions.get(WRITTEN_AT) if isinstance(outcome, httpx.Response) else None
    entry = {
        "left_ms": int((written if isinstance(written, float) else time.time()) * 1000),
        "account": auth.account,
        "operation": op.operation_id if op is not None else request.url.path,
        "symbol": request.url.params.get("symbol"),
        "outcome": "ok" if error is None else type(error).__name__,
        "code": error.code if isinstance(error, BingXAPIError) else (0 if error is None else None),
        "http": outcome.status_code if isinstance(outcome, httpx.Response) else None,
    }
    audit_log.info("request", extra={AUDIT: entry})


def _reached(error: BingXError, before: bool) -> bool:
    """Whether any attempt so far may have reached BingX; ``sent`` on a NetworkError then
    speaks for the whole call, false only when no attempt can have arrived."""
    if not isinstance(error, NetworkError):
        return True  # BingX answered
    error.sent = error.sent or before
    return error.sent


def _resolve(request: httpx.Request, auth: BingXAuth, budget: Account | None) -> Prepared:
    call = auth.prepared(request)
    if budget is not None:
        auth.check(call)  # a bad argument is refused before any wait for budget
    return call


def _take_budget(
    budget: Account, op: Operation, remaining: float, attempts: int, reached: bool
) -> Generator[Step, Any, int]:
    """Waits for ``op``'s budget; the departure it reserved (ms since the epoch). Raises the
    budget's RateLimitError when none comes before the deadline, or a block became known,
    counting the ``attempts`` that left before it (``reached``: one may have arrived)."""
    deadline = time.time() + remaining
    while True:
        wait, granted = yield from _ask(
            lambda: budget.reserve(op, deadline), budget, attempts, reached
        )
        if wait > 0:
            yield Wait(wait, reason="rate budget")
        if granted:
            break
    # Its start has come; the requests before it may have left later than theirs (a cold
    # connection, a busy machine), and BingX counts them as they arrive.
    wait, planned_ms = yield from _ask(lambda: budget.hold(op, deadline), budget, attempts, reached)
    if wait > 0:
        yield Wait(wait, reason="rate budget")
    return int(planned_ms)


def _ask(
    work: Callable[[], Any], budget: Account, attempts: int, reached: bool
) -> Generator[Step, Any, Any]:
    """``work``'s answer from the budget; its RateLimitError raised here, counting the
    ``attempts`` that left before it (returned by the Call, not raised: a driver would raise it
    past the plan, which knows the attempts)."""

    def run() -> Any:
        try:
            return work()
        except RateLimitError as refused:
            return refused

    answer = yield Call(run, budget.does_io)
    if isinstance(answer, RateLimitError):
        answer.attempts, answer.sent = attempts, reached
        raise answer
    return answer


def _settle(
    budget: Account | None,
    op: Operation | None,
    planned_ms: int | None,
    outcome: Outcome,
    remaining: float,
) -> Generator[Step, Any, None]:
    """Tells the budget when the request left (the transport's record of when it was written,
    else now, when its answer or failure came), unless it surely never left."""
    if budget is None or op is None or planned_ms is None or not op.uid_rate:
        return
    if isinstance(outcome, NetworkError) and not outcome.sent:
        return
    written = outcome.extensions.get(WRITTEN_AT) if isinstance(outcome, httpx.Response) else None
    left_ms = int((written if isinstance(written, float) else time.time()) * 1000)
    deadline = time.time() + remaining
    yield Call(lambda: budget.settle(op, planned_ms, left_ms, deadline), budget.does_io)


def _block(budget: Account, op: Operation, until_ms: int, remaining: float) -> Call:
    deadline = time.time() + remaining
    return Call(lambda: budget.block(op, until_ms, deadline), budget.does_io)


def _looked_up(op: Operation | None, call: Prepared, error: BingXError, outcome: Outcome) -> bool:
    """An ambiguous failure of a call that is not idempotent and carries a client id: what the
    lookup is for."""
    return (
        op is not None
        and not op.idempotent
        and op.client_id is not None
        and call.client_id is not None
        and _ambiguous(error, outcome)
    )


@dataclass(frozen=True, slots=True)
class _Other:
    """The lookup found an order with that client id that is not the call's: why not."""

    reason: str


Found = httpx.Response | _Other | str | None


def _look_up(
    request: httpx.Request, call: Prepared, env: _Env, signed_at: float, first_ms: int | None
) -> Generator[Step, Any, Found]:
    """Asks the spec's lookup operation for the client id ``call`` carries. Returns the answer
    found, as ``call``'s own operation's answer, when it matches the call (:func:`_other`,
    against ``first_ms``, the first attempt's timestamp); :class:`_Other` when it does not;
    ``None`` when BingX says none exists (one of the lookup's ``notFound`` codes) and the
    attempt can no longer arrive; else why the lookup proves nothing.

    It first waits until ``request``'s ``recvWindow`` has passed since it was signed (and
    :data:`SETTLE_MARGIN`): BingX refuses it after that, should it still be on its way, so a
    "no such order" then means it never will be one. When that wait does not fit the deadline,
    it asks at once: an order found is still found, but "none" proves nothing."""
    op, monotonic, budget = call.op, env.monotonic, env.budget
    assert op is not None
    assert op.client_id is not None
    lookup = env.spec.operation(op.client_id.lookup)
    assert lookup is not None  # the spec checks it names one
    settles = signed_at + env.auth.window_ms(call) / 1000 + SETTLE_MARGIN
    now = monotonic()  # read once: a second reading may be past ``settles``, a negative wait
    settled = now >= settles
    if not settled and settles < env.deadline:
        yield Wait(settles - now, "until the attempt's recvWindow has passed")
        settled = True
    no_time = f"the call's deadline left no time to ask {lookup.operation_id}"
    if env.deadline - monotonic() <= 0:
        return no_time
    asking, prepared = env.auth.lookup(call, lookup, request)
    planned_ms = None
    if budget is not None:
        try:
            planned_ms = yield from _take_budget(
                budget, lookup, env.deadline - monotonic(), 0, True
            )
        except RateLimitError:
            # The deadline used up while waiting is the deadline's doing, not the budget's.
            no_room = f"the rate budget gave no room to ask {lookup.operation_id} in time"
            return no_time if env.deadline - monotonic() <= 0 else no_room
    env.auth.sign(asking, prepared)
    _limit_timeouts(asking, env.deadline - monotonic())
    outcome = yield Send(asking)
    assert outcome is not None
    yield from _settle(budget, lookup, planned_ms, outcome, env.deadline - monotonic())
    judged = _judge(asking, outcome, lookup, env)
    if isinstance(judged, httpx.Response):
        return _found(judged, request, call, env, first_ms)
    if isinstance(judged, BingXAPIError) and judged.code in op.client_id.not_found:
        if settled:
            return None
        return f"{lookup.operation_id} found none yet, but the attempt could still arrive"
    return f"{lookup.operation_id} failed: {_summary(judged)}"


def _found(
    judged: httpx.Response, request: httpx.Request, call: Prepared, env: _Env, first_ms: int | None
) -> Found:
    """The lookup's success: the call's own answer when the order matches the call."""
    op = call.op
    assert op is not None
    assert op.client_id is not None
    answer = responses.judge(_as_answer(judged, request), op, env.spec, env.auth.redact)
    if not isinstance(answer, httpx.Response):
        return f"{op.client_id.lookup} found one its answer cannot stand for ({answer})"
    other = _other(op.client_id, responses.loads(judged.content), call, first_ms)
    if other is not None:
        return other
    logger.info(
        "%s: the order with client order id %s exists; its lookup is the answer",
        op.operation_id,
        call.client_id,
    )
    return answer


def _other(made: ClientId, doc: Any, call: Prepared, first_ms: int | None) -> _Other | str | None:
    """Why the order ``doc`` (the lookup's answer) is not the one ``call`` placed: a field the
    spec's ``match`` names differs from the request's parameter, or it was placed before the
    first attempt was signed (``first_ms``, less :data:`SETTLE_MARGIN`); a text when the
    answer does not say what must be compared; ``None`` when it is the call's."""
    given = dict(call.params)
    for path, name, needed in [(p, n, True) for p, n in made.match] + [
        (p, n, False) for p, n in made.match_when_present
    ]:
        if name not in given:
            continue  # nothing to compare with
        value = _field(doc, path)
        if value is None or value == "":
            if needed:
                return f"{made.lookup}'s answer does not say {path}"
            continue
        if not _same(value, given[name]):
            return _Other(f"its {path} is not the request's {name}")
    placed = next((v for p in made.placed_at if (v := _field(doc, p)) is not None), None)
    margin_ms = round(SETTLE_MARGIN * 1000)
    if first_ms is not None and _instant(placed) and epoch_ms(placed) < first_ms - margin_ms:
        return _Other("it was placed before this placement was sent")
    return None


def _field(doc: Any, path: str) -> Any:
    """The value at a dotted path of a JSON document, or ``None``."""
    for key in path.split("."):
        if not isinstance(doc, dict):
            return None
        doc = doc.get(key)
    return doc


def _same(value: Any, text: str) -> bool:
    """An answer's scalar is the request's text, case aside."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return False
    return str(value).casefold() == text.casefold()


def _instant(value: Any) -> TypeGuard[int | float]:
    """A number that can be an instant (seconds or ms since the epoch)."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and 0 <= value < LATEST_MS  # NaN is not
    )


def _as_answer(found: httpx.Response, request: httpx.Request) -> httpx.Response:
    """The lookup's answer, as the answer to ``request``, to be judged as one."""
    return responses.JudgedResponse(
        found.status_code,
        headers=[(k, v) for k, v in found.headers.multi_items() if k.lower() != "content-length"],
        content=found.content,
        request=request,
    )


def _not_placed(
    error: BingXError, call: Prepared, found: _Other | str | None, backoff: float
) -> float:
    """The wait before sending the call again, when its lookup found no order (``found`` is
    ``None``); else raises ``error``: saying that an order with another content holds the id
    (:class:`_Other`: never the answer, never sent again), or that the order may exist and how
    to find it."""
    if isinstance(found, _Other):
        error.sent = True
        note = (
            f"an order with another content holds client order id {call.client_id}: "
            f"{found.reason}; whether this placement exists that id cannot tell (client ids "
            "must be unique per order)"
        )
        error.args = (f"{error.args[0]} ({note})", *error.args[1:])
        raise error
    if found is not None:
        error.sent = True
        note = f"the order may exist: {found}; look it up by client order id {call.client_id}"
        error.args = (f"{error.args[0]} ({note})", *error.args[1:])
        raise error
    note = f"BingX has no order with client order id {call.client_id}"
    error.args = (f"{error.args[0]} ({note})", *error.args[1:])
    return backoff


def _backoff(retries: Retries, retried: int, jitter: Callable[[], float]) -> float:
    return min(retries.max_backoff, retries.backoff * 2.0**retried) * (0.5 + jitter() / 2)


def _ambiguous(error: BingXError, outcome: Outcome) -> bool:
    """The request may have reached BingX and no word of BingX came back that says what became
    of it: a network failure after it may have left, a 5xx, a 200 whose body is not JSON, a busy
    code (BingX does not say that a busy answer's request was not carried out)."""
    if isinstance(error, NetworkError):
        return error.sent
    if isinstance(error, ServerBusyError):
        return True
    if isinstance(error, RateLimitError) or not isinstance(error, ResponseError):
        return False
    return error is not outcome and _garbled(error, outcome)


def _delay(
    error: BingXError,
    outcome: Outcome,
    *,
    op: Operation | None,
    retries: Retries,
    retried: int,
    jitter: Callable[[], float],
) -> float | None:
    """Seconds to wait before the next attempt, or ``None`` when this failure is final."""
    backoff = _backoff(retries, retried, jitter)
    idempotent = op is not None and op.idempotent
    if isinstance(error, RateLimitError):
        return _window_left(error, retries)
    if isinstance(error, NetworkError) and not error.sent:
        return backoff  # it never left
    # A ResponseError the transport made (a body over the cap) would come again: not retried.
    # A busy code is ambiguous too: only an idempotent operation is sent again blindly.
    if _ambiguous(error, outcome):
        return backoff if idempotent else None
    return None


def _window_left(error: RateLimitError, retries: Retries) -> float | None:
    """Until an HTTP 429's window ends, if the answer said when and it is not too long."""
    if not isinstance(error, HTTPRateLimitError) or error.status_code != 429:
        return None  # 100410 / 418: waiting belongs to the caller (or the rate limiter)
    if error.retry_at is None:
        return None  # no time given: any re-send could land inside the window (then 418)
    wait = max(0.0, error.retry_at / 1000 - time.time())
    return wait if wait <= retries.max_retry_after else None


def _garbled(error: ResponseError, outcome: Outcome) -> bool:
    """A 5xx, or a 200 whose body is not JSON: the request may have been processed and the
    answer lost on the way."""
    status = error.status_code or 0
    if status >= 500:
        return True
    return (
        status == 200
        and isinstance(outcome, httpx.Response)
        and not responses.is_json(outcome.content)
    )


def _reason(error: BingXError, retried: int, max_retries: int) -> str:
    if isinstance(error, HTTPRateLimitError):
        return "HTTP 429 window"
    return f"retry {retried} of {max_retries} after {_summary(error)}"


def _sync_clock(
    request: httpx.Request, auth: BingXAuth, clock: Operation
) -> Generator[Step, Any, str | None]:
    """Asks the server's time; the reason when no offset could be kept."""
    server = auth.clock
    sent = server.local()
    outcome = yield Send(server.ask(clock, request, auth.base_path))
    failed = server.settle(clock, outcome, sent, server.local())
    if failed is None:
        logger.info("clock offset to the server set to %d ms", server.offset_ms)
    return failed


def _copy(request: httpx.Request) -> httpx.Request:
    """A new request to sign again: each attempt stays what it was for whoever kept it."""
    return httpx.Request(
        request.method,
        request.url,
        headers=request.headers,
        content=request.content,
        extensions=dict(request.extensions),
    )


_PHASES = ("connect", "read", "write", "pool")  # httpx's timeouts


def _limit_timeouts(request: httpx.Request, remaining: float) -> None:
    """No attempt may outlive the call's deadline."""
    remaining = max(remaining, 0.001)
    timeouts = request.extensions.get("timeout", {})
    request.extensions["timeout"] = {
        phase: remaining if (limit := timeouts.get(phase)) is None else min(limit, remaining)
        for phase in _PHASES
    }


def _summary(error: BingXError) -> str:
    if isinstance(error, BingXAPIError):
        return f"BingX error {error.code}"
    return type(error).__name__ + (f" HTTP {error.status_code}" if error.status_code else "")
