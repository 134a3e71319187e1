"""Typed factories for tests: receipts, cases and the test channels.

Every test file that needs a case, a receipt or a principal uses these instead of spelling
intake out again. The test channels (``speak-up``, ``whistle``, ``bulk``) are copies of the
report channel under other ids, so that tests can route, filter and count by channel
without depending on the channels later issues add; they are registered once, when this
module is imported (by ``tests/conftest.py``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Engine

from casework.cases.attachments import store_attachment
from casework.cases.intake import Submission, submit_case
from casework.cases.messages import Author
from casework.channels.registry import all_policies, register
from casework.channels.report.policy import REPORT_POLICY
from casework.people.office import set_channel_recipients
from casework.store.blobs import BlobStore
from casework.store.db import transaction
from crypto import TEST_KDF, ReceiptSecrets, derive_receipt, generate_receipt
from intake_forms import get_form, publish
from intake_forms.report import REPORT_FORM

TEST_CHANNELS = ("speak-up", "whistle", "bulk")


def register_test_channels() -> None:
    """Register the test channels (copies of the report channel) once per process."""
    present = {policy.id for policy in all_policies()}
    for channel in TEST_CHANNELS:
        if channel not in present:
            publish(replace(REPORT_FORM, id=channel))
            register(replace(REPORT_POLICY, id=channel, title=f"Test channel {channel}"))


def receipt_secrets(office_salt: bytes, pepper: bytes) -> tuple[str, ReceiptSecrets]:
    """A new receipt and its derived secrets (with the cheap test KDF)."""
    receipt = generate_receipt()
    secrets = derive_receipt(receipt, office_salt=office_salt, pepper=pepper, params=TEST_KDF)
    return receipt, secrets


def submit(
    engine: Engine,
    secrets: ReceiptSecrets,
    *,
    channel: str = "report",
    category: str = "fraud",
    answers: Mapping[str, Any] | bytes | None = None,
    identity: Mapping[str, Any] | bytes | None = None,
    recipients: Sequence[str] | None = None,
    facts: Mapping[str, str] | None = None,
) -> tuple[str, bytes]:
    """Submit a case through intake; returns its id and key."""

    version = get_form(channel).version

    def encoded(value: Mapping[str, Any] | bytes, key: str) -> bytes:
        if isinstance(value, bytes):
            return value
        document = {"form": channel, "version": version, "language": "en", key: dict(value)}
        return json.dumps(document).encode()

    with transaction(engine) as session:
        if recipients is not None:
            set_channel_recipients(session=session, channel=channel, principal_ids=recipients)
        case, key = submit_case(
            session=session,
            submission=Submission(
                channel=channel,
                form_version=version,
                category=category,
                answers=encoded(
                    answers if answers is not None else {"what": "Invoices"}, "answers"
                ),
                identity=None if identity is None else encoded(identity, "identity"),
                facts=dict(facts or {}),
            ),
            reporter=secrets,
        )
        return case.id, key


def make_case(
    engine: Engine,
    settings: Any,
    office: Any,
    *,
    channel: str = "speak-up",
    category: str = "fraud",
    answers: dict[str, Any] | None = None,
    identity: dict[str, Any] | None = None,
    recipients: list[str] | None = None,
    files: Sequence[tuple[str, bytes]] = (),
) -> tuple[str, bytes]:
    """Submit a case with a fresh receipt, granted to ``recipients``, with reporter files."""
    _receipt, secrets = receipt_secrets(office.office_salt, settings.pepper)
    case_id, key = submit(
        engine,
        secrets,
        channel=channel,
        category=category,
        answers=answers or {"what": "Invoices were inflated"},
        identity=identity,
        recipients=recipients,
    )
    with transaction(engine) as session:
        for name, content in files:
            store_attachment(
                session=session,
                blobs=BlobStore(settings.blob_dir),
                case_id=case_id,
                case_key=key,
                author=Author.REPORTER,
                name=name,
                content_type="application/pdf",
                chunks=[content],
            )
    return case_id, key
