"""Pacing at BingX's real limit: N cancels of one account from several processes and threads,
through one host store, against the local exchange counting its limit per sliding second as
BingX does. Measured: when the last request arrived after the first, against (N - 1) / L, and
how many BingX-style refusals (100410) came back.

``python bench/pacing.py`` measures and prints one JSON line; ``run.py`` calls :func:`measure`.
As a worker (``worker URL STORE CALLS THREADS GO_AT``) it sends its share and prints its count
of refusals.
"""

import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

PROCESSES = 3
THREADS = 2
CALLS = 3  # per thread: 18 in all
RATE = 2  # cancelOpenOrders per second per account (openapi.yaml)
CANCEL = "/openApi/spot/v1/trade/cancelOpenOrders"


def worker(url: str, store: str, calls: int, threads: int, go_at: float) -> int:
    """Sends ``threads`` x ``calls`` cancels once the clock reaches ``go_at``; the refusals."""
    import bingx_spot  # noqa: PLC0415 - a worker's own interpreter
    from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY  # noqa: PLC0415
    from bingx_spot_client.api.common import server_time  # noqa: PLC0415
    from bingx_spot_client.api.trade import cancel_open_orders  # noqa: PLC0415

    refused = [0]
    lock = threading.Lock()

    def send() -> None:
        client = bingx_spot.make_client(
            DEMO_API_KEY,
            DEMO_SECRET_KEY,
            base_url=url,
            rate_limit_storage=store,
            retries=bingx_spot.Retries(deadline=60),
        )
        with client:
            server_time.sync(client=client)  # warm: code loaded, connection open
            time.sleep(max(0.0, go_at - time.time()))
            for _ in range(calls):
                try:
                    cancel_open_orders.sync(client=client, symbol="BTC-USDT")
                except bingx_spot.RateLimitError:
                    with lock:
                        refused[0] += 1

    running = [threading.Thread(target=send) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return refused[0]


def measure() -> dict[str, Any]:
    from bingx_spot.testing import LocalExchange  # noqa: PLC0415
    from bingx_spot.testing.faults import NOW_EXTENSION  # noqa: PLC0415
    from bingx_spot.testing.server import LocalServer  # noqa: PLC0415

    state = tempfile.mkdtemp(prefix="bingx-pacing-")
    store = f"file://{state}/rate-limit.sqlite"
    with LocalServer(LocalExchange()) as server:
        go_at = time.time() + 3.0  # every worker started and warm by then
        argv = [__file__, "worker", server.url, store, str(CALLS), str(THREADS), repr(go_at)]
        workers = [
            subprocess.Popen([sys.executable, *argv], stdout=subprocess.PIPE, text=True)
            for _ in range(PROCESSES)
        ]
        refused = sum(int(w.communicate(timeout=120)[0]) for w in workers)
        arrived = sorted(
            int(r.extensions[NOW_EXTENSION])
            for r in server.exchange.requests
            if r.url.path == CANCEL
        )
    n = PROCESSES * THREADS * CALLS
    floor = (n - 1) / RATE
    span = (arrived[-1] - arrived[0]) / 1000 if arrived else float("nan")
    crowded = sum(1 for i in range(len(arrived) - RATE) if arrived[i + RATE] - arrived[i] < 1000)
    return {
        "requests": n,
        "arrived": len(arrived),
        "span_s": span,
        "floor_s": floor,
        "ratio": span / floor,
        "refused": refused,
        "crowded": crowded,
        "first_two_ms": arrived[1] - arrived[0] if len(arrived) > 1 else None,
    }


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        url, store, calls, threads, go_at = sys.argv[2:7]
        print(worker(url, store, int(calls), int(threads), float(go_at)))
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        print(json.dumps(measure()))
