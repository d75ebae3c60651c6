"""Image files as evidence: metadata, the people shown, the intended use and the photographer.

People come from the image's XMP and IPTC (see `image_meta`) plus an optional sidecar
`images.csv` in the same folder (`file,people,use,taken_by`; `people` separated by `;`).
Sidecar people are added to those in the file (a name is never dropped); the sidecar's
`use` and `taken_by` win over anything inferred. Otherwise the intended use comes from the
nearest enclosing folder named school-displays, website, social-media, press or video.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.csvutil import has_columns, header_of, iter_csv, read_head, source_name
from saferpractice.evidence.image_meta import read_image_meta
from saferpractice.evidence.records import ImageRecord
from saferpractice.evidence.report import ReadReport

SIDECAR_NAME = "images.csv"
SIDECAR_COLUMNS = ("file", "people", "use", "taken_by")
USES = ("school-displays", "website", "social-media", "press", "video")
MAX_IMAGE_READ = 128 * 1024 * 1024  # bytes of one image read for metadata


@dataclass(frozen=True, slots=True)
class SidecarEntry:
    people: tuple[str, ...]
    use: str | None
    taken_by: str
    row: int


@dataclass(slots=True)
class SidecarCache:
    """Sidecars read so far in one run, keyed by folder (each is read once, then reused)."""

    folders: dict[Path, dict[str, SidecarEntry]] = field(default_factory=dict)

    def entry(self, image: Path, report: ReadReport, root: Path) -> SidecarEntry | None:
        folder = image.parent
        entries = self.folders.get(folder)
        if entries is None:
            entries = self.folders[folder] = _read_sidecar(folder / SIDECAR_NAME, report, root)
        return entries.get(image.name) or entries.get(image.name.casefold())


def normalise_use(value: str) -> str | None:
    """One of USES for spellings like "School displays" or "social_media", else None."""
    word = "-".join(value.strip().casefold().replace("_", " ").replace("-", " ").split())
    return word if word in USES else None


def is_sidecar(head: bytes) -> bool:
    return has_columns(header_of(head), SIDECAR_COLUMNS)


def _read_sidecar(path: Path, report: ReadReport, root: Path) -> dict[str, SidecarEntry]:
    if not path.is_file():
        return {}
    source = source_name(path, root)
    try:
        if not is_sidecar(read_head(path)):
            report.warn(
                Diagnostic(source, f"not a sidecar: the header must be {','.join(SIDECAR_COLUMNS)}")
            )
            return {}
    except OSError as error:
        report.warn(Diagnostic(source, f"sidecar could not be read ({error.strerror})"))
        return {}
    entries: dict[str, SidecarEntry] = {}
    try:
        for row_number, row, warnings in iter_csv(path, source, report):
            name = row["file"].strip()
            if not name:
                report.skip(Diagnostic(source, "file is empty", row=row_number, field="file"))
                continue
            use = None
            if row["use"].strip():
                use = normalise_use(row["use"])
                if use is None:
                    warnings.append(f"use {row['use'][:40]!r} is not one of {', '.join(USES)}")
            for warning in warnings:
                report.warn(Diagnostic(source, warning, row=row_number))
            people = tuple(dict.fromkeys(p.strip() for p in row["people"].split(";") if p.strip()))
            entry = SidecarEntry(people, use, row["taken_by"].strip(), row_number)
            entries[name] = entry
            entries.setdefault(name.casefold(), entry)
            if not (path.parent / name).is_file():
                report.warn(
                    Diagnostic(source, f"no image {name!r} beside the sidecar", row=row_number)
                )
    except (OSError, csv.Error) as error:
        report.warn(Diagnostic(source, f"sidecar could not be read ({error})"))
    return entries


def use_from_folders(path: Path, root: Path) -> str | None:
    """The intended use named by the nearest enclosing folder (within `root`), if any."""
    try:
        parents = path.resolve().relative_to(root.resolve()).parents
    except ValueError:
        parents = path.parents
    for parent in parents:
        if parent.name:
            use = normalise_use(parent.name)
            if use:
                return use
    return None


def read_image(
    path: Path, report: ReadReport, root: Path, sidecars: SidecarCache | None = None
) -> Iterator[ImageRecord]:
    """One ImageRecord for an image file (metadata only; pixels are never decoded)."""
    source = source_name(path, root)
    with path.open("rb") as handle:
        data = handle.read(MAX_IMAGE_READ + 1)
    warnings: list[str] = []
    if len(data) > MAX_IMAGE_READ:
        data = data[:MAX_IMAGE_READ]
        warnings.append(f"only the first {MAX_IMAGE_READ} bytes were read for metadata")
    meta, meta_warnings = read_image_meta(data)
    if meta is None:
        report.skip(Diagnostic(source, meta_warnings[0] if meta_warnings else "not an image"))
        return
    warnings.extend(meta_warnings)
    entry = (sidecars or SidecarCache()).entry(path, report, root)
    use = use_from_folders(path, root)
    taken_by = ""
    if entry is not None:
        people = tuple(dict.fromkeys((*meta.people, *entry.people)))
        meta = replace(meta, people=people)
        use = entry.use or use
        taken_by = entry.taken_by
    for warning in warnings:
        report.warn(Diagnostic(source, warning))
    report.count_read(source, len(warnings))
    yield ImageRecord(
        source=source,
        locator="file",
        warnings=tuple(warnings),
        path=source,
        meta=meta,
        use=use,
        taken_by=taken_by,
    )
