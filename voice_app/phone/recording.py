"""Recording a comment or a shopping-list item: consent, <Record>, keep / again / listen back.

The recording's context (what it is for, which paper and section) travels in the query string of
the <Record> action and of the recording status callback (recording_status.py), so each message
stands on its own. Every view here answers one of the caller's turns, through `@webhook`.
"""

from __future__ import annotations

from flask import current_app, url_for
from twilio.twiml.voice_response import VoiceResponse

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import Paper, Recording, RecordingPurpose, utcnow
from voice_app.phone import bp
from voice_app.phone.context import CallerContext
from voice_app.phone.help import back_to_where_they_were
from voice_app.phone.spoken import spoken_keys
from voice_app.phone.webhook import webhook
from voice_app.phone.words import heard_key
from voice_app.recordings.callback import notice_from
from voice_app.recordings.capture import Caller, capture_recording, linked_item, schedule_download

MAX_RECORDING_SECONDS = 300
SILENCE_TIMEOUT_SECONDS = 10
CONTEXT_KEYS = ("purpose", "paper_id", "section", "replaces")  # purpose first: readable URLs
CONSENT_CHOICES = [("1", "words_agree"), ("*", "words_decline")]
VISITS = {"comment": "comment", "item": "shopping add", "message": "message"}
REVIEW_CHOICES = [("1", "words_keep"), ("2", "words_record_again"), ("3", "words_listen_back")]


def recording_args(ctx: CallerContext, purpose: str | None = None) -> dict[str, str]:
    """What this recording is about, carried from URL to URL."""
    args = {key: ctx.args[key] for key in CONTEXT_KEYS if ctx.args.get(key)}
    from_url = args.pop("purpose", "")
    return {"purpose": purpose or from_url, **args}


def needs_consent(ctx: CallerContext) -> bool:
    if ctx.person is not None:
        return not (ctx.person.recording_consent and ctx.person.recording_consent_at)
    return not ctx.recall("recording_consent")


def say_then_main(ctx: CallerContext, prompt_id: str) -> VoiceResponse:
    response = VoiceResponse()
    ctx.say(response, prompt_id)
    return ctx.back_to_main(response)


@bp.post("/comment")
@webhook
def comment_start(ctx: CallerContext) -> VoiceResponse:
    return start(ctx, recording_args(ctx, "comment"))


@bp.post("/person/message")
@webhook(identified=False)
def person_message(ctx: CallerContext) -> VoiceResponse:
    """Nobody answered: a voice message for the coordinator, shown as "please call back"."""
    return start(ctx, recording_args(ctx, "message"))


@bp.post("/shopping/add")
@webhook
def shopping_add(ctx: CallerContext) -> VoiceResponse:
    return start(ctx, recording_args(ctx, "item"))


def start(ctx: CallerContext, args: dict[str, str]) -> VoiceResponse:
    """Ask for consent the first time; after that, a one-line reminder, then record."""
    response = VoiceResponse()
    ctx.visit(VISITS.get(args["purpose"], "comment"))
    if needs_consent(ctx):
        gather = ctx.gather(response, "phone.recording_consent", CONSENT_CHOICES, **args)
        ctx.say(gather, "recording_consent_ask")
        return response
    ctx.say(response, "recording_consent_reminder")
    return record_verb(ctx, response, args)


@bp.post("/recording/consent")
@webhook(identified=False)  # a message for a person may come from a caller not yet signed in
def recording_consent(ctx: CallerContext) -> VoiceResponse:
    """1 (or yes) agrees; anything else, silence included, records nothing."""
    if heard_key(ctx.digits, ctx.speech, CONSENT_CHOICES, ctx.language) != "1":
        return say_then_main(ctx, "recording_consent_declined")
    if ctx.person is not None:
        ctx.person.recording_consent = True
        ctx.person.recording_consent_at = utcnow()
        audit.record(
            f"person:{ctx.person.id}",
            "person.recording_consent_given",
            entity="person",
            entity_id=ctx.person.id,
            group_id=ctx.call.group_id,
        )
    else:
        ctx.remember(recording_consent=True)
    response = VoiceResponse()
    ctx.say(response, "recording_consent_thanks")
    return record_verb(ctx, response, recording_args(ctx))


def record_verb(ctx: CallerContext, response: VoiceResponse, args: dict[str, str]) -> VoiceResponse:
    """Introduce, then <Record> with a generous length; falls through to the menu on silence."""
    if args.get("purpose") == "item":
        ctx.say(response, "shopping_add_intro")
    elif args.get("purpose") == "message":
        ctx.say(response, "person_message_intro")
    else:
        paper_id = args.get("paper_id", "")
        paper = db.session.get(Paper, int(paper_id)) if paper_id.isdigit() else None
        if paper is not None:
            ctx.say(response, "comment_intro_paper", paper=paper.title)
        else:
            ctx.say(response, "comment_intro")
    ctx.say(response, "record_instructions")
    base = current_app.config["SETTINGS"].public_base_url
    response.record(
        action=ctx.url("phone.recording_done", **args),
        method="POST",
        max_length=MAX_RECORDING_SECONDS,
        timeout=SILENCE_TIMEOUT_SECONDS + ctx.extra_seconds,  # more time to think, too
        finish_on_key="#",
        play_beep=True,
        trim="trim-silence",
        recording_status_callback=base + url_for("phone.recording_status", **args),
        recording_status_callback_event="completed",
        recording_status_callback_method="POST",
    )
    ctx.say(response, "record_nothing_heard")
    return ctx.back_to_main(response)


@bp.post("/recording/done")
@webhook(identified=False)  # likewise
def recording_done(ctx: CallerContext) -> VoiceResponse:
    """The <Record> action: keep the recording at once, then offer keep / again / listen."""
    notice = notice_from(ctx.form, ctx.args)
    if notice is None:
        return say_then_main(ctx, "record_nothing_heard")
    recording = capture_recording(notice, Caller.from_call(ctx.call))
    is_item = recording.purpose == RecordingPurpose.SHOPPING_ITEM
    schedule_download(recording, now=False, urgent=is_item)  # a backstop for a lost callback
    response = VoiceResponse()
    if is_item:
        return ctx.redirect(response, "phone.shopping_heard", recording=recording.id)
    if recording.purpose == RecordingPurpose.MESSAGE:
        ctx.say(response, "person_message_kept")
        return back_to_where_they_were(ctx, response)
    return review_menu(ctx, response, recording)


def review_menu(ctx: CallerContext, response: VoiceResponse, recording: Recording) -> VoiceResponse:
    gather = ctx.gather(response, "phone.recording_review", REVIEW_CHOICES, recording=recording.id)
    is_item = recording.purpose == RecordingPurpose.SHOPPING_ITEM
    ctx.say(gather, "shopping_heard_review" if is_item else "record_review")
    return response


def callers_recording(ctx: CallerContext) -> Recording | None:
    """The recording named in the URL, only if it was made on this call."""
    recording_id = ctx.args.get("recording", "")
    recording = db.session.get(Recording, int(recording_id)) if recording_id.isdigit() else None
    if recording is None or recording.call_id != ctx.call.id:
        return None
    return recording


@bp.post("/recording/review")
@webhook
def recording_review(ctx: CallerContext) -> VoiceResponse:
    recording = callers_recording(ctx)
    if recording is None:
        return say_then_main(ctx, "apology")
    key = heard_key(ctx.digits, ctx.speech, REVIEW_CHOICES, ctx.language) or ""
    is_item = recording.purpose == RecordingPurpose.SHOPPING_ITEM
    response = VoiceResponse()
    if key == "2":
        ctx.say(response, "record_again")
        return record_verb(ctx, response, again_args(recording))
    if key == "0":  # 0 works in every menu; the recording is already kept
        return ctx.redirect(response, "phone.help_menu")
    if key == "3":
        if recording.twilio_url and recording.remote_deleted_at is None:
            ctx.say(response, "record_listen_back")
            response.play(recording.twilio_url)
        else:
            ctx.say(response, "record_playback_unavailable")
        return review_menu(ctx, response, recording)
    if key not in ("", "1"):
        ctx.say(response, "invalid_choice", keys=spoken_keys(["1", "2", "3"], ctx.language))
        return review_menu(ctx, response, recording)
    # 1, or no answer at all: it is kept (it already is; this only confirms it).
    item = linked_item(recording) if is_item else None
    if item is not None:
        item.confirmed_by_caller = True
    ctx.say(response, "record_kept_item" if is_item else "record_kept_comment")
    paper_id = getattr(item if is_item else linked_item(recording), "paper_id", None)
    if paper_id:  # a comment made from a paper: back to that section
        section = getattr(linked_item(recording), "section_position", None) or 1
        return ctx.redirect(response, "phone.papers_back", paper=paper_id, section=section)
    return ctx.back_to_main(response)


def again_args(recording: Recording) -> dict[str, str]:
    """The same purpose and paper as before, noting which take this one replaces."""
    args = {"purpose": "item" if recording.purpose == RecordingPurpose.SHOPPING_ITEM else "comment"}
    item = linked_item(recording)
    paper_id = getattr(item, "paper_id", None)
    if paper_id:
        args["paper_id"] = str(paper_id)
        section = getattr(item, "section_position", None)
        if section is not None:
            args["section"] = str(section)
    args["replaces"] = str(recording.id)
    return args
