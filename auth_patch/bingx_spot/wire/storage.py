"""Where the rate budget lives: this process's memory, a file every process of this host shares
(``file:///path``, SQLite), or a Redis shared by many hosts.

Each offers the few operations :mod:`bingx_spot.wire.ratelimit` needs: memory and Redis on top of
``limits``' storage, the host file on the standard library's ``sqlite3`` (``limits`` has no file
storage, and SQLite's own locking makes every operation atomic across processes). A store must
never hold a call. The file's lock is waited for at most what is left of the call's deadline (and
:data:`CAP`); a file that is corrupt, unwritable or owned by another user raises
:class:`Unavailable`, as a Redis that is down does. Every Redis operation has connect and read
timeouts of at most :data:`CAP` seconds, together never more than what is left of the call's
deadline, and is tried once (redis-py's own retries would multiply the wait). A store that holds
what no client writes (a block that is no integer) is as unusable. When a store fails or does not
answer in time, the caller falls back to its process-local budget.
"""

import bisect
import os
import sqlite3
import stat
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

# limits is loaded here, not on first use: every client's fallback budget is a MemoryStore, so
# make_client and the command's start to the wire pay for it either way.
from limits.errors import ConfigurationError, StorageError
from limits.storage import MemoryStorage, RedisStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..errors import InvalidArgumentError

# Named here too, where callers have long found them.
from ..redaction import masked, scrub

__all__ = [
    "CAP",
    "FileStore",
    "MemoryStore",
    "NoTime",
    "RedisStore",
    "Store",
    "Unavailable",
    "host_store",
    "masked",
    "scrub",
    "shared",
]

CAP = 0.5
# redis-py sets timeouts per connection pool, not per command: one pool per timeout, and each
# operation takes the longest whose connect and read timeouts together fit in what is left of
# its call's deadline.
TIMEOUTS = (CAP, 0.1, 0.02)
REDIS_SCHEMES = ("redis", "rediss", "redis+unix")
# No client reserves a start this far ahead (ms): one that is, is a clock's or another writer's.
FARTHEST_MS = 600_000
FILE_SCHEME = "file"
T = TypeVar("T")

# A sliding-window reservation (see Store.reserve), atomic in Redis. Times are ms since the epoch.
_RESERVE = b"""
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local start = tonumber(ARGV[5])
while redis.call('LLEN', KEYS[1]) > 0 and
    tonumber(redis.call('LINDEX', KEYS[1], -1)) > now + tonumber(ARGV[6]) do
  redis.call('RPOP', KEYS[1])
end
if ARGV[5] == '' then
  start = now
  if redis.call('LLEN', KEYS[1]) >= limit then
    local earlier = tonumber(redis.call('LINDEX', KEYS[1], -limit)) + window
    if earlier > start then start = earlier end
  end
  if start > tonumber(ARGV[4]) then return start end
end
redis.call('RPUSH', KEYS[1], start)
redis.call('LTRIM', KEYS[1], -limit, -1)
redis.call('PEXPIRE', KEYS[1], start - now + window + 1000)
return start
"""

# One start becomes a later one, the list kept in order (Store.replace); it holds ``limit`` at most.
_REPLACE = b"""
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then
  local starts = redis.call('LRANGE', KEYS[1], 0, -1)
  table.insert(starts, ARGV[2])
  table.sort(starts, function(a, b) return tonumber(a) < tonumber(b) end)
  redis.call('DEL', KEYS[1])
  for i = math.max(1, #starts - tonumber(ARGV[3]) + 1), #starts do
    redis.call('RPUSH', KEYS[1], starts[i])
  end
  redis.call('PEXPIRE', KEYS[1], 600000)
end
"""

# Keeps the later of two unblock times (ms since the epoch); the key lives until then.
_EXTEND = b"""
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
"""
# Brings an unblock time down to ARGV[1] when it is later; a value that is no number stays (it
# is a fault the reader reports).
_LOWER = b"""
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current and current > tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
"""


class Unavailable(Exception):
    """The storage failed or did not answer in time."""


class NoTime(Unavailable):
    """Too little of the call's deadline is left to ask the storage at all."""


class Store:
    """The operations a budget needs. ``deadline`` is a ``time.time()`` value."""

    def reserve(
        self,
        key: str,
        limit: int,
        window_ms: int,
        *,
        now_ms: int,
        deadline: float,
        at_ms: int | None = None,
    ) -> int:
        """A sliding-window reservation on ``key``: when the next request may start (ms since the
        epoch), at ``now_ms`` or once the ``limit``-th latest start on ``key`` is ``window_ms``
        old, so that no ``window_ms`` holds more than ``limit`` starts. Recorded, unless it falls
        after ``deadline``. ``at_ms``: record that start as it is (one reserved on another
        store). A start further than :data:`FARTHEST_MS` ahead is no client's (a clock that was
        ahead, another writer): it is dropped."""
        raise NotImplementedError

    def replace(self, key: str, old_ms: int, new_ms: int, limit: int, deadline: float) -> None:
        """One start ``old_ms`` on ``key`` becomes ``new_ms`` (a request left later than its
        reserved departure); the latest ``limit`` are kept."""
        raise NotImplementedError

    def hit(self, limit: Any, key: str, deadline: float) -> float | None:
        """Takes one from ``limit``'s moving window: ``None``, or when it has room again."""
        raise NotImplementedError

    def extend(self, key: str, until_ms: int, deadline: float) -> None:
        """``key`` holds ``until_ms`` (ms since the epoch) or a later value it already held."""
        raise NotImplementedError

    def until(self, key: str, deadline: float) -> int:
        """What :meth:`extend` left in ``key``; 0 when it is over."""
        raise NotImplementedError

    def lower(self, key: str, until_ms: int, deadline: float) -> None:
        """``key`` holds ``until_ms`` if it held a later value (the key then lives until
        ``until_ms``)."""
        raise NotImplementedError

    def forget(self, key: str, deadline: float) -> None:
        """Removes what :meth:`extend` left in ``key``."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class _Pool:
    timeout: float
    storage: Any  # limits' RedisStorage
    windows: Any  # limits' MovingWindowRateLimiter
    extend: Any  # the registered _EXTEND script
    reserve: Any  # the registered _RESERVE script
    replace: Any  # the registered _REPLACE script
    lower: Any  # the registered _LOWER script


def _hit(windows: Any, limit: Any, key: str) -> float | None:
    if windows.hit(limit, key):
        return None
    reset: float = windows.get_window_stats(limit, key).reset_time
    return reset


class MemoryStore(Store):
    """This process only: cannot fail."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._storage = MemoryStorage()
        self._windows = MovingWindowRateLimiter(self._storage)
        self._untils: dict[str, int] = {}
        self._starts: dict[str, list[int]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def reserve(
        self,
        key: str,
        limit: int,
        window_ms: int,
        *,
        now_ms: int,
        deadline: float,
        at_ms: int | None = None,
    ) -> int:
        with self._lock:
            starts = self._starts.setdefault(key, [])
            while starts and starts[-1] > now_ms + FARTHEST_MS:
                starts.pop()
            start = at_ms
            if start is None:
                start = now_ms
                if len(starts) >= limit:
                    start = max(start, starts[-limit] + window_ms)
                if start > deadline * 1000:
                    return start
            bisect.insort(starts, start)
            del starts[:-limit]
            return start

    def replace(self, key: str, old_ms: int, new_ms: int, limit: int, deadline: float) -> None:
        with self._lock:
            starts = self._starts.get(key, [])
            if old_ms in starts:
                starts.remove(old_ms)
                bisect.insort(starts, new_ms)
                del starts[:-limit]

    def hit(self, limit: Any, key: str, deadline: float) -> float | None:
        return _hit(self._windows, limit, key)

    def extend(self, key: str, until_ms: int, deadline: float) -> None:
        with self._lock:
            self._untils[key] = max(until_ms, self._untils.get(key, 0))

    def until(self, key: str, deadline: float) -> int:
        with self._lock:
            value = self._untils.get(key, 0)
            if value <= self._clock() * 1000:
                self._untils.pop(key, None)
                return 0
            return value

    def lower(self, key: str, until_ms: int, deadline: float) -> None:
        with self._lock:
            if self._untils.get(key, 0) > until_ms:
                self._untils[key] = until_ms

    def forget(self, key: str, deadline: float) -> None:
        with self._lock:
            self._untils.pop(key, None)


class RedisStore(Store):
    """A Redis at ``uri``; each operation bounded in time, never retried."""

    def __init__(self, uri: str, *, clock: Callable[[], float] = time.time) -> None:
        from redis.backoff import NoBackoff  # noqa: PLC0415 - the [redis] extra, if installed
        from redis.retry import Retry  # noqa: PLC0415

        self._pools: list[_Pool] = []
        for timeout in TIMEOUTS:
            storage = storage_from_string(
                uri,
                wrap_exceptions=True,
                socket_connect_timeout=timeout,
                socket_timeout=timeout,
                retry=Retry(NoBackoff(), 0),  # type: ignore[arg-type]
            )
            assert isinstance(storage, RedisStorage)
            connection = storage.get_connection()
            windows = MovingWindowRateLimiter(storage)
            scripts = (
                connection.register_script(_EXTEND),
                connection.register_script(_RESERVE),
                connection.register_script(_REPLACE),
                connection.register_script(_LOWER),
            )
            self._pools.append(_Pool(timeout, storage, windows, *scripts))
        self._uri = uri
        self._clock = clock
        base = self._pools[0].storage.base_exceptions  # redis-py's RedisError
        self._errors: tuple[type[Exception], ...] = (
            StorageError,
            OSError,
            *(base if isinstance(base, tuple) else (base,)),
        )

    def _at(self, deadline: float) -> _Pool:
        left = deadline - self._clock()
        for pool in self._pools:
            if 2 * pool.timeout <= left:  # connecting, then waiting for the answer
                return pool
        raise NoTime(f"{max(left, 0):.3f} s left of the call's deadline")

    def _do(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except self._errors as exc:
            cause = exc.__cause__ or exc  # limits wraps redis-py's error
            raise Unavailable(scrub(f"{type(cause).__name__}: {cause}", self._uri)) from None
        except ValueError:
            # Another writer's value where a count or a time belongs ("garbage", "1.8e12"): the
            # store is as unusable as one that does not answer.
            raise Unavailable("a key holds a value that is not an integer") from None

    def reserve(
        self,
        key: str,
        limit: int,
        window_ms: int,
        *,
        now_ms: int,
        deadline: float,
        at_ms: int | None = None,
    ) -> int:
        pool = self._at(deadline)
        keys = [pool.storage.prefixed_key(key)]
        given = "" if at_ms is None else at_ms
        args = [limit, window_ms, now_ms, int(deadline * 1000), given, FARTHEST_MS]
        return self._do(lambda: _whole(pool.reserve(keys=keys, args=args)))

    def replace(self, key: str, old_ms: int, new_ms: int, limit: int, deadline: float) -> None:
        pool = self._at(deadline)
        keys = [pool.storage.prefixed_key(key)]
        self._do(lambda: pool.replace(keys=keys, args=[old_ms, new_ms, limit]))

    def hit(self, limit: Any, key: str, deadline: float) -> float | None:
        pool = self._at(deadline)
        return self._do(lambda: _hit(pool.windows, limit, key))

    def extend(self, key: str, until_ms: int, deadline: float) -> None:
        self._set(key, until_ms, deadline, lambda pool: pool.extend)

    def lower(self, key: str, until_ms: int, deadline: float) -> None:
        self._set(key, until_ms, deadline, lambda pool: pool.lower)

    def _set(
        self, key: str, until_ms: int, deadline: float, script: Callable[[_Pool], Any]
    ) -> None:
        pool = self._at(deadline)
        lifetime_ms = max(until_ms - int(self._clock() * 1000), 1)
        keys = [pool.storage.prefixed_key(key)]
        self._do(lambda: script(pool)(keys=keys, args=[until_ms, lifetime_ms]))

    def until(self, key: str, deadline: float) -> int:
        pool = self._at(deadline)
        value = self._do(lambda: int(pool.storage.get(key)))
        return value if value > self._clock() * 1000 else 0

    def forget(self, key: str, deadline: float) -> None:
        pool = self._at(deadline)
        self._do(lambda: pool.storage.clear(key))


_SCHEMA = """
CREATE TABLE IF NOT EXISTS starts (key TEXT, at INTEGER);
CREATE INDEX IF NOT EXISTS starts_by_key ON starts (key, at);
CREATE TABLE IF NOT EXISTS hits (key TEXT, at REAL);
CREATE INDEX IF NOT EXISTS hits_by_key ON hits (key, at);
CREATE TABLE IF NOT EXISTS untils (key TEXT PRIMARY KEY, until_ms INTEGER);
"""


class FileStore(Store):
    """A SQLite file every process of this host shares (``file:///path/to/budget.sqlite``).

    Each operation is one transaction that takes the file's write lock first (``BEGIN
    IMMEDIATE``), waiting for it no longer than what is left of the call's deadline, at most
    :data:`CAP`; the file and its folder are made readable by their owner only. A file owned by
    another user is refused (it could pace or block this user's cancels): :class:`Unavailable`.
    """

    def __init__(self, path: str, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._ready = False

    def _do(self, deadline: float, work: Callable[[sqlite3.Connection, float], T]) -> T:
        left = min(CAP, deadline - self._clock())
        if left <= 0:
            raise NoTime(f"{max(left, 0):.3f} s left of the call's deadline")
        try:
            connection = self._open(left)
            # The whole operation, not only the wait for the lock, ends by then: a store filled
            # with rows, or one another program gave triggers, must not hold the call.
            ends = time.monotonic() + left
            connection.set_progress_handler(lambda: time.monotonic() > ends, 10_000)
            try:
                connection.execute("BEGIN IMMEDIATE")
                result = work(connection, self._clock())
                connection.execute("COMMIT")
            finally:
                connection.close()
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise Unavailable(f"{self.path}: {type(exc).__name__}: {exc}") from None
        return result

    def _open(self, timeout: float) -> sqlite3.Connection:
        if not self._ready:
            self._check()
        connection = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        # A ledger of the last seconds: losing its last write to a power cut costs nothing,
        # waiting for the disk on every request would cost the cancel its time to the wire.
        connection.execute("PRAGMA synchronous = OFF")
        if not self._ready:
            connection.executescript(_SCHEMA)
            self._ready = True
        return connection

    def _check(self) -> None:
        """The file is this user's alone: made ``0600`` in a ``0700`` folder, never through a
        symbolic link, never another user's, never in a folder others may replace it in; one
        others could read or write is made ``0600``."""
        folder = os.path.dirname(self.path) or "."
        os.makedirs(folder, mode=0o700, exist_ok=True)
        mode = os.stat(folder).st_mode
        if mode & (stat.S_IWGRP | stat.S_IWOTH) and not mode & stat.S_ISVTX:
            raise PermissionError("others may replace files in its folder")
        flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(self.path, flags, 0o600)
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise PermissionError("not a regular file")
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                raise PermissionError("the file belongs to another user")
            if info.st_mode & 0o077:
                os.fchmod(descriptor, 0o600)
        finally:
            os.close(descriptor)

    def reserve(
        self,
        key: str,
        limit: int,
        window_ms: int,
        *,
        now_ms: int,
        deadline: float,
        at_ms: int | None = None,
    ) -> int:
        def work(db: sqlite3.Connection, now: float) -> int:
            db.execute("DELETE FROM starts WHERE key = ? AND at > ?", (key, now_ms + FARTHEST_MS))
            start = at_ms
            if start is None:
                latest = db.execute(
                    "SELECT at FROM starts WHERE key = ? ORDER BY at DESC LIMIT ?", (key, limit)
                ).fetchall()
                start = now_ms
                if len(latest) >= limit:
                    start = max(start, _whole(latest[-1][0]) + window_ms)
                if start > deadline * 1000:
                    return start
            db.execute("INSERT INTO starts VALUES (?, ?)", (key, start))
            db.execute("DELETE FROM starts WHERE key = ? AND at < ?", (key, start - window_ms))
            return start

        return self._do(deadline, work)

    def replace(self, key: str, old_ms: int, new_ms: int, limit: int, deadline: float) -> None:
        def work(db: sqlite3.Connection, now: float) -> None:
            db.execute(
                "UPDATE starts SET at = ? WHERE rowid = "
                "(SELECT rowid FROM starts WHERE key = ? AND at = ? LIMIT 1)",
                (new_ms, key, old_ms),
            )

        self._do(deadline, work)

    def hit(self, limit: Any, key: str, deadline: float) -> float | None:
        amount, window = int(limit.amount), float(limit.get_expiry())

        def work(db: sqlite3.Connection, now: float) -> float | None:
            db.execute("DELETE FROM hits WHERE key = ? AND at <= ?", (key, now - window))
            rows = db.execute(
                "SELECT at FROM hits WHERE key = ? ORDER BY at DESC LIMIT ?", (key, amount)
            ).fetchall()
            if len(rows) >= amount:
                return float(rows[-1][0]) + window  # when the oldest of them leaves the window
            db.execute("INSERT INTO hits VALUES (?, ?)", (key, now))
            return None

        return self._do(deadline, work)

    def extend(self, key: str, until_ms: int, deadline: float) -> None:
        def work(db: sqlite3.Connection, now: float) -> None:
            db.execute(
                "INSERT INTO untils VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET until_ms = max(until_ms, excluded.until_ms)",
                (key, until_ms),
            )

        self._do(deadline, work)

    def lower(self, key: str, until_ms: int, deadline: float) -> None:
        def work(db: sqlite3.Connection, now: float) -> None:
            db.execute(
                "UPDATE untils SET until_ms = ? WHERE key = ? AND until_ms > ?",
                (until_ms, key, until_ms),
            )

        self._do(deadline, work)

    def until(self, key: str, deadline: float) -> int:
        def work(db: sqlite3.Connection, now: float) -> int:
            row = db.execute("SELECT until_ms FROM untils WHERE key = ?", (key,)).fetchone()
            value = _whole(row[0]) if row else 0
            if value <= now * 1000:
                db.execute("DELETE FROM untils WHERE key = ?", (key,))
                return 0
            return value

        return self._do(deadline, work)

    def forget(self, key: str, deadline: float) -> None:
        self._do(deadline, lambda db, now: db.execute("DELETE FROM untils WHERE key = ?", (key,)))


def _whole(value: object) -> int:
    """An integer the file holds; anything else (a file another program wrote) is a fault of
    the store, never a ``ValueError`` in a call."""
    if type(value) is not int:
        raise ValueError(f"the store holds {type(value).__name__}, not an integer")
    return value


def host_store() -> str:
    """The URI of this user's host store: ``rate-limit.sqlite`` under ``$XDG_STATE_HOME``
    (default ``~/.local/state``) in ``bingx-spot/``; the command's default budget."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return "file://" + os.path.join(os.path.abspath(base), "bingx-spot", "rate-limit.sqlite")


def shared(uri: str, *, clock: Callable[[], float] = time.time) -> Store | None:
    """The shared store at ``uri``; ``None`` for ``memory://`` (this process only); ``clock``
    dates its deadlines and blocks (``time.time`` seconds). Raises
    :class:`InvalidArgumentError`, never echoing a password, for a URI it cannot use."""
    if not isinstance(uri, str):
        raise InvalidArgumentError("rate_limit_storage must be a URI string")
    try:
        scheme = urllib.parse.urlsplit(uri).scheme
    except ValueError:
        raise InvalidArgumentError("rate_limit_storage is not a URI that can be parsed") from None
    if scheme == "memory":
        return None
    if scheme == FILE_SCHEME:
        parts = urllib.parse.urlsplit(uri)
        path = urllib.parse.unquote(parts.path)
        if parts.netloc not in ("", "localhost") or not os.path.isabs(path) or path.endswith("/"):
            raise InvalidArgumentError(
                "rate_limit_storage: a host store is file:///absolute/path/to/file.sqlite"
            )
        return FileStore(path, clock=clock)
    if scheme not in REDIS_SCHEMES:
        # Not even the rest of it is shown: without a known scheme, no telling where a password is.
        raise InvalidArgumentError(
            "rate_limit_storage must be memory://, file:///path or redis://host:port/db, "
            f"got the scheme {scheme!r}"
        )
    try:
        return RedisStore(uri, clock=clock)
    except (ImportError, ConfigurationError):
        raise InvalidArgumentError(
            "rate_limit_storage: Redis needs redis-py: pip install 'bingx-spot-sdk[redis]'"
        ) from None
    except ValueError as exc:  # redis-py's URL parser
        reason = scrub(str(exc), uri)
        raise InvalidArgumentError(
            f"rate_limit_storage {masked(uri)!r} is not usable: {reason}"
        ) from None
