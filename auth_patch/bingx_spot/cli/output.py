"""What ``bingx-spot`` prints: text that cannot forge a line, drive a terminal or show a
credential, UTC times, and streams that may close under it."""

import json
import os
import select
import sys
import threading
import time
import traceback
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

from ..redaction import redact, redact_json
from .exits import CLOSED_STDOUT

__all__ = [
    "OPEN_COLUMNS",
    "Output",
    "compact",
    "hide",
    "iso",
    "plural",
    "safe",
    "table",
]

COLUMNS = (
    "symbol",
    "orderId",
    "side",
    "type",
    "price",
    "origQty",
    "executedQty",
    "status",
    "clientOrderID",
    "transactTime",
)
# openOrders answers with the order query's fields: when placed instead of when cancelled.
OPEN_COLUMNS = (*COLUMNS[:-1], "time")
_TIMES = frozenset({"transactTime", "time", "updateTime"})  # ms since the epoch
MAX_CELL = 64
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Control, format (bidi overrides, zero-width), surrogate, private, unassigned, line breaks.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# The run's credentials: a server may echo them (or a signature) even in a successful answer.
_HIDDEN: list[str] = []
_HIDDEN_LOCK = threading.Lock()


def hide(*secrets: str) -> None:
    """From now on, no text shown holds any of ``secrets``, nor of those hidden before (the
    accounts of ``--accounts`` log in at once, each from its thread); ``hide()`` with none
    forgets them all (a run is over: ``main`` may run again with other credentials)."""
    with _HIDDEN_LOCK:
        if not secrets:
            _HIDDEN.clear()
            return
        known = {*_HIDDEN, *(secret for secret in secrets if secret)}
        _HIDDEN[:] = sorted(known, key=len, reverse=True)


def safe(text: str) -> str:
    """``text`` with the credentials and 64-hex runs (signatures) redacted, and every character
    that could move the cursor, start an escape sequence or break a line shown as a Python-style
    escape; a backslash is doubled, so the two never mix."""
    text = redact(text, *_HIDDEN)
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(_escape(ch) for ch in text)


def _redacted(value: Any) -> Any:
    """A JSON value with every string (keys included) redacted as :func:`safe` does."""
    return redact_json(value, *_HIDDEN)


def _escape(ch: str) -> str:
    if ch == "\\":
        return "\\\\"
    if ch == " " or (unicodedata.category(ch) not in _UNSAFE and ch.isprintable()):
        return ch
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def iso(ms: Any) -> str:
    """Milliseconds since the epoch as ISO 8601 UTC, e.g. ``2023-12-16T10:07:22.701Z``; anything
    else as it came (safely)."""
    if isinstance(ms, bool) or not isinstance(ms, int):
        return _cell(ms)
    try:
        moment = _EPOCH + timedelta(milliseconds=ms)
    except OverflowError:
        return str(ms)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def compact(value: Any, limit: int = 200) -> str:
    """``value`` on one line, shown safely: a string as it is, anything else as JSON; at most
    ``limit`` characters, and how many there were."""
    text = _shown(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = _shown(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 3] + "..."


def _shown(value: Any) -> str:
    # Redacted before JSON escapes a quote or backslash in a credential; cut only after.
    if isinstance(value, str):
        return safe(value)
    return safe(json.dumps(_redacted(value), separators=(",", ":")))


def table(orders: list[dict[str, Any]], columns: tuple[str, ...] = COLUMNS) -> str:
    """One row per order, symbol first; times in UTC."""
    rows = [list(columns)]
    for order in orders:
        rows.append(
            [
                iso(order[name]) if name in _TIMES and name in order else _cell(order.get(name))
                for name in columns
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    lines = (
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    )
    return "\n".join(line.rstrip() for line in lines)


FINAL_WAIT_S = 1.0  # how long the last lines wait for a pipe nobody reads before the exit goes on


def _written(fd: int, data: bytes, end: float | None) -> bool:
    """Writes ``data`` to ``fd``; False when the ``time.monotonic()`` reading ``end`` came first
    (None: waits as long as it takes). A pipe ready to write takes ``PIPE_BUF`` bytes without
    blocking."""
    if end is None:
        while data:
            data = data[os.write(fd, data) :]
        return True
    while data:
        left = end - time.monotonic()
        if left <= 0 or not select.select([], [fd], [], left)[1]:
            return False
        data = data[os.write(fd, data[: select.PIPE_BUF]) :]
    return True


class Output:
    """stdout and stderr of one run. A closed stdout (``| head``) does not stop the run: it is
    noted, and decides the exit status only when nothing else went wrong."""

    def __init__(self, *, json_mode: bool, debug: bool) -> None:
        self.json = json_mode
        self.debug = debug
        self.closed = False
        # Set by finishing(): the time.monotonic() reading the last writes give up at.
        self.finish_by: float | None = None
        self._stderr_stalled = False
        self.context = ""  # what the run is doing: "on BTC-USDT"
        self._fd: int | None = None

    def unbuffered(self) -> None:
        """From now on, lines go to stdout's file descriptor in one write each, holding no lock
        of Python's: a thread blocked on a stdout nobody reads (a full pipe, a paused terminal)
        then cannot hold up the rest of the program, nor its exit."""
        try:
            sys.stdout.flush()
            self._fd = sys.stdout.fileno()
        except (OSError, ValueError, AttributeError):  # no file descriptor: an in-memory stream
            self._fd = None

    def line(self, text: str) -> None:
        if self.closed:
            return
        if self._fd is not None:
            self._write(text + "\n")
            return
        try:
            try:
                sys.stdout.write(text + "\n")
            except UnicodeEncodeError:  # a terminal that cannot show it: escaped, not lost
                sys.stdout.write(text.encode("ascii", "backslashreplace").decode() + "\n")
            sys.stdout.flush()
        except (OSError, ValueError, AttributeError):  # a closed pipe, file, or no fd 1 at all
            self._closed()

    def finishing(self) -> None:
        """From now on the lines wait for their streams until :data:`FINAL_WAIT_S` from the
        first call, in all; a stream not written by then counts as closed. For the last lines,
        once the exit status is decided or a second signal asked to stop at once: a pipe nobody
        reads must not hold up the exit (SIGTERM and SIGINT are ignored by then)."""
        if self.finish_by is None:
            self.finish_by = time.monotonic() + FINAL_WAIT_S

    def left(self, seconds: float) -> float:
        """``seconds``, or less when :meth:`finishing` leaves less."""
        if self.finish_by is None:
            return seconds
        return max(0.0, min(seconds, self.finish_by - time.monotonic()))

    def _write(self, text: str) -> None:
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        data = text.encode(encoding, "backslashreplace")
        try:
            if not _written(self._fd or 1, data, self.finish_by):
                self._closed()
        except OSError:
            self._closed()

    def err(self, text: str, *, prefix: bool = True) -> None:
        line = ("bingx-spot: " if prefix else "") + text + "\n"
        fd = self._err_fd() if self.finish_by is not None else None
        if fd is not None:
            self._err_bounded(fd, line)
            return
        try:
            sys.stderr.write(line)  # Python's stderr escapes what its encoding cannot hold
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):
            pass  # nowhere left to say it

    @staticmethod
    def _err_fd() -> int | None:
        try:
            return sys.stderr.fileno()
        except (OSError, ValueError, AttributeError):  # an in-memory stream, or none
            return None

    def _err_bounded(self, fd: int, line: str) -> None:
        # Straight to the descriptor: Python's stderr object would block inside its own lock.
        if self._stderr_stalled:
            return
        encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
        try:
            if not _written(fd, line.encode(encoding, "backslashreplace"), self.finish_by):
                self._stderr_stalled = True
        except OSError:
            self._stderr_stalled = True

    def document(self, doc: dict[str, Any]) -> None:
        self.line(json.dumps(_redacted(doc)))  # ASCII only: exact, and safe on any terminal

    def fail(self, error: dict[str, Any], text: str | None = None) -> int:
        """One line on stderr, escaped here; with --json, the error document on stdout."""
        self.err(safe(text if text is not None else error["msg"]))
        if self.json:
            self.document({"error": error, "exit": error["exit"]})
        return self.closing_status(error["exit"])

    def debug_traceback(self) -> None:
        if self.debug and sys.stderr is not None:
            traceback.print_exc(file=sys.stderr)

    def closing_status(self, status: int) -> int:
        self.flush()
        return CLOSED_STDOUT if self.closed and status == 0 else status

    def flush(self) -> None:
        if not self.closed and self._fd is None:
            try:
                sys.stdout.flush()
            except (OSError, ValueError, AttributeError):
                self._closed()

    def _closed(self) -> None:
        self.closed = True
        # Python flushes stdout again on the way out and would complain about the pipe.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass
