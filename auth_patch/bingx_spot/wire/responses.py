"""Turns an HTTP answer into either "success, let the generated parser read it" or an exception.

This is the one judge of an answer's shape; the generated parser only builds models from what
it accepted. The judge is here, not in the parser, because the call's outcome must be decided
before the transport returns (a retry, an error class, ``.sent``, the audit line), and because the
generated ``from_dict`` checks no type: it would hand a model an ``orderId`` that is a string or
``null``. What the judge checks it reads from the spec's response schemas (:mod:`.spec`): the
objects and arrays, and each required property with its JSON type; an odd optional field is
left to the caller, so a new field BingX adds never fails a call.

A success is exactly HTTP 200 with a JSON object whose ``code`` is the integer 0 and whose
objects and arrays sit where the spec says; a business error is HTTP 200 with another integer
``code``. Anything else raises a ``ResponseError``: an HTML page from a CDN is never taken for
"nothing cancelled", the generated parser never meets a shape it would crash on, and the HTTP
status decides before the body does (HTTP 500 with BingX's 100500 is an HTTP 500, the code and
message in the error's text). HTTP 429 and 418 are rate limits whatever the body says. BingX's
ways of saying "nothing" (``null`` for an empty list, ``[]`` for an empty object) are rewritten
to what the spec declares before the parser sees them (:meth:`Spec.empties`). Every body is read
through :func:`loads`, so one nested too deep for Python's parsers is "not JSON", never a
``RecursionError``, and never reaches the generated parser (which reads it again, unless the
answer is a :class:`JudgedResponse`: then it is handed the document read here).
"""

import json
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from ..errors import (
    BingXError,
    HTTPRateLimitError,
    ResponseError,
    api_error,
    clean,
    window_end,
)
from ..redaction import redact
from .spec import Operation, Spec

__all__ = [
    "MAX_NESTING",
    "RESUME_HEADER",
    "JudgedResponse",
    "error",
    "is_json",
    "judge",
    "loads",
    "resume_at",
    "retry_after",
    "snippet",
]

RESUME_HEADER = "X-RateLimit-Requests-Expire"
_RATE_LIMIT_STATUSES = frozenset({418, 429})
_SNIPPET_CHARS = 200
# BingX's answers nest 4 levels. Python's json (and so the generated parser, which reads the body
# again from wherever the caller stands) raises RecursionError somewhere below 1000 levels,
# depending on the stack it is called from: far below that, any depth parses everywhere.
MAX_NESTING = 64

Redactor = Callable[[str], str]


class JudgedResponse(httpx.Response):
    """A response the SDK's transports make: once :func:`judge` has read its JSON, the first
    ``json()`` returns that document instead of parsing the body again. Later calls parse, so
    every caller still gets a document of its own, equal to the body."""

    def keep(self, doc: Any) -> None:
        self.__dict__[_KEPT] = doc

    def json(self, **kwargs: Any) -> Any:
        doc = self.__dict__.pop(_KEPT, _KEPT)
        return super().json(**kwargs) if doc is _KEPT or kwargs else doc


_KEPT = "_bingx_spot_doc"


def snippet(body: bytes, redactor: Redactor = redact) -> str:
    """The start of a body, safe for a message: one line, short, redacted. The whole body is
    redacted before it is cut (it is no longer than the client's cap): a secret that a cut runs
    through is whole when it is looked for, and spaces before it fold into one."""
    text = redactor(body.decode("utf-8", "replace"))
    return " ".join(text.split())[:_SNIPPET_CHARS]


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


def loads(body: bytes) -> Any:
    """The JSON document ``body`` holds, or ``ValueError`` when it holds none that every parser
    after this one reads safely: not JSON (a truncated document, not UTF-8), or nested deeper
    than :data:`MAX_NESTING` levels (200 000 levels is a 400 kB body)."""
    try:
        doc = json.loads(body)
    except RecursionError:
        raise _TooDeep from None
    # Counting brackets is cheap; only a body with enough of them can nest too deep.
    if body.count(b"[") + body.count(b"{") > MAX_NESTING and _deeper(doc, MAX_NESTING):
        raise _TooDeep
    return doc


class _TooDeep(ValueError):
    def __init__(self) -> None:
        super().__init__(f"nested deeper than {MAX_NESTING} levels")


def _deeper(doc: Any, limit: int) -> bool:
    """``doc`` has containers more than ``limit`` levels deep (walked a level at a time, without
    recursion)."""
    level = [doc] if type(doc) in _CONTAINERS else []
    for _ in range(limit):
        below: list[Any] = []
        for value in level:
            children = value.values() if type(value) is dict else value
            below += [child for child in children if type(child) in _CONTAINERS]
        if not below:
            return False
        level = below
    return True


_CONTAINERS = (dict, list)


def is_json(body: bytes) -> bool:
    """The body is one complete JSON document (a truncated one is not) that :func:`loads`
    reads."""
    try:
        loads(body)
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
        doc = loads(body)
    except _TooDeep as deep:
        return _response_error(response, operation, f"the body is not JSON ({deep})", redactor)
    except ValueError:  # also UnicodeDecodeError
        problem = "the body is not JSON" if body else "the body is empty"
        return _response_error(response, operation, problem, redactor)
    code = doc.get("code") if isinstance(doc, dict) else None
    if status != 200 or not isinstance(code, int) or isinstance(code, bool):
        return _response_error(response, operation, _not_bingx(status, doc, redactor), redactor)
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
    return _success(response, doc, op, spec, redactor)


def _not_bingx(status: int, doc: Any, redactor: Redactor) -> str:
    """What is wrong with a JSON answer that is no BingX success or business error. The HTTP
    status decides before the body does: a BingX code in a 4xx or 5xx body only explains it."""
    if status == 200:
        return "the JSON body has no integer 'code'"
    problem = f"unexpected HTTP status {status}"
    code = doc.get("code") if isinstance(doc, dict) else None
    if isinstance(code, int) and not isinstance(code, bool) and code != 0:
        msg = doc.get("msg")
        problem += f", BingX error {code}"
        if isinstance(msg, str) and msg:
            problem += f": {clean(msg, redactor)}"
    return problem


def _success(
    response: httpx.Response, doc: Any, op: Operation | None, spec: Spec, redactor: Redactor
) -> httpx.Response | ResponseError:
    """A 200 with ``code`` 0: the response for the parser, unless its shape is not the spec's."""
    if op is not None:
        changed = spec.empties(doc, op)
        shape = spec.shape_error(doc, op)
        if shape is not None:
            return _response_error(response, op.operation_id, shape, redactor)
        if changed:
            return _with_body(response, doc)
    if isinstance(response, JudgedResponse):
        response.keep(doc)
    return response


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
        doc = loads(response.content)
    except ValueError:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("msg"), str):
        return None
    code = doc.get("code")
    if not isinstance(code, int) or isinstance(code, bool) or code == 0:
        return None
    error = api_error(code, doc["msg"])
    return getattr(error, "retry_at", None)
