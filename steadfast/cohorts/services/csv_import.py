"""Enrolling a cohort from a staff CSV file: checked row by row first, then all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from steadfast.accounts.models import User
from steadfast.cohorts.models import Cohort, MemberStatus
from steadfast.cohorts.services._shared import CohortError, member_email_index
from steadfast.cohorts.services.enrolment import member_enrol
from steadfast.core.emails import normalise_email
from steadfast.core.text import has_control_characters

CSV_COLUMNS = ("name", "email", "role", "team")
CSV_MAX_BYTES = 1_000_000
CSV_MAX_ROWS = 2000


@dataclass
class ImportRow:
    line: int
    name: str
    email: str
    role: str
    team: str
    errors: list[str] = field(default_factory=list)
    already: bool = False


@dataclass
class ImportCheck:
    rows: list[ImportRow]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.errors for r in self.rows)

    @property
    def new_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.already and not r.errors]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        return text
    raise CohortError('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.')


def import_check(*, cohort: Cohort, data: bytes) -> ImportCheck:
    """Read a staff file (name, email, role, team) and say what is wrong with every row,
    without changing anything."""
    if len(data) > CSV_MAX_BYTES:
        return ImportCheck([], ["The file is larger than 1 MB. Split it into smaller files."])
    try:
        text = _decode(data)
    except CohortError as error:
        return ImportCheck([], [str(error)])
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return ImportCheck([], ["The file is empty."])
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        return ImportCheck(
            [],
            [
                "The first line must name the columns name, email, role, team "
                f"(missing: {', '.join(missing)})."
            ],
        )
    at = {c: header.index(c) for c in CSV_COLUMNS}
    teams = {t.name.strip().casefold(): t for t in cohort.organisation.teams.all()}
    existing = set(cohort.members.values_list("email_index", flat=True))
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= CSV_MAX_ROWS:
            return ImportCheck([], [f"The file has more than {CSV_MAX_ROWS} people."])
        cell = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}
        row = ImportRow(
            line, cell["name"], normalise_email(cell["email"]), cell["role"], cell["team"]
        )
        if any(has_control_characters(value) for value in cell.values()):
            row.errors.append(
                "This line has a hidden control character in it. Retype the line and save the "
                "file again."
            )
        if not row.name:
            row.errors.append("The name is empty.")
        elif len(row.name) > 150:
            row.errors.append("The name is longer than 150 characters.")
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(f"{row.email or 'The email'} is not an email address.")
        if len(row.role) > 60:
            row.errors.append("The role is longer than 60 characters.")
        if row.team and row.team.casefold() not in teams:
            known = ", ".join(sorted(t.name for t in teams.values())) or "none yet"
            row.errors.append(f"There is no team called {row.team!r} (teams: {known}).")
        if row.email:
            if row.email in seen:
                row.errors.append(f"The same email is on line {seen[row.email]}.")
            else:
                seen[row.email] = line
            row.already = member_email_index(row.email) in existing
        rows.append(row)
    problems = []
    if not rows:
        problems.append("The file has no people in it.")
    taken = cohort.members.exclude(status=MemberStatus.WITHDRAWN).count()
    adding = sum(1 for r in rows if not r.already)
    if taken + adding > cohort.seats:
        problems.append(
            f"The cohort has {cohort.seats} seats, {taken} taken; this file adds {adding}."
        )
    return ImportCheck(rows, problems)


@transaction.atomic
def import_apply(*, cohort: Cohort, data: bytes, actor: User) -> ImportCheck:
    """Enrol everyone in the file, or nobody: the file is checked again here and any error
    refuses the whole file. People already in the cohort are left as they are."""
    check = import_check(cohort=cohort, data=data)
    if not check.ok:
        raise CohortError("The file has errors; nothing was imported.")
    teams = {t.name.strip().casefold(): t for t in cohort.organisation.teams.all()}
    for row in check.new_rows:
        member_enrol(
            cohort=cohort,
            email=row.email,
            name=row.name,
            staff_role=row.role,
            team=teams.get(row.team.casefold()) if row.team else None,
            actor=actor,
        )
    return check
