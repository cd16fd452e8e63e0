"""The migrations are the schema: they must match the models exactly, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from voice_app.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
