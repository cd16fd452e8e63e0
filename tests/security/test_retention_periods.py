"""Retention per group for transcripts, call records, texts and the audit log, with a clear
minimum; nonsense refused on the command line (exit 2, one line); the worker's daily job
applies it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.builders import make_group, make_person
from voice_app.cli import main
from voice_app.extensions import db
from voice_app.housekeeping import Housekeeping
from voice_app.jobs.worker import Worker
from voice_app.models import (
    AuditEntry,
    Call,
    Group,
    OutboundKind,
    OutboundMessage,
    Recording,
    RecordingPurpose,
    RecordingStatus,
    Transcript,
    utcnow,
)
from voice_app.retention import MIN_DAYS


def cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    db.session.expire_all()
    return result


def one_line_error(result, fragment: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0], result.stderr


@pytest.mark.parametrize("days", ["0", "-5", "abc", "1.5", "99999999"])
def test_nonsense_audio_retention_is_refused(app, days):
    one_line_error(cli("privacy", "retention", "--days", days), "--days")


@pytest.mark.parametrize("days", ["0", str(MIN_DAYS - 1), "-1", "40000", "many"])
def test_nonsense_retention_for_a_group_is_refused(app, days):
    group = make_group("Riverside")
    result = cli("privacy", "set-retention", "--group", str(group.id), "transcripts", days)
    one_line_error(result, "-1" if days == "-1" else "days")  # click reads -1 as an option
    assert db.session.get(Group, group.id).transcript_retention_days is None


def test_an_unknown_kind_is_refused(app):
    group = make_group("Riverside")
    one_line_error(cli("privacy", "set-retention", "--group", str(group.id), "bank", "60"), "kind")


def aged(days: int):
    return utcnow() - timedelta(days=days)


def history(group, person, days_old: int, tag: str) -> None:
    call = Call(
        call_sid=f"CA{tag:0>32}", person=person, group_id=group.id, started_at=aged(days_old)
    )
    recording = Recording(
        recording_sid=f"RE{tag:0>32}",
        person_id=person.id,
        group_id=group.id,
        purpose=RecordingPurpose.COMMENT,
        status=RecordingStatus.STORED,
        created_at=aged(days_old),
    )
    recording.transcripts.append(
        Transcript(text=f"said {tag}", engine="vosk", model="m", created_at=aged(days_old))
    )
    text = OutboundMessage(
        group_id=group.id,
        person_id=person.id,
        kind=OutboundKind.SMS,
        purpose="sms reply",
        to_number=person.phone,
        body=f"text {tag}",
        dedupe_key=f"retention-{tag}",
        status="replied",
        created_at=aged(days_old),
    )
    entry = AuditEntry(actor="system", action=f"test.{tag}", group_id=group.id, at=aged(days_old))
    db.session.add_all([call, recording, text, entry])
    db.session.commit()


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_daily_job_applies_each_groups_periods(app):
    strict, relaxed = make_group("Strict"), make_group("Relaxed")
    for kind in ("transcripts", "calls", "texts", "audit"):
        assert cli("privacy", "set-retention", "--group", "Strict", kind, "60").exit_code == 0
    a = make_person(strict, "Amina", phone="+447700900201")
    b = make_person(relaxed, "Tom", phone="+447700900202")
    history(strict, a, 90, "1")  # older than Strict's 60 days
    history(strict, a, 10, "2")
    history(relaxed, b, 90, "3")  # Relaxed keeps the defaults, all longer than 90 days
    Housekeeping(min_interval=0)()
    Worker(app, kinds=["apply_retention"]).run(once=True)
    db.session.expire_all()
    assert count(Transcript, Transcript.text == "said 1") == 0
    assert count(Transcript, Transcript.text.in_(["said 2", "said 3"])) == 2
    assert count(Call, Call.call_sid == f"CA{'1':0>32}") == 0
    assert count(Call) == 2
    assert count(OutboundMessage, OutboundMessage.body == "text 1") == 0
    assert count(OutboundMessage, OutboundMessage.body.in_(["text 2", "text 3"])) == 2
    assert count(AuditEntry, AuditEntry.action == "test.1") == 0
    assert count(AuditEntry, AuditEntry.action.in_(["test.2", "test.3"])) == 2
    assert count(AuditEntry, AuditEntry.action == "retention.applied") >= 1
