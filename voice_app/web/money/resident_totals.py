"""Residents' running totals this week and month beside their group's limits, for the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from voice_app.models import Group, Person, Role
from voice_app.payments.summary import RunningTotals, running_totals


@dataclass(frozen=True)
class ResidentTotals:
    person: Person
    group: Group
    totals: RunningTotals

    @property
    def over_a_limit(self) -> bool:
        return self.totals.over_weekly or self.totals.over_monthly


def _resident_groups(person: Person) -> list[Group]:
    return [m.group for m in person.memberships if m.active and m.role == Role.RESIDENT]


def for_person(person: Person, groups: list[Group], at: datetime | None = None):
    """One row per group (of those given) in which the person is a resident."""
    ids = {g.id for g in groups}
    return [
        ResidentTotals(person, group, running_totals(person, group, at))
        for group in _resident_groups(person)
        if group.id in ids
    ]


def for_groups(groups: list[Group], at: datetime | None = None) -> list[ResidentTotals]:
    """Residents of these groups who have payments this week or month, by group and name."""
    rows = []
    for group in groups:
        members = sorted(
            (
                m.person
                for m in group.memberships
                if m.active and m.role == Role.RESIDENT and m.person.erased_at is None
            ),
            key=lambda p: p.name,
        )
        for person in members:
            totals = running_totals(person, group, at)
            if totals.week_pence or totals.month_pence:
                rows.append(ResidentTotals(person, group, totals))
    return rows
