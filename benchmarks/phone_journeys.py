"""Five whole phone journeys through the real app: turns, words and seconds of speech to the goal.

Usage: python benchmarks/phone_journeys.py [--out benchmarks/results/journeys-LABEL.json]

Each journey runs in a fresh SQLite database, through the real webhooks (Flask's test client,
requests signed with the real twilio RequestValidator by CallSimulator). The caller is a small
rule-following person: at each turn they act on what they just heard (the first rule whose words
match), so the same caller walks the line before and after a change of wording or flow.

- turns: what the caller does (a key, words, a recording, silence) before the goal;
- words: every word the line says (<Say>) before the goal;
- seconds: words at SPEAKING_RATE words a minute (an estimate, not a measurement: Twilio's
  neural British voices speak at roughly 150-170 words a minute at the normal rate).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from voice_app.simulator.call import CallSimulator  # noqa: E402

SPEAKING_RATE = 160  # words a minute
TOKEN = "journey-token-0123456789"
BASE_URL = "http://voice.test"
GROUP_NUMBER = "+442070000000"
KNOWN, UNKNOWN = "+447700900101", "+447700900555"
MAX_TURNS = 15
SPEECH = Path("/usr/share/sounds/alsa/Front_Center.wav")  # alsa-utils: a real voice
PAPER = b"""# Day opportunities review

## Background

The day centre opened in 1998. Residents use it five days a week.

## Costs

The centre costs two hundred and fifty thousand pounds a year to run.

## Next steps

Officers will report back on 12 March.
"""

# (words heard, action): action is "press:KEYS", "say:WORDS", "record" or "silence".
Rule = tuple[str, str]


@dataclass
class Journey:
    name: str
    caller: str
    goal: str  # a regular expression: the first line that matches is the goal
    rules: list[Rule]
    meeting_now: bool = False
    goal_after: str = ""  # the goal counts only after the caller has done this ("record")


JOURNEYS = [
    Journey(
        "Known caller to the first paper section",
        KNOWN,
        r"^Section 1 of",
        [(r"papers", "press:1")],
    ),
    Journey(
        "Unknown caller signing in",
        UNKNOWN,
        r"signed in",
        [(r"\bPIN\b", "press:2468#"), (r"member number", "press:1001#")],
    ),
    Journey(
        "Adding a shopping item",
        KNOWN,
        r"^Speak after the tone",
        [
            (r"agree", "press:1"),
            (r"add an item|to add", "press:2"),
            (r"shopping", "press:3"),
        ],
    ),
    Journey(
        "Checking in",
        KNOWN,
        r"checked in to",
        [
            (r"\bPIN\b", "press:2468#"),
            (r"check in", "press:2"),
            (r"meetings", "press:4"),
        ],
        meeting_now=True,
    ),
    Journey(
        "A comment from inside a paper",
        KNOWN,
        r"^(Back to section|Section 1 of)",
        [
            (r"Speak after the tone", "record"),
            (r"^Section 1 of", "press:8"),
            (r"agree", "press:1"),
            (r"keep it", "press:1"),
            (r"carry on", "press:1"),
            (r"papers", "press:1"),
        ],
        goal_after="record",
    ),
]


def make_app(data_dir: Path):
    from voice_app import create_app
    from voice_app.config import Settings
    from voice_app.extensions import upgrade_schema

    env = {
        "DATABASE_URL": f"sqlite:///{data_dir / 'journeys.sqlite3'}",
        "VOICE_APP_DATA_DIR": str(data_dir),
        "PUBLIC_BASE_URL": BASE_URL,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "SECRET_KEY": "journeys-" * 4,
        "TWILIO_API_BASE_URL": "http://127.0.0.1:9",
    }
    app = create_app({"SETTINGS": Settings.from_env(env), "TESTING": True})
    with app.app_context():
        upgrade_schema()
    return app


def seed(journey: Journey) -> None:
    """One group; Amina (known by her phone, member number 1001, PIN 2468); papers out."""
    from voice_app.directory import add_group, add_person
    from voice_app.extensions import db
    from voice_app.meetings import add_meeting
    from voice_app.models import Meeting, PaperStatus, Person, utcnow
    from voice_app.papers.store import add_paper

    group = add_group("Riverside")
    group.phone_number, group.guests_allowed = GROUP_NUMBER, True
    group.coordinator_phone = "+447700900999"
    person, _ = add_person(group, "Amina Hassan", KNOWN, pin="2468")
    person.member_number = "1001"
    if journey.caller == UNKNOWN:
        db.session.add(Person(name="Nobody", member_number="9999"))
    starts = utcnow() + timedelta(days=21)
    meeting = add_meeting(group, "Day services board", starts, starts + timedelta(hours=2))
    add_paper(meeting, PAPER, "review.md").status = PaperStatus.READY
    if journey.meeting_now:
        now = utcnow() - timedelta(minutes=10)
        db.session.add(
            Meeting(
                group=group,
                title="Residents forum",
                starts_at=now,
                ends_at=now + timedelta(hours=2),
                created_at=now - timedelta(days=30),
            )
        )
    db.session.commit()


def client_transport(client):
    def post(url: str, form: dict[str, str], signature: str) -> tuple[int, bytes]:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        answer = client.post(path, data=form, headers={"X-Twilio-Signature": signature})
        return answer.status_code, answer.get_data()

    return post


def speech_file(data_dir: Path) -> Path:
    from voice_app.speech.audio import to_phone_band

    return to_phone_band(SPEECH, data_dir / "speech-8k.wav")


def walk(journey: Journey, sim: CallSimulator, wav: Path) -> dict:
    """Act on what was heard until the goal line is heard; count what came before it."""
    heard: list[str] = []
    turns, done = 0, ""
    sim.start()
    pending = [line for line in sim.transcript if line.startswith("line: ")]
    while True:
        for line in pending:
            text = line.removeprefix("line: ")
            if journey.goal_after in done and re.search(journey.goal, text):
                return summary(journey, turns, heard, reached=True)
            heard.append(text)
        if sim.ended or turns >= MAX_TURNS:
            return summary(journey, turns, heard, reached=False)
        last = "\n".join(line.removeprefix("line: ") for line in pending)
        action = next(
            (act for pattern, act in journey.rules if re.search(pattern, last, re.I | re.M)),
            "silence",
        )
        done += f" {action}"
        before = len(sim.transcript)
        turns += 1
        kind, _, value = action.partition(":")
        if kind == "press":
            sim.press(value)
        elif kind == "say":
            sim.say(value)
        elif kind == "record":
            sim.record(wav)
        else:
            sim.silence()
        pending = [line for line in sim.transcript[before:] if line.startswith("line: ")]


def summary(journey: Journey, turns: int, heard: list[str], reached: bool) -> dict:
    words = sum(len(re.findall(r"[\w'£]+", line)) for line in heard if not line.startswith("("))
    return {
        "journey": journey.name,
        "reached": reached,
        "turns": turns,
        "words": words,
        "seconds": round(words * 60 / SPEAKING_RATE),
        "heard": heard,
    }


def run_journey(journey: Journey) -> dict:
    from voice_app.extensions import db

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        app = make_app(data_dir)
        with app.app_context():
            seed(journey)
            sim = CallSimulator(
                BASE_URL,
                TOKEN,
                journey.caller,
                GROUP_NUMBER,
                transport=client_transport(app.test_client()),
            )
            try:
                result = walk(journey, sim, speech_file(data_dir))
            finally:
                sim.close()
            db.session.remove()
            db.engine.dispose()
    return result


def table(results: list[dict]) -> str:
    rows = ["| journey | turns | words | seconds of speech |", "| --- | ---: | ---: | ---: |"]
    for row in results:
        note = "" if row["reached"] else " (goal not reached)"
        rows.append(
            f"| {row['journey']}{note} | {row['turns']} | {row['words']} | {row['seconds']} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None, report: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the figures (and what was heard) as JSON")
    args = parser.parse_args(argv)
    results = [run_journey(journey) for journey in JOURNEYS]
    report(table(results))
    report(f"Seconds: words at {SPEAKING_RATE} words a minute.")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(row["reached"] for row in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
