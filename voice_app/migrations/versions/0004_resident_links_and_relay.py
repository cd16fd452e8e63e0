"""resident links (a resident's own page) and Relay UK as a phone preference

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 05:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'resident_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('nonce', sa.String(length=64), nullable=False),
        sa.Column('made_by', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_resident_links_person_id_people'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_resident_links_group_id_groups'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resident_links')),
        sa.UniqueConstraint('nonce', name=op.f('uq_resident_links_nonce')),
    )
    with op.batch_alter_table('resident_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resident_links_person_id'), ['person_id'], unique=False)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('uses_relay_uk', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('uses_relay_uk')
    with op.batch_alter_table('resident_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resident_links_person_id'))
    op.drop_table('resident_links')
