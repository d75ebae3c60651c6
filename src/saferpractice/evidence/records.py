"""Typed evidence records: what every reader yields and every check consumes.

Records are plain frozen dataclasses so they pickle cheaply across processes (the scan
moves them between workers) and carry no reference to open files. Every record names its
`source` file and a `locator` precise enough to find the item again (a byte offset, a row,
a path inside an export), and a `ref` that findings cite.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class EvidenceKind(StrEnum):
    MAIL = "mail"
    MESSAGE = "message"
    CONNECTION = "connection"
    PROFILE = "profile"
    IMAGE = "image"
    WEB = "web"
    DEVICE = "device"


@dataclass(frozen=True, slots=True)
class Address:
    """A parsed mail address; `email` is case-folded, `name` is the display name if any."""

    email: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled [start, end) range of characters in a text field."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class ImageMeta:
    """Metadata of an image, from EXIF, XMP and IPTC (and the sidecar, if any)."""

    captured_at: datetime | None = None
    make: str = ""
    model: str = ""
    serial: str = ""
    artist: str = ""
    software: str = ""
    gps_present: bool = False
    latitude: float | None = None
    longitude: float | None = None
    people: tuple[str, ...] = ()  # names or person ids shown in the image
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Attachment:
    name: str
    content_type: str
    size: int
    image: ImageMeta | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Record(ABC):
    """Fields every record has.

    `source` is the file path as given to the reader; `locator` is where in it ("offset
    1234", "row 7", "friends/your_friends.json item 3"); `warnings` are non-fatal problems
    met while reading this item.
    """

    source: str
    locator: str
    warnings: tuple[str, ...] = ()
    # What of this item was not read because a bound was reached (each says what), so the
    # checks can report it as not fully checked rather than leave it in a log.
    unread: tuple[str, ...] = ()

    @property
    @abstractmethod
    def kind(self) -> EvidenceKind:
        """What kind of evidence this is."""

    @property
    @abstractmethod
    def ref(self) -> str:
        """The reference a finding cites for this record."""

    @property
    def occurred_at(self) -> datetime | None:
        """When the recorded event happened (sent, visited, photographed), if known."""
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class MailRecord(Record):
    message_id: str
    sent_at: datetime | None  # timezone-aware when present
    sender: Address | None
    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    bcc: tuple[Address, ...] = ()
    subject: str = ""
    body: str = ""  # plain text; HTML converted; encodings decoded
    quoted: tuple[Span, ...] = ()  # ranges of `body` that are quoted reply history
    attachments: tuple[Attachment, ...] = ()
    offset: int = 0  # byte offset of the message in `source`
    # Ranges of `body` by the part they came from, labelled for people ("the message", "the
    # HTML version", "the attached message 'Trip'"); see `part_of`.
    segments: tuple[Span, ...] = ()
    folder: str = ""  # the mailbox folder, where the export has folders (PST, Maildir)
    thread: str = ""  # the export's thread id (Gmail's X-GM-THRID), if any
    labels: tuple[str, ...] = ()  # Gmail labels (X-Gmail-Labels), if any

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind.MAIL

    def part_of(self, start: int) -> str:
        """The label of the body segment holding character `start` ("" if none)."""
        for segment in self.segments:
            if segment.start <= start < segment.end:
                return segment.label
        return ""

    def parts_note(self, starts: list[int]) -> str:
        """'[in the HTML version] ' when text at `starts` (body offsets) came from a part other
        than the message's own text (an HTML alternative, an attached message); else ''."""
        found = {self.part_of(start) for start in starts}
        parts = sorted(found - {"", "the message"})
        if not parts:
            return ""
        return f"[{'partly ' if 'the message' in found else ''}in {' and '.join(parts)}] "

    @property
    def ref(self) -> str:
        return self.message_id

    @property
    def occurred_at(self) -> datetime | None:
        return self.sent_at

    @property
    def recipients(self) -> tuple[Address, ...]:
        return self.to + self.cc + self.bcc


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageRecord(Record):
    """A short message or chat line; `sender` and `recipients` are emails or E.164 phones
    where the export gives them, else names as the export wrote them.

    `owner` is the person id of the phone or account the export came from, when the format
    carries one (an SMS backup is one person's phone); `owner_from` says how it was found
    ("folder S012"). `sender` is empty when the export does not say who the owner is in it
    (a sent SMS).
    """

    id: str
    channel: str
    sent_at: datetime | None
    sender: str
    recipients: tuple[str, ...]
    body: str
    owner: str = ""
    owner_from: str = ""

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind.MESSAGE

    @property
    def ref(self) -> str:
        return self.id

    @property
    def occurred_at(self) -> datetime | None:
        return self.sent_at


class Relation(StrEnum):
    FRIEND = "friend"
    FOLLOWER = "follower"
    FOLLOWING = "following"
    # Friend requests and removed friends (Facebook): contact between the owner and the other
    # person even where no connection stands now.
    FRIEND_REQUEST_SENT = "friend-request-sent"  # by the owner, not (yet) accepted
    FRIEND_REQUEST_RECEIVED = "friend-request-received"  # by the owner, not yet answered
    FRIEND_REQUEST_DECLINED = "friend-request-declined"  # received, and declined by the owner
    FRIEND_REMOVED = "friend-removed"  # a friend the owner has since removed


class Visibility(StrEnum):
    PUBLIC = "public"
    FRIENDS = "friends"
    PRIVATE = "private"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionRecord(Record):
    """One social-media connection of a staff member's account.

    `owner` is the school person id whose export this is; `other_handle` is normalised for
    its platform (may be empty when the export gives only a name).
    """

    platform: str
    owner: str
    other_handle: str
    other_name: str
    relation: Relation
    visibility: Visibility = Visibility.UNKNOWN

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind.CONNECTION

    @property
    def ref(self) -> str:
        return f"{self.platform}:{self.other_handle or self.other_name}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileRecord(Record):
    """The visibility of a staff member's own profile on a platform, where an export says."""

    platform: str
    owner: str
    handle: str
    visibility: Visibility

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind.PROFILE

    @property
    def ref(self) -> str:
        return f"{self.platform}:{self.handle}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageRecord(Record):
    """An image file; `path` is relative to the scanned root, `use` its intended use if known."""

    path: str
    meta: ImageMeta
    use: str | None = None  # school-displays | website | social-media | press | video
    taken_by: str = ""  # person id from the sidecar, if given

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind.IMAGE

    @property
    def ref(self) -> str:
        return self.path

    @property
    def occurred_at(self) -> datetime | None:
        return self.meta.captured_at


@dataclass(frozen=True, slots=True, kw_only=True)
class WebRecord(Record):
    time: datetime
    user: str
    url: str
    category: str
    action: str  # allowed | blocked

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind.WEB

    @property
    def ref(self) -> str:
        return f"{self.time.isoformat()} {self.url}"

    @property
    def occurred_at(self) -> datetime | None:
        return self.time


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceRecord(Record):
    """A device from an MDM inventory, mapped to the school folder's device columns."""

    id: str
    owner: str
    ownership: str
    device_kind: str
    make: str
    model: str
    serial: str
    passcode: str = "unknown"
    bluetooth: str = "unknown"
    encrypted: str = "unknown"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> EvidenceKind:
        return EvidenceKind.DEVICE

    @property
    def ref(self) -> str:
        return self.id
