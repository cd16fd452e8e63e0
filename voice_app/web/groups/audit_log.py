"""Who did what, in plain English: the audit log of the person's groups (admins see everything)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from voice_app.audit_wording import in_words
from voice_app.extensions import db
from voice_app.models import AuditEntry
from voice_app.web.access import require_group, scope, visible_groups

bp = Blueprint("audit_log", __name__, url_prefix="/audit")
PAGE_SIZE = 100


@bp.get("")
@login_required
def index():
    group_id = request.args.get("group", type=int)
    before = request.args.get("before", type=int)
    query = scope(select(AuditEntry), AuditEntry.group_id, current_user)
    if group_id:
        require_group(current_user, group_id)
        query = query.where(AuditEntry.group_id == group_id)
    if before:
        query = query.where(AuditEntry.id < before)
    entries = db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE)).all()
    groups = visible_groups(current_user)
    return render_template(
        "audit_log.html",
        title="Audit log",
        entries=in_words(entries),
        groups=groups,
        group_names={g.id: g.name for g in groups},
        group_id=group_id,
        older=entries[-1].id if len(entries) == PAGE_SIZE else None,
    )
