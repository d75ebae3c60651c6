"""Where to report, beyond the school: fixed, well-known routes (links only; never fetched)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Route:
    name: str
    url: str
    what: str


CEOP = Route(
    "CEOP (the National Crime Agency's child protection command)",
    "https://www.ceop.police.uk/Safety-Centre/",
    "Report online sexual abuse or someone online asking a child to do things that make "
    "them uncomfortable.",
)
CHILDLINE = Route(
    "Childline: 0800 1111",
    "https://www.childline.org.uk/",
    "Free and private help for children and young people, any time.",
)
POSH = Route(
    "Professionals Online Safety Helpline: 0344 381 4772",
    "https://saferinternet.org.uk/professionals-online-safety-helpline",
    "Advice for school staff on online-safety issues (UK Safer Internet Centre).",
)
REPORT_HARMFUL = Route(
    "Report Harmful Content",
    "https://reportharmfulcontent.com/",
    "Help to report harmful content to the site or app it is on.",
)
EMERGENCY = Route("In an emergency, call 999", "tel:999", "If a child is in immediate danger.")

FOR_STAFF = (EMERGENCY, CEOP, POSH, REPORT_HARMFUL)
FOR_PUPILS = (EMERGENCY, CHILDLINE, CEOP, REPORT_HARMFUL)
