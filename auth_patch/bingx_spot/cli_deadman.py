"""``bingx-spot dead-man``: BingX's dead man's switch kept armed from a shell
(:class:`bingx_spot.DeadMansSwitch`).

After each arm BingX accepted it prints when BingX would cancel everything. Ctrl-C or SIGTERM
sends CLOSE and exits 0 (a second one while CLOSE is under way stops at once, and says the
countdown may still run). A countdown that runs out before a re-arm reaches BingX exits 11.
"""

import argparse
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import FrameType

from . import errors
from .cli_args import client_options, credentials, open_client
from .cli_exit import (
    INTERRUPTED,
    LAPSED,
    OK,
    TERMINATED,
    Stopped,
    Usage,
    bingx_error,
    describe,
    error_doc,
)
from .show import Output, iso

__all__ = ["dead_man"]

POLL_S = 0.2  # how soon a lapse or a signal is acted on
_EVERYTHING = "BingX cancels every open spot order of the account"


class _Lapsed(Exception):
    """The switch saw its countdown run out before a re-arm."""


def dead_man(args: argparse.Namespace, out: Output) -> int:
    from .deadman import MAX_TIMEOUT, MIN_TIMEOUT, DeadMansSwitch  # noqa: PLC0415
    from .retry import Retries  # noqa: PLC0415

    timeout = args.timeout
    if not MIN_TIMEOUT <= timeout <= MAX_TIMEOUT:
        raise Usage(f"--timeout must be {MIN_TIMEOUT}..{MAX_TIMEOUT} seconds (the countdown)")
    api_key, secret_key = credentials()
    # A re-arm that hangs must leave time for more tries before the countdown runs out.
    options = client_options(args, timeout=min(10.0, timeout / 4))
    options["retries"] = Retries(deadline=timeout / 3)
    client = open_client(api_key, secret_key, options)
    state = _State(out)
    switch = DeadMansSwitch(client, timeout, on_armed=state.armed)
    stop = threading.Event()
    with client, _signals(stop):
        try:
            with switch:
                state.entered = True
                while not stop.is_set():
                    if switch.lapsed:
                        raise _Lapsed
                    _wait(stop, POLL_S)
        except _Lapsed:
            text = (
                f"dead man's switch lapsed: no re-arm reached BingX before the countdown ran out "
                f"(armed until {state.until}); {_EVERYTHING}"
            )
            return out.fail(error_doc("Lapsed", text, LAPSED))
        except errors.BingXError as error:
            doc = bingx_error(error)
            if state.entered:
                text = (
                    f"CLOSE failed: {describe(doc)}; the countdown still runs: {_EVERYTHING} "
                    f"at {state.until} unless re-armed"
                )
            else:
                text = f"not armed: {describe(doc)}"
            return out.fail(doc, text)
        except (KeyboardInterrupt, Stopped) as stopped:
            kind, status = (
                ("Interrupted", INTERRUPTED)
                if isinstance(stopped, KeyboardInterrupt)
                else ("Terminated", TERMINATED)
            )
            text = f"{kind.lower()} while sending CLOSE: unless it arrived, {_EVERYTHING} at "
            text += state.until
            return out.fail(error_doc(kind, text, status))
    if out.json:
        out.document({"event": "closed", "exit": OK})
    else:
        out.line("closed: BingX accepted CLOSE; the countdown is stopped")
    return out.closing_status(OK)


class _State:
    """What the re-arm thread reported."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.entered = False
        self.until = "an unknown time"

    def armed(self, until: datetime) -> None:
        ms = round(until.timestamp() * 1000)
        self.until = iso(ms)
        if self.out.json:
            self.out.document({"event": "armed", "armed_until": ms, "armed_until_utc": self.until})
        else:
            self.out.line(f"armed until {self.until}: unless re-armed by then, {_EVERYTHING}")


def _wait(stop: threading.Event, seconds: float) -> None:
    stop.wait(seconds)


@contextmanager
def _signals(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl-C or SIGTERM asks for CLOSE; a second one stops at once."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if not stop.is_set():
            stop.set()
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped

    previous = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread: leave signals alone
        pass
    try:
        yield
    finally:
        for sig, handler_before in previous.items():
            signal.signal(sig, handler_before)
