"""The consent log page and its CSV export for the audit committee (director only).

Both show clear metadata only: entry, day, case, recipient body, basis, who recorded and who
approved, and the export's SHA-256. What was disclosed stays ciphertext; it is read on the
case's own referrals page by a grant holder.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from casework.people.principals import list_principals
from casework.referrals.consent import RECIPIENT_LABELS, Recipient
from casework.referrals.consent_log import BASIS_LABELS, Basis
from casework.referrals.consent_reports import (
    CSV_COLUMNS,
    ConsentFilter,
    csv_rows,
    list_consent_entries,
)
from casework.store.db import transaction
from casework.store.ids import case_reference
from reviewer_console.permissions import DIRECTOR, SecuredRoute, route
from reviewer_console.web import db, render

PAGE_SIZE = 50


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filter(request: Request) -> ConsentFilter:
    params = request.query_params
    recipient = params.get("recipient", "")
    basis = params.get("basis", "")
    return ConsentFilter(
        case_id=params.get("case", "")[:32],
        recipient=recipient if recipient in set(Recipient) else "",
        basis=basis if basis in set(Basis) else "",
        since=_day(params.get("since", "")),
        until=_day(params.get("until", "")),
    )


def _query(where: ConsentFilter) -> dict[str, str]:
    values = {
        "case": where.case_id,
        "recipient": where.recipient,
        "basis": where.basis,
        "since": where.since.isoformat() if where.since else "",
        "until": where.until.isoformat() if where.until else "",
    }
    return {k: v for k, v in values.items() if v}


async def consent_log(request: Request) -> Response:
    """One page of the consent log, filtered."""
    where = _filter(request)
    before_text = request.query_params.get("before", "")
    before = int(before_text) if before_text.isdigit() and len(before_text) < 12 else None

    def work(session: Session) -> dict[str, Any]:
        entries = list_consent_entries(
            session=session, where=where, limit=PAGE_SIZE + 1, before_id=before
        )
        names = {p.id: p.username for p in list_principals(session=session)}
        return {"entries": entries[:PAGE_SIZE], "more": len(entries) > PAGE_SIZE, "names": names}

    context = await db(request, work)
    entries = context["entries"]
    query = _query(where)
    context.update(
        where=where,
        query=urlencode(query),
        older=urlencode({**query, "before": entries[-1].id}) if context["more"] else None,
        recipients=[(r.value, RECIPIENT_LABELS[r]) for r in Recipient],
        bases=[(b.value, BASIS_LABELS[b]) for b in Basis],
        reference=case_reference,
    )
    return render(request, "consent_log.html", context, block="consent_list")


async def consent_log_csv(request: Request) -> Response:
    """The filtered consent log as CSV (metadata only), streamed."""
    where = _filter(request)
    engine = request.app.state.engine

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        with transaction(engine) as session:
            for row in csv_rows(session=session, where=where):
                writer.writerow(row)
                if buffer.tell() > 64 * 1024:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="consent-log.csv"'},
    )


def routes() -> list[SecuredRoute]:
    """The consent log routes."""
    return [
        route("/consent-log", consent_log, roles=DIRECTOR),
        route("/consent-log.csv", consent_log_csv, roles=DIRECTOR, purpose="metadata"),
    ]
