"""school.yaml: the school's name, URN, timezone, its own contact details and hours.

Errors name the line and the key. Unknown keys are errors, so that a misspelt setting is
never silently ignored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from saferpractice.diagnostics import Diagnostic, Diagnostics
from saferpractice.identity import normalise_email, normalise_phone, normalise_website
from saferpractice.school.model import DAYS, SchoolHours, Settings
from saferpractice.yamlfile import PathPart, YamlSource, format_path, read_yaml

SETTINGS_FILE = "school.yaml"
KEYS: tuple[str, ...] = (
    "name",
    "urn",
    "timezone",
    "email_domains",
    "phone_numbers",
    "websites",
    "school_hours",
    "policy",
    "logo",
)
HOURS_KEYS: tuple[str, ...] = ("start", "end", "days")
DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_HOURS = SchoolHours(time(8, 30), time(15, 30), DAYS[:5])
_URN = re.compile(r"^[1-9]\d{5}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")


class _Reader:
    """Adds school.yaml's problems to the shared collector, each with the key's line."""

    def __init__(self, source: YamlSource, diagnostics: Diagnostics) -> None:
        self.source = source
        self.diagnostics = diagnostics
        self.ok = True

    def error(self, path: Sequence[PathPart], message: str) -> None:
        self.ok = False
        self.diagnostics.error(
            SETTINGS_FILE, message, line=self.source.line_of(path), field=_field(path)
        )

    def warning(self, path: Sequence[PathPart], message: str) -> None:
        self.diagnostics.warning(
            SETTINGS_FILE, message, line=self.source.line_of(path), field=_field(path)
        )

    def text_list(self, data: dict[str, Any], key: str) -> list[tuple[int, str]]:
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, str | int):
            value = [value]
        if not isinstance(value, list):
            self.error([key], "must be a list")
            return []
        items: list[tuple[int, str]] = []
        for index, item in enumerate(value):
            if isinstance(item, int) and not isinstance(item, bool) and key == "phone_numbers":
                self.error([key, index], f"{item} lost its leading 0; write numbers in quotes")
            elif isinstance(item, str | int) and not isinstance(item, bool):
                items.append((index, str(item).strip()))
            else:
                self.error([key, index], "must be text")
        return items


def _field(path: Sequence[PathPart]) -> str | None:
    """`school_hours.days[2]` from ("school_hours", "days", 2); None for the whole file."""
    return format_path(path) if path else None


def read_settings(folder: Path, diagnostics: Diagnostics) -> Settings | None:
    """Parse and validate school.yaml; None (with diagnostics) if it is missing or invalid."""
    path = folder / SETTINGS_FILE
    if not path.is_file():
        diagnostics.error(SETTINGS_FILE, "is missing; the folder needs one")
        return None
    parsed = read_yaml(path, SETTINGS_FILE)
    if isinstance(parsed, Diagnostic):
        diagnostics.add(parsed)
        return None
    reader = _Reader(parsed, diagnostics)
    data = parsed.data
    if not isinstance(data, dict):
        reader.error([], "must be a mapping of keys (name, urn, ...)")
        return None
    for key in data:
        if key not in KEYS:
            reader.error([key], f"unknown key; expected {', '.join(KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        reader.error(["name"], "the school's name is required")
        name = ""
    urn = _urn(reader, data)
    timezone = _timezone(reader, data)
    domains = _domains(reader, data)
    phones = _phones(reader, data)
    websites = _websites(reader, data)
    hours = _hours(reader, data)
    policy = _policy(reader, data, folder)
    logo = _logo(reader, data, folder)
    diagnostics.extend(_extension_problems(folder))
    if not reader.ok:
        return None
    return Settings(
        name=name.strip(),
        urn=urn,
        timezone=timezone,
        email_domains=domains,
        phone_numbers=phones,
        websites=websites,
        school_hours=hours,
        policy=policy,
        logo=logo,
    )


def _extension_problems(folder: Path) -> list[Diagnostic]:
    """Problems in the school's optional additions to the built-in data: its own-detail cue
    words (contact-cues.yaml) and its web filter's category names (web-categories.yaml).
    The checks read the same files (CheckContext) and leave a bad item out."""
    from saferpractice.checks.cues import SCHOOL_CUES_FILE, load_cues
    from saferpractice.detect.monitoring import SCHOOL_CATEGORIES_FILE, load_monitoring

    found: list[Diagnostic] = []
    cues = folder / SCHOOL_CUES_FILE
    if cues.is_file():
        found.extend(d for d in load_cues([cues]).diagnostics if d.source == SCHOOL_CUES_FILE)
    categories = folder / SCHOOL_CATEGORIES_FILE
    if categories.is_file():
        shown = str(categories)
        found.extend(
            replace(d, source=SCHOOL_CATEGORIES_FILE)
            for d in load_monitoring([categories]).diagnostics
            if d.source == shown
        )
    return found


def _urn(reader: _Reader, data: dict[str, Any]) -> str | None:
    if data.get("urn") in (None, ""):
        reader.warning(["urn"], "no DfE URN is recorded")
        return None
    value = data["urn"]
    text = str(value).strip() if isinstance(value, str | int) else ""
    if isinstance(value, bool) or not _URN.match(text):
        reader.error(["urn"], f"'{value}' is not a DfE URN (six digits, e.g. \"123456\")")
        return None
    return text


def _timezone(reader: _Reader, data: dict[str, Any]) -> str:
    value = data.get("timezone")
    if value is None:
        return DEFAULT_TIMEZONE
    if isinstance(value, str) and value.strip():
        try:
            ZoneInfo(value.strip())
            return value.strip()
        except (ZoneInfoNotFoundError, ValueError):
            pass
    reader.error(["timezone"], f"'{value}' is not a timezone name such as Europe/London")
    return DEFAULT_TIMEZONE


def _domains(reader: _Reader, data: dict[str, Any]) -> tuple[str, ...]:
    domains: list[str] = []
    for index, text in reader.text_list(data, "email_domains"):
        address = normalise_email(f"x@{text.removeprefix('@')}")
        if address is None:
            reader.error(["email_domains", index], f"'{text}' is not an email domain")
        elif (domain := address.partition("@")[2]) in domains:
            reader.warning(["email_domains", index], f"'{text}' is listed twice")
        else:
            domains.append(domain)
    return tuple(domains)


def _phones(reader: _Reader, data: dict[str, Any]) -> tuple[str, ...]:
    phones: list[str] = []
    for index, text in reader.text_list(data, "phone_numbers"):
        number = normalise_phone(text)
        if number is None:
            reader.error(["phone_numbers", index], f"'{text}' is not a valid phone number")
        elif number in phones:
            reader.warning(["phone_numbers", index], f"'{text}' is listed twice")
        else:
            phones.append(number)
    return tuple(phones)


def _websites(reader: _Reader, data: dict[str, Any]) -> tuple[str, ...]:
    sites: list[str] = []
    for index, text in reader.text_list(data, "websites"):
        site = normalise_website(text)
        if site is None:
            reader.error(["websites", index], f"'{text}' is not a website address")
        elif site in sites:
            reader.warning(["websites", index], f"'{text}' is listed twice")
        else:
            sites.append(site)
    return tuple(sites)


def _time(reader: _Reader, hours: dict[str, Any], key: str) -> time | None:
    value = hours.get(key)
    if value is None:
        reader.error(["school_hours", key], 'is missing; write it as "HH:MM"')
        return None
    if isinstance(value, str) and _TIME.match(value.strip()):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            pass
    reader.error(["school_hours", key], f"'{value}' is not a time written \"HH:MM\"")
    return None


def _day(text: str) -> str | None:
    key = text.strip().casefold()
    for day in DAYS:
        full = {
            "mon": "monday",
            "tue": "tuesday",
            "wed": "wednesday",
            "thu": "thursday",
            "fri": "friday",
            "sat": "saturday",
            "sun": "sunday",
        }[day]
        if key in (day, full):
            return day
    return None


def _hours(reader: _Reader, data: dict[str, Any]) -> SchoolHours:
    if "school_hours" not in data:
        reader.warning(["school_hours"], "is not set; using 08:30-15:30, Monday to Friday")
        return DEFAULT_HOURS
    hours = data["school_hours"]
    if not isinstance(hours, dict):
        reader.error(["school_hours"], "must be a mapping with start, end and days")
        return DEFAULT_HOURS
    for key in hours:
        if key not in HOURS_KEYS:
            reader.error(["school_hours", key], f"unknown key; expected {', '.join(HOURS_KEYS)}")
    start = _time(reader, hours, "start")
    end = _time(reader, hours, "end")
    if start is not None and end is not None and end <= start:
        reader.error(["school_hours", "end"], f"end {end:%H:%M} is not after start {start:%H:%M}")
    days: list[str] = []
    raw_days = hours.get("days")
    if raw_days is None:
        raw_days = list(DAYS[:5])
    if not isinstance(raw_days, list) or not raw_days:
        reader.error(["school_hours", "days"], "must be a list of days, e.g. [mon, tue, wed]")
        raw_days = []
    for index, item in enumerate(raw_days):
        day = _day(item) if isinstance(item, str) else None
        if day is None:
            reader.error(["school_hours", "days", index], f"'{item}' is not a day (mon ... sun)")
        elif day in days:
            reader.warning(["school_hours", "days", index], f"'{item}' is listed twice")
        else:
            days.append(day)
    ordered = tuple(day for day in DAYS if day in days)
    if start is None or end is None:
        return DEFAULT_HOURS
    return SchoolHours(start, end, ordered)


LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
LOGO_MAX_BYTES = 1_000_000


def _logo(reader: _Reader, data: dict[str, Any], folder: Path) -> str | None:
    """The school's logo: an image file inside the school folder, no larger than 1 MB."""
    value = data.get("logo")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        reader.error(["logo"], "must be the name of an image file in the school folder")
        return None
    path = (folder / value.strip()).resolve()
    if not path.is_relative_to(folder.resolve()):
        reader.error(["logo"], "must be inside the school folder")
        return None
    if path.suffix.casefold() not in LOGO_SUFFIXES:
        reader.error(["logo"], f"must be a {', '.join(LOGO_SUFFIXES)} image")
        return None
    if not path.is_file():
        reader.error(["logo"], f"'{value}' does not exist (paths are relative to the folder)")
        return None
    if path.stat().st_size > LOGO_MAX_BYTES:
        reader.error(["logo"], "is larger than 1 MB; use a smaller image")
        return None
    return value.strip()


def _policy(reader: _Reader, data: dict[str, Any], folder: Path) -> str | None:
    value = data.get("policy")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        reader.error(["policy"], "must be a path to a policy file")
        return None
    path = (folder / value.strip()).resolve()
    if not path.is_relative_to(folder.resolve()):
        # A school folder may come from anyone; it must not make a scan read other files.
        reader.error(
            ["policy"], "must be inside the school folder (use `scan --policy FILE` otherwise)"
        )
        return None
    if not path.is_file():
        reader.error(["policy"], f"'{value}' does not exist (paths are relative to the folder)")
        return None
    return value.strip()
