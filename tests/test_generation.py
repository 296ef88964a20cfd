"""Adding an endpoint is a spec edit. On a copy of the project, a made-up signed operation goes
into openapi.yaml, `make` regenerates the client, and the new operation is called against the
local exchange: signed, its errors mapped, its rate limit kept, with no handwritten change."""

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import pytest
import yaml

import bingx_spot.wire.signing
import bingx_spot.wire.spec

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
NEW_PATH = "/openApi/spot/v1/trade/madeUpCancel"

NEW_OPERATION = {
    "post": {
        "operationId": "madeUpCancel",
        "tags": ["trade"],
        "summary": "A made-up signed operation",
        "security": [{"BingXApiKey": [], "BingXSignature": []}],
        "x-bingx-rate-limit": {"uid": 1, "ipGroup": 3},
        "parameters": [
            {"name": "symbol", "in": "query", "required": True, "schema": {"type": "string"}},
        ],
        "responses": {
            "200": {
                "description": "Done",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/CancelOpenOrdersResponse"}
                    }
                },
            }
        },
    }
}

CALLER = textwrap.dedent(
    """
    import json
    import bingx_spot
    from bingx_spot.testing import DEMO_API_KEY, DEMO_SECRET_KEY, LocalExchange, faults
    from bingx_spot_client.api.trade import made_up_cancel

    exchange = LocalExchange()
    # Its own client, without a budget: a third call on the other would wait a second more.
    refused = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport(),
                                     rate_limit=False)
    exchange.inject(faults.error(100001, "Signature verification failed"), operation="madeUpCancel")
    try:
        made_up_cancel.sync(client=refused, symbol="BTC-USDT")
        error = None
    except bingx_spot.BingXError as caught:
        error = type(caught).__name__
    client = bingx_spot.make_client(DEMO_API_KEY, DEMO_SECRET_KEY, transport=exchange.transport())
    first = made_up_cancel.sync(client=client, symbol="BTC-USDT")
    second = made_up_cancel.sync(client=client, symbol="BTC-USDT")
    sent = [r for r in exchange.requests if r.url.path == NEW_PATH]
    print(json.dumps({
        "codes": [first.code, second.code],
        "keys": [[k for k, _ in r.url.params.multi_items()] for r in sent],
        "api_key_sent": all(r.headers.get("X-BX-APIKEY") == DEMO_API_KEY for r in sent),
        "gap_ms": int(sent[2].url.params["timestamp"]) - int(sent[1].url.params["timestamp"]),
        "error": error,
    }))
    """
)


def test_a_new_operation_needs_only_the_spec(tmp_path: Path) -> None:
    for name in ("Makefile", "generator_config.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "auth_patch", tmp_path / "auth_patch",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts",
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    spec["paths"][NEW_PATH] = NEW_OPERATION
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")

    subprocess.run(
        ["make", "--no-print-directory", "-C", str(tmp_path), "_generate_into", "OUT=generated",
         f"BIN={BIN}"],
        check=True, capture_output=True,
    )  # fmt: skip
    generated = tmp_path / "generated"
    assert (generated / "bingx_spot_client/api/trade/made_up_cancel.py").is_file()
    env = {**os.environ, "PYTHONPATH": f"{generated}{os.pathsep}{tmp_path / 'auth_patch'}"}
    caller = f"NEW_PATH = {NEW_PATH!r}\n{CALLER}"
    done = subprocess.run([sys.executable, "-c", caller], env=env, capture_output=True,
                          text=True, check=True, timeout=120)  # fmt: skip
    seen = json.loads(done.stdout)

    assert seen["codes"] == [0, 0]  # the exchange verified both signatures
    assert seen["keys"] == [["recvWindow", "symbol", "timestamp", "signature"]] * 3
    assert seen["api_key_sent"]
    assert seen["gap_ms"] >= 1000  # x-bingx-rate-limit.uid = 1 per second, kept client-side
    assert seen["error"] == "AuthenticationError"


def test_provenance_names_the_generator_and_its_inputs() -> None:
    import hashlib  # noqa: PLC0415

    provenance = json.loads((ROOT / "generated/PROVENANCE.json").read_text(encoding="utf-8"))

    assert provenance["generator"].startswith("openapi-python-client ")
    for name in ("openapi.yaml", "generator_config.yml"):
        assert provenance["sha256"][name] == hashlib.sha256((ROOT / name).read_bytes()).hexdigest()


def _operations() -> list[str]:
    import pkgutil  # noqa: PLC0415

    import bingx_spot_client.api  # noqa: PLC0415

    found = pkgutil.walk_packages(bingx_spot_client.api.__path__, "bingx_spot_client.api.")
    return sorted(info.name for info in found if not info.ispkg)


def test_every_operation_of_the_spec_is_generated() -> None:
    spec = bingx_spot.wire.spec.load()
    names = {module.rsplit(".", 1)[-1] for module in _operations()}
    assert names
    assert {
        re.sub(r"(?<!^)([A-Z])", r"_\1", op.operation_id).lower() for op in spec.operations
    } == names


@pytest.mark.parametrize("module", _operations())
def test_calls_return_the_model_and_say_what_they_raise(module: str) -> None:
    loaded = importlib.import_module(module)
    for name in ("sync", "asyncio", "sync_detailed", "asyncio_detailed"):
        call = getattr(loaded, name)
        doc = call.__doc__ or ""
        assert "bingx_spot.BingXError" in doc, name
        assert "bingx_spot.errors" in doc
        assert "UnexpectedStatus" not in doc
        assert "TimeoutException" not in doc
        assert "httpx." not in doc
    for name in ("sync", "asyncio"):
        returned = typing.get_type_hints(getattr(loaded, name))["return"]
        assert isinstance(returned, type), returned  # the model itself, not `Model | None`
        assert returned.__module__.startswith("bingx_spot_client.models.")


def test_a_client_without_the_layer_never_gets_none_back() -> None:
    # Without make_client nothing raises before the parser: the call raises the generator's own
    # error instead of returning None, whatever raise_on_unexpected_status says.
    import httpx  # noqa: PLC0415

    from bingx_spot_client import errors  # noqa: PLC0415
    from bingx_spot_client.api.common import server_time  # noqa: PLC0415
    from bingx_spot_client.client import AuthenticatedClient  # noqa: PLC0415

    client = AuthenticatedClient(
        base_url="http://127.0.0.1:9", token="t",
        httpx_args={"transport": httpx.MockTransport(lambda request: httpx.Response(502))},
    )  # fmt: skip
    assert server_time.sync_detailed(client=client).parsed is None
    with pytest.raises(errors.UnexpectedStatus) as caught:
        server_time.sync(client=client)
    assert caught.value.status_code == 502


def test_the_generated_sources_import_nothing_of_the_layer() -> None:
    import ast  # noqa: PLC0415

    found = []
    for path in sorted((ROOT / "generated/bingx_spot_client").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            found += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] == "bingx_spot"
            ]
    assert found == []


STANDALONE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys

    class NoLayer:  # bingx_spot is installed here: refuse it, so nothing can lean on it
        def find_spec(self, name, path=None, target=None):
            if name == "bingx_spot" or name.startswith("bingx_spot."):
                raise ImportError(f"the generated package imported {name}")

    sys.meta_path.insert(0, NoLayer())
    import httpx
    import bingx_spot_client
    for info in pkgutil.walk_packages(bingx_spot_client.__path__, "bingx_spot_client."):
        importlib.import_module(info.name)
    from bingx_spot_client import errors
    from bingx_spot_client.api.trade import open_orders
    from bingx_spot_client.client import AuthenticatedClient

    sent = []
    client = AuthenticatedClient(base_url="http://127.0.0.1:9", token="t",
                                 httpx_args={"transport": httpx.MockTransport(sent.append)})
    try:
        open_orders.sync(client=client, symbol="BTC-\\ud800USDT")
    except errors.InvalidArgument as error:
        raised = [type(error).__name__, isinstance(error, ValueError), str(error)]
    print(json.dumps({
        "raised": raised,
        "sent": len(sent),
        "layer": sorted(name for name in sys.modules if name.split(".")[0] == "bingx_spot"),
    }))
    """
)


def test_the_generated_package_stands_alone() -> None:
    # Every module imports, and a request httpx cannot build is refused with the package's own
    # error, with no bingx_spot importable at all.
    done = subprocess.run([sys.executable, "-c", STANDALONE], capture_output=True, text=True,
                          check=True, timeout=60, cwd=ROOT / "generated")  # fmt: skip
    seen = json.loads(done.stdout)

    assert seen["raised"] == [
        "InvalidArgument",
        True,
        "symbol must not contain lone surrogates (not UTF-8)",
    ]
    assert seen["sent"] == 0
    assert seen["layer"] == []


def test_the_generated_refusal_blames_what_the_signer_refuses() -> None:
    from bingx_spot_client import errors  # noqa: PLC0415

    assert errors.MAX_CHARS == bingx_spot.wire.signing.MAX_CHARS
    # make_client's auth answers the generated package's hook with the SDK's own error.
    auth = bingx_spot.make_client("key-abcdef", "secret-abcdef").get_httpx_client().auth
    mapped = getattr(auth, errors.REFUSED_HOOK)(errors.InvalidArgument("symbol is bad"))
    assert isinstance(mapped, bingx_spot.InvalidArgumentError)
    assert str(mapped) == "symbol is bad"


def test_one_operation_loads_only_the_models_it_uses_and_every_model_is_reachable() -> None:
    # templates/models_init.py.jinja: the models package loads each model on first use.
    code = (
        "import sys\n"
        "from bingx_spot_client.api.trade import cancel_open_orders\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules"
        " if m.startswith('bingx_spot_client.models.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['cancel_open_orders_response']"

    models = importlib.import_module("bingx_spot_client.models")
    for name in models.__all__:
        assert getattr(models, name).__name__ == name
    assert set(models.__all__) <= set(dir(models))
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018
