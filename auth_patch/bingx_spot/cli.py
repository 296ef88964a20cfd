"""``bingx-spot``: cancel open orders from a shell, or run the local exchange.

Exit status: 0 done (also when nothing was open); 2 usage (bad or missing argument, missing
credentials, cancel-all without ``--all-symbols``); 3 authentication or permission refused;
4 rate limited; 5 clock skew; 6 BingX refused a parameter or found nothing; 7 exchange
unreachable, busy or answering garbage (retrying may help); 8 any other BingX error.
"""

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

from . import errors

__all__ = ["EXIT_CODES", "main"]

# First match wins: subclasses before their bases.
EXIT_CODES: tuple[tuple[type[errors.BingXError], int], ...] = (
    (errors.InvalidArgumentError, 2),
    (errors.AuthenticationError, 3),
    (errors.PermissionDeniedError, 3),
    (errors.RateLimitError, 4),
    (errors.TimestampError, 5),
    (errors.InvalidParameterError, 6),
    (errors.NotFoundError, 6),
    (errors.ServerBusyError, 7),
    (errors.NetworkError, 7),
    (errors.ResponseError, 7),
    (errors.BingXError, 8),
)
USAGE = 2
INTERRUPTED = 130
COLUMNS = (
    "symbol",
    "orderId",
    "side",
    "type",
    "price",
    "origQty",
    "executedQty",
    "status",
    "clientOrderID",
)


class _Usage(Exception):
    """A usage problem found after parsing: one line on stderr, exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bingx-spot",
        description="BingX spot trading from the command line.",
        epilog="Exit status: 0 done, 2 usage, 3 auth/permission, 4 rate limited, 5 clock skew, "
        "6 refused parameter, 7 unreachable/busy/garbled answer, 8 other BingX error.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    cancel = commands.add_parser(
        "cancel-open-orders",
        help="cancel every open order on a symbol (or, explicitly, on all symbols)",
        description="Credentials come from BINGX_API_KEY and BINGX_SECRET_KEY.",
    )
    target = cancel.add_mutually_exclusive_group()
    target.add_argument("--symbol", help="trading pair, e.g. BTC-USDT")
    target.add_argument(
        "--all-symbols", action="store_true", help="cancel open orders on every symbol"
    )
    cancel.add_argument("--recv-window", type=int, metavar="MS", help="validity window, ms")
    cancel.add_argument(
        "--base-url", help="API address (default: $BINGX_BASE_URL or https://open-api.bingx.com)"
    )
    cancel.add_argument("--timeout", type=float, default=10.0, help="seconds (default: 10)")
    cancel.add_argument(
        "--rate-limit-storage",
        metavar="URI",
        help="share the rate budget with other clients, e.g. redis://host:6379/0 "
        "(default: $BINGX_RATE_LIMIT_STORAGE or this process only)",
    )
    cancel.add_argument("--json", action="store_true", help="print the answer as one JSON document")

    serve = commands.add_parser(
        "local-exchange",
        help="run the local BingX exchange (demo account with open orders) on a loopback port",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    return parser


def _credentials() -> tuple[str, str]:
    missing = [name for name in ("BINGX_API_KEY", "BINGX_SECRET_KEY") if not os.environ.get(name)]
    if missing:
        raise _Usage(f"set {' and '.join(missing)} to your BingX API credentials")
    return os.environ["BINGX_API_KEY"], os.environ["BINGX_SECRET_KEY"]


def _table(orders: list[dict[str, Any]]) -> str:
    rows = [list(COLUMNS), *([str(order.get(field, "")) for field in COLUMNS] for order in orders)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = (
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    )
    return "\n".join(line.rstrip() for line in lines)


def _cancel(args: argparse.Namespace) -> int:
    if not args.symbol and not args.all_symbols:
        raise _Usage("give --symbol SYMBOL, or --all-symbols to cancel open orders on every symbol")
    api_key, secret_key = _credentials()

    from bingx_spot_client.api.trade import cancel_open_orders  # noqa: PLC0415
    from bingx_spot_client.types import UNSET  # noqa: PLC0415

    from .client import make_client  # noqa: PLC0415

    options: dict[str, Any] = {"timeout": args.timeout}
    storage = args.rate_limit_storage or os.environ.get("BINGX_RATE_LIMIT_STORAGE")
    if storage:
        options["rate_limit_storage"] = storage
    if args.recv_window is not None:
        options["recv_window"] = args.recv_window
    with make_client(
        api_key,
        secret_key,
        base_url=args.base_url or os.environ.get("BINGX_BASE_URL") or None,
        **options,
    ) as client:
        result = cancel_open_orders.sync(client=client, symbol=args.symbol or UNSET)
    body = result.to_dict() if result is not None else {}
    data = body.get("data")
    orders = data.get("orders") or [] if isinstance(data, dict) else []
    if args.json:
        print(json.dumps(body, ensure_ascii=False))
    elif not orders:
        print("no open orders")
    else:
        print(_table(orders))
        print(f"{len(orders)} order{'s' if len(orders) != 1 else ''} cancelled")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .testing import DEMO_API_KEY, DEMO_SECRET_KEY  # noqa: PLC0415
    from .testing.server import LocalServer  # noqa: PLC0415

    try:
        server = LocalServer(host=args.host, port=args.port)
    except OSError as exc:
        raise _Usage(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    print(f"Local BingX exchange on {server.url}", flush=True)
    print(f"  BINGX_BASE_URL={server.url}")
    print(f"  BINGX_API_KEY={DEMO_API_KEY}")
    print(f"  BINGX_SECRET_KEY={DEMO_SECRET_KEY}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _exit_code(error: errors.BingXError) -> int:
    return next(code for cls, code in EXIT_CODES if isinstance(error, cls))


def _describe(error: errors.BingXError) -> str:
    if isinstance(error, errors.BingXAPIError):
        return f"BingX error {error.code} ({type(error).__name__}): {error.msg or 'no message'}"
    return f"{type(error).__name__}: {error}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "cancel-open-orders":
            return _cancel(args)
        return _serve(args)
    except _Usage as problem:
        print(f"bingx-spot: {problem}", file=sys.stderr)
        return USAGE
    except errors.BingXError as error:
        print(f"bingx-spot: {_describe(error)}", file=sys.stderr)
        return _exit_code(error)
    except KeyboardInterrupt:
        print("bingx-spot: interrupted", file=sys.stderr)
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
