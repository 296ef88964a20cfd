"""BingX request signing: a pure function of the parameters, the secret and the timestamp.

The signature is the lowercase hex HMAC-SHA256 of the parameters sorted by key and joined as
``key=value`` with ``&``, values raw (unencoded). The wire carries the same parameters in the same
order with each value percent-encoded, then ``signature`` last; the server decodes before it
verifies, so symbols such as ``OTHR#99961-USDT`` and ``MØTH-USDT`` sign correctly.
"""

import hashlib
import hmac
import re
from collections.abc import Iterable
from urllib.parse import quote

from .errors import InvalidArgumentError

__all__ = ["check_param", "sign", "signature"]

# `&` and `=` would make the signed string ambiguous; whitespace and control characters appear in
# no symbol and would be read differently by the server's decoder. `#` and non-ASCII are valid.
_UNSAFE = re.compile(r"[&=\s\x00-\x1f\x7f]")


def check_param(key: str, value: str) -> None:
    """Refuses a parameter the server could not verify or would misread, before anything is sent."""
    if not value:
        raise InvalidArgumentError(f"{key} must not be empty")
    if _UNSAFE.search(key) or _UNSAFE.search(value):
        raise InvalidArgumentError(
            f"{key} must not contain '&', '=', whitespace or control characters"
        )


def signature(payload: str, secret: str) -> str:
    """Lowercase hex HMAC-SHA256 of ``payload`` keyed by ``secret`` (both UTF-8)."""
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def sign(params: Iterable[tuple[str, str]], secret: str, timestamp: int) -> str:
    """Returns the query string to send: ``params`` plus ``timestamp``, signed.

    ``params`` must not hold ``timestamp`` or ``signature``; every key and value is checked with
    :func:`check_param`.
    """
    items = [*params, ("timestamp", str(timestamp))]
    for key, value in items:
        if key == "signature":
            raise InvalidArgumentError("signature is computed here and must not be given")
        check_param(key, value)
    items.sort(key=lambda kv: kv[0])
    keys = [key for key, _ in items]
    if len(set(keys)) != len(keys):
        raise InvalidArgumentError(f"a parameter is given twice: {', '.join(keys)}")
    payload = "&".join(f"{key}={value}" for key, value in items)
    wire = "&".join(f"{key}={quote(value, safe='')}" for key, value in items)
    return f"{wire}&signature={signature(payload, secret)}"
