"""Generated evidence for the sharding, cluster and incremental-rescan tests (issue 15).

An mbox with body lines that look like separators, a byte-order mark, quoted ">From " lines and
long lines, next to a messages CSV and a file that is not evidence.
"""

from __future__ import annotations

import random
from pathlib import Path

SENDERS = ["pat.smith78@gmail.com", "pat.smith@heatonlane.sch.uk", "karen.jones@example.com"]
RECIPIENTS = [
    "sam.jones@heatonlane.sch.uk",
    "lily.evans@heatonlane.sch.uk",
    "dev.patel@heatonlane.sch.uk",
]
BODIES = [
    "Text me on 07700 900456 after school, don't tell your mum",
    "From the office: trip forms are due on Friday.",
    ">From the archive, quoted on writing",
    "From a@b Mon Jan  1 00:00:00 2024",
    "Reminder: PE kit tomorrow.",
    "add me on insta @pat.smith x",
    "keep this between us, our little secret",
]


def make_mbox(rng: random.Random, messages: int, *, bom: bool = False) -> bytes:
    parts: list[bytes] = [b"\xef\xbb\xbf" if bom else b""]
    for number in range(messages):
        day = 1 + number % 27
        body = "\n".join(rng.choice(BODIES) for _ in range(rng.randint(1, 6)))
        if rng.random() < 0.05:
            body += "\n" + "long line " * 300
        parts.append(
            (
                f"From {rng.choice(SENDERS)} Tue Mar {day:2d} 10:00:00 2026\n"
                f"From: {rng.choice(SENDERS)}\nTo: {rng.choice(RECIPIENTS)}\n"
                f"Subject: note {number}\nDate: Tue, {day} Mar 2026 10:{number % 60:02d}:00 +0000\n"
                f"Message-ID: <m{number}@example.org>\n\n{body}\n\n"
            ).encode()
        )
    return b"".join(parts)


def make_evidence(folder: Path, seed: int, messages: int = 60) -> Path:
    rng = random.Random(seed)
    evidence = folder / "evidence"
    (evidence / "mail").mkdir(parents=True, exist_ok=True)
    (evidence / "mail" / "a.mbox").write_bytes(make_mbox(rng, messages, bom=True))
    (evidence / "mail" / "b.mbox").write_bytes(make_mbox(rng, messages // 3))
    (evidence / "texts.csv").write_text(
        "id,channel,sent_at,from,to,body\n"
        "m1,sms,2026-11-17T10:15:00+00:00,07700 900456,07700 900789,Running late for club\n"
        "m2,sms,2026-03-04T19:00:00+00:00,07700 900456,07700 900124,Coach is back at 8\n",
        encoding="utf-8",
    )
    (evidence / "notes.txt").write_text("not evidence\n", encoding="utf-8")
    add_photos(evidence / "photos" / "website", rng)
    return evidence


def add_photos(folder: Path, rng: random.Random) -> None:
    """Small JPEGs beside an images.csv sidecar (one row names a missing image: a warning),
    with a subfolder between them in walk order."""
    from PIL import Image

    (folder / "m-sub").mkdir(parents=True, exist_ok=True)
    rows = ["file,people,use,taken_by"]
    for name in ("a.jpg", "m-sub/b.jpg", "z.jpg"):
        shade = rng.randrange(256)
        Image.new("RGB", (8, 8), (shade, 0, 0)).save(folder / name, "JPEG")
        rows.append(f"{name.rpartition('/')[2]},P001;P002,website,S001")
    rows.append("gone.jpg,P001,website,S001")
    (folder / "images.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def make_maildir(folder: Path, rng: random.Random, messages: int = 40) -> Path:
    """An untidy Maildir tree: Maildir++ and nested subfolders, a loose mbox, a message in
    tmp/, bookkeeping files, a file that is not mail and an empty file: every kind of item the
    walk reads or counts as skipped (evidence/mail_maildir.py)."""
    chunks = [make_mbox(rng, 1) for _ in range(messages)]
    boxes = [folder, folder / ".Sent", folder / ".Work.Projects", folder / "Archive" / "2025"]
    for box in boxes:
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True, exist_ok=True)
    for number, chunk in enumerate(chunks):
        box = boxes[number % len(boxes)]
        sub = "new" if number % 3 == 0 else "cur"
        body = chunk.split(b"\n", 1)[1]  # a Maildir message has no "From " line
        (box / sub / f"{1700000000 + number}.M{number}P1.host:2,S").write_bytes(body)
    (folder / "tmp" / "1700000999.part").write_bytes(b"From: half\n")
    (folder / "dovecot-uidlist").write_text("3 V1 N1\n", encoding="utf-8")
    (folder / ".Sent" / "maildirfolder").write_bytes(b"")
    (folder / "Archive" / "old.mbox").write_bytes(make_mbox(rng, 5))
    (folder / "Archive" / "readme.txt").write_text("not mail\n", encoding="utf-8")
    (folder / "Archive" / "empty").write_bytes(b"")
    return folder
