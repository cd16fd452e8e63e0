"""voice-app: a phone- and voice-accessible meeting assistant for co-production groups."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

from voice_app.config import Settings
from voice_app.extensions import csrf, db, login_manager


def create_app(test_config: dict[str, Any] | None = None, routes: bool = True) -> Flask:
    """Build the app: settings, extensions, blueprints, in named steps.

    routes=False leaves out the web pages and webhooks (importing them is most of a start-up:
    1.3 s of CPU), for a command that only works on the database and the store."""
    app = Flask(__name__)
    app.url_map.converters["int"] = DatabaseId
    settings = (test_config or {}).get("SETTINGS") or Settings.from_env()
    app.config.from_mapping(settings.flask_config())
    if test_config:
        app.config.update(test_config)
    register_extensions(app)
    if routes:
        register_blueprints(app)
    return app


class DatabaseId(IntegerConverter):
    """`<int:...>` in every route: only numbers a database id can be (PostgreSQL's integer), so
    /people/99999999999999999999 is a plain 404, never an overflow inside the database."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int = 0, max: int | None = None):
        super().__init__(url_map, fixed_digits, min, 2**31 - 1 if max is None else max)


def register_extensions(app: Flask) -> None:
    db.init_app(app)  # Flask-Migrate is bound when the schema is upgraded: upgrade_schema()
    login_manager.init_app(app)
    csrf.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)


def register_blueprints(app: Flask) -> None:
    from voice_app.health import bp as health_bp
    from voice_app.outreach.sms_routes import bp as sms_bp
    from voice_app.phone import bp as phone_bp
    from voice_app.web import register_web

    app.register_blueprint(health_bp)
    app.register_blueprint(phone_bp)
    csrf.exempt(phone_bp)  # Twilio signs its requests instead; see telephony/security.py
    app.register_blueprint(sms_bp)
    csrf.exempt(sms_bp)  # the text line is signed by Twilio like /voice/*
    register_web(app)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, and WAL so a web process and a worker can share one SQLite file.

    synchronous=NORMAL: in WAL mode a commit no longer waits for the disk on every webhook
    (the database cannot be corrupted; a power cut may lose the last moments' changes), which
    was the largest single cost of a phone webhook on SQLite. secure_delete=ON: deleted rows are
    overwritten in the file, so an erasure leaves no trace without rebuilding the file."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # an erased person's bytes are zeroed, not left
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


__all__ = ["create_app", "Engine"]
