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

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from saferpractice.diagnostics import Diagnostics, UserError
from saferpractice.identity import email_domain, normalise_email, normalise_phone, split_multi
from saferpractice.school.registers import ACCOUNTS, COLUMNS, PEOPLE
from saferpractice.school.table import FIRST_DATA_ROW, csv_records, row_at

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
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    roles: Counter[str] = field(default_factory=Counter)

    def report(self, row: int | None, column: str | None, message: str, error: bool = True) -> None:
        add = self.diagnostics.error if error else self.diagnostics.warning
        add(USERS, message, row=row, field=column)


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Rows of a OneRoster CSV as {lower-case column: trimmed value}, numbered as a
    spreadsheet shows them (the header is row 1), read as the registers are read."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = row_at(raw[: error.start].decode("utf-8-sig", errors="replace"))
        raise UserError(f"{path}, row {row}: not UTF-8 text; save it as CSV UTF-8") from error
    records, problem = csv_records(text)
    if problem is not None:
        raise UserError(f"{path}, row {len(records) + 1}: not valid CSV: {problem}")
    if not records:
        raise UserError(f"{path}: the file is empty")
    header = [cell.strip().casefold() for cell in records[0]]
    rows = []
    for index, record in enumerate(records[1:]):
        if any(cell.strip() for cell in record):
            values = {
                c: (record[i].strip() if i < len(record) else "") for i, c in enumerate(header)
            }
            rows.append((index + FIRST_DATA_ROW, values))
    return rows


def _pick_org(folder: Path, conversion: Conversion, org: str | None) -> str | None:
    path = folder / ORGS
    if not path.is_file():
        conversion.diagnostics.warning(
            ORGS, "is missing; the school's name is left for you to fill in"
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
        conversion.diagnostics.warning(ORGS, "has no organisation of type school")
        return org
    row, values = chosen[0]
    conversion.school_name = values.get("name", "")
    identifier = values.get("identifier", "")
    if re.fullmatch(r"[1-9]\d{5}", identifier):
        conversion.urn = identifier
    elif identifier:
        conversion.diagnostics.warning(
            ORGS,
            f"identifier '{identifier}' is not a DfE URN; urn left unset",
            row=row,
            field="identifier",
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
        user = _user(row, values, conversion, org, seen)
        if user is not None:
            users.append(user)
    return users


def _user(
    row: int, values: dict[str, str], conversion: Conversion, org: str | None, seen: dict[str, int]
) -> _User | None:
    """One users.csv row as a person; None (reported) if the row cannot be converted."""
    sourced = values.get("sourcedid", "")
    raw_role = values.get("role", "")
    role = ROLE_MAP.get(raw_role.casefold())
    if not sourced or not _ID.match(sourced):
        conversion.report(row, "sourcedId", f"'{sourced}' cannot be a person id; row not converted")
        return None
    if sourced in seen:
        conversion.report(
            row,
            "sourcedId",
            f"duplicate sourcedId; first on row {seen[sourced]}; row not converted",
        )
        return None
    seen[sourced] = row
    if role is None:
        conversion.report(
            row, "role", f"role '{raw_role}' has no school-folder role; row not converted"
        )
        return None
    orgs = split_multi(values.get("orgsourcedids", "").replace(",", ";"))
    if org is not None and orgs and org not in orgs:
        conversion.report(
            row,
            "orgSourcedIds",
            f"belongs to {', '.join(orgs)}, not {org}; row not converted",
            error=False,
        )
        return None
    given, family = values.get("givenname", ""), values.get("familyname", "")
    if not given and not family:
        conversion.report(row, "givenName", "no givenName or familyName; row not converted")
        return None
    return _User(
        row,
        sourced,
        role,
        given,
        family,
        values.get("email", ""),
        values.get("phone", ""),
        values.get("sms", ""),
        split_multi(values.get("agentsourcedids", "").replace(",", ";")),
        _left_on(row, values, role, conversion),
        orgs,
    )


def _left_on(row: int, values: dict[str, str], role: str, conversion: Conversion) -> str:
    """A disabled member of staff or pupil has left on dateLastModified (reported to check)."""
    if not _disabled(values) or role == "parent":
        return ""
    modified = values.get("datelastmodified", "")[:10]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", modified):
        conversion.report(
            row,
            "enabledUser",
            f"disabled: recorded as having left on {modified} (dateLastModified); check the date",
            error=False,
        )
        return modified
    conversion.report(
        row,
        "enabledUser",
        "disabled, with no dateLastModified to use as a leaving date; converted as current",
        error=False,
    )
    return ""


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
