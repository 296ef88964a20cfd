"""`make check-api BASE=<git ref>`: the public API of both packages against BASE, with griffe.

A breaking change passes only with the version bump semantic versioning asks for: a new major
version, or while the package is 0.x a new minor version. Exit status 1 otherwise.
"""

import re
import subprocess
import sys
from pathlib import Path

import griffe

# Package → the folder it lives in.
PACKAGES = {"bingx_spot": "auth_patch", "bingx_spot_client": "generated"}
VERSION_FILE = "auth_patch/bingx_spot/_version.py"
OLD_VERSION_FILE = "auth_patch/bingx_spot/__init__.py"  # where a base before 0.1.0's move has it
_VERSION = re.compile(r'^__version__ = "(\d+)\.(\d+)\.(\d+)"', re.MULTILINE)


def version(text: str) -> tuple[int, int, int]:
    found = _VERSION.search(text)
    if found is None:
        raise SystemExit(f"no __version__ in {VERSION_FILE}")
    major, minor, patch = (int(part) for part in found.groups())
    return major, minor, patch


def allows_breaking(old: tuple[int, int, int], new: tuple[int, int, int]) -> bool:
    if old[0] == 0:
        return new[:2] > old[:2]
    return new[0] > old[0]


def main(base: str) -> int:
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
    old, new = version(shown.stdout), version(Path(VERSION_FILE).read_text(encoding="utf-8"))
    breaks = []
    for package, folder in PACKAGES.items():
        before = griffe.load_git(package, ref=base, search_paths=[folder])
        after = griffe.load(package, search_paths=[folder])
        breaks += [breakage.explain() for breakage in griffe.find_breaking_changes(before, after)]
    for line in breaks:
        print(line)
    tag = ".".join(map(str, old)) + " -> " + ".".join(map(str, new))
    if breaks and not allows_breaking(old, new):
        print(f"{len(breaks)} breaking change(s) since {base} without the version bump ({tag})")
        return 1
    print(f"public API against {base}: {len(breaks)} breaking change(s), version {tag}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
