"""The build tools in the environment meet the floor pinned in the Makefile, and bandit runs."""

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
MAKEFILE = (ROOT / "Makefile").read_text()


def _pins() -> dict[str, tuple[int, ...]]:
    """The ``name>=version`` floors of the Makefile's BUILD_TOOLS line."""
    line = re.search(r"^BUILD_TOOLS := (.+)$", MAKEFILE, re.MULTILINE)
    assert line, "the Makefile pins no build tools"
    floors = re.findall(r"'([a-z]+)>=([0-9.]+)'", line.group(1))
    return {name: tuple(int(part) for part in floor.split(".")) for name, floor in floors}


def _installed(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version(name))[:3])


def test_build_tools_are_pinned() -> None:
    """pip, setuptools and wheel have floors, and setuptools' is past its known CVEs."""
    pins = _pins()

    assert set(pins) == {"pip", "setuptools", "wheel"}
    assert pins["setuptools"] >= (78, 1, 1)


@pytest.mark.parametrize("name", ["pip", "setuptools", "wheel"])
def test_environment_meets_the_floor(name: str) -> None:
    """The virtual environment was built with (at least) the pinned tools."""
    assert _installed(name) >= _pins()[name]


def test_lint_runs_bandit_and_it_passes() -> None:
    """`make lint` runs bandit over every package; every finding left is marked on purpose."""
    lint = MAKEFILE.split("\nlint:")[1].split("\n\n")[0]
    command = next(line.split()[1:] for line in lint.splitlines() if "bandit" in line)

    result = subprocess.run(
        [str(Path(sys.executable).parent / "bandit"), *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stderr.strip(), result.stderr
