"""Encrypting and decrypting the records of a case under its key.

Associated data binds each ciphertext to its table, row and field, so that a ciphertext
copied onto another row, another case or another field fails to decrypt.
"""

from sqlmodel import Session

from casework.cases.envelope import CaseRecord
from casework.store.clock import today
from casework.store.ids import new_id
from casework.store.sealing import open_field, seal_field
from crypto import padded_size


def seal_record(
    *, session: Session, case_id: str, case_key: bytes, kind: str, plaintext: bytes
) -> CaseRecord:
    """Encrypt ``plaintext`` as a new record of the case and add it to the session."""
    record_id = new_id()
    ciphertext = seal_field(case_key, CaseRecord, record_id, kind, plaintext)
    record = CaseRecord(
        id=record_id,
        case_id=case_id,
        kind=kind,
        ciphertext=ciphertext,
        padded_size=padded_size(len(ciphertext)),
        created_on=today(),
    )
    session.add(record)
    return record


def open_record(*, case_key: bytes, record: CaseRecord) -> bytes:
    """Decrypt a record (raises crypto.DecryptionError if it was moved or altered)."""
    return open_field(case_key, CaseRecord, record.id, record.kind, record.ciphertext)
