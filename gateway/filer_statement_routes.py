"""A filer's statement: the nothing-to-disclose fast path, the form, drafts, filing, amending.

``GET /filer/statements/<filer id>`` shows the statement of one cycle: once filed, its
versions and an "amend" button; before that, the one-step "nothing to disclose" form and
the full statement, prefilled from the filer's sealed draft. ``POST`` carries what the filer
typed and says what to do with it (``intent``): ``save`` the draft, ``copy`` last year's
statement into the draft, ``file`` it (certified), or file ``nothing`` to disclose; a
group's add or remove button (``_action``) shows the form again with nothing lost. Invalid
input is shown back with an error per field. Everything works with JavaScript off.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from casework.cases.access import NoGrantError, case_key_for
from casework.cases.dialogue import read_messages
from casework.cases.envelope import Case
from casework.channels.disclosure.policy import INFO_REQUESTED
from casework.disclosure.cycles import get_cycle
from casework.disclosure.review import ReviewError, filer_answer
from casework.disclosure.statements import (
    StatementError,
    answers_as_values,
    draft_withheld,
    file_statement,
    last_years_answers,
    load_draft,
    save_draft,
    statement_of,
    versions_of,
)
from casework.disclosure.tables import DisclosureFiler
from casework.referrals.consent import requests_of as consent_requests
from casework.referrals.recording import used_consents
from casework.store.clock import today
from casework.store.db import transaction
from intake_forms import Validated, validate
from intake_forms.disclosure import DISCLOSURE_FORM
from intake_forms.groups import apply_action
from intake_forms.languages import current

from .filer_routes import fields_of, first, render, signed_out
from .filer_sessions import Filer, current_filer
from .i18n import GATEWAY, N_, _

CERTIFY_MISSING = N_("Tick the box to certify your statement before filing it.")


def own_row(session: Session, filer: Filer, filer_id: str) -> DisclosureFiler:
    row = session.get(DisclosureFiler, filer_id)
    if row is None or row.principal_id != filer.principal.id:
        raise HTTPException(404)
    return row


def page_context(request: Request, filer: Filer, filer_id: str, **extra: Any) -> dict[str, Any]:
    """Everything the statement page shows, read in one transaction."""
    with transaction(request.app.state.engine) as session:
        row = own_row(session, filer, filer_id)
        cycle = get_cycle(session=session, cycle_id=row.cycle_id)
        statement = statement_of(session=session, filer_id=row.id)
        versions, messages, asked, withheld = [], [], False, False
        consents, used = [], set()
        try:
            key = (
                None
                if statement is None
                else case_key_for(
                    session=session,
                    case_id=statement.case_id,
                    principal_id=filer.principal.id,
                    keys=filer.keys,
                )
            )
        except NoGrantError:
            # Sealed to the keys before a new invitation: the office re-grants it.
            key, withheld = None, True
        if statement is not None and key is not None:
            versions = versions_of(session=session, case_id=statement.case_id, case_key=key)
            messages = read_messages(
                session=session, case_id=statement.case_id, case_key=key, include_internal=False
            )
            consents = consent_requests(session=session, case_id=statement.case_id, case_key=key)
            used = used_consents(session=session, case_id=statement.case_id)
            case = session.get(Case, statement.case_id)
            asked = case is not None and case.status == INFO_REQUESTED
        draft_is_withheld = draft_withheld(session=session, filer_id=row.id, seed=filer.seed)
        values = extra.pop("values", None)
        if values is None:
            values = load_draft(session=session, filer_id=row.id, seed=filer.seed)
        if values is None and versions:
            values = answers_as_values(versions[-1].answers)
    return {
        "form": DISCLOSURE_FORM,
        "row": row,
        "cycle": cycle,
        "statement": statement,
        "versions": versions,
        "messages": messages,
        "withheld": withheld,
        "draft_withheld": draft_is_withheld,
        "asked": asked,
        "answer_error": "",
        "consents": consents,
        "used_consents": used,
        "consent_error": "",
        "values": values or {},
        "errors": {},
        "answers": {},
        "notice": request.query_params.get("done", ""),
        "certify_error": "",
        **extra,
    }


async def show_statement(request: Request) -> Response:
    """The statement page of one cycle."""
    filer = await run_in_threadpool(current_filer, request)
    if filer is None:
        return signed_out()
    filer_id = request.path_params["filer_id"]
    context = await run_in_threadpool(page_context, request, filer, filer_id)
    context["amend"] = request.query_params.get("amend") == "1"
    return render(request, "filer_statement.html", context)


def _file(request: Request, filer: Filer, filer_id: str, validated: Validated) -> None:
    with transaction(request.app.state.engine) as session:
        row = own_row(session, filer, filer_id)
        cycle = get_cycle(session=session, cycle_id=row.cycle_id)
        if cycle is None:
            raise HTTPException(404)
        principal = session.merge(filer.principal)
        file_statement(
            session=session,
            cycle=cycle,
            filer=row,
            principal=principal,
            seed=filer.seed,
            validated=validated,
        )


def _save(request: Request, filer: Filer, filer_id: str, values: dict[str, list[str]]) -> None:
    with transaction(request.app.state.engine) as session:
        row = own_row(session, filer, filer_id)
        save_draft(session=session, filer=row, seed=filer.seed, values=values)


def _copy_last_year(request: Request, filer: Filer, filer_id: str) -> bool:
    with transaction(request.app.state.engine) as session:
        row = own_row(session, filer, filer_id)
        cycle = get_cycle(session=session, cycle_id=row.cycle_id)
        if cycle is None:
            return False
        answers = last_years_answers(
            session=session,
            principal_id=filer.principal.id,
            seed=filer.seed,
            before_year=cycle.year,
        )
        if answers is None:
            return False
        save_draft(session=session, filer=row, seed=filer.seed, values=answers_as_values(answers))
        return True


def _again(request: Request, filer: Filer, filer_id: str, status: int, **extra: Any) -> Response:
    context = page_context(request, filer, filer_id, **extra)
    context["amend"] = True
    return render(request, "filer_statement.html", context, status)


def _done(filer_id: str, what: str) -> Response:
    return RedirectResponse(f"/filer/statements/{filer_id}?done={what}", status_code=303)


async def post_statement(request: Request) -> Response:
    """Save, copy, file, file nothing to disclose, or add/remove a group entry."""
    filer = await run_in_threadpool(current_filer, request)
    if filer is None:
        return signed_out()
    filer_id = request.path_params["filer_id"]
    values = await fields_of(request)
    intent = first(values, "intent")
    certified = first(values, "certify") == "yes"
    typed = {k: v for k, v in values.items() if k not in {"intent", "certify"}}
    changed = apply_action(DISCLOSURE_FORM, typed)
    if changed is not None:
        return await run_in_threadpool(_again, request, filer, filer_id, 200, values=changed)
    try:
        if intent == "save":
            await run_in_threadpool(_save, request, filer, filer_id, typed)
            return _done(filer_id, "saved")
        if intent == "copy":
            copied = await run_in_threadpool(_copy_last_year, request, filer, filer_id)
            return _done(filer_id, "copied" if copied else "nothing_to_copy")
        if intent not in {"file", "nothing"}:
            raise HTTPException(400)
        answers = typed if intent == "file" else {}
        validated = validate(DISCLOSURE_FORM, answers, today=today())
        if not certified or not validated.ok:
            error = "" if certified else _(CERTIFY_MISSING)
            return await run_in_threadpool(
                _again,
                request,
                filer,
                filer_id,
                422,
                values=typed,
                errors=validated.errors,
                certify_error=error,
                certify_scope=intent,
            )
        await run_in_threadpool(_file, request, filer, filer_id, validated)
    except StatementError as exc:
        return await run_in_threadpool(
            _again,
            request,
            filer,
            filer_id,
            409,
            values=typed,
            certify_error=_("%(reason)s.", reason=exc.translated(GATEWAY)),
        )
    return _done(filer_id, "filed")


def _answer(request: Request, filer: Filer, filer_id: str, body: str) -> None:
    with transaction(request.app.state.engine) as session:
        row = own_row(session, filer, filer_id)
        statement = statement_of(session=session, filer_id=row.id)
        case = session.get(Case, statement.case_id) if statement is not None else None
        if statement is None or case is None:
            raise ReviewError(N_("you have not filed a statement yet"))
        key = case_key_for(
            session=session, case_id=case.id, principal_id=filer.principal.id, keys=filer.keys
        )
        filer_answer(
            session=session,
            case=case,
            case_key=key,
            filer_id=filer.principal.id,
            body=body,
            language=current().code,
        )


async def answer(request: Request) -> Response:
    """The filer's answer to the office's question (sealed; the case returns to the office)."""
    filer = await run_in_threadpool(current_filer, request)
    if filer is None:
        return signed_out()
    filer_id = request.path_params["filer_id"]
    values = await fields_of(request)
    body = values.get("body", [""])[0]
    try:
        await run_in_threadpool(_answer, request, filer, filer_id, body)
    except ReviewError as exc:
        context = await run_in_threadpool(page_context, request, filer, filer_id)
        context.update(
            {
                "answer_error": _(
                    "Your answer was not sent: %(reason)s.", reason=exc.translated(GATEWAY)
                ),
                "answer": body,
                "amend": False,
            }
        )
        return render(request, "filer_statement.html", context, 422)
    return _done(filer_id, "answered")
