"""Hash-chained logs: appends chain in order, and tampering is found and named."""

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from casework.cases.access_log import AccessAction, record_access, verify_access_log
from casework.store.db import transaction
from crypto import ChainError


def _write(engine: Engine, count: int) -> None:
    with transaction(engine) as session:
        for index in range(count):
            record_access(
                session=session, actor_id=None, action=AccessAction.SIGN_IN, detail=f"n{index}"
            )


def test_appended_entries_verify(engine: Engine) -> None:
    """Entries appended in separate transactions form one valid chain."""
    _write(engine, 3)
    _write(engine, 2)

    with transaction(engine) as session:
        assert verify_access_log(session=session) == 5


@pytest.mark.parametrize(
    ("statement", "broken_id"),
    [
        pytest.param("UPDATE access_log SET detail = 'edited' WHERE id = 3", 3, id="edit"),
        pytest.param("DELETE FROM access_log WHERE id = 2", 2, id="delete"),
        pytest.param("UPDATE access_log SET action = 'grant' WHERE id = 4", 4, id="edit-action"),
    ],
)
def test_tampering_names_the_first_broken_entry(
    engine: Engine, statement: str, broken_id: int
) -> None:
    """Editing a row breaks the chain at that row; deleting one is named by its missing id."""
    _write(engine, 5)
    with engine.begin() as connection:
        connection.execute(text(statement))

    with transaction(engine) as session, pytest.raises(ChainError) as raised:
        verify_access_log(session=session)

    assert raised.value.entry_id == broken_id
