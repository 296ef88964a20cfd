"""Client-side rate limiting: one budget per API key and operation, shared by every client that
uses the same storage (this process by default; Redis across processes and machines).

Storage and atomicity come from ``limits``. Per-key limits (``x-bingx-rate-limit.uid``, 2/s for
cancelOpenOrders) are granted as time slots of ``(1 / rate) * (1 + MARGIN)`` seconds, each
claimed with one atomic ``incr``; a request starts at the start of its slot, or at once when
the current slot and the next are both free (it takes both). BingX counts arrivals
per sliding second, and a request on a cold connection arrives later than one on a warm one, so
grants spaced at exactly 2/s let three arrive within a second there: slots keep every request
``2 * MARGIN / rate`` seconds (0.2 s at 2/s) further from the one two before it than the limit
needs. (``limits``' moving windows count whole seconds only, and Redis has no sub-second EXPIRE:
they could not hold that margin.) The IP group budgets (``x-bingx-ip-groups``) use ``limits``'
moving window as they are.

After a 100410 with an unblock time, :meth:`Budget.block` makes every client on the storage hold
that operation until then. Slots use the wall clock: machines sharing Redis keep it in sync.
"""

import hashlib
import math
import threading
import time
from typing import Any

from .errors import InvalidArgumentError, RateLimitError
from .spec import Operation, Spec

__all__ = ["MARGIN", "Budget", "budget_for", "identity"]

MARGIN = 0.2
_PREFIX = "bingx_spot"
_budgets: dict[str, "Budget"] = {}
_budgets_lock = threading.Lock()


def identity(base_url: str, api_key: str) -> str:
    """Whose budget: the account (by its API key) on one exchange. Never the key itself."""
    return hashlib.sha256(f"{base_url}|{api_key}".encode()).hexdigest()[:24]


class Budget:
    """The rate budget on one storage (``memory://``, ``redis://host:port/db``, ...)."""

    def __init__(self, uri: str) -> None:
        from limits.errors import ConfigurationError  # noqa: PLC0415 - loaded on first use
        from limits.storage import Storage, storage_from_string  # noqa: PLC0415
        from limits.strategies import MovingWindowRateLimiter  # noqa: PLC0415

        try:
            storage = storage_from_string(uri)
        except ConfigurationError as exc:
            hint = " (pip install 'bingx-spot-sdk[redis]')" if "redis" in uri else ""
            raise InvalidArgumentError(f"rate_limit_storage: {exc}{hint}") from None
        if not isinstance(storage, Storage):
            raise InvalidArgumentError("rate_limit_storage: give the plain URI, not async+...")
        self._storage = storage
        self._windows = MovingWindowRateLimiter(self._storage)
        self.does_io = not uri.startswith("memory")

    def reserve(self, op: Operation, who: str, spec: Spec, deadline: float) -> tuple[float, bool]:
        """Asks budget for one request to ``op``: (seconds to wait, granted). Granted, send after
        the wait; not granted (blocked, or an IP window full), wait and ask again. Raises
        :class:`RateLimitError`, sending nothing, when budget would come after ``deadline`` (a
        ``time.time()`` value)."""
        now = time.time()
        blocked = self._blocked_until(op, who)
        if blocked > now:
            return self._until(blocked, now, op, deadline), False
        for limit, scope in self._ip_limits(op, spec):
            if not self._windows.hit(limit, _PREFIX, scope):
                free_at = self._windows.get_window_stats(limit, _PREFIX, scope).reset_time
                return self._until(free_at, now, op, deadline), False
        start = self._claim_slot(op, who, now, deadline) if op.uid_rate else now
        return start - now, True

    def block(self, op: Operation, who: str, until_ms: int) -> None:
        """No client on this storage sends to ``op`` for ``who`` before ``until_ms``."""
        seconds = until_ms / 1000 - time.time()
        if seconds > 0:
            self._storage.incr(self._key(who, op, "blocked"), math.ceil(seconds))

    def _blocked_until(self, op: Operation, who: str) -> float:
        key = self._key(who, op, "blocked")
        return self._storage.get_expiry(key) if self._storage.get(key) > 0 else 0.0

    def _claim_slot(self, op: Operation, who: str, now: float, deadline: float) -> float:
        """When this request may start: now, or the start of the next free slot."""
        length = (1 / float(op.uid_rate or 1)) * (1 + MARGIN)
        current = math.floor(now / length)
        # Starting inside a slot that began earlier is safe when the next one is ours too.
        if self._claim(op, who, current, now, length):
            if self._claim(op, who, current + 1, now, length):
                return now
            current += 1
        slot = current + 1
        while slot * length <= deadline:
            if self._claim(op, who, slot, now, length):
                return slot * length
            slot += 1
        raise self._late(op, slot * length)

    def _claim(self, op: Operation, who: str, slot: int, now: float, length: float) -> bool:
        lifetime = math.ceil((slot + 1) * length - now) + 1  # outlives its slot
        return self._storage.incr(self._key(who, op, f"slot/{slot}"), lifetime) == 1

    def _ip_limits(self, op: Operation, spec: Spec) -> list[tuple[Any, str]]:
        from limits import RateLimitItemPerSecond  # noqa: PLC0415

        group = spec.ip_groups.get(op.ip_group or "", {})
        scopes = [("total", f"ip/{op.ip_group}"), ("perEndpoint", f"ip/{op.ip_group}/{op.path}")]
        return [
            (RateLimitItemPerSecond(group[name]["limit"], group[name]["seconds"]), scope)
            for name, scope in scopes
            if name in group
        ]

    def _until(self, at: float, now: float, op: Operation, deadline: float) -> float:
        if at > deadline:
            raise self._late(op, at)
        return max(at - now, 0.001)

    @staticmethod
    def _key(who: str, op: Operation, what: str) -> str:
        return f"{_PREFIX}/{who}/{op.operation_id}/{what}"

    @staticmethod
    def _late(op: Operation, at: float) -> RateLimitError:
        error = RateLimitError(
            f"{op.operation_id}: no rate budget before the call's deadline; "
            f"sending may resume at {int(at * 1000)} ms"
        )
        error.operation = op.operation_id
        error.retry_at = int(at * 1000)
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
