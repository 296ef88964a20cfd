"""``bingx-spot dead-man``: BingX's dead man's switch kept armed from a shell
(:class:`bingx_spot.DeadMansSwitch`).

After each arm BingX accepted it prints when BingX would cancel everything. Ctrl-C or SIGTERM
sends CLOSE and exits 0 (a second one while CLOSE is under way stops at once, and says the
countdown may still run). A countdown that runs out before a re-arm or the CLOSE reaches BingX
exits 11. Printing runs on a thread of its own, so a stdout nobody reads holds up neither the
re-arms nor the exit (stdout left unwritten then counts as closed, exit 141 when all else went
well).
"""

import argparse
import queue
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from types import FrameType
from typing import TYPE_CHECKING, Any

from .. import errors
from .args import login, open_client
from .exits import LAPSED, OK
from .failures import Stopped, Usage, bingx_error, describe, error_doc, stopped_doc
from .output import Output, iso, safe

if TYPE_CHECKING:
    from .accounts import Account

__all__ = ["dead_man"]

DEFAULT_COUNTDOWN = 60  # seconds
POLL_S = 0.05  # how soon a lapse or a signal is acted on
DRAIN_S = 1.0  # how long the last lines may take to print before the exit goes on without them
_EVERYTHING = "BingX cancels every open spot order of the account"


class _Lapsed(Exception):
    """The switch saw its countdown run out before a re-arm."""


def dead_man(
    args: argparse.Namespace,
    out: Output,
    account: "Account | None" = None,
    stop: threading.Event | None = None,
) -> int:
    """Keeps the switch armed until ``stop`` is set (default: by the first Ctrl-C or SIGTERM),
    with the environment's credentials or ``account``'s."""
    from ..deadman import MAX_TIMEOUT, MIN_TIMEOUT  # noqa: PLC0415
    from ..wire.retry import Retries  # noqa: PLC0415

    timeout, name = args.countdown, "--countdown"
    if args.old_countdown is not None:  # scripts written before --countdown
        timeout, name = args.old_countdown, "--timeout"
        out.err(
            f"warning: dead-man --timeout is deprecated; use --countdown {timeout} (the same "
            "countdown, in seconds)"
        )
    if timeout is None:
        timeout = DEFAULT_COUNTDOWN
    if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        raise Usage(f"{name} must be {MIN_TIMEOUT}..{MAX_TIMEOUT} seconds (the countdown)")
    # A re-arm that hangs must leave time for more tries before the countdown runs out.
    api_key, secret_key, options = login(args, account, timeout=min(10.0, timeout / 4))
    options["retries"] = Retries(deadline=timeout / 3)
    client = open_client(api_key, secret_key, options)
    printer = _Printer(out)
    try:
        status = _armed_until_stopped(client, timeout, printer, out, stop)
    finally:
        printer.close(DRAIN_S)
    return out.closing_status(status)


def _armed_until_stopped(
    client: Any, timeout: int, printer: "_Printer", out: Output, stop: threading.Event | None
) -> int:
    from ..deadman import DeadMansSwitch  # noqa: PLC0415

    state = _State(out, printer)
    switch = DeadMansSwitch(client, timeout, on_armed=state.armed)
    # Told to stop from outside (``--accounts``: one event for every account's switch), or
    # by this process's own signals.
    signals = stop_on_signals if stop is None else _told
    stop = threading.Event() if stop is None else stop
    with client, signals(stop) as relay:
        try:
            with switch:
                state.entered = True
                while not relay():
                    if switch.lapsed:
                        raise _Lapsed
                    _wait(stop, POLL_S)
        except _Lapsed:
            text = (
                f"dead man's switch lapsed: no re-arm reached BingX before the countdown ran out "
                f"(armed until {state.until}); {_EVERYTHING}"
            )
            return printer.fail(error_doc("Lapsed", text, LAPSED))
        except errors.BingXError as error:
            doc = bingx_error(error)
            if state.entered:
                text = (
                    f"CLOSE failed: {describe(doc)}; the countdown still runs: {_EVERYTHING} "
                    f"at {state.until} unless re-armed"
                )
            else:
                text = f"not armed: {describe(doc)}"
            return printer.fail(doc, text)
        except (KeyboardInterrupt, Stopped) as stopped:
            out.finishing()  # asked to stop at once: no wait on a stream nobody reads
            detail = f" while sending CLOSE: unless it arrived, {_EVERYTHING} at {state.until}"
            return printer.fail(stopped_doc(stopped, detail))
        if switch.lapsed:  # CLOSE answered, or refused, only after the countdown's end
            text = (
                f"dead man's switch lapsed: the countdown ran out at {state.until} before CLOSE "
                f"reached BingX; {_EVERYTHING}"
            )
            return printer.fail(error_doc("Lapsed", text, LAPSED))
        if out.json:
            printer.put(lambda: out.document({"event": "closed", "exit": OK}))
        else:
            printer.put(lambda: out.line("closed: BingX accepted CLOSE; the countdown is stopped"))
    return OK


class _Printer:
    """Prints on a thread of its own, in order. The re-arm thread only queues its lines, and the
    exit waits for the last ones at most ``DRAIN_S``."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self._jobs: queue.SimpleQueue[Callable[[], object] | None] = queue.SimpleQueue()
        self._done = threading.Event()
        out.unbuffered()
        self._thread = threading.Thread(target=self._run, name="bingx-dead-man-output", daemon=True)
        self._thread.start()

    def put(self, job: Callable[[], object]) -> None:
        self._jobs.put(job)

    def fail(self, error: dict[str, Any], text: str | None = None) -> int:
        """:meth:`Output.fail`: its line on stderr now (it never waits behind stdout), its
        ``--json`` document on the printing thread; the exit status it names."""
        self.out.err(safe(text if text is not None else error["msg"]))
        if self.out.json:
            self.put(lambda: self.out.document({"error": error, "exit": error["exit"]}))
        return int(error["exit"])

    def close(self, wait: float) -> None:
        self._jobs.put(None)
        done = False
        try:
            done = self.done(self.out.left(wait))
        finally:  # a second signal stops the wait too: the exit goes on, printed or not
            if not (done or self._done.is_set()):
                self.out.closed = True  # unread: the rest goes unprinted, the exit goes on

    def done(self, wait: float) -> bool:
        """Whether every line queued before :meth:`close` was printed, waiting ``wait`` s."""
        return self._done.wait(wait)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()
        self._done.set()


class _State:
    """What the re-arm thread reported; it only queues what to print."""

    def __init__(self, out: Output, printer: _Printer) -> None:
        self.out = out
        self.printer = printer
        self.entered = False
        self.until = "an unknown time"

    def armed(self, until: datetime) -> None:
        ms = round(until.timestamp() * 1000)
        self.until = shown = iso(ms)
        if self.out.json:
            doc = {"event": "armed", "armed_until": ms, "armed_until_utc": shown}
            self.printer.put(lambda: self.out.document(doc))
        else:
            text = f"armed until {shown}: unless re-armed by then, {_EVERYTHING}"
            self.printer.put(lambda: self.out.line(text))


def _wait(stop: threading.Event, seconds: float) -> None:
    stop.wait(seconds)


@contextmanager
def _told(stop: threading.Event) -> Iterator[Callable[[], bool]]:
    """Signals are another's to handle: ``stop`` is set from outside."""
    yield stop.is_set


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[Callable[[], bool]]:
    """The first Ctrl-C or SIGTERM asks for CLOSE; a second one stops at once.

    The handler only notes the first signal. Python runs it in the main thread between any two
    bytecodes, also while that thread holds a lock: a handler that took one (``Event.set``
    does, and so does ``Event.wait`` around its wait) would wait forever on its own thread, the
    switch still re-arming. The main thread passes the note on to ``stop`` through the yielded
    ``relay`` between its waits; ``relay()`` says whether ``stop`` is set."""
    noted: list[int] = []  # appending is one step, whatever it interrupts

    def handler(signum: int, frame: FrameType | None) -> None:
        if not noted:
            noted.append(signum)
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped

    def relay() -> bool:
        if noted and not stop.is_set():
            stop.set()
        return stop.is_set()

    previous = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield relay
    finally:
        for sig, handler_before in previous.items():
            signal.signal(sig, handler_before)
