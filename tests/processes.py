"""Child processes a test starts, never waited on for ever, and a pipe nobody reads."""

import contextlib
import os
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from os import PathLike
from typing import Any


@contextmanager
def started(
    args: Sequence[str | PathLike[str]], **options: Any
) -> Iterator["subprocess.Popen[str]"]:
    """``subprocess.Popen(args, **options)`` (text mode), killed at the end if still running: a
    test that failed or gave up must not wait for ever on a command that hangs."""
    with subprocess.Popen(args, text=True, **options) as running:
        try:
            yield running
        finally:
            if running.poll() is None:
                running.kill()


def full_pipe() -> tuple[int, int]:
    """A pipe whose buffer is already full: whoever writes to it blocks until it is read."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    with contextlib.suppress(BlockingIOError):
        while True:
            os.write(write_end, b"x" * 65536)
    os.set_blocking(write_end, True)
    return read_end, write_end
