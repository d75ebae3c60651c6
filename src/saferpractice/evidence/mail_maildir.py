"""Read a Maildir folder tree: every item is read as mail or counted as skipped with its reason.

Real Maildir exports are untidy: Maildir++ subfolders (`.Sent`, `.Work.Projects`), nested
folders in the "fs" layout (`foo/bar/cur`), plain folders of message files (`Sent/`), mbox
files beside them (Thunderbird local folders), the server's bookkeeping files
(`dovecot-uidlist`, `maildirfolder`, `subscriptions`), messages still in `tmp/`, and odd
entries such as FIFOs or links. None of them may stop a read or vanish without a count:

- messages in `new/` and `cur/` are read (name order, `new/` first);
- subfolders are walked (not followed through symbolic links), up to `MAX_DEPTH` levels; in a
  folder that is not itself a Maildir, each file is read if it is a message or an mbox;
- everything else is counted as skipped, with a reason naming what it is.

Each record's `folder` names the mailbox folder ("" for the top, "Sent", "Work/Projects").
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from saferpractice.diagnostics import Diagnostic
from saferpractice.evidence.records import ImageRecord, MailRecord
from saferpractice.evidence.report import ReadReport

MAX_DEPTH = 32
SNIFF_BYTES = 4096
BOOKKEEPING = frozenset(
    {
        "dovecot-uidlist",
        "dovecot-keywords",
        "dovecot-uidvalidity",
        "dovecot.index",
        "dovecot.index.log",
        "dovecot.index.cache",
        "dovecot.list.index",
        "dovecot.list.index.log",
        "dovecot.mailbox.log",
        "maildirfolder",
        "maildirsize",
        "subscriptions",
        "courierimapuiddb",
        "courierimapsubscribed",
        "courierimapacl",
    }
)

# (path, source, folder) -> records; supplied by mail.py so this module stays a pure walk.
MessageReader = Callable[[Path, str], Iterator[MailRecord | ImageRecord]]


class MaildirWalk:
    """One read of a Maildir tree; `read_message` and `read_mbox` do the reading of files."""

    def __init__(
        self,
        report: ReadReport,
        source_of: Callable[[Path], str],
        read_message: MessageReader,
        read_mbox: MessageReader,
        sniff: Callable[[bytes], str],
    ) -> None:
        self.report = report
        self.source_of = source_of
        self.read_message = read_message
        self.read_mbox = read_mbox
        self.sniff = sniff  # "eml", "mbox" or a reason the file is not mail

    def folder(
        self, path: Path, label: str = "", depth: int = 0
    ) -> Iterator[MailRecord | ImageRecord]:
        entries = self._entries(path)
        if entries is None:
            return
        names = {entry.name: entry for entry in entries}
        box = _is_dir(names.get("cur")) and _is_dir(names.get("new"))
        if box:
            for sub in ("new", "cur"):
                yield from self._messages(Path(names[sub].path), label)
        for entry in entries:
            if box and entry.name in ("new", "cur"):
                continue
            if box and entry.name == "tmp" and _is_dir(entry):
                self._count_tmp(Path(entry.path))
            elif entry.is_symlink() and _points_to_dir(entry):
                self._skip(entry, "a symbolic link to a folder; not followed")
            elif _is_dir(entry):
                if depth + 1 > MAX_DEPTH:
                    self._skip(entry, f"a folder nested more than {MAX_DEPTH} deep; not read")
                else:
                    sub_label = _subfolder_label(label, entry.name)
                    yield from self.folder(Path(entry.path), sub_label, depth + 1)
            elif (box and entry.name in BOOKKEEPING) or entry.name.startswith("dovecot"):
                self._skip(entry, "a Maildir bookkeeping file (not mail)")
            else:
                yield from self._loose(entry, label)

    def _messages(self, box: Path, label: str) -> Iterator[MailRecord | ImageRecord]:
        entries = self._entries(box)
        for entry in entries or []:
            if _is_dir(entry):
                self._skip(entry, f"a folder inside {box.name}/, where only messages belong")
            elif not _is_file(entry):
                self._skip(entry, f"not a regular file ({_what(entry)})")
            else:
                yield from self._labelled(self.read_message(Path(entry.path), label), label)

    def _loose(self, entry: os.DirEntry[str], label: str) -> Iterator[MailRecord | ImageRecord]:
        """A file outside cur/ and new/: read it if it is mail, else say what it is."""
        if not _is_file(entry):
            self._skip(entry, f"not a regular file ({_what(entry)})")
            return
        try:
            with Path(entry.path).open("rb") as stream:
                head = stream.read(SNIFF_BYTES)
        except OSError as error:
            self._skip(entry, f"cannot be read ({error.strerror or error})")
            return
        kind = self.sniff(head)
        if kind == "eml":
            yield from self._labelled(self.read_message(Path(entry.path), label), label)
        elif kind == "mbox":
            yield from self._labelled(self.read_mbox(Path(entry.path), label), label)
        else:
            self._skip(entry, f"in a mail folder but not a message: {kind}")

    def _count_tmp(self, tmp: Path) -> None:
        for entry in self._entries(tmp) or []:
            self._skip(entry, "in tmp/, where files wait while being delivered; not read")

    def _labelled(
        self, records: Iterator[MailRecord | ImageRecord], label: str
    ) -> Iterator[MailRecord | ImageRecord]:
        for record in records:
            if label and isinstance(record, MailRecord):
                yield replace(record, folder=label)
            else:
                yield record

    def _entries(self, path: Path) -> list[os.DirEntry[str]] | None:
        try:
            with os.scandir(path) as listing:
                return sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            self.report.skip(
                Diagnostic(self.source_of(path), f"cannot list: {error.strerror or error}")
            )
            return None

    def _skip(self, entry: os.DirEntry[str], reason: str) -> None:
        self.report.skip(Diagnostic(self.source_of(Path(entry.path)), f"skipped: {reason}"))


def _subfolder_label(parent: str, name: str) -> str:
    """Maildir++ ".Work.Projects" is the folder Work/Projects; "fs" layout names are as is."""
    own = name[1:].replace(".", "/") if name.startswith(".") and len(name) > 1 else name
    return f"{parent}/{own}" if parent else own


def _is_dir(entry: os.DirEntry[str] | None) -> bool:
    if entry is None:
        return False
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _points_to_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _what(entry: os.DirEntry[str]) -> str:
    try:
        mode = entry.stat().st_mode
    except OSError:
        return "a broken link" if entry.is_symlink() else "cannot be examined"
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a file"
