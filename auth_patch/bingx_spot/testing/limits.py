"""BingX's request limits as the local exchange applies them (docs/bingx-facts.md, "Rate limits").

- IP groups: requests per window from one address, in total and per endpoint; over the limit an
  HTTP 429, and more requests inside that window an HTTP 418 (the IP ban).
- Error rate: too many error answers of one code for one account and endpoint block it.

Every figure is in ms on the exchange's clock, so tests drive the windows without sleeping.
"""

from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

__all__ = ["ErrorRate", "IPGate", "Window", "blocked_message", "error_rate_message"]

# Answers to limits themselves never count as errors: they would feed the ban they report.
RATE_CODES = frozenset({100410, 109429})


def blocked_message(until: int) -> str:
    return (
        "code:100410:The endpoint trigger frequency limit rule is currently in the disabled "
        f"period and will be unblocked after {until}"
    )


def error_rate_message(limit: int, code: int, window_ms: int, until: int) -> str:
    return (
        f"over {limit} error code:{code} requests within {window_ms} ms for this api, "
        f"please verify and fix it ,can retry after time: {until}"
    )


@dataclass(slots=True)
class Window:
    """A fixed window that opens with its first request: live BingX answers the first call of
    a window with ``Expire: 10000`` (for 10 s), counting down on later calls."""

    limit: int
    length_ms: int
    start: int | None = None
    count: int = 0

    def roll(self, now: int) -> None:
        if self.start is None or now - self.start >= self.length_ms:
            self.start, self.count = now, 0

    def left_ms(self, now: int) -> int:
        return 0 if self.start is None else max(self.start + self.length_ms - now, 0)

    @property
    def remain(self) -> int:
        return max(self.limit - self.count, 0)


@dataclass(frozen=True, slots=True)
class Verdict:
    status: int  # 200: admitted; 429: slow down; 418: banned
    remain: int
    left_ms: int  # what ``X-RateLimit-Requests-Expire`` says


class IPGate:
    """The IP group windows of one address (the local exchange sees every caller as one).

    ``groups`` is the spec's ``x-bingx-ip-groups``: ``{name: {"total": {"limit", "seconds"},
    "perEndpoint": {...}}}``. ``enforce=False`` counts and reports without refusing.
    """

    def __init__(self, groups: dict[str, Any], *, ban_ms: int, enforce: bool = True) -> None:
        self._groups = groups
        self._ban_ms = ban_ms
        self._enforce = enforce
        self._windows: dict[tuple[str, str | None], Window] = {}
        self._slowed_until = 0  # the end of the window a 429 was answered in
        self._banned_until = 0

    def admit(self, group: str, endpoint: str, now: int) -> Verdict:
        if now < self._banned_until:
            return Verdict(418, 0, self._banned_until - now)
        if now < self._slowed_until:  # told to slow down, and did not: whatever the endpoint
            self._banned_until = now + self._ban_ms
            return Verdict(418, 0, self._ban_ms)
        windows = [self._window(group, endpoint), self._window(group, None)]
        for window in windows:
            window.roll(now)
        over = [w for w in windows if w.count >= w.limit]
        if over and self._enforce:
            left = max(w.left_ms(now) for w in over)
            self._slowed_until = now + left
            return Verdict(429, 0, left)
        for window in windows:
            window.count += 1
        # The tighter window speaks; on a tie the endpoint's, as it opened last.
        binding = min(windows, key=lambda w: w.remain)
        return Verdict(200, binding.remain, binding.left_ms(now))

    def _window(self, group: str, endpoint: str | None) -> Window:
        key = (group, endpoint)
        window = self._windows.get(key)
        if window is None:
            rule = self._groups.get(group, {}).get("total" if endpoint is None else "perEndpoint")
            if rule is None:  # a group without that rule never refuses
                window = Window(limit=2**62, length_ms=10_000)
            else:
                window = Window(limit=int(rule["limit"]), length_ms=int(rule["seconds"]) * 1000)
            self._windows[key] = window
        return window


class ErrorRate:
    """More than ``limit`` error answers of one code within ``window_ms``, for one account and
    endpoint, block that account on that endpoint for ``window_ms``."""

    def __init__(self, *, limit: int, window_ms: int) -> None:
        self.limit = limit
        self.window_ms = window_ms
        self._errors: defaultdict[tuple[str, str, int], deque[int]] = defaultdict(deque)
        self._bans: dict[tuple[str, str], tuple[int, int]] = {}  # -> (until, code)

    def banned(self, account: str, endpoint: str, now: int) -> tuple[int, str] | None:
        """``(until, message)`` while the account is blocked on the endpoint."""
        until, code = self._bans.get((account, endpoint), (0, 0))
        if now >= until:
            return None
        return until, error_rate_message(self.limit, code, self.window_ms, until)

    def record(self, account: str, endpoint: str, code: int, now: int) -> tuple[int, str] | None:
        """Counts one error answer; ``(until, message)`` when it is one too many."""
        if code in RATE_CODES:
            return None
        times = self._errors[(account, endpoint, code)]
        while times and now - times[0] >= self.window_ms:
            times.popleft()
        times.append(now)
        if len(times) <= self.limit:
            return None
        times.clear()
        self._bans[(account, endpoint)] = (now + self.window_ms, code)
        return self.banned(account, endpoint, now)
