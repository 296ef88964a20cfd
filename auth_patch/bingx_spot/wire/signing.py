"""BingX request signing: a pure function of the parameters, the secret and the timestamp.

The signature is the lowercase hex HMAC-SHA256 of the parameters sorted by key and joined as
``key=value`` with ``&``, values raw (unencoded). The wire carries the same parameters in the same
order with each value percent-encoded, then ``signature`` last; the server decodes before it
verifies, so symbols such as ``OTHR#99961-USDT`` and ``MØTH-USDT`` sign correctly.

Refused before anything is sent (:class:`~bingx_spot.InvalidArgumentError`): an empty value;
``&``, ``=``, whitespace or control characters; a lone surrogate (not UTF-8); a key longer than
``MAX_CHARS`` (256) characters, or a value longer than its parameter's limit: the ``maxLength``
the spec declares for it (``limits``, e.g. batchOrders' ``data``, a JSON array of up to 5
orders), else ``MAX_CHARS``.

httpx refuses a lone surrogate, and a query over 64 KiB, while it builds the request: before any
auth, event hook or transport runs. The generated call catches those and raises
``bingx_spot_client.errors.refusal`` instead, which the auth makes an InvalidArgumentError
(:meth:`bingx_spot.wire.auth.BingXAuth.refused`); :func:`refusal` is the same error from the
arguments alone.
"""

import hmac
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from bingx_spot_client.errors import refusal_message

from ..errors import InvalidArgumentError

__all__ = ["MAX_CHARS", "check", "check_param", "refusal", "sign", "signature"]

MAX_CHARS = 256

# `&` and `=` would make the signed string ambiguous; whitespace and control characters appear in
# no symbol and would be read differently by the server's decoder. `#` and non-ASCII are valid.
_UNSAFE = re.compile(r"[&=\s\x00-\x1f\x7f\ud800-\udfff]")
# In the joined ``key=value&...``: whitespace, a control character, a lone surrogate, an empty
# key or value.
# Only characters ``quote`` leaves as they are, and the separators.
_PLAIN = re.compile(r"[A-Za-z0-9_.~&=-]*")
_UNSAFE_PAYLOAD = re.compile(r"[\s\x00-\x1f\x7f\ud800-\udfff]|=&|=$|^=|&=")


def check_param(key: str, value: str, limit: int = MAX_CHARS) -> None:
    """Refuses a parameter the server could not verify or would misread, before anything is sent;
    ``limit``: the longest value allowed."""
    name = _UNSAFE.sub("?", key[:40])  # never a value, nor a key that breaks a log line
    if not value:
        raise InvalidArgumentError(f"{name} must not be empty")
    if len(key) > MAX_CHARS:
        raise InvalidArgumentError(f"{name} is longer than {MAX_CHARS} characters")
    if len(value) > limit:
        raise InvalidArgumentError(f"{name} is longer than {limit} characters")
    if _UNSAFE.search(key) or _UNSAFE.search(value):
        raise InvalidArgumentError(
            f"{name} must not contain '&', '=', whitespace, control characters or lone surrogates"
        )


def refusal(kwargs: Mapping[str, Any]) -> InvalidArgumentError:
    """The error for a generated call whose request httpx could not build from ``kwargs``
    (``method``, ``url``, ``params``): the first parameter too long, not UTF-8 or not text at
    all, by name, never by value. The generated package makes the message
    (:func:`bingx_spot_client.errors.refusal_message`); a call raises this through
    :meth:`bingx_spot.wire.auth.BingXAuth.refused`."""
    return InvalidArgumentError(refusal_message(kwargs))


def signature(payload: str, secret: str) -> str:
    """Lowercase hex HMAC-SHA256 of ``payload`` keyed by ``secret`` (both UTF-8)."""
    return hmac.digest(secret.encode(), payload.encode(), "sha256").hex()


Limits = Mapping[str, int]  # the longest value of a parameter, by name, where not MAX_CHARS
_NO_LIMITS: Limits = {}


def check(params: Iterable[tuple[str, str]], limits: Limits = _NO_LIMITS) -> None:
    """Refuses what :func:`sign` would refuse in ``params``, without signing: a call checked
    before it waits for anything."""
    _payload(sorted([*params, ("timestamp", "0")]), limits)


def sign(
    params: Iterable[tuple[str, str]], secret: str, timestamp: int, limits: Limits = _NO_LIMITS
) -> str:
    """Returns the query string to send: ``params`` plus ``timestamp``, signed.

    ``params`` must not hold ``timestamp`` or ``signature``; every key and value is checked with
    :func:`check_param`, a value against its limit in ``limits`` (the operation's
    ``max_chars``), else ``MAX_CHARS``.
    """
    items = sorted([*params, ("timestamp", str(timestamp))])
    payload = _payload(items, limits)
    if _PLAIN.fullmatch(payload):  # nothing to percent-encode: the wire is the payload
        return f"{payload}&signature={signature(payload, secret)}"
    wire = "&".join([f"{key}={quote(value, safe='')}" for key, value in items])
    return f"{wire}&signature={signature(payload, secret)}"


def _payload(items: list[tuple[str, str]], limits: Limits) -> str:
    """``items`` (sorted) joined as they are signed."""
    keys = [key for key, _ in items]
    payload = "&".join([f"{key}={value}" for key, value in items])
    # One look at the whole string; which parameter is at fault only when something is.
    if (
        payload.count("&") != len(items) - 1  # an `&` or `=` inside a key or value
        or payload.count("=") != len(items)
        or _UNSAFE_PAYLOAD.search(payload)
        or any(
            len(key) > MAX_CHARS or len(value) > limits.get(key, MAX_CHARS) for key, value in items
        )
        or len(set(keys)) != len(keys)
        or "signature" in keys
    ):
        _refuse(items, limits)
    return payload


def _refuse(items: list[tuple[str, str]], limits: Limits) -> None:
    keys = [key for key, _ in items]
    if "signature" in keys:
        raise InvalidArgumentError("signature is computed here and must not be given")
    for key, value in items:
        check_param(key, value, limits.get(key, MAX_CHARS))
    raise InvalidArgumentError(f"a parameter is given twice: {', '.join(keys)}")
