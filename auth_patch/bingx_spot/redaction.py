"""What a text may show of a secret: the one place errors, logs, the command and the storage
redact, mask and scrub.

Two markers: :data:`REDACTED` stands where a credential or a signature was (a server's text, a
log line, the command's output); :data:`MASK` stands for a password in a storage URI and for
what follows the first four characters of an API key shown on purpose (:func:`mask_key`).

- :func:`redact` and :func:`redact_json`: the API key, the secret, any start of one longer than
  four characters, and any 64-hex run (a signature, or anything shaped like one).
- :func:`masked`: a storage URI without its password (in the netloc or a ``password=``
  parameter); :func:`scrub`: a text without any password of a URI it is about;
  :func:`without_userinfo`: a text without the ``user:password@`` of any URI in it, when the URI
  itself is not known.

Nothing here imports httpx: :mod:`bingx_spot.errors`, loaded with the package, uses it.
"""

import re
import urllib.parse
from typing import Any

__all__ = [
    "MASK",
    "REDACTED",
    "SHOWN",
    "mask_key",
    "masked",
    "redact",
    "redact_json",
    "scrub",
    "without_userinfo",
]

REDACTED = "[redacted]"
MASK = "***"
SHOWN = 4  # the most of a secret's start a text may keep
# A signature, or anything shaped like one (a hex secret, a hash a server echoes).
_HEX_RUN = re.compile(r"[0-9a-fA-F]{64,}")
# The userinfo of any URI in a text: "//user:password@" or "//password@".
_USERINFO = re.compile(r"//[^@/\s]*@")


def redact(text: str, *secrets: str) -> str:
    """``text`` without 64-hex runs and without any of ``secrets``, nor any start of one longer
    than four characters: what a cut (ours, a proxy's, the server's) left of it at the end of a
    text is redacted as the whole would be. Four are what :func:`mask_key` shows."""
    given = [secret for secret in secrets if secret]
    if given:
        text = _without(text, given)
    return _HEX_RUN.sub(REDACTED, text)


def _without(text: str, secrets: list[str]) -> str:
    # Where secrets start alike (the demo key and secret both start "demo-"), the longest match
    # is redacted: one secret's start must not break another's whole run.
    heads = sorted({secret[: SHOWN + 1] for secret in secrets}, key=len, reverse=True)
    starts = re.compile("|".join(re.escape(head) for head in heads))
    pieces: list[str] = []
    at = 0
    while (found := starts.search(text, at)) is not None:
        begin = found.start()
        end = max(begin + _common(text, begin, secret) for secret in secrets)
        pieces += [text[at:begin], REDACTED]
        at = max(end, found.end())
    return "".join(pieces) + text[at:] if pieces else text


def _common(text: str, at: int, secret: str) -> int:
    """How many characters of ``text`` from ``at`` are the start of ``secret``."""
    size = 0
    while size < len(secret) and at + size < len(text) and text[at + size] == secret[size]:
        size += 1
    return size


def redact_json(value: Any, *secrets: str) -> Any:
    """A JSON value with every string (keys included) redacted as :func:`redact` does."""
    if isinstance(value, str):
        return redact(value, *secrets)
    if isinstance(value, list):
        return [redact_json(item, *secrets) for item in value]
    if isinstance(value, dict):
        return {
            redact_json(key, *secrets): redact_json(item, *secrets) for key, item in value.items()
        }
    return value


def mask_key(api_key: str) -> str:
    """At most the first four characters of a key, for display."""
    return f"{api_key[:SHOWN]}{MASK}"


def masked(uri: str) -> str:
    """``uri`` without its password (in the netloc or a ``password=`` parameter)."""
    try:
        parts = urllib.parse.urlsplit(uri)
        netloc = parts.netloc
        if parts.password is not None:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}:{MASK}@{host}"
        query = urllib.parse.urlencode(
            [
                (name, MASK if name.lower() == "password" else value)
                for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            ],
            safe="*",
        )
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc, query=query))
    except ValueError:
        return "<unparsable URI>"


def _passwords(uri: str) -> list[str]:
    """Every form of a password ``uri`` may carry, as written and decoded."""
    try:
        parts = urllib.parse.urlsplit(uri)
        found = [parts.password or ""]
        found += [v for k, v in urllib.parse.parse_qsl(parts.query) if k.lower() == "password"]
    except ValueError:
        return []
    return [form for raw in found if raw for form in {raw, urllib.parse.unquote(raw)}]


def scrub(text: str, uri: str) -> str:
    """``text`` with any password of ``uri`` replaced by ``***``."""
    for password in sorted(_passwords(uri), key=len, reverse=True):
        text = text.replace(password, MASK)
    return text


def without_userinfo(text: str) -> str:
    """``text`` with the userinfo of any URI in it (``//user:password@``) replaced by ``//***@``:
    for a storage's own error, which may quote the URI it was given."""
    return _USERINFO.sub(f"//{MASK}@", text)
