"""Extension objects, created here and bound to the app in create_app."""

from pathlib import Path

from flask import current_app
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations portable between SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def upgrade_schema() -> None:
    """Bring the current app's database to the newest migration (safe to run again).

    Flask-Migrate is bound here, on first use, not in create_app: importing it loads Alembic
    (about 0.5 s of CPU), which only the commands that change the schema need, not every
    `voice-app` command or web worker."""
    from flask_migrate import Migrate, upgrade

    if "migrate" not in current_app.extensions:
        Migrate(
            current_app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True, compare_type=True
        )
    upgrade()
