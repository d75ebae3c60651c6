"""Risk language weighed in context: audience, time and channel, setting, and the pattern of
the words, each named in the finding's `why`; the semantic detector only on messages to one
pupil or a pupil's parent; whole-class lesson content and class games never red."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from evidence_builders import mail, sms

from saferpractice.checks import CheckContext, check_record
from saferpractice.checks.message_context import (
    concern_for,
    context_rules,
    lexicon_references,
    parse_rules,
    settings_in,
)
from saferpractice.detect import load_lexicons
from saferpractice.detect.semantic import categories
from saferpractice.detect.semantic.corpus import DEFAULT_CORPUS, load_corpus
from saferpractice.findings import Finding, Level
from saferpractice.policy import load_default_policy
from saferpractice.school import load_school

FIXTURE_SCHOOL = Path(__file__).parent / "fixtures" / "school"
LONDON = ZoneInfo("Europe/London")
PAT = "pat.smith@heatonlane.sch.uk"
PAT_MOBILE = "+447700900456"
SAM = "sam.jones@heatonlane.sch.uk"
LILY = "lily.evans@heatonlane.sch.uk"
LILY_MOBILE = "+447700900789"  # her own phone, in accounts.csv
KAREN = "karen.jones@example.com"  # Sam's mother
MARK = "mark.evans@example.com"  # Lily's father
HUDA = "huda.haddad@example.com"  # the mother of two pupils in the class (CLASS[0] and [1])
OMAR = "omar.haddad@example.com"  # their father
HELEN = "helen.hughes@heatonlane.sch.uk"
CLASS = [f"pupil{n}@heatonlane.sch.uk" for n in range(10, 17)]  # seven more pupils
LATE = datetime(2026, 11, 17, 21, 47, tzinfo=LONDON)  # a Tuesday, late evening

# No lexicon phrase in it, but it arranges time alone with the child at the adult's home.
ALONE = (
    "Is your mum working late again on Thursday? If so I could come round after tea and keep "
    "you company, just you and me, it'll be quieter without your brother about."
)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> CheckContext:
    """The check tests' school, with a class of seven more pupils."""
    folder = tmp_path_factory.mktemp("school")
    shutil.copytree(FIXTURE_SCHOOL, folder, dirs_exist_ok=True)
    people = folder / "people.csv"
    rows = [f"P{n:03d},Pupil,Number{n},pupil,{CLASS[n - 10]},,,," for n in range(10, 17)]
    rows += [
        f"G010,Huda,Haddad,parent,{HUDA},,,P010;P011,",
        f"G011,Omar,Haddad,parent,{OMAR},,,P010;P011,",
    ]
    people.write_text(people.read_text(encoding="utf-8") + "\n".join(rows) + "\n", "utf-8")
    loaded = load_school(folder)
    assert loaded.school is not None, [str(d) for d in loaded.diagnostics]
    return CheckContext(
        school=loaded.school, policy=load_default_policy(), as_of=date(2026, 11, 24)
    )


def risk_findings(record: object, ctx: CheckContext) -> list[Finding]:
    rules = {"contact.personal-message", "contact.grooming-pattern"}
    return [f for f in check_record(record, ctx) if f.rule in rules]  # type: ignore[arg-type]


def why_with(finding: Finding, prefix: str) -> str:
    lines = [line for line in finding.why if line.startswith(prefix)]
    assert lines, f"no '{prefix}' line in {finding.why}"
    return lines[0]


# -- whole-class messages -----------------------------------------------------------------


def test_lesson_content_to_a_whole_class_is_not_a_finding(ctx: CheckContext) -> None:
    body = (
        "Homework for Thursday: read chapter 3 of Of Mice and Men. Note every time George "
        "tells Lennie not to tell anyone about the farm, and why he keeps it secret."
    )
    record = mail(PAT, [SAM, LILY, *CLASS], body, subject="English homework")
    assert risk_findings(record, ctx) == []


def test_a_class_game_with_a_secret_is_not_a_finding(ctx: CheckContext) -> None:
    body = "Quiz tomorrow! Keep your team's answers secret and don't tell anyone on the other team."
    record = mail(PAT, [SAM, LILY, *CLASS], body, subject="Friday fun")
    assert risk_findings(record, ctx) == []


def test_risk_words_to_a_class_with_no_setting_are_amber_never_red(ctx: CheckContext) -> None:
    record = mail(PAT, [SAM, LILY, *CLASS], "Don't tell anyone what happened today.", subject="")
    (finding,) = risk_findings(record, ctx)
    assert finding.level is Level.AMBER
    assert why_with(finding, "audience: 9 pupils").endswith("cannot single one child out")
    assert "semantic detector not run" in why_with(finding, "semantic detector not run")


def test_the_same_words_to_one_pupil_are_red(ctx: CheckContext) -> None:
    (finding,) = risk_findings(mail(PAT, SAM, "Don't tell anyone what happened today."), ctx)
    assert finding.level is Level.RED
    assert finding.rule == "contact.personal-message"


# -- the why names the phrase, the category's own reason, and the context ------------------


def test_why_names_the_phrase_that_fired_and_the_categorys_why(ctx: CheckContext) -> None:
    (finding,) = risk_findings(mail(PAT, SAM, "Keep this between us, ok?", subject=""), ctx)
    secrecy = load_lexicons().category("secrecy")
    assert secrecy is not None
    line = why_with(finding, "pattern: 'Keep this between us'")
    phrase = next(p for p in secrecy.phrases if p.startswith("keep~"))
    assert f"\u201c{phrase}\u201d" in line  # the lexicon line a school would edit
    assert secrecy.why in line
    assert "grooming.yaml" in line


def test_context_factors_are_each_in_why(ctx: CheckContext) -> None:
    record = mail(PAT, SAM, "Keep this between us, ok?", subject="", at=LATE)
    (finding,) = risk_findings(record, ctx)
    assert why_with(finding, "audience: one pupil: Sam Jones, a current pupil")
    time_line = why_with(finding, "time: ")
    assert "Tuesday 17 November 2026, 21:47" in time_line
    assert "late evening" in time_line
    assert why_with(finding, "channel: email from a school account")
    assert why_with(finding, "setting: no lesson")


def test_a_personal_phone_and_a_lesson_setting_are_named(ctx: CheckContext) -> None:
    body = "Don't tell your mum, but your homework was the best in the class."
    (finding,) = risk_findings(sms(PAT_MOBILE, LILY_MOBILE, body), ctx)
    assert "from a personal phone (accounts.csv" in why_with(finding, "channel: sms")
    assert "'homework'" in why_with(finding, "setting: lesson or curriculum content")


def test_to_a_parent_only_sexual_content_is_red(ctx: CheckContext) -> None:
    (secrecy,) = risk_findings(mail(PAT, KAREN, "Please keep this between us."), ctx)
    assert secrecy.level is Level.AMBER
    assert why_with(secrecy, "audience: a pupil's parent: Karen Jones")
    (sexual,) = risk_findings(mail(PAT, KAREN, "You looked very sexy at the quiz night."), ctx)
    assert sexual.level is Level.RED
    assert "message_context.yaml" in why_with(sexual, "red: sent to a parent")


# -- the audience names pupils and parents for what they are -------------------------------


SECRET = "Please keep this between us."


@pytest.mark.parametrize(
    ("recipients", "who"),
    [
        ([SAM], "one pupil"),
        ([SAM, KAREN], "a pupil and their parent"),
        ([KAREN], "a pupil's parent"),
        ([SAM, LILY], "a few pupils"),
        ([SAM, LILY, KAREN], "a few pupils and a parent or carer"),
        ([SAM, MARK], "a pupil and a parent or carer of another pupil"),
        ([KAREN, MARK], "a few parents or carers"),
        ([SAM, KAREN, MARK], "a pupil and a few parents or carers"),
        # A parent of two pupils is one pupil's parent, not "a few pupils".
        ([HUDA], "a pupil's parent"),
        ([HUDA, OMAR], "a pupil's parents or carers"),
        ([CLASS[0], HUDA], "a pupil and their parent"),
        ([CLASS[0], CLASS[1], HUDA], "a few pupils and a parent or carer"),
        ([HUDA, KAREN], "a few parents or carers"),
    ],
)
def test_the_audience_names_pupils_and_parents_apart(
    ctx: CheckContext, recipients: list[str], who: str
) -> None:
    (finding,) = risk_findings(mail(PAT, recipients, SECRET), ctx)
    line = why_with(finding, "audience: ")
    assert line.startswith(f"audience: {who}: "), line
    # A parent is never counted among the pupils, nor a pupil among the parents.
    for person in line.split(": ", 2)[2].split("; "):
        parent = person.startswith(("Karen", "Mark", "Huda", "Omar"))
        assert ("parent or carer of" in person) == parent, person


def test_a_parent_in_a_group_is_not_called_a_pupil_where_the_detector_did_not_run(
    ctx: CheckContext,
) -> None:
    (finding,) = risk_findings(mail(PAT, [SAM, LILY, KAREN], SECRET), ctx)
    note = why_with(finding, "semantic detector not run")
    assert note.endswith("this went to a few pupils and a parent or carer")


# -- the semantic detector: where it runs and how it explains itself ---------------------


def test_semantic_detector_finds_meaning_without_lexicon_words(ctx: CheckContext) -> None:
    assert ctx.risk.find(ALONE) == []  # no phrase list reaches this message
    (finding,) = risk_findings(mail(PAT, SAM, ALONE, subject="", at=LATE), ctx)
    assert finding.rule == "contact.grooming-pattern"
    assert finding.level is Level.RED
    reads = why_with(finding, "reads like: ")
    category = next(c for c in categories().values() if f"({c.id})" in reads)
    assert category.is_breach and category.reads_like in reads
    assert category.reads_like in finding.summary


def test_semantic_explanation_names_real_labelled_examples(ctx: CheckContext) -> None:
    (finding,) = risk_findings(mail(PAT, SAM, ALONE, subject=""), ctx)
    line = why_with(finding, "nearest labelled examples: ")
    corpus = {e.id: e for e in load_corpus(DEFAULT_CORPUS).examples}
    # Each example is quoted, then named: “its words” (its id, what it reads like, similarity).
    named = re.findall(r"\u201d \(([^,\s]+), ", line)
    assert named and all(example_id in corpus for example_id in named)
    for example_id in named:  # each is described by its own category's words
        assert categories()[corpus[example_id].category].reads_like in line
    assert why_with(finding, "the passage read this way: ")
    # Never a bare score: the score comes with the words that explain it.
    assert all(not line.startswith(("score", "the model scored")) for line in finding.why)
    for prefix in ("audience: ", "time: ", "channel: ", "setting: "):
        assert why_with(finding, prefix)


def test_semantic_detector_runs_only_for_one_pupil_or_a_parent(ctx: CheckContext) -> None:
    assert [f.rule for f in risk_findings(mail(PAT, SAM, ALONE), ctx)] == [
        "contact.grooming-pattern"
    ]
    assert risk_findings(mail(PAT, [SAM, LILY], ALONE), ctx) == []  # two pupils
    assert risk_findings(mail(PAT, [SAM, LILY, *CLASS], ALONE), ctx) == []  # a class
    assert risk_findings(mail(PAT, HELEN, ALONE), ctx) == []  # a colleague
    # To a pupil's parent, or a pupil and their parent, it runs; to two families it does not.
    assert [f.rule for f in risk_findings(mail(PAT, KAREN, ALONE), ctx)] == [
        "contact.grooming-pattern"
    ]
    assert [f.rule for f in risk_findings(mail(PAT, [SAM, KAREN], ALONE), ctx)] == [
        "contact.grooming-pattern"
    ]
    assert risk_findings(mail(PAT, [SAM, MARK], ALONE), ctx) == []
    # A parent with two children at the school is still one family.
    for family in ([HUDA], [HUDA, OMAR], [CLASS[0], HUDA]):
        rules = [f.rule for f in risk_findings(mail(PAT, family, ALONE), ctx)]
        assert rules == ["contact.grooming-pattern"], family
    assert risk_findings(mail(PAT, [HUDA, KAREN], ALONE), ctx) == []  # two families


def test_a_personal_number_given_to_a_parent_is_one_finding_not_two(ctx: CheckContext) -> None:
    number = "Save my number, 07700 900456, and message me there about Sam rather than the office."
    # The model reads this as moving contact to a private channel; to a parent the number itself
    # is the breach, which contact.personal-details reports, so no "possible grooming" as well.
    to_parent = [f.rule for f in check_record(mail(PAT, KAREN, number), ctx)]
    assert "contact.personal-details" in to_parent
    assert "contact.grooming-pattern" not in to_parent
    # The same words to the pupil are read as a grooming pattern as well.
    text_me = "Easier if you text me on 07700 900456 from now on rather than the school email."
    to_pupil = [f.rule for f in check_record(mail(PAT, SAM, text_me), ctx)]
    assert "contact.personal-details" in to_pupil
    assert "contact.grooming-pattern" in to_pupil


def test_semantic_reading_is_added_to_a_lexicon_finding_once(ctx: CheckContext) -> None:
    body = "Keep this between us. " + ALONE
    (finding,) = risk_findings(mail(PAT, SAM, body), ctx)
    assert finding.rule == "contact.personal-message"  # one finding per message
    assert why_with(finding, "reads like: ")
    assert finding.priority.value == "urgent"


def test_ordinary_messages_to_one_pupil_are_not_findings(ctx: CheckContext) -> None:
    ordinary = [
        "Well done on your fractions test today, you should be proud of the effort you put in.",
        "Please bring your PE kit on Thursday; the match against St Mary's starts at 3.30.",
        "Your permission slip for the museum trip is due back to the office by Friday.",
    ]
    for body in ordinary:
        assert risk_findings(mail(PAT, SAM, body), ctx) == [], body


def test_a_missing_encoder_gives_a_message_not_a_traceback(
    ctx: CheckContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from saferpractice.detect.semantic import SemanticDetector, embedder

    monkeypatch.setattr(embedder, "ENCODER_FILE", "no-such-encoder.onnx")
    assert "reinstall saferpractice" in (embedder.missing_reason() or "")
    detector = SemanticDetector()
    assert not detector.available()
    reason = detector.unavailable_reason or ""
    assert "no-such-encoder.onnx is missing" in reason and "reinstall saferpractice" in reason
    assert "the risk lexicons still run" in reason
    assert detector.assess(ALONE) is None
    bare = CheckContext(school=ctx.school, policy=ctx.policy, as_of=ctx.as_of)
    bare.__dict__["semantic"] = detector
    assert risk_findings(mail(PAT, SAM, ALONE), bare) == []
    (finding,) = risk_findings(mail(PAT, SAM, "Keep this between us, ok?"), bare)
    assert "reinstall saferpractice" in why_with(finding, "semantic detector not run")


# -- the context rules are data -----------------------------------------------------------


def test_every_lexicon_group_and_category_named_in_the_context_rules_exists() -> None:
    assert lexicon_references(load_lexicons()) == []
    assert context_rules().never_explained_to_one_pupil == {"secrecy"}


def test_an_unknown_lexicon_group_or_category_id_names_the_file_and_line(tmp_path: Path) -> None:
    builtin = resources.files("saferpractice.checks") / "message_context.yaml"
    text = builtin.read_text("utf-8")
    text = text.replace("  harassment:", "  harrassment:").replace(
        "[secrecy]", "[secrecy, secrets]"
    )
    path = tmp_path / "message_context.yaml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    found = lexicon_references(load_lexicons(), path)
    assert {(d.source, d.line, d.field) for d in found} == {
        (str(path), lines.index("  harrassment:") + 1, "groups.harrassment"),
        (
            str(path),
            lines.index("never_explained_to_one_pupil: [secrecy, secrets]") + 1,
            "never_explained_to_one_pupil[1]",
        ),
    }


def test_setting_words_match_whole_words_only() -> None:
    rules = context_rules()
    assert settings_in("Read the chapter", rules)[0].words == ("chapter",)
    assert settings_in("a gamer's den", rules) == []  # not 'game'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"audience": {"class_size": 1}}, "audience.class_size"),
        ({"time": {"evening_from": "six"}}, "time.evening_from"),
        ({"settings": {"lesson": {"title": "x", "words": []}}}, "settings.lesson.words"),
        ({"groups": {"sexual": "red"}}, "groups.sexual"),
        ({"never_explained_to_one_pupil": "secrecy"}, "never_explained_to_one_pupil"),
    ],
)
def test_bad_context_rules_name_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        parse_rules(data)


def test_scan_without_the_encoder_says_so_and_still_runs(tmp_path: Path) -> None:
    """An install without its encoder file (as after a broken install): the scan says to
    reinstall once, runs the lexicons, and never shows a traceback."""
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "one.eml").write_text(
        f"From: {PAT}\nTo: {SAM}\nSubject: Thursday\n"
        "Date: Tue, 17 Nov 2026 10:15:00 +0000\nMessage-ID: <alone@test>\n\n"
        f"{ALONE}\n\nKeep this between us, ok?\n",
        "utf-8",
    )
    # The package's own file cannot be hidden from a test, so the scan runs in a process
    # that looks for the encoder under another name.
    scan = (
        "import sys; from saferpractice.detect.semantic import embedder; "
        "embedder.ENCODER_FILE = 'absent-encoder.onnx'; "
        "from saferpractice.cli import main; sys.exit(main())"
    )
    result = subprocess.run(
        [sys.executable, "-c", scan, "scan", str(FIXTURE_SCHOOL), str(evidence),
         "--as-of", "2026-11-24", "--format", "jsonl"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Traceback" not in result.stderr
    assert "Semantic detector off" in result.stderr
    assert "reinstall saferpractice" in result.stderr
    assert result.returncode == 1, result.stderr  # the lexicon still finds the secrecy
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    (finding,) = [r for r in rows if r.get("rule") == "contact.personal-message"]
    assert any("semantic detector not run" in line for line in finding["why"])


def test_every_category_has_a_concern_from_the_data() -> None:
    lexicons = load_lexicons()
    assert concern_for("secrecy", lexicons) == "possible grooming"  # lexicon, via its group
    assert concern_for("sexual-content", lexicons) == "sexual content"
    assert concern_for("suicide", lexicons) == "self-harm"
    assert concern_for("bullying", lexicons) == ""
    assert concern_for("isolation-alone", lexicons) == "possible grooming"  # semantic
    assert concern_for("lesson-content", lexicons) == ""
    assert concern_for("no-such-category", lexicons) == ""


def test_a_remark_on_a_parents_looks_is_not_worded_as_about_a_pupil(ctx: CheckContext) -> None:
    # The demo school's planted message to a parent: the remark is about the parent herself.
    body = "Great to see you at the PTA quiz. You looked very sexy in that dress."
    (finding,) = risk_findings(mail(PAT, KAREN, body), ctx)
    appearance = categories()["appearance-body"]
    assert appearance.to_parent
    assert why_with(finding, "reads like: ") == (
        f"reads like: {appearance.to_parent} (appearance-body)"
    )
    assert appearance.reads_like not in finding.summary


def test_a_finding_to_a_parent_is_worded_for_a_parent(ctx: CheckContext) -> None:
    body = (
        "Please don't mention to anyone at school that I've been seeing Sam at the weekends. "
        "It's easier for everyone if the office doesn't know about it."
    )
    findings = risk_findings(mail(PAT, KAREN, body), ctx)
    (finding,) = [f for f in findings if f.rule == "contact.grooming-pattern"]
    secrecy = categories()["secrecy"]
    assert finding.summary.endswith(secrecy.to_parent)
    assert why_with(finding, "reads like: ").startswith(f"reads like: {secrecy.to_parent}")
    assert secrecy.reads_like not in finding.summary  # "asking a pupil to keep ..." is wrong here
    # To the pupil, the same category keeps the pupil's wording.
    to_pupil = [f for f in risk_findings(mail(PAT, SAM, body), ctx)]
    assert any(
        secrecy.reads_like in f.summary or secrecy.reads_like in " ".join(f.why) for f in to_pupil
    )
