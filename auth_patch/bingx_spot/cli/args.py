"""``bingx-spot``'s arguments and environment: the parser, the symbols, the credentials, and the
client they make. A bad one is a usage problem (exit 2) before anything is sent."""

import argparse
import os
import shutil
import textwrap
from typing import TYPE_CHECKING, Any, NoReturn

from .. import errors
from .._version import __version__
from ..symbols import lower_case
from ..wire.storage import host_store
from .audit import named
from .exits import EXIT_STATUS, NO_SUCH_PAIR, STORAGE
from .failures import Failure, Usage, error_doc, is_storage_fault, storage_text
from .output import Output, hide, safe

if TYPE_CHECKING:
    from .accounts import Account

__all__ = [
    "MAX_SYMBOL",
    "build_parser",
    "client_options",
    "credentials",
    "login",
    "open_client",
    "parse_symbols",
    "warn_form",
]

# A symbol this long is a pasting accident, not a pair; it would not fit in a URL either.
MAX_SYMBOL = 50


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise Usage(f"{message} (see {self.prog} --help)")


class _Formatter(argparse.HelpFormatter):
    """argparse's own, but a paragraph whose lines are indented (a table) is kept as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        filled = []
        for paragraph in text.split("\n\n"):
            if any(line.startswith(" ") for line in paragraph.splitlines()):
                filled.append(paragraph)
            else:
                filled.append(super()._fill_text(paragraph, width, indent))
        return "\n\n".join(filled)


def exit_table(width: int = 100) -> str:
    """:data:`EXIT_STATUS` as a table: one row per status, its text in one column, wrapped
    under its start."""
    column = 2 + max(len(str(code)) for code in EXIT_STATUS) + 2
    rows = [
        textwrap.fill(
            text,
            width,
            initial_indent=f"  {code}".ljust(column),
            subsequent_indent=" " * column,
            break_on_hyphens=False,
        )
        for code, text in EXIT_STATUS.items()
    ]
    return "exit status:\n" + "\n".join(rows)


def _width() -> int:
    # argparse's: the terminal's (COLUMNS first) less its margin; kept readable either way.
    return max(min(shutil.get_terminal_size().columns, 120) - 2, 40)


def _command(commands: Any, name: str, **options: Any) -> argparse.ArgumentParser:
    """A command's parser; its help ends with the exit table."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, allow_abbrev=False, formatter_class=_Formatter, epilog=exit_table(_width()), **options
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bingx-spot",
        allow_abbrev=False,
        description="BingX spot trading from the command line.",
        epilog=exit_table(_width()),
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"bingx-spot {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    cancel = _command(
        commands,
        "cancel-open-orders",
        help="cancel every open order on some symbols (or, explicitly, on all symbols)",
        description="Credentials come from BINGX_API_KEY and BINGX_SECRET_KEY. Each symbol is "
        "cancelled in the order given; every one is tried, except after an authentication or "
        "permission refusal (which no other symbol can pass). Then each symbol on which BingX "
        "listed nothing is looked up in BingX's symbols list: one it does not list is no such "
        f"pair (exit {NO_SUCH_PAIR}).",
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
    _timeout_option(cancel)
    _shared_options(cancel, "print one JSON document")

    listing = _command(
        commands,
        "open-orders",
        help="list the open orders on some symbols (default: on every symbol)",
        description="Credentials come from BINGX_API_KEY and BINGX_SECRET_KEY. Each symbol on "
        "which BingX lists no open order is then looked up in BingX's symbols list: one it does "
        f"not list is no such pair (exit {NO_SUCH_PAIR}).",
    )
    _symbol_option(listing)
    _timeout_option(listing)
    _shared_options(listing, "print one JSON document")

    dead = _command(
        commands,
        "dead-man",
        help="keep BingX's dead man's switch armed until Ctrl-C or SIGTERM",
        description="Arms BingX's countdown (cancelAllAfter) and re-arms it every third of "
        "--countdown; if this process dies, BingX cancels every open spot order of the account "
        "when the countdown runs out. Ctrl-C or SIGTERM stops the countdown (CLOSE), exit 0.",
    )
    countdown = dead.add_mutually_exclusive_group()
    countdown.add_argument(
        "--countdown",
        type=int,
        metavar="SECONDS",
        help="the countdown, 10..120 seconds (default: 60)",
    )
    # The countdown's name until 0.x: kept for scripts, with a warning (cli/dead_man.py).
    countdown.add_argument(
        "--timeout",
        type=int,
        dest="old_countdown",
        metavar="SECONDS",
        help="deprecated: the old name of --countdown",
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


def _timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="the HTTP timeout of each request (default: 10)",
    )


def _symbol_option(parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup) -> None:
    parser.add_argument(
        "--symbol",
        action="append",
        metavar="SYMBOL[,SYMBOL...]",
        help="trading pair, e.g. BTC-USDT, sent as given (BingX matches it exactly); repeat it "
        "or separate with commas",
    )


def _shared_options(parser: argparse.ArgumentParser, json_help: str) -> None:
    parser.add_argument(
        "--accounts",
        metavar="FILE",
        help="run on every account of this TOML file at once, each with its own credentials "
        "and budget ([accounts.NAME] with api_key_env and secret_key_env, or api_key_file and "
        "secret_key_file; see docs/command.md): one line per account as answers arrive, a summary "
        "table, the exit status of the worst account",
    )
    parser.add_argument(
        "--audit",
        metavar="FILE",
        help="append one JSON line per request that left (time, account, operation, symbol, "
        "outcome, BingX's code) to FILE, never a secret",
    )
    parser.add_argument("--recv-window", type=int, metavar="MS", help="validity window, ms")
    parser.add_argument(
        "--base-url", help="API address (default: $BINGX_BASE_URL or https://open-api.bingx.com)"
    )
    parser.add_argument(
        "--rate-limit-storage",
        metavar="URI",
        help="where the rate budget and BingX's blocks are kept: file:///path (every process of "
        "this host), redis://host:6379/0 (every host), memory:// (this run only); default: "
        "$BINGX_RATE_LIMIT_STORAGE, else this user's host store under $XDG_STATE_HOME "
        "(~/.local/state/bingx-spot/rate-limit.sqlite)",
    )
    parser.add_argument("--json", action="store_true", help=json_help)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log retries, waits and clock corrections"
    )
    parser.add_argument("--debug", action="store_true", help="also show tracebacks")


def parse_symbols(values: list[str]) -> list[str]:
    symbols: list[str] = []
    for value in values:
        for part in value.split(","):
            symbol = part.strip()
            if not symbol:
                continue
            if len(symbol) > MAX_SYMBOL:
                raise Usage(f"--symbol {symbol[:20]}... is {len(symbol)} characters long")
            if not symbol.isprintable() or any(ch.isspace() for ch in symbol):
                raise Usage(f"--symbol {symbol} holds spaces or control characters")
            if symbol not in symbols:
                symbols.append(symbol)
    if not symbols:
        raise Usage("--symbol names no symbol")
    return symbols


def warn_form(symbols: list[str], out: Output) -> None:
    """Warns of a symbol in lower case, the one spelling worth it: BingX matches symbols exactly
    and names its pairs in upper case. Any other is sent as given (``STRK-OLD-USDT``, ``$U-USDT``
    are real pairs): after the request, BingX's symbols list decides whether the pair exists."""
    for symbol in symbols:
        if lower_case(symbol):
            out.err(
                f"warning: {safe(symbol)} is in lower case: BingX matches symbols exactly and "
                f"names its pairs in upper case (BTC-USDT), so it may find no order under it"
            )


def credentials() -> tuple[str, str]:
    values = {name: os.environ.get(name, "") for name in ("BINGX_API_KEY", "BINGX_SECRET_KEY")}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise Usage(f"set {' and '.join(missing)} to your BingX API credentials")
    for name, value in values.items():
        if not (value.isascii() and value.isprintable()) or " " in value:
            raise Usage(f"{name} holds spaces, control or non-ASCII characters")
    hide(*values.values())
    return values["BINGX_API_KEY"], values["BINGX_SECRET_KEY"]


def login(
    args: argparse.Namespace, account: "Account | None", timeout: float | None = None
) -> tuple[str, str, dict[str, Any]]:
    """The API key, the secret and ``make_client``'s options of a run: an account of
    ``--accounts`` (its own base URL and storage, when it names them), else the environment's."""
    options = client_options(args, timeout)
    if account is None:
        api_key, secret_key = credentials()
        named(api_key, "default")
        return api_key, secret_key, options
    hide(account.api_key, account.secret_key)
    named(account.api_key, account.name)
    if account.base_url is not None:
        options["base_url"] = account.base_url
    if account.rate_limit_storage is not None:
        options["rate_limit_storage"] = account.rate_limit_storage
    return account.api_key, account.secret_key, options


def client_options(args: argparse.Namespace, timeout: float | None = None) -> dict[str, Any]:
    """make_client's options; ``timeout``: per request, when --timeout means something else."""
    if timeout is None:
        timeout = args.timeout
        if not 0 < timeout <= 300:  # also refuses nan
            raise Usage("--timeout must be more than 0 and at most 300 seconds")
    options: dict[str, Any] = {"timeout": timeout}
    if args.recv_window is not None:
        if not 1 <= args.recv_window <= 60000:
            raise Usage("--recv-window must be 1..60000 ms")
        options["recv_window"] = args.recv_window
    # Every run on this host shares one budget per account and BingX's blocks, so running the
    # command again "to be sure" neither outpaces BingX nor sends into a block it announced.
    options["rate_limit_storage"] = (
        args.rate_limit_storage or os.environ.get("BINGX_RATE_LIMIT_STORAGE") or host_store()
    )
    options["base_url"] = args.base_url or os.environ.get("BINGX_BASE_URL") or None
    return options


def open_client(api_key: str, secret_key: str, options: dict[str, Any]) -> Any:
    """The client; a bad option is a usage problem, a storage that fails at once exit 10."""
    from ..client import make_client  # noqa: PLC0415

    try:
        return make_client(api_key, secret_key, **options)
    except errors.InvalidArgumentError as error:
        raise Usage(str(error)) from None
    except Exception as exc:
        if not is_storage_fault(exc):
            raise
        raise Failure(error_doc("StorageError", storage_text(exc), STORAGE)) from None
