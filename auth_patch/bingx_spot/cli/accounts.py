"""``--accounts FILE``: the accounts a desk runs a command on, read from TOML and checked before
anything is sent.

::

    [accounts.alpha]
    api_key_env = "ALPHA_BINGX_KEY"        # the names of environment variables holding them
    secret_key_env = "ALPHA_BINGX_SECRET"

    [accounts.beta]
    api_key_file = "/home/desk/.bingx/beta.key"      # files readable by their owner only
    secret_key_file = "/home/desk/.bingx/beta.secret"
    base_url = "https://open-api.bingx.com"          # optional
    rate_limit_storage = "redis://10.0.0.5:6379/0"   # optional

A secret file that others can read, or that another user owns, is refused as ssh refuses a
private key; so is an accounts file that others can write (it names where the secrets are).
Every problem is a :class:`~bingx_spot.cli.exits.Usage` (exit 2) naming the account and the
field, never a value.
"""

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .failures import Usage

__all__ = ["Account", "load_accounts"]

_FIELDS = {
    "api_key_env",
    "secret_key_env",
    "api_key_file",
    "secret_key_file",
    "base_url",
    "rate_limit_storage",
}
_MAX_FILE = 64 * 1024  # an accounts file, a key or a secret: far larger is a mistake


@dataclass(frozen=True, slots=True)
class Account:
    """One account of the file: its name, credentials and client options."""

    name: str
    api_key: str
    secret_key: str
    base_url: str | None = None
    rate_limit_storage: str | None = None

    def __repr__(self) -> str:  # never the credentials
        return f"Account(name={self.name!r})"


def load_accounts(path: str, environ: dict[str, str] | None = None) -> list[Account]:
    """The accounts ``path`` names, in its order, each with its credentials read and checked."""
    environ = dict(os.environ) if environ is None else environ
    file = Path(path)
    doc = _toml(file)
    tables = doc.get("accounts")
    if not isinstance(tables, dict) or not tables:
        raise Usage(f"{path}: no [accounts.NAME] table")
    accounts: list[Account] = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise Usage(f"{path}: accounts.{name} is not a table")
        account = _account(file, name, table, environ)
        twin = next((a for a in accounts if a.api_key == account.api_key), None)
        if twin is not None:  # one budget, one trail name: two accounts would be one
            raise Usage(f"{path}: accounts.{twin.name} and accounts.{name} have the same API key")
        accounts.append(account)
    return accounts


def _toml(file: Path) -> dict[str, Any]:
    raw, info = _read(str(file), str(file), follow=True)
    if info.st_mode & stat.S_IWOTH or info.st_mode & stat.S_IWGRP:
        raise Usage(f"{file}: others can write it (chmod go-w); it names where the secrets are")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise Usage(f"{file}: not a TOML accounts file (not UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:  # its text names a line and column, never a value
        raise Usage(f"{file}: not a TOML accounts file: {exc}") from None


def _read(path: str, where: str, *, follow: bool) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes (at most 64 KiB) and its status. Opened without blocking and
    refused unless a regular file: a FIFO or a device must never hold the run before it sends."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise Usage(f"{where}: cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Usage(f"{where}: not a regular file")
        try:
            return os.read(descriptor, _MAX_FILE), info
        except OSError as exc:
            raise Usage(f"{where}: cannot be read ({exc.strerror})") from None
    finally:
        os.close(descriptor)


def _account(file: Path, name: str, table: dict[str, Any], environ: dict[str, str]) -> Account:
    where = f"{file}: accounts.{name}"
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise Usage(f"{where}: unknown field {unknown[0]!r} (secrets go in files or variables)")
    for field, value in table.items():
        if not isinstance(value, str) or not value:
            raise Usage(f"{where}.{field} must be a non-empty string")
    api_key = _credential(where, "api_key", table, environ, file.parent)
    secret_key = _credential(where, "secret_key", table, environ, file.parent)
    return Account(
        name=name,
        api_key=api_key,
        secret_key=secret_key,
        base_url=table.get("base_url"),
        rate_limit_storage=table.get("rate_limit_storage"),
    )


def _credential(
    where: str, what: str, table: dict[str, Any], environ: dict[str, str], home: Path
) -> str:
    variable, path = table.get(f"{what}_env"), table.get(f"{what}_file")
    if (variable is None) == (path is None):
        raise Usage(f"{where}: give one of {what}_env and {what}_file")
    if path is not None:  # relative to the accounts file's folder
        value = _secret_file(f"{where}.{what}_file", home / path)
    else:
        value = environ.get(variable or "", "")
        if not value:
            raise Usage(f"{where}.{what}_env: ${variable} is not set")
    if not (value.isascii() and value.isprintable()) or " " in value:
        raise Usage(f"{where}: the {what.replace('_', ' ')} holds spaces, control or non-ASCII")
    return value


def _secret_file(where: str, path: Path) -> str:
    raw, info = _read(str(path), where, follow=False)
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise Usage(f"{where}: belongs to another user")
    if info.st_mode & 0o077:
        raise Usage(f"{where}: others can read it (chmod 600), as ssh refuses a private key")
    try:
        return raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise Usage(f"{where}: holds non-ASCII bytes") from None
