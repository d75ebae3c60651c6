"""Short messages and chat: `id,channel,sent_at,from,to,body` as CSV or JSON Lines."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

COLUMNS = ("id", "channel", "sent_at", "from", "to", "body")


@dataclass(slots=True)
class Short:
    id: str
    channel: str
    sent_at: datetime
    sender: str
    recipients: list[str]
    body: str


def short_id(prefix: str, seed: int, namespace: str, counter: int) -> str:
    """A unique-looking export id derived from the seed and a counter (no state needed)."""
    digest = hashlib.blake2b(f"{seed}:{namespace}:{counter}".encode(), digest_size=8).hexdigest()
    return f"{prefix}-{digest}"


class CsvMessageWriter:
    def __init__(self, handle: TextIO) -> None:
        self.writer = csv.writer(handle, lineterminator="\n")
        self.writer.writerow(COLUMNS)
        self.count = 0

    def write(self, message: Short) -> None:
        self.writer.writerow(
            (
                message.id,
                message.channel,
                message.sent_at.isoformat(),
                message.sender,
                ";".join(message.recipients),
                message.body,
            )
        )
        self.count += 1


class JsonlMessageWriter:
    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        self.count = 0

    def write(self, message: Short) -> None:
        record = {
            "id": message.id,
            "channel": message.channel,
            "sent_at": message.sent_at.isoformat(),
            "from": message.sender,
            "to": message.recipients,
            "body": message.body,
        }
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1
