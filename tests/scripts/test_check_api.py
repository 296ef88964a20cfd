"""make check-api: a breaking change fails unless the version was bumped as semver asks, against
the record of the last release in api/ (make record-api) or against a git ref."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "scripts/check_api.py"
VERSION = "auth_patch/bingx_spot/_version.py"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for folder in ("auth_patch", "generated"):
        shutil.copytree(ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    return tmp_path


def check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "HEAD"], cwd=repo, capture_output=True,
                          text=True, check=False)  # fmt: skip


def set_version(repo: Path, version: str) -> None:
    path = repo / VERSION
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'__version__ = "[^"]*"', f'__version__ = "{version}"', text))


def bumped(repo: Path, part: str) -> str:
    """The repository's version with its patch or minor number raised."""
    found = re.search(r'__version__ = "(\d+)\.(\d+)\.(\d+)"', (repo / VERSION).read_text())
    assert found is not None
    major, minor, patch = map(int, found.groups())
    return f"{major}.{minor}.{patch + 1}" if part == "patch" else f"{major}.{minor + 1}.0"


def break_api(repo: Path) -> None:
    # A keyword of the public make_client disappears.
    client = repo / "auth_patch/bingx_spot/client.py"
    text = client.read_text(encoding="utf-8")
    client.write_text(text.replace("    recv_window: int = 5000,\n", "", 1), encoding="utf-8")


def test_no_change_passes(repo: Path) -> None:
    done = check(repo)
    assert done.returncode == 0, done.stdout
    assert "0 breaking change(s)" in done.stdout


@pytest.mark.parametrize(("part", "passes"), [("patch", False), ("minor", True)])
def test_a_break_needs_a_minor_bump_while_0x(repo: Path, part: str, passes: bool) -> None:
    break_api(repo)
    set_version(repo, bumped(repo, part))
    done = check(repo)

    assert "recv_window" in done.stdout
    assert (done.returncode == 0) is passes, done.stdout


def test_a_break_in_the_generated_package_is_caught(
    repo: Path,
) -> None:
    (repo / "generated/bingx_spot_client/api/account/balance.py").unlink()
    done = check(repo)

    assert "balance" in done.stdout
    assert done.returncode == 1, done.stdout


def test_a_file_added_since_the_base_counts_as_a_change(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("check_api", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.chdir(repo)

    assert script.unchanged_since("HEAD", "generated")
    (repo / "generated/bingx_spot_client/extra.py").write_text("X = 1\n")
    assert not script.unchanged_since("HEAD", "generated")


def test_a_base_with_the_version_in_the_package_init_is_read(repo: Path) -> None:
    # Before it moved to _version.py, the version sat in the package's __init__.py.
    init = repo / "auth_patch/bingx_spot/__init__.py"
    moved = init.read_text(encoding="utf-8")
    (repo / VERSION).unlink()
    init.write_text(moved.replace("from ._version import __version__\n", '__version__ = "0.0.9"\n'))
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old layout")
    git(repo, "checkout", "-q", "HEAD~1", "--", ".")
    break_api(repo)  # from 0.0.9, today's 0.x version is the minor bump a break needs
    done = check(repo)

    assert "recv_window" in done.stdout
    assert done.returncode == 0, done.stdout


def record(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "--record"], cwd=repo,
                          capture_output=True, text=True, check=False)  # fmt: skip


def check_record(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT)], cwd=repo, capture_output=True,
                          text=True, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def recorded_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("recorded")
    for folder in ("auth_patch", "generated"):
        shutil.copytree(ROOT / folder, tree / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    done = record(tree)
    assert done.returncode == 0, done.stdout
    return tree


@pytest.fixture
def recorded(recorded_once: Path, tmp_path: Path) -> Path:
    """A tree and its own record, to change."""
    shutil.copytree(recorded_once, tmp_path / "tree")
    return tmp_path / "tree"


def test_the_record_reads_back_as_the_api_it_recorded(recorded_once: Path) -> None:
    done = check_record(recorded_once)
    assert done.returncode == 0, done.stdout
    assert "0 breaking change(s)" in done.stdout
    # Paths relative to the repository: the same record from any checkout.
    dumped = (recorded_once / "api/bingx_spot.json").read_text(encoding="utf-8")
    assert '"filepath": "auth_patch/bingx_spot/client.py"' in dumped
    assert str(recorded_once) not in dumped


@pytest.mark.parametrize(("part", "passes"), [("patch", False), ("minor", True)])
def test_a_break_since_the_record_needs_a_minor_bump_while_0x(
    recorded: Path, part: str, passes: bool
) -> None:
    break_api(recorded)
    set_version(recorded, bumped(recorded, part))
    done = check_record(recorded)

    assert "recv_window" in done.stdout
    assert (done.returncode == 0) is passes, done.stdout


def test_a_break_without_its_bump_is_not_recorded_over(recorded: Path) -> None:
    before = {path: path.read_bytes() for path in (recorded / "api").iterdir()}
    break_api(recorded)
    done = record(recorded)

    assert done.returncode == 1, done.stdout
    assert "api/ not rewritten" in done.stdout
    assert {path: path.read_bytes() for path in (recorded / "api").iterdir()} == before


def test_the_tree_keeps_to_the_recorded_release() -> None:
    done = check_record(ROOT)
    assert done.returncode == 0, done.stdout


def test_the_record_is_of_the_last_release_in_the_changelog() -> None:
    # make record-api runs once the CHANGELOG's section has its version.
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.search(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.MULTILINE)
    assert released is not None
    assert (ROOT / "api/version.txt").read_text(encoding="utf-8") == released[1] + "\n"
