"""lessons

The region's shared lessons after calamiteiten: region-level (no gemeente, no personal data, the
month only), so not a tenant table; access goes through the region the reader works in.

Revision ID: b81d94c6e2a5
Revises: 36df0506f0ff
Create Date: 2026-11-24 00:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b81d94c6e2a5'
down_revision = '36df0506f0ff'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lessons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('service_type_id', sa.Integer(), nullable=True),
    sa.Column('theme', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('learned_in', sa.Date(), nullable=False),
    sa.Column('source_kind', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['region_id'], ['regions.id'], name=op.f('fk_lessons_region_id_regions')),
    sa.ForeignKeyConstraint(['service_type_id'], ['service_types.id'], name=op.f('fk_lessons_service_type_id_service_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lessons'))
    )
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lessons_learned_in'), ['learned_in'], unique=False)
        batch_op.create_index(batch_op.f('ix_lessons_region_id'), ['region_id'], unique=False)
        batch_op.create_index('ix_lessons_region_theme', ['region_id', 'theme'], unique=False)
        batch_op.create_index(batch_op.f('ix_lessons_service_type_id'), ['service_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lessons_theme'), ['theme'], unique=False)


def downgrade():
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lessons_theme'))
        batch_op.drop_index(batch_op.f('ix_lessons_service_type_id'))
        batch_op.drop_index('ix_lessons_region_theme')
        batch_op.drop_index(batch_op.f('ix_lessons_region_id'))
        batch_op.drop_index(batch_op.f('ix_lessons_learned_in'))
    op.drop_table('lessons')
