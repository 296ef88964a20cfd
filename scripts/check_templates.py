"""Fails when the generator's own templates changed under the copies in ``templates/``.

Each file in ``templates/`` is a copy of one of openapi-python-client's templates, changed
minimally. ``templates/upstream.json`` records the sha256 of the original each copy was taken
from; when the pinned generator's original no longer has that hash (a new generator version),
the copy may lack the upstream fixes and must be taken again and re-edited.

    python scripts/check_templates.py [TEMPLATES [UPSTREAM]]

UPSTREAM defaults to the templates of the installed openapi-python-client.
"""

import hashlib
import json
import sys
from pathlib import Path

RECORD = "upstream.json"


def installed() -> Path:
    import openapi_python_client  # noqa: PLC0415 - a dev tool, only here

    return Path(openapi_python_client.__file__).with_name("templates")


def problems(templates: Path, upstream: Path) -> list[str]:
    """What does not match, one line each; empty when every copy's original is unchanged."""
    recorded: dict[str, str] = json.loads((templates / RECORD).read_text(encoding="utf-8"))
    copies = {p.relative_to(templates).as_posix() for p in templates.rglob("*.jinja")}
    found = [f"{name}: no recorded upstream sha256" for name in sorted(copies - set(recorded))]
    for name, digest in sorted(recorded.items()):
        original = upstream / name
        if name not in copies:
            found.append(f"{name}: recorded but not in {templates}")
        elif not original.is_file():
            found.append(f"{name}: the generator has no such template any more")
        elif hashlib.sha256(original.read_bytes()).hexdigest() != digest:
            found.append(f"{name}: the generator's original changed; copy it again and re-apply")
    return found


def main(argv: list[str]) -> int:
    templates = Path(argv[0]) if argv else Path("templates")
    upstream = Path(argv[1]) if len(argv) > 1 else installed()
    found = problems(templates, upstream)
    for line in found:
        print(line, file=sys.stderr)
    if not found:
        print(f"{templates}/ overrides match the generator's templates they were copied from")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
