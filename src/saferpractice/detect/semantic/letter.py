"""The core of a message without its letter furniture: greeting, sign-off, signature block,
"Sent from my iPhone" and a trailing email disclaimer.

The semantic detector's corpus has almost no letter conventions, so an ordinary email to a
parent read with its furniture produced false alarms (a disclaimer's "confidential" reads like
a request for secrecy). `core_span` finds the part worth reading. It errs towards keeping:
a greeting with a pet name, a closing with affection ("Love, Mr X xx") and any real sentence
in the signature region are content, because they are what a safeguarding lead needs read.

Only the first line and the last few lines are examined, every regular expression runs on a
bounded piece of text, so the work is linear in the length of the message whatever it holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

# How much of the message is looked at: the tail window, and the longest line worth reading.
TAIL_LINES = 20  # non-blank lines at the end (a signature block plus a disclaimer)
TAIL_PHYSICAL_LINES = 60  # bounds the walk over blank lines
MAX_SIGNATURE_LINES = 10  # "about 8" short lines after a closing, with some slack
MAX_FURNITURE_CHARS = 200  # a longer line is never a greeting or a signature line
MAX_DISCLAIMER_CHARS = 3000  # a longer paragraph is never a disclaimer
MIN_CORE_WORDS = 3
MAX_PLAIN_WORDS = 12  # a line longer than this in the trailer region is a real sentence

_WORD = re.compile(r"\S+")
_SEPARATOR = re.compile(r"[-_=*~#.]{2,}")
_PUNCT_EDGE = " \t,.;:!–—-"


def _words(text: str, separator: str = " ") -> list[str]:
    """A word list written as one string, so it reads as prose in the source."""
    return [word.strip() for word in text.split(separator) if word.strip()]


@dataclass(frozen=True, slots=True)
class _Line:
    """One physical line of the tail: its offsets (without the newline) and its text,
    stripped, or None when it is too long to be furniture."""

    start: int
    end: int
    text: str | None

    @property
    def blank(self) -> bool:
        return self.text == ""


def core_span(text: str) -> tuple[int, int]:
    """The (start, end) character range of `text` without its letter furniture."""
    start, end = _trim(text, 0, len(text))
    if text.find("\n", start, end) == -1:
        return start, end  # one line: a greeting or closing sharing it is content
    body_start = _after_greeting(text, start, end)
    body_end = _before_trailer(text, body_start, end)
    core_start, core_end = _trim(text, body_start, body_end)
    if _words_at_least(text, start, end) and not _words_at_least(text, core_start, core_end):
        return start, end  # too little left to read: the whole message is safer
    return core_start, core_end


def core(text: str) -> str:
    """The text of `core_span`."""
    start, end = core_span(text)
    return text[start:end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """`start, end` moved inwards past whitespace (slices are C-speed, so this stays linear)."""
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    return start, start + len(stripped.rstrip())


def _words_at_least(text: str, start: int, end: int, count: int = MIN_CORE_WORDS) -> bool:
    # stops at the third word: a huge message is not split into a list of words
    return sum(1 for _ in islice(_WORD.finditer(text, start, end), count)) >= count


# --- the greeting --------------------------------------------------------------------------

_SALUTATIONS = (
    "good morning",
    "good afternoon",
    "good evening",
    "good day",
    "morning",
    "afternoon",
    "evening",
    "dear",
    "hiya",
    "heya",
    "hello",
    "hullo",
    "hi",
    "hey",
    "greetings",
    "to",
)
_GROUP = re.compile(
    r"(?:all|everyone|everybody|both|team|there|folks|colleagues|staff|governors|families"
    r"|you all|all of you|sir or madam|sir/madam|whom it may concern"
    r"|(?:all )?(?:parents?|carers?|parents? ?(?:and|&|/) ?carers?)"
    r"(?: of (?:year|class) \w{1,12})?"
    r"|(?:year|class) \w{1,12}(?: (?:parents?|families|team|pupils|students|class))?"
    r"|(?:the )?(?:year \w{1,3} |office |pastoral |admissions |pe |send? )?team)"
)
_TITLES = frozenset(_words("mr mrs ms miss mx dr prof sir madam dame lady lord rev revd master"))
_CONNECTORS = frozenset(_words("and & or / de van von der den da le la du di del"))
# A capitalised word a greeting or signature may use as a name, but that is an endearment
# or compliment when it stands there: such a greeting is content and is kept.
_PET_NAMES = frozenset(
    _words(
        "gorgeous beautiful beauty babe baby babes bae boo sweetheart sweetie sweetpea sweet "
        "sunshine darling darlin honey hun hunny hon love lovely luv handsome cutie cutiepie "
        "angel princess prince pretty sexy hottie hotstuff stranger treasure petal pet sugar "
        "bestie dearest dear precious superstar star trouble cheeky doll dollface kitten "
        "poppet chick mate gorge stunning babycakes lovebug munchkin you"
    )
)
_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-]){0,30}")


def _after_greeting(text: str, start: int, end: int) -> int:
    """Where the message starts once a greeting-only first line is set aside."""
    limit = min(end, start + MAX_FURNITURE_CHARS + 1)
    newline = text.find("\n", start, limit)
    if newline == -1:
        return start  # no second line within reach: nothing to set aside
    if not _is_greeting(text[start:newline].strip()):
        return start
    return _trim(text, newline, end)[0]


def _is_greeting(line: str) -> bool:
    """A salutation followed by nothing but a name, a title or a group ("Dear Parents and
    Carers,"): not a pet name or compliment, which is content."""
    lowered = line.lower()
    for salutation in _SALUTATIONS:
        rest = lowered[len(salutation) :]
        if lowered.startswith(salutation) and (not rest or not rest[0].isalnum()):
            return _is_addressee(line[len(salutation) :].strip(_PUNCT_EDGE))
    return False


def _is_addressee(rest: str) -> bool:
    if not rest:
        return True  # "Hi," or "Good morning!"
    if _GROUP.fullmatch(" ".join(rest.lower().split())):
        return True
    return _is_name(rest, max_tokens=4)


def _is_name(text: str, max_tokens: int = 5) -> bool:
    """A person's name with optional titles and initials ("Mr J. O'Brien", "Mrs Smith and
    Mr Jones"), or a short title-cased phrase: every word capitalised, no endearment."""
    tokens = text.replace(",", " ").split()
    if not tokens or len(tokens) > max_tokens:
        return False
    named = False
    for token in tokens:
        bare = token.rstrip(".").lower()
        if bare in _TITLES or token.lower() in _CONNECTORS:
            continue
        if bare in _PET_NAMES or bare in _CLOSING_WORDS:
            return False
        if not (_NAME_TOKEN.fullmatch(token) and token[0].isupper()):
            return False
        named = True
    return named or tokens[0].rstrip(".").lower() in _TITLES


# --- the trailer: disclaimer, "-- " signature, closing and signature block -----------------


def _before_trailer(text: str, start: int, end: int) -> int:
    """Where the message ends once the trailing furniture is set aside. Each layer can
    uncover another (a closing is only last once the signature under it is gone), so the
    layers repeat, a bounded number of times."""
    for _ in range(3):
        before = end
        for layer in (_drop_disclaimers, _drop_delimited_signature, _drop_signature_block):
            end = layer(text, start, end)
        if end == before:
            break
    return end


def _tail(text: str, start: int, end: int) -> tuple[list[_Line], bool]:
    """The last lines of text[start:end], last first, and whether they reach `start`."""
    lines: list[_Line] = []
    end = _trim(text, start, end)[1] if end > start and text[end - 1].isspace() else end
    non_blank = 0
    while end > start and non_blank < TAIL_LINES and len(lines) < TAIL_PHYSICAL_LINES:
        line_start = max(text.rfind("\n", start, end) + 1, start)
        length = end - line_start
        piece = text[line_start:end].strip() if length <= MAX_DISCLAIMER_CHARS else None
        lines.append(_Line(line_start, end, piece))
        non_blank += piece != ""
        end = line_start - 1
    return lines, end <= start


def _drop_disclaimers(text: str, start: int, end: int) -> int:
    """Trailing disclaimer paragraphs, bottom up. A disclaimer opens like one and holds a
    disclaimer's set wording, so "This message is confidential, don't tell your mum" is never
    one; it may be the lower part of a paragraph (a footer with no blank line above it). A
    rule line ("_____") just above a dropped disclaimer goes with it."""
    lines, reached_start = _tail(text, start, end)
    cut, paragraph = end, list[_Line]()
    for line in [*lines, None]:
        if line is not None and line.text is None:
            return cut  # too long to be a disclaimer, and so is its paragraph
        if line is not None and not line.blank and not _SEPARATOR.fullmatch(str(line.text)):
            paragraph.append(line)
            continue
        if paragraph:
            top = _disclaimer_top(paragraph)
            if top is None:
                return cut
            cut = top
            if top != paragraph[-1].start or (line is None and not reached_start):
                return cut  # content above it in the same paragraph, or beyond the window
            paragraph = []
        if line is not None and not line.blank and cut < end:
            cut = line.start
    return cut


def _disclaimer_top(paragraph: list[_Line]) -> int | None:
    """Where the disclaimer in the lower part of `paragraph` (last line first) starts."""
    for index in range(len(paragraph) - 1, -1, -1):
        lines = paragraph[: index + 1]
        if _DISCLAIMER_OPENING.match(str(lines[-1].text)) and _is_disclaimer(_joined(lines)):
            return lines[-1].start
    return None


def _joined(paragraph: list[_Line]) -> str:
    return " ".join(str(line.text) for line in reversed(paragraph))


_DISCLAIMER_OPENING = re.compile(
    r"[\W_]{0,10}(?:disclaimer|confidentiality|important|notice|privileged|please (?:note|consider)"
    r"|this (?:e-?mail|message|communication|transmission)|the (?:information|contents?)"
    r"|any (?:views|opinions)|the views|if you (?:are|have))\b",
    re.IGNORECASE,
)
_DISCLAIMER_WORDING = re.compile(
    r"intended (?:solely |only |exclusively )?for (?:the )?(?:sole )?(?:use of )?(?:the )?"
    r"(?:addressee|named|individual|person|recipient|entity|intended)"
    r"|received this (?:e-?mail|message|communication|transmission) in error"
    r"|not the intended recipient"
    r"|consider the environment before printing"
    r"|views (?:or opinions )?(?:expressed|presented) (?:in this|are)"
    r"|(?:scanned|checked) for (?:computer )?(?:viruses|malware)"
    r"|(?:disclosure|distribution|copying|dissemination)[^.]{0,80}prohibited"
    r"|confidential(?:ity)? (?:notice|statement|disclaimer)"
    r"|accepts? no (?:liability|responsibility)",
    re.IGNORECASE,
)


def _is_disclaimer(paragraph: str) -> bool:
    if len(paragraph) > MAX_DISCLAIMER_CHARS:
        return False
    flat = " ".join(paragraph.split())
    return bool(_DISCLAIMER_OPENING.match(flat) and _DISCLAIMER_WORDING.search(flat))


def _drop_delimited_signature(text: str, start: int, end: int) -> int:
    """The RFC 3676 "-- " line and everything under it, unless something under it (or an
    affectionate closing anywhere in the tail) is content."""
    lines, _ = _tail(text, start, end)
    if any(_is_affectionate(line) for line in lines):
        return end
    cut = end
    for line in lines:
        if _is_protected(line):
            break
        if line.text == "--":
            cut = line.start
    return cut


def _drop_signature_block(text: str, start: int, end: int) -> int:
    """A closing ("Kind regards,") and the short signature lines under it; or, without a
    closing, a block of signature lines holding at least one sure sign (a phone number, an
    address, a job title, a school, "Sent from my iPhone")."""
    lines, _ = _tail(text, start, end)
    if any(_is_affectionate(line) for line in lines):
        return end  # "Love, Mr X xx": the closing and all after it are content
    count, sure, top = 0, False, None
    for line in lines:
        if line.blank:
            continue
        if line.text is None:
            break
        if _SEPARATOR.fullmatch(line.text):
            top = line.start if top is not None else None
            continue
        if _is_closing(line.text):
            return line.start if count <= MAX_SIGNATURE_LINES else end
        kind = _signature_kind(line.text)
        if kind is None:
            break
        count, sure, top = count + 1, sure or kind == "sure", line.start
        if count > MAX_SIGNATURE_LINES:
            return end
    return top if sure and top is not None else end


def _is_protected(line: _Line) -> bool:
    """A line the trailer rules never drop: a question, a real sentence, affection."""
    if line.text is None:
        return True
    return (
        _asks_question(line.text)
        or len(line.text.split()) > MAX_PLAIN_WORDS
        or _is_affectionate(line)
    )


def _asks_question(line: str) -> bool:
    # a "?" inside a web address's query string is not a question
    return line.endswith("?") or "? " in line or "?\u00a0" in line


# --- closings, affection and signature lines -----------------------------------------------

_CLOSINGS = _words(
    "kind regards|kindest regards|best regards|warm regards|warmest regards|regards|"
    "with regards|with kind regards|with best regards|with best wishes|best wishes|"
    "all best wishes|warm wishes|warmest wishes|good wishes|many thanks again|many thanks|"
    "thanks again|thanks so much|thanks very much|thanks in advance|thanks|"
    "thank you again|thank you very much|thank you so much|thank you|with thanks|thx|ta|"
    "cheers|all the best|all best|best|yours sincerely|yours faithfully|yours truly|yours|"
    "sincerely|faithfully|respectfully",
    "|",
)
# words that make a closing, so never a name ("Best" is not a signature's name line)
_CLOSING_WORDS = frozenset(
    _words(
        "regards wishes thanks thank cheers best sincerely faithfully truly yours "
        "respectfully thx ta"
    )
)
_CLOSING = re.compile(r"(" + "|".join(sorted(_CLOSINGS, key=len, reverse=True)) + r")\b")


def _is_closing(line: str) -> bool:
    """Only a closing, with optional punctuation, or "Many thanks, Mrs Jones"."""
    if len(line) > MAX_FURNITURE_CHARS:
        return False
    match = _CLOSING.match(line.lower())
    if match is None:
        return False
    rest = line[match.end() :]
    name = rest.lstrip(_PUNCT_EDGE)
    if not name:
        return True
    separated = rest[: len(rest) - len(name)].strip(" \t") != ""
    return separated and _is_name(name.strip(_PUNCT_EDGE))


_AFFECTIONATE_OPENING = re.compile(
    r"(?:lots of |loads of |all my |all our |big |much |sending (?:you )?(?:lots of )?)?"
    r"(?:love|luv|lurve|hugs?|kisses|cuddles)\b",
    re.IGNORECASE,
)
# kisses; "Xxxxxx" (a capital and four or more small x) is a redacted name, not a kiss
_KISSES = re.compile(r"(?!Xx{4})(?:[xX]{1,8}|(?:[xX][oO]){1,4}[xX]?|<3+)[!.,]*")
_HEARTS = frozenset("❤♥💕💖💗💘💙💚💛💜🧡🖤🤍🤎💋😘😍🥰😚😙😗❣💞💓💝🤗😻")


def _is_affectionate(line: _Line) -> bool:
    """A closing or signature line with love, kisses or hearts in it."""
    text = line.text
    if not text or len(text) > MAX_FURNITURE_CHARS:
        return False
    if _AFFECTIONATE_OPENING.match(text) or any(char in _HEARTS for char in text):
        return True
    tokens = text.split()
    for before, token, after in zip(["", *tokens[:-1]], tokens, [*tokens[1:], ""], strict=True):
        if _KISSES.fullmatch(token) and not _in_a_name(before, after):
            return True  # "xx", "x", "X" after a name
    return False


def _in_a_name(before: str, after: str) -> bool:
    # "Mr X" and "Xxx Research" (a redacted name) are names, not kisses
    return before.rstrip(".").lower() in _TITLES or (after[:1].isupper() and after[:1] != "X")


_PHONE = re.compile(r"\+?\(?\d[\d(). -]{7,18}\d")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}")
_URL = re.compile(
    r"(?:https?://|www\.)\S{1,200}|\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,4}\.(?:uk|com|org|net|edu)\b"
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_PRONOUNS = re.compile(r"\(?\b(?:she|he|they|ze|xe)/(?:her|him|them|hers|his|theirs)(?:/\w+)?\)?")
_LABELS = re.compile(
    r"\b(?:tel|telephone|phone|mob|mobile|cell|fax|email|e-mail|web|website|skype|twitter"
    r"|linkedin|office|direct(?: line)?|dd|ext|switchboard|t|m|f|e|w)\b\.?:?",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(
    r"(?:(?:sent|composed) (?:from|via|using|with|on) (?:my )?|get outlook for |via )"
    r"(?:[\w.-]{1,20} ){0,4}?(?:iphone|ipad|android|samsung|galaxy|mobile|phone|smartphone"
    r"|outlook|mail|gmail|yahoo|blackberry|tablet|device|pixel|huawei|windows|ios|aol|app)\b"
    r"[\w .-]{0,30}",
    re.IGNORECASE,
)
_JOB = re.compile(
    r"\b(?:teacher|headteacher|head of|deputy|assistant|senco|sendco|dsl|lead|leader"
    r"|co-?ordinator|manager|officer|administrator|admin|secretary|principal|tutor|mentor"
    r"|governor|trustee|bursar|librarian|technician|counsellor|nurse|receptionist|hlta"
    r"|pastoral|welfare|director of|chair of|clerk|caretaker|senior leadership)\b",
    re.IGNORECASE,
)
_SCHOOL = re.compile(
    r"(?:[^\W\d_][\w'’.&-]*\s+){0,7}(?:School|Academy|College|Primary|Infants?|Juniors?"
    r"|Nursery|Trust|Federation|Sixth Form)"
)
_FIRST_PERSON = frozenset(_words("i i'm i’m me my you your we us our"))


def _signature_kind(line: str) -> str | None:
    """How a tail line reads: "sure" when it is plainly signature furniture (a phone, an
    address, a job title, a school, "Sent from my iPhone"), "name" for a short name-like
    line, else None.
    A line with " | " between its parts is judged part by part."""
    if len(line) > MAX_FURNITURE_CHARS or _asks_question(line):
        return None
    if len(line.split()) > MAX_PLAIN_WORDS:
        return None
    if _SENT_FROM.fullmatch(line.rstrip(". ")):
        return "sure"
    kinds = [_part_kind(part.strip()) for part in _PARTS.split(line) if part.strip()]
    if not kinds or None in kinds:
        return None
    return "sure" if "sure" in kinds else "name"


_PARTS = re.compile(r"[|•·]")
_ASIDE = re.compile(r"\([^()]{1,40}\)")


def _part_kind(part: str) -> str | None:
    words = part.lower().split()
    if any(word.strip(_PUNCT_EDGE) in _FIRST_PERSON for word in words):
        return None  # "I'm your teacher" is a sentence, not a job title
    unpronouned = _PRONOUNS.sub(" ", part)
    if not unpronouned.strip(_PUNCT_EDGE + "()"):
        return "sure"  # "(she/her)"
    rest = _URL.sub(" ", _EMAIL.sub(" ", unpronouned))
    rest = _PHONE.sub(lambda match: " " if _digits(match.group()) >= 9 else match.group(), rest)
    if rest != unpronouned:
        # a phone, e-mail or web address, with at most a label and a few words beside it
        return "sure" if len(_LABELS.sub(" ", rest).split()) <= 4 else None
    if _POSTCODE.search(part) and len(words) <= 10:
        return "sure"
    # "Sarah (Amy's mum)": a short aside in brackets does not stop a name being one
    bare = _ASIDE.sub(" ", unpronouned).strip(_PUNCT_EDGE)
    if len(words) <= 8 and (_JOB.search(bare) or _SCHOOL.fullmatch(bare)):
        return "sure"
    return "name" if _is_name(bare) else None


def _digits(text: str) -> int:
    return sum(char.isdigit() for char in text)
