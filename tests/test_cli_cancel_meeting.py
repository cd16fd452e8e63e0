"""`voice-app cancel-meeting`: the web's rules from the command line; bad input exits 2."""

from __future__ import annotations

from tests.builders import make_group, make_meeting
from tests.test_cli import assert_one_line_error, cli  # noqa: F401  (a fixture)
from voice_app.extensions import db
from voice_app.models import Meeting


def test_cancel_meeting_marks_it_cancelled_and_says_what_happened(cli):  # noqa: F811
    meeting = make_meeting(make_group("Riverside"), "Transport", days_ahead=21)
    result = cli("cancel-meeting", str(meeting.id), "--reason", "The hall is closed.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "cancelled; 0 calls and texts stopped; 0 residents told"
    cancelled = db.session.get(Meeting, meeting.id)
    assert cancelled.cancelled_at is not None and cancelled.cancel_reason == "The hall is closed."
    again = cli("cancel-meeting", str(meeting.id), "--reason", "Again.")
    assert_one_line_error(again, "Transport is already cancelled.")


def test_bad_input_exits_2_and_changes_nothing(cli):  # noqa: F811
    meeting = make_meeting(make_group("Riverside"), "Transport", days_ahead=21)
    assert_one_line_error(cli("cancel-meeting", "999", "--reason", "x"), "There is no meeting")
    assert_one_line_error(
        cli("cancel-meeting", str(meeting.id), "--reason", " "), "Give the reason"
    )
    assert_one_line_error(cli("cancel-meeting", str(meeting.id)), "--reason")
    assert db.session.get(Meeting, meeting.id).cancelled_at is None
