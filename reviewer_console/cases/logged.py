"""Logging a matter that reached the office by phone, e-mail or in person, or a service it gave.

``GET /logged`` shows the form (``intake_forms/logged.py``, checked by the same engine as
the gateway's forms) and this year's training figures; ``POST /logged`` validates it and
stores the matter as a case of the ``logged`` channel: its date is the day it happened,
the summary is sealed, the person it concerned is recorded (sealed apart) only when they
agreed, and the case is granted to the officer who logged it and the channel's
recipients. Bad input is shown again with an error per field and nothing lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.intake import Submission, submit_case
from casework.statistics.training import TrainingTotals, training_totals
from casework.store.clock import today
from intake_forms import answers_bytes, get_form, identity_bytes, validate
from intake_forms.logged import LOGGED_FORM
from reviewer_console.permissions import CASEWORKERS, SecuredRoute, route, staff_of
from reviewer_console.web import db, is_htmx, render

MAX_FIELDS = 64


async def _page(
    request: Request,
    *,
    values: dict[str, list[str]] | None = None,
    errors: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    year = today().year

    def work(session: Session) -> TrainingTotals:
        return training_totals(session=session, start=date(year, 1, 1), end=date(year, 12, 31))

    context = {
        "form": get_form(LOGGED_FORM.id),
        "values": values or {},
        "errors": errors or {},
        "training": await db(request, work),
        "year": year,
    }
    block = "logged_main" if is_htmx(request) else None
    return render(request, "logged.html", context, block=block, status_code=status_code)


async def show(request: Request) -> Response:
    """The empty form and this year's training figures."""
    return await _page(request)


async def log(request: Request) -> Response:
    """Validate and store the matter, then open it (or show the errors, input kept)."""
    staff = staff_of(request)
    raw = await request.form(max_fields=MAX_FIELDS, max_files=0)
    values = {key: [v for v in raw.getlist(key) if isinstance(v, str)] for key in raw}
    form = get_form(LOGGED_FORM.id)
    validated = validate(form, values, today=today())
    if not validated.ok:
        return await _page(request, values=values, errors=validated.errors, status_code=400)
    facts = validated.clear_answers()
    submission = Submission(
        channel=form.id,
        form_version=form.version,
        category=facts.pop("category"),
        answers=answers_bytes(validated),
        identity=identity_bytes(validated),
        facts=facts,
        submitter_id=staff.principal_id,
    )

    def work(session: Session) -> str:
        case, _key = submit_case(
            session=session,
            submission=submission,
            reporter=None,
            received_on=date.fromisoformat(str(validated.answers["on"])),
            also_grant=[staff.principal_id],
        )
        return case.id

    case_id = await db(request, work)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


def routes() -> list[SecuredRoute]:
    """Logging matters: officers and the director (not the external reviewer)."""
    return [
        route("/logged", show, roles=CASEWORKERS),
        route("/logged", log, methods=["POST"], roles=CASEWORKERS),
    ]
