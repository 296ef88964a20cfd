"""Logging. The SDK logs to the ``bingx_spot`` logger (retries and clock sync at INFO); configure
it with the standard library's ``logging`` as any other.

httpx logs every request at INFO with its full URL, signature included: :func:`install` adds a
filter to the ``httpx`` logger that masks the signature in those lines.
"""

import logging

import httpx

__all__ = ["RedactSignature", "install", "logger"]

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


def install() -> None:
    """Adds the filter to httpx's logger, once per process."""
    target = logging.getLogger("httpx")
    if not any(isinstance(existing, RedactSignature) for existing in target.filters):
        target.addFilter(RedactSignature())
