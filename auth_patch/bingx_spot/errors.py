"""Every failure the SDK raises, and the one table that maps BingX codes to classes.

::

    BingXError                      base of everything below
    ├── InvalidArgumentError        also a ValueError; raised before anything is sent
    ├── NetworkError                connection failed or broke; nothing usable came back
    │   └── RequestTimeoutError     no answer within the timeout
    ├── ResponseError               not a BingX answer: HTML from a CDN, truncated or non-JSON
    │   │                           body, no ``code``, any HTTP status but 200 (the status decides:
    │   │                           a BingX code and msg in its body only go into the message), a
    │   │                           shape the spec does not allow; ``.content_type``, ``.snippet``
    │   └── HTTPRateLimitError      also a RateLimitError: HTTP 429, 418 (banned), whatever the
    │                               body (a BingX 100410 envelope included)
    ├── BingXAPIError               BingX answered HTTP 200 with ``code != 0``: ``.code``, ``.msg``
    │   ├── AuthenticationError     100001 bad signature, 100412 no signature, 100413 bad API key
    │   ├── PermissionDeniedError   100004 key lacks permission, 100419 IP not whitelisted
    │   ├── APIRateLimitError       also a RateLimitError: 100410, 109429
    │   ├── TimestampError          100421 when the message is about the timestamp (clock skew)
    │   ├── InvalidParameterError   100400, 100204, 80014, 109400
    │   ├── NotFoundError           100404, 80016
    │   ├── InsufficientBalanceError  100202 the account cannot pay for the order
    │   └── ServerBusyError         100500, 100503, 80012
    ├── RateLimitError              either rate limit; ``.retry_at`` (ms since epoch) if known;
    │                               raised as itself by the rate budget, nothing sent
    └── DeadMansSwitchError         (in :mod:`bingx_spot.deadman`) cancelAllAfter answered FAILED
        └── NotArmedError           ``armed_until`` read while no countdown is armed

Every error carries ``.status_code`` (the HTTP status, or ``None`` when no answer came),
``.operation`` (the spec's operationId, when known), ``.attempts`` (how many requests the call
handed to the network), ``.sent`` (whether any of them may have reached BingX) and
``.client_order_id`` (the id a placement carried, to look the order up by; else ``None``). An
answer was sent (``sent`` true). Raised before any request left: ``sent`` false and ``attempts``
0 (an InvalidArgumentError; a RateLimitError from the rate budget, when no budget comes before
the call's deadline or BingX's block outlasts it; a NotArmedError); a NetworkError's ``sent`` is
false only when no attempt can have arrived (a refused connect). Messages never hold the secret,
the signature, the signed URL or more than the first four characters of the API key: texts the
server sends (``msg``, a body's snippet) are redacted before an error holds them. Every error
pickles and copies with its class and attributes (a process pool can hand one back).
"""

import re
import time
from collections.abc import Callable
from typing import Any

# Named here too, where callers have long found them.
from .redaction import REDACTED, redact

__all__ = [
    "REDACTED",
    "APIRateLimitError",
    "AuthenticationError",
    "BingXAPIError",
    "BingXError",
    "HTTPRateLimitError",
    "InsufficientBalanceError",
    "InvalidArgumentError",
    "InvalidParameterError",
    "NetworkError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "ResponseError",
    "ServerBusyError",
    "TimestampError",
    "api_error",
    "clean",
    "redact",
    "window_end",
]

_EPOCH_MS = 10**12  # a larger Expire value is a time (2001 on), not what is left of a window


def window_end(expire: str, received_ms: int) -> int | None:
    """The time ``X-RateLimit-Requests-Expire: expire`` names: the milliseconds LEFT in the
    current window, counted from ``received_ms``; ``None`` when it is no count. A 13-digit value,
    never seen live, is taken as the time itself."""
    value = expire.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 15:
        return None
    left = int(value)
    return left if left >= _EPOCH_MS else received_ms + left


def _rebuild(cls: type["BingXError"], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class BingXError(Exception):
    """Base of every error the SDK raises for a failed call."""

    status_code: int | None = None
    operation: str | None = None
    attempts: int = 1  # requests the call handed to the network
    sent: bool = True  # any of them may have reached BingX (an answer came, or may have)
    # The client order id the call carried (a placement: the caller's, or the one the client
    # made), to look the order up by; None for a call that carries none.
    client_order_id: str | None = None

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text} (after {self.attempts} attempts)" if self.attempts > 1 else text

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take keyword-only arguments, which Exception's own reduce cannot replay.
        return _rebuild, (type(self), self.args, dict(self.__dict__))


class RateLimitError(BingXError):
    """Over a rate limit, from BingX's code or HTTP status, or from the client's own rate budget
    (this class itself: raised before sending, ``sent`` false). ``retry_at``: when sending may
    resume, in ms since the epoch, when known (from the message, ``X-RateLimit-Requests-Expire``
    or the budget)."""

    retry_at: int | None = None


class InvalidArgumentError(BingXError, ValueError):
    """An argument the server would refuse or misread; nothing was sent."""

    attempts = 0
    sent = False


class NetworkError(BingXError):
    """The request could not be sent or its answer could not be read. ``sent`` is False when it
    surely never reached the server (refused, or no connection in time)."""

    def __init__(self, message: str, *, operation: str | None = None, sent: bool = True) -> None:
        super().__init__(message)
        self.operation = operation
        self.sent = sent


class RequestTimeoutError(NetworkError):
    """No answer within the client's timeout."""


class ResponseError(BingXError):
    """An HTTP answer that is not a BingX envelope: never taken for a success."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        content_type: str,
        snippet: str,
        operation: str | None = None,
    ) -> None:
        super().__init__(f"{message} (HTTP {status_code}, {content_type or 'no content type'})")
        self.status_code = status_code
        self.content_type = content_type
        self.snippet = snippet
        self.operation = operation


class HTTPRateLimitError(ResponseError, RateLimitError):
    """HTTP 429 (Too Many Requests) or 418 (banned after ignoring 429s)."""


class BingXAPIError(BingXError):
    """BingX answered HTTP 200 with ``code != 0``."""

    def __init__(
        self,
        code: int,
        msg: str,
        *,
        status_code: int | None = 200,
        operation: str | None = None,
    ) -> None:
        super().__init__(f"BingX error {code}: {msg}" if msg else f"BingX error {code}")
        self.code = code
        self.msg = msg
        self.status_code = status_code
        self.operation = operation


class AuthenticationError(BingXAPIError):
    """Signature or API key refused."""


class PermissionDeniedError(BingXAPIError):
    """The key may not do this, or not from this IP."""


class APIRateLimitError(BingXAPIError, RateLimitError):
    """BingX's rate-limit codes; ``retry_at`` from the message or the rate-limit header."""


class TimestampError(BingXAPIError):
    """The request's timestamp is outside recvWindow of the server's clock."""


class InvalidParameterError(BingXAPIError):
    """BingX refused a parameter."""


class NotFoundError(BingXAPIError):
    """The order or symbol does not exist."""


class InsufficientBalanceError(BingXAPIError):
    """The account's free balance cannot pay for the order (placing it)."""


class ServerBusyError(BingXAPIError):
    """BingX is overloaded; the call may succeed later."""


# The one place codes map to classes.
_FAMILIES: dict[int, type[BingXAPIError]] = {
    100001: AuthenticationError,
    100412: AuthenticationError,
    100413: AuthenticationError,
    100004: PermissionDeniedError,
    100419: PermissionDeniedError,
    100410: APIRateLimitError,
    109429: APIRateLimitError,
    100400: InvalidParameterError,
    100204: InvalidParameterError,
    80014: InvalidParameterError,
    109400: InvalidParameterError,
    100404: NotFoundError,
    80016: NotFoundError,
    100202: InsufficientBalanceError,
    100500: ServerBusyError,
    100503: ServerBusyError,
    80012: ServerBusyError,
}
# 100421 is shared: only its timestamp message means clock skew ("pair restricted from API
# trading" and "cancel fail, order not exist" use it too).
_TIMESTAMP_CODE = 100421
# "... will be unblocked after 1727193814249" / "... can retry after time: 1727193970155" (ms)
_RESUME_AT = re.compile(r"after(?:\s*time)?\s*:?\s*(\d{12,14})\b")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MSG_CHARS = 500  # BingX's own messages are far shorter


def clean(msg: str, redactor: Callable[[str], str] = redact) -> str:
    """BingX's ``msg`` as an error keeps it: through ``redactor``, on one line (it lands in
    logs), at most 500 characters."""
    return _CONTROL.sub(" ", redactor(msg))[:_MSG_CHARS]


def api_error(
    code: int,
    msg: str,
    *,
    status_code: int | None = 200,
    operation: str | None = None,
    resume_header: str | None = None,
    resume_at: int | None = None,
    redactor: Callable[[str], str] = redact,
) -> BingXAPIError:
    """The exception for a BingX answer with ``code != 0``; ``msg`` is kept as :func:`clean`
    makes it.
    ``resume_at``: the unblock time ``X-RateLimit-Requests-Expire`` gives (ms since epoch), for
    a rate-limit error whose message names no time (the server's own word on its block wins
    over what is left of the current window). ``resume_header``: the header's value instead,
    counted from now."""
    if code == _TIMESTAMP_CODE and "timestamp" in msg.lower():
        cls: type[BingXAPIError] = TimestampError
    else:
        cls = _FAMILIES.get(code, BingXAPIError)
    error = cls(code, clean(msg, redactor), status_code=status_code, operation=operation)
    if isinstance(error, RateLimitError):
        found = _RESUME_AT.search(msg)
        if resume_at is None and resume_header is not None:
            resume_at = window_end(resume_header, time.time_ns() // 1_000_000)
        error.retry_at = int(found.group(1)) if found else resume_at
    return error
