"""Reading the reference lists shipped in ``intake_forms/data`` (no network, no dependency)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@cache
def rows(file_name: str, key: str) -> tuple[dict[str, Any], ...]:
    """The list under ``key`` in the shipped JSON file ``file_name`` (read once)."""
    document = json.loads((DATA / file_name).read_text(encoding="utf-8"))
    return tuple(document[key])
