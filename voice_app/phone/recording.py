"""Recording a comment or a shopping-list item: consent, <Record>, keep / again / listen back.

The recording's context (what it is for, which paper and section) travels in the query string of
the <Record> action and of the recording status callback, so each message stands on its own.
"""

from __future__ import annotations

from flask import current_app, request, url_for
from twilio.twiml.voice_response import VoiceResponse

from voice_app import audit
from voice_app.extensions import db
from voice_app.models import Paper, Recording, RecordingPurpose, RecordingStatus, utcnow
from voice_app.phone import bp
from voice_app.phone.recording_line import (
    back_to_main_menu,
    chosen_key,
    current_caller,
    on_the_line,
    say_then_menu,
    voice_of,
)
from voice_app.phone.security import twilio_signed
from voice_app.phone.twiml import menu_gather, speak, twiml
from voice_app.recordings.capture import (
    Caller,
    RecordingNotice,
    capture_recording,
    find_recording,
    linked_item,
    schedule_download,
)

MAX_RECORDING_SECONDS = 300
SILENCE_TIMEOUT_SECONDS = 10
PURPOSES = {"comment": RecordingPurpose.COMMENT, "item": RecordingPurpose.SHOPPING_ITEM}
REVIEW_WORDS = {"keep": "1", "yes": "1", "again": "2", "record": "2", "listen": "3", "play": "3"}
CONSENT_WORDS = {"yes": "1", "agree": "1", "no": "*", "back": "*"}


def context_args() -> dict[str, str]:
    """What this recording is about, carried from URL to URL (purpose first, for readable URLs)."""
    keep = ("purpose", "paper_id", "section", "replaces")
    return {
        key: request.args.get(key, "") for key in keep if request.args.get(key) or key == "purpose"
    }


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def needs_consent(caller: Caller) -> bool:
    if caller.person is not None:
        return not (caller.person.recording_consent and caller.person.recording_consent_at)
    return not (caller.call and (caller.call.state or {}).get("recording_consent"))


@bp.post("/comment")
@twilio_signed
def comment_start():
    return _start({**context_args(), "purpose": "comment"})


@bp.post("/shopping/add")
@twilio_signed
def shopping_add():
    return _start({**context_args(), "purpose": "item"})


def _start(args: dict[str, str]):
    caller, response, rate = on_the_line()
    extra = voice_of(caller)[1]
    if caller.group_id is None:
        return say_then_menu(response, caller, "recording_no_group")
    if needs_consent(caller):
        gather = menu_gather(response, url_for("phone.recording_consent", **args), "yes, no", extra)
        speak(gather, "recording_consent_ask", rate=rate)
        return twiml(response)
    speak(response, "recording_consent_reminder", rate=rate)
    return twiml(record_verb(response, caller, args))


@bp.post("/recording/consent")
@twilio_signed
def recording_consent():
    caller, response, rate = on_the_line()
    args = context_args()
    if chosen_key(CONSENT_WORDS) != "1":
        return say_then_menu(response, caller, "recording_consent_declined")
    if caller.person is not None:
        caller.person.recording_consent = True
        caller.person.recording_consent_at = utcnow()
        audit.record(
            f"person:{caller.person.id}",
            "person.recording_consent_given",
            entity="person",
            entity_id=caller.person.id,
            group_id=caller.group_id,
        )
    elif caller.call is not None:
        caller.call.state = dict(caller.call.state or {}, recording_consent=True)
    db.session.commit()
    speak(response, "recording_consent_thanks", rate=rate)
    return twiml(record_verb(response, caller, args))


def record_verb(response: VoiceResponse, caller: Caller, args: dict[str, str]) -> VoiceResponse:
    """Introduce, then <Record> with a generous length; falls through to the menu on silence."""
    rate, _ = voice_of(caller)
    if args.get("purpose") == "item":
        speak(response, "shopping_add_intro", rate=rate)
    else:
        paper = db.session.get(Paper, int(args["paper_id"])) if args.get("paper_id") else None
        if paper is not None:
            speak(response, "comment_intro_paper", rate=rate, paper=paper.title)
        else:
            speak(response, "comment_intro", rate=rate)
    speak(response, "record_instructions", rate=rate)
    base = current_app.config["SETTINGS"].public_base_url
    response.record(
        action=url_for("phone.recording_done", **args),
        method="POST",
        max_length=MAX_RECORDING_SECONDS,
        timeout=SILENCE_TIMEOUT_SECONDS,
        finish_on_key="#",
        play_beep=True,
        trim="trim-silence",
        recording_status_callback=base + url_for("phone.recording_status", **args),
        recording_status_callback_event="completed",
        recording_status_callback_method="POST",
    )
    speak(response, "record_nothing_heard", rate=rate)
    response.redirect(url_for("phone.main_menu"), method="POST")
    return response


def notice_from_request() -> RecordingNotice | None:
    sid = (request.form.get("RecordingSid") or "").strip()
    if not sid:
        return None
    duration = request.form.get("RecordingDuration", "")
    return RecordingNotice(
        recording_sid=sid,
        recording_url=request.form.get("RecordingUrl") or None,
        purpose=PURPOSES.get(request.args.get("purpose", ""), RecordingPurpose.COMMENT),
        duration_seconds=float(duration) if duration.isdigit() else None,
        paper_id=_int_arg("paper_id"),
        section=_int_arg("section"),
        replaces_recording_id=_int_arg("replaces"),
    )


@bp.post("/recording")
@twilio_signed
def recording_status():
    """Twilio's recording status callback: rows at once, then the download job."""
    notice = notice_from_request()
    status = request.form.get("RecordingStatus", "completed")
    if notice is not None and status == "completed":
        caller = current_caller(request.form.get("CallSid"))
        recording = capture_recording(notice, caller)
        urgent = recording.purpose == RecordingPurpose.SHOPPING_ITEM
        schedule_download(recording, now=True, urgent=urgent)
    elif notice is not None:
        recording = find_recording(notice.recording_sid)
        if recording is not None and recording.status == RecordingStatus.PENDING:
            recording.status = RecordingStatus.FAILED
            recording.error = f"Twilio reported the recording {status}"
        audit.record("twilio", "recording.not_completed", sid=notice.recording_sid, status=status)
    db.session.commit()
    return twiml(VoiceResponse())


@bp.post("/recording/done")
@twilio_signed
def recording_done():
    """The <Record> action: keep the recording at once, then offer keep / again / listen."""
    caller, response, _ = on_the_line()
    notice = notice_from_request()
    if notice is None or caller.group_id is None:
        return say_then_menu(response, caller, "record_nothing_heard")
    recording = capture_recording(notice, caller)
    urgent = recording.purpose == RecordingPurpose.SHOPPING_ITEM
    schedule_download(recording, now=False, urgent=urgent)  # a backstop for a lost callback
    db.session.commit()
    if recording.purpose == RecordingPurpose.SHOPPING_ITEM:
        response.redirect(url_for("phone.shopping_heard", recording=recording.id), method="POST")
        return twiml(response)
    return twiml(review_menu(response, caller, recording))


def review_menu(response: VoiceResponse, caller: Caller, recording: Recording) -> VoiceResponse:
    rate, extra = voice_of(caller)
    hints = "keep, again, listen"
    gather = menu_gather(
        response, url_for("phone.recording_review", recording=recording.id), hints, extra
    )
    is_item = recording.purpose == RecordingPurpose.SHOPPING_ITEM
    speak(gather, "shopping_heard_review" if is_item else "record_review", rate=rate)
    return response


def callers_recording(caller: Caller) -> Recording | None:
    """The recording named in the URL, only if it was made on this call."""
    recording_id = _int_arg("recording")
    recording = db.session.get(Recording, recording_id) if recording_id else None
    if recording is None or caller.call is None or recording.call_id != caller.call.id:
        return None
    return recording


@bp.post("/recording/review")
@twilio_signed
def recording_review():
    caller, response, rate = on_the_line()
    recording = callers_recording(caller)
    if recording is None:
        return say_then_menu(response, caller, "apology")
    key = chosen_key(REVIEW_WORDS)
    is_item = recording.purpose == RecordingPurpose.SHOPPING_ITEM
    if key == "2":
        speak(response, "record_again", rate=rate)
        return twiml(record_verb(response, caller, again_args(recording)))
    if key == "3":
        if recording.twilio_url and recording.remote_deleted_at is None:
            speak(response, "record_listen_back", rate=rate)
            response.play(recording.twilio_url)
        else:
            speak(response, "record_playback_unavailable", rate=rate)
        return twiml(review_menu(response, caller, recording))
    if key not in ("", "1"):
        speak(response, "invalid_choice", rate=rate, keys="1, 2 or 3")
        return twiml(review_menu(response, caller, recording))
    # 1, or no answer at all: it is kept (it already is; this only confirms it).
    if is_item:
        item = linked_item(recording)
        if item is not None:
            item.confirmed_by_caller = True
            db.session.commit()
    speak(response, "record_kept_item" if is_item else "record_kept_comment", rate=rate)
    return back_to_main_menu(response, caller)


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
