"""The command's output streams: a last line waits only so long for a pipe nobody reads."""

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

import pytest

from bingx_spot.cli import dead_man, output
from bingx_spot.cli.exits import CLOSED_STDOUT
from bingx_spot.cli.failures import Stopped
from bingx_spot.cli.output import Output
from tests.processes import full_pipe

PATIENCE = 0.1
GRACE = 2.0  # a loaded machine


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read_end, write_end = full_pipe()
    yield read_end, write_end
    os.close(read_end)
    os.close(write_end)


def finishing(monkeypatch: pytest.MonkeyPatch) -> Output:
    monkeypatch.setattr(output, "FINAL_WAIT_S", PATIENCE)
    out = Output(json_mode=False, debug=False)
    out.unbuffered()
    out.finishing()
    return out


def test_a_last_line_to_a_full_stdout_gives_up_and_counts_it_closed(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", open(pipe[1], "w", closefd=False))  # noqa: SIM115
    out = finishing(monkeypatch)

    started = time.monotonic()
    out.line("closed: BingX accepted CLOSE")

    assert PATIENCE <= time.monotonic() - started < PATIENCE + GRACE
    assert out.closed
    assert out.closing_status(0) == CLOSED_STDOUT


def test_a_last_line_to_a_full_stderr_waits_once(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stderr", open(pipe[1], "w", closefd=False))  # noqa: SIM115
    out = finishing(monkeypatch)

    started = time.monotonic()
    out.err("terminated while sending CLOSE")
    first = time.monotonic() - started
    out.err("and another line")
    second = time.monotonic() - started - first

    assert PATIENCE <= first < PATIENCE + GRACE
    assert second < PATIENCE  # stalled: not waited on again
    assert out.left(30) == 0  # nor is anything else: the time for the last lines is used up


def test_a_last_line_with_room_arrives_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    read_end, write_end = os.pipe()
    with contextlib.ExitStack() as stack:
        stack.callback(os.close, read_end)
        stack.callback(os.close, write_end)
        monkeypatch.setattr(sys, "stderr", open(write_end, "w", closefd=False))  # noqa: SIM115
        out = finishing(monkeypatch)
        text = "é" + "x" * 3 * os.sysconf("SC_PAGE_SIZE")  # over PIPE_BUF: written in pieces

        out.err(text, prefix=False)

        got = b""
        while len(got) < len(text.encode()) + 1:
            got += os.read(read_end, 65536)
    assert got.decode() == text + "\n"


def test_a_second_signal_while_the_last_lines_print_stops_the_wait_and_drops_them(
    pipe: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The printing thread blocks on a stdout nobody reads; the wait for it ends with the signal,
    # and what it still holds goes unprinted (the exit then writes nothing more to stdout).
    monkeypatch.setattr(sys, "stdout", open(pipe[1], "w", closefd=False))  # noqa: SIM115
    out = Output(json_mode=True, debug=False)
    printer = dead_man._Printer(out)
    printer.put(lambda: out.line("armed until ..."))

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped

    main = threading.main_thread().ident
    assert main is not None
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        threading.Timer(0.05, signal.pthread_kill, (main, signal.SIGTERM)).start()
        started = time.monotonic()
        with pytest.raises(Stopped):
            printer.close(30)
        assert time.monotonic() - started < GRACE
    finally:
        signal.signal(signal.SIGTERM, previous)
        # The printing thread's write goes through once the pipe is read; it then ends, before
        # the test gives stdout back.
        os.set_blocking(pipe[0], False)
        while not printer.done(0.01):
            with contextlib.suppress(BlockingIOError):
                os.read(pipe[0], 65536)
    assert out.closed
