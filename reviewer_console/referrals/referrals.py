"""Consent requests, referrals outside the office, their approval and export (G4).

Each case has a referrals page where a grant holder asks the reporter for consent, records
a referral with its basis, approves a colleague's exception-based referral, and
downloads the referral export of a referral that has taken effect. The export route is the
only console route that produces decrypted material for outside use; it is declared with
``purpose="export"`` and refuses anything without a consent-log entry
(:func:`casework.referrals.recording.export_stream`). Every step is also written to the access log.
"""

from collections.abc import Callable
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse

from casework.cases.access import case_key_for
from casework.cases.attachments import file_meta
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.cases.messages import attachments_of
from casework.people.principals import STAFF_ROLES, list_principals
from casework.referrals.consent import (
    RECIPIENT_LABELS,
    ConsentError,
    Recipient,
    RequestContent,
    ask,
)
from casework.referrals.consent import requests_of as consent_requests
from casework.referrals.consent_log import BASIS_LABELS, Basis
from casework.referrals.export import ExportIntegrityError, ExportSelection
from casework.referrals.recording import (
    Referral,
    ReferralError,
    ReferralRequest,
    approve,
    authorise_export,
    body_of,
    export_stream,
    record,
    referrals_of,
    used_consents,
)
from casework.store.blobs import BlobStore
from casework.store.ids import case_reference
from reviewer_console.cases.downloads import content_disposition
from reviewer_console.i18n import _
from reviewer_console.permissions import CASEWORKERS, SecuredRoute, route, staff_of
from reviewer_console.web import db, form_fields, form_list, render


def _context(session: Session, staff_id: str, keys: Any, case_id: str) -> dict[str, Any]:
    case_key = case_key_for(session=session, case_id=case_id, principal_id=staff_id, keys=keys)
    case = session.get(Case, case_id)
    assert case is not None
    referrals = referrals_of(session=session, case_id=case_id)
    return {
        "case": case,
        "reference": case_reference(case_id),
        "requests": consent_requests(session=session, case_id=case_id, case_key=case_key),
        "used": used_consents(session=session, case_id=case_id),
        "referrals": [(d, body_of(d, case_key)) for d in referrals],
        "files": [
            (a, file_meta(case_key=case_key, attachment=a))
            for a in attachments_of(session=session, case_id=case_id)
        ],
        "dialogue": read_messages(
            session=session, case_id=case_id, case_key=case_key, include_internal=False
        ),
        "names": {p.id: p.username for p in list_principals(session=session, roles=STAFF_ROLES)},
        "recipients": [(r.value, RECIPIENT_LABELS[r]) for r in Recipient],
        "bases": [(b.value, BASIS_LABELS[b]) for b in Basis],
        "me": staff_id,
    }


async def page(
    request: Request, *, error: str | None = None, typed: dict[str, str] | None = None
) -> Response:
    """The case's consent requests and referrals."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    context = await db(
        request, lambda session: _context(session, staff.principal_id, staff.keys, case_id)
    )
    context.update(error=error, typed=typed or {})
    return render(
        request, "referrals.html", context, block="referrals", status_code=400 if error else 200
    )


def _back(case_id: str) -> Response:
    return RedirectResponse(f"/cases/{case_id}/referrals", status_code=303)


Step = Callable[[Session, bytes], None]
"""One write on the case, given the case key; returns the access-log detail."""

REFUSALS = (ConsentError, ReferralError, ExportIntegrityError)


async def _write(request: Request, step: Step, typed: dict[str, str] | None = None) -> Response:
    """Open the case key with the officer's grant, run ``step`` (it logs), redirect back.

    A refusal (a consent that cannot be used, a missing basis, ...) rolls the step back and
    shows the page again with the reason and what was typed.
    """
    staff = staff_of(request)
    case_id = request.path_params["case_id"]

    def work(session: Session) -> str | None:
        key = case_key_for(
            session=session, case_id=case_id, principal_id=staff.principal_id, keys=staff.keys
        )
        try:
            step(session, key)
        except REFUSALS as exc:
            session.rollback()
            return str(exc)
        return None

    error = await db(request, work)
    if error:
        return await page(request, error=error[0].upper() + error[1:] + ".", typed=typed)
    return _back(case_id)


async def ask_consent(request: Request) -> Response:
    """Ask the reporter for consent to share named information with a named body."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    fields = await form_fields(request)
    try:
        content = RequestContent(
            what=fields.get("what", ""),
            recipient=Recipient(fields.get("recipient", "")),
            recipient_name=fields.get("recipient_name", ""),
            why=fields.get("why", ""),
        )
    except ValueError:
        return await page(request, error=_("Choose who would receive it."), typed=fields)

    def step(session: Session, key: bytes) -> None:
        ask(
            session=session,
            case_id=case_id,
            case_key=key,
            officer_id=staff.principal_id,
            content=content,
        )

    return await _write(request, step, typed=fields)


async def record_referral(request: Request) -> Response:
    """Record a referral with its basis (a consent, or an exception awaiting approval)."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    fields = await form_fields(request)
    attachment_ids = tuple(await form_list(request, "attachment"))
    message_ids = tuple(await form_list(request, "message"))
    try:
        wanted = ReferralRequest(
            recipient=Recipient(fields.get("recipient", "")),
            basis=Basis(fields.get("basis", "")),
            what=fields.get("what", ""),
            recipient_name=fields.get("recipient_name", ""),
            justification=fields.get("justification", ""),
            consent_request_id=fields.get("consent") or None,
            selection=ExportSelection(
                answers="answers" in fields,
                identity="identity" in fields,
                messages="messages" in fields,
                attachment_ids=attachment_ids,
                message_ids=message_ids,
            ),
        )
    except ValueError:
        return await page(request, error=_("Choose the recipient and the basis."), typed=fields)
    blobs = BlobStore(request.app.state.settings.blob_dir)

    def step(session: Session, key: bytes) -> None:
        record(
            session=session,
            case_id=case_id,
            case_key=key,
            officer_id=staff.principal_id,
            officer_keys=staff.keys,
            request=wanted,
            blobs=blobs,
        )

    return await _write(request, step, typed=fields)


async def approve_referral(request: Request) -> Response:
    """A second officer approves an exception-based referral; it then takes effect."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    referral_id = request.path_params["referral_id"]

    def step(session: Session, _key: bytes) -> None:
        referral = session.get(Referral, referral_id)
        if referral is None or referral.case_id != case_id:
            raise ReferralError("there is no referral awaiting approval")
        approve(
            session=session,
            referral_id=referral_id,
            approver_id=staff.principal_id,
            approver_keys=staff.keys,
        )

    return await _write(request, step)


async def export(request: Request) -> Response:
    """The referral export, only for a referral with a consent-log entry (logged)."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    referral_id = request.path_params["referral_id"]
    blobs = BlobStore(request.app.state.settings.blob_dir)

    def work(session: Session) -> bytes | str:
        try:
            authorise_export(
                session=session,
                case_id=case_id,
                referral_id=referral_id,
                actor_id=staff.principal_id,
            )
        except ReferralError:
            return _("Record the referral, and have it approved, before exporting.")
        return case_key_for(
            session=session, case_id=case_id, principal_id=staff.principal_id, keys=staff.keys
        )

    found = await db(request, work)
    if isinstance(found, str):
        return await page(request, error=found)
    engine = request.app.state.engine

    def chunks() -> Any:
        from casework.store.db import transaction

        with transaction(engine) as session:
            yield from export_stream(
                session=session, referral_id=referral_id, case_key=found, blobs=blobs
            )

    name = f"referral-{case_reference(case_id)}-{referral_id[:8]}.zip"
    return StreamingResponse(
        chunks(),
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition(name),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "sandbox; default-src 'none'",
        },
    )


def routes() -> list[SecuredRoute]:
    """The consent and referral routes; every one needs a grant on ``case_id``."""
    base = "/cases/{case_id}"
    return [
        route(f"{base}/referrals", page, roles=CASEWORKERS),
        route(f"{base}/consents", ask_consent, methods=["POST"], roles=CASEWORKERS),
        route(f"{base}/referrals", record_referral, methods=["POST"], roles=CASEWORKERS),
        route(
            f"{base}/referrals/{{referral_id}}/approve",
            approve_referral,
            methods=["POST"],
            roles=CASEWORKERS,
        ),
        route(
            f"{base}/referrals/{{referral_id}}/export",
            export,
            roles=CASEWORKERS,
            purpose="export",
        ),
    ]
