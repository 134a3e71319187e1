"""The access log page: who opened, revealed, downloaded, granted or changed what, and when.

Director only. Filters are GET parameters: the person (chosen from a list of usernames),
the case (its reference as officers say it, ``C-1A2B-3C4D``, offered from the cases in the
recent log), and the action (by name). Newest first, paged by id (keyset: ``before`` is the
smallest id shown), so a page costs the same at any depth. The log holds codes and ids only,
never content; this page reads them as people do (usernames, case references, actions and
details in words). The chain itself is checked by ``confide verify-logs``. The page also
shows the current head of both logs (count and hash of the newest entry) in the format
``verify-logs --expect-head`` reads, so the director can write them down or publish them: a
head recorded outside the database is what later shows that entries were dropped or the
log rewritten.
"""

from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from casework.cases.access_log import (
    ACTION_LABELS,
    LEGACY_ACTIONS,
    AccessAction,
    AccessEntry,
    list_access,
    recent_cases,
)
from casework.cases.envelope import cases_by_reference
from casework.channels.registry import all_policies
from casework.people.principals import ROLE_LABELS, list_principals
from casework.referrals.consent_log import ConsentEntry
from casework.store import chained
from casework.store.ids import case_reference
from reviewer_console.cases.labels import channel_title
from reviewer_console.i18n import _
from reviewer_console.permissions import DIRECTOR, SecuredRoute, route
from reviewer_console.web import db, render

PAGE_SIZE = 50
MAX_FILTER_CHARS = 40


def _status_words(code: str) -> str:
    """A status or outcome code as its label in the current language (any channel's)."""
    for policy in all_policies():
        found = policy.status(code) or policy.outcome(code)
        if found is not None:
            return _(found.label)
    return code.replace("_", " ")


def describe(entry: AccessEntry, names: dict[str, str]) -> str:
    """An entry's detail code in words (``to:<id>`` → "to olga", ``a->b:x`` → "from a to b"),
    each a whole sentence in the current language."""
    detail = entry.detail or ""
    kind, _sep, rest = detail.partition(":")
    if "->" in kind:
        before, after = (_status_words(code) for code in kind.split("->", 1))
        if rest:
            return _(
                "from %(before)s to %(after)s, outcome %(outcome)s",
                before=before,
                after=after,
                outcome=_status_words(rest),
            )
        return _("from %(before)s to %(after)s", before=before, after=after)
    if kind in {"to", "assigned"}:
        return _("to %(name)s", name=names.get(rest, _("an unknown account")))
    if kind == "principal":
        return _("account %(name)s", name=names.get(rest, _("unknown account")))
    if kind == "reason":
        return _("reason: %(reason)s", reason=rest.replace("_", " "))
    if kind == "file":
        return _("file %(id)s", id=rest[:8])
    if kind in {"referral", "disclosure"}:  # "disclosure": before the rename
        return _("referral %(id)s", id=rest[:8])
    if kind == "channel":
        return _("channel %(name)s", name=_(channel_title(rest)))
    if kind == "role":
        return _("role %(name)s", name=_(ROLE_LABELS.get(rest, rest)))
    return detail.replace("_", " ")


def action_label(entry: AccessEntry) -> str:
    """The action's name; assignments logged before they had their own code read as such."""
    if entry.action == AccessAction.STATUS_CHANGE and entry.detail.startswith("assigned:"):
        return ACTION_LABELS[AccessAction.ASSIGN]
    code = LEGACY_ACTIONS.get(entry.action, entry.action)
    return ACTION_LABELS.get(code, entry.action.replace("_", " "))


async def access_log(request: Request) -> Response:
    """One page of the access log, filtered."""
    params = request.query_params
    actor = params.get("actor", "")[:MAX_FILTER_CHARS]
    case_text = params.get("case", "")[:MAX_FILTER_CHARS].strip()
    action = params.get("action", "")
    action = action if action in set(AccessAction) else ""
    before_text = params.get("before", "")
    before = int(before_text) if before_text.isdigit() and len(before_text) < 12 else None

    def work(session: Session) -> dict[str, Any]:
        people = list_principals(session=session)
        matches = cases_by_reference(session=session, reference=case_text) if case_text else []
        unknown_case = bool(case_text) and len(matches) != 1
        entries = (
            []
            if unknown_case
            else list_access(
                session=session,
                actor_id=actor or None,
                case_id=matches[0] if matches else None,
                action=action or None,
                limit=PAGE_SIZE + 1,
                before_id=before,
            )
        )
        return {
            "entries": entries[:PAGE_SIZE],
            "more": len(entries) > PAGE_SIZE,
            "people": sorted(people, key=lambda p: p.username),
            "names": {p.id: p.username for p in people},
            "recent": [case_reference(c) for c in recent_cases(session=session)],
            "unknown_case": unknown_case,
            "heads": [
                chained.current_head(session=session, model=AccessEntry).line("access_log"),
                chained.current_head(session=session, model=ConsentEntry).line("consent_log"),
            ],
        }

    context = await db(request, work)
    filters = {k: v for k, v in {"actor": actor, "case": case_text, "action": action}.items() if v}
    entries = context["entries"]
    older = (
        urlencode({**filters, "before": entries[-1].id}) if context["more"] and entries else None
    )
    context.update(
        actor=actor,
        case=case_text,
        action=action,
        actions=[(a.value, ACTION_LABELS[a]) for a in AccessAction],
        older=older,
        reference=case_reference,
        describe=describe,
        action_label=action_label,
    )
    return render(request, "log.html", context, block="log_list")


def routes() -> list[SecuredRoute]:
    """The access log route."""
    return [route("/log", access_log, roles=DIRECTOR)]
