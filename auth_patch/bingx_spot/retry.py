"""What a call does after a failure, the same for every operation, sync and async.

:func:`plan` does no I/O: it yields :class:`Send` and :class:`Wait` steps that the transport's
sync and async drivers carry out, so both follow one policy:

- network failures, HTTP 5xx and BingX's busy codes are retried with exponential backoff and
  jitter, re-signed with a fresh timestamp, at most ``max_retries`` times and within
  ``deadline`` for the whole call. Ambiguous failures (the request may have arrived: a read
  timeout, a reset, a 5xx) only for idempotent operations (``x-bingx-idempotent``, GETs);
- HTTP 429 waits for ``Retry-After`` (capped) and retries;
- rate-limit codes (100410, 109429) and HTTP 418 are never retried here;
- a timestamp error (100421 about the timestamp) reads the server's clock once, keeps the
  offset for later calls, and retries once;
- anything else raises at once.

With a rate budget (:mod:`bingx_spot.ratelimit`), every request first takes its share, waiting
within the same deadline; a rate-limit answer with an unblock time holds every client sharing
the budget until then.
"""

import json
import random
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import httpx

from . import responses
from .auth import BingXAuth
from .errors import (
    APIRateLimitError,
    BingXAPIError,
    BingXError,
    NetworkError,
    RateLimitError,
    ResponseError,
    ServerBusyError,
    TimestampError,
)
from .logs import logger
from .ratelimit import Budget
from .spec import Operation, Spec

__all__ = ["Call", "Plan", "Retries", "Send", "Wait", "plan"]


@dataclass(frozen=True, slots=True)
class Retries:
    """How hard a call tries. Delays are in seconds."""

    max_retries: int = 2  # requests after the first; 0 turns retrying off
    backoff: float = 0.2  # the first delay, doubled each time, times a random 0.5..1
    max_backoff: float = 2.0
    max_retry_after: float = 10.0  # the most an HTTP 429's Retry-After is waited
    deadline: float = 30.0  # for the whole call, waits and retries included


@dataclass(frozen=True, slots=True)
class Send:
    request: httpx.Request


@dataclass(frozen=True, slots=True)
class Wait:
    seconds: float
    reason: str = ""  # logged by the transport: "rate budget", "retry 1 of 2 after ..."


@dataclass(frozen=True, slots=True)
class Call:
    """Storage work of the rate budget; ``io``: it talks to a server (the async driver runs it in
    a worker thread)."""

    run: Callable[[], Any]
    io: bool


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
    budget: Budget | None = None,
    who: str = "",
    monotonic: Callable[[], float] = time.monotonic,
    jitter: Callable[[], float] = random.random,
) -> Plan:
    """Sends ``request`` (already signed) until it succeeds or the policy gives up."""
    op = auth.operation(request)
    deadline = monotonic() + retries.deadline
    attempts = retried = 0
    clock_synced = False
    while True:
        attempts += 1
        if budget is not None and op is not None:
            waited = yield from _take_budget(budget, op, who, spec, deadline - monotonic())
            if waited:
                request = auth.sign(_copy(request))  # the timestamp must be fresh
        _limit_timeouts(request, deadline - monotonic())
        outcome = yield Send(request)
        assert outcome is not None
        error = outcome if isinstance(outcome, BingXError) else responses.error(outcome, op, spec)
        if error is None:
            assert isinstance(outcome, httpx.Response)
            return outcome
        error.attempts = attempts
        if error.operation is None and op is not None:
            error.operation = op.operation_id
        if isinstance(error, APIRateLimitError) and budget and op and error.retry_at:
            yield _block(budget, op, who, error.retry_at)
        if isinstance(error, TimestampError) and not clock_synced and spec.clock is not None:
            clock_synced = True
            if not (yield from _sync_clock(request, auth, spec.clock)):
                raise error
        else:
            delay = _delay(error, outcome, op=op, retries=retries, retried=retried, jitter=jitter)
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
            yield Wait(delay, f"retry {retried} of {retries.max_retries} after {_summary(error)}")
        request = auth.sign(_copy(request))


def _take_budget(
    budget: Budget, op: Operation, who: str, spec: Spec, remaining: float
) -> Generator[Step, Any, bool]:
    """Waits for ``op``'s budget; True when it had to wait."""
    deadline = time.time() + remaining
    waited = False
    while True:
        wait, granted = yield Call(lambda: budget.reserve(op, who, spec, deadline), budget.does_io)
        if wait > 0:
            waited = True
            yield Wait(wait, "rate budget")
        if granted:
            return waited


def _block(budget: Budget, op: Operation, who: str, until_ms: int) -> Call:
    return Call(lambda: budget.block(op, who, until_ms), budget.does_io)


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
    backoff = min(retries.max_backoff, retries.backoff * 2.0**retried) * (0.5 + jitter() / 2)
    idempotent = op is not None and op.idempotent
    if isinstance(error, RateLimitError):
        if error.status_code != 429 or isinstance(error, BingXAPIError):
            return None  # 100410 / 418: waiting belongs to the caller (or the rate limiter)
        assert isinstance(outcome, httpx.Response)
        wait = responses.retry_after(outcome)
        return backoff if wait is None else min(wait, retries.max_retry_after)
    if isinstance(error, ServerBusyError):
        return backoff  # refused before processing
    if isinstance(error, NetworkError):
        return backoff if idempotent or not error.sent else None
    # A ResponseError the transport made (a body over the cap) would come again: not retried.
    if (
        isinstance(error, ResponseError)
        and error is not outcome
        and (error.status_code or 0) >= 500
    ):
        return backoff if idempotent else None
    return None


def _sync_clock(
    request: httpx.Request, auth: BingXAuth, clock: Operation
) -> Generator[Step, Any, bool]:
    """Asks the server's time and keeps the offset; False when the answer is unusable."""
    ask = httpx.Request(
        clock.method,
        request.url.copy_with(raw_path=(auth.base_path + clock.path).encode("ascii")),
        headers={"User-Agent": request.headers.get("User-Agent", "")},
        extensions={"timeout": request.extensions.get("timeout", {})},
    )
    sent = auth.clock()
    outcome = yield Send(ask)
    received = auth.clock()
    if not isinstance(outcome, httpx.Response) or outcome.status_code != 200:
        return False
    value: Any
    try:
        value = json.loads(outcome.content)
        for key in (clock.server_time or "").split("."):
            value = value[key]
    except (ValueError, KeyError, TypeError, IndexError):
        return False
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return False
    server_ms = int(value * 1000) if value < 10**11 else int(value)  # some answer seconds
    auth.sync_clock(server_ms, sent, received)
    logger.info("clock offset to the server set to %d ms", auth.offset_ms)
    return True


def _copy(request: httpx.Request) -> httpx.Request:
    """A new request to sign again: each attempt stays what it was for whoever kept it."""
    return httpx.Request(
        request.method,
        request.url,
        headers=request.headers,
        content=request.content,
        extensions=dict(request.extensions),
    )


def _limit_timeouts(request: httpx.Request, remaining: float) -> None:
    """No attempt may outlive the call's deadline."""
    remaining = max(remaining, 0.001)
    timeouts = request.extensions.get("timeout", {})
    request.extensions["timeout"] = {
        phase: remaining if limit is None else min(limit, remaining)
        for phase, limit in {
            **dict.fromkeys(("connect", "read", "write", "pool")),
            **timeouts,
        }.items()
    }


def _summary(error: BingXError) -> str:
    if isinstance(error, BingXAPIError):
        return f"BingX error {error.code}"
    return type(error).__name__ + (f" HTTP {error.status_code}" if error.status_code else "")
