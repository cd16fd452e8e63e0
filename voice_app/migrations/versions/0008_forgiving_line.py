"""a line that forgives: the group's phone voice, papers through that voice, keys only while reading

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 05:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone_voice', sa.String(length=64), nullable=False, server_default='Polly.Amy-Neural'))
        batch_op.add_column(sa.Column('papers_by_say', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keys_only_while_reading', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('keys_only_while_reading')
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_column('papers_by_say')
        batch_op.drop_column('phone_voice')
