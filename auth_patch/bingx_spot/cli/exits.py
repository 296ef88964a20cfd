"""``bingx-spot``'s exit statuses, each named once, with what it means (docs/command.md, "Exit
statuses", and ``--help`` print :data:`EXIT_STATUS`), and the exit status of each error class."""

from .. import errors

__all__ = [
    "BINGX_ERROR",
    "CLOCK_SKEW",
    "CLOSED_STDOUT",
    "EXIT_CODES",
    "EXIT_STATUS",
    "INTERNAL",
    "INTERRUPTED",
    "LAPSED",
    "NO_SUCH_PAIR",
    "OK",
    "RATE_LIMITED",
    "REFUSED",
    "STORAGE",
    "TERMINATED",
    "UNCONFIRMED",
    "UNREACHABLE",
    "USAGE",
]

OK = 0
USAGE = 2
REFUSED = 3
RATE_LIMITED = 4
CLOCK_SKEW = 5
NO_SUCH_PAIR = 6
UNREACHABLE = 7
BINGX_ERROR = 8
UNCONFIRMED = 9
STORAGE = 10
LAPSED = 11
INTERNAL = 70
INTERRUPTED = 130
CLOSED_STDOUT = 141  # as a shell reports a process that SIGPIPE ended
TERMINATED = 143

# First match wins: subclasses before their bases.
EXIT_CODES: tuple[tuple[type[errors.BingXError], int], ...] = (
    (errors.InvalidArgumentError, USAGE),
    (errors.AuthenticationError, REFUSED),
    (errors.PermissionDeniedError, REFUSED),
    (errors.RateLimitError, RATE_LIMITED),
    (errors.TimestampError, CLOCK_SKEW),
    (errors.InvalidParameterError, NO_SUCH_PAIR),
    (errors.NotFoundError, NO_SUCH_PAIR),
    (errors.ServerBusyError, UNREACHABLE),
    (errors.NetworkError, UNREACHABLE),
    (errors.ResponseError, UNREACHABLE),
    (errors.BingXError, BINGX_ERROR),
)

EXIT_STATUS: dict[int, str] = {
    OK: "done: every listed order confirmed cancelled, or BingX listed none; the open orders "
    "listed; the dead man's switch stopped by CLOSE",
    USAGE: "usage: bad or missing argument or credentials; nothing was sent",
    REFUSED: "authentication or permission refused",
    RATE_LIMITED: "rate limited",
    CLOCK_SKEW: "clock skew",
    NO_SUCH_PAIR: "BingX refused a parameter or found nothing, or lists no such pair (a symbol "
    "on which nothing was listed, looked up in BingX's symbols list)",
    UNREACHABLE: "exchange unreachable, busy, or answering something that is not BingX's JSON",
    BINGX_ERROR: "any other BingX error",
    UNCONFIRMED: "answered, but not every listed order is confirmed cancelled (with --verify: "
    "or orders are still open at the end)",
    STORAGE: "the shared rate-limit storage failed; nothing was sent for that symbol",
    LAPSED: "dead man's switch lapsed: no re-arm reached BingX in time; BingX cancels everything",
    INTERNAL: "a bug in bingx-spot (--debug shows the traceback)",
    INTERRUPTED: "interrupted (Ctrl-C)",
    CLOSED_STDOUT: "stdout closed or full before everything was printed (the cancels still ran)",
    TERMINATED: "terminated (SIGTERM)",
}
