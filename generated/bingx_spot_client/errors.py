"""Contains shared errors types that can be raised from API functions"""

import re
from collections.abc import Callable, Mapping
from typing import Any

import httpx


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class InvalidArgument(ValueError):
    """An argument httpx cannot put in a request; raised before anything is sent. The message
    names the parameter at fault, never its value."""


# A parameter value longer than this is the one blamed for a URL httpx finds too long. No API
# parameter comes near it; the client layer's signer refuses the same length.
MAX_CHARS = 256
_UNSAFE = re.compile(r"[&=\s\x00-\x1f\x7f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# The name of the optional hook on a client's ``httpx.Auth``: ``refused(error)`` returns the
# exception the call raises instead of ``error`` (an InvalidArgument). A client layer whose
# callers catch its own error classes installs it. Python's ``except`` matches only real
# subclasses, never registered ones, so such a layer cannot make this class its own by
# registration, and this package cannot subclass the layer's without importing it; the hook lets
# the layer choose the class while the message is made here, on the caller's side of the auth.
REFUSED_HOOK = "refused"


def refusal_message(kwargs: Mapping[str, Any]) -> str:
    """Why httpx could not build a request from ``kwargs`` (``method``, ``url``, ``params``): the
    first parameter too long, not UTF-8 or not text at all, by name, never by value; else the
    request, by method and path."""
    params = kwargs.get("params") or {}
    for key, value in params.items():
        name = _UNSAFE.sub("?", str(key)[:40])  # never a key that breaks a log line
        for item in value if isinstance(value, list | tuple) else [value]:  # httpx's forms
            try:
                text = str(item)
            except Exception:  # whatever it raised, its message may hold the value
                return f"{name} cannot be written as text"
            if len(text) > MAX_CHARS:
                return f"{name} is longer than {MAX_CHARS} characters"
            if _SURROGATE.search(text):
                return f"{name} must not contain lone surrogates (not UTF-8)"
    where = f"{str(kwargs.get('method', '')).upper()} {str(kwargs.get('url', ''))[:80]}"
    return f"{where}: httpx cannot build the request from these arguments (e.g. a URL over 64 KiB)"


def refusal(httpx_client: httpx.Client | httpx.AsyncClient, kwargs: Mapping[str, Any]) -> Exception:
    """The error a call raises when ``httpx_client`` cannot build its request from ``kwargs``:
    an InvalidArgument, or what the client's auth makes of it (``REFUSED_HOOK``)."""
    error = InvalidArgument(refusal_message(kwargs))
    hook: Callable[[InvalidArgument], Exception] | None = getattr(
        httpx_client.auth, REFUSED_HOOK, None
    )
    return error if hook is None else hook(error)


__all__ = ["InvalidArgument", "UnexpectedStatus", "refusal", "refusal_message"]
