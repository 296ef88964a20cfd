"""Turns an HTTP answer into either "success, let the generated parser read it" or an exception.

A success is exactly HTTP 200 with a JSON object whose ``code`` is the integer 0 and whose
objects and arrays sit where the spec says. Anything else raises: an HTML page from a CDN is
never taken for "nothing cancelled", and the generated parser never meets a shape it would
crash on. HTTP 429 and 418 are rate limits whatever the body says. BingX's ways of saying
"nothing" (``null`` for an empty list, ``[]`` for an empty object) are rewritten to what the
spec declares before the parser sees them (:meth:`Spec.empties`).
"""

import json
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx

from .errors import BingXError, HTTPRateLimitError, ResponseError, api_error, redact, window_end
from .spec import Operation, Spec

__all__ = ["RESUME_HEADER", "error", "is_json", "judge", "resume_at", "retry_after", "snippet"]

RESUME_HEADER = "X-RateLimit-Requests-Expire"
_RATE_LIMIT_STATUSES = frozenset({418, 429})
_SNIPPET_CHARS = 200

Redactor = Callable[[str], str]


def snippet(body: bytes, redactor: Redactor = redact) -> str:
    """The start of a body, safe for a message: one line, short, redacted."""
    text = body[: _SNIPPET_CHARS * 4].decode("utf-8", "replace")
    return redactor(" ".join(text.split()))[:_SNIPPET_CHARS]


def resume_at(response: httpx.Response, received_ms: int | None = None) -> int | None:
    """When sending may resume, from ``X-RateLimit-Requests-Expire`` (ms since the epoch), or
    ``None`` without a usable header. The header holds the milliseconds LEFT in the current
    window, counted from ``received_ms``, when the answer arrived (default: now, as answers are
    judged as they arrive); see :func:`bingx_spot.errors.window_end`."""
    value = response.headers.get(RESUME_HEADER)
    if value is None:
        return None
    return window_end(value, time.time_ns() // 1_000_000 if received_ms is None else received_ms)


def retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds (a number or an HTTP date), if the answer has a usable one."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds < float("inf") else None  # NaN too
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None


def is_json(body: bytes) -> bool:
    """The body is one complete JSON document (a truncated one is not)."""
    try:
        json.loads(body)
    except ValueError:  # also UnicodeDecodeError
        return False
    return True


def error(response: httpx.Response, op: Operation | None, spec: Spec) -> BingXError | None:
    """The exception ``response`` stands for, or ``None`` for a success (see :func:`judge`)."""
    judged = judge(response, op, spec)
    return judged if isinstance(judged, BingXError) else None


def judge(
    response: httpx.Response, op: Operation | None, spec: Spec, redactor: Redactor = redact
) -> httpx.Response | BingXError:
    """The exception ``response`` stands for, or the response for the generated parser (itself,
    or a copy with BingX's "nothing" values rewritten). Server texts in an exception go through
    ``redactor`` (the auth's: it knows the API key)."""
    status = response.status_code
    operation = op.operation_id if op else None
    if status in _RATE_LIMIT_STATUSES:
        return _rate_limited(response, operation, redactor)
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
                resume_at=resume_at(response),
                redactor=redactor,
            )
        if status == 200:
            if op is None:
                return response
            changed = spec.empties(doc, op)
            shape = spec.shape_error(doc, op)
            if shape is not None:
                return _response_error(response, operation, shape, redactor)
            return _with_body(response, doc) if changed else response
    if doc is None:
        problem = "the body is not JSON" if body else "the body is empty"
    elif status != 200:
        problem = f"unexpected HTTP status {status}"
    else:
        problem = "the JSON body has no integer 'code'"
    return _response_error(response, operation, problem, redactor)


def _with_body(response: httpx.Response, doc: object) -> httpx.Response:
    content = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    dropped = ("content-length", "content-encoding", "transfer-encoding")
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
    return httpx.Response(
        response.status_code, headers=headers, content=content, extensions=response.extensions
    )


def _content_type(response: httpx.Response, redactor: Redactor) -> str:
    """The server's Content-Type, as short and redacted as a snippet: it is server text too."""
    return redactor(response.headers.get("content-type", ""))[:_SNIPPET_CHARS]


def _response_error(
    response: httpx.Response, operation: str | None, problem: str, redactor: Redactor
) -> ResponseError:
    return ResponseError(
        f"{operation or 'request'}: {problem}",
        status_code=response.status_code,
        content_type=_content_type(response, redactor),
        snippet=snippet(response.content, redactor),
        operation=operation,
    )


def _rate_limited(
    response: httpx.Response, operation: str | None, redactor: Redactor
) -> HTTPRateLimitError:
    """429 or 418: the status decides, a BingX envelope in the body (100410, ...) only adds its
    unblock time. ``retry_at``: the latest time any part of the answer names."""
    status = response.status_code
    reason = "banned after too many requests" if status == 418 else "too many requests"
    error = HTTPRateLimitError(
        f"{operation or 'request'}: {reason}",
        status_code=status,
        content_type=_content_type(response, redactor),
        snippet=snippet(response.content, redactor),
        operation=operation,
    )
    known = [at for at in (resume_at(response), _told(response)) if at is not None]
    wait = retry_after(response)
    if wait is not None:
        known.append(time.time_ns() // 1_000_000 + int(wait * 1000))
    error.retry_at = max(known, default=None)
    return error


def _told(response: httpx.Response) -> int | None:
    """The unblock time a BingX envelope's message names, if the body is one."""
    try:
        doc = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("msg"), str):
        return None
    code = doc.get("code")
    if not isinstance(code, int) or isinstance(code, bool) or code == 0:
        return None
    error = api_error(code, doc["msg"])
    return getattr(error, "retry_at", None)
