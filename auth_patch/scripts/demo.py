"""`make demo`: the local exchange on a free loopback port, and `bingx-spot` run against it.

Each step runs the installed command in its own process, as an operator would; the demo fails
when a step's exit status is not the documented one. The exchange stops on the way out.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY
from bingx_spot.testing.server import LocalServer

COMMAND = Path(sys.executable).with_name("bingx-spot")
# (what it shows, arguments, extra environment, expected exit status)
STEPS: list[tuple[str, list[str], dict[str, str], int]] = [
    ("Cancel the open orders on BTC-USDT",
     ["cancel-open-orders", "--symbol", "BTC-USDT"], {}, 0),
    ("Forget --symbol: refused, nothing is sent",
     ["cancel-open-orders"], {}, 2),
    ("Cancel on every symbol, said explicitly",
     ["cancel-open-orders", "--all-symbols"], {}, 0),
    ("Once more: nothing is left",
     ["cancel-open-orders", "--all-symbols"], {}, 0),
    ("A wrong secret: one line with BingX's code, exit status 3",
     ["cancel-open-orders", "--symbol", "BTC-USDT"], {"BINGX_SECRET_KEY": "not-the-secret"}, 3),
]  # fmt: skip
# The exchange allows 2 cancels per second per key, like BingX; the steps keep under it.
PACE_S = 1.0


def main() -> int:
    with LocalServer() as server:
        orders = server.exchange.open_orders()
        print(f"Local BingX exchange on {server.url}, demo account with {len(orders)} open orders:")
        print(
            "  "
            + ", ".join(f"{o['symbol']} {o['side']} {o['origQty']}@{o['price']}" for o in orders)
        )
        env = {
            **os.environ,
            "BINGX_BASE_URL": server.url,
            "BINGX_API_KEY": DEMO_API_KEY,
            "BINGX_SECRET_KEY": DEMO_SECRET_KEY,
        }
        failed = 0
        for title, args, extra, expected in STEPS:
            time.sleep(PACE_S)
            print(f"\n# {title}\n$ bingx-spot {' '.join(args)}", flush=True)
            run = subprocess.run([COMMAND, *args], env={**env, **extra}, check=False)
            status = run.returncode
            mark = "ok" if status == expected else f"UNEXPECTED, wanted {expected}"
            print(f"(exit status {status}: {mark})", flush=True)
            failed += status != expected
    print(
        "\nDemo finished, local exchange stopped." if not failed else f"\n{failed} step(s) failed."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
