"""Rendered paper audio for Twilio's <Play>.

With an S3 store Twilio fetches the object itself through a short-lived presigned URL, so audio
never passes through the web process. With the local folder it is GET /voice/audio/<id>/<token>.wav:
Twilio fetches <Play> URLs with a plain GET and no signature, so each URL carries a token, an HMAC
of the rendition id with SECRET_KEY. Without the right token the answer is 403; with it, only an
object in the speech cache area is ever sent (404 otherwise), so no path can be smuggled in.
When the store cannot be reached the caller hears the words with <Say> instead.
"""

from __future__ import annotations

import hashlib
import hmac
import io

from flask import Response, abort, current_app, send_file, url_for

from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import Paper, PaperSection, SpeechRendition
from voice_app.papers.rendering import find_rendition
from voice_app.phone import bp
from voice_app.storage import (
    PLAY_URL_SECONDS,
    SPEECH,
    ChecksumMismatch,
    NotStored,
    StoreError,
    current_store,
)

TOKEN_LENGTH = 32
MAX_ID = 2**31 - 1


def audio_token(rendition_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"speech-rendition:{rendition_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def audio_url(rendition: SpeechRendition) -> str:
    """The URL Twilio plays: presigned on the store, else ours on PUBLIC_BASE_URL."""
    direct = current_store().play_url(rendition.path, PLAY_URL_SECONDS)
    if direct:
        return direct
    base = current_app.config["SETTINGS"].public_base_url
    path = url_for("phone.paper_audio", rendition_id=rendition.id, token=audio_token(rendition.id))
    return base + path


def cached_audio(rendition: SpeechRendition) -> bytes | None:
    """The rendition's audio, if its key is a .wav in the speech cache area and checks out."""
    try:
        store = current_store()
        key = store.key_for(rendition.path)
        if not key.startswith(f"{SPEECH}/") or not key.endswith(".wav"):
            return None
        return store.get(key, rendition.sha256)
    except (NotStored, ChecksumMismatch):
        return None


def playable(paper: Paper, section: PaperSection, rate: int) -> SpeechRendition | None:
    """The section's audio at this rate; when there is none yet, ask the worker to make it.

    None also when the store cannot be reached or answers too slowly: the caller hears <Say>.
    """
    try:
        rendition = find_rendition(section.spoken_text, rate)
    except StoreError as exc:
        current_app.logger.warning("audio store unavailable, saying section instead: %s", exc)
        return None
    if rendition is None:
        enqueue(
            "render_paper",
            {"paper_id": paper.id, "rate": rate},
            dedupe_key=f"render_paper:{paper.id}:{paper.source_sha256}:{rate}",
            priority=40,
        )
    return rendition


@bp.get("/audio/<int:rendition_id>/<token>.wav")
def paper_audio(rendition_id: int, token: str) -> Response:
    if rendition_id > MAX_ID or not hmac.compare_digest(
        token.encode(), audio_token(rendition_id).encode()
    ):
        abort(403)
    rendition = db.session.get(SpeechRendition, rendition_id)
    audio = cached_audio(rendition) if rendition is not None else None
    if audio is None:
        abort(404)
    return send_file(io.BytesIO(audio), mimetype="audio/wav", conditional=True, max_age=3600)
