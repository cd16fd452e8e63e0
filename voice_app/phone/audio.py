"""Rendered paper audio for Twilio's <Play>: GET /voice/audio/<id>/<token>.wav.

Twilio fetches <Play> URLs with a plain GET and no signature, so each URL carries a token: an HMAC
of the rendition id with SECRET_KEY. Without the right token the answer is 403; with it, only a
file inside the speech cache folder is ever sent (404 otherwise), so no path can be smuggled in.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from flask import Response, abort, current_app, send_file, url_for

from voice_app.extensions import db
from voice_app.jobs import enqueue
from voice_app.models import Paper, PaperSection, SpeechRendition
from voice_app.papers.rendering import find_rendition
from voice_app.phone import bp

TOKEN_LENGTH = 32
MAX_ID = 2**31 - 1


def audio_token(rendition_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"speech-rendition:{rendition_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def audio_url(rendition: SpeechRendition) -> str:
    """The absolute URL Twilio plays, on PUBLIC_BASE_URL."""
    base = current_app.config["SETTINGS"].public_base_url
    path = url_for("phone.paper_audio", rendition_id=rendition.id, token=audio_token(rendition.id))
    return base + path


def cached_file(rendition: SpeechRendition) -> Path | None:
    """The rendition's file, if it really is a file inside the speech cache folder."""
    cache = current_app.config["SETTINGS"].tts_cache_dir.resolve()
    path = Path(rendition.path).resolve()
    if not path.is_relative_to(cache) or path.suffix != ".wav" or not path.is_file():
        return None
    return path


def playable(paper: Paper, section: PaperSection, rate: int) -> SpeechRendition | None:
    """The section's audio at this rate; when there is none yet, ask the worker to make it."""
    rendition = find_rendition(section.spoken_text, rate)
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
    path = cached_file(rendition) if rendition is not None else None
    if path is None:
        abort(404)
    return send_file(path, mimetype="audio/wav", conditional=True, max_age=3600)
