"""The one way to seal a field of a row: AEAD under a key, bound to table, row and field.

Every sealed value (a case record, a message body, a file's key and name, a consent
request or answer, a referral's description, a principal's TOTP secret) is encrypted with
associated data naming the table, the row id and the field, so that a ciphertext copied
onto another row, another case or another field fails to open (``crypto.DecryptionError``).
The table name is taken from the model, never spelled by hand; a model renamed after
ciphertexts were made keeps the old name for the binding in ``__seal_as__``.
"""

from typing import Any

from crypto import decrypt_record, encrypt_record


def binding_table(model: Any) -> str:
    """The table name a model's sealed fields are bound to."""
    name = getattr(model, "__seal_as__", None) or model.__tablename__
    return str(name)


def seal_field(key: bytes, model: Any, row_id: str, field: str, plaintext: bytes) -> bytes:
    """Encrypt ``plaintext`` as ``field`` of row ``row_id`` of ``model``'s table.

    Args:
        key: the case key (or, for a principal's own secrets, a key from their seed).
        model: the SQLModel class of the row (or the row itself).
        row_id: the row's primary key.
        field: the column, or the kind of record, the value is stored as.
        plaintext: what to seal.

    Returns:
        The ciphertext to store in that row.
    """
    return encrypt_record(key, plaintext, table=binding_table(model), row_id=row_id, field=field)


def open_field(key: bytes, model: Any, row_id: str, field: str, ciphertext: bytes) -> bytes:
    """Decrypt what :func:`seal_field` sealed for the same row and field.

    Raises:
        crypto.DecryptionError: the key is wrong, or the ciphertext was moved or altered.
    """
    return decrypt_record(key, ciphertext, table=binding_table(model), row_id=row_id, field=field)
