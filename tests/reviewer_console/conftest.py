"""Console fixtures: a running app on the fresh test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from consolekit import BASE_URL, Console, TestClient

from confide.settings import Settings
from reviewer_console.app import create_app


@pytest.fixture
def console(settings: Settings, office: object) -> Iterator[Console]:
    """The console on the test database, with its lifespan running."""
    with TestClient(create_app(settings), base_url=BASE_URL) as client:
        yield Console(client=client, settings=settings, engine=office.engine)  # type: ignore[attr-defined]
