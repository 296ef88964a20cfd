"""Client-side rate limiting: one budget per account and operation, shared by every client that
uses the same storage (this process by default; the host file across its processes; Redis
across processes and machines).

Per-account limits (``x-bingx-rate-limit.uid``, 2/s for cancelOpenOrders) are kept as BingX
counts them, in a sliding window: a request starts at once unless the ``rate``-th latest start
on the same account and operation is less than a second old, and then as soon as it is. The
window is widened by :data:`WINDOW_MARGIN` (0.08 s): a request that reaches BingX a little later
than its start (a cold connection) must not make BingX count one too many in its second. An
idle budget sends at once, a burst of ``rate`` goes together, and the Nth request of a busy
account starts within ``(N - 1) / rate`` seconds plus 8 %. Each reservation is one atomic step
on the store (:meth:`bingx_spot.wire.storage.Store.reserve`: memory, the host file, or a Lua script
in Redis). The IP group budgets (``x-bingx-ip-groups``) use ``limits``' moving window.

A client spends the budget of one account (:meth:`Budget.for_account`); the IP group limits
come resolved on each operation (``Operation.ip_limits``). After a 100410 with an unblock time,
:meth:`Account.block` makes every client on the storage hold
that operation until then, or until a later unblock time another answer gave, but never longer
than :data:`MAX_BLOCK`: one read back from a shared storage for longer is cut down there too.
:func:`unblock` lifts an account's blocks. Starts use the wall clock:
machines sharing Redis keep it in sync.

A shared storage that fails or does not answer in time never stops a call: the call keeps to a
budget in this process's memory instead, the outage is logged once (WARNING), and the storage is
asked again :data:`RETRY_AFTER` seconds later (by one call; the others stay local meanwhile).
"""

import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from limits import RateLimitItemPerSecond

from ..errors import NetworkError, RateLimitError
from ..redaction import masked
from . import spec, storage
from .auth import identity
from .logs import logger
from .spec import Operation
from .storage import MemoryStore, NoTime, Store, Unavailable

__all__ = [
    "MAX_BLOCK",
    "PREFIX",
    "RETRY_AFTER",
    "WINDOW_MARGIN",
    "Account",
    "Budget",
    "budget_for",
    "unblock",
]

# Seconds added to each per-account window: the spread, between two requests, of the time from
# their start to BingX's count (a cold connection's handshake, a scheduler's pause).
WINDOW_MARGIN = 0.08
# The longest a rate-limit answer blocks an operation, in seconds. BingX blocks for 5 minutes
# after 100410 and counts errors over an 8-minute window (docs/bingx-facts.md, "Rate limits"): a
# later unblock time (a proxy's bogus Retry-After, an Expire off by a factor of 1000) would
# otherwise stop every client on the storage, the cancel included, for as long as it says.
MAX_BLOCK = 600.0
PREFIX = "bingx_spot"
RETRY_AFTER = 5.0
T = TypeVar("T")
_budgets: dict[str, "Budget"] = {}
_budgets_lock = threading.Lock()


class Budget:
    """The rate budget on one storage (``memory://``, ``redis://host:port/db``, ...).

    ``clock`` (``time.time`` seconds) dates starts and blocks, ``monotonic`` the pause before a
    failed storage is asked again; tests give their own to check the budget's rules without
    waiting them out."""

    def __init__(
        self,
        uri: str,
        *,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        shared = storage.shared(uri, clock=clock)
        self.shown = masked(uri)  # for logs: no password
        self.does_io = shared is not None
        self.retry_after = RETRY_AFTER
        self._clock = clock
        self._monotonic = monotonic
        local = MemoryStore(clock=clock)
        self._local = _Ledger(local, clock)
        self._shared = _Ledger(shared, clock, mirror=local) if shared is not None else None
        self._lock = threading.Lock()
        self._down = False
        self._ask_at = 0.0  # monotonic() when a storage that failed is asked again

    def for_account(self, who: str) -> "Account":
        """This budget as spent by the account ``who`` (``BingXAuth.account``, a hash)."""
        return Account(self, who)

    def _reserve(self, op: Operation, who: str, deadline: float) -> tuple[float, bool]:
        return self._run(lambda ledger: ledger.reserve(op, who, deadline))

    def _hold(self, op: Operation, who: str, deadline: float) -> tuple[float, int]:
        return self._run(lambda ledger: ledger.hold(op, who, deadline))

    def _settle(
        self, op: Operation, who: str, planned_ms: int, left_ms: int, deadline: float
    ) -> None:
        if op.uid_rate and left_ms > planned_ms:  # else nothing to ask: no sign of the storage
            self._run(lambda ledger: ledger.settle(op, who, planned_ms, left_ms, deadline))

    def _block(self, op: Operation, who: str, until_ms: int, deadline: float) -> None:
        until_ms = min(until_ms, int((self._clock() + MAX_BLOCK) * 1000))
        self._local.block(op, who, until_ms, deadline)  # also holds if the storage fails later
        if self._shared is not None:
            self._run(lambda ledger: ledger.block(op, who, until_ms, deadline))

    def _unblock(self, who: str, deadline: float) -> None:
        for ledger in (self._local, self._shared):
            if ledger is not None:
                ledger.unblock(who, deadline)

    def _run(self, work: Callable[["_Ledger"], T]) -> T:
        """``work`` on the shared storage, or on the local budget when that one is unavailable."""
        if self._shared is None or not self._ask_shared():
            return work(self._local)
        try:
            result = work(self._shared)
        except NoTime:
            return work(self._local)
        except Unavailable as exc:
            self._failed(str(exc))
            return work(self._local)
        except RateLimitError:
            self._answered()
            raise
        self._answered()
        return result

    def _ask_shared(self) -> bool:
        if not self._down:
            return True
        with self._lock:
            now = self._monotonic()
            if now < self._ask_at:
                return False
            self._ask_at = now + self.retry_after  # this call asks; the others stay local
            return True

    def _failed(self, reason: str) -> None:
        with self._lock:
            self._ask_at = self._monotonic() + self.retry_after
            first = not self._down
            self._down = True
        if first:
            logger.warning(
                "rate limit storage %s unavailable (%s): keeping to this process's own budget, "
                "asking it again every %g s",
                self.shown,
                reason,
                self.retry_after,
            )

    def _answered(self) -> None:
        if not self._down:
            return
        with self._lock:
            was_down, self._down = self._down, False
        if was_down:
            logger.info(
                "rate limit storage %s answers again: back to the shared budget", self.shown
            )


class Account:
    """A :class:`Budget` as one account spends it: every client of the account shares it."""

    __slots__ = ("_budget", "does_io", "who")

    def __init__(self, budget: Budget, who: str) -> None:
        self._budget = budget
        self.who = who
        self.does_io = budget.does_io  # a storage round trip: the async driver runs it in a thread

    def reserve(self, op: Operation, deadline: float) -> tuple[float, bool]:
        """Asks budget for one request to ``op``: (seconds to wait, granted). Granted, send after
        the wait; not granted (blocked, or an IP window full), wait and ask again. Raises
        :class:`RateLimitError`, sending nothing, when budget would come after ``deadline`` (a
        ``time.time()`` value)."""
        return self._budget._reserve(op, self.who, deadline)

    def block(self, op: Operation, until_ms: int, deadline: float) -> None:
        """No client on this storage sends to ``op`` for this account before ``until_ms``; a
        block already in force until later stays as it is."""
        self._budget._block(op, self.who, until_ms, deadline)

    def hold(self, op: Operation, deadline: float) -> tuple[float, int]:
        """For a request whose start has come, right before it is sent: (seconds it waits
        still, the departure reserved for it, ms since the epoch). Departures are a sliding
        window of their own, counted from when each request left (:meth:`settle`), not from
        its start, so one that left late (a cold connection, a busy machine) holds the next.
        Raises :class:`RateLimitError`, sending nothing, when a block became known while it
        waited, or when its departure would come after ``deadline``."""
        return self._budget._hold(op, self.who, deadline)

    def settle(self, op: Operation, planned_ms: int, left_ms: int, deadline: float) -> None:
        """The request :meth:`hold` gave ``planned_ms`` left at ``left_ms`` (ms since the
        epoch): BingX counts it from when it arrives."""
        self._budget._settle(op, self.who, planned_ms, left_ms, deadline)


class _Ledger:
    """The bookkeeping of a budget on one store. A shared ledger also records each start in
    ``mirror``, the local store: switching to the local budget when the storage fails, and back
    when it answers, this process still counts the starts it took on the other side."""

    def __init__(
        self, store: Store, clock: Callable[[], float], mirror: Store | None = None
    ) -> None:
        self._store = store
        self._clock = clock
        self._mirror = mirror

    def reserve(self, op: Operation, who: str, deadline: float) -> tuple[float, bool]:
        now = self._clock()
        key = _key(who, op, "unblock_at")
        blocked = self._store.until(key, deadline) / 1000
        if blocked > now + MAX_BLOCK:
            # No client writes a block this long (see Budget._block): another writer's, or one
            # from a clock far ahead. Capped as written ones are, and in the store too, so that
            # it ends for every client rather than always lasting MAX_BLOCK from now.
            blocked = now + MAX_BLOCK
            self._store.lower(key, int(blocked * 1000), deadline)
        if blocked > now:
            return _until(blocked, now, op, deadline, why=_BLOCKED), False
        for count, seconds, scope in op.ip_limits:
            free_at = self._store.hit(_item(count, seconds), f"{PREFIX}/{scope}", deadline)
            if free_at is not None:
                return _until(free_at, now, op, deadline), False
        start = self._claim_start(op, who, now, deadline) if op.uid_rate else now
        return start - now, True

    def hold(self, op: Operation, who: str, deadline: float) -> tuple[float, int]:
        now = self._clock()
        blocked = self._store.until(_key(who, op, "unblock_at"), deadline) / 1000
        if blocked > now:  # learnt while this request waited for its start
            raise _late(op, min(blocked, now + MAX_BLOCK), _BLOCKED)
        if not op.uid_rate:
            return 0.0, int(now * 1000)
        start_ms = self._reserve(op, who, "left", now, deadline)
        return max(start_ms / 1000 - now, 0.0), start_ms

    def settle(
        self, op: Operation, who: str, planned_ms: int, left_ms: int, deadline: float
    ) -> None:
        if op.uid_rate:
            limit = _window(float(op.uid_rate))[0]
            key = _key(who, op, "left")
            for store in (self._store, self._mirror):  # the mirror: counted if the store fails
                if store is not None:
                    store.replace(key, planned_ms, left_ms, limit, deadline)

    def block(self, op: Operation, who: str, until_ms: int, deadline: float) -> None:
        if until_ms > self._clock() * 1000:
            self._store.extend(_key(who, op, "unblock_at"), until_ms, deadline)

    def unblock(self, who: str, deadline: float) -> None:
        for op in spec.load().operations:
            self._store.forget(_key(who, op, "unblock_at"), deadline)

    def _claim_start(self, op: Operation, who: str, now: float, deadline: float) -> float:
        """When this request may start: now, or once the window of the ``limit``-th latest
        start has passed (a sliding window, as BingX counts)."""
        return max(self._reserve(op, who, "starts", now, deadline) / 1000, now)

    def _reserve(self, op: Operation, who: str, log: str, now: float, deadline: float) -> int:
        """A place in ``op``'s sliding window ``log`` (starts, or departures): its time in ms,
        also kept in the mirror. Raises, recording nothing, when it comes after ``deadline``."""
        limit, window_ms = _window(float(op.uid_rate or 1))
        key, now_ms = _key(who, op, log), int(now * 1000)
        start_ms = self._store.reserve(key, limit, window_ms, now_ms=now_ms, deadline=deadline)
        if start_ms > deadline * 1000:
            raise _late(op, start_ms / 1000)
        if self._mirror is not None:
            self._mirror.reserve(
                key, limit, window_ms, now_ms=now_ms, deadline=deadline, at_ms=start_ms
            )
        return start_ms


def _window(rate: float) -> tuple[int, int]:
    """``rate`` requests per second as (requests, window in ms): 2/s is 2 in any 1.08 s (the
    window widened by :data:`WINDOW_MARGIN`), 0.5/s 1 in any 2.08 s."""
    if rate >= 1:
        limit, seconds = int(rate), 1.0
    else:
        limit, seconds = 1, 1 / rate
    return limit, round((seconds + WINDOW_MARGIN) * 1000)


@cache
def _item(count: int, seconds: int) -> Any:
    return RateLimitItemPerSecond(count, seconds)


_BLOCKED = "BingX blocks this account on it (a 100410 the budget's storage remembers)"


def _until(at: float, now: float, op: Operation, deadline: float, why: str = "") -> float:
    if at > deadline:
        raise _late(op, at, why)
    return max(at - now, 0.001)


def _key(who: str, op: Operation, what: str) -> str:
    return f"{PREFIX}/{who}/{op.operation_id}/{what}"


def _late(op: Operation, at: float, why: str = "") -> RateLimitError:
    reason = why or "no rate budget before the call's deadline"
    error = RateLimitError(
        f"{op.operation_id}: {reason}; sending may resume at {int(at * 1000)} ms"
    )
    error.operation = op.operation_id
    error.retry_at = int(at * 1000)
    error.sent = False  # refused before sending: no request of this call left for it
    error.attempts = 0
    return error


def budget_for(uri: str) -> Budget:
    """One budget per storage URI in the process: every client on it shares it."""
    with _budgets_lock:
        if uri not in _budgets:
            _budgets[uri] = Budget(uri)
        return _budgets[uri]


def reset_budgets() -> None:
    """Forgets every budget of this process: clients made from now on start with a fresh one,
    clients made before keep theirs. For tests that make their own clients
    (``bingx_spot.testing.reset_budgets``); what a shared storage such as Redis holds stays."""
    with _budgets_lock:
        _budgets.clear()


def unblock(uri: str, account: str, timeout: float = 5.0) -> None:
    """Lifts every block on ``account`` (the ``account`` given to ``make_client``, else the API
    key) in the storage at ``uri``, for every process using it, and in this process. Raises
    :class:`~bingx_spot.InvalidArgumentError` for a bad ``uri``, and
    :class:`~bingx_spot.NetworkError` when the storage does not answer within ``timeout`` s."""
    try:
        budget_for(uri)._unblock(identity(account), time.time() + timeout)
    except Unavailable as exc:
        raise NetworkError(f"rate limit storage {masked(uri)}: {exc}", sent=False) from None
