"""What everyone expected at a meeting needs in order to take part, gathered for the organiser.

Access needs are written freely on each person's page ("BSL interpreter", "bsl", "Easy read
please"), so common kinds are recognised by their words and counted together; anything else is
grouped by its own wording. Expected: the meeting group's active members (residents and officers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from voice_app.extensions import db
from voice_app.models import AccessNeed, Meeting, Membership, Person, Role

# Common kinds, most specific first: (label, words any one of which names it).
KNOWN_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("BSL interpreter", ("bsl", "british sign language", "sign language")),
    ("Easy Read", ("easy read", "easyread", "easy-read")),
    ("Step-free access", ("step-free", "step free", "wheelchair", "lift", "ramp")),
    ("Hearing loop", ("hearing loop", "induction loop", "loop")),
    ("Large print", ("large print", "big print")),
    ("Braille", ("braille",)),
    ("Quiet room", ("quiet room", "quiet space")),
    ("Support worker or carer", ("support worker", "carer", "personal assistant")),
    ("Captions or a note-taker", ("caption", "palantypist", "note-taker", "note taker")),
)


@dataclass(frozen=True)
class Needing:
    person_id: int
    name: str
    role: str
    written: str  # the need in the words on the person's page
    detail: str | None


@dataclass
class NeedGroup:
    label: str
    people: list[Needing] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len({entry.person_id for entry in self.people})


@dataclass(frozen=True)
class AccessSummary:
    expected: int
    with_needs: int
    kinds: list[NeedGroup]


def kind_label(kind: str) -> str:
    """The heading a need is counted under: a known kind, else its own words tidied."""
    words = " ".join(kind.lower().split())
    for label, names in KNOWN_KINDS:
        if any(name in words for name in names):
            return label
    tidy = " ".join(kind.split())
    return tidy[:1].upper() + tidy[1:]


def expected_people(meeting: Meeting) -> list[tuple[Person, Role]]:
    """The group's active residents and officers, by name."""
    rows = db.session.execute(
        select(Person, Membership.role)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.group_id == meeting.group_id,
            Membership.active.is_(True),
            Membership.role.in_([Role.RESIDENT, Role.OFFICER]),
            Person.erased_at.is_(None),
        )
        .order_by(Person.name, Person.id)
    )
    return [(person, role) for person, role in rows]


def access_summary(meeting: Meeting) -> AccessSummary:
    """Each kind of need with who has it, the most needed first."""
    expected = expected_people(meeting)
    roles = {person.id: (person, role) for person, role in expected}
    needs = db.session.scalars(
        select(AccessNeed).where(AccessNeed.person_id.in_(list(roles))).order_by(AccessNeed.id)
    )
    kinds: dict[str, NeedGroup] = {}
    for need in needs:
        person, role = roles[need.person_id]
        label = kind_label(need.kind)
        kinds.setdefault(label, NeedGroup(label)).people.append(
            Needing(person.id, person.name, str(role), need.kind, need.detail)
        )
    for group in kinds.values():
        group.people.sort(key=lambda entry: (entry.name, entry.person_id))
    ordered = sorted(kinds.values(), key=lambda group: (-group.count, group.label))
    with_needs = len({entry.person_id for group in ordered for entry in group.people})
    return AccessSummary(expected=len(expected), with_needs=with_needs, kinds=ordered)
