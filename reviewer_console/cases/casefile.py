"""The case page: decrypted answers, identity on a stated reason, dialogue, notes, status.

Every view here sits on a ``{case_id}`` route, so :class:`~.permissions.SecuredRoute` has
already refused anyone without a grant; the case key is then opened with the principal's
own grant and session keys (G3). Showing the page writes ``open_case``; opening the
identity writes ``reveal_identity`` with the reason code. Writes answer htmx with the
changed block and everything else with a redirect back to the page (post/redirect/get).

Each action belongs to one section of the page (``dialogue``, ``workflow``, ``access``,
``identity``): with htmx it swaps only that section, and a refusal comes back as that
section with the reason inside it and what was typed kept (400), so the rest of the page
never changes under the officer. Without htmx the same refusal is the whole page with the
reason in the same place.
"""

import functools
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access import case_key_for, grant_case, open_case
from casework.cases.attachments import file_meta
from casework.cases.deadlines import badges
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.cases.facts import facts_of
from casework.cases.messages import attachments_of
from casework.cases.milestones import milestones_of
from casework.cases.workflow import (
    RevealReason,
    WorkflowError,
    assign,
    change_status,
    close,
    colleagues,
    has_identity,
    read_answers,
    reveal_identity,
    write,
)
from casework.channels.policy import CLOSED
from casework.channels.registry import get_policy
from casework.people.principals import STAFF_ROLES, Principal, list_principals
from casework.store.clock import today
from casework.store.ids import case_reference
from intake_forms.documents import written_in
from reviewer_console.cases.channel_panels import channel_panel
from reviewer_console.cases.labels import shown_document
from reviewer_console.i18n import _
from reviewer_console.people.sessions import Staff
from reviewer_console.permissions import CASEWORKERS, READERS, SecuredRoute, route, staff_of
from reviewer_console.web import db, form_fields, is_htmx, render

BLOCK_ELEMENTS = {"case_main": "#case-main"}
"""The element each template block renders, where its id differs from the block's name."""


def case_context(session: Session, staff: Staff, case: Case, case_key: bytes) -> dict[str, Any]:
    """Everything the case page shows, decrypted with the key the grant opened."""
    staff_list = list_principals(session=session, roles=STAFF_ROLES)
    policy = get_policy(case.channel)
    document = read_answers(session=session, case_id=case.id, case_key=case_key)
    return {
        "case": case,
        "policy": policy,
        "reference": case_reference(case.id),
        "badges": badges(case, milestones_of(session=session, case=case), today()),
        "answers": shown_document(document, "answers", case),
        "answers_language": written_in(document),
        "identity_stored": has_identity(session=session, case_id=case.id),
        "messages": read_messages(
            session=session, case_id=case.id, case_key=case_key, include_internal=True
        ),
        "files": [
            (a, file_meta(case_key=case_key, attachment=a))
            for a in attachments_of(session=session, case_id=case.id)
        ],
        "colleagues": colleagues(session=session, case_id=case.id, staff=staff_list),
        "names": {p.id: p.username for p in staff_list},
        "facts": facts_of(session=session, case_id=case.id),
        "channel_panel": channel_panel(session, case, case_key),
        "next_statuses": policy.next_statuses(case.status),
        "texts_needed": [o for o in policy.outcomes if o.needs_text],
        "outcomes": policy.outcomes,
        "reasons": list(RevealReason),
        "can_write": staff.role in CASEWORKERS,
    }


async def show(
    request: Request,
    *,
    error: str | None = None,
    identity: dict[str, Any] | None = None,
    block: str = "case_main",
    status_code: int = 200,
    typed: dict[str, str] | None = None,
) -> Response:
    """Open the case (logged) and render the page, or one block of it for htmx."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]

    def work(session: Session) -> dict[str, Any]:
        case_key = open_case(
            session=session, case_id=case_id, principal_id=staff.principal_id, keys=staff.keys
        )
        case = session.get(Case, case_id)
        assert case is not None
        return case_context(session, staff, case, case_key)

    context = await db(request, work)
    shown = shown_document(identity, "identity", context["case"]) if identity else None
    context.update(error=error, error_in=block, identity=shown, typed=typed or {})
    return render(request, "case.html", context, block=block, status_code=status_code)


async def case_page(request: Request) -> Response:
    """The case, decrypted for a grant holder."""
    return await show(request)


async def act(
    request: Request, action: Any, block: str, kind: str = "", *, done: str | None = None
) -> Response:
    """Run a write on the case; answer with the block (htmx) or a redirect (plain form).

    ``action`` is called with the session, the staff member, the case, its key and the
    form's fields; a :class:`WorkflowError` (or ``ValueError``/``LookupError``) rolls the
    transaction back and shows its message inside ``block``, with nothing changed and what
    was typed kept (``kind`` names which form of the section was sent). A write that
    changes more than its own section names the block to show once it is done (``done``):
    htmx is told to swap that one instead (``HX-Retarget``).
    """
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    fields = await form_fields(request)

    def work(session: Session) -> str | None:
        case_key = case_key_for(
            session=session, case_id=case_id, principal_id=staff.principal_id, keys=staff.keys
        )
        case = session.get(Case, case_id)
        assert case is not None
        try:
            action(session, staff, case, case_key, fields)
        except (WorkflowError, ValueError, LookupError) as exc:
            session.rollback()
            return str(exc) or _("That change is not possible.")
        return None

    error = await db(request, work)
    if error is not None:
        return await show(
            request,
            error=error[0].upper() + error[1:].rstrip(".") + ".",
            block=block,
            status_code=400,
            typed={**fields, "kind": kind},
        )
    if not is_htmx(request):
        return RedirectResponse(f"/cases/{case_id}#{block}", status_code=303)
    response = await show(request, block=done or block)
    if done and done != block:
        response.headers["HX-Retarget"] = BLOCK_ELEMENTS.get(done, f"#{done}")
    return response


def _message(
    session: Session,
    staff: Staff,
    case: Case,
    key: bytes,
    fields: dict[str, str],
    *,
    internal: bool,
) -> None:
    write(
        session=session,
        case=case,
        case_key=key,
        actor_id=staff.principal_id,
        body=fields.get("body", ""),
        internal=internal,
    )


_reply = functools.partial(_message, internal=False)
_note = functools.partial(_message, internal=True)


def _status(session: Session, staff: Staff, case: Case, key: bytes, fields: dict[str, str]) -> None:
    if fields.get("to") == CLOSED:
        close(
            session=session,
            case=case,
            case_key=key,
            actor_id=staff.principal_id,
            outcome=fields.get("outcome", ""),
            text=fields.get("text", ""),
        )
        return
    change_status(
        session=session,
        case=case,
        actor_id=staff.principal_id,
        to=fields.get("to", ""),
        outcome=fields.get("outcome") or None,
    )


def _grant(session: Session, staff: Staff, case: Case, _key: bytes, fields: dict[str, str]) -> None:
    grantee = session.get(Principal, fields.get("grantee", ""))
    if grantee is None or grantee.role not in STAFF_ROLES:
        raise WorkflowError("choose a colleague to grant access to")
    grant_case(
        session=session,
        case_id=case.id,
        grantor_id=staff.principal_id,
        grantor_keys=staff.keys,
        grantee_id=fields.get("grantee", ""),
    )


def _assign(
    session: Session, staff: Staff, case: Case, _key: bytes, fields: dict[str, str]
) -> None:
    assign(
        session=session,
        case=case,
        actor_id=staff.principal_id,
        assignee_id=fields.get("assignee", ""),
    )


async def reply(request: Request) -> Response:
    """Write to the reporter."""
    return await act(request, _reply, "dialogue", "reply")


async def note(request: Request) -> Response:
    """Add an internal note (never shown to the reporter)."""
    return await act(request, _note, "dialogue", "note")


async def status(request: Request) -> Response:
    """Move the case along the workflow.

    A refusal shows in the status section; a change swaps the whole case, since the
    deadline badges move too and a closing text is sent to the reporter as a reply.
    """
    return await act(request, _status, "workflow", done="case_main")


async def grant(request: Request) -> Response:
    """Re-seal the case key to a colleague."""
    return await act(request, _grant, "access")


async def assign_case(request: Request) -> Response:
    """Make a grant holder responsible for the case."""
    return await act(request, _assign, "access")


async def identity(request: Request) -> Response:
    """Open the identity section for a stated reason (logged with the reason code)."""
    staff = staff_of(request)
    case_id = request.path_params["case_id"]
    fields = await form_fields(request)
    try:
        reason = RevealReason(fields.get("reason", ""))
    except ValueError:
        return await show(
            request,
            error=_("Choose the reason for opening the identity."),
            block="identity",
            status_code=400,
        )

    def work(session: Session) -> dict[str, Any] | None:
        case_key = case_key_for(
            session=session, case_id=case_id, principal_id=staff.principal_id, keys=staff.keys
        )
        return reveal_identity(
            session=session,
            case_id=case_id,
            case_key=case_key,
            actor_id=staff.principal_id,
            reason=reason,
        )

    revealed = await db(request, work)
    return await show(request, identity=revealed or {}, block="identity")


def routes() -> list[SecuredRoute]:
    """The case routes; every one needs a grant on ``case_id``."""
    from reviewer_console.cases.downloads import download

    return [
        route("/cases/{case_id}", case_page, roles=READERS),
        route(
            "/cases/{case_id}/files/{attachment_id}", download, roles=READERS, purpose="download"
        ),
        route("/cases/{case_id}/identity", identity, methods=["POST"], roles=CASEWORKERS),
        route("/cases/{case_id}/reply", reply, methods=["POST"], roles=CASEWORKERS),
        route("/cases/{case_id}/note", note, methods=["POST"], roles=CASEWORKERS),
        route("/cases/{case_id}/status", status, methods=["POST"], roles=CASEWORKERS),
        route("/cases/{case_id}/grant", grant, methods=["POST"], roles=CASEWORKERS),
        route("/cases/{case_id}/assign", assign_case, methods=["POST"], roles=CASEWORKERS),
    ]
