"""The talking book: a whole call through the papers with every key, on the keypad and by speech.

Papers are real documents ingested by add_paper; no audio is rendered here, so sections are read
with <Say> (test_paper_audio.py renders real audio and checks <Play>).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from tests.builders import make_group, make_meeting
from tests.phone.conftest import KNOWN, UNKNOWN
from tests.phone.reading_builders import meeting_with_papers, papers_of
from tests.twiml import parse, spoken_text
from voice_app.extensions import db
from voice_app.models import Call, Job, Person, ReadingPosition
from voice_app.papers.store import add_paper

BACKGROUND = "The day centre opened in nineteen ninety-eight."
COSTS = "Section 2 of 3: Costs."
TAXIS = "Section 2 of 2: Taxis."


def gather(sim):
    element = sim.last_page.find("Gather")
    assert element is not None, "the line should be listening for keys"
    return element


def gather_args(sim) -> dict[str, str]:
    action = urlsplit(gather(sim).get("action"))
    return {"path": action.path, **{k: v[0] for k, v in parse_qs(action.query).items()}}


def person(name: str = "Amina Hassan") -> Person:
    db.session.expire_all()
    return db.session.scalar(select(Person).where(Person.name == name))


def listen(phone, number: str = KNOWN):
    sim = phone(number)
    sim.start()
    return sim


def test_a_whole_meetings_papers_on_the_keypad(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    heard = sim.press("1")
    assert heard.startswith("Papers for Day services board, on ")
    assert "There are 2 papers. For the keys, press 0." in heard
    assert "Paper 1 of 2: Day opportunities review. Section 1 of 3: Background." in heard
    assert BACKGROUND in heard
    page = gather(sim)
    assert page.get("input") == "dtmf speech" and page.get("finishOnKey") == ""
    assert page.find("Play") is None  # nothing rendered yet: the words are said instead
    first_paper = str(papers_of(group.meetings[0])[0].id)
    assert gather_args(sim) == {
        "path": "/voice/papers/key", "n": "3", "mode": "read", "paper": first_paper, "section": "1"
    }  # fmt: skip

    assert "This is the first section. Section 1 of 3: Background." in sim.press("1")
    assert sim.silence().startswith("Next section. " + COSTS)  # a talking book flows on
    assert sim.press("5").startswith(COSTS)
    assert sim.press("3").startswith("Section 3 of 3: Next steps.")
    assert sim.press("1").startswith(COSTS)
    assert sim.press("7").startswith("This is the first paper. Paper 1 of 2")
    heard = sim.press("9")
    assert heard.startswith("Paper 2 of 2: Community transport. Section 1 of 2: Buses.")
    assert "number twelve bus" in heard
    assert sim.press("9").startswith("This is the last paper. Section 1 of 2: Buses.")
    assert sim.press("7").startswith("Paper 1 of 2: Day opportunities review. Section 1 of 3")
    sim.press("9")
    assert sim.press("3").startswith(TAXIS)
    end = sim.press("3")  # next, at the last section of the last paper
    assert end == (
        "That is the end of the papers for this meeting. "
        "To hear the last section again, press 1. For the main menu, press star."
    )
    assert gather_args(sim)["mode"] == "end"
    assert sim.press("1").startswith(TAXIS)
    assert sim.silence().startswith("That is the end of the papers")
    assert "For papers, press 1" in sim.silence()  # the end, then silence: the main menu
    assert not sim.ended


def test_previous_section_runs_back_into_the_previous_paper(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")
    sim.press("9")
    assert sim.press("1").startswith("Paper 1 of 2: Day opportunities review. Section 3 of 3")


def test_where_am_i_says_paper_section_and_how_much_is_left(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")
    heard = sim.press("#")
    assert heard.startswith(
        "You are on paper 1 of 2: Day opportunities review. Section 1 of 3. "
        "There are 2 more sections in this paper after this one. "
        "The rest of this paper takes about a minute. "
        "There is one more paper after this one. Section 1 of 3: Background."
    )
    sim.press("9")
    sim.press("3")
    assert "This is the last section of this paper." in sim.press("#")
    assert "There are no more papers after this one." in spoken_text(sim.last_page)


def test_keys_help_then_the_section_again(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")
    heard = sim.press("0")  # first layer: the four most used keys
    assert heard.startswith("While a paper is read: 3 for the next section, 1 to go back")
    assert "For all the keys, press 0 again." in heard and "hash" not in heard
    assert heard.endswith(BACKGROUND + " Residents use it five days a week.")
    keys_help = gather(sim).find("Say")
    assert "3 for the next section" in keys_help.text  # inside the Gather: keys work
    heard = sim.press("0")  # second layer: all of them
    assert heard.startswith("All the keys: 1 previous section") and "hash for where" in heard


def test_pause_waits_without_hanging_up_and_2_carries_on(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")
    assert sim.press("2") == "Paused. To carry on, press 2."
    assert int(gather(sim).get("timeout")) >= 60
    assert gather_args(sim)["mode"] == "pause"
    for _ in range(4):  # silence, again and again: still paused, never a goodbye
        assert sim.silence() == "Paused. To carry on, press 2."
    assert not sim.ended
    assert sim.press("2").startswith("Section 1 of 3: Background.")
    sim.press("2")
    assert sim.press("3").startswith(COSTS)  # other keys act during a pause too


def test_slower_and_faster_step_through_the_speeds_and_stop_at_the_limits(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")
    assert sim.press("4").startswith("Slower. Section 1 of 3")
    assert person().speech_rate == 85
    prosody = sim.last_page.find(".//prosody")
    assert prosody is not None and prosody.get("rate") == "85%"
    sim.press("4")
    assert person().speech_rate == 70
    assert sim.press("4").startswith("This is the slowest speed. Section 1 of 3")
    assert person().speech_rate == 70
    for expected in (85, 100, 115, 130):
        assert sim.press("6").startswith("Faster.")
        assert person().speech_rate == expected
    assert sim.press("6").startswith("This is the fastest speed.")
    assert person().speech_rate == 130


def test_a_guests_speed_is_kept_on_the_call(group, phone):
    meeting_with_papers(group)
    sim = phone(UNKNOWN)
    sim.start()
    assert "guest" in sim.press("*")
    sim.press("1")
    sim.press("6")
    db.session.expire_all()
    call = db.session.scalar(select(Call).where(Call.call_sid == sim.call_sid))
    assert call.state["rate"] == 115
    assert db.session.scalars(select(ReadingPosition)).all() == []


def test_the_same_walk_by_speech(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    assert "Section 1 of 3: Background." in sim.say("papers")
    assert sim.say("next please").startswith(COSTS)
    assert sim.say("go back").startswith("Section 1 of 3")
    assert sim.say("repeat").startswith("Section 1 of 3")
    assert sim.say("skip").startswith(COSTS)
    assert sim.say("pause") == "Paused. To carry on, press 2."
    assert sim.say("carry on").startswith(COSTS)
    assert sim.say("stop") == "Paused. To carry on, press 2."  # stop and hold on pause too
    assert sim.say("carry on").startswith(COSTS)
    assert sim.say("slower").startswith("Slower.")
    assert sim.say("faster").startswith("Faster.")
    assert sim.say("where am I").startswith("You are on paper 1 of 2")
    assert sim.say("help").startswith("While a paper is read")
    assert sim.say("next paper").startswith("Paper 2 of 2")
    assert sim.say("previous paper").startswith("Paper 1 of 2")
    assert sim.say("bananas").startswith("Sorry, I did not catch that. For the keys, press 0.")
    assert "For papers, press 1" in sim.say("main menu")


def test_comment_goes_to_the_comment_flow_with_the_paper_and_section(group, phone):
    meeting = meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")
    sim.press("3")
    sim.press("8")
    redirects = [urlsplit(el.text) for page in sim.pages for el in page.iter("Redirect")]
    target = next(url for url in redirects if url.path == "/voice/comment")
    query = parse_qs(target.query)
    assert query["paper_id"] == [str(papers_of(meeting)[0].id)] and query["section"] == ["2"]


def test_a_second_call_carries_on_where_the_first_left_off(group, phone):
    meeting_with_papers(group)
    first = listen(phone)
    first.press("1")
    first.press("3")
    first.press("3")
    first.hang_up()

    again = listen(phone)
    offer = again.press("1")
    assert offer == (
        "Welcome back. You were at section 3 of paper 1. "
        "To carry on, press 1. To start from the beginning, press 2."
    )
    assert again.press("1").startswith(
        "Paper 1 of 2: Day opportunities review. Section 3 of 3: Next steps."
    )
    again.press("9")
    again.hang_up()

    third = listen(phone)
    assert "You were at section 1 of paper 2" in third.press("1")
    assert third.silence().startswith("Paper 2 of 2: Community transport. Section 1 of 2")
    assert "section 1 of paper 2" in (third.press("*") and third.press("1"))
    assert third.press("2").startswith("Papers for Day services board")  # from the beginning


def test_after_hearing_everything_the_next_call_starts_again(group, phone):
    meeting_with_papers(group)
    sim = listen(phone)
    sim.press("1")
    sim.press("9")
    sim.press("3")
    sim.silence()  # the last section runs out: the end
    sim.hang_up()
    again = listen(phone)
    heard = again.press("1")
    assert heard.startswith(
        "You have heard all of these papers. Here they are again from the start."
    )
    assert "Paper 1 of 2" in heard


def test_late_papers_and_short_notice_are_announced(group, phone):
    meeting = make_meeting(
        group, "Emergency budget meeting", days_ahead=3, short_notice_reason="The budget is due"
    )
    add_paper(meeting, b"# Budget gap\n\n## Savings\n\nWe must save money.\n", "gap.md")
    db.session.commit()
    sim = listen(phone)
    heard = sim.press("1")
    assert (
        "This meeting was called at short notice. The reason given is: The budget is due." in heard
    )
    assert "There is one paper." in heard
    assert "Paper 1 of 1: Budget gap. This paper came late, after the deadline." in heard


def test_the_nearest_upcoming_meeting_is_read(group, phone):
    make_meeting(group, "Later meeting", days_ahead=40)
    meeting_with_papers(group, days_ahead=20)
    sim = listen(phone)
    assert "Papers for Day services board" in sim.press("1")


def test_no_meeting_or_no_papers_yet_is_said_and_leads_back(group, phone):
    sim = listen(phone)
    heard = sim.press("1")
    assert heard.startswith("There is no meeting coming up, so there are no papers to hear yet.")
    assert "For papers, press 1" in heard
    make_meeting(group, "Spring meeting", days_ahead=30)
    heard = sim.press("1")
    assert heard.startswith("The papers are not out yet. They are due by ")


def test_a_missing_rendering_is_asked_for_at_the_callers_speed(group, phone):
    meeting = meeting_with_papers(group)
    paper = papers_of(meeting)[0]
    sim = listen(phone)
    sim.press("1")
    sim.press("4")
    keys = set(db.session.scalars(select(Job.dedupe_key)))
    assert f"render_paper:{paper.id}:{paper.source_sha256}:85" in keys


def test_a_place_in_another_groups_papers_starts_the_callers_own(group, phone, twilio):
    foreign = papers_of(meeting_with_papers(make_group("Elsewhere")))[0]
    own = papers_of(meeting_with_papers(group))[0]
    sim = listen(phone)
    sim.press("1")
    answer = twilio.post(
        f"/voice/papers/key?n=9&mode=read&paper={foreign.id}&section=2",
        {"CallSid": sim.call_sid, "From": KNOWN, "To": sim.to_number, "Digits": "5"},
    )
    action = urlsplit(parse(answer).find("Gather").get("action"))
    assert parse_qs(action.query)["paper"] == [str(own.id)]
    assert parse_qs(action.query)["section"] == ["1"]
