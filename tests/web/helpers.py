"""Helpers for web tests: sign in, post forms with their CSRF token, make recordings."""

from __future__ import annotations

import re
import wave
from datetime import datetime
from pathlib import Path

from flask.testing import FlaskClient

from voice_app.extensions import db
from voice_app.models import (
    Comment,
    FeedbackStatus,
    Group,
    Meeting,
    Person,
    Recording,
    RecordingPurpose,
    RecordingStatus,
    Transcript,
)

PASSWORD = "a long enough password"
CSRF_PATTERN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_PATTERN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def post_form(client: FlaskClient, page: str, action: str, data: dict | None = None, **kw):
    """Post a form the way a browser would: with the CSRF token from the page it is on."""
    token = csrf_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={**(data or {}), "csrf_token": token}, **kw)


def when_parts(name: str, moment: datetime) -> dict[str, str]:
    """A date and time as typed into a form's day, month, year, hour and minute boxes."""
    parts = {"day": moment.day, "month": moment.month, "year": moment.year}
    parts |= {"hour": moment.hour, "minute": f"{moment.minute:02d}"}
    return {f"{name}-{part}": str(value) for part, value in parts.items()}


def write_wav(path: Path, seconds: float = 1.0) -> Path:
    """A real (silent) 8 kHz mono WAV file, like a phone recording."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\x00\x00" * int(8000 * seconds))
    return path


def add_comment(group: Group, person: Person, meeting: Meeting, data_dir: Path, name: str):
    recording = Recording(
        group_id=group.id,
        person_id=person.id,
        purpose=RecordingPurpose.COMMENT,
        status=RecordingStatus.STORED,
        local_path=str(write_wav(data_dir / "audio" / f"{name}.wav")),
        duration_seconds=1.0,
    )
    words = [("the", 0.95), ("bus", 0.4), ("ramp", 0.9), ("is", 0.99), ("broken", 0.55)]
    recording.transcripts.append(
        Transcript(
            text=" ".join(w for w, _ in words),
            words=[
                {"word": w, "conf": c, "start": i, "end": i + 0.5} for i, (w, c) in enumerate(words)
            ],
            engine="vosk",
            model="vosk-model-small-en-gb",
        )
    )
    db.session.add(recording)
    db.session.flush()
    comment = Comment(
        group_id=group.id,
        meeting_id=meeting.id,
        person_id=person.id,
        phone=person.phone,
        recording_id=recording.id,
        status=FeedbackStatus.TRANSCRIBED,
    )
    db.session.add(comment)
    db.session.commit()
    return comment
