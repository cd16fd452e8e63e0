from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.etree import ElementTree

import pytest
from sqlalchemy import func, select

from tests.builders import make_group, make_held_meeting, make_person
from tests.conftest import BASE_URL
from tests.twiml import parse, spoken_text
from voice_app.attendance import find_attendance
from voice_app.extensions import db
from voice_app.models import AttendanceMethod, Call, ConferenceLeg, Payment
from voice_app.payments.calculate import calculate_for_meeting
from voice_app.phone.conference import conference_twiml

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CONFERENCE = "CF" + "a" * 32
CALL_1 = "CA" + "1" * 32
CALL_2 = "CA" + "2" * 32


@pytest.fixture
def meeting_and_person(app):
    group = make_group("Riverside")
    person = make_person(group, "Amina Hassan")
    meeting = make_held_meeting(group, START, minutes=120)
    return meeting, person


class Events:
    """Twilio's conference callbacks for one meeting, signed and posted."""

    def __init__(self, twilio, meeting, person):
        self.twilio = twilio
        self.meeting = meeting
        self.person = person
        self.sequence = 0

    def post(self, event: str, minute: float, call_sid: str = CALL_1, sequence: int | None = None):
        if sequence is None:
            self.sequence += 1
            sequence = self.sequence
        params = {
            "AccountSid": "AC" + "0" * 32,
            "ConferenceSid": CONFERENCE,
            "FriendlyName": self.meeting.conference_name,
            "StatusCallbackEvent": event,
            "Timestamp": format_datetime(START + timedelta(minutes=minute)),
            "SequenceNumber": str(sequence),
        }
        if event != "conference-end":
            params["CallSid"] = call_sid
            params["ParticipantLabel"] = f"person-{self.person.id}"
        response = self.twilio.post("/voice/conference", params)
        assert response.status_code == 200
        db.session.expire_all()
        return response


@pytest.fixture
def events(twilio, meeting_and_person):
    return Events(twilio, *meeting_and_person)


def minutes(meeting, person) -> int:
    attendance = find_attendance(meeting, person)
    return attendance.minutes if attendance else 0


def legs() -> int:
    return db.session.scalar(select(func.count()).select_from(ConferenceLeg))


def test_conference_twiml_dials_the_meeting_with_callbacks(app, meeting_and_person):
    meeting, person = meeting_and_person
    with app.test_request_context():
        root = ElementTree.fromstring(str(conference_twiml(meeting, person)))
    conference = root.find("Dial/Conference")
    assert conference.text == meeting.conference_name == f"voice-app-meeting-{meeting.id}"
    assert conference.get("statusCallback") == f"{BASE_URL}/voice/conference"
    assert conference.get("statusCallbackEvent") == "join leave end"
    assert conference.get("statusCallbackMethod") == "POST"
    assert conference.get("participantLabel") == f"person-{person.id}"
    assert meeting.title in " ".join(root.find("Say").itertext())


def test_join_and_leave_make_real_minutes(events, meeting_and_person):
    meeting, person = meeting_and_person
    events.post("participant-join", 0)
    attendance = find_attendance(meeting, person)
    assert attendance.method == AttendanceMethod.PHONE_CONFERENCE
    events.post("participant-leave", 47)
    assert minutes(meeting, person) == 47


def test_replayed_callbacks_do_not_pay_twice(events, meeting_and_person):
    meeting, person = meeting_and_person
    events.post("participant-join", 0, sequence=1)
    events.post("participant-leave", 60, sequence=2)
    calculate_for_meeting(meeting)
    db.session.commit()
    first = db.session.scalar(select(Payment)).amount_pence
    # Twilio sends every callback again
    events.post("participant-join", 0, sequence=1)
    events.post("participant-leave", 60, sequence=2)
    events.post("participant-join", 0, sequence=1)
    events.post("conference-end", 61, sequence=3)
    events.post("conference-end", 61, sequence=3)
    calculate_for_meeting(meeting)
    db.session.commit()
    assert legs() == 1
    assert minutes(meeting, person) == 60
    payments = db.session.scalars(select(Payment)).all()
    assert len(payments) == 1 and payments[0].amount_pence == first == 2000


def test_leave_before_join_is_handled(events, meeting_and_person):
    meeting, person = meeting_and_person
    events.post("participant-leave", 50, sequence=2)
    assert minutes(meeting, person) == 0
    events.post("participant-join", 5, sequence=1)
    assert legs() == 1
    assert minutes(meeting, person) == 45


def test_several_joins_add_up_and_overlaps_count_once(events, meeting_and_person):
    meeting, person = meeting_and_person
    events.post("participant-join", 0, CALL_1)
    events.post("participant-leave", 30, CALL_1)  # dropped out
    events.post("participant-join", 40, CALL_2)  # called back
    events.post("participant-leave", 70, CALL_2)
    assert minutes(meeting, person) == 60
    # a second phone in the same minutes (a landline and a mobile) does not count twice
    events.post("participant-join", 20, "CA" + "3" * 32)
    events.post("participant-leave", 50, "CA" + "3" * 32)
    assert minutes(meeting, person) == 70


def test_the_same_call_joining_again_gets_another_leg(events, meeting_and_person):
    meeting, person = meeting_and_person
    events.post("participant-join", 0)
    events.post("participant-leave", 20)
    events.post("participant-join", 30)
    events.post("participant-leave", 55)
    assert legs() == 2
    assert minutes(meeting, person) == 45


def test_conference_end_closes_open_legs_and_a_late_leave_corrects_it(events, meeting_and_person):
    meeting, person = meeting_and_person
    events.post("participant-join", 0)
    events.post("conference-end", 90)
    assert minutes(meeting, person) == 90
    events.post("participant-leave", 80)
    assert minutes(meeting, person) == 80


def test_the_caller_is_known_from_the_call_without_a_label(twilio, meeting_and_person):
    meeting, person = meeting_and_person
    db.session.add(Call(call_sid=CALL_1, person_id=person.id, state={}, menus=[]))
    db.session.commit()
    for event, minute in (("participant-join", 0), ("participant-leave", 15)):
        twilio.post(
            "/voice/conference",
            {
                "ConferenceSid": CONFERENCE,
                "FriendlyName": meeting.conference_name,
                "CallSid": CALL_1,
                "StatusCallbackEvent": event,
                "Timestamp": format_datetime(START + timedelta(minutes=minute)),
            },
        )
    db.session.expire_all()
    assert minutes(meeting, person) == 15


def test_unknown_conference_is_answered_and_ignored(twilio, meeting_and_person):
    root = parse(
        twilio.post(
            "/voice/conference",
            {
                "ConferenceSid": CONFERENCE,
                "FriendlyName": "someone-else",
                "CallSid": CALL_1,
                "StatusCallbackEvent": "participant-join",
            },
        )
    )
    assert spoken_text(root) == ""
    assert legs() == 0


def test_unsigned_conference_callback_is_refused(client, meeting_and_person):
    meeting, _ = meeting_and_person
    response = client.post(
        "/voice/conference",
        data={
            "ConferenceSid": CONFERENCE,
            "FriendlyName": meeting.conference_name,
            "CallSid": CALL_1,
            "StatusCallbackEvent": "participant-join",
        },
    )
    assert response.status_code == 403
    assert legs() == 0
