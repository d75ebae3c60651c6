"""Seed inputs and a scratch folder for the atheris harnesses.

The seeds are built at start-up from the repository's own example school and reader fixtures
(small, synthetic or already vetted for the tests) plus a few written here, each cut to
MAX_LEN, so that a campaign starts from real formats without a committed corpus. They are
written into the corpus folder given on the command line only when that folder is empty.

    python fuzz/seeds.py mail /tmp/corpus-mail     # the seeds alone, to look at
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from hashlib import sha1
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "evidence" / "fixtures"
EXAMPLE_SCHOOL = REPO / "examples" / "school"
PACKAGE = REPO / "src" / "saferpractice"
MAX_LEN = 4096  # the campaigns' -max_len; a longer seed would only be cut by libFuzzer

# fuzz_csv.py: the first byte picks the evidence header, the second the school register.
CSV_HEADERS = (
    b"id,channel,sent_at,from,to,body\n",
    b"platform,owner,other_handle,other_name,relation,visibility\n",
    b"time,user,url,category,action\n",
    b"Device Name,Serial Number,Model,OS,Ownership,Assigned User,Supervised\n",
    b"",  # no header of ours: the body's own first line is the header
)
REGISTERS = (
    "people.csv",
    "accounts.csv",
    "devices.csv",
    "approvals.csv",
    "consents.csv",
    "acknowledgements.csv",
)


def scratch_dir(prefix: str) -> Path:
    """A private folder for the harnesses that must go through a path: in memory (/dev/shm)
    where there is one, because on this box each write to a disk-backed /tmp cost about 2 ms,
    more than the readers' own work (a write to tmpfs is about 10 µs)."""
    shm = Path("/dev/shm")
    where = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=where))
    # Memory, not disk: given back when Python exits (a replay, the bench); libFuzzer ends
    # the process without running atexit, leaving a few KiB under /dev/shm.
    atexit.register(shutil.rmtree, folder, True)
    return folder


def _cut(data: bytes) -> bytes:
    """`data` cut at the last line break within MAX_LEN, so a cut file stays line-shaped."""
    if len(data) <= MAX_LEN:
        return data
    head = data[:MAX_LEN]
    end = head.rfind(b"\n")
    return head[: end + 1] if end > 0 else head


def _body(path: Path) -> bytes:
    """A CSV file without its header line."""
    return path.read_bytes().partition(b"\n")[2]


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.glob(pattern) if p.is_file() and p.suffix != ".md")


SYNTHETIC_MAIL = (
    b'From: Andy <andy at example.com>\nTo: pupil@example.org, "a@b.c" <x@y.z>\n'
    b"Subject: =?utf-8?q?Trip_=C3=A9?=\nMIME-Version: 1.0\n"
    b'Content-Type: multipart/alternative; boundary="b1"\n\n--b1\n'
    b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
    b"See you =C3=A9 tomorrow\n> quoted line\n--b1\nContent-Type: text/html\n\n"
    b"<p>See you <b>tomorrow</b></p><div style=display:none>secret</div>\n--b1--\n",
    b"From: a@example.com\nContent-Type: multipart/mixed; boundary=x\n\n--x\n"
    b"Content-Type: message/rfc822\n\nFrom: b@example.com\nContent-Type: multipart/mixed;"
    b" boundary=y\n\n--y\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
    b"aGVsbG8gdGhlcmU=\n--y--\n--x--\n",
    b"From a@example.com Mon Mar  4 10:00:00 2024\nFrom: a@example.com\nSubject: one\n\nbody\n"
    b">From the start\n\nFrom b@example.com Tue Mar  5 11:00:00 2024\nFrom: b@example.com\n"
    b"Subject: two\n\nsecond\nFrom not a separator\n",
)


def mail_seeds() -> Iterator[bytes]:
    yield from SYNTHETIC_MAIL
    for path in _files(FIXTURES / "mail", "**/*"):
        if path.suffix not in {".msg", ".gz"}:
            yield path.read_bytes()


def social_seeds() -> Iterator[bytes]:
    # A leading 0 selects the raw form: the export file's bytes as they are.
    for path in _files(FIXTURES / "social", "**/*.json"):
        yield b"\x00" + path.read_bytes()
    yield b"\x00" + b'{"profile_user": [{"string_map_data": {"Private Account": {"value": '
    yield b"\x00" + (
        b'{"profile_user": [{"string_map_data": {"Private Account": {"value": "True"},'
        b' "Username": {"value": "jdoe_teach"}}}]}'
    )
    yield b"\x00" + (
        b'{"relationships_following": [{"title": "kid", "string_list_data": [{"href":'
        b' "https://www.instagram.com/kid", "value": "kid", "timestamp": 1717243200}]}]}'
    )


def csv_seeds() -> Iterator[bytes]:
    evidence = [
        (0, _body(FIXTURES / "messages" / "sms.csv")),
        (1, _body(FIXTURES / "social" / "connections.csv")),
        (2, _body(FIXTURES / "web" / "filter.csv")),
        (3, b"IPAD-01,DMPXK1ABCD,iPad,iPadOS 17,Corporate,class5@school.example.org,True\n"),
    ]
    evidence += [(4, path.read_bytes()) for path in _files(FIXTURES / "devices", "*.csv")]
    for number, (header, body) in enumerate(evidence):
        yield bytes([header, number % len(REGISTERS)]) + body
    for number, register in enumerate(REGISTERS):
        path = EXAMPLE_SCHOOL / register
        if path.is_file():
            yield bytes([number % len(CSV_HEADERS), number]) + _body(path)


def yaml_seeds() -> Iterator[bytes]:
    # The first byte picks the loader: 0 policy, 1 school.yaml, 2 lexicon.
    # The policy in pieces of about 1 KiB cut before a top-level key or a list item, as short seeds
    # (a YAML input costs about 3 ms a KiB to load and check).
    policy = (PACKAGE / "policy" / "default" / "policy.yaml").read_bytes()
    piece = b""
    for line in policy.splitlines(keepends=True):
        if len(piece) > 1024 and (line[:1].isalpha() or line.startswith(b"  - ")):
            yield b"\x00" + piece
            piece = b""
        piece += line
    yield b"\x00" + piece
    yield b"\x01" + (EXAMPLE_SCHOOL / "school.yaml").read_bytes()
    yield b"\x01" + b"name: A\ntimezone: Nowhere/City\nschool_hours: {start: '25:00'}\n"
    # Each lexicon category on its own under the file's header: loading a lexicon compiles
    # every phrase, so a whole built-in lexicon costs tens of milliseconds.
    for path in _files(PACKAGE / "detect" / "lexicons", "*.yaml"):
        head, marker, categories = path.read_bytes().partition(b"\n  - id:")
        for category in categories.split(b"\n  - id:"):
            yield b"\x02" + head + marker + category
    yield b"\x02" + b"version: 1\ncategories:\n  - &a {id: x, phrases: [*a, *a]}\n"


SEEDS = {"mail": mail_seeds, "social": social_seeds, "csv": csv_seeds, "yaml": yaml_seeds}


def write_seeds(target: str, folder: Path) -> int:
    """Write `target`'s seeds into `folder`, each named by its hash; the number written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for seed in SEEDS[target]():
        seed = _cut(seed)
        (folder / sha1(seed).hexdigest()).write_bytes(seed)
        written += 1
    return written


def seed_empty_corpora(target: str, argv: list[str]) -> None:
    """Give each corpus folder on the command line the seeds if it is empty (a new campaign);
    a folder with inputs in it, or a single input file (a crash to replay), is left alone."""
    for arg in argv[1:]:
        if arg.startswith("-"):
            continue
        folder = Path(arg)
        if folder.is_dir() and not any(folder.iterdir()):
            count = write_seeds(target, folder)
            print(f"seeds: {count} {target} inputs written to {folder}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SEEDS:
        sys.exit(f"usage: python fuzz/seeds.py {{{','.join(SEEDS)}}} FOLDER")
    print(write_seeds(sys.argv[1], Path(sys.argv[2])))
