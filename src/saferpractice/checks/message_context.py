"""The context of a message that uses risk language, as a safeguarding lead would weigh it.

Four kinds of factor, each a line in the finding's `why`:
- the audience: one pupil, a pupil and their parent, a parent, a few pupils, a whole class;
- the time and channel: school hours or late evening; a school or a personal account;
- the setting: lesson content, a class game, a school event, pastoral care (by the DSL);
- the pattern of the words: the lexicon phrase that fired with its category's own `why`,
  and what the semantic detector says the message reads like.

The thresholds, the lexicon groups' concerns, the categories no setting explains away and
the setting words are data (message_context.yaml), so a school can read them and extend them;
`lexicon_references` names, with file and line, any group or category id in it that no loaded
lexicon defines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from saferpractice.diagnostics import Diagnostic
from saferpractice.timeutil import to_zone
from saferpractice.yamlfile import PathPart, YamlSource, format_path, parse_yaml_text, read_yaml

if TYPE_CHECKING:
    from saferpractice.checks.context import CheckContext, Party
    from saferpractice.detect import RiskMatch
    from saferpractice.detect.lexicon import Lexicons
    from saferpractice.school import School

DATA_FILE = "message_context.yaml"
NEVER_EXPLAINED_KEY = "never_explained_to_one_pupil"

# Audience kinds
ONE_PUPIL = "one pupil"
PUPIL_AND_PARENT = "a pupil and their parent"
PARENT = "a pupil's parent"
FEW_PUPILS = "a few pupils"
CLASS = "a class or year group"
SINGLE_CHILD_AUDIENCES = frozenset({ONE_PUPIL, PUPIL_AND_PARENT, PARENT})


@dataclass(frozen=True, slots=True)
class GroupRule:
    concern: str
    red_to_parents: bool = False


@dataclass(frozen=True, slots=True)
class Setting:
    id: str
    title: str
    pattern: re.Pattern[str]
    words: tuple[str, ...] = ()  # case-folded, as written in the data file


@dataclass(frozen=True, slots=True)
class ContextRules:
    class_size: int
    evening_from: time
    late_evening_from: time
    night_until: time
    groups: dict[str, GroupRule]
    settings: tuple[Setting, ...]
    semantic_in_setting: float = 0.98
    never_explained_to_one_pupil: frozenset[str] = frozenset()

    def group(self, name: str) -> GroupRule:
        return self.groups.get(name, GroupRule(concern=""))


def _time(value: Any, key: str) -> time:
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise ValueError(f"{DATA_FILE}: time.{key} must be HH:MM, not {value!r}") from error


def _words_pattern(words: Sequence[str], where: str) -> re.Pattern[str]:
    if not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise ValueError(f"{DATA_FILE}: {where} must be a list of words")
    escaped = sorted((re.escape(w.strip().casefold()) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(escaped) + r")(?![\w'])", re.IGNORECASE)


def _setting_words(words: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.strip().casefold() for w in words))


def parse_rules(data: Any) -> ContextRules:
    """The rules from parsed YAML; a `ValueError` names the key that is wrong."""
    if not isinstance(data, dict):
        raise ValueError(f"{DATA_FILE} must be a mapping")
    audience = data.get("audience") or {}
    times = data.get("time") or {}
    in_setting = (data.get("semantic") or {}).get("in_setting", 0.98)
    if not isinstance(in_setting, int | float) or not 0 < in_setting <= 1:
        raise ValueError(f"{DATA_FILE}: semantic.in_setting must be a number from 0 to 1")
    class_size = audience.get("class_size", 5)
    if not isinstance(class_size, int) or class_size < 2:
        raise ValueError(f"{DATA_FILE}: audience.class_size must be a whole number of 2 or more")
    groups: dict[str, GroupRule] = {}
    for name, details in (data.get("groups") or {}).items():
        if not isinstance(details, dict):
            raise ValueError(f"{DATA_FILE}: groups.{name} must be a mapping")
        groups[str(name)] = GroupRule(
            concern=str(details.get("concern") or ""),
            red_to_parents=bool(details.get("red_to_parents", False)),
        )
    settings: list[Setting] = []
    for sid, details in (data.get("settings") or {}).items():
        if not isinstance(details, dict) or not details.get("title"):
            raise ValueError(f"{DATA_FILE}: settings.{sid} needs a title and words")
        pattern = _words_pattern(details.get("words") or [], f"settings.{sid}.words")
        words = _setting_words(details.get("words") or [])
        settings.append(Setting(str(sid), str(details["title"]), pattern, words))
    never = data.get(NEVER_EXPLAINED_KEY) or []
    if not isinstance(never, list) or not all(isinstance(c, str) and c for c in never):
        raise ValueError(f"{DATA_FILE}: {NEVER_EXPLAINED_KEY} must be a list of category ids")
    return ContextRules(
        class_size=class_size,
        evening_from=_time(times.get("evening_from", "18:00"), "evening_from"),
        late_evening_from=_time(times.get("late_evening_from", "21:00"), "late_evening_from"),
        night_until=_time(times.get("night_until", "06:30"), "night_until"),
        groups=groups,
        settings=tuple(settings),
        semantic_in_setting=float(in_setting),
        never_explained_to_one_pupil=frozenset(never),
    )


def _source(path: Path | None) -> YamlSource:
    """message_context.yaml (the built-in one unless `path`) through the one YAML loader."""
    if path is None:
        text = (resources.files(__package__ or __name__) / DATA_FILE).read_text("utf-8")
        parsed = parse_yaml_text(text, DATA_FILE)
    else:
        parsed = read_yaml(path)
    if isinstance(parsed, Diagnostic):
        raise ValueError(str(parsed))
    return parsed


@cache
def context_rules(path: Path | None = None) -> ContextRules:
    return parse_rules(_source(path).data)


def lexicon_references(lexicons: Lexicons, path: Path | None = None) -> list[Diagnostic]:
    """The lexicon groups and category ids that message_context.yaml names but no loaded
    lexicon defines (a typo, usually), each with the file and line to edit."""
    source = _source(path)
    data = source.data if isinstance(source.data, dict) else {}
    groups = {category.group for category in lexicons.categories}
    ids = {category.id for category in lexicons.categories}
    unknown: list[tuple[list[PathPart], str]] = [
        (["groups", name], f"no loaded lexicon category is in the group '{name}'")
        for name in data.get("groups") or {}
        if name not in groups
    ]
    unknown += [
        ([NEVER_EXPLAINED_KEY, index], f"no loaded lexicon defines the category '{cid}'")
        for index, cid in enumerate(data.get(NEVER_EXPLAINED_KEY) or [])
        if cid not in ids
    ]
    return [
        Diagnostic(source.name, message, line=source.line_of(at), field=format_path(at))
        for at, message in unknown
    ]


# -- audience -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Audience:
    kind: str  # one of the audience kinds above: it decides what is weighed
    pupils: tuple[Party, ...]
    parents: tuple[Party, ...]
    text: str
    who: str  # who it went to in words, e.g. "a few pupils and a parent or carer"

    @property
    def single_child(self) -> bool:
        """One pupil, or one pupil's parent(s): where grooming language is aimed."""
        return self.kind in SINGLE_CHILD_AUDIENCES

    @property
    def parties(self) -> tuple[Party, ...]:
        return self.pupils + self.parents


def _who(kind: str, pupils: int, parents: int) -> str:
    """The audience in words. The kind alone would call a mixed group "a few pupils" and list
    a parent among them, so a group names its pupils and its parents separately."""
    if kind in (ONE_PUPIL, PUPIL_AND_PARENT):
        return kind
    if kind == PARENT:
        return PARENT if parents == 1 else "a pupil's parents or carers"
    parts = []
    if pupils:
        parts.append("a pupil" if pupils == 1 else "a few pupils")
    if parents:
        parts.append("a parent or carer" if parents == 1 else "a few parents or carers")
    if pupils == 1 and parents == 1:  # else it would be one pupil and their parent
        parts[-1] += " of another pupil"
    return " and ".join(parts)


def audience_of(
    ctx: CheckContext, recipients: Sequence[Party], on: Any, rules: ContextRules
) -> Audience | None:
    """Who the message went to, among pupils and parents; None if neither."""
    pupils = tuple(p for p in recipients if ctx.is_pupil(p.person, on))
    parents = tuple(
        p for p in recipients if p not in pupils and ctx.is_pupil_or_parent(p.person, on)
    )
    if not pupils and not parents:
        return None
    colleagues = sum(1 for p in recipients if ctx.is_staff(p.person, on))
    # Each parent's children: a parent of three pupils is still one pupil's parent, and a
    # message to them is to one family, as much as a message to a parent of one.
    families = [set(ctx.school.children_of(p.pid)) if p.pid else set() for p in parents]
    if len(pupils) >= rules.class_size or (not pupils and len(parents) >= rules.class_size):
        kind = CLASS
        text = (
            f"audience: {len(pupils)} pupils"
            + (f" and {len(parents)} parents" if parents else "")
            + f", a class or year group ({rules.class_size} or more); a message to a whole "
            "group cannot single one child out"
        )
        return Audience(kind, pupils, parents, text, CLASS)
    if len(pupils) == 1 and all(pupils[0].pid in family for family in families):
        kind = PUPIL_AND_PARENT if parents else ONE_PUPIL
    elif not pupils and (len(parents) == 1 or set.intersection(*families)):
        kind = PARENT  # one parent, or parents who share a child
    else:
        kind = FEW_PUPILS  # pupils, or parents, of more than one family
    who = _who(kind, len(pupils), len(parents))
    people = "; ".join(ctx.describe(p.person, on) for p in pupils + parents if p.person)
    also = f", copied to {colleagues} colleague(s)" if colleagues else ""
    return Audience(kind, pupils, parents, f"audience: {who}: {people}{also}", who)


# -- time and channel ---------------------------------------------------------------------


def uk_datetime(moment: datetime) -> str:
    """ "Tuesday 3 March 2026, 14:05" """
    return f"{moment:%A} {moment.day} {moment:%B %Y, %H:%M}"


def time_factor(sent_at: datetime | None, school: School, rules: ContextRules) -> tuple[str, str]:
    """(kind, the `why` line): school hours, after school, evening, late evening, night..."""
    if sent_at is None or sent_at.tzinfo is None:
        return "unknown", "time: the evidence does not say when it was sent"
    local = to_zone(sent_at, school.timezone)  # never overflows (issue 10 item 1)
    hours = school.school_hours
    school_day = local.strftime("%a").casefold()[:3] in {d.casefold()[:3] for d in hours.days}
    clock = local.time()
    span = f"school hours {hours.start:%H:%M}–{hours.end:%H:%M}"
    if clock >= rules.late_evening_from or clock < rules.night_until:
        kind = "late evening" if clock >= rules.late_evening_from else "night"
    elif not school_day:
        kind = "weekend or holiday"
    elif hours.start <= clock < hours.end:
        kind = "school hours"
    elif clock >= rules.evening_from:
        kind = "evening"
    elif clock >= hours.end:
        kind = "after school"
    else:
        kind = "before school"
    where = "during" if kind == "school hours" else "outside"
    return kind, f"time: sent {uk_datetime(local)} ({kind}, {where} {span})"


def channel_factor(sender: Party, channel: str) -> tuple[bool, str]:
    """(personal?, the `why` line) for the account or phone the message came from."""
    medium = "email" if channel == "mail" else channel
    if sender.ownership == "personal":
        kind = "phone" if sender.kind == "phone" else "account"
        where = f" ({sender.where})" if sender.where else ""
        return True, f"channel: {medium} from a personal {kind}{where}, out of the school's sight"
    if sender.ownership in {"school", "professional"} or sender.is_school:
        return False, f"channel: {medium} from a school account"
    return False, f"channel: {medium}"


# -- setting ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SettingSeen:
    setting: Setting
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        shown = ", ".join(f"'{w}'" for w in self.words[:4])
        return f"{self.setting.title} (mentions {shown})"


_TOKEN = re.compile(r"[\w']+")


@dataclass(frozen=True, slots=True)
class _SettingIndex:
    """The setting words by their first word, so that a message is read in one pass.

    A setting word can only start where a word of the message starts (the pattern's
    look-behind), so each word of the message is looked up once instead of every setting's
    alternation being tried at every character (about 2 µs for each space before).
    """

    by_first: dict[str, tuple[tuple[int, re.Pattern[str]], ...]]  # longest phrase first
    other: tuple[tuple[int, re.Pattern[str]], ...]  # phrases that start with punctuation


@cache
def _index(settings: tuple[Setting, ...]) -> _SettingIndex:
    by_first: dict[str, list[tuple[int, int, re.Pattern[str]]]] = {}
    other: list[tuple[int, re.Pattern[str]]] = []
    for number, setting in enumerate(settings):
        for word in setting.words:
            tail = re.compile(re.escape(word) + r"(?![\w'])", re.IGNORECASE)
            first = _TOKEN.match(word)
            if first is None:
                other.append((number, re.compile(r"(?<![\w'])" + tail.pattern, re.I)))
                continue
            by_first.setdefault(first.group(0).lower(), []).append((len(word), number, tail))
    ordered = {
        key: tuple((number, tail) for _, number, tail in sorted(items, key=lambda i: -i[0]))
        for key, items in by_first.items()
    }
    return _SettingIndex(ordered, tuple(other))


def settings_in(text: str, rules: ContextRules) -> list[SettingSeen]:
    """The settings whose words the text mentions, each with its words in order of use."""
    index = _index(rules.settings)
    found: list[dict[str, None]] = [{} for _ in rules.settings]
    free_from = [0] * len(rules.settings)  # matches of one setting never overlap
    for token in _TOKEN.finditer(text):
        candidates = index.by_first.get(token.group(0).lower())
        if not candidates:
            continue
        start = token.start()
        for number, tail in candidates:
            if start < free_from[number]:
                continue
            match = tail.match(text, start)
            if match is not None:
                found[number][match.group(0).casefold()] = None
                free_from[number] = match.end()
    for number, pattern in index.other:
        found[number].update((m.group(0).casefold(), None) for m in pattern.finditer(text))
    return [
        SettingSeen(setting, tuple(words))
        for setting, words in zip(rules.settings, found, strict=True)
        if words
    ]


def sender_is_dsl(ctx: CheckContext, sender: Party) -> bool:
    return sender.person is not None and "dsl" in sender.person.responsibilities


def setting_factor(seen: Sequence[SettingSeen], dsl: bool) -> str:
    parts = [s.text for s in seen]
    if dsl:
        parts.append("pastoral care: the sender is a designated safeguarding lead")
    if not parts:
        return "setting: no lesson, class game, school event or pastoral setting recognised"
    return "setting: " + "; ".join(parts)


# -- the pattern of the words -------------------------------------------------------------


def lexicon_pattern_lines(text: str, matches: Sequence[RiskMatch], lexicons: Lexicons) -> list[str]:
    """For each match: the words, the phrase that fired, its category and the category's why."""
    lines: list[str] = []
    for match in matches:
        category = lexicons.category(match.category)
        title = lexicon_title(match.category, lexicons)
        files = ", ".join(dict.fromkeys(Path(s).name for s in category.sources)) if category else ""
        where = f" in {files}" if files else ""
        reason = f": {category.why}" if category and category.why else ""
        lines.append(
            f"pattern: '{text[match.start : match.end]}' matches the phrase "
            f"\u201c{match.phrase}\u201d of the {match.category} lexicon{where} "
            f"({title}, {match.severity}){reason}"
        )
    return lines


def concerns_of(matches: Sequence[RiskMatch], rules: ContextRules) -> list[str]:
    return sorted({rules.group(m.group).concern for m in matches} - {""})


def title_for(category_id: str, lexicons: Lexicons) -> str:
    """The title a reader sees for a lexicon or semantic category ("Appearance and the body"),
    the semantic title where a built-in lexicon category names the same pattern, or the id
    when neither knows it."""
    from saferpractice.detect.semantic import categories

    semantic = categories().get(category_id)
    if semantic is not None:
        return semantic.title
    same = [c for c in categories().values() if category_id in c.lexicon]
    if same:  # the lexicon's word for a pattern the detector also names: one title for both
        return same[0].title
    return lexicon_title(category_id, lexicons)


def lexicon_title(category_id: str, lexicons: Lexicons) -> str:
    """A lexicon category's own title ("Flattery and affection"), or its id if it has none."""
    category = lexicons.category(category_id)
    return category.title if category is not None else category_id


def concern_for(category_id: str, lexicons: Lexicons, rules: ContextRules | None = None) -> str:
    """The safeguarding concern ("possible grooming", "sexual content", "self-harm" or "") of a
    lexicon category or a semantic category, from the data files: for the report's priority."""
    from saferpractice.detect.semantic import categories

    semantic = categories().get(category_id)
    if semantic is not None:
        return semantic.concern
    lexicon = lexicons.category(category_id)
    if lexicon is None:
        return ""
    return (rules or context_rules()).group(lexicon.group).concern
