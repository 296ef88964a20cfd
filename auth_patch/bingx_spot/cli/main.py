"""``bingx-spot``: cancel open orders from a shell, list them, keep BingX's dead man's switch
armed, or run the local exchange. This module runs one command: logging, signals, and the exit
status of whatever happened; the commands and what they share are the other modules of
:mod:`bingx_spot.cli`.

Every outcome has an exit status from :data:`EXIT_STATUS` (docs/command.md, "Exit statuses");
no input, environment or server answer ends in a Python traceback unless ``--debug`` asks for
one.
"""

import argparse
import logging
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import Any

from .args import build_parser
from .audit import audited
from .cancel import cancel
from .exits import EXIT_CODES, EXIT_STATUS, USAGE
from .failures import Stopped, Usage, failure
from .output import Output, hide, iso, safe

__all__ = ["EXIT_CODES", "EXIT_STATUS", "main"]


def _serve(args: argparse.Namespace, out: Output) -> int:
    from .serve import serve  # noqa: PLC0415

    try:
        return serve(args.host, args.port, args.orders, args.fault, out.line)
    except ValueError as problem:
        raise Usage(str(problem)) from None


class _Log(logging.Handler):
    """The SDK's log on stderr with UTC times: everything with -v; else warnings, and waits
    longer than a second (so a stall is never silent)."""

    def __init__(self, out: Output, verbose: bool) -> None:
        super().__init__(logging.DEBUG)
        self.out = out
        self.verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        wait = getattr(record, "wait_seconds", None)
        long_wait = isinstance(wait, int | float) and wait > 1
        if not (self.verbose or long_wait or record.levelno >= logging.WARNING):
            return
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            text = str(record.msg)
        about = f"{self.out.context}: " if self.out.context else ""
        self.out.err(f"{iso(int(record.created * 1000))} {about}{safe(text)}", prefix=False)


@contextmanager
def _logging(out: Output, verbose: bool, debug: bool) -> Iterator[None]:
    logger = logging.getLogger("bingx_spot")
    handler = _Log(out, verbose or debug)
    saved = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@contextmanager
def _sigterm(*, console: bool) -> Iterator[None]:
    """SIGTERM raises :class:`Stopped` while a command runs. Run as the console script, the
    process then ignores SIGTERM and SIGINT: its exit status is decided, and a signal in the
    moment before it exits must not replace it (a process killed by SIGTERM reports -15)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped

    try:
        previous: Callable[..., Any] | int | None = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        if console:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        else:
            signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: runs one command and returns its exit status."""
    console = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    out = Output(json_mode="--json" in argv, debug="--debug" in argv)
    try:
        return _guarded(argv, out, console=console)
    finally:
        hide()  # main may run again in this process, with other credentials


def _guarded(argv: list[str], out: Output, *, console: bool) -> int:
    try:
        with _sigterm(console=console):
            return _run(argv, out)
    except (KeyboardInterrupt, Stopped, Exception) as exc:
        out.finishing()
        return out.fail(*failure(exc, out))


def _run(argv: list[str], out: Output) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else USAGE
    out.json = getattr(args, "json", False)
    with (
        _logging(out, getattr(args, "verbose", False), args.debug),
        audited(getattr(args, "audit", None), out),
    ):
        # Each command loads what it alone needs when it runs, so a cancel, the 3 am job, starts
        # sooner: importing every command up front (the switch's asyncio, the desk, the local
        # exchange) took `python -c 'import ...'` of what a cancel needs from 0.26 s to 0.41 s.
        if getattr(args, "accounts", None) is not None:
            from .desk import desk  # noqa: PLC0415

            return desk(args, out)
        if args.command == "cancel-open-orders":
            return cancel(args, out)
        if args.command == "open-orders":
            from .open_orders import open_orders  # noqa: PLC0415

            return open_orders(args, out)
        if args.command == "dead-man":
            from .dead_man import dead_man  # noqa: PLC0415

            return dead_man(args, out)
        return _serve(args, out)


if __name__ == "__main__":
    sys.exit(main())
