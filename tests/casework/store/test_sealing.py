"""One way to seal a field: bound to its table, row and field, whatever the model."""

import pytest

from casework.cases.envelope import CaseRecord
from casework.cases.messages import Message
from casework.store.sealing import binding_table, open_field, seal_field
from crypto import DecryptionError, generate_case_key


def test_a_sealed_field_opens_only_where_it_was_sealed() -> None:
    """Moving a ciphertext to another row, field, table or key makes it fail to open."""
    key = generate_case_key()
    sealed = seal_field(key, Message, "row-1", "body", b"what happened")

    assert open_field(key, Message, "row-1", "body", sealed) == b"what happened"
    for model, row, field, other_key in (
        (Message, "row-2", "body", key),
        (Message, "row-1", "meta", key),
        (CaseRecord, "row-1", "body", key),
        (Message, "row-1", "body", generate_case_key()),
    ):
        with pytest.raises(DecryptionError):
            open_field(other_key, model, row, field, sealed)


def test_a_renamed_table_keeps_its_old_binding() -> None:
    """A model renamed after ciphertexts were made binds them to ``__seal_as__``."""

    class Renamed:
        __tablename__ = "referral"
        __seal_as__ = "disclosure"

    assert binding_table(Renamed) == "disclosure"
    assert binding_table(Message) == "message"
