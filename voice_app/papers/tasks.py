"""Background jobs for papers."""

from __future__ import annotations

from typing import Any

from voice_app.extensions import db
from voice_app.jobs import PermanentJobError, handler
from voice_app.models import Paper
from voice_app.papers.rendering import NORMAL_RATE, forget_unsaid_renditions, render_paper
from voice_app.storage import PAPERS, current_store


@handler("render_paper")
def render_paper_job(payload: dict[str, Any]) -> dict[str, Any]:
    paper = db.session.get(Paper, int(payload.get("paper_id", 0)))
    if paper is None:
        raise PermanentJobError(f"paper {payload.get('paper_id')!r} no longer exists")
    rate = int(payload.get("rate", NORMAL_RATE))
    return {"rendered": render_paper(paper, rate), "rate": rate}


@handler("delete_stored_files")
def delete_stored_files(payload: dict[str, Any]) -> dict[str, Any]:
    """Delete a removed paper's files: whole folders (prefixes) and single keys, and the audio
    of its words when no other paper says them."""
    store = current_store()
    keys = [str(key) for key in payload.get("keys", [])]
    for prefix in payload.get("prefixes", []):
        if not str(prefix).startswith(f"{PAPERS}/"):
            raise PermanentJobError(f"{prefix!r} is not a paper's folder")
        keys.extend(store.list(str(prefix)))
    for key in keys:
        store.delete(key)
    return {"deleted": len(keys), "renditions_forgotten": forget_unsaid_renditions()}
