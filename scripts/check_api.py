"""`make check-api`: the public API of both packages against the last release's, with griffe.

The last release's API is recorded in api/: griffe's JSON dump of each package and the version it
was recorded at, so the check needs no git tag and `make test` runs it on every change.
`make record-api` rewrites the record at a release; `make check-api BASE=<git ref>` compares
against a git ref instead.

A breaking change passes only with the version bump semantic versioning asks for: a new major
version, or while the package is 0.x a new minor version. Exit status 1 otherwise.
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import griffe

# Package → the folder it lives in.
PACKAGES = {"bingx_spot": "auth_patch", "bingx_spot_client": "generated"}
VERSION_FILE = "auth_patch/bingx_spot/_version.py"
OLD_VERSION_FILE = "auth_patch/bingx_spot/__init__.py"  # where a base before 0.1.0's move has it
RECORD = Path("api")
RECORDED_VERSION = RECORD / "version.txt"
_VERSION = re.compile(r'^__version__ = "(\d+)\.(\d+)\.(\d+)"', re.MULTILINE)
_RECORDED = re.compile(r"(\d+)\.(\d+)\.(\d+)")

Version = tuple[int, int, int]


def version(text: str) -> Version:
    found = _VERSION.search(text)
    if found is None:
        raise SystemExit(f"no __version__ in {VERSION_FILE}")
    major, minor, patch = (int(part) for part in found.groups())
    return major, minor, patch


def recorded_version() -> Version:
    if not RECORDED_VERSION.exists():
        raise SystemExit(f"no record in {RECORD}/: `make record-api` writes it at a release")
    found = _RECORDED.fullmatch(RECORDED_VERSION.read_text(encoding="utf-8").strip())
    if found is None:
        raise SystemExit(f"no X.Y.Z version in {RECORDED_VERSION}")
    major, minor, patch = (int(part) for part in found.groups())
    return major, minor, patch


def allows_breaking(old: Version, new: Version) -> bool:
    if old[0] == 0:
        return new[:2] > old[:2]
    return new[0] > old[0]


def relative_paths(data: Any, root: Path) -> None:
    """File paths relative to the repository: the same record from any checkout."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key != "filepath":
                relative_paths(value, root)
            elif isinstance(value, list):  # a namespace package's folders
                data[key] = [Path(path).relative_to(root).as_posix() for path in value]
            else:
                data[key] = Path(value).relative_to(root).as_posix()
    elif isinstance(data, list):
        for item in data:
            relative_paths(item, root)


def dump(package: str) -> str:
    root = Path.cwd()
    data = json.loads(griffe.load(package, search_paths=[root / PACKAGES[package]]).as_json())
    relative_paths(data, root)
    return json.dumps(data, indent=2) + "\n"


def load_recorded(package: str) -> griffe.Module:
    module = griffe.Module.from_json((RECORD / f"{package}.json").read_text(encoding="utf-8"))
    # An alias (a re-export) resolves through the collection its module belongs to.
    griffe.ModulesCollection().set_member(package, module)
    return module


def unchanged_since(base: str, folder: str) -> bool:
    """Whether ``folder`` is as it was at ``base``: no file changed, removed or added."""
    changed = subprocess.run(["git", "diff", "--quiet", base, "--", folder], check=False)
    added = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "--", folder],
        capture_output=True,
        text=True,
        check=True,
    )
    return changed.returncode == 0 and not added.stdout


def breaking_changes(base: str | None) -> list[str]:
    found = []
    for package, folder in PACKAGES.items():
        before: griffe.Object | griffe.Alias
        if base is None:
            before = load_recorded(package)
        elif unchanged_since(base, folder):
            continue  # the same files, the same API: loading both (a second or so) shows nothing
        else:
            before = griffe.load_git(package, ref=base, search_paths=[folder])
        after = griffe.load(package, search_paths=[folder])
        found += [breakage.explain() for breakage in griffe.find_breaking_changes(before, after)]
    return found


def base_version(base: str) -> Version:
    shown = subprocess.run(
        ["git", "show", f"{base}:{VERSION_FILE}"], capture_output=True, text=True, check=False
    )
    if shown.returncode != 0:
        shown = subprocess.run(
            ["git", "show", f"{base}:{OLD_VERSION_FILE}"],
            capture_output=True,
            text=True,
            check=True,
        )
    return version(shown.stdout)


def check(base: str | None) -> int:
    old = recorded_version() if base is None else base_version(base)
    new = version(Path(VERSION_FILE).read_text(encoding="utf-8"))
    breaks = breaking_changes(base)
    for line in breaks:
        print(line)
    since = f"the record of {'.'.join(map(str, old))}" if base is None else base
    tag = ".".join(map(str, old)) + " -> " + ".".join(map(str, new))
    if breaks and not allows_breaking(old, new):
        print(f"{len(breaks)} breaking change(s) since {since} without the version bump ({tag})")
        return 1
    print(f"public API against {since}: {len(breaks)} breaking change(s), version {tag}")
    return 0


def record() -> int:
    # Recording over a release whose breaking changes lack their bump would hide them.
    if RECORDED_VERSION.exists() and check(None) != 0:
        print(f"{RECORD}/ not rewritten")
        return 1
    RECORD.mkdir(exist_ok=True)
    for package in PACKAGES:
        (RECORD / f"{package}.json").write_text(dump(package), encoding="utf-8")
    current = version(Path(VERSION_FILE).read_text(encoding="utf-8"))
    RECORDED_VERSION.write_text(".".join(map(str, current)) + "\n", encoding="utf-8")
    print(f"recorded the public API of {'.'.join(map(str, current))} in {RECORD}/")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="The public API against the last release's.")
    parser.add_argument("base", nargs="?", help="a git ref to compare against instead of api/")
    parser.add_argument("--record", action="store_true", help="rewrite api/ from the tree")
    args = parser.parse_args(argv)
    if args.record:
        return record()
    return check(args.base or None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
