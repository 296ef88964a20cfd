"""``bingx-spot cancel-open-orders``: cancel on each symbol (or, explicitly, on all), and say for
each what BingX's answer confirms; ``--verify`` is in :mod:`.verify`.

Symbols are sent as given (only lower case gets a warning): BingX matches them exactly, and
answers a cancel on a pair it does not list as a success listing nothing. So once every cancel
has gone out, each symbol whose answer listed nothing is looked up in BingX's symbols list:
``FOO-BAR: no such pair on BingX`` and exit 6 for one it does not hold.
"""

import argparse
import json
from typing import TYPE_CHECKING, Any

from .args import login, open_client, parse_symbols, warn_form
from .exits import OK, UNCONFIRMED, UNREACHABLE
from .failures import Usage, error_doc
from .output import Output, plural, table
from .run import (
    Kind,
    Result,
    finish,
    has_id,
    look_up,
    pair_lookup,
    report_extras,
    run_each,
    unconfirmed,
)

if TYPE_CHECKING:
    from .accounts import Account

__all__ = ["cancel"]


def cancel(args: argparse.Namespace, out: Output, account: "Account | None" = None) -> int:
    """Cancels on each symbol given (or on all), with the environment's credentials or
    ``account``'s (``--accounts``)."""
    if not args.symbol and not args.all_symbols:
        raise Usage("give --symbol SYMBOL, or --all-symbols to cancel open orders on every symbol")
    if args.deadline is not None and not args.verify:
        raise Usage("--deadline goes with --verify")
    if args.deadline is not None and not 0 <= args.deadline <= 3600:  # also refuses nan
        raise Usage("--deadline must be 0..3600 seconds")
    symbols: list[str | None] = [*parse_symbols(args.symbol)] if args.symbol else [None]
    api_key, secret_key, options = login(args, account)
    warn_form([s for s in symbols if s is not None], out)
    client = open_client(api_key, secret_key, options)
    if args.verify:
        from .verify import verified  # noqa: PLC0415

        deadline = 30.0 if args.deadline is None else args.deadline
        return verified(client, [s for s in symbols if s is not None] or None, deadline, out)

    from bingx_spot_client.api.trade import cancel_open_orders  # noqa: PLC0415
    from bingx_spot_client.types import UNSET  # noqa: PLC0415

    def send(symbol: str | None) -> bytes:
        answer = cancel_open_orders.sync_detailed(client=client, symbol=symbol or UNSET)
        return answer.content

    results = [Result(symbol) for symbol in symbols]
    with client:
        stop = run_each(results, send, _CANCEL, out)
        stop = look_up(results, pair_lookup(client), _CANCEL, out, stop)
    return finish(results, stop, _CANCEL, out)


def _read(result: Result, content: bytes) -> None:
    """Fills ``result`` from BingX's answer as the SDK read it (exact ids, every field and extra
    list; BingX's ways of saying "nothing" already in the spec's empty form)."""
    try:
        doc = json.loads(content)
    except ValueError:
        result.error = error_doc("ResponseError", "the answer is not JSON", UNREACHABLE)
        return
    result.answer = doc
    data = doc.get("data") if isinstance(doc, dict) else None
    listed: Any = data.get("orders") if isinstance(data, dict) else data
    orders = listed if isinstance(listed, list) else []
    for order in orders:
        if isinstance(order, dict) and order.get("status") == "CANCELED" and has_id(order):
            result.cancelled.append(order)
        else:
            result.unconfirmed.append(order)
    if isinstance(data, dict):
        for name, value in data.items():
            if name != "orders" and isinstance(value, list):
                result.unconfirmed.extend(value)  # e.g. "fails": listed, but not as cancelled
    result.exit = UNCONFIRMED if result.unconfirmed else OK


def _report(result: Result, out: Output) -> None:
    """The lines for one answer; each names the symbol it is about."""
    doc = result.answer if isinstance(result.answer, dict) else {}
    data = doc.get("data")
    orders = data.get("orders") if isinstance(data, dict) else data
    rows = [o for o in orders if isinstance(o, dict)] if isinstance(orders, list) else []
    if rows:
        out.line(table(rows))
    if result.cancelled:
        out.line(f"{plural(len(result.cancelled), 'order')} cancelled {result.where}")
    if result.unconfirmed:
        out.line(
            f"{plural(len(result.unconfirmed), 'listed order')} NOT confirmed cancelled "
            f"{result.where}: " + ", ".join(unconfirmed(item) for item in result.unconfirmed)
        )
    if not rows and not result.unconfirmed:
        out.line(f"BingX listed no cancelled orders {result.where}")
    report_extras(doc, result.where, out)


_CANCEL = Kind(
    "cancel",
    "the cancel {where} may or may not have reached BingX",
    "the cancel {where} went out and listed nothing",
    _read,
    _report,
    "the cancel {where} was not sent",
)
