"""GET /healthz: is the app up, and can it reach its database."""

from flask import Blueprint, jsonify
from sqlalchemy import text

from voice_app.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return jsonify(status="error", database=str(exc.__class__.__name__)), 503
    return jsonify(status="ok", database=db.engine.dialect.name)
