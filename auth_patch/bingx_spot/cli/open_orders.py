"""``bingx-spot open-orders``: what is open on each symbol, or on all.

The same rules as the cancel: every line names its symbols, server text is escaped, times are UTC,
``--json`` prints one document with exact ids, and every outcome has its exit status. A symbol on
which BingX listed nothing is looked up in BingX's symbols list afterwards: ``FOO-BAR: no such
pair on BingX`` and exit 6 for one it does not hold.
"""

import argparse
import json
from typing import TYPE_CHECKING, Any

from .args import login, open_client, parse_symbols, warn_form
from .exits import OK, UNREACHABLE
from .failures import error_doc
from .output import OPEN_COLUMNS, Output, compact, plural, table
from .run import (
    Kind,
    Result,
    as_read,
    finish,
    look_up,
    pair_lookup,
    report_extras,
    run_each,
)

if TYPE_CHECKING:
    from .accounts import Account

__all__ = ["open_orders"]


def open_orders(args: argparse.Namespace, out: Output, account: "Account | None" = None) -> int:
    """Lists the open orders on each symbol given, or once on every symbol; then looks up each
    symbol given on which none was listed. The environment's credentials, or ``account``'s."""
    symbols: list[str | None] = [*parse_symbols(args.symbol)] if args.symbol else [None]
    api_key, secret_key, options = login(args, account)
    warn_form([s for s in symbols if s is not None], out)
    client = open_client(api_key, secret_key, options)

    from bingx_spot_client.api.trade import open_orders as operation  # noqa: PLC0415
    from bingx_spot_client.types import UNSET  # noqa: PLC0415

    def send(symbol: str | None) -> bytes:
        return operation.sync_detailed(client=client, symbol=symbol or UNSET).content

    results = [Result(symbol) for symbol in symbols]
    with client:
        stop = run_each(results, send, _LIST, out)
        stop = look_up(results, pair_lookup(client), _LIST, out, stop)
    return finish(results, stop, _LIST, out)


def _read(result: Result, content: bytes) -> None:
    try:
        doc = json.loads(content)
    except ValueError:
        result.error = error_doc("ResponseError", "the answer is not JSON", UNREACHABLE)
        return
    result.answer = doc
    data = doc.get("data") if isinstance(doc, dict) else None
    listed: Any = data.get("orders") if isinstance(data, dict) else data
    result.listed = listed if isinstance(listed, list) else []
    result.exit = OK


def _report(result: Result, out: Output) -> None:
    doc = result.answer if isinstance(result.answer, dict) else {}
    data = doc.get("data")
    listed = result.listed or []
    rows = [order for order in listed if isinstance(order, dict)]
    if rows:
        out.line(table(rows, OPEN_COLUMNS))
        out.line(f"{plural(len(rows), 'open order')} {result.where}")
    elif isinstance(data, dict) and data.get("orders") == []:
        out.line(f"no open orders {result.where}")
    else:
        out.line(f"BingX sent no orders list {result.where} (as read: {as_read(doc)})")
    junk = [item for item in listed if not isinstance(item, dict)]
    if junk:
        out.line(f"BingX also listed {plural(len(junk), 'entry')} that are not orders "
                 f"{result.where}: {compact(junk)}")  # fmt: skip
    report_extras(doc, result.where, out)


_LIST = Kind(
    "reading open orders",
    "the read {where} was under way",
    "the read {where} listed no open orders",
    _read,
    _report,
    "the read {where} was not sent",
)
