"""End to end across both apps: an officer asks, the reporter consents in the gateway, the
officer records the referral in the console, the export downloads, and the logs verify."""

from __future__ import annotations

import hashlib
import io
import zipfile

from click.testing import CliRunner
from sqlmodel import select
from starlette.testclient import TestClient

from casework.cases.envelope import Case
from casework.people.office import set_channel_recipients
from casework.referrals.consent import ConsentRequest
from casework.referrals.consent_log import ConsentEntry
from casework.store.db import transaction
from confide.cli import main
from confide.settings import Settings
from crypto import format_receipt
from gateway.app import create_app as create_gateway
from reviewer_console.app import create_app as create_console
from tests.conftest import OfficeFixture
from tests.gateway.conftest import csrf_token, log_in, receipt_from, submit_report
from tests.reviewer_console.consolekit import BASE_URL, Console


def test_consent_referral_across_both_apps(settings: Settings, office: OfficeFixture) -> None:
    """The whole G4 path, through the two real ASGI apps on one database."""
    officer = office.person("officer")
    with transaction(office.engine) as session:
        set_channel_recipients(session=session, channel="report", principal_ids=[officer.id])
    with (
        TestClient(create_gateway(settings), base_url=BASE_URL) as gateway,
        TestClient(create_console(settings), base_url=BASE_URL) as console_client,
    ):
        console = Console(console_client, settings, office.engine)
        receipt = receipt_from(submit_report(gateway).text)
        with transaction(office.engine) as session:
            case_id = session.exec(select(Case)).one().id
        console.act_as(officer)
        asked = console.post(
            f"/cases/{case_id}/consents",
            {"what": "the report", "recipient": "investigations", "why": "to investigate it"},
        )
        with transaction(office.engine) as session:
            request_id = session.exec(select(ConsentRequest)).one().id
        gateway.cookies.clear()
        log_in(gateway, format_receipt(receipt))
        page = gateway.get("/case")
        consented = gateway.post(
            f"/case/consents/{request_id}",
            data={"answer": "give", "csrf_token": csrf_token(page.text)},
            follow_redirects=False,
        )
        recorded = console.post(
            f"/cases/{case_id}/referrals",
            {
                "recipient": "investigations",
                "basis": "consent",
                "what": "the report",
                "consent": request_id,
                "answers": "1",
                "messages": "1",
            },
        )
        with transaction(office.engine) as session:
            entry = session.exec(select(ConsentEntry)).one()
            referral_id = entry.referral_id
        export = console.get(f"/cases/{case_id}/referrals/{referral_id}/export")
        env = {"CONFIDE_DATA_DIR": str(settings.data_dir)}
        env["CONFIDE_DATABASE_URL"] = settings.resolved_database_url
        verified = CliRunner().invoke(main, ["verify-logs"], env=env)

    assert asked.status_code == 303
    assert "to investigate it" in page.text
    assert consented.status_code == 303
    assert recorded.status_code == 303
    assert export.status_code == 200
    assert hashlib.sha256(export.content).hexdigest() == entry.export_sha256
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert archive.namelist() == ["summary.txt", "answers.json", "messages.txt"]
    assert "Invoices were paid twice" in archive.read("answers.json").decode()
    assert verified.exit_code == 0, verified.output
    assert "consent log: 1 entries verified" in verified.output
