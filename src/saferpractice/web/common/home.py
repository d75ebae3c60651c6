"""The school home page is made of panels that each app contributes.

A panel function gets the view (with `.school`, `.can(...)`, `.person_ref`) and returns a
dict for the template `common/panel.html` (title, lines, links, attention) or None when it has
nothing for this visitor. Apps register panels in their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = dict[str, Any]
PanelFunction = Callable[[Any], Panel | None]

PANELS: list[tuple[int, PanelFunction]] = []


def register_panel(order: int, function: PanelFunction) -> None:
    if all(existing is not function for _, existing in PANELS):
        PANELS.append((order, function))
        PANELS.sort(key=lambda pair: pair[0])


def panels_for(view: Any) -> list[Panel]:
    found = []
    for _, function in PANELS:
        panel = function(view)
        if panel:
            found.append(panel)
    return found
