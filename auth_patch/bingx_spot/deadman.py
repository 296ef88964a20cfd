"""``DeadMansSwitch``: BingX's cancelAllAfter countdown, armed while a block runs.

BingX cancels every open spot order of the account when the countdown runs out; the switch keeps
re-arming it from a thread (``with``) or an asyncio task (``async with``), and stops it when the
block is left. A process that dies stops re-arming, and BingX fires.
"""

import asyncio
import contextlib
import inspect
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Self

from bingx_spot_client.api.trade import cancel_all_after
from bingx_spot_client.client import AuthenticatedClient
from bingx_spot_client.models import CancelAllAfter, CancelAllAfterResponse
from bingx_spot_client.types import UNSET, Unset

from .auth import BingXAuth, identity
from .errors import BingXError, InvalidArgumentError, NetworkError, ResponseError
from .logs import logger

__all__ = ["DeadMansSwitch", "DeadMansSwitchError"]

MIN_TIMEOUT, MAX_TIMEOUT = 10, 120  # seconds, BingX's bounds for timeOut
FAILED = "FAILED"

# The accounts with a re-arm loop in this process: two loops would each believe they own the
# countdown, and the first to leave would CLOSE it under the other.
_running: set[str] = set()
_running_lock = threading.Lock()


class DeadMansSwitchError(BingXError):
    """BingX answered cancelAllAfter with status ``FAILED``."""

    operation = "cancelAllAfter"


class DeadMansSwitch:
    """Arms BingX's countdown on entering (``ACTIVATE``, ``timeOut=timeout``), re-arms it every
    ``timeout / 3`` seconds, and stops it (``CLOSE``) on leaving the block, also by an exception.

    - ``armed_until``: when BingX would cancel every open spot order (UTC, from its
      ``triggerTime``), or ``None`` when not armed.
    - ``lapsed``: a countdown ran out before a re-arm was sent: BingX has cancelled (or is
      cancelling) every open spot order.
    - A failed re-arm logs a WARNING on the ``bingx_spot`` logger and is tried again after
      ``timeout / 12`` s; one when less than ``timeout / 3`` s are left logs an ERROR, as does the
      countdown running out.
    - Entering raises the :class:`~bingx_spot.BingXError` of a failed ``ACTIVATE`` (the block
      does not run unguarded; a ``CLOSE`` follows one that may have arrived all the same), and
      :class:`~bingx_spot.InvalidArgumentError` when a switch already runs for the same account
      in this process (the account of the client's rate budget, or ``account``).
    - Leaving waits for a re-arm in flight, then sends ``CLOSE``; a failed ``CLOSE`` is logged as
      an ERROR, and raised when the block ended normally (else the block's exception goes on).

    ``on_armed(armed_until)`` is called after each ACTIVATE BingX accepted (on the re-arm thread or
    task, so keep it short); whatever it raises is logged, and the loop goes on.

    ``clock`` (seconds, monotonic) and ``sleep`` (``sleep(seconds)``, awaitable for ``async
    with``) are for tests; without ``sleep`` the loop waits on an event, so leaving is immediate.
    """

    def __init__(
        self,
        client: AuthenticatedClient,
        timeout: int = 60,
        *,
        account: str | None = None,
        on_armed: Callable[[datetime], object] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            raise InvalidArgumentError("timeout must be an integer number of seconds")
        if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
            raise InvalidArgumentError(f"timeout must be within {MIN_TIMEOUT}..{MAX_TIMEOUT} s")
        self.client = client
        self.timeout = timeout
        self.interval = timeout / 3
        self.armed_until: datetime | None = None
        self.lapsed = False
        self._account = _account(client, account)
        self._on_armed = on_armed
        self._clock = clock
        self._sleep = sleep
        self._runs_out: float | None = None  # on ``clock``: the countdown has surely run out then
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._astop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def __repr__(self) -> str:
        return f"DeadMansSwitch(timeout={self.timeout}, armed_until={self.armed_until!r})"

    # -- sync ------------------------------------------------------------------------------

    def __enter__(self) -> Self:
        self._claim()
        try:
            sent = self._clock()
            self._armed(self._send("ACTIVATE"), sent, first=True)
        except BaseException as error:
            if _may_have_armed(error):
                with contextlib.suppress(BingXError):
                    self._send("CLOSE")
            self._release()
            raise
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="bingx-dead-man", daemon=True)
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
            try:
                closed: CancelAllAfter | BingXError = self._send("CLOSE")
            except BingXError as error:
                closed = error
            self._closed(closed, quiet=exc is not None)
        finally:
            self._release()

    def _send(self, kind: str) -> CancelAllAfter:
        time_out: int | Unset = self.timeout if kind == "ACTIVATE" else UNSET
        return _checked(cancel_all_after.sync(client=self.client, type_=kind, time_out=time_out))

    def _loop(self) -> None:
        delay = self.interval
        while not self._pause(delay):
            sent = self._clock()
            try:
                delay = self._armed(self._send("ACTIVATE"), sent)
            except Exception as error:  # whatever broke, keep trying
                delay = self._failed(error)

    def _pause(self, seconds: float) -> bool:
        """Waits; True when the block has been left."""
        if self._sleep is None:
            return self._stop.wait(seconds)
        self._sleep(seconds)
        return self._stop.is_set()

    # -- async -----------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self._claim()
        try:
            sent = self._clock()
            self._armed(await self._asend("ACTIVATE"), sent, first=True)
        except BaseException as error:
            if _may_have_armed(error):
                with contextlib.suppress(BingXError):
                    await self._asend("CLOSE")
            self._release()
            raise
        self._astop = asyncio.Event()
        self._task = asyncio.create_task(self._aloop(self._astop), name="bingx-dead-man")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._astop is not None and self._task is not None:
                self._astop.set()
                await self._task
                self._task = None
            try:
                closed: CancelAllAfter | BingXError = await self._asend("CLOSE")
            except BingXError as error:
                closed = error
            self._closed(closed, quiet=exc is not None)
        finally:
            self._release()

    async def _asend(self, kind: str) -> CancelAllAfter:
        time_out: int | Unset = self.timeout if kind == "ACTIVATE" else UNSET
        answer = await cancel_all_after.asyncio(client=self.client, type_=kind, time_out=time_out)
        return _checked(answer)

    async def _aloop(self, stop: asyncio.Event) -> None:
        delay = self.interval
        while not await self._apause(stop, delay):
            sent = self._clock()
            try:
                delay = self._armed(await self._asend("ACTIVATE"), sent)
            except Exception as error:  # whatever broke, keep trying
                delay = self._failed(error)

    async def _apause(self, stop: asyncio.Event, seconds: float) -> bool:
        if self._sleep is None:
            try:
                await asyncio.wait_for(stop.wait(), seconds)
            except TimeoutError:
                return False
            return True
        waited = self._sleep(seconds)
        if inspect.isawaitable(waited):
            await waited
        return stop.is_set()

    # -- both ------------------------------------------------------------------------------

    def _armed(self, data: CancelAllAfter, sent: float, *, first: bool = False) -> float:
        """Keeps what BingX answered to ACTIVATE; the seconds until the next re-arm."""
        if not first and self._runs_out is not None and sent >= self._runs_out:
            self._lapse()
        self._runs_out = sent + self.timeout  # BingX started counting after ``sent``
        trigger = data.trigger_time
        if isinstance(trigger, int) and trigger > 0:
            self.armed_until = datetime.fromtimestamp(trigger / 1000, UTC)
        else:
            self.armed_until = datetime.now(UTC) + timedelta(seconds=self.timeout)
        if self._on_armed is not None:
            try:
                self._on_armed(self.armed_until)
            except Exception:  # a caller's bug must not pass for a failed re-arm
                logger.exception("dead man's switch: on_armed raised")
        return max(0.0, sent + self.interval - self._clock())

    def _failed(self, error: Exception) -> float:
        """Logs a failed re-arm; the seconds until the next try."""
        left = (self._runs_out or 0.0) - self._clock()
        if left <= 0:
            self._lapse()
        elif left <= self.interval:
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

    def _lapse(self) -> None:
        if not self.lapsed:
            logger.error(
                "dead man's switch: the countdown ran out before a re-arm (armed until %s): "
                "BingX cancels every open spot order",
                self.armed_until,
            )
        self.lapsed = True
        self.armed_until = None

    def _closed(self, outcome: CancelAllAfter | BingXError, *, quiet: bool) -> None:
        if not isinstance(outcome, BingXError):
            self.armed_until = None
            return
        logger.error(
            "dead man's switch: CLOSE failed (%s); BingX cancels every open spot order at %s",
            _describe(outcome),
            self.armed_until,
        )
        if not quiet:
            raise outcome

    def _claim(self) -> None:
        with _running_lock:
            if self._account in _running:
                raise InvalidArgumentError(
                    "a DeadMansSwitch already runs for this account in this process"
                )
            _running.add(self._account)

    def _release(self) -> None:
        with _running_lock:
            _running.discard(self._account)


def _checked(answer: CancelAllAfterResponse) -> CancelAllAfter:
    """The answer's data; status FAILED raises. Other statuses, known or not, are kept."""
    data = answer.data
    if data.status == FAILED:
        note = data.note if isinstance(data.note, str) else ""
        raise DeadMansSwitchError(f"BingX answered cancelAllAfter with FAILED: {note!r}")
    return data


def _may_have_armed(error: BaseException) -> bool:
    """A failed first ACTIVATE that may have reached BingX: a countdown may run unwatched."""
    return isinstance(error, NetworkError | ResponseError)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _account(client: AuthenticatedClient, account: str | None) -> str:
    """Whose countdown: the account whose rate budget the client spends (``BingXAuth.account``:
    ``make_client``'s ``account``, else its API key, hashed), or ``account`` when given."""
    if account is not None:
        return identity(account)
    auth = client.get_httpx_client().auth  # the signing auth make_client installs
    return auth.account if isinstance(auth, BingXAuth) else identity(client.token)
