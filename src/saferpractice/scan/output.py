"""Writing findings as JSON Lines or CSV, safely for whoever opens the file.

Everything in a finding may come from evidence that an outsider wrote, including file names,
so every writer here:

- never fails on a file name that is not valid UTF-8 (Python keeps its bytes as lone
  surrogates; they are written as `\\xNN`, or as JSON `\\udcNN` escapes);
- shows invisible and direction-changing characters (U+202E RIGHT-TO-LEFT OVERRIDE and the
  other bidirectional controls, C0/C1 controls) instead of letting them act: `<U+202E>` in
  CSV and on the terminal, a `\\u202e` escape in JSON;
- neutralises spreadsheet formulas in CSV cells as OWASP recommends ("CSV Injection"): a cell
  that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, and every
  cell is quoted.

A complete JSON Lines file ends with one summary line, `{"summary": {"complete": true, ...}}`,
which has no `rule` key; a file without it was cut short. A stopped scan's partial CSV starts
with a row saying it is incomplete (its JSON Lines summary says `"complete": false`). Files are
written by `atomic_output`, so a killed scan leaves either the previous file or the new one,
whole.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TextIO

from saferpractice.findings import Finding

CSV_COLUMNS = (
    "id",
    "rule",
    "level",
    "policy_item",
    "people",
    "summary",
    "why",
    "occurred_at",
    "evidence_kind",
    "evidence_source",
    "evidence_ref",
    "excerpt",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV Injection
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters JSON may carry raw but a reader should never see act: C1 controls, bidi
# controls and other format characters, line/paragraph separators, lone surrogates.
_JSON_HIDDEN = re.compile(
    "[\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def _is_hidden(ch: str, keep: str) -> bool:
    if ch in keep or ch in "\u200c\u200d":  # joiners build emoji and letters; they cannot reorder
        return False
    return unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"}


def _escape_surrogate(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def visible(text: str, keep: str = "\t\n") -> str:
    """`text` with undecodable file-name bytes as `\\xNN` and every invisible control character
    (except those in `keep`) shown as `<U+XXXX>`: safe for a terminal or a spreadsheet."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if "\ud800" <= ch <= "\udfff":
            out.append(_escape_surrogate(ch))
        elif _is_hidden(ch, keep):
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    """`visible(text)` with line breaks shown too: a file name can never forge a new line."""
    return visible(text, keep="")


def _visible_error(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: what cannot be encoded is written visibly, never refused."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_escape_surrogate(ch) for ch in bad), error.end


codecs.register_error("saferpractice-visible", _visible_error)
SAFE_ERRORS = "saferpractice-visible"  # pass as errors= when opening an output file


def neutralise(cell: str) -> str:
    """A CSV cell that no spreadsheet will run as a formula (OWASP's advice)."""
    cell = visible(cell)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def json_line(value: Mapping[str, Any]) -> str:
    """One JSON Lines record: readable UTF-8, with hidden characters as `\\uXXXX` escapes."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, allow_nan=False)
    return _JSON_HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_jsonl(
    findings: Sequence[Finding], out: TextIO, summary: Mapping[str, Any] | None = None
) -> None:
    """Findings, one per line, then the closing `{"summary": {...}}` line."""
    for finding in findings:
        out.write(json_line(finding.to_json()))
        out.write("\n")
    closing = {"complete": True, "findings": len(findings), **(summary or {})}
    out.write(json_line({"summary": closing}))
    out.write("\n")


def write_csv(findings: Sequence[Finding], out: TextIO, incomplete: str | None = None) -> None:
    """Findings under a header row. A stopped scan's partial file (`incomplete`) starts with
    one row saying so, before the header, so that nobody opens it as a complete scan."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    if incomplete:
        writer.writerow([neutralise(f"INCOMPLETE SCAN: {incomplete}")])
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        row = (
            f.id,
            f.rule,
            f.level.value,
            f.policy_item,
            ";".join(f.people),
            f.summary,
            " | ".join(f.why),
            f.occurred_at.isoformat() if f.occurred_at else "",
            f.evidence.kind,
            f.evidence.source,
            f.evidence.ref,
            f.evidence.excerpt,
        )
        writer.writerow([neutralise(cell) for cell in row])


@contextmanager
def atomic_output(path: Path) -> Iterator[TextIO]:
    """A text file opened for writing that appears at `path` only when it is complete.

    It is written to a temporary file beside `path`, flushed to disk and renamed over `path`
    (an atomic replace on POSIX and Windows). If the writing fails or the process is stopped
    first, `path` is left as it was and the temporary file is removed (or, after a SIGKILL,
    left as an obviously partial `.name.*.part` file). A new file is readable by its owner
    only (findings are sensitive); a replaced file keeps its permissions.
    """
    folder = path.parent if str(path.parent) else Path()
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors=SAFE_ERRORS, newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        with suppress(OSError):
            temporary.chmod(stat.S_IMODE(path.stat().st_mode))
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
