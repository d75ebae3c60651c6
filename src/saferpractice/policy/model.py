"""The guidance as typed data: areas, traffic-light practices, summary, glossary and metadata.

Every item carries a stable id (for example `email.red.personal-account`) that findings and
acknowledgements cite. Unknown keys are rejected everywhere (`extra="forbid"`), so a typo in a
school's policy file is an error rather than a silently ignored setting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from saferpractice.policy.password import PasswordRule

ID_PATTERN = r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$"
ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]

AREA_IDS: tuple[str, ...] = (
    "social",
    "email",
    "images",
    "phones",
    "webcams",
    "internet",
    "general",
)
LEVELS: tuple[str, ...] = ("green", "amber", "red")


class PracticeLevel(StrEnum):
    """The colour of a practice in the guidance (a finding's colour is `findings.Level`)."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Approver(StrEnum):
    HEAD_TEACHER = "head-teacher"
    SENIOR_LEADER = "senior-leader"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(Strict):
    """Anything a finding, an acknowledgement or a diff can name by id."""

    id: ItemId
    completed: bool = Field(
        default=False,
        description="true when the seed's table cell was cut off and this text completes it",
    )
    completion_note: str = Field(default="", description="what was completed, and from what")


class TextItem(Item):
    text: Text


class Consequence(TextItem):
    """What may follow a breach."""


class Requirement(TextItem):
    """What the school's Responsible/Acceptable Use Policy must state (what should be in place)."""


class KnowItem(TextItem):
    """Something staff should know about the area."""


class Approval(Strict):
    """Who may agree to an amber practice, and how far one agreement reaches."""

    approver: Approver
    scope: Text = Field(description="how far one agreement reaches, e.g. 'one trip'")


class Practice(TextItem):
    """One practice at one traffic-light level."""

    title: Text = Field(description="a short name for the practice")
    approval: Approval | None = Field(default=None, description="required for amber practices")
    consequences: list[ItemId] = Field(default_factory=list, description="consequence ids")
    in_place: list[ItemId] = Field(default_factory=list, description="requirement ids")


class Area(Strict):
    name: Text
    summary: Text
    know: list[KnowItem] = Field(default_factory=list)
    green: list[Practice] = Field(default_factory=list)
    amber: list[Practice] = Field(default_factory=list)
    red: list[Practice] = Field(default_factory=list)
    consequences: list[Consequence] = Field(default_factory=list)
    in_place: list[Requirement] = Field(default_factory=list)

    def practices(self) -> Iterator[tuple[PracticeLevel, Practice]]:
        for level in PracticeLevel:
            for practice in getattr(self, level.value):
                yield level, practice


class Areas(Strict):
    social: Area
    email: Area
    images: Area
    phones: Area
    webcams: Area
    internet: Area
    general: Area

    def items(self) -> Iterator[tuple[str, Area]]:
        for area_id in AREA_IDS:
            yield area_id, getattr(self, area_id)


class VersionRow(Strict):
    version: Text
    date: dt.date
    authors: Text
    reason: Text
    next_revision: dt.date
    note: str = ""


class SupportingDocument(Item):
    title: Text


class Metadata(Strict):
    title: Text
    section: str = ""
    organisation: str = ""  # the adopting school; the default policy is a template
    adapted_from: str = ""
    summary: Text
    introduction: list[Text] = Field(default_factory=list)
    versions: list[VersionRow] = Field(min_length=1)
    review_cycle: Literal["annual"] = "annual"
    circulated_to: list[Text] = Field(default_factory=list)
    supporting_documents: list[SupportingDocument] = Field(default_factory=list)


class SummaryItem(TextItem):
    practices: list[ItemId] = Field(default_factory=list, description="related practice ids")


class Summary(Strict):
    do: list[SummaryItem] = Field(min_length=1)
    do_not: list[SummaryItem] = Field(min_length=1)


class GlossaryEntry(TextItem):
    term: Text
    expansion: str = ""
    link: str = ""
    password_rule: PasswordRule | None = None


class Term(TextItem):
    term: Text
    also_known_as: list[Text] = Field(default_factory=list)


class Resource(Item):
    title: Text
    url: Text
    note: str = ""


class CouncilAim(TextItem):
    """One aim of the pupils' Cyber Safety Council."""


class Council(Strict):
    name: Text
    description: Text
    aims: list[CouncilAim] = Field(min_length=1)


class FutureItem(TextItem):
    """Looking to the future: what the next review should address."""


PolicyItem = (
    Practice
    | Consequence
    | Requirement
    | KnowItem
    | SummaryItem
    | GlossaryEntry
    | Term
    | Resource
    | CouncilAim
    | FutureItem
    | SupportingDocument
)


@dataclass(frozen=True, slots=True)
class ResolvedPractice:
    """A practice with its area, its level and the texts of what it references."""

    practice: Practice
    area: str
    level: PracticeLevel
    consequences: tuple[Consequence, ...]
    in_place: tuple[Requirement, ...]


class Policy(Strict):
    metadata: Metadata
    areas: Areas
    summary: Summary
    glossary: list[GlossaryEntry] = Field(min_length=1)
    terms: list[Term] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    council: Council
    future: list[FutureItem] = Field(default_factory=list)

    _index: dict[str, PolicyItem] = PrivateAttr(default_factory=dict)
    _practice_place: dict[str, tuple[str, PracticeLevel]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object, /) -> None:
        for item in self.iter_items():
            self._index.setdefault(item.id, item)
        for area_id, area in self.areas.items():
            for level, practice in area.practices():
                self._practice_place.setdefault(practice.id, (area_id, level))

    def iter_items(self) -> Iterator[PolicyItem]:
        """Every item with an id, in document order."""
        yield from self.metadata.supporting_documents
        for _, area in self.areas.items():
            yield from area.know
            for _, practice in area.practices():
                yield practice
            yield from area.consequences
            yield from area.in_place
        yield from self.summary.do
        yield from self.summary.do_not
        yield from self.glossary
        yield from self.terms
        yield from self.resources
        yield from self.council.aims
        yield from self.future

    def all_ids(self) -> list[str]:
        return [item.id for item in self.iter_items()]

    def item(self, item_id: str) -> PolicyItem:
        """The item with this id; KeyError if there is none."""
        try:
            return self._index[item_id]
        except KeyError:
            raise KeyError(f"no policy item with id {item_id!r}") from None

    def practice(self, practice_id: str) -> ResolvedPractice:
        """The practice with this id, with its consequences and in-place texts resolved."""
        place = self._practice_place.get(practice_id)
        if place is None:
            raise KeyError(f"no practice with id {practice_id!r}")
        practice = self._index[practice_id]
        assert isinstance(practice, Practice)
        consequences = tuple(
            found
            for ref in practice.consequences
            if isinstance(found := self._index.get(ref), Consequence)
        )
        in_place = tuple(
            found
            for ref in practice.in_place
            if isinstance(found := self._index.get(ref), Requirement)
        )
        return ResolvedPractice(practice, place[0], place[1], consequences, in_place)

    def practices(self) -> Iterator[ResolvedPractice]:
        for practice_id in self._practice_place:
            yield self.practice(practice_id)

    @property
    def current_version(self) -> VersionRow:
        """The latest row of the version table."""
        return max(self.metadata.versions, key=lambda row: row.date)

    @property
    def next_revision_date(self) -> dt.date:
        return self.current_version.next_revision

    @property
    def strong_password_rule(self) -> PasswordRule:
        for entry in self.glossary:
            if entry.password_rule is not None:
                return entry.password_rule
        return PasswordRule()
