"""The steps of `make generate` after openapi-python-client, into the output folder given.

- ``bingx_spot_client/py.typed``: ``--meta none`` writes none.
- ``bingx_spot_client/openapi.json``: the spec, which the client layer reads for its data.
- ``PROVENANCE.json``: the generator's version and the sha256 of its inputs (the spec, the
  config and the template overrides in ``templates/``), so ``make check-generated`` also catches
  a spec edited without regenerating.
"""

import hashlib
import json
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

INPUTS = ("openapi.yaml", "generator_config.yml")


def inputs() -> list[str]:
    templates = sorted(p.as_posix() for p in Path("templates").glob("*.jinja"))
    return [*INPUTS, *templates]


def main(out: Path) -> None:
    package = out / "bingx_spot_client"
    (package / "py.typed").touch()
    spec = yaml.safe_load(Path("openapi.yaml").read_text(encoding="utf-8"))
    (package / "openapi.json").write_text(
        json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    provenance = {
        "generator": f"openapi-python-client {version('openapi-python-client')}",
        "formatter": f"ruff {version('ruff')}",
        "sha256": {name: hashlib.sha256(Path(name).read_bytes()).hexdigest() for name in inputs()},
    }
    (out / "PROVENANCE.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
