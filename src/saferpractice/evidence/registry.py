"""Which reader reads which file: chosen by content (magic bytes, CSV header row, JSON
structure, line shape), never by file name alone.

Public API:
- `sniff(path) -> ReaderSpec | None` and `identify(path) -> (spec, reason)`;
- `iter_evidence(paths, report, root)`: every record under the paths, in a deterministic
  order, with every file that is not evidence counted as skipped with its reason;
- `describe(paths)`: what each file will be read as (for `saferpractice evidence ls`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence import (
    devices,
    images,
    imazing,
    messages,
    sms_backup,
    social,
    web,
    whatsapp,
)
from saferpractice.evidence.csvutil import (
    HEAD_BYTES,
    has_columns,
    header_of,
    looks_like_text,
    read_head,
    source_name,
)
from saferpractice.evidence.image_meta import image_format
from saferpractice.evidence.records import EvidenceKind, Record
from saferpractice.evidence.report import ReadReport

Reader = Callable[[Path, ReadReport, Path], Iterator[Record]]


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """A kind of input file: its name, the evidence it yields and how to read it.

    `evidence` is None for inputs that are not evidence themselves (the image sidecar,
    which the image reader consults).
    """

    name: str
    description: str
    evidence: EvidenceKind | None
    reader: str  # "module:function", shown by `evidence ls`


MBOX = ReaderSpec("mbox", "mailbox (mbox)", EvidenceKind.MAIL, "mail:read_mbox")
EML = ReaderSpec("eml", "single mail message (.eml)", EvidenceKind.MAIL, "mail:read_eml")
MAILDIR = ReaderSpec("maildir", "Maildir folder", EvidenceKind.MAIL, "mail:read_maildir")
MSG = ReaderSpec("msg", "Outlook message (.msg)", EvidenceKind.MAIL, "msg:read_msg")
PST = ReaderSpec(
    "pst", "Outlook data file (.pst/.ost: mail and Teams chats)", EvidenceKind.MAIL, "pst:read_pst"
)
MESSAGES_CSV = ReaderSpec(
    "messages-csv", "messages CSV", EvidenceKind.MESSAGE, "messages:read_messages_csv"
)
MESSAGES_JSONL = ReaderSpec(
    "messages-jsonl", "messages JSON Lines", EvidenceKind.MESSAGE, "messages:read_messages_jsonl"
)
CONNECTIONS_CSV = ReaderSpec(
    "connections-csv",
    "social connections CSV",
    EvidenceKind.CONNECTION,
    "social:read_connections_csv",
)
SOCIAL_EXPORT = ReaderSpec(
    "social-export", "Facebook/Instagram export JSON", EvidenceKind.CONNECTION, "social:read_dyi"
)
IMAGE = ReaderSpec("image", "image", EvidenceKind.IMAGE, "images:read_image")
IMAGE_SIDECAR = ReaderSpec(
    "image-sidecar", "image sidecar (read with its images)", None, "images:SidecarCache"
)
WEB_CSV = ReaderSpec("web-csv", "web filter CSV", EvidenceKind.WEB, "web:read_web_csv")
SQUID = ReaderSpec("squid-log", "Squid access.log", EvidenceKind.WEB, "web:read_squid")
MDM_CSV = ReaderSpec(
    "mdm-csv", "MDM device inventory CSV", EvidenceKind.DEVICE, "devices:read_mdm_csv"
)
# Phones, chat threads, other proxy and MDM layouts (see docs/evidence.md's conformance table).
WHATSAPP = ReaderSpec(
    "whatsapp-txt", "WhatsApp exported chat", EvidenceKind.MESSAGE, "whatsapp:read_whatsapp"
)
SMS_BACKUP = ReaderSpec(
    "sms-backup-xml",
    "SMS Backup & Restore XML",
    EvidenceKind.MESSAGE,
    "sms_backup:read_sms_backup",
)
IMAZING_CSV = ReaderSpec(
    "imazing-csv", "iMazing iPhone messages CSV", EvidenceKind.MESSAGE, "imazing:read_imazing_csv"
)
CHAT_THREAD = ReaderSpec(
    "chat-thread",
    "Messenger/Instagram message thread JSON",
    EvidenceKind.MESSAGE,
    "social:read_thread",
)
SQUID_COMMON = ReaderSpec(
    "squid-common-log", "Squid access.log (common format)", EvidenceKind.WEB,
    "web:read_squid_common",
)  # fmt: skip
JAMF_CSV = ReaderSpec(
    "jamf-csv", "Jamf Pro inventory CSV", EvidenceKind.DEVICE, "devices:read_jamf_csv"
)

SPECS = (
    MBOX, EML, MAILDIR, MSG, PST, MESSAGES_CSV, MESSAGES_JSONL, CONNECTIONS_CSV, SOCIAL_EXPORT,
    IMAGE, IMAGE_SIDECAR, WEB_CSV, SQUID, MDM_CSV, WHATSAPP, SMS_BACKUP, IMAZING_CSV, CHAT_THREAD,
    SQUID_COMMON, JAMF_CSV,
)  # fmt: skip


def identify(path: Path) -> tuple[ReaderSpec | None, str]:
    """The reader for `path`, or None and the reason it is not evidence we read."""
    if path.is_dir():
        from saferpractice.evidence.mail import is_maildir

        return (MAILDIR, "") if is_maildir(path) else (None, "a folder")
    if not path.is_file():
        return None, "not a regular file"
    head = read_head(path, HEAD_BYTES)
    if not head:
        return None, "empty file"
    if image_format(head[:64]):
        return IMAGE, ""
    from saferpractice.evidence.mail import looks_like_eml, looks_like_mbox
    from saferpractice.evidence.msg import looks_like_msg
    from saferpractice.evidence.pst import looks_like_pst

    if looks_like_pst(head):
        return PST, ""
    if looks_like_msg(head):
        return MSG, ""
    if looks_like_mbox(head):
        return MBOX, ""
    if looks_like_eml(head):
        return EML, ""  # before the text test: 8-bit mail in Windows-1252 is still mail
    if not looks_like_text(head):
        return None, "binary data of no format we read"
    backup = sms_backup.backup_kind(head)
    if backup is not None:
        return (SMS_BACKUP, "") if backup == "sms" else (None, sms_backup.CALLS_REASON)
    header = header_of(head)
    if header is not None:
        for columns, spec in (
            (messages.MESSAGE_COLUMNS, MESSAGES_CSV),
            (social.CONNECTION_COLUMNS, CONNECTIONS_CSV),
            (web.WEB_COLUMNS, WEB_CSV),
            (images.SIDECAR_COLUMNS, IMAGE_SIDECAR),
        ):
            if has_columns(header, columns):
                return spec, ""
        if devices.is_mdm_header(header):
            return MDM_CSV, ""
        if devices.is_jamf_header(header):
            return JAMF_CSV, ""
        if imazing.is_imazing_header(header):
            return IMAZING_CSV, ""
    if messages.looks_like_message_jsonl(head):
        return MESSAGES_JSONL, ""
    export, unused = social.classify_head(head, path)
    if export is not None:
        return (SOCIAL_EXPORT if export == "dyi" else CHAT_THREAD), ""
    if unused:
        return None, unused
    if web.looks_like_squid(head):
        return SQUID, ""
    if web.looks_like_squid_common(head):
        return SQUID_COMMON, ""
    if whatsapp.looks_like_whatsapp(head):
        return WHATSAPP, ""
    if header is not None:
        shown = ",".join(header)[:120]
        return None, f"CSV with a header we do not read ({shown})"
    return None, "text of no format we read"


def sniff(path: Path) -> ReaderSpec | None:
    """The reader for `path`, chosen by its content, or None."""
    return identify(path)[0]


def reader_for(spec: ReaderSpec, sidecars: images.SidecarCache) -> Reader | None:
    """The function that reads files of `spec` (None for inputs that are not evidence)."""
    if spec.evidence is EvidenceKind.MAIL:
        from saferpractice.evidence import mail, msg, pst

        readers: dict[str, Reader] = {
            "mbox": mail.read_mbox,
            "eml": mail.read_eml,
            "maildir": mail.read_maildir,
            "msg": msg.read_msg,
            "pst": pst.read_pst,
        }
        return readers[spec.name]
    if spec is IMAGE:
        return lambda path, report, root: images.read_image(path, report, root, sidecars)
    table: dict[str, Reader] = {
        "messages-csv": messages.read_messages_csv,
        "messages-jsonl": messages.read_messages_jsonl,
        "connections-csv": social.read_connections_csv,
        "social-export": social.read_dyi,
        "web-csv": web.read_web_csv,
        "squid-log": web.read_squid,
        "mdm-csv": devices.read_mdm_csv,
        "whatsapp-txt": whatsapp.read_whatsapp,
        "sms-backup-xml": sms_backup.read_sms_backup,
        "imazing-csv": imazing.read_imazing_csv,
        "chat-thread": social.read_thread,
        "squid-common-log": web.read_squid_common,
        "jamf-csv": devices.read_jamf_csv,
    }
    return table.get(spec.name)


OnSkip = Callable[[Path, str], None]


def walk(paths: Sequence[Path], on_skip: OnSkip | None = None) -> Iterator[Path]:
    """Files (and Maildir folders) under `paths`, depth first in sorted order.

    Never raises: a folder that cannot be examined or listed (PermissionError, a vanished
    entry) is skipped with its reason. Symbolic links to folders are followed, once: a folder
    reached a second time (a link loop, or two links to one folder) is skipped with its
    reason, so a loop cannot trap the walk and nothing is read twice. `on_skip(path, reason)`
    is told of every skipped folder; without it such a path is yielded for the caller's
    `identify` to report.
    """
    yield from _walk(paths, set(), on_skip)


def _walk(
    paths: Sequence[Path], seen: set[tuple[int, int]], on_skip: OnSkip | None
) -> Iterator[Path]:
    from saferpractice.evidence.mail import is_maildir

    for path in paths:
        try:
            info = path.stat()  # follows a link
        except OSError:
            yield path  # a broken link or an entry that cannot be examined: identify reports it
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield path
            continue
        key = (info.st_dev, info.st_ino)
        reason = ""
        if key in seen:
            reason = "skipped: a link to a folder that is already read (a loop or a second link)"
        else:
            seen.add(key)
            try:
                if is_maildir(path):
                    yield path
                    continue
                children = sorted(os.scandir(path), key=lambda entry: entry.name)
            except OSError as error:
                reason = f"cannot be read ({error.strerror or error})"
        if reason:
            if on_skip is None:
                yield path
            else:
                on_skip(path, reason)
            continue
        yield from _walk([Path(child.path) for child in children], seen, on_skip)


def iter_evidence(paths: Sequence[Path], report: ReadReport, root: Path) -> Iterator[Record]:
    """Every record under `paths`; files that are not evidence are counted as skipped."""
    sidecars = images.SidecarCache()

    def skipped(path: Path, reason: str) -> None:
        report.skip(Diagnostic(source_name(path, root), reason))

    for path in walk(paths, skipped):
        yield from read_walked(path, report, root, sidecars)


def read_walked(
    path: Path, report: ReadReport, root: Path, sidecars: images.SidecarCache
) -> Iterator[Record]:
    """The records of one path that `walk` yielded (a scan shard reads its files with this)."""
    source = source_name(path, root)
    try:
        spec, reason = identify(path)
    except OSError as error:
        report.skip(Diagnostic(source, f"cannot be read ({error.strerror or error})"))
        return
    if spec is None:
        report.skip(Diagnostic(source, f"skipped: {reason}"))
        return
    read = reader_for(spec, sidecars)
    if read is None:
        return  # a sidecar, consulted by the image reader
    try:
        yield from read(path, report, root)
    except OSError as error:
        report.skip(Diagnostic(source, f"reading stopped ({error.strerror or error})"))
    except Exception as error:  # one broken file must never end the whole run
        report.skip(
            Diagnostic(
                source,
                f"reading stopped by an internal error ({type(error).__name__}: {error})",
            )
        )


@dataclass(frozen=True, slots=True)
class Described:
    path: Path
    spec: ReaderSpec | None
    reason: str
    size: int


def describe(paths: Sequence[Path]) -> Iterator[Described]:
    """What each file under `paths` would be read as, and its size in bytes."""
    skipped: list[Described] = []
    for path in walk(paths, lambda path, reason: skipped.append(Described(path, None, reason, 0))):
        yield from skipped
        skipped.clear()
        try:
            spec, reason = identify(path)
            size = path.stat().st_size if path.is_file() else _folder_size(path)
        except OSError as error:
            spec, reason, size = None, f"cannot be read ({error.strerror or error})", 0
        yield Described(path, spec, reason, size)
    yield from skipped


def _folder_size(path: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            try:
                total += (Path(dirpath) / name).stat().st_size
            except OSError:
                continue
    return total
