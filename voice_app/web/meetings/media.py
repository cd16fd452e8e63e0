"""Audio for the web view, only to people allowed to hear it, with Range support for players.

The audio comes from the store (local folder or bucket) through this view, checked against its
recorded checksum, so the access checks are the same whichever store holds it.
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from voice_app.models import PaperSection, Recording, RecordingStatus
from voice_app.storage import ChecksumMismatch, NotStored, current_store
from voice_app.web.access import get_or_404, require_group
from voice_app.web.meetings.renditions import audio_type, rendition_for

bp = Blueprint("media", __name__, url_prefix="/audio")


def send_stored(key: str | None, sha256: str | None):
    """The stored audio, or 404 when it is not there, not a proper key, or not what was stored."""
    try:
        audio = current_store().get(key, sha256)
    except (NotStored, ChecksumMismatch):
        abort(404)
    response = send_file(io.BytesIO(audio), mimetype=audio_type(key), conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/sections/<int:section_id>")
@login_required
def section(section_id: int):
    found = get_or_404(PaperSection, section_id)
    require_group(current_user, found.paper.meeting.group_id)
    rendition = rendition_for(found)
    if rendition is None:
        abort(404)
    return send_stored(rendition.path, rendition.sha256)


@bp.get("/recordings/<int:recording_id>")
@login_required
def recording(recording_id: int):
    found = get_or_404(Recording, recording_id)
    require_group(current_user, found.group_id)
    if found.status != RecordingStatus.STORED:
        abort(404)
    return send_stored(found.local_path, found.sha256)
