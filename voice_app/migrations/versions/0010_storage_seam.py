"""storage seam: renditions record their checksum; storage switches record the active store

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 05:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'storage_switches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('previous_url', sa.String(length=500), nullable=False),
        sa.Column('objects', sa.Integer(), nullable=False),
        sa.Column('switched_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_storage_switches')),
    )
    with op.batch_alter_table('speech_renditions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('speech_renditions', schema=None) as batch_op:
        batch_op.drop_column('sha256')
    op.drop_table('storage_switches')
