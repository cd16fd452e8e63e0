"""cancel a meeting with a reason; a removed paper's listening time stays paid

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('listening_times', schema=None) as batch_op:
        batch_op.alter_column('paper_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint('fk_listening_times_paper_id_papers', type_='foreignkey')
        batch_op.create_foreign_key(
            'fk_listening_times_paper_id_papers', 'papers', ['paper_id'], ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('listening_times', schema=None) as batch_op:
        batch_op.drop_constraint('fk_listening_times_paper_id_papers', type_='foreignkey')
        batch_op.create_foreign_key(
            'fk_listening_times_paper_id_papers', 'papers', ['paper_id'], ['id'],
            ondelete='CASCADE',
        )
    op.execute('DELETE FROM listening_times WHERE paper_id IS NULL')
    with op.batch_alter_table('listening_times', schema=None) as batch_op:
        batch_op.alter_column('paper_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
