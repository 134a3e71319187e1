"""The console's steps on a request for protection against retaliation.

Each route runs one step of :mod:`casework.protection.workflow` through the case
page's write path (:func:`~reviewer_console.cases.casefile.act`): a refused step rolls back
and the page shows why, with nothing changed. The forms are on the case page
(``_protection.html``) and work without JavaScript.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from casework.cases.envelope import Case
from casework.cases.workflow import WorkflowError
from casework.protection.workflow import (
    determine,
    information_complete,
    recommend_interim_measure,
    record_panel_request,
    record_panel_result,
    refer_for_investigation,
)
from reviewer_console.cases.casefile import act
from reviewer_console.people.sessions import Staff
from reviewer_console.permissions import CASEWORKERS, SecuredRoute, route

Fields = dict[str, str]


def _day(text: str, default_today: bool = False) -> date | None:
    if not text and default_today:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WorkflowError("enter the date as YYYY-MM-DD") from None


def _information(session: Session, staff: Staff, case: Case, _key: bytes, f: Fields) -> None:
    day = _day(f.get("day", ""), default_today=True)
    information_complete(session=session, case=case, actor_id=staff.principal_id, day=day)


def _determination(session: Session, staff: Staff, case: Case, key: bytes, f: Fields) -> None:
    determine(
        session=session,
        case=case,
        case_key=key,
        actor_id=staff.principal_id,
        reason=f.get("reason") or None,
        letter=f.get("letter", ""),
    )


def _referral(session: Session, staff: Staff, case: Case, _key: bytes, f: Fields) -> None:
    refer_for_investigation(
        session=session,
        case=case,
        actor_id=staff.principal_id,
        referral_id=f.get("referral") or None,
    )


def _measure(session: Session, staff: Staff, case: Case, key: bytes, f: Fields) -> None:
    recommend_interim_measure(
        session=session,
        case=case,
        case_key=key,
        actor_id=staff.principal_id,
        measure=f.get("measure", ""),
        outside=f.get("outside") == "yes",
        referral_id=f.get("referral") or None,
    )


def _panel_request(session: Session, staff: Staff, case: Case, _key: bytes, f: Fields) -> None:
    day = _day(f.get("requested_on", ""))
    assert day is not None
    record_panel_request(session=session, case=case, actor_id=staff.principal_id, requested_on=day)


def _panel_result(session: Session, staff: Staff, case: Case, _key: bytes, f: Fields) -> None:
    record_panel_result(
        session=session, case=case, actor_id=staff.principal_id, result=f.get("result", "")
    )


STEPS = {
    "information": _information,
    "determination": _determination,
    "referral": _referral,
    "measure": _measure,
    "panel-request": _panel_request,
    "panel-result": _panel_result,
}


def _endpoint(action: Any) -> Any:
    async def endpoint(request: Request) -> Response:
        return await act(request, action, "case_main")

    endpoint.__name__ = f"protection{action.__name__}"
    endpoint.__doc__ = f"Run the protection step {action.__name__.strip('_')}."
    return endpoint


def routes() -> list[SecuredRoute]:
    """One route per protection step (a grant on ``case_id`` and a caseworker role)."""
    return [
        route(
            f"/cases/{{case_id}}/protection/{name}",
            _endpoint(action),
            methods=["POST"],
            roles=CASEWORKERS,
        )
        for name, action in STEPS.items()
    ]
