"""speech recognition: each transcript's model revision and overall confidence

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('transcripts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('confidence', sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table('transcripts', schema=None) as batch_op:
        batch_op.drop_column('confidence')
        batch_op.drop_column('revision')
