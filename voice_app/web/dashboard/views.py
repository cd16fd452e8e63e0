"""GET /: what needs doing now, across the groups the signed-in person runs; and the list behind
each count."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from voice_app import waiting_work
from voice_app.extensions import db
from voice_app.models import Meeting, User
from voice_app.transcripts import current_text
from voice_app.web.access import can_manage, visible_group_ids, visible_groups
from voice_app.web.dashboard import overview

bp = Blueprint("dashboard", __name__)
RECENT = 5


def managed_group_ids(user: User) -> list[int] | None:
    """The groups a user runs (None: every group, for an admin); co-chairs run none."""
    ids = visible_group_ids(user)
    return None if ids is None else [i for i in ids if can_manage(user, i)]


@bp.get("/")
@login_required
def index():
    group_ids = visible_group_ids(current_user)
    groups = visible_groups(current_user)
    comments = waiting_work.comments_to_review(group_ids).limit(RECENT)
    items = waiting_work.items_to_decide(group_ids).limit(RECENT)
    return render_template(
        "dashboard.html",
        title="Dashboard",
        groups=groups,
        gaps={g.id: overview.co_chair_gaps(g) for g in groups},
        cards=waiting_work.cards(group_ids, managed_group_ids(current_user)),
        card_titles=overview.CARD_TITLES,
        card_hints=overview.CARD_HINTS,
        card_url=overview.card_url,
        meetings=waiting_work.upcoming(group_ids),
        notice_status=overview.notice_status,
        papers_status=overview.papers_status,
        comments=list(db.session.scalars(comments)),
        current_text=current_text,
        items=list(db.session.scalars(items)),
    )


@bp.get("/waiting/<kind>")
@login_required
def waiting(kind: str):
    """The meetings or payments behind one card; money and attendance only for those who run
    the group."""
    if kind not in waiting_work.MEETING_KINDS and kind != waiting_work.APPROVED:
        abort(404)
    group_ids = visible_group_ids(current_user)
    if kind in waiting_work.MANAGER_KINDS:
        group_ids = managed_group_ids(current_user)
        if group_ids == []:
            abort(403)
    payments = meetings = []
    if kind == waiting_work.APPROVED:
        found = db.session.scalars(waiting_work.approved_not_paid(group_ids))
        payments = [(p, db.session.get(Meeting, p.meeting_id)) for p in found]
    else:
        meetings = waiting_work.meetings(kind, group_ids)
    return render_template(
        "dashboard/waiting.html",
        title=overview.CARD_TITLES[kind],
        kind=kind,
        meetings=meetings,
        payments=payments,
        papers_status=overview.papers_status,
        notice_status=overview.notice_status,
    )
