"""Contact-detail detector: true hits, obfuscations, benign look-alikes and properties."""

from __future__ import annotations

import pickle

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saferpractice.detect import ContactDetector, ContactMatch

DETECTOR = ContactDetector()


def kinds_values(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.value) for m in DETECTOR.find(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ring me on 07700 900123 tonight", "+447700900123"),  # Ofcom drama range: possible only
        ("ring me on 07700900123.", "+447700900123"),
        ("mob: 07700.900.456", "+447700900456"),
        ("call (07700) 900 789", "+447700900789"),
        ("+44 7700 900 321 any time", "+447700900321"),
        ("+44 (0) 7700 900321", "+447700900321"),
        ("0044 7700 900321", "+447700900321"),
        ("office 0161 496 0000", "+441614960000"),
        ("office 020 7946 0018", "+442079460018"),
        ("0161-496-0123 after six", "+441614960123"),
        ("in Paris: +33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_numbers_in_uk_and_international_formats(text: str, value: str) -> None:
    assert kinds_values(text) == [("phone", value)]


def test_the_match_text_and_offsets_point_into_the_message() -> None:
    text = "Hi, it's Sam. Call 07700 900123 x"
    (match,) = DETECTOR.find(text)
    assert text[match.start : match.end] == match.text == "07700 900123"
    assert "GB mobile in national format" in match.how
    assert not match.obfuscated


def test_foreign_numbers_need_a_plus() -> None:
    assert kinds_values("my French number is 06 12 34 56 78") == []
    assert kinds_values("US office 212 555 0123") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("zero seven seven double oh nine double oh one two three", "+447700900123"),
        ("its oh seven seven oh oh, nine oh oh, four five six", "+447700900456"),
        ("07 seven 7 00 nine 00 1 2 3", "+447770090012"),
        ("0 7 7 0 0 9 0 0 1 2 3", "+447700900123"),
        ("0-7-7-0-0-9-0-0-9-9-9 ok", "+447700900999"),
    ],
)
def test_obfuscated_phone_numbers(text: str, value: str) -> None:
    found = DETECTOR.find(text)
    assert [(m.kind, m.value, m.obfuscated) for m in found] == [("phone", value, True)]


@pytest.mark.parametrize(
    ("text", "value", "obfuscated"),
    [
        ("write to Pat.Smith@Example.co.uk.", "pat.smith@example.co.uk", False),
        ("pat.smith at gmail dot com", "pat.smith@gmail.com", True),
        ("pat [at] hotmail [dot] co [dot] uk", "pat@hotmail.co.uk", True),
        ("pat(at)outlook(dot)com", "pat@outlook.com", True),
        ("PAT AT GMAIL DOT COM", "pat@gmail.com", True),
        ("pat at gmail.com", "pat@gmail.com", True),
    ],
)
def test_emails_plain_and_obfuscated(text: str, value: str, obfuscated: bool) -> None:
    found = DETECTOR.find(text)
    assert [(m.kind, m.value, m.obfuscated) for m in found] == [("email", value, obfuscated)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "send the photos to boateng dot owain at btinternet dot com instead",
            "boateng.owain@btinternet.com",
        ),
        ("email me at pat.smith78 at gmail dot com", "pat.smith78@gmail.com"),
        ("write to me at pat.smith78 at gmail dot com", "pat.smith78@gmail.com"),
        ("pat [dot] smith [at] gmail [dot] com", "pat.smith@gmail.com"),
        ("pat dot j dot smith at example dot co dot uk", "pat.j.smith@example.co.uk"),
        ("john dot smith at example.com", "john.smith@example.com"),
    ],
)
def test_obfuscated_emails_with_dot_words_in_the_name(text: str, value: str) -> None:
    assert [(m.kind, m.value, m.obfuscated) for m in DETECTOR.find(text)] == [
        ("email", value, True)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "meet me at the gate at nine",
        "look at it dot by dot",
        "join the dots at home dot then",
        "me at pat.smith78",  # no known top-level domain
        "she is at dot com school",
        "I'll be at bbc dot in the morning",
    ],
)
def test_prose_with_at_and_dot_is_not_an_email(text: str) -> None:
    assert [m for m in DETECTOR.find(text) if m.kind == "email"] == []


def test_obfuscated_email_explains_itself() -> None:
    (match,) = DETECTOR.find("jess at gmail dot com")
    assert match.how == "email written with 'at' and 'dot'"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("see https://www.BBC.co.uk/News/?x=1 now", "bbc.co.uk/news"),
        ("see www.example.org/homework.", "example.org/homework"),
        ("my blog is jessbakes.co.uk", "jessbakes.co.uk"),
        ("bit.ly/3abcDEF", "bit.ly/3abcdef"),
        ("(https://example.com/a_(b))", "example.com/a_(b)"),
    ],
)
def test_urls_and_bare_domains(text: str, value: str) -> None:
    assert kinds_values(text) == [("url", value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my snap is jess_x", "snapchat:jess_x"),
        ("add me on insta jess.bakes", "instagram:jess.bakes"),
        ("snap me @jess99", "snapchat:jess99"),
        ("sc: jessx", "snapchat:jessx"),
        ("I'm @Jess_99 on tiktok", "tiktok:jess_99"),
        ("follow me @jessbakes", "social:jessbakes"),
        ("follow me on insta @jessbakes", "instagram:jessbakes"),
    ],
)
def test_handles_need_a_platform_cue(text: str, value: str) -> None:
    assert kinds_values(text) == [("handle", value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I put my drawings up as @owain.boateng79, have a look", "social:owain.boateng79"),
        ("it's @jess_x", "social:jess_x"),
        ("@jess99 is me", "social:jess99"),
        ("look for @Jess.Bakes.", "social:jess.bakes"),
    ],
)
def test_a_bare_at_handle_with_handle_syntax_needs_no_platform(text: str, value: str) -> None:
    found = DETECTOR.find(text)
    assert [(m.kind, m.value, m.how) for m in found] == [
        ("handle", value, "@handle, no platform named")
    ]
    assert found[0].text.startswith("@")


@pytest.mark.parametrize(
    "text",
    [
        "see you @ 3pm",  # a space after the @
        "meet @3pm or @10.30am",  # times
        "I'm @home",  # a word without a dot, digit or underscore
        "thanks @everyone",
        "@",
        "a lone @ sign",
        "well done @Year6, @Y6, @year_6, @class3b and @rm12",  # year groups and rooms
        "mail jess.x99@gmail.com please",  # the @ of an email
        "see @example.com",  # a domain
        "@a1 @ab_",  # fewer than three letters
        "x@@jess99",  # two @ signs
    ],
)
def test_bare_at_look_alikes_are_not_handles(text: str) -> None:
    assert [m for m in DETECTOR.find(text) if m.kind == "handle"] == []


@pytest.mark.parametrize(
    "text",
    [
        "add me on snap later",  # a private-channel move (risk lexicon), but no handle
        "thanks @everyone for coming",  # no platform cue
        "email jess@gmail.com about snap",  # the @ of an email is not a handle
        "my snap is down again",
    ],
)
def test_no_handle_without_a_handle(text: str) -> None:
    assert [m for m in DETECTOR.find(text) if m.kind == "handle"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Homework: read pages 12-45 of chapter 3 by Friday 14/03/2025.",
        "The bus leaves at 07:45 and returns at 16:30.",
        "Tickets cost £3.50 or £12.00 for a family; room 101, block C.",
        "Our postcode is SW1A 1AA and the school opened in 1998.",
        "Scunthorpe, Sussex and Middlesex play on 2024-01-15.",
        "The therapist said 3.14159 is pi; version 1.2.3 of report.pdf and notes.docx.",
        "Candidate number 1234567890, centre 12345.",
        "I went home.It was late, e.g. at 10pm, i.e. after tea.",
        "Look at the board: 2 + 2 = 4, 10 x 10 = 100, one two three four.",
        "Year 7 assembly, 2024/25 timetable, lesson 3 in room 2.14",
    ],
)
def test_benign_look_alikes_are_not_contact_details(text: str) -> None:
    assert DETECTOR.find(text) == []


def test_detector_pickles() -> None:
    again = pickle.loads(pickle.dumps(DETECTOR))
    text = "call 07700 900123 or mail a@b.co.uk"
    assert again.find(text) == DETECTOR.find(text)


def _check(text: str, matches: list[ContactMatch]) -> None:
    last_end = -1
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_end  # sorted, no overlaps
        last_end = m.end
        if m.kind == "phone":
            assert m.value.startswith("+")
            if not m.obfuscated and "written" not in m.how:
                parsed = phonenumbers.parse(m.text, "GB")
                assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == (
                    m.value
                )
        elif m.kind == "email" and not m.obfuscated:
            assert m.value == m.text.casefold()
        elif m.kind == "url":
            assert m.value == m.value.lower()
            assert m.value.split("/")[0] in m.text.lower()
        elif m.kind == "handle":
            platform, _, handle = m.value.partition(":")
            assert platform and handle and handle in m.text.lower()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_unicode(text: str) -> None:
    _check(text, DETECTOR.find(text))


_pieces = st.sampled_from(
    [
        "07700 900123",
        "+44 7700 900 456",
        "0161 496 0000",
        "zero seven seven double oh nine double oh one two three",
        "jess@example.co.uk",
        "jess at gmail dot com",
        "www.example.org/x",
        "my snap is jess_x",
        "@jess on insta",
        " ",
        ", ",
        "hello",
        "07:45",
        "£3.50",
        "\u00e9",
        "\n",
        "2024-01-15",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_pieces, max_size=12).map("".join))
def test_spans_normalise_to_their_values_on_mixed_text(text: str) -> None:
    _check(text, DETECTOR.find(text))
