"""``bingx-spot cancel-open-orders --verify``: a cancel that checks nothing is left
(:func:`bingx_spot.cancel_all`), reported.

The same rules as the plain cancel: every line names its symbols, server text is escaped, times
are UTC, ``--json`` prints one document with exact ids, and every outcome has its exit status.
A symbol on which BingX listed nothing is looked up in BingX's symbols list afterwards, as the
plain cancel does: ``FOO-BAR: no such pair on BingX`` and exit 6 for one it does not hold.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bingx_spot_client.client import AuthenticatedClient

from ..cancellation import CancelReport, cancel_all
from ..wire.retry import watch
from .exits import INTERRUPTED, NO_SUCH_PAIR, OK, STORAGE, TERMINATED, UNCONFIRMED
from .failures import (
    Failure,
    Stopped,
    bingx_error,
    describe,
    error_doc,
    failed,
    is_storage_fault,
    storage_text,
)
from .output import OPEN_COLUMNS, Output, plural, safe, table
from .run import (
    ALL,
    has_id,
    unconfirmed,
)

if TYPE_CHECKING:
    pass

__all__ = ["verified"]


def verified(
    client: AuthenticatedClient, symbols: list[str] | None, deadline: float, out: Output
) -> int:
    """``cancel_all(verify=True)``, reported: what was cancelled, what is still open, the rounds,
    and the symbols BingX lists no pair by.

    Exit 0 when a check after the last cancel found nothing open and every order a cancel listed
    was ``CANCELED``; 9 when orders are still open at the end or one was not confirmed; else the
    status of the error that left it unchecked. When it is clean: the status of a failed lookup
    first, then 9 for an unconfirmed order, then 6 when BingX lists no pair by a symbol given."""
    where = "on " + (", ".join(safe(s) for s in symbols) if symbols else ALL)
    out.context = where
    try:
        with watch() as progress, client:
            report = cancel_all(client, symbols, verify=True, deadline=deadline)
    except KeyboardInterrupt:
        return _stopped("Interrupted", INTERRUPTED, where, progress.sent, out)
    except Stopped:
        return _stopped("Terminated", TERMINATED, where, progress.sent, out)
    except Exception as exc:
        if not is_storage_fault(exc):
            raise
        raise Failure(error_doc("StorageError", storage_text(exc), STORAGE)) from None
    finally:
        out.context = ""

    answered = [order.to_dict() for order in report.cancelled]
    cancelled = [order for order in answered if has_id(order)]
    refused = [order for order in answered if not has_id(order)]
    refused += [order.to_dict() for order in report.not_cancelled]
    still_open = [order.to_dict() for order in report.still_open]
    failures = [bingx_error(error) for error in report.errors]
    lookups = [f for e, f in zip(report.errors, failures, strict=True) if e.operation == _LOOKUP]
    others = [f for e, f in zip(report.errors, failures, strict=True) if e.operation != _LOOKUP]
    status, deciding = _verdict(report, others, lookups, bool(refused))
    for error, failure in zip(report.errors, failures, strict=True):
        what = error.operation or "a request"
        if what != _LOOKUP:  # those are told below, with their symbol
            out.err(
                f"{what} {failed(failure)} during the verified cancel {where}: "
                f"{safe(describe(failure))}"
            )
    # not_looked_up lists the failed lookups first, in the order of their errors.
    unanswered = iter(lookups)
    for symbol in report.not_looked_up:
        lookup = next(unanswered, None)
        why = safe(describe(lookup)) if lookup else "the deadline passed first"
        out.err(
            f"the cancel on {safe(symbol)} went out and listed nothing; whether {safe(symbol)} "
            f"is a pair BingX lists could not be checked: {why}"
        )
    if out.json:
        doc: dict[str, Any] = {
            "verified": {
                "symbols": symbols,
                "clean": report.clean,
                "rounds": report.rounds,
                "timed_out": report.timed_out,
                "cancelled": cancelled,
                "not_confirmed": refused,
                "still_open": still_open,
                "unknown": list(report.unknown),
                "not_looked_up": list(report.not_looked_up),
                "errors": failures,
            },
            "exit": status,
        }
        if deciding is not None:
            doc["error"] = deciding
        out.document(doc)
    else:
        _lines(report, symbols, out, cancelled=cancelled, refused=refused, still_open=still_open)
        out.line(_summary(report, where, refused=len(refused), status=status))
    return out.closing_status(status)


_LOOKUP = "commonSymbols"  # the symbols list, asked about each symbol that listed nothing


def _verdict(
    report: CancelReport,
    failures: list[dict[str, Any]],
    lookups: list[dict[str, Any]],
    refused: bool,
) -> tuple[int, dict[str, Any] | None]:
    """The exit status, and the error that decided it. ``failures``: of the cancels and checks;
    ``lookups``: of the lookups; ``refused``: an order a cancel listed is not confirmed
    cancelled. A lookup left unsent by the deadline changes nothing: the cancel stands."""
    if report.clean:
        if lookups:
            return lookups[0]["exit"], lookups[0]
        if refused:
            return UNCONFIRMED, None
        return (NO_SUCH_PAIR if report.unknown else OK), None
    if report.still_open or not failures:
        return UNCONFIRMED, None  # orders seen open, or the deadline came before a check
    return failures[-1]["exit"], failures[-1]


def _lines(
    report: CancelReport,
    symbols: list[str] | None,
    out: Output,
    *,
    cancelled: list[dict[str, Any]],
    refused: list[dict[str, Any]],
    still_open: list[dict[str, Any]],
) -> None:
    if cancelled:
        out.line(table(cancelled))
    done = _by_symbol(cancelled, symbols)
    for symbol, orders in done.items():
        out.line(f"{plural(len(orders), 'order')} cancelled on {symbol}")
    for symbol in symbols or []:
        if safe(symbol) in done or symbol in report.not_looked_up:  # the latter: on stderr
            continue
        if symbol in report.unknown:
            out.line(f"{safe(symbol)}: no such pair on BingX")
        elif symbol in report.empty or safe(symbol) in _by_symbol(refused, symbols):
            # BingX answered it (listing nothing, or nothing cancelled): never said of a symbol
            # whose cancel was not sent or not answered (that is on stderr).
            out.line(f"BingX listed no cancelled orders on {safe(symbol)}")
    for symbol, orders in _by_symbol(refused, symbols).items():
        out.line(
            f"{plural(len(orders), 'listed order')} NOT confirmed cancelled on {symbol}: "
            + ", ".join(unconfirmed(order) for order in orders)
        )
    if still_open:
        out.line(table(still_open, OPEN_COLUMNS))
    for symbol, orders in _by_symbol(still_open, symbols).items():
        out.line(
            f"{plural(len(orders), 'order')} STILL OPEN on {symbol}: "
            + ", ".join(unconfirmed(order) for order in orders)
        )


def _summary(report: CancelReport, where: str, *, refused: int, status: int) -> str:
    """The last line: the outcome the exit status gives, the reason that decided it first. Only
    exit 0 reads "verified"; ``refused``: orders a cancel listed, not confirmed cancelled."""
    rounds = f"after {plural(report.rounds, 'round')}" if report.rounds else "with no cancel sent"
    if report.clean:
        if status == OK:
            return f"verified {where}: no open orders {rounds}"
        # Nothing open at the last check, and yet: in the order _verdict ranks them.
        reasons = []
        failed_lookups = [e for e in report.errors if e.operation == _LOOKUP]
        if failed_lookups:  # not_looked_up lists theirs first
            names = ", ".join(safe(s) for s in report.not_looked_up[: len(failed_lookups)])
            why = type(failed_lookups[-1]).__name__
            reasons.append(f"whether {names} is a pair BingX lists could not be checked ({why})")
        if refused:
            reasons.append(f"{plural(refused, 'listed order')} NOT confirmed cancelled")
        if report.unknown:
            reasons.append("no such pair on BingX: " + ", ".join(safe(s) for s in report.unknown))
        reasons.append("no open orders at the last check")
        return f"NOT verified {where} {rounds}: " + "; ".join(reasons)
    reasons = []
    failed = [error for error in report.errors if error.operation != _LOOKUP]
    if report.still_open:
        when = "when the deadline passed" if report.timed_out else "after the last round"
        reasons.append(f"orders still open {when}")
    elif not failed:
        reasons.append(
            "the deadline passed before a check found nothing open"
            if report.timed_out
            else "no check after the last cancel"
        )
    if failed:
        last = failed[-1]
        what = "not sent" if not last.sent else "failed"
        reasons.append(f"{last.operation or 'a request'} {what} ({type(last).__name__})")
        if report.timed_out and not report.still_open:
            reasons.append("the deadline passed before a check found nothing open")
    return f"NOT verified {where} {rounds}: " + "; ".join(reasons)


def _by_symbol(
    orders: Iterable[dict[str, Any]], symbols: list[str] | None
) -> dict[str, list[dict[str, Any]]]:
    """Orders grouped by their (escaped) symbol: the symbols asked for first, in their order."""
    groups: dict[str, list[dict[str, Any]]] = {safe(s): [] for s in symbols or []}
    for order in orders:
        name = order.get("symbol")
        groups.setdefault(safe(name) if isinstance(name, str) else "no symbol", []).append(order)
    return {symbol: group for symbol, group in groups.items() if group}


def _stopped(kind: str, status: int, where: str, sent: bool, out: Output) -> int:
    if not sent:  # it was waiting for its rate budget, say
        text = f"{kind.lower()}; the verified cancel {where} stopped before any request was sent"
        return out.fail(error_doc(kind, text, status))
    text = f"{kind.lower()}; the verified cancel {where} stopped part-way: some cancels may "
    text += "have reached BingX, and what is still open is not known"
    return out.fail(error_doc(kind, text, status))
