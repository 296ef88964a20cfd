"""The ``httpx.Auth`` of BingX requests, sync and async alike.

It resolves a call once, when httpx hands it the request: the spec's operation and, for a signed
one, the parameters to sign (:class:`Prepared`, kept in the request's extensions). Resolving
refuses a parameter out of the bounds the spec declares (:mod:`.bounds`), and gives an operation
that carries a client id (``x-bingx-client-id``) one, when the caller gave none: every attempt of
the call then carries the same id, and :meth:`BingXAuth.lookup` asks for it. The signing
itself (:meth:`BingXAuth.sign`, over :func:`bingx_spot.wire.signing.sign`) happens in the retry plan
right before each attempt is sent, so each attempt is signed exactly once, with a fresh
timestamp, after any wait.
"""

import hashlib
from collections.abc import Generator
from dataclasses import dataclass
from urllib.parse import unquote_plus

import httpx

from ..errors import InvalidArgumentError
from ..redaction import mask_key as mask
from ..redaction import redact
from . import signing, spec
from .clock import Clock, ServerClock, system_clock

# Clock and system_clock live in clock.py; named here too, where callers have long found them.
__all__ = [
    "API_KEY_HEADER",
    "PREPARED",
    "BingXAuth",
    "Clock",
    "Prepared",
    "identity",
    "mask",
    "system_clock",
]

API_KEY_HEADER = "X-BX-APIKEY"
PREPARED = "bingx_spot.prepared"  # the request extension holding the call's Prepared
_OWNED = ("timestamp", "signature")  # this layer sets them; any given are dropped
MAX_RECV_WINDOW = 60_000


def identity(account: str) -> str:
    """Whose budget and countdown: an account, by the name ``make_client(account=...)`` gave or
    else by its API key. A hash, never the name or key itself; no host in it, as BingX counts
    per account."""
    return hashlib.sha256(account.encode()).hexdigest()[:24]


def check_recv_window(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(f"recv_window must be an integer, got {type(value).__name__}")
    if not 1 <= value <= MAX_RECV_WINDOW:
        raise InvalidArgumentError(f"recv_window must be within 1..{MAX_RECV_WINDOW} ms")
    return value


@dataclass(frozen=True, slots=True)
class Prepared:
    """One call, resolved once: its operation (``None``: a path the spec does not know, signed),
    and for a signed call the URL httpx built and the parameters to sign."""

    op: spec.Operation | None
    signed: bool
    url: httpx.URL | None = None
    params: tuple[tuple[str, str], ...] = ()
    # The id the call carries in the parameter its operation's ``x-bingx-client-id`` names: the
    # caller's, or one made here.
    client_id: str | None = None


class BingXAuth(httpx.Auth):
    """Signs what the spec marks signed (a path it does not know is signed): ``timestamp``,
    ``recvWindow`` and ``signature`` in the query, the API key in ``X-BX-APIKEY``.

    ``account``: the hash of the account name, else of the API key (:func:`identity`), whose
    rate budget and dead man's switch this client uses.
    """

    def __init__(
        self,
        api_key: str,
        secret_key: str,
        *,
        recv_window: int = 5000,
        clock: Clock = system_clock,
        base_path: str = "",
        account: str | None = None,
    ) -> None:
        self._api_key = api_key
        self._secret = secret_key
        self._recv_window = str(check_recv_window(recv_window))
        self.clock = ServerClock(clock)
        self.account = identity(api_key if account is None else account)
        self._spec = spec.load()
        # The base URL's path (behind a gateway, e.g. "/bingx"): requests' paths start with it.
        self.base_path = base_path.rstrip("/")

    def __repr__(self) -> str:
        return f"BingXAuth(api_key={mask(self._api_key)!r})"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.extensions[PREPARED] = self.prepare(request)
        yield request

    def refused(self, error: ValueError) -> InvalidArgumentError:
        """What a generated call raises when httpx cannot build its request (a lone surrogate, a
        URL over 64 KiB): ``bingx_spot_client.errors.refusal`` asks the client's auth through
        this hook, by name (``errors.REFUSED_HOOK``), and raises the answer, nothing sent.

        httpx refuses such a request while building it, in the caller's frame, before this auth
        or the transport runs: no layer of ours is on the stack to catch the generated error and
        map it. Nor can the generated error be ours: the generated package imports nothing of
        this one, and ``except BingXError`` matches only real subclasses (never ones registered
        on an ABC). So the generated package makes the message (the parameter's name, never its
        value) and this auth, the one object of ours every generated call holds, picks the class:
        :class:`~bingx_spot.InvalidArgumentError`, a ``BingXError`` and a ``ValueError`` as the
        generated one is."""
        return InvalidArgumentError(str(error))

    def redact(self, text: str) -> str:
        """``text`` without the API key, the secret or signature-shaped hex: how a text the server
        sent is kept in an error (it may echo the request)."""
        return redact(text, self._api_key, self._secret)

    def prepared(self, request: httpx.Request) -> Prepared:
        """The call ``request`` is for, as :meth:`auth_flow` resolved it (or now, once)."""
        found = request.extensions.get(PREPARED)
        return found if isinstance(found, Prepared) else self.prepare(request)

    def prepare(self, request: httpx.Request) -> Prepared:
        """Resolves ``request``: its operation, read after the base URL's path, and the
        parameters to sign. A ``recvWindow`` given is checked; a ``timestamp`` or ``signature``
        given is dropped: this layer owns both. A parameter out of its declared bounds is
        refused; a client id is added where the operation carries one and none was given."""
        url = request.url
        op = self._spec.find(request.method, url.path, self.base_path)
        if op is not None and not op.signed:
            if op.checks or op.max_product:
                _refuse_out_of_bounds(op, tuple(_query(url)))
            return Prepared(op, signed=False)
        params = [(key, value) for key, value in _query(url) if key and key not in _OWNED]
        given = dict(params).get("recvWindow")
        if given is None:
            params.append(("recvWindow", self._recv_window))
        elif not (given.isascii() and given.isdigit()) or not 1 <= int(given) <= MAX_RECV_WINDOW:
            raise InvalidArgumentError(f"recv_window must be within 1..{MAX_RECV_WINDOW} ms")
        client_id = None
        if op is not None:
            _refuse_out_of_bounds(op, tuple(params))
            if op.client_id is not None:
                client_id = dict(params).get(op.client_id.parameter)
                if client_id is None:
                    client_id = op.client_id.make()
                    params.append((op.client_id.parameter, client_id))
        return Prepared(op, signed=True, url=url, params=tuple(params), client_id=client_id)

    def lookup(
        self, call: Prepared, lookup: spec.Operation, like: httpx.Request
    ) -> tuple[httpx.Request, Prepared]:
        """The request that asks ``lookup`` for the client id ``call`` carries (with the
        parameters its ``x-bingx-client-id`` copies, and the same ``recvWindow``), to the host
        and within the timeouts of ``like``, and its resolved call, to sign."""
        made = call.op.client_id if call.op is not None else None
        if made is None or call.client_id is None:
            raise ValueError("the call carries no client id to look up")
        given = dict(call.params)
        params = [(name, given[name]) for name in made.copy if name in given]
        params.append((made.lookup_parameter, call.client_id))
        path = (self.base_path + lookup.path).encode("ascii")
        url = like.url.copy_with(raw_path=path)
        if lookup.signed:
            params.append(("recvWindow", given.get("recvWindow", self._recv_window)))
        request = httpx.Request(
            lookup.method,
            url if lookup.signed else url.copy_with(params=params),
            headers={"User-Agent": like.headers.get("User-Agent", "")},
            extensions={"timeout": like.extensions.get("timeout", {})},
        )
        found = Prepared(lookup, signed=lookup.signed, url=url, params=tuple(params))
        request.extensions[PREPARED] = found
        return request, found

    @staticmethod
    def window_ms(call: Prepared) -> int:
        """How long after its timestamp BingX still accepts an attempt of ``call`` (its
        ``recvWindow``), in ms; 0 for an unsigned call."""
        given = dict(call.params).get("recvWindow", "")
        return int(given) if given.isascii() and given.isdigit() else 0

    @staticmethod
    def signed_ms(request: httpx.Request) -> int | None:
        """The timestamp :meth:`sign` gave ``request`` (ms since the epoch, on the server's
        clock as the client knows it), or ``None`` for a request not signed."""
        given = request.url.params.get("timestamp", "")
        return int(given) if given.isascii() and given.isdigit() else None

    def check(self, call: Prepared) -> None:
        """Refuses a parameter of ``call`` that signing would refuse, signing nothing."""
        if call.signed:
            signing.check(call.params, call.op.max_chars if call.op else {})

    def sign(self, request: httpx.Request, call: Prepared) -> httpx.Request:
        """Signs ``request`` in place for ``call`` with a fresh timestamp, from the server's
        clock; an unsigned call's request is left as it is."""
        if call.signed and call.url is not None:
            limits = call.op.max_chars if call.op else {}
            query = signing.sign(call.params, self._secret, self.clock.now(), limits)
            request.url = with_query(call.url, query)
            request.headers[API_KEY_HEADER] = self._api_key
        return request


def _query(url: httpx.URL) -> list[tuple[str, str]]:
    """The query's parameters, decoded, in their order."""
    raw = url.query.decode()
    if not raw:
        return []
    pairs = [(key, value) for key, _, value in (part.partition("=") for part in raw.split("&"))]
    if "%" in raw or "+" in raw:  # only then is there anything to decode
        pairs = [(unquote_plus(key), unquote_plus(value)) for key, value in pairs]
    return pairs


def _refuse_out_of_bounds(op: spec.Operation, params: tuple[tuple[str, str], ...]) -> None:
    """Refuses a parameter out of the bounds ``op``'s spec declares, by name, never by value."""
    found = op.problem(params)
    if found is not None:
        error = InvalidArgumentError(found)
        error.operation = op.operation_id
        raise error


def with_query(url: httpx.URL, query: str) -> httpx.URL:
    """``url`` with ``query`` for its query, no user info and no fragment: the URL httpx parses
    from ``scheme://netloc/path?query``, through httpx's public API only (a faster route through
    its private pieces would put the cancel at the mercy of an httpx upgrade)."""
    path = url.raw_path.split(b"?", 1)[0].decode("ascii")
    try:
        return httpx.URL(f"{url.scheme}://{url.netloc.decode('ascii')}{path}?{query}")
    except httpx.InvalidURL:  # over httpx's 64 KiB, e.g. a very long base_url path
        raise InvalidArgumentError("the signed URL is longer than httpx's 64 KiB") from None
