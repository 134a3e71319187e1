"""The layer rules of DESIGN.md hold: import contracts, and G6 at run time."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
UNWRAPPING_MODULES = ("crypto.seedwrap", "casework.people.principals_auth")


def test_import_contracts_are_kept() -> None:
    """import-linter's contracts (crypto alone, casework below the apps, G6) all hold."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_gateway_process_never_loads_seed_unwrapping_code() -> None:
    """Importing every gateway module and building the app loads nothing that unwraps a seed."""
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "gateway").rglob("*.py")
    )
    program = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )

    loaded = set(json.loads(result.stdout))
    assert "gateway.app" in loaded
    assert loaded.isdisjoint(UNWRAPPING_MODULES)


def test_statistics_load_no_crypto_at_all() -> None:
    """Counting loads no crypto module: it cannot open a key even by accident."""
    program = (
        "import json, sys\n"
        "import casework.statistics.counts\n"
        "import casework.statistics.disclosure\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, check=True
    )

    loaded = set(json.loads(result.stdout))
    assert {"casework.statistics.counts", "casework.statistics.disclosure"} <= loaded
    assert not [name for name in loaded if name == "crypto" or name.startswith("crypto.")]
