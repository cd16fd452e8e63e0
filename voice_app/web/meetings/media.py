"""Audio for the web view, only to people allowed to hear it, with Range support for players."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, send_file
from flask_login import current_user, login_required

from voice_app.models import PaperSection, Recording, RecordingStatus
from voice_app.web.access import get_or_404, require_group
from voice_app.web.meetings.renditions import audio_type, rendition_for, safe_data_path

bp = Blueprint("media", __name__, url_prefix="/audio")


def _send(path):
    response = send_file(path, mimetype=audio_type(path), conditional=True, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/sections/<int:section_id>")
@login_required
def section(section_id: int):
    found = get_or_404(PaperSection, section_id)
    require_group(current_user, found.paper.meeting.group_id)
    rendition = rendition_for(found)
    path = safe_data_path(
        rendition.path if rendition else None, current_app.config["SETTINGS"].data_dir
    )
    if path is None:
        abort(404)
    return _send(path)


@bp.get("/recordings/<int:recording_id>")
@login_required
def recording(recording_id: int):
    found = get_or_404(Recording, recording_id)
    require_group(current_user, found.group_id)
    if found.status != RecordingStatus.STORED:
        abort(404)
    path = safe_data_path(found.local_path, current_app.config["SETTINGS"].data_dir)
    if path is None:
        abort(404)
    return _send(path)
