"""outreach: the meeting an outbound message is about, and texting STOP

Revision ID: outreach_1
Revises: 0001
Create Date: 2026-11-26 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'outreach_1'  # kept under the NNNN_ file name: deployed databases hold this id
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_outbound_messages_meeting_id_meetings'),
            'meetings', ['meeting_id'], ['id'], ondelete='SET NULL',
        )
        batch_op.create_index(
            batch_op.f('ix_outbound_messages_twilio_sid'), ['twilio_sid'], unique=False
        )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('sms_opt_out', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('sms_opt_out')
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_messages_twilio_sid'))
        batch_op.drop_constraint(
            batch_op.f('fk_outbound_messages_meeting_id_meetings'), type_='foreignkey'
        )
        batch_op.drop_column('meeting_id')
