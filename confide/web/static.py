"""Static assets served by Confide itself, with Subresource Integrity for vendored scripts."""

import json
from functools import cache
from pathlib import Path

from starlette.staticfiles import StaticFiles

SHARED_STATIC = Path(__file__).parent / "static"


@cache
def integrity(name: str) -> str:
    """The recorded SRI hash of a vendored asset (see static/vendored.json)."""
    recorded = json.loads((SHARED_STATIC / "vendored.json").read_text())
    return str(recorded[name]["integrity"])


def shared_static() -> StaticFiles:
    """The shared assets (htmx, the base style sheet)."""
    return StaticFiles(directory=SHARED_STATIC)
