"""security: guessing counters, session versions, retention per group

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

RETENTION_COLUMNS = (
    'transcript_retention_days',
    'call_retention_days',
    'text_retention_days',
    'audit_retention_days',
)


def upgrade():
    op.create_table(
        'guards',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('window_started_at', sa.DateTime(), nullable=False),
        sa.Column('pauses', sa.Integer(), nullable=False),
        sa.Column('paused_until', sa.DateTime(), nullable=True),
        sa.Column('held_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_guards')),
        sa.UniqueConstraint('key', name=op.f('uq_guards_key')),
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('session_version', sa.Integer(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('groups', schema=None) as batch_op:
        for name in RETENTION_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        for name in reversed(RETENTION_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    op.drop_table('guards')
