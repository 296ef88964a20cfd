"""The server's clock as the client sees it: the local clock plus an offset, and how the offset is
measured (the spec's clock operation, ``x-bingx-server-time``, read once after a timestamp
error; see :mod:`bingx_spot.wire.retry`).

A server time is kept only when it is usable: HTTP 200, a BingX envelope with ``code`` 0, a
number at the spec's dotted path (seconds or milliseconds), and within a day of the local clock.
"""

import time
from collections.abc import Callable
from typing import Any

import httpx

from .responses import loads
from .spec import Operation

__all__ = [
    "LATEST_MS",
    "MAX_OFFSET_MS",
    "SECONDS_BELOW",
    "Clock",
    "ServerClock",
    "epoch_ms",
    "system_clock",
]

Clock = Callable[[], int]
"""Returns the time in milliseconds since the epoch."""

# A server clock further off than this is a broken answer, not a skewed clock.
MAX_OFFSET_MS = 86_400_000
LATEST_MS = 10**14  # the year 5138: any larger number is not a time


# BingX writes some instants in seconds and others in ms (serverTime, cancelAllAfter's
# triggerTime): a value below this is seconds (10^11 s is the year 5138; 10^11 ms is 1973).
SECONDS_BELOW = 10**11


def epoch_ms(value: int | float) -> int:
    """An instant BingX sent, in ms since the epoch: below :data:`SECONDS_BELOW` it is seconds
    (``1710389137`` is 2024-03-14 04:05:37 UTC), above it milliseconds
    (docs/bingx-facts.md, "Time")."""
    return int(value * 1000) if value < SECONDS_BELOW else int(value)


def system_clock() -> int:
    return time.time_ns() // 1_000_000


class ServerClock:
    """``local`` (injected by tests) corrected by ``offset_ms``, the server's clock minus it."""

    __slots__ = ("local", "offset_ms")

    def __init__(self, local: Clock = system_clock) -> None:
        self.local = local
        self.offset_ms = 0

    def now(self) -> int:
        return self.local() + self.offset_ms

    @staticmethod
    def ask(op: Operation, like: httpx.Request, base_path: str) -> httpx.Request:
        """The request for the server's time, to the host and within the timeouts of ``like``."""
        return httpx.Request(
            op.method,
            like.url.copy_with(raw_path=(base_path + op.path).encode("ascii")),
            headers={"User-Agent": like.headers.get("User-Agent", "")},
            extensions={"timeout": like.extensions.get("timeout", {})},
        )

    def settle(self, op: Operation, answer: object, sent_ms: int, received_ms: int) -> str | None:
        """Keeps the offset ``op``'s ``answer`` gives, taken at the request's midpoint; or, keeping
        nothing, what is wrong with the answer."""
        if not isinstance(answer, httpx.Response):
            return f"{op.operation_id} did not answer"
        server_ms = _server_ms(answer, op)
        if isinstance(server_ms, str):
            return f"{op.operation_id} {server_ms}"
        midpoint = (sent_ms + received_ms) // 2
        if abs(server_ms - midpoint) > MAX_OFFSET_MS:
            return f"{op.operation_id} gave a time more than a day from the local clock"
        self.offset_ms = server_ms - midpoint
        return None


def _server_ms(response: httpx.Response, op: Operation) -> int | str:
    """The server's time in ms from ``op``'s answer, or what is wrong with the answer."""
    if response.status_code != 200:
        return f"answered HTTP {response.status_code}"
    try:
        value: Any = loads(response.content)
    except ValueError:  # also nested too deep for Python's parser
        return "did not answer JSON"
    code = value.get("code", 0) if isinstance(value, dict) else None
    if code != 0:
        return "answered a non-zero code" if isinstance(code, int) else "answered no envelope"
    for key in (op.server_time or "").split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"gave no number at {op.server_time}"
    if not 0 < value < LATEST_MS:  # also NaN and the infinities
        return "gave a time that is not a plausible positive number"
    return epoch_ms(value)  # some answer seconds
