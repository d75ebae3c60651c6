"""Converting a OneRoster 1.1 CSV bulk export (users.csv, orgs.csv) into a school folder's
people.csv and accounts.csv.

- teacher, administrator and aide become staff; student becomes pupil; parent, guardian and
  relative become parent. Any other role (proctor, for instance) is reported, not guessed.
- `agentSourcedIds` becomes `guardian_of`, read from both sides: a parent's agents are their
  children, and a student's agents are their parents.
- `email` and `phone` (or `sms` when there is no phone) become the person's school contact
  details; an `sms` number that differs from `phone` becomes a personal phone account.
- A disabled user (`enabledUser` false, or status `tobedeleted`) is kept, as having left on the
  date of `dateLastModified`, with a warning to confirm it.

Nothing is dropped silently: a value that cannot be used is left out of its cell and
reported; a row that cannot be converted at all is reported with its row number.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from saferpractice.diagnostics import Diagnostic, Severity, UserError
from saferpractice.identity import email_domain, normalise_email, normalise_phone, split_multi
from saferpractice.school.registers import ACCOUNTS, COLUMNS, PEOPLE

ROLE_MAP: dict[str, str] = {
    "teacher": "staff",
    "administrator": "staff",
    "aide": "staff",
    "student": "pupil",
    "parent": "parent",
    "guardian": "parent",
    "relative": "parent",
}
USERS = "users.csv"
ORGS = "orgs.csv"
USER_COLUMNS = ("sourcedid", "role", "givenname", "familyname")
_ID = re.compile(r"^[^\s;,]{1,100}$")


@dataclass(slots=True)
class _User:
    row: int
    id: str
    role: str
    given: str
    family: str
    email: str
    phone: str
    sms: str
    agents: list[str]
    left_on: str
    orgs: list[str]


@dataclass(slots=True)
class Conversion:
    """The converted rows, the school's name and URN from orgs.csv, and every diagnostic."""

    people: list[list[str]] = field(default_factory=list)
    accounts: list[list[str]] = field(default_factory=list)
    school_name: str = ""
    urn: str | None = None
    email_domains: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)

    def report(self, row: int | None, column: str | None, message: str, error: bool = True) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        self.diagnostics.append(
            Diagnostic(USERS, message, row=row, field=column, severity=severity)
        )


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a OneRoster CSV as {lower-case column: trimmed value}, numbered from row 2."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: not UTF-8 text (byte {error.start})") from error
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise UserError(f"{path}: not valid CSV: {error}") from error
    if not records:
        raise UserError(f"{path}: the file is empty")
    header = [cell.strip().casefold() for cell in records[0]]
    rows = []
    for index, record in enumerate(records[1:]):
        if any(cell.strip() for cell in record):
            values = {
                c: (record[i].strip() if i < len(record) else "") for i, c in enumerate(header)
            }
            rows.append((index + 2, values))
    return rows


def _pick_org(folder: Path, conversion: Conversion, org: str | None) -> str | None:
    path = folder / ORGS
    if not path.is_file():
        conversion.diagnostics.append(
            Diagnostic(
                ORGS,
                "is missing; the school's name is left for you to fill in",
                severity=Severity.WARNING,
            )
        )
        return org
    schools = [
        (row, values)
        for row, values in _read_csv(path)
        if values.get("type", "school").casefold() == "school"
    ]
    if org is not None:
        chosen = [(row, v) for row, v in schools if v.get("sourcedid") == org]
        if not chosen:
            raise UserError(f"{path}: no school organisation has sourcedId '{org}'")
    elif len(schools) > 1:
        ids = ", ".join(v.get("sourcedid", "?") for _, v in schools)
        raise UserError(f"{path}: several schools ({ids}); choose one with --org")
    else:
        chosen = schools
    if not chosen:
        conversion.diagnostics.append(
            Diagnostic(ORGS, "has no organisation of type school", severity=Severity.WARNING)
        )
        return org
    row, values = chosen[0]
    conversion.school_name = values.get("name", "")
    identifier = values.get("identifier", "")
    if re.fullmatch(r"[1-9]\d{5}", identifier):
        conversion.urn = identifier
    elif identifier:
        conversion.diagnostics.append(
            Diagnostic(
                ORGS,
                f"identifier '{identifier}' is not a DfE URN; urn left unset",
                row=row,
                field="identifier",
                severity=Severity.WARNING,
            )
        )
    return values.get("sourcedid") or org


def _disabled(values: dict[str, str]) -> bool:
    return (
        values.get("enableduser", "true").casefold() == "false"
        or values.get("status", "").casefold() == "tobedeleted"
    )


def _read_users(folder: Path, conversion: Conversion, org: str | None) -> list[_User]:
    path = folder / USERS
    if not path.is_file():
        raise UserError(f"{path}: missing; a OneRoster export has users.csv")
    rows = _read_csv(path)
    header_probe = rows[0][1] if rows else {}
    missing = [c for c in USER_COLUMNS if rows and c not in header_probe]
    if missing:
        raise UserError(f"{path}: required columns missing: {', '.join(missing)}")
    users: list[_User] = []
    seen: dict[str, int] = {}
    for row, values in rows:
        sourced = values.get("sourcedid", "")
        raw_role = values.get("role", "")
        role = ROLE_MAP.get(raw_role.casefold())
        if not sourced or not _ID.match(sourced):
            conversion.report(
                row, "sourcedId", f"'{sourced}' cannot be a person id; row not converted"
            )
            continue
        if sourced in seen:
            conversion.report(
                row,
                "sourcedId",
                f"duplicate sourcedId; first on row {seen[sourced]}; row not converted",
            )
            continue
        seen[sourced] = row
        if role is None:
            conversion.report(
                row, "role", f"role '{raw_role}' has no school-folder role; row not converted"
            )
            continue
        orgs = split_multi(values.get("orgsourcedids", "").replace(",", ";"))
        if org is not None and orgs and org not in orgs:
            conversion.report(
                row,
                "orgSourcedIds",
                f"belongs to {', '.join(orgs)}, not {org}; row not converted",
                error=False,
            )
            continue
        given, family = values.get("givenname", ""), values.get("familyname", "")
        if not given and not family:
            conversion.report(row, "givenName", "no givenName or familyName; row not converted")
            continue
        left_on = ""
        if _disabled(values):
            modified = values.get("datelastmodified", "")[:10]
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", modified) and role != "parent":
                left_on = modified
                conversion.report(
                    row,
                    "enabledUser",
                    f"disabled: recorded as having left on {left_on} (dateLastModified); "
                    "check the date",
                    error=False,
                )
            elif role != "parent":
                conversion.report(
                    row,
                    "enabledUser",
                    "disabled, with no dateLastModified to use as a leaving date; "
                    "converted as current",
                    error=False,
                )
        users.append(
            _User(
                row,
                sourced,
                role,
                given,
                family,
                values.get("email", ""),
                values.get("phone", ""),
                values.get("sms", ""),
                split_multi(values.get("agentsourcedids", "").replace(",", ";")),
                left_on,
                orgs,
            )
        )
    return users


def _guardianship(users: list[_User], conversion: Conversion) -> dict[str, list[str]]:
    by_id = {user.id: user for user in users}
    children: dict[str, list[str]] = {u.id: [] for u in users if u.role == "parent"}
    for user in users:
        if user.agents and user.role not in ("parent", "pupil"):
            conversion.report(
                user.row,
                "agentSourcedIds",
                f"a {user.role} member's agents are not guardianship links; left out",
                error=False,
            )
            continue
        for agent in user.agents:
            other = by_id.get(agent)
            if other is None:
                conversion.report(
                    user.row, "agentSourcedIds", f"unknown sourcedId '{agent}'; link left out"
                )
                continue
            if user.role == "parent" and other.role == "pupil":
                pair = (user.id, other.id)
            elif user.role == "pupil" and other.role == "parent":
                pair = (other.id, user.id)
            else:
                conversion.report(
                    user.row,
                    "agentSourcedIds",
                    f"'{agent}' is a {other.role}; a {user.role}'s agent must be a "
                    f"{'pupil' if user.role == 'parent' else 'parent'}; link left out",
                )
                continue
            if pair[1] not in children[pair[0]]:
                children[pair[0]].append(pair[1])
    return children


def _contact(user: _User, conversion: Conversion) -> tuple[str, str, str]:
    email = normalise_email(user.email) if user.email else None
    if user.email and email is None:
        conversion.report(user.row, "email", f"'{user.email}' is not an email address; left out")
    numbers: list[str] = []
    for column, raw in (("phone", user.phone), ("sms", user.sms)):
        if not raw:
            continue
        number = normalise_phone(raw)
        if number is None:
            conversion.report(user.row, column, f"'{raw}' is not a valid phone number; left out")
        elif number not in numbers:
            numbers.append(number)
    phone = numbers[0] if numbers else ""
    extra = numbers[1] if len(numbers) > 1 else ""
    return email or "", phone, extra


def convert_oneroster(folder: str | Path, org: str | None = None) -> Conversion:
    """Convert the OneRoster export in `folder`; raises UserError if it cannot be read."""
    source = Path(folder)
    if not source.is_dir():
        raise UserError(f"{source}: not a folder")
    conversion = Conversion()
    org = _pick_org(source, conversion, org)
    users = _read_users(source, conversion, org)
    children = _guardianship(users, conversion)
    staff_domains: Counter[str] = Counter()
    for user in users:
        email, phone, extra = _contact(user, conversion)
        if user.role == "staff" and email:
            staff_domains[email_domain(email)] += 1
        conversion.roles[user.role] += 1
        conversion.people.append(
            [
                user.id,
                user.given,
                user.family,
                user.role,
                email,
                phone,
                "",
                ";".join(children.get(user.id, [])),
                user.left_on,
            ]
        )
        if extra:
            conversion.accounts.append([user.id, "phone", extra, "personal"])
    total = sum(staff_domains.values())
    conversion.email_domains = [d for d, n in staff_domains.most_common() if n * 2 >= total][:1]
    return conversion


def write_conversion(conversion: Conversion, out: Path) -> list[Path]:
    """Write people.csv and accounts.csv (and empty registers that do not exist yet)."""
    from saferpractice.school.export import write_csv

    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / PEOPLE, COLUMNS[PEOPLE], conversion.people)
    write_csv(out / ACCOUNTS, COLUMNS[ACCOUNTS], conversion.accounts)
    written = [out / PEOPLE, out / ACCOUNTS]
    for name, columns in COLUMNS.items():
        if not (out / name).exists():
            write_csv(out / name, columns, [])
            written.append(out / name)
    return written


def minimal_settings_yaml(conversion: Conversion) -> str:
    """A starting school.yaml from what the export knows, marked for completion."""
    from saferpractice.school.export import settings_yaml
    from saferpractice.school.model import Settings

    settings = Settings(
        name=conversion.school_name or "Our school (fill in the name)",
        urn=conversion.urn,
        timezone="Europe/London",
        email_domains=tuple(conversion.email_domains),
    )
    header = (
        "# Written by `saferpractice import oneroster` from what the export knows.\n"
        "# Complete it: the urn, the school's own phone_numbers and websites, and\n"
        "# school_hours. See docs/school-folder.md.\n"
    )
    return header + settings_yaml(settings, None)
