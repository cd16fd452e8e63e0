"""When we may ring or text someone: never at night, never in their own quiet hours.

Times are the group's local time (Europe/London by default), so quiet hours hold across the
clock changes.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from voice_app.models import Group, Person

# Nobody is rung or texted between these hours, whatever their own settings say.
NIGHT = (time(21, 0), time(8, 0))


def _inside(moment: time, start: time, end: time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # the window runs past midnight


def quiet_windows(person: Person | None) -> list[tuple[time, time]]:
    windows = [NIGHT]
    if person is not None and person.quiet_hours_start and person.quiet_hours_end:
        windows.append((person.quiet_hours_start, person.quiet_hours_end))
    return windows


def is_allowed(at: datetime, person: Person | None, group: Group | None) -> bool:
    local = at.astimezone(_zone(group)).time()
    return not any(_inside(local, start, end) for start, end in quiet_windows(person))


def next_allowed(at: datetime, person: Person | None, group: Group | None) -> datetime:
    """`at` itself when allowed, else the end of the quiet window(s) it falls in."""
    zone = _zone(group)
    for _ in range(4):  # windows may chain: night, then the person's own later morning
        local = at.astimezone(zone)
        ends = [end for start, end in quiet_windows(person) if _inside(local.time(), start, end)]
        if not ends:
            return at
        end = max(ends, key=lambda e: _next_occurrence(local, e))
        at = _next_occurrence(local, end).astimezone(at.tzinfo)
    return at


def _next_occurrence(local: datetime, clock: time) -> datetime:
    candidate = datetime.combine(local.date(), clock, tzinfo=local.tzinfo)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), clock, tzinfo=local.tzinfo)
    return candidate


def start_of_day(at: datetime, group: Group | None) -> datetime:
    """Local midnight of the day `at` falls on, in UTC: the daily cap counts from here."""
    local = at.astimezone(_zone(group))
    return datetime.combine(local.date(), time(0), tzinfo=local.tzinfo).astimezone(at.tzinfo)


def start_of_next_day(at: datetime, group: Group | None) -> datetime:
    local = at.astimezone(_zone(group))
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=local.tzinfo)
    return midnight.astimezone(at.tzinfo)


def spoken_date(at: datetime, group: Group | None) -> str:
    """'Thursday 12 December', as people say it."""
    local = at.astimezone(_zone(group))
    return f"{local:%A} {local.day} {local:%B}"


def spoken_time(at: datetime, group: Group | None) -> str:
    """'2pm', '10:30am', 'midday'."""
    local = at.astimezone(_zone(group))
    if (local.hour, local.minute) == (12, 0):
        return "midday"
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'}"


def _zone(group: Group | None) -> ZoneInfo:
    return ZoneInfo(group.timezone if group and group.timezone else "Europe/London")
