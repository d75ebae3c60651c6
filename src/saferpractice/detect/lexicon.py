"""Risk-language lexicons: YAML data files a school can extend, validated with line numbers.

A lexicon file may hold three optional top-level keys:

- `categories`: a list of categories, each with `id`, `title`, `group`, `severity`
  (red|amber), `why` (why this language matters) and `phrases`. Repeating the id of a
  category that is already loaded adds phrases to it (this is how a school extends ours).
- `words`: forms of a word matched wherever that word appears in any phrase (irregular
  inflections, text-speak and common misspellings): `tell: [told, tells, telling]`.
- `allow`: phrases that are never a hit; a risk match overlapping one is dropped
  ("kill time", "dying to know").

Phrase syntax: words separated by spaces; `word~` adds the regular suffixes (-s, -ed,
-ing, with the usual spelling rules); `{a|b}` gives alternatives; `[word]` is optional. An
apostrophe in a phrase matches a straight one, a curly one or none ("don't", "don’t",
"dont"). Matching ignores ASCII case and respects word boundaries.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from saferpractice.detect.owncache import own_cache_bytes, write_private
from saferpractice.diagnostics import Diagnostic, Diagnostics, errors_in
from saferpractice.yamlfile import line_of_node, read_yaml

MAX_VARIANTS_PER_PHRASE = 256
_CATEGORY_ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_CATEGORY_KEYS = {"id", "title", "group", "severity", "why", "phrases"}
_TOP_KEYS = {"categories", "words", "allow", "version"}
SEPARATOR = r"[ \t\r\n]+"
_APOSTROPHES = "'\u2019"


class RiskSeverity(StrEnum):
    RED = "red"
    AMBER = "amber"


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    title: str
    group: str
    severity: RiskSeverity
    why: str
    phrases: tuple[str, ...]
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Everything loaded: categories in load order, the word-forms table, the allow-list."""

    categories: tuple[Category, ...]
    words: tuple[tuple[str, tuple[str, ...]], ...] = ()
    allow: tuple[str, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def category(self, category_id: str) -> Category | None:
        for category in self.categories:
            if category.id == category_id:
                return category
        return None

    @property
    def errors(self) -> list[Diagnostic]:
        return errors_in(self.diagnostics)


# -- phrase compilation -----------------------------------------------------------------


def normalise_word(word: str) -> str:
    return word.strip().lower().replace("\u2019", "'")


_VOWELS = set("aeiou")


def _is_cvc(word: str) -> bool:
    """Short consonant-vowel-consonant words double their last letter (chat -> chatting)."""
    return (
        len(word) >= 3
        and len(word) <= 4
        and word[-1] not in _VOWELS
        and word[-1] not in "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
        and word.isalpha()
    )


def inflect(word: str) -> tuple[str, ...]:
    """Regular English suffixes of a verb or noun: the simple rules, nothing clever."""
    if not word.isalpha():
        return (word,)
    forms = [word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(word + "es")
    elif word.endswith("y") and word[-2:-1] not in _VOWELS:
        forms.append(word[:-1] + "ies")
    else:
        forms.append(word + "s")
    if word.endswith("e"):
        forms.append(word + "d")
    elif word.endswith("y") and word[-2:-1] not in _VOWELS:
        forms.append(word[:-1] + "ied")
    elif _is_cvc(word):
        forms.append(word + word[-1] + "ed")
    else:
        forms.append(word + "ed")
    if word.endswith("ie"):
        forms.append(word[:-2] + "ying")
    elif word.endswith("e") and not word.endswith("ee"):
        forms.append(word[:-1] + "ing")
    elif _is_cvc(word):
        forms.append(word + word[-1] + "ing")
    else:
        forms.append(word + "ing")
    return tuple(dict.fromkeys(forms))


_GROUP = re.compile(r"\{([^{}\[\]]*)\}|\[([^{}\[\]]*)\]")


class PhraseError(ValueError):
    """A phrase that cannot be compiled; the message says why."""


def expand_phrase(phrase: str) -> list[str]:
    """All spellings of a phrase's `{a|b}` alternatives and `[optional]` parts."""
    parts: list[list[str]] = []
    pos = 0
    for group in _GROUP.finditer(phrase):
        parts.append([phrase[pos : group.start()]])
        if group.group(1) is not None:
            parts.append(group.group(1).split("|"))
        else:
            parts.append([group.group(2), ""])
        pos = group.end()
    parts.append([phrase[pos:]])
    leftover = "".join(p[0] for p in parts if len(p) == 1)
    if any(ch in leftover for ch in "{}[]|"):
        raise PhraseError("unbalanced {…} or […] or a stray '|'")
    count = 1
    for options in parts:
        count *= len(options)
    if count > MAX_VARIANTS_PER_PHRASE:
        raise PhraseError(f"expands to {count} spellings (the limit is {MAX_VARIANTS_PER_PHRASE})")
    spellings = (" ".join("".join(choice).split()) for choice in itertools.product(*parts))
    return list(dict.fromkeys(s for s in spellings if s))


def _form_regex(form: str) -> str:
    out: list[str] = []
    for index, word in enumerate(form.split()):
        if index:
            out.append(SEPARATOR)
        piece = ""
        for char in word:
            if char in _APOSTROPHES:
                piece += "['\u2019]?"
            else:
                piece += re.escape(char)
        out.append(piece)
    return "".join(out)


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def spelling_regex(spelling: str, words: dict[str, tuple[str, ...]]) -> str:
    """The regex of one spelling of a phrase: each word becomes its forms, longest first.

    Longest-first alternatives make the regex's preferred match its longest one, which is
    what hyperscan reports, so both engines agree (see engine.py).
    """
    tokens = spelling.split()
    if not tokens:
        raise PhraseError("empty phrase")
    pieces: list[str] = []
    for token in tokens:
        suffixes = token.endswith("~")
        base = normalise_word(token.rstrip("~"))
        if not base:
            raise PhraseError(f"'{token}' has no word before '~'")
        forms: set[str] = {base, *words.get(base, ())}
        if suffixes:
            forms.update(inflect(base))
        ordered = sorted(forms, key=lambda f: (-len(f), f))
        pieces.append("(?:" + "|".join(_form_regex(f) for f in ordered) + ")")
    first = normalise_word(tokens[0].rstrip("~"))[0]
    last = normalise_word(tokens[-1].rstrip("~"))[-1]
    if not any(_is_word_char(c) for c in spelling):
        raise PhraseError("a phrase needs at least one letter or digit")
    left = r"\b" if _is_word_char(first) else ""
    right = r"\b" if _is_word_char(last) else ""
    return left + SEPARATOR.join(pieces) + right


def phrase_patterns(phrase: str, words: dict[str, tuple[str, ...]]) -> list[str]:
    return list(dict.fromkeys(spelling_regex(s, words) for s in expand_phrase(phrase)))


# -- loading ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    id: str
    title: str
    group: str
    severity: RiskSeverity
    why: str
    phrases: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def builtin_paths() -> list[Path]:
    folder = resources.files("saferpractice.detect") / "lexicons"
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith((".yaml", ".yml")))


def _expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        else:
            yield path


class _Loader:
    def __init__(self) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.words: dict[str, list[str]] = {}
        self.allow: list[str] = []
        self.diagnostics = Diagnostics()

    def error(self, source: str, message: str, line: int | None, fld: str | None = None) -> None:
        self.diagnostics.error(source, message, line=line, field=fld)

    def warn(self, source: str, message: str, line: int | None, fld: str | None = None) -> None:
        self.diagnostics.warning(source, message, line=line, field=fld)

    def load_file(self, path: Path) -> None:
        source = str(path)
        parsed = read_yaml(path)
        if isinstance(parsed, Diagnostic):
            self.diagnostics.add(parsed)
            return
        data = parsed.tree  # round-trip nodes: every key and item knows its line
        if data is None:
            self.warn(source, "the lexicon file is empty", None)
            return
        if not isinstance(data, dict):
            self.error(source, "a lexicon file must be a mapping with 'categories'", 1)
            return
        for key in data:
            if key not in _TOP_KEYS:
                self.warn(source, f"unknown key '{key}' ignored", line_of_node(data, key), str(key))
        self._load_words(source, data.get("words"), line_of_node(data, "words"))
        self._load_allow(source, data.get("allow"), line_of_node(data, "allow"))
        categories = data.get("categories", [])
        if not isinstance(categories, list):
            self.error(source, "'categories' must be a list", line_of_node(data, "categories"))
            return
        seen: set[str] = set()
        for index, item in enumerate(categories):
            self._load_category(source, item, line_of_node(categories, index), seen)

    def _load_words(self, source: str, words: Any, line: int | None) -> None:
        if words is None:
            return
        if not isinstance(words, dict):
            self.error(source, "'words' must map a word to a list of its forms", line, "words")
            return
        for word, forms in words.items():
            at = line_of_node(words, word)
            if isinstance(forms, str):
                forms = [forms]
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                self.error(
                    source, "the forms of a word must be a list of text", at, f"words.{word}"
                )
                continue
            key = normalise_word(str(word))
            clean = [normalise_word(f) for f in forms if f.strip()]
            if any(any(ch in f for ch in "{}[]|~") for f in clean):
                self.error(
                    source, "word forms are plain text (no {, [, | or ~)", at, f"words.{word}"
                )
                continue
            bucket = self.words.setdefault(key, [])
            bucket.extend(f for f in clean if f not in bucket)

    def _load_allow(self, source: str, allow: Any, line: int | None) -> None:
        if allow is None:
            return
        if not isinstance(allow, list):
            self.error(source, "'allow' must be a list of phrases", line, "allow")
            return
        for index, phrase in enumerate(allow):
            if not isinstance(phrase, str) or not phrase.strip():
                self.error(
                    source, "an allowed phrase must be text", line_of_node(allow, index), "allow"
                )
                continue
            if self._phrase_ok(source, phrase, line_of_node(allow, index), "allow"):
                self.allow.append(phrase.strip())

    def _phrase_ok(self, source: str, phrase: str, line: int | None, fld: str) -> bool:
        try:
            for pattern in phrase_patterns(phrase, {}):
                re.compile(pattern)
        except (PhraseError, re.error) as exc:
            self.error(source, f"phrase '{phrase}': {exc}", line, fld)
            return False
        return True

    def _load_category(self, source: str, item: Any, line: int | None, seen: set[str]) -> None:
        cid = self._category_id(source, item, line, seen)
        if cid is None:
            return
        for key in item:
            if key not in _CATEGORY_KEYS:
                self.warn(
                    source, f"unknown key '{key}' ignored", line_of_node(item, key), f"{cid}.{key}"
                )
        severity_raw = item.get("severity")
        severity: RiskSeverity | None = None
        if severity_raw is not None:
            try:
                severity = RiskSeverity(str(severity_raw).strip().lower())
            except ValueError:
                self.error(
                    source,
                    f"severity must be 'red' or 'amber', not '{severity_raw}'",
                    line_of_node(item, "severity"),
                    f"{cid}.severity",
                )
                return
        existing = self.drafts.get(cid)
        if existing is None:
            draft = self._new_draft(source, cid, item, severity, line)
            if draft is None:
                return
        else:
            draft = existing
            self._amend_draft(source, draft, item, severity)
        draft.sources.append(source)
        self._load_phrases(source, draft, item)

    def _category_id(self, source: str, item: Any, line: int | None, seen: set[str]) -> str | None:
        """The category's id, or None (with an error) if it has no usable, unique one."""
        if not isinstance(item, dict):
            self.error(source, "each category must be a mapping with an 'id'", line)
            return None
        cid = item.get("id")
        if not isinstance(cid, str) or not _CATEGORY_ID.match(cid):
            self.error(
                source,
                "a category needs an 'id' of lower-case letters, digits and hyphens",
                line_of_node(item, "id") if "id" in item else line,
                "id",
            )
            return None
        if cid in seen:
            self.error(source, f"category '{cid}' appears twice in this file", line, "id")
            return None
        seen.add(cid)
        return cid

    def _new_draft(
        self, source: str, cid: str, item: Any, severity: RiskSeverity | None, line: int | None
    ) -> _Draft | None:
        missing = [k for k in ("title", "severity", "why") if not item.get(k)]
        if missing or severity is None:
            self.error(
                source,
                f"new category '{cid}' needs {', '.join(missing)}",
                line,
                f"{cid}.{missing[0]}",
            )
            return None
        draft = _Draft(
            id=cid,
            title=str(item["title"]).strip(),
            group=str(item.get("group") or cid).strip(),
            severity=severity,
            why=" ".join(str(item["why"]).split()),
        )
        self.drafts[cid] = draft
        return draft

    def _amend_draft(
        self, source: str, draft: _Draft, item: Any, severity: RiskSeverity | None
    ) -> None:
        """A later file's changes to a category an earlier file defined."""
        if severity is not None and severity is not draft.severity:
            self.warn(
                source,
                f"category '{draft.id}' changes severity from {draft.severity} to {severity}",
                line_of_node(item, "severity"),
                f"{draft.id}.severity",
            )
            draft.severity = severity
        if item.get("title"):
            draft.title = str(item["title"]).strip()
        if item.get("why"):
            draft.why = " ".join(str(item["why"]).split())

    def _load_phrases(self, source: str, draft: _Draft, item: Any) -> None:
        cid = draft.id
        phrases = item.get("phrases", [])
        if not isinstance(phrases, list):
            self.error(
                source, "'phrases' must be a list", line_of_node(item, "phrases"), f"{cid}.phrases"
            )
            return
        for index, phrase in enumerate(phrases):
            at = line_of_node(phrases, index)
            if not isinstance(phrase, str) or not phrase.strip():
                self.error(source, "a phrase must be non-empty text", at, f"{cid}.phrases")
                continue
            if (
                self._phrase_ok(source, phrase, at, f"{cid}.phrases")
                and phrase not in draft.phrases
            ):
                draft.phrases.append(phrase.strip())

    def result(self) -> Lexicons:
        categories = tuple(
            Category(
                id=d.id,
                title=d.title,
                group=d.group,
                severity=d.severity,
                why=d.why,
                phrases=tuple(d.phrases),
                sources=tuple(d.sources),
            )
            for d in self.drafts.values()
        )
        words = tuple(sorted((k, tuple(v)) for k, v in self.words.items()))
        return Lexicons(categories, words, tuple(self.allow), tuple(self.diagnostics.items))


def load_lexicons(extra_paths: Sequence[str | Path] = (), *, builtin: bool = True) -> Lexicons:
    """The built-in lexicons merged with a school's files (or folders of *.yaml files).

    Never raises on bad input: problems come back as `Lexicons.diagnostics` naming the file
    and line, and the bad item is left out.

    The result is cached on disk by the files' names and bytes (and this loader's code):
    parsing and checking the YAML took about 0.2 s of every scan's start-up, most of the
    driver's CPU in a `--jobs 2` scan (docs/benchmarks.md).
    """
    paths = [*(builtin_paths() if builtin else []), *_expand_paths(extra_paths)]
    key = _cache_key(paths)
    cached = _read_cached(key) if key else None
    if cached is not None:
        return cached
    loader = _Loader()
    for path in paths:
        loader.load_file(path)
    result = loader.result()
    if key:
        _write_cached(key, result)
    return result


# -- the on-disk cache of loaded lexicons -----------------------------------------------
# An optimisation only: an unreadable, stale or unwritable cache means loading the files.

_LOADER_FILES = ("lexicon.py", "../yamlfile.py", "../diagnostics.py")


def _cache_key(paths: Sequence[Path]) -> str | None:
    """A digest of the loader's code and every file's name and bytes; None if one of the
    files cannot be read (the loader then reports it, uncached)."""
    import hashlib

    digest = hashlib.sha256(b"lexicons 1")
    try:
        here = Path(__file__).parent
        for name in _LOADER_FILES:
            digest.update(b"\0" + (here / name).read_bytes())
        for path in paths:
            digest.update(b"\0" + str(path).encode("utf-8", "surrogatepass") + b"\0")
            digest.update(path.read_bytes())
    except (OSError, UnicodeError):
        return None
    return digest.hexdigest()[:32]


def _cache_file(key: str) -> Path:
    from saferpractice.detect.engine import cache_dir

    return cache_dir() / "lexicons" / f"{key}.pickle"


def _read_cached(key: str) -> Lexicons | None:
    import pickle

    try:
        data = own_cache_bytes(_cache_file(key))
        if data is None:
            return None
        loaded = pickle.loads(data)
    except Exception:  # a missing, corrupt or foreign file: load the YAML instead
        return None
    return loaded if isinstance(loaded, Lexicons) else None


def _write_cached(key: str, lexicons: Lexicons) -> None:
    import contextlib
    import pickle

    # The cache only saves start-up time: a read-only or full disk means the next scan parses
    # the YAML again, as the tests for an unwritable cache prove. No stray file is left.
    with contextlib.suppress(OSError, pickle.PicklingError):
        write_private(_cache_file(key), pickle.dumps(lexicons, protocol=pickle.HIGHEST_PROTOCOL))
