"""Importing a cycle's roster from CSV: all or nothing, with a clear error per line.

The file has a header row naming the columns ``staff_id``, ``email``, ``name``, ``grade``
(a grade such as ``P-5`` or a contract level such as ``C-4``) and ``role``, in any order,
and optionally ``language`` (the language of the filer's emails: ``fr``, ``zh_Hans``...).
:func:`read_roster` checks every line before anything is written: a missing value, an
unreadable grade, an address that is not an email, or a staff id twice in the file is an
error naming the line, and one error refuses the whole file (nothing is imported, so the
director fixes the file and imports it again). Each good row is then judged against the
cycle's rules (:func:`casework.disclosure.rules.qualifies`) with its reason.
:func:`import_roster` adds the rows that qualify; people already on the cycle (same staff
id) are left as they are, so importing the same file twice adds nobody twice.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from casework.disclosure.cycles import NEW_FILER_DAYS
from casework.disclosure.filers import find_filer, new_filer, staff_lookup
from casework.disclosure.rules import GradeError, parse_grade, qualifies
from casework.disclosure.tables import DisclosureCycle, DisclosureFiler
from casework.people.filer_auth import filer_username
from casework.people.principals import Principal, find_by_username
from intake_forms.languages import LANGUAGES

COLUMNS = ("staff_id", "email", "name", "grade", "role")
LANGUAGE_COLUMN = "language"
"""Optional: the language of the filer's emails, a code (``fr``, ``zh_Hans``) or a tag
(``zh-Hans``); empty or absent is English."""
LANGUAGE_NAMES = {
    **{language.code.lower(): language.code for language in LANGUAGES},
    **{language.tag.lower(): language.code for language in LANGUAGES},
}
MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_FIELD_CHARS = 200
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOOKUP_CHUNK = 500
STAFF_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One good line of the file, with whether it qualifies and why."""

    line: int
    staff_id: str
    email: str
    name: str
    grade: str
    role: str
    qualifies: bool
    reason: str
    language: str = ""


class RosterError(ValueError):
    """The file was refused; ``errors`` lists ``(line, message)`` for every bad line."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        """Keep every line's error (line 1 is the header)."""
        super().__init__(f"{len(errors)} error(s) in the roster; nothing was imported")
        self.errors = errors


def existing_account(session: Session, pepper: bytes, staff_id: str) -> str | None:
    """The account a filer set up in an earlier cycle (they are not invited again)."""
    username = filer_username(staff_lookup(pepper, staff_id))
    principal = find_by_username(session=session, username=username)
    return principal.id if principal is not None else None


def _decode(data: bytes) -> str:
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError([(0, f"the file is larger than {MAX_ROSTER_BYTES // 1024 // 1024} MiB")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError([(0, "the file is not UTF-8 text (save it as CSV UTF-8)")]) from None


def _row_errors(values: dict[str, str]) -> list[str]:
    errors = [f"{name} is empty" for name in COLUMNS if not values[name]]
    errors += [f"{name} is too long" for name in COLUMNS if len(values[name]) > MAX_FIELD_CHARS]
    if values["staff_id"] and not STAFF_ID_PATTERN.match(values["staff_id"]):
        errors.append("staff_id may hold only letters, digits, dots, dashes and underscores")
    if values["email"] and not EMAIL_PATTERN.match(values["email"]):
        errors.append(f"{values['email']!r} is not an email address")
    if values["grade"]:
        try:
            parse_grade(values["grade"])
        except GradeError as exc:
            errors.append(str(exc))
    return errors


def _language(value: str | None) -> tuple[str, list[str]]:
    """The language code in the optional column, and the problem with it if any."""
    text = (value or "").strip()
    if not text:
        return "", []
    code = LANGUAGE_NAMES.get(text.lower())
    if code is None:
        codes = ", ".join(language.code for language in LANGUAGES)
        return "", [f"language {text!r} is not one of {codes}"]
    return code, []


def read_roster(data: bytes, cycle: DisclosureCycle) -> list[RosterRow]:
    """Check every line and judge every row against the cycle's rules.

    Raises:
        RosterError: with every bad line, when any line is bad (or the header is).
    """
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise RosterError([(1, f"the header lacks the column(s) {', '.join(missing)}")])
    reader.fieldnames = header
    rows: list[RosterRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {name: " ".join((row.get(name) or "").split()) for name in COLUMNS}
        problems = _row_errors(values)
        language, language_problem = _language(row.get(LANGUAGE_COLUMN))
        problems += language_problem
        key = values["staff_id"].upper()
        if key and key in seen:
            problems.append(f"staff_id {values['staff_id']} is also on line {seen[key]}")
        seen.setdefault(key, line)
        if problems:
            errors.extend((line, problem) for problem in problems)
            continue
        ok, reason = qualifies(cycle.rules, parse_grade(values["grade"]), values["role"])
        rows.append(RosterRow(line=line, qualifies=ok, reason=reason, language=language, **values))
    if errors:
        raise RosterError(errors)
    if not rows:
        raise RosterError([(1, "the file has no rows under its header")])
    return rows


def _accounts(session: Session, usernames: list[str]) -> dict[str, str]:
    """Principal ids of the filer usernames that already have an account (chunked lookups)."""
    found: dict[str, str] = {}
    for start in range(0, len(usernames), LOOKUP_CHUNK):
        chunk = usernames[start : start + LOOKUP_CHUNK]
        query = select(Principal.username, Principal.id).where(col(Principal.username).in_(chunk))
        found.update(dict(session.exec(query).all()))
    return found


def import_roster(
    *, session: Session, pepper: bytes, cycle: DisclosureCycle, rows: list[RosterRow]
) -> list[DisclosureFiler]:
    """Add every qualifying row not yet on the cycle; returns the filers added.

    Who is already on the cycle and who already has an account (from an earlier cycle) are
    read in a few set-wise queries, not one per row: a roster is thousands of lines.
    """
    query = select(DisclosureFiler.staff_lookup).where(DisclosureFiler.cycle_id == cycle.id)
    present = set(session.exec(query).all())
    wanted = {row.staff_id: staff_lookup(pepper, row.staff_id) for row in rows if row.qualifies}
    accounts = _accounts(session, [filer_username(lookup) for lookup in wanted.values()])
    added = []
    for row in rows:
        lookup = wanted.get(row.staff_id)
        if lookup is None or lookup in present:
            continue
        present.add(lookup)
        filer = new_filer(
            pepper=pepper,
            cycle_id=cycle.id,
            principal_id=accounts.get(filer_username(lookup)),
            staff_id=row.staff_id,
            name=row.name,
            email=row.email,
            due_on=cycle.deadline,
            joined_late=False,
            language=row.language,
        )
        session.add(filer)
        added.append(filer)
    session.flush()
    return added


def add_new_filer(
    *,
    session: Session,
    pepper: bytes,
    cycle: DisclosureCycle,
    staff_id: str,
    name: str,
    email: str,
    today: date,
) -> DisclosureFiler:
    """Add someone who joined after the cycle opened: they file within 30 days.

    Raises:
        RosterError: a field is bad, or the person is already a filer of the cycle.
    """
    values = {"staff_id": staff_id.strip(), "email": email.strip(), "name": name.strip()}
    problems = _row_errors({**values, "grade": "P-5", "role": "-"})
    if find_filer(session=session, cycle_id=cycle.id, lookup=staff_lookup(pepper, staff_id)):
        problems.append(f"staff_id {values['staff_id']} is already a filer of this cycle")
    if problems:
        raise RosterError([(0, problem) for problem in problems])
    filer = new_filer(
        pepper=pepper,
        cycle_id=cycle.id,
        principal_id=existing_account(session, pepper, staff_id),
        due_on=today + timedelta(days=NEW_FILER_DAYS),
        joined_late=True,
        **values,
    )
    session.add(filer)
    session.flush()
    return filer
