"""register absences: the register remembers who was marked absent

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'register_absences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('marked_by_user_id', sa.Integer(), nullable=True),
        sa.Column('marked_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['meeting_id'], ['meetings.id'],
            name=op.f('fk_register_absences_meeting_id_meetings'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['person_id'], ['people.id'],
            name=op.f('fk_register_absences_person_id_people'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['marked_by_user_id'], ['users.id'],
            name=op.f('fk_register_absences_marked_by_user_id_users'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_absences')),
        sa.UniqueConstraint(
            'meeting_id', 'person_id', name=op.f('uq_register_absences_meeting_id')
        ),
    )


def downgrade():
    op.drop_table('register_absences')
