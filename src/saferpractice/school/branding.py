"""The school's own name and logo, for documents it circulates (the policy, the scan report).

The logo is embedded as a `data:` URI so that every document stays a single file that works
offline and fetches nothing.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from saferpractice.school.model import Settings

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class Branding:
    name: str
    logo_data_uri: str | None = None


def branding_for(settings: Settings, folder: Path) -> Branding:
    """The name and logo from `school.yaml` (validated when the folder was loaded)."""
    if settings.logo is None:
        return Branding(settings.name)
    path = folder / settings.logo
    media_type = MEDIA_TYPES[path.suffix.casefold()]
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return Branding(settings.name, f"data:{media_type};base64,{encoded}")
