"""The group's own words that the recogniser is given as hints."""

from tests.builders import add_before_on_disk, make_group, make_meeting, make_person
from voice_app.extensions import db
from voice_app.models import Paper
from voice_app.recordings.speech_hints import group_words


def test_group_words_name_the_group_its_meetings_places_papers_and_people(app):
    group = make_group("Riverside Forum")
    other = make_group("Elsewhere Panel")
    meeting = make_meeting(group, "Access Panel", location="Civic Campus, Hammersmith")
    db.session.add(Paper(meeting=meeting, title="Buses to Fulham", position=0))
    make_meeting(group, "Long ago", days_ahead=-90)
    make_person(group, "Siobhan Kowalczyk")
    make_person(other, "Not A Member", phone="+447700900002")
    db.session.commit()
    words = group_words(group.id, ["Wormholt", "Hammersmith"])
    assert words[0] == "Riverside Forum"
    for expected in (
        "Access Panel",
        "Civic Campus, Hammersmith",
        "Buses to Fulham",
        "Siobhan Kowalczyk",
        "Wormholt",
        "Hammersmith",
    ):
        assert expected in words
    assert "Long ago" not in words and "Not A Member" not in words
    assert len(words) == len(set(words))
    assert group_words(None, ["Fulham"]) == ["Fulham"]


def test_the_groups_pronunciations_come_in_the_order_entered(app):
    """The prompt keeps only its first words, so the order must not change from one recording
    to the next, on PostgreSQL too."""
    from voice_app.models import Pronunciation

    group = make_group("Riverside Forum")
    filler = Pronunciation(group_id=group.id, written="Filler", spoken="Filler")
    db.session.add_all([filler, Pronunciation(group_id=group.id, written="Wormholt", spoken="x")])
    db.session.commit()
    add_before_on_disk(filler, Pronunciation(group_id=group.id, written="Fulham", spoken="y"))
    words = group_words(group.id)
    assert words.index("Wormholt") < words.index("Fulham"), words
