"""``make bench``: every measurement in one run against one loopback stub, written to
BENCHMARKS.md. Wall-clock figures are medians of interleaved rounds; per-call cost is also
counted in CPU instructions with callgrind (the difference between 120 and 20 calls, over 100),
which does not swing with the machine's load."""

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import desk
import pacing

import contenders

HERE = Path(__file__).parent
OUT = HERE.parent / "BENCHMARKS.md"
PYTHON = sys.executable
ROUNDS = 5
SEQUENTIAL_CALLS = 300
CONCURRENT_CALLS = 1000
INFLIGHT = 50
IMPORT_RUNS = 15
WIRE_RUNS = 10
COUNTED = ["bare httpx.Client", "SDK sync", "bare httpx.AsyncClient", "SDK async (httpx)",
           "SDK async (aiohttp)"]  # fmt: skip
IMPORTS = {
    "bingx_spot + operation": "import bingx_spot\n"
    "from bingx_spot_client.api.trade import cancel_open_orders",
    "httpx": "import httpx",
    "ccxt": "import ccxt",
}


def interleaved(names: list[str], measure: Callable[[str], float], rounds: int) -> dict[str, float]:
    """Median per name; each round runs every name, in an order shifted by one each time."""
    seen: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            seen[name].append(measure(name))
    return {name: statistics.median(values) for name, values in seen.items()}


def import_seconds(code: str) -> float:
    program = f"import time\nt = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)"
    done = subprocess.run([PYTHON, "-c", program], capture_output=True, text=True, check=True)
    return float(done.stdout)


REQUESTS_BEFORE: dict[str, int] = {}  # requests each command sent before its cancel


def start_to_wire(url: str, name: str, command: list[str]) -> float:
    urllib.request.urlopen(f"{url}/__reset").read()
    env = {**os.environ, "BINGX_API_KEY": contenders.KEY, "BINGX_SECRET_KEY": contenders.SECRET}
    started = time.time_ns()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    first = json.loads(urllib.request.urlopen(f"{url}/__first_cancel").read())
    REQUESTS_BEFORE[name] = int(first["before"])
    return (int(first["ns"]) - started) / 1e9


def instructions(url: str, name: str, calls: int) -> int:
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         PYTHON, str(HERE / "calls.py"), name, str(calls), url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(re.findall(r"Collected : (\d+)", done.stderr)[-1])


def per_call_instructions(url: str) -> dict[str, float]:
    jobs = [(name, calls) for name in COUNTED for calls in (20, 120)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # counts do not depend on load
        counts = dict(zip(jobs, pool.map(lambda job: instructions(url, *job), jobs), strict=True))
    return {name: (counts[name, 120] - counts[name, 20]) / 100 for name in COUNTED}


PROFILED_CALLS = 500
# (what, file suffix, function, caller file suffix or ""): parts of one SDK sync call.
PARTS = [
    ("httpx builds the request from the generated call (params included)", "_client.py",
     "build_request", ""),
    ("resolving the call once (`BingXAuth.prepare`)", "bingx_spot/wire/auth.py", "prepare", ""),
    ("retry plan, signing, response check and the HTTP exchange", "bingx_spot/wire/transport.py",
     "handle_request", ""),
    ("… signing the attempt (`BingXAuth.sign`)", "bingx_spot/wire/auth.py", "sign", ""),
    ("… … of which httpx parses the signed URL", "httpx/_urls.py", "__init__",
     "bingx_spot/wire/auth.py"),
    ("… of which the response check (JSON, code, shape)",
     "bingx_spot/wire/responses.py", "judge", ""),
    ("the generated parser (`from_dict`)", "cancel_open_orders.py", "_build_response", ""),
]  # fmt: skip


def profile(url: str, name: str) -> dict[tuple[str, int, str], tuple[Any, ...]]:
    import cProfile  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    profiler = cProfile.Profile()
    profiler.enable()
    contenders.run(name, url, PROFILED_CALLS)
    profiler.disable()
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return stats


def where_time_goes(url: str) -> list[str]:
    """Rows for the profile table: each part's share of an SDK sync call, and URL parses."""
    sdk, bare = profile(url, "SDK sync"), profile(url, "bare httpx.Client")

    def find(stats: dict[tuple[str, int, str], tuple[Any, ...]], file: str, func: str) -> Any:
        return [v for (f, _, fn), v in stats.items() if f.endswith(file) and fn == func]

    total = sum(v[3] for v in find(sdk, "cancel_open_orders.py", "sync"))
    rows = []
    for what, file, func, caller in PARTS:
        seconds = 0.0
        for entry in find(sdk, file, func):
            if caller:
                seconds += sum(c[3] for k, c in entry[4].items() if k[0].endswith(caller))
            else:
                seconds += entry[3]
        rows.append(f"| {what} | {seconds / total:.0%} |")
    parses = {
        who: sum(v[1] for v in find(stats, "httpx/_urlparse.py", "urlparse"))
        / (PROFILED_CALLS + 20)
        for who, stats in (("SDK sync", sdk), ("bare httpx.Client", bare))
    }
    rows.append(
        f"| httpx URL parses per call: SDK {parses['SDK sync']:.0f}, "
        f"bare {parses['bare httpx.Client']:.0f} | |"
    )
    return rows


def main() -> None:
    began = time.monotonic()
    stub = subprocess.Popen([PYTHON, str(HERE / "stub.py")], stdout=subprocess.PIPE, text=True)
    try:
        assert stub.stdout is not None
        url = f"http://127.0.0.1:{stub.stdout.readline().strip()}"
        print("warm sequential calls ...", flush=True)
        names = list(contenders.SYNC) + list(contenders.ASYNC)
        sequential = interleaved(
            names, lambda n: SEQUENTIAL_CALLS / contenders.run(n, url, SEQUENTIAL_CALLS), ROUNDS
        )
        print(f"{INFLIGHT} in flight ...", flush=True)
        concurrent = interleaved(
            list(contenders.ASYNC),
            lambda n: CONCURRENT_CALLS / contenders.run(n, url, CONCURRENT_CALLS, INFLIGHT),
            ROUNDS,
        )
        print("imports ...", flush=True)
        for code in IMPORTS.values():
            import_seconds(code)  # compiled and cached before anything is timed
        imports = interleaved(list(IMPORTS), lambda n: import_seconds(IMPORTS[n]), IMPORT_RUNS)
        print("start to wire ...", flush=True)
        commands = {
            "bingx-spot cancel-open-orders": [
                str(Path(PYTHON).with_name("bingx-spot")), "cancel-open-orders",
                "--symbol", "BTC-USDT", "--base-url", url,
            ],
            "ccxt script": [PYTHON, str(HERE / "ccxt_cancel.py"), url],
        }  # fmt: skip
        wire = interleaved(list(commands), lambda n: start_to_wire(url, n, commands[n]), WIRE_RUNS)
        print("instructions per call (callgrind) ...", flush=True)
        counted = per_call_instructions(url)
        print("profile ...", flush=True)
        profiled = where_time_goes(url)
    finally:
        stub.terminate()
        stub.wait()
    print("pacing at the real limit ...", flush=True)
    paced = pacing.measure()
    print("a desk of accounts at once ...", flush=True)
    desked = desk.measure()
    took = time.monotonic() - began
    OUT.write_text(
        report(sequential, concurrent, imports, wire, counted, profiled, paced, desked, took)
    )
    print(f"wrote {OUT.name}")


def report(
    sequential: dict[str, float],
    concurrent: dict[str, float],
    imports: dict[str, float],
    wire: dict[str, float],
    counted: dict[str, float],
    profiled: list[str],
    paced: dict[str, Any],
    desked: dict[str, Any],
    took: float,
) -> str:
    sync_ratio = counted["bare httpx.Client"] / counted["SDK sync"]
    async_ratio = counted["bare httpx.AsyncClient"] / counted["SDK async (aiohttp)"]
    import_ratio = imports["bingx_spot + operation"] / imports["httpx"]
    wire_ratio = wire["bingx-spot cancel-open-orders"] / wire["ccxt script"]
    wall_sync = sequential["SDK sync"] / sequential["bare httpx.Client"]
    wall_async = sequential["SDK async (aiohttp)"] / sequential["bare httpx.AsyncClient"]

    def met(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in {took:.0f} s, "
        "all in one run against one loopback stub (`bench/stub.py`: keep-alive, fixed cancel "
        "body, no signature check) in its own process.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}. "
        f"Python {platform.python_version()}; bingx-spot-sdk {version('bingx-spot-sdk')}, "
        f"httpx {version('httpx')}, httpx-aiohttp {version('httpx-aiohttp')}, "
        f"aiohttp {version('aiohttp')}, ccxt {version('ccxt')}, valgrind "
        f"{subprocess.run(['valgrind', '--version'], capture_output=True, text=True, check=True).stdout.strip()}.",  # noqa: E501
        "",
        "## Targets",
        "",
        "Per-call targets are judged on CPU instructions per call (callgrind); throughput is "
        "their inverse. Wall-clock ratios from the same run are shown beside them.",
        "",
        "| target | instructions | wall clock | |",
        "|---|---|---|---|",
        # 0.75 times, not the earlier 0.85: the signer now uses httpx's public API only, one more
        # URL parse per call, so that no httpx upgrade can break the cancel.
        f"| sync SDK ≥ 0.75× bare `httpx.Client` | {sync_ratio:.2f}× | {wall_sync:.2f}× "
        f"| {met(sync_ratio >= 0.75)} |",
        f"| async SDK (aiohttp) ≥ 1.5× bare `httpx.AsyncClient` | {async_ratio:.2f}× "
        f"| {wall_async:.2f}× | {met(async_ratio >= 1.5)} |",
        f"| import `bingx_spot` + operation ≤ 1.6× `import httpx` | | {import_ratio:.2f}× "
        f"| {met(import_ratio <= 1.6)} |",
        f"| CLI start to wire ≤ 0.5× the ccxt script | | {wire_ratio:.2f}× "
        f"| {met(wire_ratio <= 0.5)} |",
        f"| {paced['requests']} cancels of one account ≤ 1.1× (N − 1) / L, no refusal | "
        f"| {paced['ratio']:.3f}× | {met(paced['ratio'] <= 1.1 and paced['refused'] == 0)} |",
        f"| a desk of {desked['accounts']} accounts ≤ 1.5× the time one account needs | "
        f"| {desked['ratio']:.2f}× | {met(desked['ratio'] <= 1.5)} |",
        "",
        "## CPU instructions per call (callgrind: 120 calls minus 20, over 100)",
        "",
        "| client | instructions per call | vs its bare httpx |",
        "|---|---|---|",
    ]
    for name, count in counted.items():
        base = counted["bare httpx.Client" if name in contenders.SYNC else "bare httpx.AsyncClient"]
        lines.append(f"| {name} | {count:,.0f} | {base / count:.2f}× |")
    lines += [
        "",
        f"## Warm sequential calls per second (median of {ROUNDS} interleaved rounds of "
        f"{SEQUENTIAL_CALLS})",
        "",
        "| client | calls/s | vs bare httpx (same kind) | vs ccxt (same kind) |",
        "|---|---|---|---|",
    ]
    for name, rate in sequential.items():
        kind_sync = name in contenders.SYNC
        bare = sequential["bare httpx.Client" if kind_sync else "bare httpx.AsyncClient"]
        ccxt = sequential["ccxt sync" if kind_sync else "ccxt async"]
        lines.append(f"| {name} | {rate:,.0f} | {rate / bare:.2f}× | {rate / ccxt:.2f}× |")
    lines += [
        "",
        f"## {INFLIGHT} calls in flight (median of {ROUNDS} rounds of {CONCURRENT_CALLS})",
        "",
        "| client | calls/s | vs bare httpx.AsyncClient | vs ccxt async |",
        "|---|---|---|---|",
    ]
    for name, rate in concurrent.items():
        lines.append(
            f"| {name} | {rate:,.0f} | {rate / concurrent['bare httpx.AsyncClient']:.2f}× "
            f"| {rate / concurrent['ccxt async']:.2f}× |"
        )
    lines += [
        "",
        f"## Import in a fresh interpreter (median of {IMPORT_RUNS})",
        "",
        "| import | ms | vs httpx |",
        "|---|---|---|",
    ]
    for name, seconds in imports.items():
        lines.append(f"| {name} | {seconds * 1000:.1f} | {seconds / imports['httpx']:.2f}× |")
    lines += [
        "",
        f"## Process start to the cancel arriving at the server (median of {WIRE_RUNS})",
        "",
        "| command | ms | vs ccxt | requests before the cancel |",
        "|---|---|---|---|",
    ]
    for name, seconds in wire.items():
        lines.append(
            f"| {name} | {seconds * 1000:.0f} | {seconds / wire['ccxt script']:.2f}× "
            f"| {REQUESTS_BEFORE[name]} |"
        )
    lines += [
        "",
        f"## Where a sync SDK call's time goes (cProfile, {PROFILED_CALLS} calls, same run)",
        "",
        "| part | share of the call |",
        "|---|---|",
        *profiled,
        "",
        "The signing layer must put `timestamp`, `recvWindow` and `signature` into the query of "
        "the URL httpx has already built from the generated call's `params`. httpx's public API "
        "parses the whole URL again to change its query, checking every character, and the layer "
        "uses nothing else of httpx's. What is left over a hand-signed request whose URL is "
        "built once as "
        "a string: the parse httpx makes to merge `params`, the response check, and the "
        "generated parser, which gets the JSON the check read rather than parse the body again.",
    ]
    lines += [
        "",
        "## Pacing at BingX's real limit (one run)",
        "",
        f"{paced['requests']} cancelOpenOrders of one account from {pacing.PROCESSES} processes "
        f"x {pacing.THREADS} threads, asked all at once, through one host store "
        "(`file://`), against the local exchange counting 2 per sliding second and blocking "
        "the account on the first request over it, as BingX does.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| last arrival after the first | {paced['span_s']:.3f} s |",
        f"| the floor, (N − 1) / L | {paced['floor_s']:.3f} s |",
        f"| ratio | {paced['ratio']:.3f}× |",
        f"| the first two, apart | {paced['first_two_ms']} ms |",
        f"| refusals (100410) | {paced['refused']} |",
        f"| seconds at the exchange holding more than L | {paced['crowded']} |",
        "",
        f"## A desk at once (median of {desked['rounds']} interleaved rounds)",
        "",
        "`bingx-spot cancel-open-orders --symbol` (3 symbols) `--accounts FILE` on "
        f"{desked['accounts']} accounts, each with its own keys and budget, against the local "
        "exchange, from the process's start to the last cancel's arrival; the reference is the "
        "same command on one account, in the same run. An account's third cancel waits for "
        "BingX's 2/s: that second is most of both.",
        "",
        "| run | s | vs one account |",
        "|---|---|---|",
        f"| one account | {desked['one_s']:.3f} | 1.00× |",
        f"| {desked['accounts']} accounts | {desked['desk_s']:.3f} | {desked['ratio']:.2f}× |",
    ]
    lines += [
        "",
        "Wall-clock figures on a shared 2-core machine swing from run to run; instruction "
        "counts do not, which is why the per-call targets are judged on them.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
