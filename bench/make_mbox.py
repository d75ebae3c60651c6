"""Generate a realistic, deterministic mbox for the mail reader benchmark.

Mixed plain-text, HTML-only and multipart/alternative messages; quoted replies ("On ... wrote:"
with "> " lines, Outlook "-----Original Message-----" blocks); RFC 2047 subjects and names;
quoted-printable and base64 bodies; and some attachments: small PDFs-by-name and a tiny JPEG
made with Pillow that carries EXIF (camera make, model, capture time). Body lines that begin
with "From " are quoted as ">From " (mboxrd), as mail software writes them.

    .venv/bin/python bench/make_mbox.py /tmp/bench.mbox --count 40000
    .venv/bin/python bench/make_mbox.py /tmp/big.mbox --size-mb 1024
"""

from __future__ import annotations

import argparse
import base64
import io
import random
import re
import sys
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

WORDS = [
    "the",
    "pupils",
    "trip",
    "museum",
    "homework",
    "parents",
    "evening",
    "form",
    "tutor",
    "lesson",
    "plan",
    "maths",
    "science",
    "english",
    "history",
    "geography",
    "art",
    "music",
    "drama",
    "sport",
    "football",
    "netball",
    "rounders",
    "assembly",
    "governors",
    "report",
    "meeting",
    "agenda",
    "minutes",
    "safeguarding",
    "training",
    "deadline",
    "marking",
    "coursework",
    "exam",
    "revision",
    "timetable",
    "cover",
    "supply",
    "staff",
    "room",
    "canteen",
    "lunch",
    "break",
    "playground",
    "uniform",
    "permission",
    "slip",
    "coach",
    "minibus",
    "consent",
    "photos",
    "website",
    "newsletter",
    "please",
    "thanks",
    "thank",
    "you",
    "regards",
    "kind",
    "best",
    "wishes",
    "hope",
    "well",
    "today",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "next",
    "week",
    "term",
    "half",
    "holiday",
    "christmas",
    "easter",
    "summer",
    "could",
    "would",
    "should",
    "will",
    "can",
    "may",
    "need",
    "let",
    "me",
    "know",
    "if",
    "any",
    "questions",
    "about",
    "this",
    "that",
    "with",
    "from",
    "for",
    "and",
    "or",
    "but",
    "not",
    "also",
    "just",
    "quick",
    "update",
    "reminder",
    "attached",
    "see",
    "below",
    "above",
    "sorry",
    "late",
    "again",
    "soon",
    "great",
    "good",
    "fine",
    "sure",
    "okay",
    "year",
    "group",
    "class",
    "set",
    "room",
    "hall",
    "library",
    "office",
    "reception",
    "head",
    "deputy",
    "senco",
    "inclusion",
    "behaviour",
    "attendance",
    "rewards",
]
FIRST = [
    "Alice",
    "Ben",
    "Chloe",
    "Dan",
    "Emma",
    "Femi",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kiran",
    "Leah",
    "Mo",
    "Nia",
    "Owen",
    "Priya",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Thomas",
    "Roberts",
    "Khan",
    "Patel",
    "Walsh",
]
DOMAINS = ("school.sch.uk", "school.sch.uk", "school.sch.uk", "gmail.com", "outlook.com")
QUOTED_FROM = re.compile(r"(?m)^(>*From )")


def tiny_jpeg() -> bytes:
    """A 24x16 JPEG with EXIF make, model and capture time (Pillow)."""
    from PIL import Image

    image = Image.new("RGB", (24, 16), (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 12"
    exif[0x0132] = "2024:06:14 10:21:33"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=70)
    return out.getvalue()


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.jpeg = base64.encodebytes(tiny_jpeg()).decode("ascii")
        self.start = datetime(2023, 9, 1, 7, 30, tzinfo=UTC)
        self.people = [
            (f"{f} {last}", f"{f.lower()}.{last.lower()}@{self.rng.choice(DOMAINS)}")
            for f in FIRST
            for last in LAST
        ]

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=self.rng.randint(low, high)))

    def paragraph(self) -> str:
        sentences = [self.words(6, 18).capitalize() + "." for _ in range(self.rng.randint(1, 5))]
        lines: list[str] = []
        line = ""
        for word in " ".join(sentences).split():
            if len(line) + len(word) > 72:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return "\n".join(lines)

    def body_text(self, reply_to: tuple[str, str] | None, when: datetime) -> str:
        parts = [f"Hi {self.rng.choice(FIRST)},", ""]
        parts += [self.paragraph() + "\n" for _ in range(self.rng.randint(1, 4))]
        if self.rng.random() < 0.03:
            parts.append("From what I heard the coach leaves at eight.\n")
        parts.append(f"Thanks,\n{self.rng.choice(FIRST)}")
        if reply_to is not None:
            earlier = format_datetime(when - timedelta(hours=3))
            quoted = "\n".join("> " + line for line in self.paragraph().split("\n"))
            if self.rng.random() < 0.7:
                parts.append(f"\nOn {earlier}, {reply_to[0]} <{reply_to[1]}> wrote:\n{quoted}")
            else:
                parts.append(
                    f"\n-----Original Message-----\nFrom: {reply_to[0]}\nSent: {earlier}\n"
                    f"Subject: earlier\n\n{self.paragraph()}"
                )
        return "\n".join(parts) + "\n"

    def html_of(self, text: str) -> str:
        paragraphs = text.split("\n\n")
        body = "".join(
            f'<p style="margin:0">{p.replace("&", "&amp;").replace("<", "&lt;")}</p>\n'
            for p in paragraphs
        )
        return (
            '<html><head><meta charset="utf-8"><style>p{font-family:Arial}</style></head>'
            f'<body><div dir="ltr">{body}<br><div>Sent from my school account</div>'
            "</div></body></html>\n"
        )

    def message(self, number: int) -> tuple[str, str]:
        rng = self.rng
        when = self.start + timedelta(minutes=7 * number + rng.randint(0, 6))
        sender = rng.choice(self.people)
        recipients = rng.sample(self.people, rng.randint(1, 3))
        reply_to = rng.choice(self.people) if rng.random() < 0.4 else None
        subject = self.words(2, 7).capitalize()
        if reply_to is not None:
            subject = "Re: " + subject
        if rng.random() < 0.05:
            subject = "=?utf-8?q?" + subject.replace(" ", "_") + "_=E2=80=93_caf=C3=A9?="
        text = self.body_text(reply_to, when)
        boundary = f"b{number:07d}{rng.getrandbits(32):08x}"
        headers = [
            f"Return-Path: <{sender[1]}>",
            f"Received: from mail.school.sch.uk (mail.school.sch.uk [10.0.0.{number % 250}])"
            f"\n\tby mx.school.sch.uk with ESMTPS id {rng.getrandbits(48):012x};"
            f"\n\t{format_datetime(when)}",
            f"From: {sender[0]} <{sender[1]}>",
            "To: " + ", ".join(f"{name} <{email}>" for name, email in recipients),
            f"Subject: {subject}",
            f"Date: {format_datetime(when)}",
            f"Message-ID: <{number}.{rng.getrandbits(40):010x}@school.sch.uk>",
            "MIME-Version: 1.0",
        ]
        if rng.random() < 0.2:
            headers.insert(5, f"Cc: {rng.choice(self.people)[1]}")
        shape = rng.random()
        attach = rng.random() < 0.15
        if shape < 0.45:
            content = [
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                text,
            ]
        elif shape < 0.55:
            content = [
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                self.html_of(text).replace("=", "=3D"),
            ]
        else:
            content = [
                f'Content-Type: multipart/alternative; boundary="{boundary}a"',
                "",
                f"--{boundary}a",
                "Content-Type: text/plain; charset=utf-8",
                "",
                text,
                f"--{boundary}a",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
                base64.encodebytes(self.html_of(text).encode()).decode("ascii"),
                f"--{boundary}a--",
            ]
        if attach:
            content = [
                f'Content-Type: multipart/mixed; boundary="{boundary}m"',
                "",
                f"--{boundary}m",
                *content,
                f"--{boundary}m",
                *self.attachment(),
                f"--{boundary}m--",
            ]
        from_line = f"From {sender[1]} {when.strftime('%a %b %d %H:%M:%S %Y')}"
        return from_line, "\n".join(headers + content)

    def attachment(self) -> list[str]:
        if self.rng.random() < 0.5:
            return [
                'Content-Type: image/jpeg; name="IMG_0001.jpg"',
                'Content-Disposition: attachment; filename="IMG_0001.jpg"',
                "Content-Transfer-Encoding: base64",
                "",
                self.jpeg,
            ]
        data = self.rng.randbytes(self.rng.randint(2_000, 12_000))
        return [
            'Content-Type: application/pdf; name="letter.pdf"',
            'Content-Disposition: attachment; filename="letter.pdf"',
            "Content-Transfer-Encoding: base64",
            "",
            base64.encodebytes(data).decode("ascii"),
        ]


def write_mbox(path: Path, count: int | None, size_mb: int | None, seed: int) -> tuple[int, int]:
    """Write messages until `count` is reached or the file reaches `size_mb`; (messages, bytes)."""
    generator = Generator(seed)
    limit = None if size_mb is None else size_mb * 1024 * 1024
    written = number = 0
    with path.open("wb") as out:
        while (count is None or number < count) and (limit is None or written < limit):
            from_line, message = generator.message(number)
            message = QUOTED_FROM.sub(r">\1", message)
            data = f"{from_line}\n{message.rstrip(chr(10))}\n\n".encode()
            out.write(data)
            written += len(data)
            number += 1
    return number, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="the mbox file to write")
    parser.add_argument("--count", type=int, default=None, help="number of messages")
    parser.add_argument("--size-mb", type=int, default=None, help="stop at this many MiB")
    parser.add_argument("--seed", type=int, default=4, help="random seed (default 4)")
    args = parser.parse_args(argv)
    count = args.count if args.count is not None or args.size_mb is not None else 40_000
    messages, size = write_mbox(args.path, count, args.size_mb, args.seed)
    print(f"wrote {messages} messages, {size / 1e6:.1f} MB to {args.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
