"""``bingx-spot local-exchange``: the local exchange for other processes, in any language.

``--orders FILE`` opens an account holding exactly those orders (its own key, printed);
``--fault KIND[=ARG][:TIMES]`` arms :mod:`bingx_spot.testing.faults` in the order given.
Problems with either raise ``ValueError`` with a message for the command line.
"""

import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..testing import faults, raw_faults
from ..testing.exchange import DEMO_API_KEY, DEMO_SECRET_KEY, RATE_BLOCK_MS, LocalExchange
from ..testing.server import LocalServer
from .output import safe

__all__ = ["FAULTS", "ORDERS_API_KEY", "ORDERS_SECRET_KEY", "load_orders", "parse_fault", "serve"]

# The account --orders opens: not the demo one, so its book holds only the file's orders.
ORDERS_API_KEY = "local-api-key-000000000000000000000000000000000000000000000000000"
ORDERS_SECRET_KEY = "local-secret-key-00000000000000000000000000000000000000000000000"  # noqa: S105

# Texts BingX sends with these codes (docs/bingx-facts.md, "Errors").
_MESSAGES = {
    100001: "Signature verification failed due to signature mismatch",
    100400: "invalid symbol, send symbol like BTC-USDT",
    100413: "Incorrect apiKey",
    100419: "your current request IP is not in the whitelist",
    100421: "Null timestamp or timestamp mismatch",
    100500: "The current system is busy, please try again later",
}


def _rate_limited(_: str | None) -> faults.Fault:
    until = time.time_ns() // 1_000_000 + RATE_BLOCK_MS
    return faults.error(
        100410,
        "The endpoint trigger frequency limit rule is currently in the disabled period "
        f"and will be unblocked after {until}",
    )


def _error(arg: str | None) -> faults.Fault:
    code = _number(arg, int, "error=CODE")
    if code == 100410:
        return _rate_limited(arg)
    return faults.error(code, _MESSAGES.get(code, f"error {code}"))


def _slow(arg: str | None) -> faults.Fault:
    seconds = _number(arg, float, "slow=SECONDS")
    if not 0 <= seconds <= 300:
        raise ValueError("slow=SECONDS takes 0..300")
    return faults.slow(seconds)


def _data(arg: str | None) -> faults.Fault:
    try:
        return faults.data(json.loads(_required(arg, "data=JSON")))
    except json.JSONDecodeError:
        raise ValueError(f"data=JSON: not JSON: {arg!r}") from None


def _plain(make: Callable[[], faults.Fault]) -> Callable[[str | None], faults.Fault]:
    def build(arg: str | None) -> faults.Fault:
        if arg is not None:
            raise ValueError(f"fault {make.__name__} takes no argument")
        return make()

    return build


# KIND -> (what ARG is, how to make the fault). docs/command.md, "`local-exchange`", lists the same.
FAULTS: dict[str, tuple[str, Callable[[str | None], faults.Fault]]] = {
    "html": ("HTTP status, default 200", lambda a: faults.html(_number(a or "200", int, "html"))),
    "not_json": ("", _plain(faults.not_json)),
    "truncated": ("", _plain(faults.truncated)),
    "drop": ("", _plain(faults.drop)),
    "status": ("HTTP status", lambda a: faults.status(_number(a, int, "status=CODE"))),
    "slow": ("seconds", _slow),
    "error": ("BingX code", _error),
    "unknown_enums": ("", _plain(faults.unknown_enums)),
    "numeric_prices": ("", _plain(faults.numeric_prices)),
    "null_data": ("", _plain(faults.null_data)),
    "extra_fields": ("", _plain(faults.extra_fields)),
    "empty_client_ids": ("", _plain(faults.empty_client_ids)),
    "order_status": ("status, default NEW", lambda a: faults.order_status(a or "NEW")),
    "data": ("JSON", _data),
    "message": ("text", lambda a: faults.message(_required(a, "message=TEXT"))),
    "fails": ("", _plain(faults.fails)),
    # Faults of the wire: over the server's socket, as raw bytes.
    "drip": (
        "seconds a byte, default 1",
        lambda a: raw_faults.drip(_number(a or "1", float, "drip")),
    ),
    "drip_headers": (
        "seconds a byte, default 1",
        lambda a: raw_faults.drip(_number(a or "1", float, "drip_headers"), headers=True),
    ),
    "endless": ("", _plain(raw_faults.endless)),
    "gzip_bomb": ("", _plain(raw_faults.gzip_bomb)),
    "malformed": ("", _plain(raw_faults.malformed)),
    "bad_content_length": ("", _plain(raw_faults.bad_content_length)),
}


def _required(arg: str | None, form: str) -> str:
    if not arg:
        raise ValueError(f"fault {form} needs its argument")
    return arg


def _number(arg: str | None, kind: Callable[[str], Any], form: str) -> Any:
    text = _required(arg, form)
    try:
        value = kind(text)
    except ValueError:
        raise ValueError(f"fault {form}: not a number: {arg!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"fault {form}: not a finite number: {arg!r}")
    return value


def parse_fault(text: str) -> tuple[faults.Fault, int]:
    """``KIND[=ARG][:TIMES]`` -> the fault and how many requests meet it."""
    spec, times = text, 1
    head, colon, tail = text.rpartition(":")
    if colon and tail.isdigit():
        spec, times = head, int(tail)
    if not 1 <= times <= 1_000_000:
        raise ValueError(f"fault {text!r}: TIMES must be 1..1000000")
    kind, equals, arg = spec.partition("=")
    if kind not in FAULTS:
        raise ValueError(f"unknown fault {kind!r}; known: {', '.join(FAULTS)}")
    return FAULTS[kind][1](arg if equals else None), times


def load_orders(path: str) -> list[dict[str, Any]]:
    """The orders in ``path``: a JSON list of objects with at least ``symbol`` and ``orderId``;
    the exchange fills the other fields from :class:`~bingx_spot.testing.Order`'s defaults, and
    an order without its own ``time`` is placed when the exchange starts."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"--orders {path!r}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"--orders {path!r}: not JSON ({exc})") from None
    if not isinstance(doc, list):
        raise ValueError(f"--orders {path!r}: want a JSON list of orders")
    for index, order in enumerate(doc):
        if not isinstance(order, dict):
            raise ValueError(f"--orders {path!r}: item {index} is not an object")
        symbol, order_id = order.get("symbol"), order.get("orderId")
        if not isinstance(symbol, str) or not symbol:
            raise ValueError(f"--orders {path!r}: item {index} has no symbol")
        if isinstance(order_id, bool) or not isinstance(order_id, int):
            raise ValueError(f"--orders {path!r}: item {index} has no integer orderId")
    return doc


def serve(
    host: str, port: int, orders: str | None, fault_texts: list[str], say: Callable[[str], None]
) -> int:
    """Runs until Ctrl-C; ``say`` prints a line for the operator."""
    armed = [(text, *parse_fault(text)) for text in fault_texts]
    if orders is None:
        exchange = LocalExchange()
        api_key, secret_key, book = DEMO_API_KEY, DEMO_SECRET_KEY, "the demo account's"
    else:
        loaded = load_orders(orders)
        api_key, secret_key = ORDERS_API_KEY, ORDERS_SECRET_KEY
        exchange = LocalExchange({api_key: secret_key})
        exchange.add_orders(loaded, api_key=api_key)
        book = f"{safe(orders)}'s"
    for _, fault, times in armed:
        exchange.inject(fault, times=times)
    try:
        server = LocalServer(exchange, host=host, port=port, poll=0.1)  # runs for long, idle
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise ValueError(f"cannot listen on {host}:{port}: {reason}") from None
    say(f"# Local BingX exchange on {server.url} with {book} open orders; Ctrl-C stops it")
    for text, _, times in armed:
        say(f"# fault {safe(text)}: the next {times} request(s)")
    say(f"export BINGX_BASE_URL={server.url}")
    say(f"export BINGX_API_KEY={api_key}")
    say(f"export BINGX_SECRET_KEY={secret_key}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
