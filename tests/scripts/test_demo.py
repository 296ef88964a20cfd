"""make demo: its steps, and the lines it shows for a reader to paste."""

import importlib.util
import itertools
import os
import shlex
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, Order
from bingx_spot.testing.server import LocalServer

SCRIPT = Path(__file__).parents[2] / "scripts/demo.py"

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_steps_include_a_multi_symbol_cancel_and_an_unconfirmed_answer() -> None:
    steps = load().STEPS

    def symbols(args: list[str]) -> int:
        values = [v for flag, v in itertools.pairwise(args) if flag == "--symbol"]
        return sum(len(v.split(",")) for v in values)

    assert any(symbols(step.args) > 1 and step.expected == 0 for step in steps)
    assert any(step.expected == 9 and step.fault is not None for step in steps)
    assert {step.expected for step in steps} >= {0, 2, 3, 4, 6, 9}
    assert any(step.args[0] == "open-orders" for step in steps)


def test_a_shown_line_runs_as_pasted_into_a_shell() -> None:
    demo = load()
    with LocalServer() as server:
        env = {"BINGX_BASE_URL": server.url, "BINGX_API_KEY": "k'ey$x", "BINGX_SECRET_KEY": "s"}
        line = demo.command_line(env, ["cancel-open-orders", "--symbol", "BTC-USDT"])
        done = subprocess.run(
            ["/bin/sh", "-c", line], cwd=os.getcwd(),
            env={"PATH": "", "XDG_STATE_HOME": os.environ["XDG_STATE_HOME"]},
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        [request] = server.exchange.requests

    assert shlex.split(line)[:3] == [f"{k}={v}" for k, v in env.items()]
    assert line.startswith("BINGX_BASE_URL=")
    assert request.headers["X-BX-APIKEY"] == "k'ey$x"  # quoted, not expanded
    assert request.url.params["symbol"] == "BTC-USDT"
    assert done.returncode == 3, done.stderr  # an unknown key


def test_a_verified_cancel_meets_an_order_placed_during_the_cancel(
    capfd: pytest.CaptureFixture[str],
) -> None:
    demo = load()
    [step] = [step for step in demo.STEPS if "--verify" in step.args]
    assert step.placing
    assert step.expected == 0
    with LocalServer() as server:
        base = {"BINGX_BASE_URL": server.url, "BINGX_API_KEY": DEMO_API_KEY,
                "BINGX_SECRET_KEY": DEMO_SECRET_KEY}  # fmt: skip
        ok = demo.run_step(server, base, step)
        book = server.exchange.open_orders()
        paths = [r.url.path.rsplit("/", 1)[1] for r in server.exchange.requests]

    assert ok
    assert book == []
    assert paths == ["cancelOpenOrders", "openOrders", "cancelOpenOrders", "openOrders"]
    assert "verified on all symbols: no open orders after 2 rounds" in capfd.readouterr().out


def test_a_killed_dead_man_leaves_the_exchange_to_cancel_everything(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = load()
    # The pause is for a reader; the two reads are a countdown apart anyway.
    monkeypatch.setattr(demo, "PACE_S", 0)
    # The countdown's 10 s last one on the exchange's clock. Killed at once, the command never
    # re-arms it; were it late, a re-arm only moves the end.
    with LocalServer(LocalExchange(countdown_ms_per_s=100)) as server:
        server.exchange.add_orders([Order(symbol="ETH-USDT")])
        base = {"BINGX_BASE_URL": server.url, "BINGX_API_KEY": DEMO_API_KEY,
                "BINGX_SECRET_KEY": DEMO_SECRET_KEY}  # fmt: skip
        failed = demo.dead_man_scene(server, base)
        book = server.exchange.open_orders()
        fired = server.exchange.fired
        kinds = [r.url.params.get("type") for r in server.exchange.requests]

    out = capfd.readouterr().out
    assert failed == 0, out
    assert book == []
    [countdown] = fired
    assert len(countdown.orders) == 4 + 1 + len(demo.DEAD_MAN_ORDERS)  # the whole book
    assert "CLOSE" not in kinds  # killed: nothing stopped the countdown
    assert "ACTIVATE" in kinds
    assert "$ kill -KILL $!" in out.splitlines()
    assert out.count("(exit status 0: ok)") == 2
    assert "no open orders on all symbols" in out.splitlines()


def test_a_run_after_a_block_is_refused_without_sending(
    capfd: pytest.CaptureFixture[str],
) -> None:
    demo = load()
    blocked, again = [
        step for step in demo.STEPS if step.expected == 4 and step.args[-1] == "BTC-USDT"
    ]
    assert blocked.fault is not None
    assert again.fault is None
    with LocalServer() as server:
        base = {"BINGX_BASE_URL": server.url, "BINGX_API_KEY": DEMO_API_KEY,
                "BINGX_SECRET_KEY": DEMO_SECRET_KEY}  # fmt: skip
        assert demo.run_step(server, base, blocked)
        sent = len(server.exchange.requests)
        assert demo.run_step(server, base, again)
        assert len(server.exchange.requests) == sent  # refused before sending

    err = capfd.readouterr().err
    assert err.count("BingX accepts requests again from") == 2


def test_the_desk_scene_cancels_both_accounts_at_once(capfd: pytest.CaptureFixture[str]) -> None:
    demo = load()
    accounts = {DEMO_API_KEY: DEMO_SECRET_KEY, **dict(demo.DESK.values())}
    with LocalServer(LocalExchange(accounts)) as server:
        for key, _ in demo.DESK.values():
            server.exchange.add_orders([Order(symbol="BTC-USDT")], api_key=key)
        base = {"BINGX_BASE_URL": server.url, "BINGX_API_KEY": DEMO_API_KEY,
                "BINGX_SECRET_KEY": DEMO_SECRET_KEY}  # fmt: skip
        failed = demo.desk_scene(server, base)
        sent = {r.headers["X-BX-APIKEY"] for r in server.exchange.requests}

    out = capfd.readouterr().out
    assert failed == 0, out
    assert sent == {key for key, _ in demo.DESK.values()}  # not the demo account's
    assert "spot-main: 1 order cancelled on all symbols" in out.splitlines()
    assert "spot-hedge: 1 order cancelled on all symbols" in out.splitlines()
