"""Checks of a signed request as it left the client, one call of any generated operation, sync
or async, and BingX's ways of saying "nothing", for the operation tests; ``Operation`` holds what
the tests of one operation share."""

import hashlib
import hmac
import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import unquote

import httpx

import bingx_spot
from bingx_spot.testing import LocalExchange, faults
from tests.calling import called
from tests.conftest import Target, local_client
from tests.variants import capture, exactly


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
# Answers whose `data` holds no object, for an operation that answers one (an order, the rates).
NO_OBJECT = [b'{"code":0,"msg":"","data":null}', b'{"code":0,"msg":"","data":{}}']


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


class Answer(Protocol):
    """A generated answer model."""

    code: int

    def to_dict(self) -> dict[str, Any]: ...


A = TypeVar("A", bound=Answer)


@dataclass(frozen=True)
class Operation(Generic[A]):
    """One generated operation, as the tests of its module call and check it. Method and path
    are written out, not read from the spec the client was generated from, so that a test checks
    the client against them."""

    module: ModuleType  # the generated call, e.g. bingx_spot_client.api.account.balance
    operation_id: str
    method: str
    path: str
    answer: type[A]  # the model of its success

    def captured(self, target: Target, vcr: Any, mode: str, name: str, **kwargs: Any) -> A:
        """One call on a fresh client, whose answer is the body BingX was captured sending
        (``name``, relative to tests/fixtures/captures/): ``make cassettes`` answers it to the
        request the local exchange accepted (``Target.answer_with``, tests/conftest.py) and the
        cassette holds it. The parsed model, checked against that body: the recorded body is the
        capture byte for byte, and the model gives back every value with its JSON type."""
        target.answer_with(self.operation_id, name)
        result = call(self.module, target, mode, **kwargs)
        assert isinstance(result, self.answer), result
        assert recorded_body(vcr) == capture(name)
        assert exactly(result.to_dict()) == exactly(recorded(vcr))
        return result

    def replayed(self, target: Target, vcr: Any, mode: str, **kwargs: Any) -> A:
        """One call on a fresh client, answered by the cassette with a success: the parsed model,
        which gives back the recorded body."""
        result = call(self.module, target, mode, **kwargs)
        assert isinstance(result, self.answer), result
        assert result.code == 0
        assert result.to_dict() == recorded(vcr)
        return result

    def check_sent(self, target: Target, keys: list[str], **values: str) -> None:
        """The target was sent one request, this operation's, signed: :func:`check_signed`."""
        [request] = target.sent
        check_signed(request, target, self.method, self.path, keys, **values)

    def answered(self, body: bytes, mode: str, **kwargs: Any) -> Any:
        """What one call returns (or raises) when the exchange answers ``body``."""
        return answered(self.module, body, mode, **kwargs)

    def check_missing(self, error: object, field: str) -> None:
        """``error`` is the refusal of an answer without ``data.<field>``: a ResponseError of
        this operation, never a value made up."""
        assert type(error) is bingx_spot.ResponseError
        assert error.operation == self.operation_id
        assert f"body.data.{field} is missing" in str(error)
