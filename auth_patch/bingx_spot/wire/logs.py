"""Logging. The SDK logs to the ``bingx_spot`` logger (retries and clock sync at INFO); configure
it with the standard library's ``logging`` as any other.

httpx logs every request at INFO with its full URL, signature included, and httpcore logs each
answer's headers at DEBUG: a redirect's ``Location``, or a server that echoes the request,
repeats the signed URL or the API key there. :func:`install` adds a filter to those loggers that
masks the signature, any signature-shaped hex, and the keys and secrets of every client made in
this process.
"""

import logging
import threading

import httpx

from ..redaction import REDACTED, redact

__all__ = ["AUDIT", "Redact", "audit_log", "install", "logger"]

logger = logging.getLogger("bingx_spot")
# One record per request that may have left, its fields in the record's ``AUDIT`` attribute
# (``bingx_spot.wire.retry``). Off until asked for (``setLevel(logging.INFO)`` and a handler, as
# ``bingx-spot --audit FILE`` does), and never passed up to the ``bingx_spot`` logger's handlers.
audit_log = logging.getLogger("bingx_spot.audit")
audit_log.setLevel(logging.WARNING)
audit_log.propagate = False
AUDIT = "bingx_audit"
# Every API key and secret a client was made with in this process, longest first: a key that
# holds another is masked whole.
_secrets: tuple[str, ...] = ()
_lock = threading.Lock()
# BingX's keys and secrets are 64 characters; masking a shorter value (a test's "key") in every
# line of the process would garble ordinary words.
MIN_SECRET = 8


class Redact(logging.Filter):
    """Masks ``signature`` in the URLs of a record's arguments, and 64-hex runs and the known
    keys and secrets in its message and string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = _secrets
        if isinstance(record.msg, str):
            record.msg = redact(record.msg, *secrets)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(arg, secrets) for arg in record.args)
        return True


def _clean(arg: object, secrets: tuple[str, ...]) -> object:
    if isinstance(arg, httpx.URL) and "signature" in arg.params:
        return arg.copy_set_param("signature", REDACTED)
    if isinstance(arg, str):
        return redact(arg, *secrets)
    return arg


# A filter on "httpcore" would not see its children's records.
_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.connection_pool",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


def install(*secrets: str) -> None:
    """Adds the filter to httpx's and httpcore's loggers, once per process, and has it mask
    ``secrets`` from now on."""
    global _secrets  # noqa: PLW0603 - one list for the filters of every logger
    with _lock:
        known = set(_secrets) | {secret for secret in secrets if len(secret) >= MIN_SECRET}
        _secrets = tuple(sorted(known, key=len, reverse=True))
    for name in _LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(existing, Redact) for existing in target.filters):
            target.addFilter(Redact())
