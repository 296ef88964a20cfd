"""Turns an HTTP answer into either "success, let the generated parser read it" or an exception.

A success is exactly a JSON object whose ``code`` is the integer 0 with HTTP 200. Anything else
raises: an HTML page from a CDN is never taken for "nothing cancelled".
"""

import json
import re

import httpx

from .errors import ResponseError, api_error

__all__ = ["check", "snippet"]

_SNIPPET_CHARS = 200
_HEX_SECRET = re.compile(r"[0-9a-fA-F]{64}")


def snippet(body: bytes) -> str:
    """The start of a body, safe for a message: one line, short, no signature-shaped hex."""
    text = body[: _SNIPPET_CHARS * 4].decode("utf-8", "replace")
    text = _HEX_SECRET.sub("[redacted]", " ".join(text.split()))
    return text[:_SNIPPET_CHARS]


def check(response: httpx.Response, operation: str | None) -> None:
    """Raises the matching :class:`~bingx_spot.BingXError` unless ``response`` is a success."""
    status = response.status_code
    body = response.content
    try:
        doc = json.loads(body)
    except ValueError:  # also UnicodeDecodeError
        doc = None
    code = doc.get("code") if isinstance(doc, dict) else None
    if isinstance(code, int) and not isinstance(code, bool):
        if code != 0:
            msg = doc.get("msg") if isinstance(doc, dict) else None
            raise api_error(
                code, msg if isinstance(msg, str) else "", status_code=status, operation=operation
            )
        if status == 200:
            return
    if doc is None:
        problem = "the body is not JSON" if body else "the body is empty"
    elif status != 200:
        problem = f"unexpected HTTP status {status}"
    else:
        problem = "the JSON body has no integer 'code'"
    raise ResponseError(
        f"{operation or 'request'}: {problem}",
        status_code=status,
        content_type=response.headers.get("content-type", ""),
        snippet=snippet(body),
        operation=operation,
    )
