"""``--accounts FILE``: one command on every account of a desk at once.

Each account runs in a thread of its own, with its own credentials, client and rate budget
(budgets are kept per API key), so no account waits on another. Its lines come as its answers
arrive, each starting with the account's name; a summary table ends the run, whose exit status
is the worst account's (the highest status). With ``--json`` the run prints one document,
``{"accounts": {NAME: <the account's documents>}, "exit": N}``; ``dead-man`` prints its events as
they come, one JSON line each with ``"account"``, then that document.

``dead-man --accounts`` keeps one switch per account; the first Ctrl-C or SIGTERM stops them all
(each sends CLOSE), a second one stops at once.
"""

import argparse
import threading
from collections.abc import Callable
from typing import Any

from .accounts import Account, load_accounts
from .exits import EXIT_STATUS
from .failures import Stopped, failure, stopped_doc
from .output import Output, safe

__all__ = ["desk"]

JOIN_S = 0.05  # how soon a signal reaches the accounts' switches


class AccountOutput(Output):
    """One account's share of the run's output: its lines prefixed with its name and written
    whole (one account's table never interleaves with another's lines); with ``--json`` its
    documents kept for the run's one document, or streamed with ``"account"``."""

    def __init__(self, name: str, run: Output, lock: threading.Lock, *, stream: bool) -> None:
        super().__init__(json_mode=run.json, debug=run.debug)
        self.name = name
        self.run = run
        self.lock = lock
        self.stream = stream
        self.documents: list[dict[str, Any]] = []

    def unbuffered(self) -> None:
        with self.lock:
            self.run.unbuffered()

    def line(self, text: str) -> None:
        with self.lock:
            for part in text.splitlines() or [""]:
                self.run.line(f"{safe(self.name)}: {part}")
            self.closed = self.run.closed

    def err(self, text: str, *, prefix: bool = True) -> None:
        with self.lock:
            self.run.err(f"{safe(self.name)}: {text}", prefix=prefix)

    def document(self, doc: dict[str, Any]) -> None:
        if not self.stream:
            self.documents.append(doc)
            return
        with self.lock:
            self.run.document({"account": self.name, **doc})

    def flush(self) -> None:
        with self.lock:
            self.run.flush()


Command = Callable[..., int]


def desk(args: argparse.Namespace, out: Output) -> int:
    """Runs ``args.command`` on every account of ``args.accounts``; the worst exit status."""
    accounts = load_accounts(args.accounts)  # every account checked before anything is sent
    command, stop = _command(args.command)
    lock = threading.Lock()
    outs = {
        account.name: AccountOutput(account.name, out, lock, stream=stop is not None)
        for account in accounts
    }
    statuses: dict[str, int] = {}
    extra = {} if stop is None else {"stop": stop}

    def run(account: Account) -> None:
        """One account's run, its failure told as a run's would be."""
        mine = outs[account.name]
        try:
            status = command(args, mine, account, **extra)
        except Exception as exc:  # this account's, not the desk's: the others go on
            status = mine.fail(*failure(exc, mine))
        statuses[account.name] = status

    threads = [
        threading.Thread(
            target=run,
            args=(account,),
            name=f"bingx-account-{account.name}",
            daemon=True,  # a second Ctrl-C ends the run without waiting for them
        )
        for account in accounts
    ]
    if stop is None:
        _all(threads, lambda: False)
    else:
        from .dead_man import stop_on_signals  # noqa: PLC0415

        with stop_on_signals(stop) as relay:
            try:
                _all(threads, relay)
            except (KeyboardInterrupt, Stopped) as stopped:
                return _stopped_at_once(out, accounts, statuses, stopped)
    worst = max(statuses.values(), default=0)
    if out.json:
        # Each account's one document (its result, or its error); a run without any says so.
        documents = {
            name: (mine.documents[0] if len(mine.documents) == 1 else mine.documents)
            for name, mine in outs.items()
        }
        out.document({"accounts": documents if stop is None else statuses, "exit": worst})
    else:
        out.line(_summary(accounts, statuses))
    return out.closing_status(worst)


def _command(name: str) -> tuple[Command, threading.Event | None]:
    """The command's function, and the event that stops a long-running one."""
    if name == "cancel-open-orders":
        from .cancel import cancel  # noqa: PLC0415

        return cancel, None
    if name == "open-orders":
        from .open_orders import open_orders  # noqa: PLC0415

        return open_orders, None
    from .dead_man import dead_man  # noqa: PLC0415

    return dead_man, threading.Event()


def _all(threads: list[threading.Thread], relay: Callable[[], bool]) -> None:
    """Runs ``threads`` to their end; between timed joins (signals are handled between waits),
    ``relay`` passes a signal on to them."""
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            relay()
            thread.join(JOIN_S)


def _stopped_at_once(
    out: Output,
    accounts: list[Account],
    statuses: dict[str, int],
    stopped: BaseException,
) -> int:
    """A second signal while the switches close: the summary, and the accounts whose countdown
    may still run (those whose run had not finished: its CLOSE may not have been answered)."""
    out.finishing()  # asked to stop at once: no wait on a stream nobody reads
    open_ = [safe(account.name) for account in accounts if account.name not in statuses]
    detail = ""
    if open_:
        detail = (
            f" while sending CLOSE for {', '.join(open_)}: unless it arrived, BingX cancels every "
            "open spot order of each of those accounts when its countdown runs out"
        )
    if not out.json:
        out.line(_summary(accounts, statuses))
    return out.fail(stopped_doc(stopped, detail))


def _summary(accounts: list[Account], statuses: dict[str, int]) -> str:
    width = max(len("account"), *(len(safe(a.name)) for a in accounts))
    rows = [f"{'account':<{width}}  exit  meaning"]
    for account in accounts:
        status = statuses.get(account.name)
        shown = "-" if status is None else str(status)
        meaning = EXIT_STATUS.get(status, "") if status is not None else "did not finish"
        rows.append(f"{safe(account.name):<{width}}  {shown:<4}  {_short(meaning)}")
    return "\n".join(rows)


def _short(meaning: str) -> str:
    """An exit status's meaning to its first clause: the table's row, not its fine print."""
    for mark in (":", ";", " ("):
        meaning = meaning.split(mark, maxsplit=1)[0]
    return meaning
