"""Where the rate budget lives: this process's memory, or a Redis shared by many processes.

Both offer the few operations :mod:`bingx_spot.ratelimit` needs, on top of ``limits``' storage.
A Redis must never hold a call: every operation on it has connect and read timeouts of at most
:data:`CAP` seconds, together never more than what is left of the call's deadline, and is tried once
(redis-py's own retries would multiply the wait). When it fails, does not answer in time or holds
what no client writes (a block that is no integer), the operation raises :class:`Unavailable` and
the caller falls back to its process-local budget.
"""

import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import InvalidArgumentError

__all__ = [
    "CAP",
    "MemoryStore",
    "NoTime",
    "RedisStore",
    "Store",
    "Unavailable",
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
T = TypeVar("T")

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


def masked(uri: str) -> str:
    """``uri`` without its password (in the netloc or a ``password=`` parameter)."""
    try:
        parts = urllib.parse.urlsplit(uri)
        netloc = parts.netloc
        if parts.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}:***@{host}"
        query = urllib.parse.urlencode(
            [
                (name, "***" if name.lower() == "password" else value)
                for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            ],
            safe="*",
        )
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc, query=query))
    except ValueError:
        return "<unparsable URI>"


class Store:
    """The operations a budget needs. ``deadline`` is a ``time.time()`` value."""

    def incr(self, key: str, expiry: int, deadline: float) -> int:
        """Adds 1 to ``key`` (created to live ``expiry`` s); the new value."""
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
    lower: Any  # the registered _LOWER script


def _hit(windows: Any, limit: Any, key: str) -> float | None:
    if windows.hit(limit, key):
        return None
    reset: float = windows.get_window_stats(limit, key).reset_time
    return reset


class MemoryStore(Store):
    """This process only: cannot fail."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        from limits.storage import MemoryStorage  # noqa: PLC0415 - loaded on first use
        from limits.strategies import MovingWindowRateLimiter  # noqa: PLC0415

        self._storage = MemoryStorage()
        self._windows = MovingWindowRateLimiter(self._storage)
        self._untils: dict[str, int] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def incr(self, key: str, expiry: int, deadline: float) -> int:
        return self._storage.incr(key, expiry)

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
        from limits.errors import StorageError  # noqa: PLC0415
        from limits.storage import RedisStorage, storage_from_string  # noqa: PLC0415
        from limits.strategies import MovingWindowRateLimiter  # noqa: PLC0415
        from redis.backoff import NoBackoff  # noqa: PLC0415
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
            extend = connection.register_script(_EXTEND)
            lower = connection.register_script(_LOWER)
            windows = MovingWindowRateLimiter(storage)
            self._pools.append(_Pool(timeout, storage, windows, extend, lower))
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

    def incr(self, key: str, expiry: int, deadline: float) -> int:
        pool = self._at(deadline)
        return self._do(lambda: int(pool.storage.incr(key, expiry)))

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


def _passwords(uri: str) -> list[str]:
    """Every form of a password ``uri`` may carry, as written and decoded."""
    try:
        parts = urllib.parse.urlsplit(uri)
        found = [parts.password or ""]
        found += [v for k, v in urllib.parse.parse_qsl(parts.query) if k.lower() == "password"]
    except ValueError:
        return []
    return [form for raw in found if raw for form in {raw, urllib.parse.unquote(raw)}]


def scrub(text: str, uri: str) -> str:
    """``text`` with any password of ``uri`` replaced by ``***``."""
    for password in sorted(_passwords(uri), key=len, reverse=True):
        text = text.replace(password, "***")
    return text


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
    if scheme not in REDIS_SCHEMES:
        # Not even the rest of it is shown: without a known scheme, no telling where a password is.
        raise InvalidArgumentError(
            "rate_limit_storage must be memory:// or redis://host:port/db, "
            f"got the scheme {scheme!r}"
        )
    from limits.errors import ConfigurationError  # noqa: PLC0415

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
