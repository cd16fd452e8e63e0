from datetime import UTC, datetime, time

from tests.builders import make_group, make_person
from voice_app.outreach.timing import is_allowed, next_allowed, spoken_date, spoken_time


def london(day: int, hour: int, minute: int = 0) -> datetime:
    # December: London is on UTC
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_night_and_own_quiet_hours_are_kept(app):
    group = make_group()
    person = make_person(group, quiet_hours_start=time(12, 0), quiet_hours_end=time(14, 0))
    assert is_allowed(london(10, 11), person, group)
    assert not is_allowed(london(10, 13), person, group)  # their lunch
    assert not is_allowed(london(10, 23), person, group)  # night
    assert next_allowed(london(10, 13), person, group) == london(10, 14)
    # their default evening quiet hours were replaced, but night still holds until 8am
    assert next_allowed(london(10, 22), person, group) == london(11, 8)


def test_default_quiet_hours_run_from_eight_to_nine(app):
    group = make_group()
    person = make_person(group)
    assert next_allowed(london(10, 20, 30), person, group) == london(11, 9)
    assert next_allowed(london(11, 3), person, group) == london(11, 9)


def test_summer_time_is_local_time(app):
    group = make_group()
    person = make_person(group, quiet_hours_start=None, quiet_hours_end=None)
    summer = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)  # 7:30am in London
    assert not is_allowed(summer, person, group)
    assert next_allowed(summer, person, group) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_dates_and_times_as_people_say_them(app):
    group = make_group()
    assert spoken_date(london(10, 14), group) == "Thursday 10 December"
    assert spoken_time(london(10, 14), group) == "2pm"
    assert spoken_time(london(10, 10, 30), group) == "10:30am"
    assert spoken_time(london(10, 12), group) == "midday"
