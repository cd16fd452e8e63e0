"""contact requests: residents asking for a person (call back, or a message left)

Revision ID: 0003
Revises: outreach_1
Create Date: 2026-12-01 05:30:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0003'
down_revision = 'outreach_1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'contact_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=True),
        sa.Column('phone', sa.String(length=32), nullable=True),
        sa.Column('source', sa.String(length=32), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('recording_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('done_at', sa.DateTime(), nullable=True),
        sa.Column('done_by_user_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_contact_requests_group_id_groups'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_contact_requests_person_id_people'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['recording_id'], ['recordings.id'], name=op.f('fk_contact_requests_recording_id_recordings'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['done_by_user_id'], ['users.id'], name=op.f('fk_contact_requests_done_by_user_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_requests')),
    )
    with op.batch_alter_table('contact_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_requests_group_id'), ['group_id'], unique=False)


def downgrade():
    with op.batch_alter_table('contact_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_requests_group_id'))
    op.drop_table('contact_requests')
