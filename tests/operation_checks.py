"""Checks of a signed request as it left the client, one call of any generated operation, sync
or async, and BingX's ways of saying "nothing", for the operation tests."""

import hashlib
import hmac
import json
from types import ModuleType
from typing import Any
from urllib.parse import unquote

import httpx

from bingx_spot.testing import LocalExchange, faults
from tests.calling import called
from tests.conftest import Target, local_client


def nothing(key: str = "orders") -> list[bytes]:
    """Every answer BingX may send for an empty list held at ``data.<key>`` (docs/bingx-facts.md,
    "Cancel answers")."""
    return [
        b'{"code":0,"msg":"","data":{"%s":[]}}' % key.encode(),
        b'{"code":0,"msg":"","data":{"%s":null}}' % key.encode(),
        b'{"code":0,"msg":"","data":{}}',
        b'{"code":0,"msg":"","data":[]}',
        b'{"code":0,"msg":"","data":null}',
        b'{"code":0,"msg":""}',
    ]


NOTHING = nothing("orders")


def check_signed(
    request: httpx.Request,
    target: Target,
    method: str,
    path: str,
    keys: list[str],
    *,
    api_key: str | None = None,
    secret_key: str | None = None,
    **values: str,
) -> None:
    """Method, path, query keys sorted with ``signature`` last, values, the key header, an empty
    body, and the signature verified here with ``hmac`` over the decoded query. ``api_key`` and
    ``secret_key``: the client's, when not the target's. (Recorded on the local exchange, the
    cassette's answer is the exchange's verdict too: it answers 100001 to a bad signature.)"""
    assert (request.method, request.url.path) == (method, path)
    assert request.content == b""
    assert "content-type" not in request.headers
    assert request.headers["X-BX-APIKEY"] == (api_key or target.api_key)
    pairs = [part.partition("=")[::2] for part in request.url.query.decode("ascii").split("&")]
    sent = [key for key, _ in pairs]
    assert sent == keys
    assert sent[:-1] == sorted(sent[:-1])
    assert sent[-1] == "signature"
    decoded = {key: unquote(value) for key, value in pairs}
    for key, value in values.items():
        assert decoded[key] == value
    payload = "&".join(f"{key}={unquote(value)}" for key, value in pairs[:-1])
    secret = (secret_key or target.secret_key).encode()
    assert decoded["signature"] == hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()


def recorded(vcr: Any, index: int = -1) -> Any:
    """The body of a cassette's answer, as JSON."""
    return json.loads(vcr.responses[index]["body"]["string"])


def recorded_body(vcr: Any, index: int = -1) -> bytes:
    """The body of a cassette's answer, byte for byte."""
    body = vcr.responses[index]["body"]["string"]
    return body if isinstance(body, bytes) else str(body).encode()


def call(operation: ModuleType, target: Target, mode: str, **kwargs: Any) -> Any:
    """One call of ``operation`` (a generated module) on a fresh client: its parsed answer, or
    the BingXError it raised."""
    return called(operation, target.client(), mode, **kwargs)


def answered(operation: ModuleType, body: bytes, mode: str, **kwargs: Any) -> Any:
    """What one call of ``operation`` returns (or raises) when the exchange answers ``body``."""
    exchange = LocalExchange()
    exchange.inject(faults.status(200, body=body, headers={"Content-Type": "application/json"}))
    return called(operation, local_client(exchange), mode, **kwargs)
