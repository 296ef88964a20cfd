"""``--audit FILE``: one JSON line per request that left, appended for the morning's review.

Each line: ``time`` (UTC, when the request was written), ``account`` (the name in the accounts
file; ``default`` for the environment's credentials), ``operation``, ``symbol``, ``outcome``
(``ok`` or the error's class), ``code`` (BingX's, 0 for a success, ``null`` without an answer)
and ``http``. Never a key, secret or signature: the SDK's audit records hold none (see
:func:`bingx_spot.wire.retry.plan`). A file that cannot be written is said once on stderr and
the run goes on: the audit never stands between the operator and the cancel.
"""

import json
import logging
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ..wire.auth import identity
from ..wire.logs import AUDIT, audit_log
from .output import Output, iso

__all__ = ["audited", "named"]

# The account names of this run by the hash the SDK's records carry (``auth.identity`` of the
# API key): ``args.login`` names each key it hands out.
_names: dict[str, str] = {}
_names_lock = threading.Lock()


def named(api_key: str, name: str) -> None:
    with _names_lock:
        _names[identity(api_key)] = name


class _Trail(logging.Handler):
    def __init__(self, path: str, out: Output) -> None:
        super().__init__(logging.INFO)
        self.path = path
        self.out = out
        self.failed = False
        self.write_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        entry = getattr(record, AUDIT, None)
        if not isinstance(entry, dict) or self.failed:
            return
        line = {
            "time": iso(int(entry["left_ms"])),
            "account": _names.get(str(entry["account"]), "unknown"),
            **{k: entry[k] for k in ("operation", "symbol", "outcome", "code", "http")},
        }
        try:
            with self.write_lock:
                # Never blocking (a FIFO nobody reads would hold the request up) and a regular
                # file only: the trail must not stand between the operator and the cancel.
                flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW
                descriptor = os.open(self.path, flags, 0o600)
                try:
                    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                        raise OSError(0, "not a regular file")
                    os.write(descriptor, (json.dumps(line) + "\n").encode())
                finally:
                    os.close(descriptor)
        except OSError as exc:
            self.failed = True
            reason = exc.strerror or str(exc)
            self.out.err(f"warning: --audit {self.path}: {reason}; the run goes on unaudited")


@contextmanager
def audited(path: str | None, out: Output) -> Iterator[None]:
    """Writes the run's audit records to ``path`` (nothing when ``None``)."""
    if path is None:
        yield
        return
    trail = _Trail(path, out)
    saved = audit_log.level
    audit_log.setLevel(logging.INFO)
    audit_log.addHandler(trail)
    try:
        yield
    finally:
        audit_log.removeHandler(trail)
        audit_log.setLevel(saved)
