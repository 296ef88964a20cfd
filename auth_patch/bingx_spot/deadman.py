"""``DeadMansSwitch``: BingX's cancelAllAfter countdown, armed while a block runs.

BingX cancels every open spot order of the account when the countdown runs out; the switch keeps
re-arming it from a thread (``with``) or an asyncio task (``async with``), and stops it when the
block is left (or, with ``on_exit="keep"``, leaves it to fire). A process that dies stops
re-arming, and BingX fires.

BingX's facts it relies on (docs/bingx-facts.md, "Cancel all after"): ``triggerTime`` is in
seconds in every example BingX published (ms above 10^11, :func:`bingx_spot.wire.clock.epoch_ms`),
``0`` when no countdown runs; ``timeOut`` goes with CLOSE too; 1 request per second; while the
mass cancel of a countdown that ran out is under way, BingX refuses ACTIVATE and CLOSE.

``with`` and ``async with`` share one core, as the retry plan (:mod:`bingx_spot.wire.retry`) and
:func:`~bingx_spot.cancel_all` do: the switch's generators decide everything and yield
:class:`_Send` and :class:`_Wait` steps; the sync driver performs them in the caller and a
thread, the async driver in the caller and a task, and hands back each outcome or error.
"""

import asyncio
import contextlib
import inspect
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import httpx

from bingx_spot_client.api.trade import cancel_all_after
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelAllAfter, CancelAllAfterResponse
from bingx_spot_client.types import UNSET, Unset

from .errors import (
    BingXAPIError,
    BingXError,
    InvalidArgumentError,
    NetworkError,
    RateLimitError,
    ResponseError,
    clean,
)
from .redaction import redact
from .wire import spec
from .wire.auth import BingXAuth, identity
from .wire.clock import LATEST_MS, epoch_ms
from .wire.logs import logger

__all__ = ["DeadMansSwitch", "DeadMansSwitchError", "NotArmedError"]

MIN_TIMEOUT, MAX_TIMEOUT = 10, 120  # seconds, BingX's bounds for timeOut
FAILED, CLOSED = "FAILED", "CLOSED"
ON_EXIT = ("close", "keep")  # what leaving the block does to the countdown
# The first ACTIVATE carries its own recvWindow: BingX refuses it once this is past its
# timestamp, so after this (and a margin for the clocks) a lost one can no longer arm.
RECV_WINDOW_MS = 5000
CLOCK_MARGIN_S = 1.0
OPERATION = "cancelAllAfter"

# The accounts with a re-arm loop in this process: two loops would each believe they own the
# countdown, and the first to leave would CLOSE it under the other.
_running: set[str] = set()
_running_lock = threading.Lock()


class DeadMansSwitchError(BingXError):
    """BingX answered cancelAllAfter with status ``FAILED``."""

    operation = OPERATION


class NotArmedError(DeadMansSwitchError):
    """``armed_until`` was read while no countdown is armed: before entering, or after CLOSE.
    Nothing is sent to raise it."""

    attempts = 0
    sent = False


@dataclass(frozen=True, slots=True)
class _Send:
    """One cancelAllAfter request; the driver hands back its parsed answer."""

    kind: str  # ACTIVATE or CLOSE
    window: int | Unset  # its recvWindow


@dataclass(frozen=True, slots=True)
class _Wait:
    """A pause, ended at once by leaving the block when ``until_left``; the driver hands back
    whether the block has been left."""

    seconds: float
    until_left: bool = False


Step = _Send | _Wait
Plan = Generator[Step, Any, None]


class DeadMansSwitch:
    """Arms BingX's countdown on entering (``ACTIVATE``, ``timeOut=timeout``), keeps re-arming
    it, and stops it (``CLOSE``, ``timeOut`` too) on leaving the block, also by an exception.

    - ``armed_until`` (a ``datetime``, UTC): BingX's ``triggerTime`` of the countdown last armed
      (seconds below 10^11, ms above), when it cancels every open spot order; after a lapse, when
      it did, until a re-arm succeeds. It is never estimated: reading it before entering, after a
      CLOSE BingX accepted, or after BingX answered a re-arm with no countdown (``status``
      ``CLOSED`` or ``triggerTime`` 0) raises :class:`NotArmedError`.
    - ``lapsed``: a countdown ran out before a re-arm reached BingX (time passed its trigger
      time; a re-arm or CLOSE was answered after it; BingX's new ``triggerTime`` shows the new
      countdown began after the old one ended; or BingX refused a re-arm or CLOSE after it, as it
      does while its mass cancel runs): BingX has cancelled every open spot order. Each such
      countdown logs one ERROR naming when it ran out; re-arming then goes on at the normal pace.
    - Re-arms go out a third of the way through what BingX reported as left (``triggerTime``),
      at the latest ``timeout / 3`` s after the last successful one was sent, never faster than
      cancelAllAfter's rate in the spec (1 per second).
    - A failed re-arm logs a WARNING on the ``bingx_spot`` logger and is tried again after
      ``timeout / 12`` s; one when less than ``timeout / 3`` s are left logs an ERROR. A re-arm
      BingX answers with no countdown logs an ERROR (the block is unguarded) and is tried again
      at once, at the rate's pace.
    - Entering raises the :class:`~bingx_spot.BingXError` of a failed ``ACTIVATE`` (the block
      does not run unguarded), a :class:`DeadMansSwitchError` when BingX answers it with no
      countdown. When a failed ACTIVATE may have arrived all the same (an attempt was sent), a
      ``CLOSE`` follows at once and another once BingX would refuse it as too old (its
      recvWindow, ``RECV_WINDOW_MS``, and a margin): entering then takes about 6 s longer. When
      no attempt can have reached BingX (``NetworkError.sent`` false: connection refused, DNS),
      the error is raised at once, with no CLOSE.
    - :class:`~bingx_spot.InvalidArgumentError` when a switch already runs for the same account
      in this process: ``account``, else the account of the client's rate budget
      (``make_client``'s ``account``, else its API key), whatever the host.
    - Leaving waits for a re-arm in flight, then, with ``on_exit="close"`` (the default), sends
      ``CLOSE``; a failed ``CLOSE`` is logged as an ERROR, and raised when the block ended
      normally (else the block's exception goes on). With ``on_exit="keep"`` it stops re-arming
      and sends nothing: BingX cancels every open spot order at ``armed_until``, which stays
      readable (a block that cancels everything when it ends, whatever way it ends).
    - Texts BingX sends (a FAILED answer's ``note`` may echo the request) are redacted, kept on
      one line and bounded, like every server text the SDK keeps.

    ``on_armed(armed_until)`` is called after each ACTIVATE BingX accepted (on the re-arm thread or
    task, so keep it short and never let it block); whatever it raises, ``SystemExit`` included,
    is logged, and the loop goes on. ``asyncio.CancelledError`` alone passes: it cancels the
    ``async with`` (or its re-arm task) as it would any other await.

    ``clock`` (seconds, monotonic) and ``sleep`` (``sleep(seconds)``, awaitable for ``async
    with``) are for tests; without ``sleep`` the loop waits on an event, so leaving is immediate.
    BingX's clock is read from the client's signing clock.
    """

    def __init__(
        self,
        client: AuthenticatedClient,
        timeout: int = 60,
        *,
        account: str | None = None,
        on_armed: Callable[[datetime], object] | None = None,
        on_exit: str = "close",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            raise InvalidArgumentError("timeout must be an integer number of seconds")
        if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
            raise InvalidArgumentError(f"timeout must be within {MIN_TIMEOUT}..{MAX_TIMEOUT} s")
        if on_exit not in ON_EXIT:
            raise InvalidArgumentError(f"on_exit must be one of {', '.join(ON_EXIT)}")
        self.client = client
        self.on_exit = on_exit
        self.timeout = timeout
        self.interval = timeout / 3
        self.lapsed = False
        self._named = account
        self._account = ""
        self._auth: httpx.Auth | None = None
        self._on_armed = on_armed
        self._clock = clock
        self._sleep = sleep
        self._until: datetime | None = None
        self._trigger_ms: int | None = None  # BingX's triggerTime of the countdown last armed
        self._deadline: float | None = None  # on ``clock``: when that countdown runs out
        self._told: float | None = None  # the deadline whose lapse was logged
        self._next = self.interval
        self._min_delay = _pace()
        self._last_sent: float | None = None  # on ``clock``: when the last request came back
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._astop = asyncio.Event()  # made again on each ``async with``: one serves one loop
        self._task: asyncio.Task[None] | None = None

    @property
    def armed_until(self) -> datetime:
        """When BingX cancels every open spot order unless re-armed (UTC)."""
        if self._until is None:
            raise NotArmedError(
                "the dead man's switch is not armed (not entered, closed, or BingX's last answer "
                "held no countdown)"
            )
        return self._until

    def __repr__(self) -> str:
        return (
            f"DeadMansSwitch(timeout={self.timeout}, on_exit={self.on_exit!r}, "
            f"armed_until={self._until!r})"
        )

    # -- the drivers: each performs the core's steps, in the caller, then a thread or a task --

    def __enter__(self) -> Self:
        self._drive(self._entering(self.client.get_httpx_client().auth))
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._drive, args=(self._rearming(),), name="bingx-dead-man", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._stop.set()
            if self._thread is not None:
                self._thread.join()
                self._thread = None
            self._drive(self._leaving(quiet=exc is not None))
        finally:
            self._release()

    def _drive(self, plan: Plan) -> None:
        # Each step's outcome goes back to the core, and so does whatever it raised: the core
        # judges every failure, a KeyboardInterrupt or a cancelled task too.
        with contextlib.suppress(StopIteration):
            step = next(plan)
            while True:
                try:
                    outcome = self._perform(step)
                except BaseException as error:
                    step = plan.throw(error)
                else:
                    step = plan.send(outcome)

    def _perform(self, step: Step) -> object:
        if isinstance(step, _Send):
            return cancel_all_after.sync(
                client=self.client, type_=step.kind, time_out=self.timeout, recv_window=step.window
            )
        if self._sleep is None and step.until_left:
            return self._stop.wait(step.seconds)
        (self._sleep or time.sleep)(step.seconds)
        return self._stop.is_set()

    async def __aenter__(self) -> Self:
        await self._adrive(self._entering(self.client.get_async_httpx_client().auth))
        self._astop = asyncio.Event()
        # A thread is never cancelled; a task is, and that ends its loop.
        rearming = self._rearming(ends=(asyncio.CancelledError,))
        self._task = asyncio.create_task(self._adrive(rearming), name="bingx-dead-man")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._astop.set()
            if self._task is not None:
                await self._task
                self._task = None
            await self._adrive(self._leaving(quiet=exc is not None))
        finally:
            self._release()

    async def _adrive(self, plan: Plan) -> None:
        with contextlib.suppress(StopIteration):
            step = next(plan)
            while True:
                try:
                    outcome = await self._aperform(step)
                except BaseException as error:
                    step = plan.throw(error)
                else:
                    step = plan.send(outcome)

    async def _aperform(self, step: Step) -> object:
        if isinstance(step, _Send):
            return await cancel_all_after.asyncio(
                client=self.client, type_=step.kind, time_out=self.timeout, recv_window=step.window
            )
        if self._sleep is None and step.until_left:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._astop.wait(), step.seconds)
        else:
            waited = (self._sleep or asyncio.sleep)(step.seconds)
            if inspect.isawaitable(waited):
                await waited
        return self._astop.is_set()

    # -- the core: every decision, once for both drivers ------------------------------------

    def _entering(self, auth: httpx.Auth | None) -> Plan:
        """Claims the account and arms the countdown. When that fails, the account is let go,
        after CLOSEs for a countdown the failed ACTIVATE may have armed all the same."""
        self._auth = auth
        self._account = _account(self.client, auth, self._named)
        with _running_lock:
            if self._account in _running:
                raise InvalidArgumentError(
                    "a DeadMansSwitch already runs for this account in this process"
                )
            _running.add(self._account)
        try:
            sent = self._clock()
            answer = yield from self._request("ACTIVATE", first=True)
            self._next = self._armed(answer, sent, first=True)
        except BaseException as error:
            try:
                if _may_have_armed(error):
                    yield from self._unarm(error)
            finally:
                self._release()
            raise

    def _unarm(self, error: BaseException) -> Plan:
        """CLOSEs a countdown a failed first ACTIVATE may have started: now, and again once
        BingX would refuse that ACTIVATE as too old."""
        with contextlib.suppress(BingXError):
            yield from self._request("CLOSE")
        yield _Wait(self._settle())
        try:
            yield from self._request("CLOSE")
        except BingXError as closing:
            logger.error(
                "dead man's switch: the first ACTIVATE failed (%s) but may have reached BingX, and "
                "CLOSE failed (%s): BingX may cancel every open spot order within %d s",
                _describe(error),
                _describe(closing),
                self.timeout,
            )

    def _rearming(self, ends: tuple[type[BaseException], ...] = ()) -> Plan:
        """Re-arms until the block is left. Whatever breaks a re-arm, SystemExit too, is logged
        and tried again; only ``ends`` stops the loop."""
        delay = self._next
        while not (yield _Wait(delay, until_left=True)):
            sent = self._clock()
            try:
                delay = self._armed((yield from self._request("ACTIVATE")), sent)
            except ends:
                raise
            except BaseException as error:
                delay = self._failed(error)

    def _leaving(self, *, quiet: bool) -> Plan:
        """Once the re-arms have stopped: CLOSE, or nothing with ``on_exit="keep"``. A failed
        CLOSE raises unless the block raised (``quiet``)."""
        self._ran_out()
        if self.on_exit == "keep":
            logger.info(
                "dead man's switch: left without CLOSE (on_exit='keep'): BingX cancels every open "
                "spot order at %s",
                _shown(self._until),
            )
            return
        try:
            closed: CancelAllAfter | BingXError = yield from self._request("CLOSE")
        except BingXError as error:
            closed = error
        late = self._passed()  # answered (or refused) only after the countdown's end
        if late and isinstance(closed, BingXError) and _refused(closed):
            self._fired(closed)
        elif late:
            self._lapse(
                "dead man's switch: CLOSE was answered only after the countdown's end at %s: "
                "BingX may have cancelled every open spot order"
            )
        if not isinstance(closed, BingXError):
            self._until = self._trigger_ms = self._deadline = None
        elif not late:
            logger.error(
                "dead man's switch: CLOSE failed (%s); BingX cancels every open spot order at %s",
                _describe(closed),
                _shown(self._until),
            )
            if not quiet:
                raise closed

    def _request(self, kind: str, *, first: bool = False) -> Generator[Step, Any, CancelAllAfter]:
        """One cancelAllAfter, its answer's data. It keeps to cancelAllAfter's rate after the last
        one, with or without the client's rate budget (a CLOSE right after a re-arm, too)."""
        if self._last_sent is not None:
            wait = self._last_sent + self._min_delay - self._clock()
            if wait > 0:
                yield _Wait(wait)
        try:
            answer = yield _Send(kind, RECV_WINDOW_MS if first else UNSET)
        finally:
            # Counted from when it was answered (or failed), by when it had surely arrived:
            # a request that reached BingX late must not bring the next one within its second.
            self._last_sent = self._clock()
        return _checked(answer, self._redact)

    def _redact(self, text: str) -> str:
        if isinstance(self._auth, BingXAuth):
            return self._auth.redact(text)
        return redact(text, self.client.token)

    def _settle(self) -> float:
        return RECV_WINDOW_MS / 1000 + CLOCK_MARGIN_S

    def _now_ms(self) -> int:
        """BingX's clock as the client signs by it."""
        if isinstance(self._auth, BingXAuth):
            return self._auth.clock.now()
        return time.time_ns() // 1_000_000

    def _armed(self, data: CancelAllAfter, sent: float, *, first: bool = False) -> float:
        """Keeps what BingX answered to ACTIVATE; the seconds until the next re-arm."""
        answered, now_ms = self._clock(), self._now_ms()
        trigger = _trigger_ms(data)
        if trigger is None:
            return self._unarmed(data, first=first)
        # BingX started counting after ``sent``; its trigger, in seconds, may be up to 1 s
        # early: the earlier of the two is when this countdown surely still runs.
        deadline = min(sent + self.timeout, answered + (trigger - now_ms) / 1000)
        if not first:
            self._late(trigger, answered)
        self._until = datetime.fromtimestamp(trigger / 1000, UTC)
        self._trigger_ms, self._deadline = trigger, deadline
        if self._on_armed is not None:
            try:
                self._on_armed(self._until)
            except asyncio.CancelledError:
                raise
            except BaseException:  # a caller's bug, SystemExit too, must not stop the re-arms
                logger.exception("dead man's switch: on_armed raised")
        # A third of the way through what is left, so two thirds remain for failed tries.
        due = min(sent + self.interval, answered + (deadline - answered) / 3)
        return max(self._min_delay, due - self._clock())

    def _unarmed(self, data: CancelAllAfter, *, first: bool) -> float:
        """BingX answered ACTIVATE with no countdown (``CLOSED``, ``triggerTime`` 0): nothing
        guards the orders. Entering raises; a re-arm says so and is tried again at once."""
        what = f"status {self._redact(str(data.status))[:40]!r}, triggerTime {data.trigger_time!r}"
        if first:
            raise DeadMansSwitchError(f"BingX answered ACTIVATE without a countdown ({what})")
        self._until = self._trigger_ms = self._deadline = None
        logger.error(
            "dead man's switch: BingX answered a re-arm without a countdown (%s): nothing is "
            "armed; re-arming",
            what,
        )
        return self._min_delay

    def _late(self, trigger: int | None, answered: float) -> None:
        """Tells a re-arm that came too late: the countdown it was to extend had run out."""
        old, deadline = self._trigger_ms, self._deadline
        if trigger is not None and old is not None and trigger - self.timeout * 1000 >= old:
            self._lapse(
                "dead man's switch: the countdown ran out at %s before the re-arm reached BingX "
                "(its new countdown began after it): BingX cancelled every open spot order"
            )
        elif deadline is not None and answered >= deadline:
            self._lapse(
                "dead man's switch: a re-arm was answered only after the countdown's end at %s: "
                "BingX may have cancelled every open spot order"
            )

    def _failed(self, error: BaseException) -> float:
        """Logs a failed re-arm; the seconds until the next try."""
        if self._passed():
            if _refused(error):
                self._fired(error)
                return self.interval  # BingX is cancelling everything: ask at the normal pace
            self._ran_out()
            return self.interval / 4
        if self._deadline is None:  # BingX's last answer armed nothing
            logger.error(
                "dead man's switch: re-arm failed (%s); nothing is armed", _describe(error)
            )
            return self.interval / 4
        left = self._deadline - self._clock()
        if left <= self.interval:
            logger.error(
                "dead man's switch: re-arm failed (%s); BingX cancels every open spot order "
                "in %.1f s unless a re-arm succeeds",
                _describe(error),
                left,
            )
        else:
            logger.warning(
                "dead man's switch: re-arm failed (%s); %.1f s left", _describe(error), left
            )
        return self.interval / 4

    def _passed(self) -> bool:
        """The countdown last armed has run out, by the local clock or by BingX's."""
        if self._deadline is not None and self._clock() >= self._deadline:
            return True
        return self._trigger_ms is not None and self._now_ms() >= self._trigger_ms

    def _ran_out(self) -> None:
        if self._passed():
            self._lapse(
                "dead man's switch: the countdown ran out at %s with no re-arm: BingX cancels "
                "every open spot order"
            )

    def _fired(self, error: BaseException) -> None:
        self._lapse(
            "dead man's switch: the countdown ran out at %s with no re-arm, and BingX refused "
            f"the next request ({_describe(error).replace('%', '%%')}) as it does while it "
            "cancels: the switch has fired, BingX cancelled every open spot order"
        )

    def _lapse(self, message: str) -> None:
        """Sets ``lapsed``; logs each countdown that ran out once."""
        self.lapsed = True
        if self._told != self._deadline:
            self._told = self._deadline
            logger.error(message, _shown(self._until))

    def _release(self) -> None:
        with _running_lock:
            _running.discard(self._account)


def _checked(answer: CancelAllAfterResponse, redactor: Callable[[str], str]) -> CancelAllAfter:
    """The answer's data; status FAILED raises, its note made safe to keep (it may echo the
    request: the key, the signature). Other statuses, known or not, are kept."""
    data = answer.data
    if data.status == FAILED:
        note = clean(data.note, redactor) if isinstance(data.note, str) else ""
        raise DeadMansSwitchError(f"BingX answered cancelAllAfter with FAILED: {note!r}")
    return data


def _trigger_ms(data: CancelAllAfter) -> int | None:
    """When BingX's countdown ends, in ms; ``None`` when the answer holds none (``CLOSED``, or a
    ``triggerTime`` of 0). A ``triggerTime`` that is no time (negative, past the year 5138) is a
    broken answer: :class:`~bingx_spot.ResponseError`."""
    reported = data.trigger_time
    if data.status == CLOSED or reported == 0:
        return None
    if not 0 < reported < LATEST_MS:
        raise ResponseError(
            f"{OPERATION}: triggerTime {reported} is not a time",
            status_code=200,
            content_type="application/json",
            snippet="",
            operation=OPERATION,
        )
    return epoch_ms(reported)


def _pace() -> float:
    """The shortest pause between two cancelAllAfter requests: its per-UID rate in the spec."""
    found = next((op for op in spec.load().operations if op.operation_id == OPERATION), None)
    rate = found.uid_rate if found is not None and found.uid_rate else 1.0
    return 1.0 / rate


def _refused(error: BaseException) -> bool:
    """BingX answered and refused (not a rate limit): what it does while its mass cancel runs."""
    return isinstance(error, BingXAPIError) and not isinstance(error, RateLimitError)


def _may_have_armed(error: BaseException) -> bool:
    """A failed first ACTIVATE that may have reached BingX: a countdown may run unwatched. A
    NetworkError with ``sent`` false had no attempt that can have arrived."""
    if isinstance(error, NetworkError):
        return error.sent
    return isinstance(error, ResponseError)


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _shown(moment: datetime | None) -> str:
    return "an unknown time" if moment is None else moment.isoformat(timespec="milliseconds")


def _account(client: AuthenticatedClient, auth: httpx.Auth | None, account: str | None) -> str:
    """Whose countdown, named as the rate budget names it: ``account``, else the client's
    (``BingXAuth.account``: ``make_client``'s ``account``, else its API key; a hash, no host)."""
    if account is not None:
        return identity(account)
    if isinstance(auth, BingXAuth):
        return auth.account
    return identity(client.token)  # a client not from make_client carries the key there
