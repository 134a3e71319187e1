"""Console fixtures: a running app on the fresh test database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from consolekit import BASE_URL, Console, TestClient

from confide.settings import Settings
from reviewer_console.app import create_app
from tests.browserkit import serve


@pytest.fixture
def console(settings: Settings, office: object) -> Iterator[Console]:
    """The console on the test database, with its lifespan running."""
    with TestClient(create_app(settings), base_url=BASE_URL) as client:
        yield Console(client=client, settings=settings, engine=office.engine)  # type: ignore[attr-defined]


@pytest.fixture
def live_console(settings: Settings, office: object, tmp_path: Path) -> Iterator[str]:
    """The real console under uvicorn over TLS (see :mod:`tests.browserkit`); its base URL."""
    with serve(create_app(settings), tmp_path) as url:
        yield url


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def js(request: pytest.FixtureRequest) -> bool:
    """Whether the browser runs JavaScript."""
    return bool(request.param)
