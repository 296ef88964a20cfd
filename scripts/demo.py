"""`make demo`: the local exchange on a free loopback port, and `bingx-spot` run against it.

Each step runs the installed command in its own process, as an operator would, and shows it as a
line one can paste into a shell (its environment included); the demo fails when a step's exit
status is not the documented one. The last scene kills a `bingx-spot dead-man` (SIGKILL) and
waits for the exchange's countdown to cancel everything: about ten seconds, on the real clock,
as the command's own re-arming runs on it. The exchange stops on the way out.
"""

import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bingx_spot.cli.output import iso
from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, Order, faults
from bingx_spot.testing.server import LocalServer

COMMAND = Path(sys.executable).with_name("bingx-spot")


@dataclass(frozen=True)
class Step:
    title: str
    args: list[str]
    expected: int
    env: dict[str, str] = field(default_factory=dict)
    fault: faults.Fault | None = None  # what the exchange answers this once
    opens: list[Order] = field(default_factory=list)  # placed on the book before the step
    # Placed by "another process" while the first cancel's answer is on its way back.
    placing: list[Order] = field(default_factory=list)


STEPS = [
    Step("Cancel on two symbols; STRK-OLD-USDT is a real pair, however odd its name, with "
         "nothing open (BingX's symbols list says it exists)",
         ["cancel-open-orders", "--symbol", "BTC-USDT", "--symbol", "STRK-OLD-USDT"], 0),
    Step("A symbol in lower case: a warning, and BingX lists no such pair (it matches symbols "
         "exactly): exit status 6",
         ["cancel-open-orders", "--symbol", "gm-usdt"], 6),
    Step("An answer that lists the order as NEW is not a cancel: exit status 9 "
         "(bingx-spot local-exchange --fault order_status=NEW gives the same)",
         ["cancel-open-orders", "--symbol", "GM-USDT,BTC-USDT"], 9, fault=faults.order_status()),
    Step("Forget --symbol: refused, nothing is sent",
         ["cancel-open-orders"], 2),
    Step("Cancel on every symbol, said explicitly",
         ["cancel-open-orders", "--all-symbols"], 0),
    Step("Once more, as JSON: BingX lists nothing",
         ["cancel-open-orders", "--all-symbols", "--json"], 0),
    Step("A wrong secret: one line with BingX's code, exit status 3",
         ["cancel-open-orders", "--symbol", "BTC-USDT"], 3, env={"BINGX_SECRET_KEY": "not-it"}),
    Step("What is open now, on every symbol (a read: nothing is cancelled)",
         ["open-orders"], 0, opens=[Order(symbol="ETH-USDT", order_id=1735964997957275700),
                                    Order(symbol="SOL-USDT", order_id=1735964997957275701)]),
    Step("A verified cancel: an order placed while the cancel is on its way back is found by "
         "the check and cancelled in a second round",
         ["cancel-open-orders", "--all-symbols", "--verify"], 0,
         placing=[Order(symbol="ETH-USDT", order_id=1735964997957275702, client_order_id="late")]),
    Step("Rate limited: the time BingX accepts requests again, in UTC (--fault error=100410)",
         ["cancel-open-orders", "--symbol", "BTC-USDT"], 4, fault=faults.error(
             100410, "The endpoint trigger frequency limit rule is currently in the disabled "
             f"period and will be unblocked after {time.time_ns() // 1_000_000 + 300_000}")),
    Step("Run again \"to be sure\": every run on this host shares BingX's blocks (the host "
         "store), so it is refused at once, nothing sent: exit status 4",
         ["cancel-open-orders", "--symbol", "BTC-USDT"], 4),
]  # fmt: skip

# The dead man's switch scene: its orders, and the countdown (BingX's minimum, seconds).
DEAD_MAN_ORDERS = [
    Order(symbol="BTC-USDT", order_id=1735964997957275710, side="SELL", price="44000"),
    Order(symbol="GM-USDT", order_id=1735964997957275711, price="0.000004"),
]
DEAD_MAN_TIMEOUT = 10
# The exchange allows 2 cancels per second per key, like BingX; the steps keep under it.
PACE_S = 1.0


def command_line(env: dict[str, str], args: list[str]) -> str:
    """The step as a reader in this directory would paste it, its environment first."""
    relative = os.path.relpath(COMMAND)
    shown = relative if not relative.startswith("..") else str(COMMAND)
    # Only the value is quoted: a quoted "NAME=value" is a command name to the shell.
    assignments = [f"{name}={shlex.quote(value)}" for name, value in env.items()]
    return " ".join([*assignments, shlex.join([shown, *args])])


def describe(orders: list[dict[str, Any]]) -> str:
    return ", ".join(f"{o['symbol']} {o['side']} {o['origQty']}@{o['price']}" for o in orders)


def run_step(server: LocalServer, base: dict[str, str], step: Step) -> bool:
    """Runs one step as shown; whether its exit status is the expected one."""
    exchange = server.exchange
    if step.opens:
        exchange.add_orders(step.opens)
        print(f"\n(another process opens {describe([o.to_wire() for o in step.opens])})")
    env = {**base, **step.env}
    print(f"\n# {step.title}\n$ {command_line(env, step.args)}", flush=True)
    if step.fault is not None:
        exchange.inject(step.fault)
    if step.placing:
        late = step.placing
        exchange.inject(faults.meanwhile(lambda: exchange.add_orders(late)),
                        operation="cancelOpenOrders")  # fmt: skip
    run = subprocess.run([COMMAND, *step.args], env={**os.environ, **env}, check=False)
    return report(run.returncode, step.expected)


def report(status: int, expected: int) -> bool:
    mark = "ok" if status == expected else f"UNEXPECTED, wanted {expected}"
    print(f"(exit status {status}: {mark})", flush=True)
    return status == expected


def dead_man_scene(server: LocalServer, base: dict[str, str]) -> int:
    """A dead man's switch whose process is killed: the exchange cancels everything when the
    countdown runs out. The number of checks that failed."""
    exchange = server.exchange
    exchange.add_orders(DEAD_MAN_ORDERS)
    print(f"\n(another process opens {describe([o.to_wire() for o in DEAD_MAN_ORDERS])})")
    failed = 0
    listing = Step("Open orders before", ["open-orders"], 0)
    failed += not run_step(server, base, listing)
    args = ["dead-man", "--countdown", str(DEAD_MAN_TIMEOUT)]
    print("\n# A dead man's switch, then its process is killed (SIGKILL): nothing re-arms, and "
          "when the countdown runs out the exchange cancels every open order")  # fmt: skip
    print(f"$ {command_line(base, args)} &", flush=True)
    with subprocess.Popen(
        [COMMAND, *args], env={**os.environ, **base}, stdout=subprocess.PIPE, text=True
    ) as switch:
        assert switch.stdout is not None
        armed = switch.stdout.readline()
        print(armed, end="", flush=True)
        print("$ kill -KILL $!", flush=True)
        switch.send_signal(signal.SIGKILL)
        status = switch.wait()
        switch.stdout.close()
    failed += not armed.startswith("armed until ")
    print(f"(killed: exit status {128 - status if status < 0 else status})")
    failed += status != -signal.SIGKILL
    print(f"(waiting for the countdown, at most {DEAD_MAN_TIMEOUT} s)", flush=True)
    give_up = time.monotonic() + DEAD_MAN_TIMEOUT + 20
    while not exchange.fired and time.monotonic() < give_up:
        time.sleep(0.1)
    for fired in exchange.fired:
        print(f"(the local exchange's record: the countdown ran out at {iso(fired.at)} and "
              f"cancelled {len(fired.orders)} orders)")  # fmt: skip
    failed += len(exchange.fired) != 1
    time.sleep(PACE_S)
    failed += not run_step(server, base, Step("Open orders after", ["open-orders"], 0))
    return failed


# A desk: two more accounts on the same exchange, each with open orders, named in an accounts file.
DESK = {
    "spot-main": ("desk-main-key-" + "0" * 50, "desk-main-secret-" + "0" * 47),
    "spot-hedge": ("desk-hedge-key-" + "1" * 49, "desk-hedge-secret-" + "1" * 46),
}


def desk_scene(server: LocalServer, base: dict[str, str]) -> int:
    """Two accounts cancelled at once from one accounts file: one keeps its keys in environment
    variables, the other in owner-only files. The number of checks that failed."""
    folder = Path(tempfile.mkdtemp(prefix="bingx-spot-desk-"))
    (main_key, main_secret), (hedge_key, hedge_secret) = DESK.values()
    for name, value in (("hedge.key", hedge_key), ("hedge.secret", hedge_secret)):
        (folder / name).write_text(value)
        (folder / name).chmod(0o600)
    accounts = folder / "accounts.toml"
    accounts.write_text(
        '[accounts.spot-main]\napi_key_env = "MAIN_KEY"\nsecret_key_env = "MAIN_SECRET"\n\n'
        '[accounts.spot-hedge]\napi_key_file = "hedge.key"\nsecret_key_file = "hedge.secret"\n'
    )
    print(f"\n(the accounts file {accounts}:)")
    print(accounts.read_text(), end="")
    env = {"BINGX_BASE_URL": base["BINGX_BASE_URL"], "MAIN_KEY": main_key,
           "MAIN_SECRET": main_secret}  # fmt: skip
    args = ["cancel-open-orders", "--all-symbols", "--accounts", str(accounts)]
    step = Step("A desk of two accounts at once: one line per account as its answer arrives, "
                "a summary, the worst account's exit status", args, 0)  # fmt: skip
    print(f"\n# {step.title}\n$ {command_line(env, step.args)}", flush=True)
    run = subprocess.run([COMMAND, *step.args], env={**os.environ, **env}, check=False)
    left = [server.exchange.open_orders(key) for key, _ in DESK.values()]
    return (not report(run.returncode, step.expected)) + (left != [[], []])


def main() -> int:
    # The runs share a host store of their own, new for each demo: a block one demo met must not
    # refuse the next demo's runs (the pasted lines use the user's own).
    os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="bingx-spot-demo-")
    accounts = {DEMO_API_KEY: DEMO_SECRET_KEY, **dict(DESK.values())}
    with LocalServer(LocalExchange(accounts)) as server:
        for key, _ in DESK.values():
            server.exchange.add_orders(
                [Order(symbol="BTC-USDT"), Order(symbol="ETH-USDT", side="SELL")], api_key=key
            )
        orders = server.exchange.open_orders()
        print(f"Local BingX exchange on {server.url}, demo account with {len(orders)} open orders:")
        print("  " + describe(orders))
        base = {
            "BINGX_BASE_URL": server.url,
            "BINGX_API_KEY": DEMO_API_KEY,
            "BINGX_SECRET_KEY": DEMO_SECRET_KEY,
        }
        failed = 0
        for step in STEPS:
            time.sleep(PACE_S)
            failed += not run_step(server, base, step)
        time.sleep(PACE_S)
        failed += desk_scene(server, base)
        time.sleep(PACE_S)
        failed += dead_man_scene(server, base)
    print(
        "\nDemo finished, local exchange stopped." if not failed else f"\n{failed} step(s) failed."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
