"""The ``httpx.Auth`` that signs BingX requests, sync and async alike."""

import time
from collections.abc import Callable, Generator
from urllib.parse import unquote_plus

import httpx

from . import errors, signing, spec
from .errors import InvalidArgumentError
from .ratelimit import identity

__all__ = ["API_KEY_HEADER", "BingXAuth", "Clock", "mask", "system_clock"]

API_KEY_HEADER = "X-BX-APIKEY"
_OWNED = ("timestamp", "signature")  # this layer sets them; an earlier attempt's are dropped
MAX_RECV_WINDOW = 60_000

Clock = Callable[[], int]
"""Returns the time in milliseconds since the epoch."""


def system_clock() -> int:
    return time.time_ns() // 1_000_000


def mask(api_key: str) -> str:
    """At most the first four characters of a key, for display."""
    return f"{api_key[:4]}***"


def check_recv_window(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(f"recv_window must be an integer, got {type(value).__name__}")
    if not 1 <= value <= MAX_RECV_WINDOW:
        raise InvalidArgumentError(f"recv_window must be within 1..{MAX_RECV_WINDOW} ms")
    return value


class BingXAuth(httpx.Auth):
    """Adds ``timestamp``, ``recvWindow`` and ``signature`` to signed operations, and the API key
    header. Which operations are signed comes from the spec; a path it does not know is signed.
    """

    def __init__(
        self,
        api_key: str,
        secret_key: str,
        *,
        recv_window: int = 5000,
        clock: Clock = system_clock,
        base_path: str = "",
    ) -> None:
        self._api_key = api_key
        self._secret = secret_key
        self._recv_window = str(check_recv_window(recv_window))
        self.clock = clock
        self._spec = spec.load()
        # The base URL's path (behind a gateway, e.g. "/bingx"): requests' paths start with it.
        self.base_path = base_path.rstrip("/")
        # Added to the clock before signing: server time minus local time, in ms.
        self.offset_ms = 0

    def __repr__(self) -> str:
        return f"BingXAuth(api_key={mask(self._api_key)!r})"

    @property
    def key_identity(self) -> str:
        """The key as the rate budget names an account without ``account=``: a hash, never the
        key (:func:`bingx_spot.ratelimit.identity`)."""
        return identity(self._api_key)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield self.sign(request)

    def redact(self, text: str) -> str:
        """``text`` without the API key, the secret or signature-shaped hex: how a text the server
        sent is kept in an error (it may echo the request)."""
        return errors.redact(text, self._api_key, self._secret)

    def operation(self, request: httpx.Request) -> spec.Operation | None:
        """The spec's operation ``request`` is for, read after the base URL's path."""
        return self._spec.find(request.method, request.url.path, self.base_path)

    def now(self) -> int:
        """The local clock, corrected by the offset to the server's."""
        return self.clock() + self.offset_ms

    def sync_clock(self, server_ms: int, sent_ms: int, received_ms: int) -> None:
        """Keeps the server's clock minus the local one, taken at the request's midpoint."""
        self.offset_ms = server_ms - (sent_ms + received_ms) // 2

    def sign(self, request: httpx.Request) -> httpx.Request:
        """Signs ``request`` in place with a fresh timestamp. A ``timestamp`` or ``signature``
        already there (an earlier attempt's) is replaced: this layer owns both."""
        op = self.operation(request)
        if op is not None and not op.signed:
            request.headers.pop(API_KEY_HEADER, None)
            return request
        url = request.url
        params = [
            (unquote_plus(key), unquote_plus(value))
            for key, _, value in (part.partition("=") for part in url.query.decode().split("&"))
            if key and key not in _OWNED
        ]
        given = dict(params).get("recvWindow")
        if given is None:
            params.append(("recvWindow", self._recv_window))
        elif not (given.isascii() and given.isdigit()) or not 1 <= int(given) <= MAX_RECV_WINDOW:
            raise InvalidArgumentError(f"recv_window must be within 1..{MAX_RECV_WINDOW} ms")
        query = signing.sign(params, self._secret, self.now())
        path = url.raw_path.split(b"?", 1)[0].decode("ascii")
        # One parse of the whole URL: the cheapest way httpx offers to set a query.
        request.url = httpx.URL(f"{url.scheme}://{url.netloc.decode('ascii')}{path}?{query}")
        request.headers[API_KEY_HEADER] = self._api_key
        return request
