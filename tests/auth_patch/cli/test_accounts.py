"""The accounts file of ``--accounts``: read and checked before anything is sent; every problem
is a usage error naming the account and field, never a secret."""

import os
from pathlib import Path

import pytest

from bingx_spot.cli.accounts import load_accounts
from bingx_spot.cli.failures import Usage

KEY = "alpha-key-" + "0" * 54
SECRET = "alpha-secret-" + "1" * 51
BETA_KEY = "beta-key-" + "2" * 55
BETA_SECRET = "beta-secret-" + "3" * 52


def secret_file(folder: Path, name: str, value: str, mode: int = 0o600) -> Path:
    path = folder / name
    path.write_text(value + "\n")
    path.chmod(mode)
    return path


def accounts_file(folder: Path, text: str, mode: int = 0o644) -> str:
    path = folder / "accounts.toml"
    path.write_text(text)
    path.chmod(mode)
    return str(path)


def two_accounts(folder: Path, secret_mode: int = 0o600) -> str:
    secret_file(folder, "beta.key", BETA_KEY)
    secret_file(folder, "beta.secret", BETA_SECRET, secret_mode)
    return accounts_file(
        folder,
        """
        [accounts.alpha]
        api_key_env = "ALPHA_KEY"
        secret_key_env = "ALPHA_SECRET"

        [accounts.beta]
        api_key_file = "beta.key"
        secret_key_file = "beta.secret"
        base_url = "http://127.0.0.1:9"
        rate_limit_storage = "memory://"
        """,
    )


ENV = {"ALPHA_KEY": KEY, "ALPHA_SECRET": SECRET}


def test_accounts_come_in_the_files_order_with_their_credentials(tmp_path: Path) -> None:
    alpha, beta = load_accounts(two_accounts(tmp_path), ENV)

    assert (alpha.name, alpha.api_key, alpha.secret_key) == ("alpha", KEY, SECRET)
    assert (alpha.base_url, alpha.rate_limit_storage) == (None, None)
    assert (beta.name, beta.api_key, beta.secret_key) == ("beta", BETA_KEY, BETA_SECRET)
    assert (beta.base_url, beta.rate_limit_storage) == ("http://127.0.0.1:9", "memory://")
    assert SECRET not in repr(alpha)
    assert KEY not in repr(alpha)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_a_secret_file_others_can_read_is_refused(tmp_path: Path, mode: int) -> None:
    with pytest.raises(Usage, match=r"accounts\.beta\.secret_key_file: others can read it"):
        load_accounts(two_accounts(tmp_path, secret_mode=mode), ENV)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files away")
def test_a_secret_file_of_another_user_is_refused(tmp_path: Path) -> None:
    path = two_accounts(tmp_path)
    os.chown(tmp_path / "beta.secret", 65534, 65534)
    with pytest.raises(Usage, match="belongs to another user"):
        load_accounts(path, ENV)


@pytest.mark.parametrize("mode", [0o646, 0o664])
def test_an_accounts_file_others_can_write_is_refused(tmp_path: Path, mode: int) -> None:
    path = two_accounts(tmp_path)
    Path(path).chmod(mode)
    with pytest.raises(Usage, match="others can write it"):
        load_accounts(path, ENV)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no \\[accounts.NAME\\] table"),
        ("accounts = 1", "no \\[accounts.NAME\\] table"),
        ("[accounts]\nalpha = 1", "accounts.alpha is not a table"),
        ("[accounts.a]\napi_key_env = 'K'", "give one of secret_key_env and secret_key_file"),
        (
            "[accounts.a]\napi_key_env='K'\napi_key_file='f'\nsecret_key_env='S'",
            "give one of api_key_env and api_key_file",
        ),
        ("[accounts.a]\napi_key_env = 'NOPE'\nsecret_key_env = 'S'", "\\$NOPE is not set"),
        ("[accounts.a]\napi_key_env = ''\nsecret_key_env = 'S'", "must be a non-empty string"),
        ("[accounts.a]\nsecret_key = 'abc'", "unknown field 'secret_key'"),
        ("[accounts.a\n", "not a TOML accounts file"),
    ],
)
def test_a_bad_accounts_file_is_a_usage_error(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(Usage, match=problem) as refused:
        load_accounts(accounts_file(tmp_path, text), {"K": KEY, "S": SECRET})
    assert SECRET not in str(refused.value)


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(Usage, match="cannot be read"):
        load_accounts(str(tmp_path / "none.toml"), ENV)


def test_a_secret_with_spaces_is_refused_without_being_shown(tmp_path: Path) -> None:
    env = {**ENV, "ALPHA_SECRET": "two words"}
    with pytest.raises(Usage, match="secret key holds spaces") as refused:
        load_accounts(two_accounts(tmp_path), env)
    assert "two words" not in str(refused.value)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_secret_that_is_no_regular_file_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = two_accounts(tmp_path)
    (tmp_path / "beta.secret").unlink()
    if kind == "fifo":
        os.mkfifo(tmp_path / "beta.secret", 0o600)  # nobody writes: a blocking read never ends
    else:
        (tmp_path / "beta.secret").mkdir(mode=0o700)
    with pytest.raises(Usage, match=r"accounts\.beta\.secret_key_file: not a regular file"):
        load_accounts(path, ENV)


def test_an_accounts_file_that_is_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "accounts.toml", 0o600)
    with pytest.raises(Usage, match="not a regular file"):
        load_accounts(str(tmp_path / "accounts.toml"), ENV)


def test_two_accounts_with_one_key_are_refused(tmp_path: Path) -> None:
    text = (
        '[accounts.main]\napi_key_env = "ALPHA_KEY"\nsecret_key_env = "ALPHA_SECRET"\n'
        '[accounts.hedge]\napi_key_env = "ALPHA_KEY"\nsecret_key_env = "ALPHA_SECRET"\n'
    )
    with pytest.raises(Usage, match=r"accounts\.main and accounts\.hedge have the same API key"):
        load_accounts(accounts_file(tmp_path, text), ENV)


def test_bad_toml_names_where(tmp_path: Path) -> None:
    text = '[accounts.a]\napi_key_env = "K"\n[accounts.a]\n'
    with pytest.raises(Usage, match="line 3"):
        load_accounts(accounts_file(tmp_path, text), {"K": KEY})
