"""Every failure the SDK raises, and the one table that maps BingX codes to classes.

::

    BingXError                      base of everything below
    ├── InvalidArgumentError        also a ValueError; raised before anything is sent
    ├── NetworkError                connection failed or broke; nothing usable came back
    │   └── RequestTimeoutError     no answer within the timeout
    ├── ResponseError               an HTTP answer that is not a BingX envelope (HTML from a CDN,
    │                               truncated or non-JSON body, no ``code``, an HTTP error status)
    └── BingXAPIError               BingX answered ``code != 0``: ``.code``, ``.msg``
        ├── AuthenticationError     100001 bad signature, 100412 no signature, 100413 bad API key
        ├── PermissionDeniedError   100004 key lacks permission, 100419 IP not whitelisted
        ├── RateLimitError          100410, 109429: ``.retry_at`` (ms since epoch) when BingX says
        ├── TimestampError          100421 when the message is about the timestamp (clock skew)
        ├── InvalidParameterError   100400, 100204, 80014, 109400
        ├── NotFoundError           100404, 80016
        └── ServerBusyError         100500, 100503, 80012

Every error carries ``.status_code`` (the HTTP status, or ``None`` when no answer came) and
``.operation`` (the spec's operationId, when known). Messages never hold the secret, the signature,
the signed URL or more than the first four characters of the API key.
"""

import re

__all__ = [
    "AuthenticationError",
    "BingXAPIError",
    "BingXError",
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
]


class BingXError(Exception):
    """Base of every error the SDK raises for a failed call."""

    status_code: int | None = None
    operation: str | None = None


class InvalidArgumentError(BingXError, ValueError):
    """An argument the server would refuse or misread; nothing was sent."""


class NetworkError(BingXError):
    """The request could not be sent or its answer could not be read."""

    def __init__(self, message: str, *, operation: str | None = None) -> None:
        super().__init__(message)
        self.operation = operation


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


class BingXAPIError(BingXError):
    """BingX answered with ``code != 0``."""

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


class RateLimitError(BingXAPIError):
    """Over BingX's rate limit. ``retry_at``: when sending may resume (ms since epoch), if known."""

    @property
    def retry_at(self) -> int | None:
        # "... unblocked after 1727193814249" / "... can retry after time: 1727193970155"
        found = re.search(r"after(?: time:)?\s*(\d{12,})", self.msg)
        return int(found.group(1)) if found else None


class TimestampError(BingXAPIError):
    """The request's timestamp is outside recvWindow of the server's clock."""


class InvalidParameterError(BingXAPIError):
    """BingX refused a parameter."""


class NotFoundError(BingXAPIError):
    """The order or symbol does not exist."""


class ServerBusyError(BingXAPIError):
    """BingX is overloaded; the call may succeed later."""


# The one place codes map to classes.
_FAMILIES: dict[int, type[BingXAPIError]] = {
    100001: AuthenticationError,
    100412: AuthenticationError,
    100413: AuthenticationError,
    100004: PermissionDeniedError,
    100419: PermissionDeniedError,
    100410: RateLimitError,
    109429: RateLimitError,
    100400: InvalidParameterError,
    100204: InvalidParameterError,
    80014: InvalidParameterError,
    109400: InvalidParameterError,
    100404: NotFoundError,
    80016: NotFoundError,
    100500: ServerBusyError,
    100503: ServerBusyError,
    80012: ServerBusyError,
}
# 100421 is shared: only its timestamp message means clock skew ("pair restricted from API
# trading" and "cancel fail, order not exist" use it too).
_TIMESTAMP_CODE = 100421


def api_error(
    code: int, msg: str, *, status_code: int | None = 200, operation: str | None = None
) -> BingXAPIError:
    """The exception for a BingX answer with ``code != 0``."""
    if code == _TIMESTAMP_CODE and "timestamp" in msg.lower():
        cls: type[BingXAPIError] = TimestampError
    else:
        cls = _FAMILIES.get(code, BingXAPIError)
    return cls(code, msg, status_code=status_code, operation=operation)
