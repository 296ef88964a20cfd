"""The tests' one fake clock: time that moves only when the test moves it (``advance``, or
``now`` set), or when the code under test sleeps on it; with ``rate``, it also runs on its own,
``rate`` times as fast as the real clock.

The package takes its clocks as parameters; each gets the reading it expects:

- ``clock.ms``, milliseconds since the epoch: ``make_client(clock=)``, ``BingXAuth(clock=)``,
  ``LocalExchange(clock=)``;
- ``clock.time``, ``time.time`` seconds: ``Budget(clock=)``;
- ``clock.monotonic``, ``time.monotonic`` seconds: ``Budget(monotonic=)``, ``plan(monotonic=)``,
  ``DeadMansSwitch(clock=)``;
- ``clock.sleep`` and ``clock.asleep``: ``DeadMansSwitch(sleep=)``;
- the clock itself in place of a module's ``time``, where the code reads ``time.monotonic()``
  or calls ``time.sleep()`` with no parameter to take a clock (``monkeypatch.setattr``).

Each test makes its own (the ``clock`` fixture of ``tests/conftest.py``, or ``FakeClock(...)``):
two objects under test read one clock only where the test means them to live in the same time,
as a client and the exchange it talks to do.
"""

import asyncio
import time

__all__ = ["START_MS", "FakeClock"]

START_MS = 1_800_000_000_000  # 2027-01-15T08:00:00Z: the default start, far from any real time


class FakeClock:
    """Seconds moved by hand or by sleeps (``now``, 0 at ``start_ms``; ``advance(seconds)``, or
    ``advance(ms=...)`` where a test counts in the exchange's milliseconds), read in the unit each
    caller expects. ``sleeps`` keeps every sleep asked of it.

    Without ``rate`` (the default) nothing else moves it, and ``sleep(s)`` moves it by ``s`` at
    once, after ``yields`` real seconds (so another thread may run between the sleeps of a
    loop). With ``rate``, it also runs ``rate`` times as fast as the wall clock from ``since``
    (now, unless given: another process can run the same clock from the same numbers), and
    ``sleep(s)`` waits the real ``s / rate`` seconds."""

    def __init__(
        self,
        start_ms: int = START_MS,
        *,
        rate: float = 0.0,
        since: float | None = None,
        yields: float = 0.0,
    ) -> None:
        self.start_ms = start_ms
        self.rate = rate
        self.since = time.time() if since is None else since
        self.yields = yields
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        """Seconds since the start (``time.monotonic``)."""
        if self.rate:
            return self.now + (time.time() - self.since) * self.rate
        return self.now

    def time(self) -> float:
        """Seconds since the epoch (``time.time``)."""
        return self.start_ms / 1000 + self.monotonic()

    def ms(self) -> int:
        """Milliseconds since the epoch (the package's ``Clock``)."""
        return self.start_ms + round(self.monotonic() * 1000)

    def advance(self, seconds: float = 0.0, *, ms: int = 0) -> None:
        self.now += seconds + ms / 1000

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.rate:
            time.sleep(max(seconds, 0.0) / self.rate)
            return
        self.now += seconds
        if self.yields:
            time.sleep(self.yields)

    async def asleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if self.rate:
            await asyncio.sleep(max(seconds, 0.0) / self.rate)
            return
        self.now += seconds
        if self.yields:
            await asyncio.sleep(self.yields)

    def __repr__(self) -> str:
        return f"FakeClock(start_ms={self.start_ms}, now={self.now}, rate={self.rate})"
