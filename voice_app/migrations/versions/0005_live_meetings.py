"""live meetings: agenda items, hands raised, each person's seat in a live meeting

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 05:07:16.342647

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=True),
    sa.Column('shopping_item_id', sa.Integer(), nullable=True),
    sa.Column('lead', sa.String(length=200), nullable=True),
    sa.Column('expected_minutes', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['papers.id'], name=op.f('fk_agenda_items_paper_id_papers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['shopping_item_id'], ['shopping_items.id'], name=op.f('fk_agenda_items_shopping_item_id_shopping_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('hand_raises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('floor_given_at', sa.DateTime(), nullable=True),
    sa.Column('lowered_at', sa.DateTime(), nullable=True),
    sa.Column('lowered_by', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_hand_raises_agenda_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_hand_raises_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_hand_raises_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hand_raises'))
    )
    with op.batch_alter_table('hand_raises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hand_raises_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_seats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('muted', sa.Boolean(), nullable=False),
    sa.Column('stepped_out_at', sa.DateTime(), nullable=True),
    sa.Column('item_at_step_out_id', sa.Integer(), nullable=True),
    sa.Column('hand_at_step_out_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['hand_at_step_out_id'], ['hand_raises.id'], name=op.f('fk_meeting_seats_hand_at_step_out_id_hand_raises'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_at_step_out_id'], ['agenda_items.id'], name=op.f('fk_meeting_seats_item_at_step_out_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_seats_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_meeting_seats_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_seats')),
    sa.UniqueConstraint('meeting_id', 'person_id', name=op.f('uq_meeting_seats_meeting_id'))
    )


def downgrade():
    op.drop_table('meeting_seats')
    with op.batch_alter_table('hand_raises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hand_raises_meeting_id'))

    op.drop_table('hand_raises')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))

    op.drop_table('agenda_items')
