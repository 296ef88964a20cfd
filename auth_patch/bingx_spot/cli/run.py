"""The per-symbol run every ``bingx-spot`` command that reads or cancels by symbol shares: one
request per symbol in turn, a :class:`Result` each, then a lookup in BingX's symbols list of
each symbol whose answer listed nothing, one exit status for the run, and how the orders of an
answer read.

BingX answers a cancel or a read on a pair it does not list as a success listing nothing, as it
does on a pair with nothing open: only its symbols list (commonSymbols) tells the two apart.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import errors
from ..symbols import is_listed
from .exits import INTERNAL, INTERRUPTED, NO_SUCH_PAIR, OK, REFUSED, STORAGE, TERMINATED
from .failures import (
    Stopped,
    bingx_error,
    describe,
    error_doc,
    failed,
    is_storage_fault,
    storage_text,
)
from .output import Output, compact, safe

if TYPE_CHECKING:  # the generated client is imported once a command sends
    from bingx_spot_client.client import AuthenticatedClient

__all__ = [
    "ALL",
    "Kind",
    "Result",
    "as_read",
    "finish",
    "has_id",
    "look_up",
    "pair_lookup",
    "run_each",
    "unconfirmed",
]

ALL = "all symbols"


@dataclass(slots=True)
class Result:
    """What happened to one symbol (``None``: all symbols)."""

    symbol: str | None
    exit: int | None = None  # None: not tried
    answer: Any = None
    cancelled: list[dict[str, Any]] = field(default_factory=list)
    unconfirmed: list[Any] = field(default_factory=list)
    error: dict[str, Any] | None = None
    in_flight: bool = False  # interrupted while its request was under way
    interrupted: bool = False  # interrupted before its request left
    sent: bool = False  # a request for it may have reached BingX
    listed: list[Any] | None = None  # open-orders: the orders BingX listed
    pair_listed: bool | None = None  # looked up: whether BingX's symbols list holds the symbol
    lookup_error: dict[str, Any] | None = None  # the lookup failed: whether it does is not known

    @property
    def where(self) -> str:
        return f"on {safe(self.symbol)}" if self.symbol is not None else f"on {ALL}"

    @property
    def listed_nothing(self) -> bool:
        """Answered, and the answer listed no order nor any other entry."""
        answered = self.exit is not None and self.error is None
        return answered and not (self.cancelled or self.unconfirmed or self.listed)

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"symbol": self.symbol, "exit": self.exit}
        if self.in_flight:
            doc["in_flight"] = True  # may or may not have reached BingX
        elif self.interrupted:
            doc["interrupted"] = True
        elif self.exit is None:
            doc["not_tried"] = True
        doc["sent"] = self.sent
        if self.error is not None:
            doc["error"] = self.error
        elif self.listed is not None:
            doc.update(open=len(self.listed), orders=self.listed, answer=self.answer)
        elif self.exit is not None:
            doc.update(
                cancelled=len(self.cancelled),
                not_confirmed=len(self.unconfirmed),
                answer=self.answer,
            )
        if self.pair_listed is not None or self.lookup_error is not None:
            doc["pair_listed"] = self.pair_listed  # null: the lookup failed
        if self.lookup_error is not None:
            doc["lookup_error"] = self.lookup_error
        return doc


@dataclass(frozen=True, slots=True)
class Kind:
    """What a per-symbol command sends: how its lines and its answers read."""

    verb: str  # "cancel on BTC-USDT failed"
    in_flight: str  # said of the request an interruption caught under way
    nothing: str  # said of an answer that listed nothing, when the lookup failed
    read: Callable[[Result, bytes], None]
    report: Callable[[Result, Output], None]
    not_sent: str = "the request {where} was not sent"  # an interruption came before it left


def run_each(
    results: list[Result], send: Callable[[str | None], bytes], kind: Kind, out: Output
) -> tuple[str, int] | None:
    """Sends for each symbol in turn; an interruption, if one came."""
    try:
        for result in results:
            _one(send, result, kind, out)
            if result.exit == REFUSED:
                break  # the same key is refused on every symbol
    except KeyboardInterrupt:
        return ("Interrupted", INTERRUPTED)
    except Stopped:
        return ("Terminated", TERMINATED)
    return None


def _one(send: Callable[[str | None], bytes], result: Result, kind: Kind, out: Output) -> None:
    from ..wire.retry import watch  # noqa: PLC0415 - httpx loads once a command sends

    out.context = result.where  # log lines say which request they are about
    # Whether anything left for this symbol, kept even when an interruption cuts the call short.
    with watch() as progress:
        try:
            kind.read(result, send(result.symbol))
        except Exception as exc:
            result.error = _failure(exc, out)
        finally:
            result.sent = progress.sent
    out.context = ""
    if result.error is not None:
        result.exit = result.error["exit"]
        out.err(
            f"{kind.verb} {result.where} {failed(result.error)}: {safe(describe(result.error))}"
        )
    elif not out.json and not (result.symbol is not None and result.listed_nothing):
        kind.report(result, out)  # else once its lookup has answered, in look_up


def _failure(exc: Exception, out: Output) -> dict[str, Any]:
    if isinstance(exc, errors.BingXError):
        out.debug_traceback()
        return bingx_error(exc)
    if is_storage_fault(exc):
        return error_doc("StorageError", storage_text(exc), STORAGE)
    out.debug_traceback()
    return error_doc("InternalError", f"{type(exc).__name__}: {exc}", INTERNAL)


def look_up(
    results: list[Result],
    listed: Callable[[str], bool],
    kind: Kind,
    out: Output,
    stop: tuple[str, int] | None,
) -> tuple[str, int] | None:
    """After every symbol's request: asks ``listed`` (BingX's symbols list) about each symbol
    whose answer listed nothing, and prints that symbol's lines, held back until now. After an
    interruption (``stop``, or one here) nothing more is asked, and those lines say what the
    answer did. Returns the interruption, if one came."""
    for result in results:
        if result.symbol is None or not result.listed_nothing:
            continue
        if stop is None:
            out.context = result.where
            try:
                result.pair_listed = listed(result.symbol)
            except KeyboardInterrupt:
                stop = ("Interrupted", INTERRUPTED)
            except Stopped:
                stop = ("Terminated", TERMINATED)
            except Exception as exc:
                result.lookup_error = _failure(exc, out)
            out.context = ""
        _tell(result, kind, out)
    return stop


def pair_lookup(client: "AuthenticatedClient") -> Callable[[str], bool]:
    """Whether BingX's symbols list (commonSymbols, public) holds a symbol, exactly."""
    from bingx_spot_client.api.common import common_symbols  # noqa: PLC0415

    return lambda symbol: is_listed(common_symbols.sync(client=client, symbol=symbol), symbol)


def _tell(result: Result, kind: Kind, out: Output) -> None:
    """The lines of an answer that listed nothing, and its exit status, by what the lookup
    found; a failed lookup is never "no such pair"."""
    symbol = safe(result.symbol or ALL)
    if result.lookup_error is not None:
        result.exit = result.lookup_error["exit"]
        out.err(
            f"{kind.nothing.format(where=result.where)}; whether {symbol} is a pair BingX lists "
            f"could not be checked: {safe(describe(result.lookup_error))}"
        )
    elif result.pair_listed is False:
        result.exit = NO_SUCH_PAIR
    if out.json:
        return
    if result.pair_listed is False:
        out.line(f"{symbol}: no such pair on BingX")
    if result.pair_listed is False or result.lookup_error is not None:
        report_extras(result.answer if isinstance(result.answer, dict) else {}, result.where, out)
    else:
        kind.report(result, out)  # listed, or not asked: the usual lines


def finish(results: list[Result], stop: tuple[str, int] | None, kind: Kind, out: Output) -> int:
    """The exit status: the first failed symbol's (its request's, else its lookup's), else 9
    when an order is unconfirmed, else 6 when BingX lists no such pair, else 0; an interruption
    outranks them all."""
    failed = [r for r in results if r.error is not None or r.lookup_error is not None]
    statuses = [r.exit for r in results if r.exit is not None]
    status = failed[0].exit if failed else max(statuses, default=OK)
    error = (failed[0].error or failed[0].lookup_error) if failed else None
    skipped = [r for r in results if r.exit is None]
    names = [safe(r.symbol or ALL) for r in skipped]
    if stop is not None:
        why, status = stop
        text = why.lower()
        if skipped:  # the one the interruption caught: under way, or not sent yet
            caught = skipped[0]
            if caught.sent:  # not known to be done, nor to be untouched
                caught.in_flight = True
                text += "; " + kind.in_flight.format(where=caught.where)
            else:
                caught.interrupted = True
                text += "; " + kind.not_sent.format(where=caught.where)
            names = names[1:]
        error = error_doc(why, text, status)
        out.err(text)  # symbols in it are escaped already
    if names:
        out.err("not tried: " + ", ".join(names))
    if out.json:
        doc: dict[str, Any] = {
            "results": [r.to_json() for r in results],
            "unknown": [r.symbol for r in results if r.pair_listed is False],
            "exit": status,
        }
        if error is not None:
            doc["error"] = error
        out.document(doc)
    assert status is not None
    return out.closing_status(status)


def has_id(order: dict[str, Any]) -> bool:
    """An order without an integer ``orderId`` names no order that could be cancelled."""
    return type(order.get("orderId")) is int


def unconfirmed(item: Any) -> str:
    if not isinstance(item, dict):
        return compact(item)
    if has_id(item):
        text = str(item["orderId"])
    else:  # as JSON: a string id shows its quotes, a missing one reads null
        text = compact(json.dumps(item.get("orderId"))) + " (orderId not an integer)"
    if "status" in item:
        text += f" status {compact(item['status'])}"
    return text + (f" ({compact(item['msg'])})" if item.get("msg") else "")


def as_read(doc: dict[str, Any]) -> str:
    """What an answer holds where an orders list should be, as the SDK read it."""
    if "data" not in doc:
        return "no data"
    data = doc["data"]
    if isinstance(data, dict) and "orders" in data:
        return f"orders: {compact(data['orders'])}"
    return f"data: {compact(data)}"


def report_extras(doc: dict[str, Any], where: str, out: Output) -> None:
    """What an answer holds beside its orders: other ``data`` fields, a non-empty ``msg``."""
    data = doc.get("data")
    if isinstance(data, dict):
        for name, value in data.items():
            if name != "orders" and value not in (None, [], {}, ""):
                out.line(f"BingX also sent {safe(name)} {where}: {compact(value)}")
    msg = doc.get("msg")
    if msg not in (None, ""):
        out.line(f"BingX's message {where}: {compact(msg)}")
