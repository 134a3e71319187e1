"""Who must file a financial disclosure: the office's qualification rules.

The default is the model office's rule (DESIGN.md): international staff at P-5 to D-2,
contractors at level 4 and above, and anyone in an ethics, procurement, finance or audit
role. A cycle keeps its own copy of the rules (as JSON, in the clear: rules are policy, not
personal data), so that the office can change them for next year without rewriting who had
to file this year. :func:`qualifies` answers with the reason, because the director sees why
each roster row does or does not have to file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

GRADE_PATTERN = re.compile(r"^(?P<kind>[A-Z]{1,4})-?(?P<level>[0-9]{1,2})$")
"""A grade or contract level as the roster writes it: ``P-5``, ``D-1``, ``G-6``, ``C-4``."""

CONTRACTOR_KIND = "C"


@dataclass(frozen=True, slots=True)
class Grade:
    """A parsed grade: its category letters and its level (``P-5`` is ``("P", 5)``)."""

    kind: str
    level: int

    def __str__(self) -> str:
        """The canonical spelling, e.g. ``P-5``."""
        return f"{self.kind}-{self.level}"


class GradeError(ValueError):
    """A grade the roster cannot read."""


def parse_grade(text: str) -> Grade:
    """Read ``P-5``, ``p5``, ``D-2``, ``C-4`` ... (case and the dash do not matter).

    Raises:
        GradeError: anything else.
    """
    match = GRADE_PATTERN.match(text.strip().upper().replace(" ", ""))
    if match is None:
        raise GradeError(f"{text.strip()!r} is not a grade like P-5 or a contract level like C-4")
    return Grade(match["kind"], int(match["level"]))


def _default_grades() -> frozenset[str]:
    return frozenset({"P-5", "D-1", "D-2"})


def _default_roles() -> frozenset[str]:
    return frozenset({"ethics", "procurement", "finance", "audit"})


@dataclass(frozen=True, slots=True)
class QualificationRules:
    """Who files.

    Attributes:
        staff_grades: grades whose holders file (canonical spelling, ``P-5``).
        contractor_min_level: contractors (``C-n``) at this level or above file; 0: none.
        roles: roles whose holders file whatever their grade (lower case).
    """

    staff_grades: frozenset[str] = field(default_factory=_default_grades)
    contractor_min_level: int = 4
    roles: frozenset[str] = field(default_factory=_default_roles)

    def to_json(self) -> str:
        """The stored form (sorted, so that equal rules store equal text)."""
        return json.dumps(
            {
                "staff_grades": sorted(self.staff_grades),
                "contractor_min_level": self.contractor_min_level,
                "roles": sorted(self.roles),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> QualificationRules:
        """Read the stored form."""
        data = json.loads(text)
        return cls(
            staff_grades=frozenset(data["staff_grades"]),
            contractor_min_level=int(data["contractor_min_level"]),
            roles=frozenset(data["roles"]),
        )

    @classmethod
    def from_form(cls, grades: str, contractor_min_level: str, roles: str) -> QualificationRules:
        """Rules as the director types them: comma-separated grades and roles.

        Raises:
            GradeError: a grade cannot be read.
            ValueError: the contractor level is not a number from 0 to 99.
        """
        level = int(contractor_min_level.strip() or "0")
        if not 0 <= level <= 99:
            raise ValueError("the contractor level is a number from 0 (none) to 99")
        return cls(
            staff_grades=frozenset(str(parse_grade(g)) for g in grades.split(",") if g.strip()),
            contractor_min_level=level,
            roles=frozenset(r.strip().lower() for r in roles.split(",") if r.strip()),
        )


def normalise_role(text: str) -> str:
    """Roles are compared in lower case without surrounding space."""
    return " ".join(text.split()).lower()


def qualifies(rules: QualificationRules, grade: Grade, role: str) -> tuple[bool, str]:
    """Whether someone of ``grade`` in ``role`` must file, and the reason either way."""
    role = normalise_role(role)
    if role in rules.roles:
        return True, f"the role {role!r} files whatever the grade"
    if grade.kind == CONTRACTOR_KIND:
        if rules.contractor_min_level and grade.level >= rules.contractor_min_level:
            return (
                True,
                f"contractor at level {grade.level} (level {rules.contractor_min_level}+ file)",
            )
        return False, f"contractor level {grade.level} is below the filing level"
    if str(grade) in rules.staff_grades:
        return True, f"grade {grade} files"
    return False, f"grade {grade} does not file and the role {role!r} is not a filing role"
