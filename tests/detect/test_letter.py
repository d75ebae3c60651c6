"""The core of a message without its letter furniture (detect/semantic/letter.py): examples for
each rule and for what must be kept, real sample emails from other projects' fixtures
(tests/detect/data/letter/SOURCES.md), hypothesis properties and a hostile-input time bound."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.detect.semantic.letter import core, core_span

DATA = Path(__file__).parent / "data" / "letter"

BODY = "The trip to the museum is on Friday and the coach leaves at nine."

# --- the greeting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "greeting",
    [
        "Dear Mrs Jones,",
        "Dear Mr O'Brien",
        "Hi Sarah,",
        "Hello everyone!",
        "Hi all",
        "Hey,",
        "Hiya Tom",
        "Good morning,",
        "Good afternoon Year 6",
        "Morning all",
        "Evening both,",
        "Dear Parents and Carers,",
        "Dear Parent/Carer",
        "Dear Sir or Madam,",
        "Hello there",
        "Hi team",
        "Dear Mr and Mrs Patel,",
        "Dear Dr Okafor:",
        "Good evening families",
    ],
)
def test_a_greeting_only_first_line_is_dropped(greeting: str) -> None:
    assert core(f"{greeting}\n\n{BODY}") == BODY


@pytest.mark.parametrize(
    "greeting",
    [
        "Hey gorgeous",
        "Hi beautiful x",
        "Morning sunshine",
        "Hi sweetheart",
        "Hey you 😘",
        "Hi Gorgeous,",
        "Hello Lovely",
        "Hiya babe",
        "Hi Sarah xx",
    ],
)
def test_a_greeting_with_a_pet_name_or_compliment_is_content(greeting: str) -> None:
    text = f"{greeting}\n{BODY}"
    assert core(text) == text


def test_a_greeting_sharing_a_line_with_content_is_kept() -> None:
    text = f"Hi Sarah, {BODY}\nSee you there."
    assert core(text) == text


# --- closings and signature blocks -----------------------------------------------------------

SCHOOL_SIGNATURE = (
    "Mr D. Smith\nClass teacher\nOakfield Primary School\n"
    "Tel: 0151 496 0037 | https://www.oakfield.sch.uk\n12 Long Lane, Liverpool L9 7AL"
)


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards,",
        "Best wishes",
        "Many thanks,",
        "Thanks",
        "Thank you!",
        "Regards",
        "Warm regards,",
        "Yours sincerely,",
        "Yours faithfully",
        "All the best,",
        "Best,",
        "Cheers",
    ],
)
def test_a_closing_and_the_signature_under_it_are_dropped(closing: str) -> None:
    assert core(f"Dear Mrs Jones,\n\n{BODY}\n\n{closing}\n{SCHOOL_SIGNATURE}") == BODY


def test_a_closing_with_the_name_on_its_line_and_a_phone_footer_is_dropped() -> None:
    text = f"{BODY}\n\nMany thanks, Mrs Jones\n(she/her)\nSent from my iPhone"
    assert core(text) == BODY


@pytest.mark.parametrize(
    "closing",
    [
        "Love,\nMr X xx",
        "Lots of love\nMiss Jones",
        "Thanks, Mr X xx",
        "Kind regards,\nMr Smith x",
        "xx",
        "Hugs,\nSam",
        "Best wishes ❤️\nMr Smith",
        "Cheers\nMr Smith 😘",
    ],
)
def test_an_affectionate_closing_is_kept_with_everything_after_it(closing: str) -> None:
    text = f"{BODY}\n\n{closing}\nOakfield Academy\nTel: 0151 496 0037"
    assert core(text) == text


def test_mr_x_is_a_name_not_a_kiss() -> None:
    assert core(f"{BODY}\n\nKind regards,\nMr X\nHead of Year 9") == BODY


def test_a_question_after_the_closing_is_content() -> None:
    text = f"{BODY}\n\nThanks,\nCould you keep this between us?\nMr Smith"
    assert core(text) == text


def test_a_real_sentence_after_the_closing_is_content() -> None:
    sentence = "I will pick you up from the park after school and we can talk then"
    text = f"{BODY}\n\nThanks,\n{sentence}\n"
    assert core(text) == text.strip()


def test_a_closing_followed_by_too_many_lines_is_not_a_signature() -> None:
    names = "\n".join(f"Mr Name{chr(97 + i)} Smith" for i in range(14))
    text = f"{BODY}\n\nRegards\n{names}"
    assert core(text) == text


def test_a_closing_word_starting_a_sentence_is_not_a_closing() -> None:
    text = f"{BODY}\nThanks for coming to see me today"
    assert core(text) == text


# --- the "-- " delimiter, contact blocks, "Sent from" -------------------------------------


@pytest.mark.parametrize("delimiter", ["-- ", "--"])
def test_everything_from_the_signature_delimiter_is_dropped(delimiter: str) -> None:
    text = f"{BODY}\n{delimiter}\nJo Bloggs, PE department\nwww.oakfield.sch.uk\n"
    assert core(text) == BODY


def test_a_question_under_the_delimiter_keeps_it() -> None:
    text = f"{BODY}\n--\nwhy not come round later?"
    assert core(text) == text


@pytest.mark.parametrize(
    "block",
    [
        "Mr Smith\nHead of Year 9\nTel: 0151 496 0037",
        "Mrs K. Ahmed\nSENCO\nmrs.ahmed@oakfield.sch.uk",
        "Oakfield Academy\n12 Long Lane, Liverpool L9 7AL",
        "07700 900123",
        "Sent from my iPhone",
        "Sent from Outlook for Android",
        "Get Outlook for iOS",
        "Miss Patel | Year 2 class teacher | St Mary's College",
    ],
)
def test_a_trailing_contact_block_without_a_closing_is_dropped(block: str) -> None:
    assert core(f"{BODY}\n\n{block}") == BODY


def test_a_lone_name_at_the_end_is_kept() -> None:
    # without a phone, address, job or school beside it a short line may be content
    text = f"{BODY}\nMr Smith"
    assert core(text) == text


def test_a_first_person_line_is_not_a_job_title() -> None:
    text = f"{BODY}\nI'm your teacher\nTel: 0151 496 0037"
    assert core(text) == f"{BODY}\nI'm your teacher"


# --- disclaimers -----------------------------------------------------------------------------

DISCLAIMER = (
    "This email and any attachments are confidential and intended solely for the use of\n"
    "the addressee. If you have received this email in error please notify the sender and\n"
    "delete it."
)


def test_a_trailing_disclaimer_is_dropped_with_the_signature() -> None:
    text = (
        f"Dear Parents and Carers,\n\n{BODY}\n\nKind regards,\n{SCHOOL_SIGNATURE}\n\n"
        f"{DISCLAIMER}\n\n_______\nPlease consider the environment before printing this email."
    )
    assert core(text) == BODY
    assert "confidential" not in core(text)


def test_a_disclaimer_after_an_affectionate_closing_still_goes() -> None:
    # the disclaimer is never the sender's words; the affectionate closing stays
    text = f"{BODY}\n\nLove,\nMr X xx\n\n{DISCLAIMER}"
    assert core(text) == f"{BODY}\n\nLove,\nMr X xx"


def test_a_footer_disclaimer_with_no_blank_line_above_it_goes_alone() -> None:
    text = (
        f"Hi Tom\n{BODY}\nBest wishes,\nMr Smith\n"
        "Please consider the environment before printing this email."
    )
    assert core(text) == BODY


def test_a_parent_signing_with_an_aside_in_brackets() -> None:
    question = "Could Amy leave early on Friday for a dentist appointment?"
    assert core(f"Hello Mr Smith,\n{question}\nThanks\nSarah (Amy's mum)") == question


@pytest.mark.parametrize(
    "secret",
    [
        "This message is confidential, don't tell your mum.",
        "Keep this between us. This email is intended solely for the addressee.",
        "This email is intended only for you, nobody else needs to see it.",
    ],
)
def test_a_request_for_secrecy_is_not_a_disclaimer(secret: str) -> None:
    text = f"{BODY}\n\n{secret}"
    assert core(text) == text


# --- the fallback and the span ----------------------------------------------------------------


def test_too_little_left_gives_the_whole_text() -> None:
    text = "Hi Sarah,\nThanks,\nMr Smith\nTel: 0151 496 0037"
    assert core_span(text) == (0, len(text))


def test_the_span_is_trimmed_and_points_into_the_text() -> None:
    text = f"\n\n  Dear Mrs Jones,\n\n{BODY}  \n\nKind regards,\nMr Smith\n\n"
    start, end = core_span(text)
    assert text[start:end] == BODY
    assert start == text.index(BODY)


def test_windows_line_endings() -> None:
    text = f"Dear Mrs Jones,\r\n\r\n{BODY}\r\n\r\nKind regards,\r\nMr Smith\r\nSENCO\r\n"
    assert core(text) == BODY


# --- real sample emails (tests/detect/data/letter/SOURCES.md) --------------------------------


@pytest.mark.parametrize("name", ["short_url", "long", "jeff", "johndoeexamplecom"])
def test_talon_samples_keep_the_body_and_drop_the_signature(name: str) -> None:
    # talon's own answer: *_signature is the message's signature, "#sig#" marks its lines
    body = (DATA / f"talon_{name}_body").read_text().replace("#sig#", "")
    signature = (DATA / f"talon_{name}_signature").read_text().replace("#sig#", "").strip()
    assert signature and signature in body
    assert core(body) == body[: body.rindex(signature)].strip()


ERP_EXPECTED = {
    "correct_sig": "this is an email with a correct -- signature.",
    "email_iPhone": "Here is another email",
    "email_BlackBerry": "Here is another email",
    "email_multi_word_sent_from_my_mobile_device": "Here is another email",
    # keep-cases: a "Sent from my ..." sentence, and " -- " inside a line
    "email_sent_from_my_not_signature": (
        "Here is another email\n\nSent from my desk, is much easier then my mobile phone."
    ),
    "email_sig_delimiter_in_middle_of_line": (
        "Stuff happened.\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai"
    ),
}


@pytest.mark.parametrize("name", sorted(ERP_EXPECTED))
def test_email_reply_parser_samples(name: str) -> None:
    text = (DATA / f"erp_{name}.txt").read_text()
    assert core(text) == ERP_EXPECTED[name]


# --- properties --------------------------------------------------------------------------------

# Ordinary lower-case words: no salutation, closing, kiss or job word, so a body made of them
# is never itself furniture.
CONTENT_WORDS = re.findall(
    r"\S+",
    "the pupils trip museum coach leaves at nine please bring a packed lunch and coat "
    "homework is due on monday reading books swimming kit was left in class today",
)
FIRST = st.sampled_from(["Sarah", "Tom", "Aisha", "Jo", "Priya", "Dan", "Kemi"])
# "Sarah Xxx" reads as kisses (the safe reading), so no surname is made of x alone
SURNAME = st.from_regex(r"[A-Z][a-z]{2,10}(-[A-Z][a-z]{2,8})?", fullmatch=True).filter(
    lambda surname: set(surname.lower()) != {"x"}
)
TITLE = st.sampled_from(["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"])
JOB = st.sampled_from(
    [
        "Class teacher",
        "Head of Year 9",
        "SENCO",
        "Deputy Headteacher",
        "Designated Safeguarding Lead",
        "Teaching Assistant",
        "Year 6 Teacher",
        "Oakfield Primary School",
        "St Anne's Academy",
        "Riverside College",
    ]
)
PHONE = st.builds(
    lambda label, area, rest: f"{label}0{area} {rest[:3]} {rest[3:]}",
    st.sampled_from(["", "Tel: ", "T: ", "Mobile: ", "Phone "]),
    st.from_regex(r"[1-9][0-9]{2,3}", fullmatch=True),
    st.from_regex(r"[0-9]{7}", fullmatch=True),
)
NAME_LINE = st.one_of(
    st.builds(lambda t, s: f"{t} {s}", TITLE, SURNAME),
    st.builds(lambda f, s: f"{f} {s}", FIRST, SURNAME),
)
SIGNATURE_LINES = st.lists(st.one_of(NAME_LINE, JOB, PHONE), min_size=1, max_size=8)


@settings(max_examples=300)
@given(st.text())
def test_the_span_is_a_trimmed_range_of_the_text(text: str) -> None:
    start, end = core_span(text)
    assert 0 <= start <= end <= len(text)
    assert core(text) == text[start:end]
    assert core(text) == core(text).strip()


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from([*"ab xX?,.-\n\t😘", "Hi", "Thanks", "Mr", "Tel: 0151 496 0037", "-- "])
    ).map("".join)
)
def test_the_core_keeps_at_least_three_words(text: str) -> None:
    if len(text.split()) >= 3:
        assert len(core(text).split()) >= 3


@settings(max_examples=200)
@given(st.text().filter(lambda text: "\n" not in text))
def test_one_line_is_returned_whole_apart_from_trimming(text: str) -> None:
    assert core(text) == text.strip()


@settings(max_examples=200)
@given(
    st.lists(
        st.lists(st.sampled_from(CONTENT_WORDS), min_size=3, max_size=20).map(" ".join),
        min_size=1,
        max_size=4,
    ).map(lambda lines: "\n".join(lines) + "."),
    SIGNATURE_LINES,
    st.sampled_from(["\n", "\n\n"]),
)
def test_a_body_with_a_kind_regards_signature_gives_back_the_body(
    body: str, signature: list[str], gap: str
) -> None:
    text = f"{body}{gap}Kind regards,\n" + "\n".join(signature) + "\n"
    assert core(text) == body


# --- time ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 1_000_000,
        " " * 1_000_000 + "a b c",
        "Kind regards\n" * 80_000,
        "-- \n" * 250_000,
        "x y z" + "\n" * 1_000_000 + "Kind regards\nMr Smith",
        ("0" * 190 + "\n") * 5_000,
        "This email is intended solely for the addressee " * 20_000,
        ("Mr " * 60 + "\n") * 5_000,
        "Dear " + "Mr " * 300_000,
        ("a." * 90 + "@" + "b-" * 10 + "\n") * 5_000,
        "https://" + "a" * 1_000_000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_a_hostile_megabyte_finishes_quickly(hostile: str) -> None:
    started = time.perf_counter()
    start, end = core_span(hostile)
    assert time.perf_counter() - started < 2.0
    assert 0 <= start <= end <= len(hostile)
