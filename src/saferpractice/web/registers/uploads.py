"""Unpacking an uploaded .zip of a school folder or a OneRoster export, safely.

Only plain files are taken, by their name relative to the folder that holds the expected
file (school.yaml, or users.csv for OneRoster); anything else is left out and said so.
Sizes are bounded, so a zip bomb cannot fill the disk.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_FILES = 200


class UploadError(Exception):
    """The upload cannot be used at all; the message says why."""


@dataclass(slots=True)
class Unpacked:
    written: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def unpack(upload: IO[bytes], marker: str, out: Path) -> Unpacked:
    """Write the files beside `marker` (e.g. school.yaml) in the zip into `out`."""
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise UploadError("the file is not a .zip archive") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_FILES:
            raise UploadError(f"the archive holds {len(members)} files; at most {MAX_FILES}")
        roots = sorted(
            (
                str(PurePosixPath(m.filename).parent)
                for m in members
                if PurePosixPath(m.filename).name == marker
            ),
            key=len,
        )
        if not roots:
            raise UploadError(f"the archive has no {marker}")
        root = PurePosixPath(roots[0])
        result = Unpacked()
        total = 0
        for member in members:
            path = PurePosixPath(member.filename.replace("\\", "/"))
            try:
                relative = path.relative_to(root) if str(root) != "." else path
            except ValueError:
                result.left_out.append(member.filename)
                continue
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                result.left_out.append(member.filename)
                continue
            if member.file_size > MAX_FILE_BYTES:
                raise UploadError(f"{member.filename} is larger than {MAX_FILE_BYTES // 2**20} MB")
            total += member.file_size
            if total > MAX_TOTAL_BYTES:
                raise UploadError(f"the archive unpacks to more than {MAX_TOTAL_BYTES // 2**20} MB")
            target = out.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source:
                data = source.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise UploadError(f"{member.filename} is larger than it says")
            target.write_bytes(data)
            result.written.append(relative.as_posix())
        return result
