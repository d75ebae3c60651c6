"""Images attached to mail and chat messages, as image records for the image checks.

A photo a member of staff sends by mail or chat is checked like one in a photo folder
(equipment, consent, location data): each attached image whose metadata could be read becomes
an `ImageRecord` beside the message's own record, with the message's source and a locator
naming the message and the attachment. The mail readers read the metadata while walking the
message (`Attachment.image`); the Outlook readers with `attachment_meta` here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from saferpractice.evidence.image_meta import read_image_meta
from saferpractice.evidence.records import Attachment, ImageMeta, ImageRecord, Record
from saferpractice.evidence.report import ReadReport

MAX_ATTACHED_IMAGE = 32 * 1024 * 1024  # bytes of one attached image read for its metadata
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".heic", ".heif", ".webp")


def is_image(name: str, content_type: str) -> bool:
    """An attachment to read as an image: by its MIME type, else by its file name."""
    kind = content_type.strip().lower()
    if kind:
        return kind.startswith("image/")
    return name.strip().lower().endswith(_IMAGE_SUFFIXES)


def attachment_meta(name: str, data: bytes, warnings: list[str]) -> ImageMeta | None:
    """The metadata of an attached image's bytes, problems added to `warnings` by name."""
    try:
        meta, problems = read_image_meta(data[:MAX_ATTACHED_IMAGE])
    except Exception as error:  # one bad image must not lose the message
        meta, problems = None, [f"{type(error).__name__}: {error}"]
    warnings.extend(f"attachment {name[:80]!r}: {problem}" for problem in problems)
    return meta


def image_records(
    record: Record, attachments: Iterable[Attachment], report: ReadReport
) -> Iterator[ImageRecord]:
    """One ImageRecord for each attachment of `record` whose image metadata was read."""
    for number, attachment in enumerate(attachments, start=1):
        if attachment.image is None:
            continue
        name = attachment.name or f"attachment {number}"
        locator = f"{record.locator}, attachment {number} {name!r}".lstrip(", ")
        report.count_read(record.source)
        yield ImageRecord(
            source=record.source,
            locator=locator,
            path=f"{record.source}: {locator}",
            meta=attachment.image,
        )
