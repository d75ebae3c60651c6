"""Disguised writing (red-team point 2): invisible characters, look-alike letters,
full-width and mathematical letters and digits from other scripts evaded the lexicon and
the phone finder. The checks now read the text folded to plain letters, quote the words as
they were written and say how they were disguised.

Each evasion below produced no finding before the fold.
"""

from __future__ import annotations

import time
import unicodedata

import pytest
from evidence_builders import mail, sms
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.checks import CheckContext, check_record
from saferpractice.checks.disguise import CONFUSABLES, fold
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding

PAT_SCHOOL = "pat.smith@heatonlane.sch.uk"
PAT_MOBILE = "+447700900456"
SAM = "sam.jones@heatonlane.sch.uk"
LILY_MOBILE = "+447700900789"


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


def span_texts(finding: Finding) -> list[str]:
    return [finding.evidence.excerpt[s:e] for s, e, _ in finding.evidence.spans]


def disguise_line(finding: Finding) -> str:
    lines = [line for line in finding.why if line.startswith("disguised: ")]
    assert lines, finding.why
    return lines[0]


# -- the evasions, through the checks -------------------------------------------------------


def wide(text: str) -> str:
    """Full-width forms of ASCII letters and digits."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in text)


def maths_bold(text: str) -> str:
    """Mathematical bold small letters and digits."""
    return "".join(
        chr(0x1D41A + ord(c) - 97) if c.islower() else chr(0x1D7CE + int(c)) if c.isdigit() else c
        for c in text
    )


def arabic_indic(digits: str) -> str:
    return "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in digits)


CYRILLIC = str.maketrans({"e": "\u0435", "o": "\u043e", "a": "\u0430", "p": "\u0440"})
GREEK = str.maketrans({"o": "\u03bf"})
ARMENIAN = str.maketrans({"o": "\u0585", "u": "\u057d", "n": "\u0578", "h": "\u0570"})
CHEROKEE = str.maketrans({"E": "\u13ac", "T": "\u13a2", "W": "\u13b3", "S": "\u13da"})
SECRET = "Keep this between us, don't tell your mum."
RISK_DISGUISES = {
    "zero-width space": "Keep this betw\u200been us, don't tell your mum.",
    "zero-width joiner": "Keep this be\u200dtween us, don't tell your mum.",
    "soft hyphen": "Keep this bet\u00adween us, don't tell your mum.",
    "bidi controls": "Keep this \u202abetween\u202c us, don't tell your mum.",
    "Cyrillic look-alikes": SECRET.translate(CYRILLIC),
    "Greek look-alikes": SECRET.translate(GREEK),
    "full-width letters": f"Keep this {wide('between')} us, don't tell your mum.",
    "mathematical bold": f"Keep this {maths_bold('between')} us, don't tell your mum.",
    "digits for letters": "Keep this b3tw33n us, don't tell your mum.",
    "right-to-left override": "Keep this \u202esu neewteb\u202c, don't tell your mum.",
    "Armenian look-alikes": SECRET.translate(ARMENIAN),
    "Cherokee look-alikes": SECRET.upper().translate(CHEROKEE),
}


def test_the_plain_message_is_a_finding(ctx: CheckContext) -> None:
    (finding,) = found(mail(PAT_SCHOOL, SAM, SECRET), ctx, "contact.personal-message")
    assert not [line for line in finding.why if line.startswith("disguised")]


@pytest.mark.parametrize("name", sorted(RISK_DISGUISES))
def test_disguised_risk_language_is_found_and_quoted_as_written(
    ctx: CheckContext, name: str
) -> None:
    text = RISK_DISGUISES[name]
    (finding,) = found(mail(PAT_SCHOOL, SAM, text), ctx, "contact.personal-message")
    quoted = span_texts(finding)
    assert quoted and all(q in text for q in quoted), quoted  # the original words
    assert any(
        q != unicodedata.normalize("NFKC", q) or not q.isascii() or any(map(str.isdigit, q))
        for q in quoted
    )
    line = disguise_line(finding)
    assert "warning sign" in line
    if "\u200b" in text:
        assert "<U+200B>" in line  # the invisible character is shown


PHONE_DISGUISES = {
    "full-width digits": f"text me on {wide('07700 900456')}",
    "Arabic-Indic digits": f"text me on {arabic_indic('07700 900456')}",
    "zero-width spaces": "text me on 07\u200b700 90\u200b0456",
    "soft hyphens and bidi": "text me on 077\u00ad00 \u202e900456\u202c",
    "mathematical digits": f"text me on {maths_bold('07700')} 900456",
}


@pytest.mark.parametrize("name", sorted(PHONE_DISGUISES))
def test_a_disguised_personal_number_is_found(ctx: CheckContext, name: str) -> None:
    text = PHONE_DISGUISES[name]
    (finding,) = found(mail(PAT_SCHOOL, SAM, text), ctx, "contact.personal-details")
    (quoted,) = span_texts(finding)
    assert quoted in text
    assert any("their own personal phone" in line for line in finding.why)
    assert "disguised" in disguise_line(finding)


def test_a_disguised_text_message_is_found(ctx: CheckContext) -> None:
    record = sms(PAT_MOBILE, LILY_MOBILE, RISK_DISGUISES["Cyrillic look-alikes"])
    assert found(record, ctx, "contact.personal-message")


def test_ordinary_foreign_words_and_accents_are_not_called_disguised(
    ctx: CheckContext,
) -> None:
    text = "Merci, très bien — naïve café. Спасибо, мама! Ευχαριστώ. Keep this between us."
    (finding,) = found(mail(PAT_SCHOOL, SAM, text), ctx, "contact.personal-message")
    assert not [line for line in finding.why if line.startswith("disguised")]
    assert fold("Спасибо, мама! Ευχαριστώ").text == "Спасибо, мама! Ευχαριστώ"
    assert fold("a\u00a0no-break space\u2026").disguises_in(0, 30) == []


# -- properties of the fold -----------------------------------------------------------------

tricky = st.sampled_from(
    [
        "\u200b", "\u200d", "\u00ad", "\u202e", "\u2066", "\ufeff", "\ufe0f", "\U000e0041",
        "\uff41", "\uff10", "\U0001d41a", "\u0661", "\u0966", "\ufb01", "\u00bd", "\u2460",
        "\u00a0", "\u2026", "e\u0301", "\u00e9", "\u1e9b\u0323", "\u0130", "\u212b", "\u00a8",
        "\ufdfa", "\u3300", *CONFUSABLES,
    ]
)  # fmt: skip
texts = st.lists(st.one_of(tricky, st.text(max_size=4)), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_the_offset_map_is_always_valid(text: str) -> None:
    folded = fold(text)
    if not folded.changed:
        assert folded.text == text
        return
    if folded.starts is None:  # every character kept its place
        assert len(folded.text) == len(text)
        return
    assert len(folded.starts) == len(folded.text)
    assert list(folded.starts) == sorted(folded.starts)
    assert all(0 <= s < len(text) for s in folded.starts)
    for start in range(len(folded.text) + 1):
        for end in range(start, min(len(folded.text), start + 6) + 1):
            low, high = folded.span(start, end)
            assert 0 <= low <= high <= len(text)
            if end > start:
                # the original range holds every character the folded range came from
                assert all(low <= folded.starts[i] < high for i in range(start, end))
    assert folded.original_index(len(folded.text)) == len(text)
    for index in range(len(text) + 1):
        assert 0 <= folded.folded_index(index) <= len(folded.text)


@settings(max_examples=500, deadline=None)
@given(texts)
def test_folding_is_idempotent(text: str) -> None:
    once = fold(text).text
    assert fold(once).text == once
    assert not fold(once).changed


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_changes_only_where_digits_stand_for_letters(text: str) -> None:
    folded = fold(text)
    assert len(folded.text) == len(text) and folded.span(0, len(text)) == (0, len(text))
    assert not (folded.changes or folded.words or folded.reversed)
    in_words = {i for start, end, _ in folded.leet for i in range(start, end)}
    pairs = enumerate(zip(text, folded.text, strict=True))
    assert all(a == b for i, (a, b) in pairs if i not in in_words)
    for start, end, _ in folded.leet:
        assert set(text[start:end]) & set("013457") and folded.text[start:end].isalpha()


# Numbers, phone numbers, codes, years, addresses and links are not words with digits for
# letters, and are left exactly as written.
benign_token = st.one_of(
    st.from_regex(r"\+?[0-9][0-9 ()-]{0,14}", fullmatch=True),  # numbers, phone numbers
    st.from_regex(r"[A-Za-z]{1,6}[0-9]{1,4}", fullmatch=True),  # Y10, mp3, user01, covid19
    st.from_regex(r"[0-9]{1,4}(st|nd|rd|th|am|pm|kg|cm|px)?", fullmatch=True),  # 4th, 10am
    st.from_regex(r"[A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2}", fullmatch=True),  # postcodes
    st.from_regex(r"[a-z0-9]{1,8}@[a-z0-9]{1,8}\.(org|com)", fullmatch=True),  # addresses
    st.from_regex(r"https://[a-z0-9]{1,8}\.com/[a-z0-9]{0,8}", fullmatch=True),  # links
    st.from_regex(r"[@#][a-z0-9_]{1,10}", fullmatch=True),  # handles and tags
    st.sampled_from(["0161 496 0000", "07700 900456", "2FA", "b2b", "4x4", "h2o", "A4"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(benign_token, min_size=1, max_size=8).map(" ".join))
def test_numbers_codes_addresses_and_links_are_left_as_written(text: str) -> None:
    folded = fold(text)
    assert folded.text == text and not folded.changed


@settings(max_examples=300, deadline=None)
@given(texts)
def test_unchanged_characters_keep_their_place(text: str) -> None:
    folded = fold(text)
    ranges = (*folded.changes, *folded.words, *folded.reversed, *folded.leet)
    changed = {i for start, end, _ in ranges for i in range(start, end)}
    for position, char in enumerate(folded.text):
        origin = folded.original_index(position)
        if origin not in changed:
            assert text[origin] == char


@pytest.mark.parametrize(
    "text",
    [
        "我" * 1_000_000,  # a language written without spaces: one "word" of a million letters
        "a" * 1_000_000 + "\u0455",  # a look-alike at the end of a very long word
        "\uff53\uff45\uff45 " * 250_000,  # every letter full-width
        "\u0455\u0435\u0445 " * 250_000,  # every word in look-alikes
        "k33p th1s s3cr3t " * 60_000,  # every word with digits for letters
        "a" * 1_000_000 + "3b " + "s3x " * 1000,  # a very long word read once
        "\u202eterces ruo\u202c " * 80_000,  # overrides everywhere
    ],
    ids=["cjk-no-spaces", "long-word", "full-width", "look-alikes", "leet", "leet-long", "rlo"],
)
def test_folding_stays_linear(text: str) -> None:
    fold("warm up \uff41")  # builds the class of folding characters once
    began = time.perf_counter()
    folded = fold(text)
    elapsed = time.perf_counter() - began
    assert len(folded.text) == len(text) - text.count("\u202e") - text.count("\u202c")
    # About 0.3 s each on a quiet machine; the greedy look-alike search took hours on the first.
    assert elapsed < 20, f"{elapsed:.1f} s"
