"""Generate the hostile evidence corpus: every kind of attack from issue 10, written fresh
into a folder (nothing large is committed).

    .venv/bin/python tests/hostile/generate_corpus.py OUT   # for an independent re-run

`write_corpus(out)` writes `out/benign/` (ordinary evidence with known findings) and one
folder per hostile case under `out/hostile/`, and returns the cases. Each case names the
issue item it attacks, how long a scan of it may take, and how many items a correct reader
reads and skips, so a test can check that nothing is lost silently.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from PIL import Image

HEADER = "id,channel,sent_at,from,to,body\n"
STAFF_PHONE, PUPIL_PHONE = "07700 900456", "07700 900789"  # the fixture school's S001, P002


def sms(ident: str, when: str, body: str = "Running late", to: str = PUPIL_PHONE) -> str:
    return f"{ident},sms,{when},{STAFF_PHONE},{to},{body}\n"


def mail(
    body: str = "See you in class.",
    *,
    date: str = "Tue, 17 Nov 2026 10:15:00 +0000",
    subject: str = "Homework",
    ident: str = "<m1@example.com>",
) -> bytes:
    message = EmailMessage()
    message["From"] = "pat.smith@gmail.com"
    message["To"] = "lily.evans@example.com"
    message["Date"] = date
    message["Subject"] = subject
    message["Message-ID"] = ident
    message.set_content(body)
    return bytes(message)


def jpeg(gps: tuple[float, float] | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Apple", "iPhone 12"
    exif.get_ifd(0x8769)[0x9003] = "9999:12:31 23:59:59"  # DateTimeOriginal at the very end
    if gps is not None:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1], gps_ifd[3] = "N", "E"
        gps_ifd[2] = (abs(gps[0]), 0.0, 0.0)
        gps_ifd[4] = (gps[1], 0.0, 0.0)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    item: str  # the issue 10 item it attacks
    build: Callable[[Path], None]
    seconds: float = 60.0  # a scan of this case alone must end within this (a loaded machine)
    read: int | None = None  # records a correct reader yields (None: not pinned)
    skipped: int | None = None  # items a correct reader counts as skipped


def _benign(folder: Path) -> None:
    (folder / "texts.csv").write_text(
        HEADER
        + sms("b1", "2026-11-17T10:15:00+00:00")
        + sms("b2", "2026-11-18T19:30:00+00:00", "Did you finish the homework")
        + sms("b3", "2026-11-19T10:15:00+00:00", "Sam is ill today", to="0161 496 0000"),
        encoding="utf-8",
    )
    (folder / "web.csv").write_text(
        "time,user,url,category,action\n"
        "2026-11-17T12:00:00+00:00,S001,http://bet.example,gambling,allowed\n"
        "2026-11-17T12:05:00+00:00,S001,http://news.example,news,allowed\n",
        encoding="utf-8",
    )
    (folder / "one.eml").write_bytes(mail("Call me on 07700 900456 tonight"))


def _dates(folder: Path) -> None:
    late, early = "9999-12-31T23:59:00-12:00", "0001-01-01T00:00:00+14:00"
    (folder / "texts.csv").write_text(HEADER + sms("d1", late) + sms("d2", early), encoding="utf-8")
    (folder / "web.csv").write_text(
        f"time,user,url,category,action\n{late},S001,http://bet.example,gambling,allowed\n",
        encoding="utf-8",
    )
    (folder / "late.eml").write_bytes(mail(date="Fri, 31 Dec 9999 23:59:00 -1200", ident="<l@x>"))
    (folder / "early.eml").write_bytes(mail(date="Mon, 1 Jan 0001 00:00:00 +1400", ident="<e@x>"))
    line = "{} 12 10.0.0.1 TCP_MISS/200 512 GET http://bet.example/ S001 DIRECT/1.2.3.4 text/html\n"
    (folder / "access.log").write_text(
        "".join(line.format(t) for t in ("1763374500.000", "1763374501", "99999999999.999999")),
        encoding="utf-8",
    )
    (folder / "photo.jpg").write_bytes(jpeg())


def _names(folder: Path) -> None:
    rows = HEADER + sms("n1", "2026-11-17T10:15:00+00:00")
    for raw in (b"caf\xe9.csv", "invoice\u202ecsv.exe".encode(), b"two\nlines.csv"):
        (folder / os.fsdecode(raw)).write_text(rows, encoding="utf-8")
    (folder / os.fsdecode(b"notes\xff\n  forged.csv: skipped: nothing.txt")).write_text("x\n")


def _formulas(folder: Path) -> None:
    rows = [HEADER]
    for n, payload in enumerate(("=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)", "\t=1")):
        rows.append(sms(f'"{payload}"', f"2026-11-1{n}T10:15:00+00:00", f'"{payload}"'))
    (folder / "texts.csv").write_text("".join(rows), encoding="utf-8")


def _identity(folder: Path) -> None:
    for phone in ("phone1", "phone2"):
        (folder / phone).mkdir()
        (folder / phone / "messages.csv").write_text(
            HEADER + sms("m1", "2026-11-17T10:15:00+00:00") + sms("m1", "2026-11-20T10:15:00Z"),
            encoding="utf-8",
        )


def _mail_evasion(folder: Path) -> None:
    hidden = EmailMessage()
    hidden["From"], hidden["To"] = "pat.smith@gmail.com", "lily.evans@example.com"
    hidden["Subject"], hidden["Message-ID"] = "Notes", "<html-only@x>"
    hidden["Date"] = "Tue, 17 Nov 2026 10:15:00 +0000"
    hidden.set_content("Nothing to see here.")
    hidden.add_alternative("<p>Don't tell your mum, text me on 07700 900456</p>", subtype="html")
    (folder / "alternative.eml").write_bytes(bytes(hidden))
    outer = EmailMessage()
    outer["From"], outer["To"] = "pat.smith@gmail.com", "lily.evans@example.com"
    outer["Subject"], outer["Message-ID"] = "Fwd", "<attached@x>"
    outer["Date"] = "Tue, 17 Nov 2026 10:20:00 +0000"
    outer.set_content("See attached.")
    inner = EmailMessage()
    inner["Subject"] = "secret"
    inner.set_content("Keep this our secret, don't tell anyone. Call 07700 900456")
    outer.add_attachment(inner)
    (folder / "attached.eml").write_bytes(bytes(outer))
    (folder / "cp1252.eml").write_bytes(
        b"From: pat.smith@gmail.com\r\nTo: lily.evans@example.com\r\nSubject: caf\xe9\r\n"
        b"Date: Tue, 17 Nov 2026 10:15:00 +0000\r\nMessage-ID: <cp@x>\r\n\r\n"
        b"Caf\xe9 at 6? \x93Don\x92t tell\x94 07700 900456\r\n"
    )


def _mail_blowups(folder: Path) -> None:
    depth = 999
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
        for i in range(depth)
    )
    tail = b"".join(b"\r\n--b%d--\r\n" % i for i in reversed(range(depth)))
    body = b"Content-Type: text/plain\r\n\r\n" + b"x" * (2 * 1024 * 1024)
    top = b"From: a@example.com\r\nMessage-ID: <deep@x>\r\nMIME-Version: 1.0\r\n"
    (folder / "nested.eml").write_bytes(top + head + body + tail)
    folded = b"Subject: " + b"a\r\n " * (1024 * 1024) + b"\r\n"
    (folder / "folded.eml").write_bytes(
        b"From: a@example.com\r\nMessage-ID: <f@x>\r\n" + folded + b"\r\nhi\r\n"
    )


def _readers(folder: Path) -> None:
    head = HEADER + sms("z1", "2026-11-17T10:15:00+00:00", "before \x00 the NUL")
    (folder / "nul.csv").write_text(head, encoding="utf-8")
    many = ";".join(f"07700 9{n:05d}" for n in range(1500)) + f";{PUPIL_PHONE}"
    (folder / "group.csv").write_text(
        HEADER + f"g1,sms,2026-11-17T10:15:00+00:00,{STAFF_PHONE},{many},Trip news\n",
        encoding="utf-8",
    )
    owner = folder / "S001" / "followers_and_following"
    owner.mkdir(parents=True)
    item = '{{"string_list_data": [{{"value": "u{0}", "timestamp": 1}}]}}'
    items = [item.format(n) for n in range(50)]
    items.insert(3, '"not an object"')
    (owner / "followers_1.json").write_text("[" + ",".join(items) + "]", encoding="utf-8")
    (folder / "deep.json").write_text('{"friends_v2": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (folder / "gps.jpg").write_bytes(jpeg(gps=(-500.0, float("inf"))))
    (folder / "truncated.jpg").write_bytes(jpeg()[:40])


def _walk(folder: Path) -> None:
    elsewhere = folder.parent / "_elsewhere"
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "texts.csv").write_text(HEADER + sms("w1", "2026-11-17T10:15:00Z"))
    (folder / "linked").symlink_to(elsewhere)
    (folder / "loop").symlink_to(folder)
    (folder / "dangling").symlink_to(folder / "gone")
    os.mkfifo(folder / "pipe")
    (folder / "empty.csv").write_bytes(b"")
    maildir = folder / "Mail"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "cur" / "1.eml:2,S").write_bytes(mail(ident="<md1@x>"))
    (maildir / "tmp" / "2.eml").write_bytes(mail(ident="<md2@x>"))
    (maildir / "Archive").mkdir()
    (maildir / "Archive" / "3.eml").write_bytes(mail(ident="<md3@x>"))
    (maildir / "loose.eml").write_bytes(mail(ident="<md4@x>"))
    os.mkfifo(maildir / "cur" / "fifo")


CASES: tuple[Case, ...] = (
    Case("dates", "1", _dates),
    Case("names", "2, 16", _names),
    Case("identity", "3", _identity, read=4, skipped=0),
    Case("mail-evasion", "4, 10", _mail_evasion, read=3, skipped=0),
    Case("formulas", "11", _formulas),
    Case("mail-blowups", "14", _mail_blowups, seconds=120),
    Case("readers", "8, 10, 16", _readers, seconds=120),
    Case("walk", "7, 8", _walk),
)


def write_benign(out: Path) -> None:
    """Ordinary evidence with known findings, under `out/benign/`."""
    (out / "benign").mkdir(parents=True)
    _benign(out / "benign")


def write_hostile(out: Path) -> tuple[Case, ...]:
    """Every hostile case, each in its own folder under `out/hostile/`."""
    for case in CASES:
        folder = out / "hostile" / case.name
        folder.mkdir(parents=True)
        case.build(folder)
    return CASES


def write_corpus(out: Path) -> tuple[Case, ...]:
    """Write the benign evidence and every hostile case under `out`; return the cases."""
    write_benign(out)
    return write_hostile(out)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: generate_corpus.py OUT")
    written = write_corpus(Path(sys.argv[1]))
    print(f"wrote {len(written)} hostile cases and the benign part under {sys.argv[1]}")
