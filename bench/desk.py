"""A desk at once: ``bingx-spot cancel-open-orders --accounts FILE`` on 20 accounts, 3 symbols
each, against the local exchange, from the process's start to the last cancel's arrival; the
reference is the same command on one of those accounts, measured in the same run.

``python bench/desk.py`` prints one JSON line; ``run.py`` calls :func:`measure`.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ACCOUNTS = 20
SYMBOLS = ["BTC-USDT", "ETH-USDT", "GM-USDT"]
ROUNDS = 3
REST_S = 1.5  # between runs: longer than BingX's window and the budget's margin
CANCEL = "/openApi/spot/v1/trade/cancelOpenOrders"
COMMAND = Path(sys.executable).with_name("bingx-spot")


def keys(n: int) -> tuple[str, str]:
    # Nothing like the account's name: every run of a key's first five characters is redacted.
    return f"K{n:02d}" + "k" * 61, f"S{n:02d}" + "s" * 61


def accounts_file(folder: Path, numbers: range) -> tuple[Path, dict[str, str]]:
    """An accounts file naming the accounts ``numbers`` by environment variables, and those."""
    env: dict[str, str] = {}
    tables = []
    for n in numbers:
        key, secret = keys(n)
        env[f"DESK_{n}_KEY"], env[f"DESK_{n}_SECRET"] = key, secret
        tables.append(
            f'[accounts.desk-{n:02d}]\napi_key_env = "DESK_{n}_KEY"\n'
            f'secret_key_env = "DESK_{n}_SECRET"\n'
        )
    path = folder / f"accounts-{len(numbers)}.toml"
    path.write_text("\n".join(tables))
    return path, env


def once(server: Any, path: Path, env: dict[str, str]) -> float:
    """Seconds from the command's start to the last cancel's arrival at the exchange."""
    from bingx_spot.testing.faults import NOW_EXTENSION  # noqa: PLC0415

    server.exchange.requests.clear()
    state = tempfile.mkdtemp(prefix="bingx-desk-")  # a fresh host store: no pace carried over
    began_ms = time.time_ns() // 1_000_000
    done = subprocess.run(
        [str(COMMAND), "cancel-open-orders", "--symbol", ",".join(SYMBOLS), "--accounts",
         str(path)],
        env={**os.environ, **env, "BINGX_BASE_URL": server.url, "XDG_STATE_HOME": state},
        stdout=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"the desk's command exited {done.returncode}")
    time.sleep(REST_S)  # each run's host store is new: the next must not meet this one's second
    arrivals = [
        int(r.extensions[NOW_EXTENSION]) for r in server.exchange.requests if r.url.path == CANCEL
    ]
    return (max(arrivals) - began_ms) / 1000


def measure() -> dict[str, Any]:
    from bingx_spot.testing import LocalExchange  # noqa: PLC0415
    from bingx_spot.testing.server import LocalServer  # noqa: PLC0415

    folder = Path(tempfile.mkdtemp(prefix="bingx-desk-"))
    desk, desk_env = accounts_file(folder, range(ACCOUNTS))
    one, one_env = accounts_file(folder, range(ACCOUNTS, ACCOUNTS + 1))  # an account of its own
    secrets = dict(keys(n) for n in range(ACCOUNTS + 1))
    seen: dict[str, list[float]] = {"one": [], "desk": []}
    with LocalServer(LocalExchange(secrets, ip_limits=False)) as server:
        for _ in range(ROUNDS):  # interleaved: the machine's load falls on both alike
            seen["one"].append(once(server, one, one_env))
            seen["desk"].append(once(server, desk, desk_env))
    one_s, desk_s = statistics.median(seen["one"]), statistics.median(seen["desk"])
    return {
        "accounts": ACCOUNTS,
        "symbols": len(SYMBOLS),
        "one_s": one_s,
        "desk_s": desk_s,
        "ratio": desk_s / one_s,
        "rounds": ROUNDS,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
