"""Where a listener is in a meeting's papers, and where each talking-book key takes them.

Pure logic on the shape of the papers (how many sections each has), so it is tested without a
database or a phone. A `Place` counts from 0; people hear numbers counted from 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil


@dataclass(frozen=True)
class Place:
    paper: int  # index into the meeting's papers
    section: int  # index into that paper's sections


START = Place(0, 0)


@dataclass(frozen=True)
class Whereabouts:
    """'Paper 1 of 2, section 3 of 8; 5 more sections in this paper, 1 more paper after it.'"""

    paper_number: int
    paper_count: int
    section_number: int
    section_count: int
    sections_after: int
    papers_after: int


def clamp(shape: Sequence[int], place: Place) -> Place:
    """The nearest real place: papers and sections that no longer exist are not a dead end."""
    paper = min(max(place.paper, 0), len(shape) - 1)
    return Place(paper, min(max(place.section, 0), shape[paper] - 1))


def next_section(shape: Sequence[int], place: Place) -> Place | None:
    """The section after this one, running on into the next paper; None after the last."""
    if place.section + 1 < shape[place.paper]:
        return Place(place.paper, place.section + 1)
    if place.paper + 1 < len(shape):
        return Place(place.paper + 1, 0)
    return None


def previous_section(shape: Sequence[int], place: Place) -> Place | None:
    """The section before this one, back into the previous paper's last; None at the start."""
    if place.section > 0:
        return Place(place.paper, place.section - 1)
    if place.paper > 0:
        return Place(place.paper - 1, shape[place.paper - 1] - 1)
    return None


def next_paper(shape: Sequence[int], place: Place) -> Place | None:
    return Place(place.paper + 1, 0) if place.paper + 1 < len(shape) else None


def previous_paper(shape: Sequence[int], place: Place) -> Place | None:
    return Place(place.paper - 1, 0) if place.paper > 0 else None


def whereabouts(shape: Sequence[int], place: Place) -> Whereabouts:
    return Whereabouts(
        paper_number=place.paper + 1,
        paper_count=len(shape),
        section_number=place.section + 1,
        section_count=shape[place.paper],
        sections_after=shape[place.paper] - place.section - 1,
        papers_after=len(shape) - place.paper - 1,
    )


def minutes_left(spoken_words: Sequence[int], section: int, words_per_minute: int) -> int:
    """Whole minutes (rounded up) to hear this section and the rest of its paper."""
    words = sum(spoken_words[section:])
    return ceil(words / max(1, words_per_minute)) if words else 0


def step_rate(rates: Sequence[int], current: int, change: str) -> int | None:
    """One step slower or faster through the rendered rates; None past the slowest or fastest.

    A rate set elsewhere (say 90% from the help menu) steps to the next rendered rate.
    """
    ordered = sorted(rates)
    if change == "slower":
        slower = [rate for rate in ordered if rate < current]
        return slower[-1] if slower else None
    faster = [rate for rate in ordered if rate > current]
    return faster[0] if faster else None


def nearest_rate(rates: Sequence[int], current: int) -> int:
    """The rendered rate closest to the caller's own (ties go to the slower)."""
    return min(sorted(rates), key=lambda rate: (abs(rate - current), rate))


def resume_place(
    shape: Sequence[int], paper: int | None, section_position: int, finished: bool
) -> Place:
    """Where to carry on from the last paper a person heard (section_position counts from 1).

    A finished paper carries on at the next one; after the very last, from the start.
    """
    if paper is None or not shape or paper >= len(shape):
        return START
    if finished:
        return next_paper(shape, Place(paper, 0)) or START
    return clamp(shape, Place(paper, section_position - 1))
