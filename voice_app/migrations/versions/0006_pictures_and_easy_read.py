"""papers: pictures and their descriptions, release with a reason, Easy Read companions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 05:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'paper_pictures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('paper_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('page', sa.Integer(), nullable=True),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('stored_path', sa.String(length=500), nullable=True),
        sa.Column('author_description', sa.Text(), nullable=True),
        sa.Column('text_before', sa.Text(), nullable=False),
        sa.Column('text_after', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['paper_id'], ['papers.id'], name=op.f('fk_paper_pictures_paper_id_papers'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_paper_pictures')),
    )
    with op.batch_alter_table('paper_pictures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_pictures_paper_id'), ['paper_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_paper_pictures_sha256'), ['sha256'], unique=False)
    op.create_table(
        'picture_descriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('short', sa.Text(), nullable=True),
        sa.Column('long', sa.Text(), nullable=True),
        sa.Column('decorative', sa.Boolean(), nullable=False),
        sa.Column('updated_by', sa.String(length=200), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['group_id'], ['groups.id'], name=op.f('fk_picture_descriptions_group_id_groups'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_picture_descriptions')),
        sa.UniqueConstraint(
            'group_id', 'sha256', name=op.f('uq_picture_descriptions_group_id')
        ),
    )
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('release_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('easy_read_of_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_papers_easy_read_of_id'), ['easy_read_of_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_papers_easy_read_of_id_papers'), 'papers', ['easy_read_of_id'], ['id'],
            ondelete='CASCADE',
        )
    with op.batch_alter_table('paper_sections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('picture_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_paper_sections_picture_id_paper_pictures'), 'paper_pictures',
            ['picture_id'], ['id'], ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('paper_sections', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_paper_sections_picture_id_paper_pictures'), type_='foreignkey'
        )
        batch_op.drop_column('picture_id')
    with op.batch_alter_table('papers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_papers_easy_read_of_id_papers'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_papers_easy_read_of_id'))
        batch_op.drop_column('easy_read_of_id')
        batch_op.drop_column('release_reason')
    op.drop_table('picture_descriptions')
    with op.batch_alter_table('paper_pictures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_pictures_sha256'))
        batch_op.drop_index(batch_op.f('ix_paper_pictures_paper_id'))
    op.drop_table('paper_pictures')
