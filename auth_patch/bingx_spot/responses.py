"""Turns an HTTP answer into either "success, let the generated parser read it" or an exception.

A success is exactly HTTP 200 with a JSON object whose ``code`` is the integer 0 and whose
objects and arrays sit where the spec says. Anything else raises: an HTML page from a CDN is
never taken for "nothing cancelled", and the generated parser never meets a shape it would
crash on.
"""

import json
import re
import time
from email.utils import parsedate_to_datetime

import httpx

from .errors import BingXError, HTTPRateLimitError, ResponseError, api_error
from .spec import Operation, Spec

__all__ = ["RESUME_HEADER", "error", "retry_after", "snippet"]

RESUME_HEADER = "X-RateLimit-Requests-Expire"
_RATE_LIMIT_STATUSES = frozenset({418, 429})
_SNIPPET_CHARS = 200
_HEX_SECRET = re.compile(r"[0-9a-fA-F]{64}")


def snippet(body: bytes) -> str:
    """The start of a body, safe for a message: one line, short, no signature-shaped hex."""
    text = body[: _SNIPPET_CHARS * 4].decode("utf-8", "replace")
    text = _HEX_SECRET.sub("[redacted]", " ".join(text.split()))
    return text[:_SNIPPET_CHARS]


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), if the answer has a usable one."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def error(response: httpx.Response, op: Operation | None, spec: Spec) -> BingXError | None:
    """The exception ``response`` stands for, or ``None`` for a success."""
    status = response.status_code
    operation = op.operation_id if op else None
    body = response.content
    try:
        doc = json.loads(body)
    except ValueError:  # also UnicodeDecodeError
        doc = None
    code = doc.get("code") if isinstance(doc, dict) else None
    if isinstance(doc, dict) and isinstance(code, int) and not isinstance(code, bool):
        if code != 0:
            msg = doc.get("msg")
            return api_error(
                code,
                msg if isinstance(msg, str) else "",
                status_code=status,
                operation=operation,
                resume_header=response.headers.get(RESUME_HEADER),
            )
        if status == 200:
            shape = spec.shape_error(doc, op) if op else None
            return None if shape is None else _response_error(response, operation, shape)
    if status in _RATE_LIMIT_STATUSES:
        return _rate_limited(response, operation)
    if doc is None:
        problem = "the body is not JSON" if body else "the body is empty"
    elif status != 200:
        problem = f"unexpected HTTP status {status}"
    else:
        problem = "the JSON body has no integer 'code'"
    return _response_error(response, operation, problem)


def _response_error(response: httpx.Response, operation: str | None, problem: str) -> ResponseError:
    return ResponseError(
        f"{operation or 'request'}: {problem}",
        status_code=response.status_code,
        content_type=response.headers.get("content-type", ""),
        snippet=snippet(response.content),
        operation=operation,
    )


def _rate_limited(response: httpx.Response, operation: str | None) -> HTTPRateLimitError:
    status = response.status_code
    reason = "banned after too many requests" if status == 418 else "too many requests"
    error = HTTPRateLimitError(
        f"{operation or 'request'}: {reason}",
        status_code=status,
        content_type=response.headers.get("content-type", ""),
        snippet=snippet(response.content),
        operation=operation,
    )
    expire = response.headers.get(RESUME_HEADER, "")
    wait = retry_after(response)
    if expire.isdigit():
        error.retry_at = int(expire)
    elif wait is not None:
        error.retry_at = int((time.time() + wait) * 1000)
    return error
