"""Risk-language lexicons and the matcher: each category, inflections, boundaries, allow-list."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from saferpractice.detect import RiskMatcher, RiskSeverity, load_lexicons
from saferpractice.detect.lexicon import expand_phrase, inflect


@pytest.fixture(scope="module")
def matcher() -> RiskMatcher:
    return RiskMatcher(load_lexicons(), backend="python")


def cats(matcher: RiskMatcher, text: str) -> list[tuple[str, str]]:
    return [(m.category, text[m.start : m.end]) for m in matcher.find(text)]


def test_builtin_lexicons_load_cleanly() -> None:
    lexicons = load_lexicons()
    assert lexicons.diagnostics == ()
    ids = {c.id for c in lexicons.categories}
    assert {
        "secrecy",
        "private-channel",
        "meeting",
        "gifts",
        "flattery-affection",
        "sexual-content",
        "bullying",
        "self-harm",
        "suicide",
    } <= ids
    for category in lexicons.categories:
        assert category.why and category.title and category.phrases
        assert category.severity in (RiskSeverity.RED, RiskSeverity.AMBER)


@pytest.mark.parametrize(
    ("text", "category", "hit"),
    [
        ("Don't tell your mum about this", "secrecy", "Don't tell your mum"),
        ("dont tel any1 ok", "secrecy", "dont tel any1"),
        ("do not tell anyone", "secrecy", "do not tell anyone"),
        ("it’s our little secret", "secrecy", "our little secret"),
        ("pls delete this msg", "secrecy", "delete this msg"),
        ("keep this between us", "secrecy", "keep this between us"),
        ("add me on snap", "private-channel", "add me on snap"),
        ("Added me on Insta yet?", "private-channel", "Added me on Insta"),
        ("just dm me", "private-channel", "dm me"),
        ("text me on my personal number", "private-channel", "text me on my personal number"),
        ("I can give you a lift home", "meeting", "give you a lift"),
        ("meet me after school", "meeting", "meet me after school"),
        ("I bought you a little present", "gifts", "bought you a little present"),
        ("you're so mature", "flattery-affection", "you're so mature"),
        ("ur so special", "flattery-affection", "ur so special"),
        ("I miss you x", "flattery-affection", "I miss you"),
        ("love u", "flattery-affection", "love u"),
        ("send me nudes", "sexual-content", "send me nudes"),
        ("what are you wearing", "sexual-content", "what are you wearing"),
        ("everyone hates you", "bullying", "everyone hates you"),
        ("you're such a loser", "bullying", "such a loser"),
        ("i've been cutting myself again", "self-harm", "cutting myself"),
        ("I want 2 die", "suicide", "want 2 die"),
        ("i just want to kill myself", "suicide", "kill myself"),
    ],
)
def test_each_category_hits(matcher: RiskMatcher, text: str, category: str, hit: str) -> None:
    assert (category, hit) in cats(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "Scunthorpe United won on Saturday",
        "We live in Sussex and Middlesex",
        "The therapist will see you now",
        "Please delete this paragraph and rewrite it.",
        "I'd love you to come to the concert on Friday",
        "Homework: read chapter 3 and answer questions 1-5.",
        "We are dying to know the results of the experiment",
        "Secret Santa is on the last day of term",
        "The class will study the naked eye observations of Venus",
        "Our suicide prevention training is on Monday",
        "Sex education starts in Year 9",
        "I'll pick you up on that point in the next lesson",
        "Assassination of Archduke Franz Ferdinand; the analysis is hilarious",
        "The class kicked off the football match",
    ],
)
def test_benign_school_text_is_not_a_hit(matcher: RiskMatcher, text: str) -> None:
    assert matcher.find(text) == []


def test_word_boundaries_inside_words(matcher: RiskMatcher) -> None:
    assert matcher.find("Scunthorpe") == []
    assert [m.category for m in matcher.find("you c*nt, cunt")] == ["bullying"]


def test_matches_carry_severity_and_phrase(matcher: RiskMatcher) -> None:
    (match,) = matcher.find("remember, don't tell anyone")
    assert match.severity is RiskSeverity.RED
    assert match.phrase.startswith("don't tell")
    assert match.group == "grooming"


def test_inflection_rules() -> None:
    assert inflect("chat") == ("chat", "chats", "chatted", "chatting")
    assert inflect("meet") == ("meet", "meets", "meeted", "meeting")
    assert inflect("delete") == ("delete", "deletes", "deleted", "deleting")
    assert inflect("cry") == ("cry", "cries", "cried", "crying")
    assert inflect("kiss") == ("kiss", "kisses", "kissed", "kissing")


def test_phrase_expansion() -> None:
    assert expand_phrase("our [little] secret") == ["our little secret", "our secret"]
    assert expand_phrase("{a|b} c") == ["a c", "b c"]


def test_matcher_pickles_as_configuration(matcher: RiskMatcher) -> None:
    again = pickle.loads(pickle.dumps(matcher))
    assert again.engine._compiled is None
    text = "don't tell your mum, add me on snap"
    assert again.find(text) == matcher.find(text)


SCHOOL_FILE = """\
# Our school's additions
words:
  lesson: [lessn]
allow:
  - private lesson plan
categories:
  - id: meeting
    phrases:
      - private lesson~
  - id: vaping
    title: Vaping
    group: health
    severity: amber
    why: Pupils are not allowed to vape on site.
    phrases:
      - "{vape|vapes|vaping|elf bar}"
"""


def test_a_school_extends_a_category_and_adds_one(tmp_path: Path) -> None:
    extra = tmp_path / "ours.yaml"
    extra.write_text(SCHOOL_FILE, encoding="utf-8")
    lexicons = load_lexicons([tmp_path])
    assert lexicons.errors == []
    school = RiskMatcher(lexicons, backend="python")
    assert cats(school, "free for private lessn?") == [("meeting", "private lessn")]
    assert cats(school, "my private lesson plan") == []
    assert cats(school, "got an elf bar") == [("vaping", "elf bar")]
    assert str(extra) in lexicons.category("meeting").sources  # type: ignore[union-attr]


BAD_FILE = """\
categories:
  - id: secrecy
    severity: purple
  - id: Bad Id
    title: x
  - id: newthing
    title: New
  - id: ok-one
    title: OK
    severity: red
    why: because
    phrases:
      - "unbalanced {a|b"
      - good phrase
    colour: blue
"""


def test_bad_lexicon_files_give_diagnostics_with_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_FILE, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("categories: [\n  - id: x\n", encoding="utf-8")
    lexicons = load_lexicons([bad, broken, tmp_path / "missing.yaml"])
    messages = [(Path(d.source).name, d.line, d.message) for d in lexicons.diagnostics]
    assert ("bad.yaml", 3) in [(n, line) for n, line, _ in messages]  # severity purple
    assert any(n == "bad.yaml" and line == 4 and "lower-case" in msg for n, line, msg in messages)
    assert any("needs severity, why" in msg for _, _, msg in messages)
    assert any(line == 13 and "unbalanced" in msg for _, line, msg in messages)
    assert any(line == 15 and "unknown key 'colour'" in msg for _, line, msg in messages)
    assert any(n == "broken.yaml" and "not valid YAML" in msg for n, _, msg in messages)
    assert any(n == "missing.yaml" and "not found" in msg for n, _, msg in messages)
    # the good parts still load
    assert lexicons.category("ok-one") is not None
    assert lexicons.category("ok-one").phrases == ("good phrase",)  # type: ignore[union-attr]
    assert lexicons.category("secrecy").severity is RiskSeverity.RED  # type: ignore[union-attr]
