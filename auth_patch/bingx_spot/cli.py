"""``bingx-spot``: cancel open orders from a shell, list them, keep BingX's dead man's switch
armed, or run the local exchange. The per-symbol loop and what every command shares live here;
``cli_orders`` and ``cli_deadman`` hold the other commands.

Every outcome has an exit status from :data:`EXIT_STATUS` (the README's table); no input,
environment or server answer ends in a Python traceback unless ``--debug`` asks for one.
"""

import argparse
import json
import logging
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, NoReturn

from . import __version__, errors
from .show import CLOSED_STDOUT, Output, hide, iso, plural, safe, table

__all__ = ["EXIT_CODES", "EXIT_STATUS", "main"]

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
OK = 0
USAGE = 2
UNCONFIRMED = 9
STORAGE = 10
LAPSED = 11
INTERNAL = 70
INTERRUPTED = 130
TERMINATED = 143
EXIT_STATUS: dict[int, str] = {
    OK: "done: every listed order confirmed cancelled, or BingX listed none; the open orders "
    "listed; the dead man's switch stopped by CLOSE",
    USAGE: "usage: bad or missing argument or credentials; nothing was sent",
    3: "authentication or permission refused",
    4: "rate limited",
    5: "clock skew",
    6: "BingX refused a parameter or found nothing",
    7: "exchange unreachable, busy, or answering something that is not BingX's JSON",
    8: "any other BingX error",
    UNCONFIRMED: "answered, but not every listed order is confirmed cancelled (with --verify: "
    "or orders are still open at the end)",
    STORAGE: "the shared rate-limit storage failed; nothing was sent for that symbol",
    LAPSED: "dead man's switch lapsed: no re-arm reached BingX in time; BingX cancels everything",
    INTERNAL: "a bug in bingx-spot (--debug shows the traceback)",
    INTERRUPTED: "interrupted (Ctrl-C)",
    CLOSED_STDOUT: "stdout closed or full before everything was printed (the cancels still ran)",
    TERMINATED: "terminated (SIGTERM)",
}
# A symbol this long is a pasting accident, not a pair; it would not fit in a URL either.
MAX_SYMBOL = 50
# BingX's form: upper case BASE-QUOTE (BTC-USDT, 1000PEPE-USDT).
_BINGX_FORM = re.compile(r"[^\s\-]+-[^\s\-]+")
_ALL = "all symbols"


class _Usage(Exception):
    """A usage problem: one line on stderr, exit 2, nothing sent."""


class _Stopped(BaseException):
    """SIGTERM, raised where the program happens to be, like KeyboardInterrupt for Ctrl-C."""


class _Failure(Exception):
    """A failure already described as an error document (``_error_doc``)."""

    def __init__(self, doc: dict[str, Any]) -> None:
        super().__init__(doc["msg"])
        self.doc = doc


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bingx-spot",
        allow_abbrev=False,
        description="BingX spot trading from the command line.",
        epilog="Exit status: "
        + "; ".join(f"{code} {text}" for code, text in EXIT_STATUS.items())
        + ".",
    )
    parser.add_argument("--version", action="version", version=f"bingx-spot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    cancel = commands.add_parser(
        "cancel-open-orders",
        allow_abbrev=False,
        help="cancel every open order on some symbols (or, explicitly, on all symbols)",
        description="Credentials come from BINGX_API_KEY and BINGX_SECRET_KEY. Each symbol is "
        "cancelled in the order given; every one is tried, except after an authentication or "
        "permission refusal (which no other symbol can pass).",
    )
    target = cancel.add_mutually_exclusive_group()
    _symbol_option(target)
    target.add_argument(
        "--all-symbols", action="store_true", help="cancel open orders on every symbol"
    )
    cancel.add_argument(
        "--verify",
        action="store_true",
        help="then list the open orders and cancel again what is left, round after round",
    )
    cancel.add_argument(
        "--deadline",
        type=float,
        metavar="S",
        help="with --verify: no new round after S seconds (default: 30)",
    )
    cancel.add_argument("--timeout", type=float, default=10.0, help="seconds (default: 10)")
    _shared_options(cancel, "print one JSON document")

    listing = commands.add_parser(
        "open-orders",
        allow_abbrev=False,
        help="list the open orders on some symbols (default: on every symbol)",
        description="Credentials come from BINGX_API_KEY and BINGX_SECRET_KEY.",
    )
    _symbol_option(listing)
    listing.add_argument("--timeout", type=float, default=10.0, help="seconds (default: 10)")
    _shared_options(listing, "print one JSON document")

    dead = commands.add_parser(
        "dead-man",
        allow_abbrev=False,
        help="keep BingX's dead man's switch armed until Ctrl-C or SIGTERM",
        description="Arms BingX's countdown (cancelAllAfter) and re-arms it every third of "
        "--timeout; if this process dies, BingX cancels every open spot order of the account "
        "when the countdown runs out. Ctrl-C or SIGTERM stops the countdown (CLOSE), exit 0.",
    )
    dead.add_argument(
        "--timeout",
        type=int,
        default=60,
        metavar="S",
        help="the countdown, 10..120 seconds (default: 60)",
    )
    _shared_options(dead, "print one JSON document per line: each arm, then the outcome")

    serve = commands.add_parser(
        "local-exchange",
        allow_abbrev=False,
        help="run the local BingX exchange on a loopback port, for tests in any language",
        description="Prints export lines for BINGX_BASE_URL, BINGX_API_KEY and BINGX_SECRET_KEY, "
        "then serves until Ctrl-C.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    serve.add_argument(
        "--orders",
        metavar="FILE",
        help="a JSON list of open orders in BingX's wire form (default: the demo account's)",
    )
    serve.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND[=ARG][:TIMES]",
        help="the next TIMES requests (default 1) meet this fault, e.g. error=100410:2, "
        "status=429, order_status=NEW; repeatable, applied in order",
    )
    serve.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    return parser


def _symbol_option(parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup) -> None:
    parser.add_argument(
        "--symbol",
        action="append",
        metavar="SYMBOL[,SYMBOL...]",
        help="trading pair, e.g. BTC-USDT; repeat it or separate with commas",
    )


def _shared_options(parser: argparse.ArgumentParser, json_help: str) -> None:
    parser.add_argument("--recv-window", type=int, metavar="MS", help="validity window, ms")
    parser.add_argument(
        "--base-url", help="API address (default: $BINGX_BASE_URL or https://open-api.bingx.com)"
    )
    parser.add_argument(
        "--rate-limit-storage",
        metavar="URI",
        help="share the rate budget with other clients, e.g. redis://host:6379/0 "
        "(default: $BINGX_RATE_LIMIT_STORAGE or this process only)",
    )
    parser.add_argument("--json", action="store_true", help=json_help)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log retries, waits and clock corrections"
    )
    parser.add_argument("--debug", action="store_true", help="also show tracebacks")


# -- cancel-open-orders ---------------------------------------------------------------------------


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
    listed: list[Any] | None = None  # open-orders: the orders BingX listed

    @property
    def where(self) -> str:
        return f"on {safe(self.symbol)}" if self.symbol is not None else f"on {_ALL}"

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"symbol": self.symbol, "exit": self.exit}
        if self.in_flight:
            doc["in_flight"] = True  # may or may not have reached BingX
        elif self.exit is None:
            doc["not_tried"] = True
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
        return doc


def _symbols(values: list[str]) -> list[str]:
    symbols: list[str] = []
    for value in values:
        for part in value.split(","):
            symbol = part.strip()
            if not symbol:
                continue
            if len(symbol) > MAX_SYMBOL:
                raise _Usage(f"--symbol {symbol[:20]}... is {len(symbol)} characters long")
            if not symbol.isprintable() or any(ch.isspace() for ch in symbol):
                raise _Usage(f"--symbol {symbol} holds spaces or control characters")
            if symbol not in symbols:
                symbols.append(symbol)
    if not symbols:
        raise _Usage("--symbol names no symbol")
    return symbols


def _warn_form(symbols: list[str], out: Output) -> None:
    for symbol in symbols:
        if symbol != symbol.upper() or not _BINGX_FORM.fullmatch(symbol):
            out.err(
                f"warning: {safe(symbol)} is not in BingX's form (upper case BASE-QUOTE, e.g. "
                f"BTC-USDT): BingX may find no order under it"
            )


def _credentials() -> tuple[str, str]:
    values = {name: os.environ.get(name, "") for name in ("BINGX_API_KEY", "BINGX_SECRET_KEY")}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise _Usage(f"set {' and '.join(missing)} to your BingX API credentials")
    for name, value in values.items():
        if not (value.isascii() and value.isprintable()) or " " in value:
            raise _Usage(f"{name} holds spaces, control or non-ASCII characters")
    hide(*values.values())
    return values["BINGX_API_KEY"], values["BINGX_SECRET_KEY"]


def _options(args: argparse.Namespace, timeout: float | None = None) -> dict[str, Any]:
    """make_client's options; ``timeout``: per request, when --timeout means something else."""
    if timeout is None:
        timeout = args.timeout
        if not 0 < timeout <= 300:  # also refuses nan
            raise _Usage("--timeout must be more than 0 and at most 300 seconds")
    options: dict[str, Any] = {"timeout": timeout}
    if args.recv_window is not None:
        if not 1 <= args.recv_window <= 60000:
            raise _Usage("--recv-window must be 1..60000 ms")
        options["recv_window"] = args.recv_window
    storage = args.rate_limit_storage or os.environ.get("BINGX_RATE_LIMIT_STORAGE")
    if storage:
        options["rate_limit_storage"] = storage
    options["base_url"] = args.base_url or os.environ.get("BINGX_BASE_URL") or None
    return options


def _client(api_key: str, secret_key: str, options: dict[str, Any]) -> Any:
    """The client; a bad option is a usage problem, a storage that fails at once exit 10."""
    from .client import make_client  # noqa: PLC0415

    try:
        return make_client(api_key, secret_key, **options)
    except errors.InvalidArgumentError as error:
        raise _Usage(str(error)) from None
    except Exception as exc:
        if not _is_storage_fault(exc):
            raise
        raise _Failure(_error_doc("StorageError", _storage_text(exc), STORAGE)) from None


def _is_storage_fault(exc: BaseException) -> bool:
    """Raised by the rate-limit storage's own libraries (redis, limits), not by the SDK."""
    return type(exc).__module__.partition(".")[0] in ("redis", "limits")


def _error_doc(kind: str, msg: str, status: int, *, code: int | None = None) -> dict[str, Any]:
    return {"type": kind, "code": code, "msg": msg, "retry_at": None, "exit": status}


def _bingx_error(error: errors.BingXError) -> dict[str, Any]:
    status = next(code for cls, code in EXIT_CODES if isinstance(error, cls))
    if isinstance(error, errors.BingXAPIError):
        doc = _error_doc(type(error).__name__, error.msg, status, code=error.code)
    else:
        doc = _error_doc(type(error).__name__, str(error), status)
    retry_at = getattr(error, "retry_at", None)
    if isinstance(retry_at, int):
        doc.update(retry_at=retry_at, retry_at_utc=iso(retry_at))
    return doc


def _describe(error: dict[str, Any]) -> str:
    if error["code"] is not None:
        text = f"BingX error {error['code']} ({error['type']}): {error['msg'] or 'no message'}"
    else:
        text = f"{error['type']}: {error['msg']}"
    if error.get("retry_at_utc"):
        text += f"; BingX accepts requests again from {error['retry_at_utc']}"
    return text


def _read(result: Result, content: bytes) -> None:
    """Fills ``result`` from BingX's answer as the SDK read it (exact ids, every field and extra
    list; BingX's ways of saying "nothing" already in the spec's empty form)."""
    try:
        doc = json.loads(content)
    except ValueError:
        result.error = _error_doc("ResponseError", "the answer is not JSON", 7)
        return
    result.answer = doc
    data = doc.get("data") if isinstance(doc, dict) else None
    listed: Any = data.get("orders") if isinstance(data, dict) else data
    orders = listed if isinstance(listed, list) else []
    for order in orders:
        if isinstance(order, dict) and order.get("status") == "CANCELED" and _has_id(order):
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
            f"{result.where}: " + ", ".join(_unconfirmed(item) for item in result.unconfirmed)
        )
    if not rows and not result.unconfirmed:
        out.line(f"BingX listed no cancelled orders {result.where}")
    if isinstance(data, dict):
        for name, value in data.items():
            if name != "orders" and value not in (None, [], {}, ""):
                out.line(f"BingX also sent {safe(name)} {result.where}: {_compact(value)}")
    msg = doc.get("msg")
    if msg not in (None, ""):
        out.line(f"BingX's message {result.where}: {_compact(msg)}")


def _has_id(order: dict[str, Any]) -> bool:
    """An order without an integer ``orderId`` names no order that could be cancelled."""
    return type(order.get("orderId")) is int


def _unconfirmed(item: Any) -> str:
    if not isinstance(item, dict):
        return _compact(item)
    if _has_id(item):
        text = str(item["orderId"])
    else:  # as JSON: a string id shows its quotes, a missing one reads null
        text = _compact(json.dumps(item.get("orderId"))) + " (orderId not an integer)"
    if "status" in item:
        text += f" status {_compact(item['status'])}"
    return text + (f" ({_compact(item['msg'])})" if item.get("msg") else "")


def _as_read(doc: dict[str, Any]) -> str:
    """What an answer holds where an orders list should be, as the SDK read it."""
    if "data" not in doc:
        return "no data"
    data = doc["data"]
    if isinstance(data, dict) and "orders" in data:
        return f"orders: {_compact(data['orders'])}"
    return f"data: {_compact(data)}"


def _compact(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    text = safe(text)  # before cutting: a cut must not leave part of a key unredacted
    return text if len(text) <= 200 else text[:200] + f"... ({len(text)} characters)"


def _cancel(args: argparse.Namespace, out: Output) -> int:
    if not args.symbol and not args.all_symbols:
        raise _Usage("give --symbol SYMBOL, or --all-symbols to cancel open orders on every symbol")
    if args.deadline is not None and not args.verify:
        raise _Usage("--deadline goes with --verify")
    if args.deadline is not None and not 0 <= args.deadline <= 3600:  # also refuses nan
        raise _Usage("--deadline must be 0..3600 seconds")
    symbols: list[str | None] = [*_symbols(args.symbol)] if args.symbol else [None]
    api_key, secret_key = _credentials()
    options = _options(args)
    _warn_form([s for s in symbols if s is not None], out)
    client = _client(api_key, secret_key, options)
    if args.verify:
        from .cli_orders import verified  # noqa: PLC0415

        deadline = 30.0 if args.deadline is None else args.deadline
        return verified(client, [s for s in symbols if s is not None] or None, deadline, out)

    from bingx_spot_client.api.trade import cancel_open_orders  # noqa: PLC0415
    from bingx_spot_client.types import UNSET  # noqa: PLC0415

    def send(symbol: str | None) -> bytes:
        answer = cancel_open_orders.sync_detailed(client=client, symbol=symbol or UNSET)
        return answer.content

    results = [Result(symbol) for symbol in symbols]
    with client:
        stop = _each(results, send, _CANCEL, out)
    return _finish(results, stop, _CANCEL, out)


@dataclass(frozen=True, slots=True)
class Kind:
    """What a per-symbol command sends: how its lines and its answers read."""

    verb: str  # "cancel on BTC-USDT failed"
    in_flight: str  # said of the request an interruption caught under way
    read: Callable[[Result, bytes], None]
    report: Callable[[Result, Output], None]


def _each(
    results: list[Result], send: Callable[[str | None], bytes], kind: Kind, out: Output
) -> tuple[str, int] | None:
    """Sends for each symbol in turn; an interruption, if one came."""
    try:
        for result in results:
            _one(send, result, kind, out)
            if result.exit == 3:
                break  # the same key is refused on every symbol
    except KeyboardInterrupt:
        return ("Interrupted", INTERRUPTED)
    except _Stopped:
        return ("Terminated", TERMINATED)
    return None


def _one(send: Callable[[str | None], bytes], result: Result, kind: Kind, out: Output) -> None:
    out.context = result.where  # log lines say which request they are about
    try:
        kind.read(result, send(result.symbol))
    except errors.BingXError as error:
        out.debug_traceback()
        result.error = _bingx_error(error)
    except Exception as exc:
        if _is_storage_fault(exc):
            result.error = _error_doc("StorageError", _storage_text(exc), STORAGE)
        else:
            out.debug_traceback()
            result.error = _error_doc("InternalError", f"{type(exc).__name__}: {exc}", INTERNAL)
    out.context = ""
    if result.error is not None:
        result.exit = result.error["exit"]
        out.err(f"{kind.verb} {result.where} failed: {safe(_describe(result.error))}")
    elif not out.json:
        kind.report(result, out)


def _storage_text(exc: BaseException) -> str:
    text = re.sub(r"//[^@/\s]*@", "//***@", str(exc))  # never a storage password
    return f"rate-limit storage: {type(exc).__name__}: {text}"


def _finish(results: list[Result], stop: tuple[str, int] | None, kind: Kind, out: Output) -> int:
    """The exit status: the first failed symbol's, else 9 when an order is unconfirmed, else 0;
    an interruption outranks them all."""
    failed = [r for r in results if r.error is not None]
    statuses = [r.exit for r in results if r.exit is not None]
    status = failed[0].exit if failed else max(statuses, default=OK)
    error = failed[0].error if failed else None
    skipped = [r for r in results if r.exit is None]
    names = [safe(r.symbol or _ALL) for r in skipped]
    if stop is not None:
        why, status = stop
        text = why.lower()
        if skipped:  # the first was in flight: not known to be done, nor to be untouched
            skipped[0].in_flight = True
            text += "; " + kind.in_flight.format(where=skipped[0].where)
            names = names[1:]
        error = _error_doc(why, text, status)
        out.err(text)  # symbols in it are escaped already
    if names:
        out.err("not tried: " + ", ".join(names))
    if out.json:
        doc: dict[str, Any] = {"results": [r.to_json() for r in results], "exit": status}
        if error is not None:
            doc["error"] = error
        out.document(doc)
    assert status is not None
    return out.closing_status(status)


_CANCEL = Kind("cancel", "the cancel {where} may or may not have reached BingX", _read, _report)


# -- local-exchange -------------------------------------------------------------------------------


def _serve(args: argparse.Namespace, out: Output) -> int:
    from .testing import command  # noqa: PLC0415

    try:
        return command.serve(args.host, args.port, args.orders, args.fault, out.line)
    except ValueError as problem:
        raise _Usage(str(problem)) from None


# -- the run --------------------------------------------------------------------------------------


class _Log(logging.Handler):
    """The SDK's log on stderr with UTC times: everything with -v; else warnings, and waits
    longer than a second (so a stall is never silent)."""

    def __init__(self, out: Output, verbose: bool) -> None:
        super().__init__(logging.DEBUG)
        self.out = out
        self.verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        wait = getattr(record, "wait_seconds", None)
        long_wait = isinstance(wait, int | float) and wait > 1
        if not (self.verbose or long_wait or record.levelno >= logging.WARNING):
            return
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            text = str(record.msg)
        about = f"{self.out.context}: " if self.out.context else ""
        self.out.err(f"{iso(int(record.created * 1000))} {about}{safe(text)}", prefix=False)


@contextmanager
def _logging(out: Output, verbose: bool, debug: bool) -> Iterator[None]:
    logger = logging.getLogger("bingx_spot")
    handler = _Log(out, verbose or debug)
    saved = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


@contextmanager
def _sigterm() -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        raise _Stopped

    try:
        previous: Callable[..., Any] | int | None = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    """The console script: runs one command and returns its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = Output(json_mode="--json" in argv, debug="--debug" in argv)
    try:
        return _guarded(argv, out)
    finally:
        hide()  # main may run again in this process, with other credentials


def _guarded(argv: list[str], out: Output) -> int:
    failure: dict[str, Any]
    text = None
    try:
        with _sigterm():
            return _run(argv, out)
    except _Usage as problem:
        failure = _error_doc("UsageError", str(problem), USAGE)
    except _Failure as failed:
        failure = failed.doc
    except KeyboardInterrupt:
        failure = _error_doc("Interrupted", "interrupted", INTERRUPTED)
    except _Stopped:
        failure = _error_doc("Terminated", "terminated", TERMINATED)
    except errors.BingXError as error:
        failure = _bingx_error(error)
        text = _describe(failure)
    except Exception as exc:
        out.debug_traceback()
        failure = _error_doc("InternalError", f"{type(exc).__name__}: {exc}", INTERNAL)
    return out.fail(failure, text)


def _run(argv: list[str], out: Output) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else USAGE
    out.json = getattr(args, "json", False)
    with _logging(out, getattr(args, "verbose", False), args.debug):
        if args.command == "cancel-open-orders":
            return _cancel(args, out)
        if args.command == "open-orders":
            from .cli_orders import open_orders  # noqa: PLC0415

            return open_orders(args, out)
        if args.command == "dead-man":
            from .cli_deadman import dead_man  # noqa: PLC0415

            return dead_man(args, out)
        return _serve(args, out)


if __name__ == "__main__":
    sys.exit(main())
