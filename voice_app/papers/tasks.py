"""Background jobs for papers."""

from __future__ import annotations

from typing import Any

from voice_app.extensions import db
from voice_app.jobs import PermanentJobError, handler
from voice_app.models import Paper
from voice_app.papers.rendering import NORMAL_RATE, render_paper


@handler("render_paper")
def render_paper_job(payload: dict[str, Any]) -> dict[str, Any]:
    paper = db.session.get(Paper, int(payload.get("paper_id", 0)))
    if paper is None:
        raise PermanentJobError(f"paper {payload.get('paper_id')!r} no longer exists")
    rate = int(payload.get("rate", NORMAL_RATE))
    return {"rendered": render_paper(paper, rate), "rate": rate}
