"""Faults a real network, CDN or exchange produces, for :meth:`LocalExchange.inject`.

A fault gets the exchange's normal answer as a thunk: it may skip it (the request is not
processed), transform it (processed, answer altered) or raise (the connection drops).
"""

import json
import time
from collections.abc import Callable
from typing import Any

import httpx

__all__ = [
    "Answer",
    "Fault",
    "Reply",
    "drop",
    "empty_client_ids",
    "error",
    "extra_fields",
    "html",
    "not_json",
    "null_data",
    "numeric_prices",
    "refuse",
    "slow",
    "status",
    "truncated",
    "unknown_enums",
]

Reply = Callable[[], httpx.Response]  # the exchange's own answer, made when called
Answer = Reply  # the name before 0.4.0
Fault = Callable[[httpx.Request, Reply], httpx.Response]

# Where the exchange puts its clock's reading (ms) on each request, for faults that tell a time.
NOW_EXTENSION = "bingx_spot.testing.now"

_CDN_PAGE = (
    "<!DOCTYPE html><html><head><title>{status} | open-api.bingx.com</title></head>"
    "<body><h1>{reason}</h1><p>Ray ID: 8c1f2a3b4d5e6f70</p></body></html>"
)


def html(status_code: int = 200) -> Fault:
    """A CDN's HTML page instead of the API; the exchange never sees the request."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        reason = "Just a moment..." if status_code == 200 else "Bad gateway"
        page = _CDN_PAGE.format(status=status_code, reason=reason)
        return httpx.Response(status_code, text=page, headers={"Content-Type": "text/html"})

    return fault


def not_json() -> Fault:
    """A plain-text body with HTTP 200."""
    return lambda request, answer: httpx.Response(200, text="OK")


def status(status_code: int, *, headers: dict[str, str] | None = None, body: bytes = b"") -> Fault:
    """A bare HTTP status (429, 418, 500, 504, ...), e.g. ``status(429, headers={"Retry-After":
    "1"})``; the request is not processed."""
    return lambda request, answer: httpx.Response(status_code, headers=headers, content=body)


def error(code: int, msg: str = "", *, headers: dict[str, str] | None = None) -> Fault:
    """A BingX business error envelope with HTTP 200; the request is not processed. The
    exchange adds its rate-limit headers where ``headers`` does not set them, e.g.
    ``error(100410, "rate limited", headers={"X-RateLimit-Requests-Expire": "4122"})``."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        now = request.extensions.get(NOW_EXTENSION) or time.time_ns() // 1_000_000
        body = {"code": code, "msg": msg, "debugMsg": "", "timestamp": now}
        return httpx.Response(200, json=body, headers=headers)

    return fault


def drop() -> Fault:
    """The connection closes before any answer; the request is not processed."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )

    return fault


def refuse() -> Fault:
    """The connection is refused: nothing reaches the exchange. In process only (over loopback,
    point the client at a closed port)."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    return fault


def slow(seconds: float) -> Fault:
    """Answers after ``seconds``. In process, a delay beyond the client's read timeout raises
    ``httpx.ReadTimeout`` after that timeout, as a socket would; over loopback it really waits."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        limit = request.extensions.get("timeout", {}).get("read")
        if limit is not None and seconds > limit:
            time.sleep(limit)
            raise httpx.ReadTimeout("timed out", request=request)
        time.sleep(seconds)
        return answer()

    return fault


def truncated() -> Fault:
    """Processed, but the body is cut in half."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        response = answer()
        body = response.content[: len(response.content) // 2]
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    return fault


def _rewrite(change: Callable[[Any], None]) -> Fault:
    """Processed; the JSON answer is changed by ``change`` (in place) before it is sent."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        response = answer()
        doc = json.loads(response.content)
        change(doc)
        body = json.dumps(doc, separators=(",", ":")).encode()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, content=body)

    return fault


def _orders(doc: Any) -> list[dict[str, Any]]:
    data = doc.get("data")
    return data.get("orders", []) if isinstance(data, dict) else []


def unknown_enums() -> Fault:
    """Status, type and side values no documentation lists."""

    def change(doc: Any) -> None:
        for order in _orders(doc):
            order.update(status="WORKING", type="ICEBERG_LIMIT", side="HOLD")

    return _rewrite(change)


def numeric_prices() -> Fault:
    """Prices and quantities as JSON numbers instead of strings."""
    amounts = ("price", "stopPrice", "StopPrice", "origQty", "executedQty", "cummulativeQuoteQty")

    def change(doc: Any) -> None:
        for order in _orders(doc):
            for field in amounts:
                if isinstance(order.get(field), str):
                    order[field] = float(order[field])

    return _rewrite(change)


def null_data() -> Fault:
    """``data: null``; the cancel still happens."""
    return _rewrite(lambda doc: doc.update(data=None))


def empty_client_ids() -> Fault:
    """Every listed order carries ``"clientOrderID": ""``, also one placed without a client id
    (which the exchange otherwise answers without the field), as some cancel answers do."""

    def change(doc: Any) -> None:
        for order in _orders(doc):
            order["clientOrderID"] = ""

    return _rewrite(change)


def extra_fields() -> Fault:
    """Fields no documentation lists, in the envelope and in each order; no ``debugMsg``."""

    def change(doc: Any) -> None:
        doc.pop("debugMsg", None)
        doc["success"] = True
        for order in _orders(doc):
            order.update(timeInForce="GTC", workingTime=1702721242645, fee={"asset": "USDT"})

    return _rewrite(change)


# -- answers a cancel may get that confirm less than they seem to --------------------------------

__all__ += ["data", "fails", "message", "order_status"]


def order_status(value: str = "NEW") -> Fault:
    """Processed, but every listed order carries status ``value`` (``NEW``, ``FILLED``, ...): an
    answer that lists orders without confirming they were cancelled."""

    def change(doc: Any) -> None:
        for order in _orders(doc):
            order["status"] = value

    return _rewrite(change)


def data(value: Any) -> Fault:
    """Processed, but ``data`` is replaced by ``value`` (``{}``, ``[]``, ``{"orders": None}``)."""
    return _rewrite(lambda doc: doc.update(data=value))


def message(text: str) -> Fault:
    """Processed, with a non-empty ``msg`` beside ``code: 0``."""
    return _rewrite(lambda doc: doc.update(msg=text))


def fails() -> Fault:
    """Processed, but the second half of the listed orders (or a junk one) are moved to an extra
    ``fails`` list beside ``orders``, with a reason: orders BingX says it did not cancel."""

    def change(doc: Any) -> None:
        if not isinstance(doc.get("data"), dict):
            return
        orders = _orders(doc)
        cut = len(orders) // 2
        failed = orders[cut:] or [{"symbol": "", "orderId": 0}]
        doc["data"]["orders"] = orders[:cut]
        doc["data"]["fails"] = [
            {"symbol": o.get("symbol"), "orderId": o.get("orderId"), "msg": "order not exist"}
            for o in failed
        ]

    return _rewrite(change)


# -- the world moving while a request is under way -------------------------------------------------

__all__ += ["meanwhile"]


def meanwhile(action: Callable[[], object]) -> Fault:
    """Processed, then ``action`` runs before the answer leaves: e.g. another process places an
    order (``lambda: exchange.add_orders([...])``) while a cancel is on its way back, so a
    check that follows finds it open."""

    def fault(request: httpx.Request, answer: Reply) -> httpx.Response:
        response = answer()
        action()
        return response

    return fault
