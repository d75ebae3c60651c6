"""The labelled message corpus: loading, validation and the held-back fifth.

Each line of a corpus file is one JSON object:
`{"id", "text", "label": "breach"|"ok", "category", "audience", "channel", "register"}`.
A bad line is reported with its file and line number and left out; the rest still load.

The held-back fifth is chosen by a stable hash of the id, so the split never depends on
file order, on which lines were added later, or on a random seed. It is never used in
training: `split()` is the only way the training code sees the corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LABELS = ("breach", "ok")
AUDIENCES = ("pupil", "parent", "class", "colleague")
CHANNELS = ("email", "sms", "chat", "social_dm")
REGISTERS = ("formal", "chatty", "texting", "typos", "emoji")
BREACH_CATEGORIES = (
    "special-relationship",
    "secrecy",
    "isolation-alone",
    "meeting-outside",
    "gifts-money",
    "appearance-body",
    "sexual-content",
    "photo-requests",
    "private-channel",
    "boundary-testing",
)
OK_CATEGORIES = (
    "lesson-content",
    "pastoral-care",
    "praise",
    "parent-confiding",
    "trips-fixtures",
    "class-games",
    "proper-refusal",
    "admin-logistics",
    "safety-education",
    "photography-consent",
)
CATEGORIES_BY_LABEL = {"breach": BREACH_CATEGORIES, "ok": OK_CATEGORIES}
FIELDS = ("id", "text", "label", "category", "audience", "channel", "register")
MAX_TEXT = 5000
HELD_BACK_BUCKETS = 5  # one bucket in five is held back


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    label: str
    category: str
    audience: str
    channel: str
    register: str
    where: str = ""  # "breaches.jsonl line 12"

    @property
    def is_breach(self) -> bool:
        return self.label == "breach"


@dataclass(frozen=True, slots=True)
class Problem:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Corpus:
    examples: tuple[Example, ...]
    problems: tuple[Problem, ...] = ()

    def split(self) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
        """(training, held back): the held-back fifth by a stable hash of each id."""
        train = tuple(e for e in self.examples if not is_held_back(e.id))
        held = tuple(e for e in self.examples if is_held_back(e.id))
        return train, held


def fingerprint(examples: Iterable[Example]) -> str:
    """A hash of the training examples: it changes whenever the training part changes."""
    digest = hashlib.blake2b(digest_size=16)
    for example in sorted(examples, key=lambda e: e.id):
        for value in (example.id, example.text, example.category):
            digest.update(value.encode("utf-8") + b"\x1f")
    return digest.hexdigest()


def is_held_back(example_id: str) -> bool:
    digest = hashlib.blake2b(example_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % HELD_BACK_BUCKETS == 0


def parse_line(line: str, where: str) -> Example | Problem:
    """One corpus line as an `Example`, or the `Problem` that stops it being one."""
    try:
        row = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
        return Problem(where, f"not valid JSON ({reason})")
    if not isinstance(row, dict):
        return Problem(where, "not a JSON object")
    missing = [name for name in FIELDS if name not in row]
    if missing:
        return Problem(where, f"missing {', '.join(missing)}")
    extra = sorted(str(name) for name in row if name not in FIELDS)
    if extra:
        return Problem(where, f"unknown field(s) {', '.join(extra)}")
    wrong_type = [name for name in FIELDS if not isinstance(row[name], str)]
    if wrong_type:
        return Problem(where, f"{', '.join(wrong_type)} must be text")
    if not row["id"].strip():
        return Problem(where, "empty id")
    if not row["text"].strip():
        return Problem(where, "empty text")
    if len(row["text"]) > MAX_TEXT:
        return Problem(where, f"text longer than {MAX_TEXT} characters")
    checks = (
        ("label", LABELS),
        ("audience", AUDIENCES),
        ("channel", CHANNELS),
        ("register", REGISTERS),
    )
    for name, allowed in checks:
        if row[name] not in allowed:
            return Problem(where, f"{name} {row[name]!r} is not one of {', '.join(allowed)}")
    categories = CATEGORIES_BY_LABEL[row["label"]]
    if row["category"] not in categories:
        return Problem(
            where,
            f"category {row['category']!r} is not a {row['label']} category "
            f"({', '.join(categories)})",
        )
    return Example(where=where, **{name: row[name] for name in FIELDS})


def parse_lines(lines: Iterable[str], name: str) -> Corpus:
    examples: list[Example] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        parsed = parse_line(line, where)
        if isinstance(parsed, Problem):
            problems.append(parsed)
        elif parsed.id in seen:
            problems.append(Problem(where, f"id {parsed.id!r} repeats {seen[parsed.id]}"))
        else:
            seen[parsed.id] = where
            examples.append(parsed)
    return Corpus(tuple(examples), tuple(problems))


def load_corpus(folder: Path) -> Corpus:
    """Every `*.jsonl` file in `folder`, in name order; ids must be unique across files."""
    examples: list[Example] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        return Corpus((), (Problem(str(folder), "no .jsonl files"),))
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(path.name, f"cannot be read ({error})"))
            continue
        part = parse_lines(text.splitlines(), path.name)
        problems.extend(part.problems)
        for example in part.examples:
            if example.id in seen:
                problems.append(
                    Problem(example.where, f"id {example.id!r} repeats {seen[example.id]}")
                )
                continue
            seen[example.id] = example.where
            examples.append(example)
    return Corpus(tuple(examples), tuple(problems))


DEFAULT_CORPUS = Path(__file__).resolve().parents[4] / "corpus" / "messages"
