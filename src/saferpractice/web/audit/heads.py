"""Reading a chain head exported earlier (`export_audit_head`), with clear errors."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from saferpractice.diagnostics import UserError

_HEX = re.compile(r"[0-9a-f]{64}")


def read_head(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UserError(
            f"{path}: cannot read the exported chain head ({error.strerror})"
        ) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(f"{path}: not an exported chain head (not JSON: {error})") from error
    if not isinstance(data, dict):
        raise UserError(f"{path}: not an exported chain head (expected a JSON object)")
    seq, seal = data.get("seq"), data.get("hash")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise UserError(f"{path}: `seq` must be a whole number of 0 or more")
    if not isinstance(seal, str) or not _HEX.fullmatch(seal):
        raise UserError(f"{path}: `hash` must be 64 lower-case hexadecimal characters")
    return data
