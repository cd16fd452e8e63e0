"""Position logic of the talking book: sections across papers, where am I, speeds, resume."""

from __future__ import annotations

import pytest

from voice_app.papers.reading import (
    START,
    Place,
    clamp,
    minutes_left,
    nearest_rate,
    next_paper,
    next_section,
    previous_paper,
    previous_section,
    resume_place,
    step_rate,
    whereabouts,
)

SHAPE = [3, 1, 2]  # three papers: 3 sections, 1 section, 2 sections
RATES = (70, 85, 100, 115, 130)


def test_next_section_runs_on_into_the_next_paper_and_stops_after_the_last():
    assert next_section(SHAPE, Place(0, 0)) == Place(0, 1)
    assert next_section(SHAPE, Place(0, 2)) == Place(1, 0)
    assert next_section(SHAPE, Place(1, 0)) == Place(2, 0)
    assert next_section(SHAPE, Place(2, 1)) is None


def test_previous_section_goes_back_into_the_previous_papers_last_section():
    assert previous_section(SHAPE, Place(0, 2)) == Place(0, 1)
    assert previous_section(SHAPE, Place(2, 0)) == Place(1, 0)
    assert previous_section(SHAPE, Place(1, 0)) == Place(0, 2)
    assert previous_section(SHAPE, START) is None


def test_paper_jumps_go_to_the_first_section_and_stop_at_the_ends():
    assert next_paper(SHAPE, Place(0, 2)) == Place(1, 0)
    assert next_paper(SHAPE, Place(2, 1)) is None
    assert previous_paper(SHAPE, Place(2, 1)) == Place(1, 0)
    assert previous_paper(SHAPE, Place(0, 2)) is None


def test_whereabouts_counts_from_one_and_says_what_is_left():
    at = whereabouts(SHAPE, Place(0, 1))
    assert (at.paper_number, at.paper_count, at.section_number, at.section_count) == (1, 3, 2, 3)
    assert (at.sections_after, at.papers_after) == (1, 2)
    last = whereabouts(SHAPE, Place(2, 1))
    assert (last.sections_after, last.papers_after) == (0, 0)


def test_minutes_left_rounds_up_from_this_section_on():
    assert minutes_left([160, 160, 10], 0, 160) == 3
    assert minutes_left([160, 160, 10], 2, 160) == 1
    assert minutes_left([0], 0, 160) == 0


@pytest.mark.parametrize(
    ("current", "change", "expected"),
    [
        (100, "slower", 85),
        (85, "slower", 70),
        (70, "slower", None),
        (100, "faster", 115),
        (130, "faster", None),
        (90, "slower", 85),  # a speed chosen in the help menu steps to a rendered one
        (90, "faster", 100),
        (50, "faster", 70),
        (150, "slower", 130),
    ],
)
def test_step_rate_walks_the_rendered_speeds(current, change, expected):
    assert step_rate(RATES, current, change) == expected


def test_nearest_rate_picks_the_closest_rendered_speed():
    assert nearest_rate(RATES, 100) == 100
    assert nearest_rate(RATES, 50) == 70
    assert nearest_rate(RATES, 150) == 130
    assert nearest_rate(RATES, 110) == 115
    assert nearest_rate(RATES, 92) == 85


def test_resume_place():
    assert resume_place(SHAPE, None, 0, False) == START
    assert resume_place(SHAPE, 0, 2, False) == Place(0, 1)
    assert resume_place(SHAPE, 0, 99, False) == Place(0, 2)  # a paper that got shorter
    assert resume_place(SHAPE, 0, 3, True) == Place(1, 0)  # finished: carry on at the next
    assert resume_place(SHAPE, 2, 2, True) == START  # heard everything: from the start
    assert resume_place(SHAPE, 7, 1, False) == START  # a paper no longer in the meeting


def test_clamp_keeps_places_inside_the_papers():
    assert clamp(SHAPE, Place(5, 5)) == Place(2, 1)
    assert clamp(SHAPE, Place(-1, -1)) == START
