import json
import os
import subprocess
import sys
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.builders import make_group
from voice_app.cli import main
from voice_app.extensions import db
from voice_app.models import Group, Meeting, Person, User, utcnow


@pytest.fixture
def cli(app):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
        db.session.expire_all()
        return result

    return invoke


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def assert_one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("voice-app: error:")
    assert fragment in lines[0]


def test_add_group_prints_id(cli):
    result = cli("add-group", "Riverside")
    assert result.exit_code == 0
    group = db.session.get(Group, int(result.stdout.strip()))
    assert group.name == "Riverside"


def test_duplicate_group_exits_2_and_changes_nothing(cli):
    cli("add-group", "Riverside")
    result = cli("add-group", "Riverside")
    assert_one_line_error(result, "already exists")
    assert count(Group) == 1


def test_add_group_takes_its_phone_number_and_time_zone(cli):
    result = cli(
        "add-group", "Riverside", "--phone-number", "020 7000 0000", "--timezone", "Europe/Dublin"
    )
    assert result.exit_code == 0, result.stderr
    group = db.session.get(Group, int(result.stdout.strip()))
    assert (group.phone_number, group.timezone) == ("+442070000000", "Europe/Dublin")
    default = db.session.get(Group, int(cli("add-group", "Hillside").stdout.strip()))
    assert (default.phone_number, default.timezone) == (None, "Europe/London")


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (["--phone-number", "12345"], "not a phone number"),
        (["--phone-number", "+442070000000"], "already Hillside's phone number"),
        (["--timezone", "Mars/Olympus"], "not a time zone"),
        (["--timezone", "../../etc/passwd"], "not a time zone"),
        (["--timezone", ""], "not a time zone"),
    ],
)
def test_add_group_bad_number_or_zone_exits_2_and_adds_nothing(cli, options, fragment):
    cli("add-group", "Hillside", "--phone-number", "+442070000000")
    result = cli("add-group", "Riverside", *options)
    assert_one_line_error(result, fragment)
    assert count(Group) == 1


def test_unknown_command_and_missing_option_are_one_line(cli):
    assert_one_line_error(cli("no-such-command"), "no-such-command")
    assert_one_line_error(cli("add-resident", "--group", "1"), "--name")


def test_add_resident_prints_id_and_member_number(cli):
    make_group("Riverside")
    result = cli(
        "add-resident",
        "--group",
        "Riverside",
        "--name",
        "Amina Hassan",
        "--phone",
        "07700 900123",
        "--pin",
        "4321",
    )
    assert result.exit_code == 0, result.stderr
    person_id, member_number = result.stdout.split()
    person = db.session.get(Person, int(person_id))
    assert person.member_number == member_number
    assert person.phone == "+447700900123"
    assert person.check_pin("4321") and not person.check_pin("1234")


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--phone", "not a phone"], "not a phone number"),
        (["--phone", "+447700900123", "--pin", "12"], "4 to 6 digits"),
        (["--phone", "+447700900123", "--group", "Nowhere"], "no group"),
    ],
)
def test_add_resident_bad_input(cli, args, fragment):
    make_group("Riverside")
    base = {"--group": "Riverside", "--name": "Amina"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [part for pair in base.items() for part in pair]
    assert_one_line_error(cli("add-resident", *flat), fragment)
    assert count(Person) == 0


def _iso(days: float) -> str:
    when = (utcnow() + timedelta(days=days)).astimezone(ZoneInfo("Europe/London"))
    return when.replace(tzinfo=None, microsecond=0).isoformat()


def test_add_meeting_with_enough_notice(cli):
    make_group("Riverside")
    result = cli(
        "add-meeting",
        "--group",
        "Riverside",
        "--title",
        "December meeting",
        "--starts",
        _iso(30),
        "--ends",
        _iso(30.1),
        "--location",
        "Town Hall",
    )
    assert result.exit_code == 0, result.stderr
    meeting = db.session.get(Meeting, int(result.stdout))
    assert meeting.location == "Town Hall" and meeting.short_notice_reason is None


def test_short_notice_meeting_needs_a_reason(cli):
    make_group("Riverside")
    args = [
        "add-meeting",
        "--group",
        "Riverside",
        "--title",
        "Urgent",
        "--starts",
        _iso(5),
        "--ends",
        _iso(5.1),
    ]
    assert_one_line_error(cli(*args), "notice")
    assert count(Meeting) == 0
    result = cli(*args, "--short-notice-reason", "The council's budget deadline moved")
    assert result.exit_code == 0
    meeting = db.session.get(Meeting, int(result.stdout))
    assert meeting.short_notice_reason == "The council's budget deadline moved"


def test_meeting_bad_times(cli):
    make_group("Riverside")
    assert_one_line_error(
        cli(
            "add-meeting",
            "--group",
            "1",
            "--title",
            "T",
            "--starts",
            "next tuesday",
            "--ends",
            _iso(30),
        ),
        "not a date",
    )
    assert_one_line_error(
        cli(
            "add-meeting", "--group", "1", "--title", "T", "--starts", _iso(30), "--ends", _iso(29)
        ),
        "end after",
    )


def test_add_coordinator_reads_password_from_stdin(cli):
    make_group("Riverside")
    result = cli(
        "add-coordinator",
        "Co@Example.org",
        "--group",
        "Riverside",
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.stderr
    user = db.session.scalar(select(User))
    assert user.email == "co@example.org" and not user.is_admin
    assert user.check_password("a long enough password")
    assert_one_line_error(cli("add-coordinator", "x@example.org", input="short\n"), "12")
    assert count(User) == 1


def test_export_unknown_kind_and_empty_json(cli):
    assert_one_line_error(cli("export", "secrets", "--format", "json"), "Unknown export")
    result = cli("export", "payments", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    result = cli("export", "attendance", "--format", "csv")
    assert result.stdout.splitlines()[0] == (
        "id,person,meeting_id,method,checked_in_at,minutes,hands_raised,given_floor,floor_items"
    )


def test_demo_loads_a_realistic_group_once(cli):
    from voice_app.models import AccessNeed, Paper

    result = cli("demo")
    assert result.exit_code == 0, result.stderr
    assert "web sign-in: coordinator@example.org" in result.stdout
    assert "Twilio auth token" in result.stdout
    group = db.session.scalar(select(Group))
    meeting = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).first()
    assert timedelta(days=20) < meeting.starts_at - utcnow() < timedelta(days=22)
    assert len(db.session.scalars(select(Paper)).all()) == 2
    assert count(AccessNeed) >= 5
    co_chairs = {m.role for m in group.co_chairs()}
    assert co_chairs == {"resident", "officer"}
    again = cli("demo")
    assert again.exit_code == 0 and "already loaded" in again.stdout
    assert count(Group) == 1 and count(Person) == 6


# Loaded by the one command or job that uses them, never at start-up: each costs every
# `voice-app` command and web worker from 0.3 s (Alembic) to 2 s (PyMuPDF's layout models).
HEAVY_MODULES = ("alembic", "flask_migrate", "pymupdf", "onnxruntime", "docx", "faster_whisper")
HEAVY_MODULES += ("ctranslate2", "vosk", "boto3", "botocore")


def test_a_command_starts_without_the_heavy_engines(tmp_path):
    """Every command builds the app (`with_app`); what it imports is the start-up of them all."""
    code = (
        "import sys; from voice_app import create_app; from voice_app.cli import main; "
        "create_app(); main(['--help'], standalone_mode=False); "
        f"print('loaded:', *sorted(m for m in {HEAVY_MODULES!r} if m in sys.modules))"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}"}
    env["VOICE_APP_DATA_DIR"] = str(tmp_path / "data")
    started = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.splitlines()[-1] == "loaded:"
