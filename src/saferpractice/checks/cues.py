"""The own-detail cue words (`contact_cues.yaml`), and a school's additions to them.

A contact detail that is not in the school folder is reported as the sender's own only when
a first-person cue ("my number", "text me on") comes just before it. The cues are data: the
built-in list ships as `contact_cues.yaml`, and a school may add `contact-cues.yaml` to its
folder. Errors name the file and line; a bad item is left out and the rest is used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from saferpractice.diagnostics import Diagnostic, Diagnostics
from saferpractice.yamlfile import line_of_node, read_yaml

SCHOOL_CUES_FILE = "contact-cues.yaml"
_KEYS = frozenset({"version", "window", "cues"})
MAX_WINDOW = 200


@dataclass(frozen=True, slots=True)
class OwnDetailCues:
    cues: tuple[str, ...]  # case-folded, with a straight apostrophe
    window: int  # characters before a detail in which a cue counts
    diagnostics: tuple[Diagnostic, ...] = ()

    def before(self, text: str, start: int) -> bool:
        """Whether a cue is written in the `window` characters before `start`."""
        preceding = text[max(0, start - self.window) : start].casefold().replace("\u2019", "'")
        return any(cue in preceding for cue in self.cues)


def builtin_cues_path() -> Path:
    return Path(str(resources.files("saferpractice.checks") / "contact_cues.yaml"))


def _load(path: Path, name: str, cues: list[str], out: Diagnostics) -> int | None:
    """Add the file's cues to `cues`; its window, if it sets one."""
    parsed = read_yaml(path, name)
    if isinstance(parsed, Diagnostic):
        out.add(parsed)
        return None
    tree = parsed.tree
    if not isinstance(tree, dict):
        out.error(name, "must be a mapping with a 'cues' list", line=1)
        return None
    for key in tree:
        if key not in _KEYS:
            out.error(
                name,
                f"unknown key; expected {', '.join(sorted(_KEYS))}",
                line=line_of_node(tree, key),
                field=str(key),
            )
    window = tree.get("window")
    if window is not None and (
        isinstance(window, bool) or not isinstance(window, int) or not 0 < window <= MAX_WINDOW
    ):
        out.error(
            name,
            f"must be a whole number of characters from 1 to {MAX_WINDOW}",
            line=line_of_node(tree, "window"),
            field="window",
        )
        window = None
    items = tree.get("cues", [])
    if not isinstance(items, list):
        out.error(name, "must be a list of words", line=line_of_node(tree, "cues"), field="cues")
        return window
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            out.error(
                name,
                "each cue must be text",
                line=line_of_node(items, index),
                field=f"cues[{index}]",
            )
            continue
        cue = " ".join(item.casefold().replace("\u2019", "'").split())
        if cue not in cues:
            cues.append(cue)
    return window


def load_cues(extra: Sequence[Path] = ()) -> OwnDetailCues:
    """The built-in cues, with each file in `extra` (a school's own) added."""
    cues: list[str] = []
    out = Diagnostics()
    window = _load(builtin_cues_path(), "contact_cues.yaml", cues, out) or 40
    for path in extra:
        window = _load(path, path.name, cues, out) or window
    return OwnDetailCues(tuple(cues), window, tuple(out.items))
