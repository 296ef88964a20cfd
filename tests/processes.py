"""Child processes a test starts, never waited on for ever."""

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
