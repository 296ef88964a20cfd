"""`make demo`: the local exchange on a free loopback port, and `bingx-spot` run against it.

Each step runs the installed command in its own process, as an operator would, and shows it as a
line one can paste into a shell (its environment included); the demo fails when a step's exit
status is not the documented one. The exchange stops on the way out.
"""

import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, faults
from bingx_spot.testing.server import LocalServer

COMMAND = Path(sys.executable).with_name("bingx-spot")


@dataclass(frozen=True)
class Step:
    title: str
    args: list[str]
    expected: int
    env: dict[str, str] = field(default_factory=dict)
    fault: faults.Fault | None = None  # what the exchange answers this once


STEPS = [
    Step("Cancel on two symbols; the second is in lower case, so BingX's form is not met",
         ["cancel-open-orders", "--symbol", "BTC-USDT", "--symbol", "gm-usdt"], 0),
    Step("An answer that lists the order as NEW is not a cancel: exit status 9 "
         "(bingx-spot local-exchange --fault order_status=NEW gives the same)",
         ["cancel-open-orders", "--symbol", "GM-USDT,BTC-USDT"], 9, fault=faults.order_status()),
    Step("Forget --symbol: refused, nothing is sent",
         ["cancel-open-orders"], 2),
    Step("Cancel on every symbol, said explicitly",
         ["cancel-open-orders", "--all-symbols"], 0),
    Step("Once more, as JSON: BingX lists nothing",
         ["cancel-open-orders", "--all-symbols", "--json"], 0),
    Step("Rate limited: the time BingX accepts requests again, in UTC (--fault error=100410)",
         ["cancel-open-orders", "--symbol", "BTC-USDT"], 4, fault=faults.error(
             100410, "The endpoint trigger frequency limit rule is currently in the disabled "
             f"period and will be unblocked after {time.time_ns() // 1_000_000 + 300_000}")),
    Step("A wrong secret: one line with BingX's code, exit status 3",
         ["cancel-open-orders", "--symbol", "BTC-USDT"], 3, env={"BINGX_SECRET_KEY": "not-it"}),
]  # fmt: skip
# The exchange allows 2 cancels per second per key, like BingX; the steps keep under it.
PACE_S = 1.0


def command_line(env: dict[str, str], args: list[str]) -> str:
    """The step as a reader in this directory would paste it, its environment first."""
    relative = os.path.relpath(COMMAND)
    shown = relative if not relative.startswith("..") else str(COMMAND)
    # Only the value is quoted: a quoted "NAME=value" is a command name to the shell.
    assignments = [f"{name}={shlex.quote(value)}" for name, value in env.items()]
    return " ".join([*assignments, shlex.join([shown, *args])])


def main() -> int:
    with LocalServer() as server:
        orders = server.exchange.open_orders()
        print(f"Local BingX exchange on {server.url}, demo account with {len(orders)} open orders:")
        print(
            "  "
            + ", ".join(f"{o['symbol']} {o['side']} {o['origQty']}@{o['price']}" for o in orders)
        )
        base = {
            "BINGX_BASE_URL": server.url,
            "BINGX_API_KEY": DEMO_API_KEY,
            "BINGX_SECRET_KEY": DEMO_SECRET_KEY,
        }
        failed = 0
        for step in STEPS:
            time.sleep(PACE_S)
            env = {**base, **step.env}
            print(f"\n# {step.title}\n$ {command_line(env, step.args)}", flush=True)
            if step.fault is not None:
                server.exchange.inject(step.fault)
            run = subprocess.run([COMMAND, *step.args], env={**os.environ, **env}, check=False)
            status = run.returncode
            mark = "ok" if status == step.expected else f"UNEXPECTED, wanted {step.expected}"
            print(f"(exit status {status}: {mark})", flush=True)
            failed += status != step.expected
    print(
        "\nDemo finished, local exchange stopped." if not failed else f"\n{failed} step(s) failed."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
