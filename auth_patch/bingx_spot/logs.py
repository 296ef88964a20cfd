"""Logging. The SDK logs to the ``bingx_spot`` logger (retries and clock sync at INFO); configure
it with the standard library's ``logging`` as any other.

httpx logs every request at INFO with its full URL, signature included: :func:`install` adds a
filter to the ``httpx`` logger that masks the signature in those lines. httpcore logs each
answer's headers at DEBUG, and a redirect's ``Location`` (or a server that echoes the request)
repeats the signed URL: its loggers get a filter that masks signature-shaped hex.
"""

import logging

import httpx

from .errors import redact

__all__ = ["RedactHex", "RedactSignature", "install", "logger"]

logger = logging.getLogger("bingx_spot")
REDACTED = "[redacted]"


class RedactSignature(logging.Filter):
    """Masks ``signature`` in the URLs of a log record's arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and any(isinstance(arg, httpx.URL) for arg in args):
            record.args = tuple(_redact(arg) if isinstance(arg, httpx.URL) else arg for arg in args)
        return True


def _redact(url: httpx.URL) -> httpx.URL:
    return url.copy_set_param("signature", REDACTED) if "signature" in url.params else url


class RedactHex(logging.Filter):
    """Masks runs of 64 hex digits (a signature) in a record's message and string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        return True


# A filter on "httpcore" would not see its children's records.
_HTTPCORE = ("connection", "connection_pool", "http11", "http2", "proxy", "socks")


def install() -> None:
    """Adds the filters to httpx's and httpcore's loggers, once per process."""
    target = logging.getLogger("httpx")
    if not any(isinstance(existing, RedactSignature) for existing in target.filters):
        target.addFilter(RedactSignature())
    for name in _HTTPCORE:
        target = logging.getLogger(f"httpcore.{name}")
        if not any(isinstance(existing, RedactHex) for existing in target.filters):
            target.addFilter(RedactHex())
