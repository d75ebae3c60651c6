"""Validating a policy file: JSON Schema first, then the rules a schema cannot express.

Both passes collect diagnostics rather than stopping at the first problem, and every diagnostic
names the file, the line and the dotted field, so a school can fix everything in one go. The
semantic pass reads the plain data defensively, so that it still runs (and still reports) when
parts of the file have the wrong shape.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError
from jsonschema.exceptions import best_match
from pydantic import ValidationError

from saferpractice.diagnostics import Diagnostic, Severity, UserError, errors_in
from saferpractice.policy.model import AREA_IDS, ID_PATTERN, LEVELS, Policy
from saferpractice.policy.schema import policy_json_schema
from saferpractice.yamlfile import PathPart, YamlSource, format_path, parse_yaml_text, read_yaml

_ID_RE = re.compile(ID_PATTERN)
_JSON_TYPES = {
    "string": "text",
    "object": "a mapping of keys",
    "array": "a list",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "nothing",
}


@dataclass(slots=True)
class CheckResult:
    """The outcome of checking one policy file."""

    source: str
    readable: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    policy: Policy | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_in(self.diagnostics)

    @property
    def ok(self) -> bool:
        return self.readable and not self.errors and self.policy is not None


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(policy_json_schema(), format_checker=FormatChecker())


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = str(value)
    if len(text) > 60 or "\n" in text:
        return f"text of {len(text):,} characters"  # never echo a (possibly foreign) file
    return f"the text {text!r}"


class _Collector:
    def __init__(self, source: YamlSource) -> None:
        self.source = source
        self.items: list[Diagnostic] = []

    def add(
        self, path: Sequence[PathPart], message: str, severity: Severity = Severity.ERROR
    ) -> None:
        self.items.append(
            Diagnostic(
                self.source.name,
                message,
                line=self.source.line_of(path),
                field=format_path(path),
                severity=severity,
            )
        )


def _schema_errors(source: YamlSource, out: _Collector) -> None:
    for error in _validator().iter_errors(source.data):
        _report_schema_error(error, out)


def _report_schema_error(error: SchemaError, out: _Collector) -> None:
    path: list[PathPart] = list(error.absolute_path)
    kind = str(error.validator)
    value: Any = error.instance
    schema: Any = error.schema
    expected: Any = error.validator_value
    if kind in ("anyOf", "oneOf") and error.context:
        # An optional field: the non-null alternative explains the problem best.
        not_null = [
            sub
            for sub in error.context
            if not (sub.validator == "type" and sub.validator_value == "null")
        ]
        chosen = best_match(not_null or error.context)
        if chosen is not None and value is not None:
            _report_schema_error(chosen, out)
            return
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(value) - set(allowed)):
            out.add([*path, key], f"unknown key (expected one of: {', '.join(allowed)})")
        return
    if kind == "required" and isinstance(value, dict):
        for key in expected:
            if key not in value:
                out.add([*path, key], "required key is missing")
        return
    out.add(path, _schema_message(kind, value, expected) or error.message)


def _schema_message(kind: str, value: Any, expected: Any) -> str | None:
    """A plain-English message for a schema error about one value; None to use the
    validator's own message."""
    if kind == "type":
        wanted_list = expected if isinstance(expected, list) else [expected]
        names = " or ".join(_JSON_TYPES.get(str(w), str(w)) for w in wanted_list)
        hint = " (put it in quotes)" if "string" in wanted_list and value is not None else ""
        return f"expected {names}, found {_describe(value)}{hint}"
    if kind == "pattern" and isinstance(value, str):
        return (
            f"{value!r} is not a valid id: use lower-case words and hyphens joined by dots, "
            "e.g. email.red.personal-account"
        )
    if kind == "format" and expected == "date":
        return f"{value!r} is not a date: write it as YYYY-MM-DD"
    if kind == "minLength":
        return "must not be empty"
    if kind == "minItems":
        return f"must list at least {expected} item(s)"
    if kind == "enum":
        return f"{_describe(value)} is not one of: {', '.join(str(c) for c in expected)}"
    if kind == "const":
        return f"must be {expected!r}, found {_describe(value)}"
    if kind == "minimum":
        return f"must be at least {expected}, found {_describe(value)}"
    return None


# --- semantic checks -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    path: tuple[PathPart, ...]
    kind: str  # practice, consequence, requirement or other
    level: str  # for practices
    data: dict[str, Any]


def _item_lists(data: Any) -> Iterator[tuple[tuple[PathPart, ...], str, str, str, Any]]:
    """(path, kind, level, id prefix, list) for every list of items in the policy."""

    def get(node: Any, *keys: str) -> Any:
        for key in keys:
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    fixed: list[tuple[tuple[str, ...], str]] = [
        (("metadata", "supporting_documents"), "documents."),
    ]
    for keys, prefix in fixed:
        yield keys, "other", "", prefix, get(data, *keys)
    areas = get(data, "areas")
    for area_id in AREA_IDS:
        area = get(areas, area_id)
        if not isinstance(area, dict):
            continue
        base: tuple[str, ...] = ("areas", area_id)
        yield (*base, "know"), "other", "", f"{area_id}.know.", area.get("know")
        for level in LEVELS:
            yield (*base, level), "practice", level, f"{area_id}.{level}.", area.get(level)
        yield (
            (*base, "consequences"),
            "consequence",
            "",
            f"{area_id}.consequence.",
            area.get("consequences"),
        )
        yield (*base, "in_place"), "requirement", "", f"{area_id}.in-place.", area.get("in_place")
    rest: list[tuple[tuple[str, ...], str, str]] = [
        (("summary", "do"), "summary", "summary.do."),
        (("summary", "do_not"), "summary", "summary.do-not."),
        (("glossary",), "other", "glossary."),
        (("terms",), "other", "terms."),
        (("resources",), "other", "resources."),
        (("council", "aims"), "other", "council."),
        (("future",), "other", "future."),
    ]
    for keys, kind, prefix in rest:
        yield keys, kind, "", prefix, get(data, *keys)


def _collect_items(data: Any, out: _Collector) -> list[_Found]:
    found: list[_Found] = []
    first_seen: dict[str, tuple[PathPart, ...]] = {}
    for path, kind, level, prefix, items in _item_lists(data):
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            item_path = (*path, index)
            item_id = item.get("id")
            if not isinstance(item_id, str) or not _ID_RE.match(item_id):
                continue  # the schema reports a missing or malformed id
            found.append(_Found(item_path, kind, level, item))
            if not item_id.startswith(prefix):
                out.add(
                    [*item_path, "id"],
                    f"id {item_id!r} must start with {prefix!r} (where the item sits)",
                )
            if item_id in first_seen:
                line = out.source.line_of(first_seen[item_id])
                out.add([*item_path, "id"], f"duplicate id {item_id!r} (first used at line {line})")
            else:
                first_seen[item_id] = item_path
    return found


def _check_references(items: list[_Found], out: _Collector) -> None:
    kinds: dict[str, str] = {}
    for found in items:
        kinds.setdefault(found.data["id"], found.kind)
    wanted = {"consequences": "consequence", "in_place": "requirement"}
    for found in items:
        if found.kind == "summary":
            refs = found.data.get("practices")
            if isinstance(refs, list):
                for index, ref in enumerate(refs):
                    if isinstance(ref, str) and kinds.get(ref) != "practice":
                        out.add(
                            [*found.path, "practices", index],
                            f"{ref!r} is not the id of a practice in this policy",
                        )
            continue
        if found.kind != "practice":
            continue
        level = found.level
        for key, kind in wanted.items():
            refs = found.data.get(key, [])
            if not isinstance(refs, list):
                continue
            noun = "consequence" if kind == "consequence" else "what-should-be-in-place requirement"
            if level in ("red", "amber") and not refs:
                out.add([*found.path, key], f"a {level} practice must cite at least one {noun}")
            for index, ref in enumerate(refs):
                if isinstance(ref, str) and _ID_RE.match(ref) and kinds.get(ref) != kind:
                    where = "" if ref not in kinds else f" (it is a {kinds[ref]})"
                    out.add(
                        [*found.path, key, index],
                        f"{ref!r} is not the id of a {noun} in this policy{where}",
                    )
        approval = found.data.get("approval")
        if level == "amber" and approval is None:
            out.add(
                [*found.path, "approval"],
                "an amber practice must say who approves it and for what scope "
                "(approval: approver, scope)",
            )
        elif level != "amber" and approval is not None:
            out.add(
                [*found.path, "approval"], f"only amber practices have an approval, not {level}"
            )


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _check_versions(data: Any, out: _Collector) -> None:
    metadata = data.get("metadata") if isinstance(data, dict) else None
    versions = metadata.get("versions") if isinstance(metadata, dict) else None
    if not isinstance(versions, list):
        return
    base = ("metadata", "versions")
    seen: dict[str, int] = {}
    previous: dt.date | None = None
    rows = [row for row in versions if isinstance(row, dict)]
    for index, row in enumerate(versions):
        if not isinstance(row, dict):
            continue
        version = row.get("version")
        if isinstance(version, str):
            if version in seen:
                out.add([*base, index, "version"], f"version {version!r} is listed twice")
            seen.setdefault(version, index)
        issued = _parse_date(row.get("date"))
        revision = _parse_date(row.get("next_revision"))
        if issued is not None and previous is not None and issued < previous:
            out.add(
                [*base, index, "date"],
                f"{issued.isoformat()} is earlier than the row before it: list versions "
                "oldest first",
            )
        if issued is not None:
            previous = issued
        if issued is None or revision is None:
            continue
        is_current = row is rows[-1]
        if revision < issued or (is_current and revision == issued):
            out.add(
                [*base, index, "next_revision"],
                f"the next revision date {revision.isoformat()} must be after the issue date "
                f"{issued.isoformat()}",
            )
        elif is_current and (revision - issued).days > 366:
            out.add(
                [*base, index, "next_revision"],
                f"an annual review cycle expects the next revision within a year of "
                f"{issued.isoformat()}",
                Severity.WARNING,
            )


def _semantic_errors(source: YamlSource, out: _Collector) -> None:
    items = _collect_items(source.data, out)
    _check_references(items, out)
    _check_versions(source.data, out)


def _model_errors(source: YamlSource, error: ValidationError, out: _Collector) -> None:
    for problem in error.errors():
        out.add([part for part in problem["loc"] if isinstance(part, str | int)], problem["msg"])


def check_policy_source(source: YamlSource) -> CheckResult:
    """Validate parsed policy data; report every problem at once, in line order."""
    out = _Collector(source)
    if not isinstance(source.data, dict):
        # Never quote the text: the file may not be a policy at all (issue 10 item 16).
        found = "text" if isinstance(source.data, str) else _describe(source.data)
        out.add([], f"a policy file must be a mapping of keys, found {found}")
        return CheckResult(source.name, True, out.items)
    _schema_errors(source, out)
    _semantic_errors(source, out)
    policy: Policy | None = None
    if not errors_in(out.items):
        try:
            policy = Policy.model_validate(source.data)
        except ValidationError as error:
            _model_errors(source, error, out)
    unique = list(dict.fromkeys(out.items))
    unique.sort(key=lambda d: (d.line or 0, d.field or ""))
    return CheckResult(source.name, True, unique, policy)


def check_policy_text(text: str, name: str) -> CheckResult:
    parsed = parse_yaml_text(text, name)
    if isinstance(parsed, Diagnostic):
        return CheckResult(name, False, [parsed])
    return check_policy_source(parsed)


def check_policy_file(path: Path) -> CheckResult:
    """Read, parse and validate a policy file. `readable` is False if it could not be parsed."""
    parsed = read_yaml(path)
    if isinstance(parsed, Diagnostic):
        return CheckResult(str(path), False, [parsed])
    return check_policy_source(parsed)


def load_policy(path: Path | str) -> Policy:
    """Load a school's policy file; UserError with every diagnostic if it is not valid."""
    result = check_policy_file(Path(path))
    if result.policy is None or result.errors:
        count = len(result.errors)
        raise UserError(
            f"{path}: the policy is not valid ({count} error{'s' if count != 1 else ''})",
            result.errors,
        )
    return result.policy
