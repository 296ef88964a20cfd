"""``--accounts``: one command on every account of a desk at once, each on its own credentials
and budget, lines prefixed by the account, a summary, the worst exit status."""

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bingx_spot.cli.main import main
from bingx_spot.testing import LocalExchange, Order, faults
from bingx_spot.testing.server import LocalServer
from tests.auth_patch.cli.test_main import CANCEL, COMMAND, Ran
from tests.processes import started

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

# Nothing like the accounts' names: any run of a key's first five characters is redacted.
ALPHA = ("AK" + "0" * 62, "AS" + "1" * 62)
BETA = ("BK" + "2" * 62, "BS" + "3" * 62)
SECRETS = dict([ALPHA, BETA])
GIVE_UP_S = 10.0  # a loaded machine is slow, never this slow
TOLD_S = 0.3  # from an answer given to its line told, in process: milliseconds, unloaded


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[LocalServer, str]]:
    """A local exchange with two accounts, and an accounts file naming them: alpha's keys in
    the environment, beta's in owner-only files."""
    (tmp_path / "beta.key").write_text(BETA[0])
    (tmp_path / "beta.key").chmod(0o600)
    (tmp_path / "beta.secret").write_text(BETA[1])
    (tmp_path / "beta.secret").chmod(0o600)
    accounts = tmp_path / "accounts.toml"
    accounts.write_text(
        '[accounts.alpha]\napi_key_env = "ALPHA_KEY"\nsecret_key_env = "ALPHA_SECRET"\n\n'
        '[accounts.beta]\napi_key_file = "beta.key"\nsecret_key_file = "beta.secret"\n'
    )
    with LocalServer(LocalExchange(SECRETS, block_ms=0)) as server:
        server.exchange.add_orders([Order(symbol="BTC-USDT")], api_key=ALPHA[0])
        server.exchange.add_orders([Order(symbol="BTC-USDT"), Order()], api_key=BETA[0])
        monkeypatch.setenv("BINGX_BASE_URL", server.url)
        monkeypatch.setenv("ALPHA_KEY", ALPHA[0])
        monkeypatch.setenv("ALPHA_SECRET", ALPHA[1])
        for name in ("BINGX_API_KEY", "BINGX_SECRET_KEY", "BINGX_RATE_LIMIT_STORAGE"):
            monkeypatch.delenv(name, raising=False)
        yield server, str(accounts)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Ran:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err, err
    return Ran(status, out, err)


def cancels_by(server: LocalServer) -> dict[str, int]:
    sent = [r.headers["X-BX-APIKEY"] for r in server.exchange.requests if r.url.path == CANCEL]
    return {"alpha": sent.count(ALPHA[0]), "beta": sent.count(BETA[0])}


def test_every_account_is_cancelled_and_the_worst_status_wins(
    desk: tuple[LocalServer, str], capsys: pytest.CaptureFixture[str]
) -> None:
    server, accounts = desk
    ran = run(capsys, "cancel-open-orders", "--symbol", "BTC-USDT,FOO-BAR", "--accounts", accounts)

    assert ran.returncode == 6  # both: FOO-BAR is no pair
    lines = ran.stdout.splitlines()
    assert "alpha: 1 order cancelled on BTC-USDT" in lines
    assert "beta: 2 orders cancelled on BTC-USDT" in lines
    assert "alpha: FOO-BAR: no such pair on BingX" in lines
    assert cancels_by(server) == {"alpha": 2, "beta": 2}
    assert server.exchange.open_orders(ALPHA[0]) == []
    assert server.exchange.open_orders(BETA[0]) == []
    summary = lines[lines.index(next(line for line in lines if line.startswith("account "))) :]
    assert [row.split()[:2] for row in summary[1:]] == [["alpha", "6"], ["beta", "6"]]
    for secret in (*ALPHA, *BETA):
        assert secret not in ran.stdout + ran.stderr


def test_json_is_one_document_with_a_result_per_account(
    desk: tuple[LocalServer, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, accounts = desk
    ran = run(capsys, "open-orders", "--json", "--accounts", accounts)

    [line] = ran.stdout.splitlines()
    doc = json.loads(line)
    assert doc["exit"] == 0
    assert set(doc["accounts"]) == {"alpha", "beta"}
    listed = {name: len(result["results"][0]["answer"]["data"]["orders"])
              for name, result in doc["accounts"].items()}  # fmt: skip
    assert listed == {"alpha": 1, "beta": 2}


def test_accounts_do_not_wait_on_each_other(
    desk: tuple[LocalServer, str], capsys: pytest.CaptureFixture[str]
) -> None:
    server, accounts = desk
    beta_answered = threading.Event()
    released: list[bool] = []

    def alpha_held(request: httpx.Request, answer: faults.Answer) -> httpx.Response:
        if request.headers["X-BX-APIKEY"] != ALPHA[0]:
            response = answer()
            beta_answered.set()
            return response
        # alpha's answer is held until beta's has been given, which only a desk that runs the
        # accounts at once can do, then long enough for beta's line to be told.
        released.append(beta_answered.wait(GIVE_UP_S))
        time.sleep(TOLD_S)
        return answer()

    server.exchange.inject(alpha_held, times=10, operation="cancelOpenOrders")
    began = time.monotonic()
    ran = run(capsys, "cancel-open-orders", "--all-symbols", "--accounts", accounts)

    assert ran.returncode == 0
    assert released == [True]
    lines = ran.stdout.splitlines()
    # beta's answer came first and was told at once; the whole desk took one held answer.
    assert lines.index("beta: 2 orders cancelled on all symbols") < lines.index(
        "alpha: 1 order cancelled on all symbols"
    )
    assert time.monotonic() - began < TOLD_S + 3.0


@pytest.mark.parametrize("mode", [0o644, 0o640])
def test_a_secret_file_others_can_read_stops_the_desk_before_anything_is_sent(
    desk: tuple[LocalServer, str], capsys: pytest.CaptureFixture[str], mode: int
) -> None:
    server, accounts = desk
    (Path(accounts).parent / "beta.secret").chmod(mode)
    ran = run(capsys, "cancel-open-orders", "--all-symbols", "--accounts", accounts)

    assert ran.returncode == 2
    assert "beta.secret_key_file: others can read it" in ran.stderr
    assert list(server.exchange.requests) == []
    assert BETA[1] not in ran.stderr


def test_one_accounts_failure_leaves_the_others_to_finish(
    desk: tuple[LocalServer, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, accounts = desk
    (Path(accounts).parent / "beta.secret").write_text("not-its-secret")
    ran = run(capsys, "cancel-open-orders", "--all-symbols", "--accounts", accounts)

    assert ran.returncode == 3  # beta: BingX refused the signature
    assert "alpha: 1 order cancelled on all symbols" in ran.stdout.splitlines()
    assert "beta: " in ran.stderr
    assert "100001" in ran.stderr


def test_a_second_signal_names_the_accounts_whose_countdown_may_still_run(
    desk: tuple[LocalServer, str],
) -> None:
    server, accounts = desk
    slow = faults.slow(30)

    def beta_closes_slowly(request: httpx.Request, answer: faults.Reply) -> httpx.Response:
        closing = request.url.params.get("type") == "CLOSE"
        if closing and request.headers.get("X-BX-APIKEY") == BETA[0]:
            return slow(request, answer)
        return answer()

    server.exchange.inject(beta_closes_slowly, times=1000, operation="cancelAllAfter")
    env = {
        "PATH": "",
        "XDG_STATE_HOME": str(Path(accounts).parent / "state"),
        "BINGX_BASE_URL": server.url,
        "ALPHA_KEY": ALPHA[0],
        "ALPHA_SECRET": ALPHA[1],
    }
    with started(
        [str(COMMAND), "dead-man", "--countdown", "30", "--accounts", accounts],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as running:
        assert running.stdout is not None
        lines = [running.stdout.readline(), running.stdout.readline()]  # both armed
        running.send_signal(signal.SIGTERM)
        while not lines[-1].startswith("alpha: closed"):
            lines.append(running.stdout.readline())
            assert lines[-1], lines
        running.send_signal(signal.SIGTERM)  # beta's CLOSE still under way
        rest, err = running.communicate(timeout=60)

    assert running.returncode == 143, err
    summary = rest.splitlines()[-3:]
    assert summary[0].split() == ["account", "exit", "meaning"]
    assert summary[2].split() == ["beta", "-", "did", "not", "finish"]
    # alpha's CLOSE was answered; its run may still have been ending when the signal came.
    alpha = summary[1].split()
    assert alpha[:2] == ["alpha", "0"] or alpha == ["alpha", "-", "did", "not", "finish"]
    unfinished = "alpha, beta" if alpha[1] == "-" else "beta"
    assert err.splitlines()[-1] == (
        f"bingx-spot: terminated while sending CLOSE for {unfinished}: unless it arrived, BingX "
        "cancels every open spot order of each of those accounts when its countdown runs out"
    )


def test_dead_man_keeps_a_switch_per_account_and_closes_them_all_on_sigterm(
    desk: tuple[LocalServer, str],
) -> None:
    server, accounts = desk
    env = {
        "PATH": "",
        "XDG_STATE_HOME": str(Path(accounts).parent / "state"),
        "BINGX_BASE_URL": server.url,
        "ALPHA_KEY": ALPHA[0],
        "ALPHA_SECRET": ALPHA[1],
    }
    with started(
        [str(COMMAND), "dead-man", "--countdown", "30", "--accounts", accounts],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as running:
        assert running.stdout is not None
        armed = [running.stdout.readline(), running.stdout.readline()]
        running.send_signal(signal.SIGTERM)
        rest, err = running.communicate(timeout=60)

    assert running.returncode == 0, err
    assert sorted(line.split(":")[0] for line in armed) == ["alpha", "beta"]
    assert "alpha: closed: BingX accepted CLOSE; the countdown is stopped" in rest.splitlines()
    assert "beta: closed: BingX accepted CLOSE; the countdown is stopped" in rest.splitlines()
    kinds = {
        key: [r.url.params["type"] for r in server.exchange.requests
              if r.headers.get("X-BX-APIKEY") == key and "cancelAllAfter" in r.url.path]
        for key in (ALPHA[0], BETA[0])
    }  # fmt: skip
    assert kinds == {ALPHA[0]: ["ACTIVATE", "CLOSE"], BETA[0]: ["ACTIVATE", "CLOSE"]}
    assert os.environ.get("BINGX_API_KEY") is None
