"""The director's disclosure cycles: open, import the roster, invite, follow up, close.

Workflows live in :mod:`casework.channels.disclosure`; these views read forms, call them and
show the outcome. The roster is uploaded as a multipart form (CSRF token in the action URL)
and refused whole with an error per line; the cycle page shows the compliance counts, one
state's list at a time (names decrypted with the roster key only for the rows shown), the
statistics, and the non-filers as CSV for follow-up (written to the access log).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access_log import AccessAction, record_access
from casework.disclosure.cycles import (
    CycleError,
    close_cycle,
    get_cycle,
    list_cycles,
    open_cycle,
    parse_reminder_days,
)
from casework.disclosure.draft_regrant import count_withheld
from casework.disclosure.filers import contacts_of
from casework.disclosure.overview import (
    STATE_LABELS,
    UNFILED,
    Cursor,
    FilerState,
    cycle_statuses,
    state_counts,
)
from casework.disclosure.roster import (
    RosterError,
    add_new_filer,
    import_roster,
    read_roster,
)
from casework.disclosure.rules import GradeError, QualificationRules
from casework.disclosure.tables import DisclosureCycle
from casework.notifications.disclosure import count_to_invite, filers_to_invite, invite_filer
from casework.notifications.mail import MailError, SmtpSettings
from casework.notifications.reminders import send_filer_reminders
from casework.statistics.disclosure import cycle_statistics
from casework.store.clock import today
from reviewer_console.disclosure.notices import done_notice
from reviewer_console.disclosure.upload import UploadError, read_file_part
from reviewer_console.i18n import _
from reviewer_console.permissions import DIRECTOR, SecuredRoute, route, staff_of
from reviewer_console.web import db, form_fields, render

PAGE_SIZE = 50
"""Filers listed per page of a state's list on the cycle page."""


def mailer_for(request: Request) -> tuple[SmtpSettings | None, str]:
    """The office's SMTP server (None when unset) and the gateway address links point to."""
    settings = request.app.state.settings
    return settings.smtp, settings.gateway_url


async def cycles_page(request: Request, error: str = "", status_code: int = 200) -> Response:
    """Every cycle, and the form to open the next one (with the office's default rules)."""
    cycles = await db(request, lambda s: list_cycles(session=s))
    rules = QualificationRules()
    context = {"cycles": cycles, "rules": rules, "error": error, "year": today().year}
    return render(request, "disclosure_cycles.html", context, status_code=status_code)


async def cycles(request: Request) -> Response:
    """The cycles page."""
    return await cycles_page(request)


async def open_new_cycle(request: Request) -> Response:
    """Open a cycle with its deadline, reminder days and qualification rules."""
    staff = staff_of(request)
    fields = await form_fields(request)

    def work(session: Session) -> str:
        try:
            rules = QualificationRules.from_form(
                fields.get("grades", ""),
                fields.get("contractor_level", "0"),
                fields.get("roles", ""),
            )
            deadline = date.fromisoformat(fields.get("deadline", ""))
            year = int(fields.get("year", ""))
        except (GradeError, ValueError) as exc:
            raise CycleError(f"check the year, the deadline and the rules ({exc})") from exc
        cycle = open_cycle(
            session=session,
            year=year,
            deadline=deadline,
            reminder_days=parse_reminder_days(fields.get("reminder_days", "")),
            rules=rules,
            opened_by=staff.principal_id,
            today=today(),
        )
        return cycle.id

    try:
        cycle_id = await db(request, work)
    except CycleError as exc:
        return await cycles_page(
            request, error=_("The cycle was not opened: %(reason)s.", reason=exc), status_code=400
        )
    return RedirectResponse(f"/disclosure/{cycle_id}", status_code=303)


def _page_number(request: Request, pages: int) -> int:
    """The list page asked for, 1 to ``pages`` (anything else is the nearest of the two)."""
    try:
        wanted = int(request.query_params.get("page", "1")[:6])
    except ValueError:
        wanted = 1
    return max(1, min(wanted, pages))


def _cursor(request: Request) -> Cursor | None:
    """Where the page starts (``after``) or ends (``before``), from a next or previous link."""
    params = request.query_params
    if "after" in params:
        return Cursor.parse(params["after"])
    if "before" in params:
        return Cursor.parse(params["before"], backwards=True)
    return None


def _cycle_context(session: Session, request: Request, cycle: DisclosureCycle) -> dict[str, Any]:
    """Counts, statistics and one page of one state's list (only its names opened)."""
    pepper = request.app.state.settings.pepper
    counts = state_counts(session=session, cycle_id=cycle.id)
    chosen = request.query_params.get("state", "")
    listed: list[Any] = []
    page, pages = 1, 1
    if chosen in {state.value for state in FilerState}:
        state = FilerState(chosen)
        pages = max(1, -(-counts[state] // PAGE_SIZE))
        page = _page_number(request, pages)
        cursor = _cursor(request)
        statuses = cycle_statuses(
            session=session,
            cycle_id=cycle.id,
            state=state,
            limit=PAGE_SIZE,
            offset=0 if cursor else (page - 1) * PAGE_SIZE,
            cursor=cursor,
        )
        listed = list(zip(statuses, contacts_of(pepper, [s.filer for s in statuses]), strict=True))
    return {
        "cycle": cycle,
        "counts": counts,
        "labels": STATE_LABELS,
        "chosen": chosen,
        "listed": listed,
        "page": page,
        "pages": pages,
        "first": str(Cursor(listed[0][0].filer.due_on, listed[0][0].filer.id)) if listed else "",
        "last": str(Cursor(listed[-1][0].filer.due_on, listed[-1][0].filer.id)) if listed else "",
        "stats": cycle_statistics(session=session, cycle_id=cycle.id),
        "to_invite": count_to_invite(session=session, cycle_id=cycle.id),
        "withheld": count_withheld(session=session, cycle_id=cycle.id),
    }


async def cycle_page(request: Request, status_code: int = 200, **extra: Any) -> Response:
    """One cycle: compliance counts and lists, statistics, roster, invitations, reminders."""
    cycle_id = request.path_params["cycle_id"]

    def work(session: Session) -> dict[str, Any] | None:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        return None if cycle is None else _cycle_context(session, request, cycle)

    context = await db(request, work)
    if context is None:
        return render(request, "disclosure_cycle.html", {"cycle": None}, status_code=404)
    context.update(
        {
            "error": "",
            "notice": done_notice(request.query_params.get("done", "")),
            "rows": None,
            "line_errors": None,
            **extra,
        }
    )
    return render(request, "disclosure_cycle.html", context, status_code=status_code)


async def cycle(request: Request) -> Response:
    """The cycle page."""
    return await cycle_page(request)


async def import_roster_file(request: Request) -> Response:
    """Import the uploaded CSV: every row judged, or the whole file refused with its errors."""
    cycle_id = request.path_params["cycle_id"]
    try:
        data = await read_file_part(request, "roster")
    except UploadError as exc:
        return await cycle_page(
            request, 400, error=_("The roster was refused: %(reason)s.", reason=exc)
        )
    pepper = request.app.state.settings.pepper

    def work(session: Session) -> tuple[list[Any], int]:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        if cycle is None or not cycle.is_open:
            raise RosterError([(0, "this cycle is closed")])
        rows = read_roster(data, cycle)
        return rows, len(import_roster(session=session, pepper=pepper, cycle=cycle, rows=rows))

    try:
        rows, added = await db(request, work)
    except RosterError as exc:
        return await cycle_page(
            request,
            400,
            line_errors=exc.errors,
            error=_("The roster was refused and nothing was imported."),
        )
    return await cycle_page(request, rows=rows, notice=done_notice(f"imported:{added}"))


async def add_filer(request: Request) -> Response:
    """Add someone who joined after the cycle opened (due in 30 days)."""
    cycle_id = request.path_params["cycle_id"]
    fields = await form_fields(request)
    pepper = request.app.state.settings.pepper

    def work(session: Session) -> None:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        if cycle is None or not cycle.is_open:
            raise RosterError([(0, "this cycle is closed")])
        add_new_filer(
            session=session,
            pepper=pepper,
            cycle=cycle,
            staff_id=fields.get("staff_id", ""),
            name=fields.get("name", ""),
            email=fields.get("email", ""),
            today=today(),
        )

    try:
        await db(request, work)
    except RosterError as exc:
        return await cycle_page(
            request,
            400,
            error=_(
                "The filer was not added: %(reasons)s.",
                reasons="; ".join(message for _line, message in exc.errors),
            ),
        )
    return RedirectResponse(f"/disclosure/{cycle_id}?done=added", status_code=303)


async def send_invitations(request: Request) -> Response:
    """Email a single-use link to every filer without an account who was not invited yet."""
    staff = staff_of(request)
    cycle_id = request.path_params["cycle_id"]
    smtp, gateway_url = mailer_for(request)
    pepper = request.app.state.settings.pepper

    def work(session: Session) -> int:
        cycle = get_cycle(session=session, cycle_id=cycle_id)
        filers = filers_to_invite(session=session, cycle_id=cycle_id)
        if cycle is None or not filers:
            return 0
        if not gateway_url:
            raise MailError("set CONFIDE_GATEWAY_URL so that links can point to the gateway")
        for filer in filers:
            invite_filer(
                session=session,
                pepper=pepper,
                filer=filer,
                cycle=cycle,
                invited_by=staff.principal_id,
                smtp=smtp,
                gateway_url=gateway_url,
            )
        record_access(
            session=session,
            actor_id=staff.principal_id,
            action=AccessAction.INVITE,
            detail=f"filers:{len(filers)}",
        )
        return len(filers)

    try:
        count = await db(request, work)
    except MailError as exc:
        return await cycle_page(
            request, 503, error=_("No invitation was sent: %(reason)s.", reason=exc)
        )
    return RedirectResponse(f"/disclosure/{cycle_id}?done=invited:{count}", status_code=303)


async def run_reminders(request: Request) -> Response:
    """Send today's reminders now (the daily job does the same; each goes once)."""
    smtp, gateway_url = mailer_for(request)
    pepper = request.app.state.settings.pepper
    cycle_id = request.path_params["cycle_id"]
    run = await run_in_threadpool(
        lambda: send_filer_reminders(
            engine=request.app.state.engine,
            smtp=smtp,
            pepper=pepper,
            gateway_url=gateway_url,
            on=today(),
        )
    )
    return RedirectResponse(
        f"/disclosure/{cycle_id}?done=reminded:{run.sent}:{len(run.failed)}", status_code=303
    )


async def close(request: Request) -> Response:
    """Close the cycle: no more filing; statements filed stay under review."""
    cycle_id = request.path_params["cycle_id"]

    def work(session: Session) -> None:
        found = get_cycle(session=session, cycle_id=cycle_id)
        if found is not None:
            close_cycle(session=session, cycle=found)

    await db(request, work)
    return RedirectResponse(f"/disclosure/{cycle_id}?done=closed", status_code=303)


async def non_filers_csv(request: Request) -> Response:
    """The filers who have not filed (name, email, due date, state), for follow-up."""
    staff = staff_of(request)
    cycle_id = request.path_params["cycle_id"]
    pepper = request.app.state.settings.pepper

    def work(session: Session) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["name", "email", "due_on", "state"])
        unfiled = [
            status
            for status in cycle_statuses(session=session, cycle_id=cycle_id)
            if status.state in UNFILED
        ]
        for status, contact in zip(
            unfiled, contacts_of(pepper, [s.filer for s in unfiled]), strict=True
        ):
            writer.writerow(
                [
                    _safe(contact.name),
                    _safe(contact.email),
                    status.filer.due_on.isoformat(),
                    status.state.value,
                ]
            )
        record_access(
            session=session,
            actor_id=staff.principal_id,
            action=AccessAction.ROSTER_EXPORT,
            detail=f"cycle:{cycle_id}",
        )
        return out.getvalue()

    text = await db(request, work)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="non-filers.csv"',
            "Cache-Control": "no-store",
        },
    )


def _safe(text: str) -> str:
    """Neutralise spreadsheet formulas (a cell starting with = + - @ is read as text)."""
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def routes() -> list[SecuredRoute]:
    """The director's disclosure routes."""
    base = "/disclosure/{cycle_id}"
    return [
        route("/disclosure", cycles, roles=DIRECTOR),
        route("/disclosure", open_new_cycle, methods=["POST"], roles=DIRECTOR),
        route(base, cycle, roles=DIRECTOR),
        route(f"{base}/roster", import_roster_file, methods=["POST"], roles=DIRECTOR),
        route(f"{base}/filers", add_filer, methods=["POST"], roles=DIRECTOR),
        route(f"{base}/invitations", send_invitations, methods=["POST"], roles=DIRECTOR),
        route(f"{base}/reminders", run_reminders, methods=["POST"], roles=DIRECTOR),
        route(f"{base}/close", close, methods=["POST"], roles=DIRECTOR),
        route(f"{base}/non-filers.csv", non_filers_csv, roles=DIRECTOR, purpose="download"),
    ]
