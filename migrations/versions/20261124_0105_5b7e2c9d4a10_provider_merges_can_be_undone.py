"""provider merges can be undone

A merge made in error can be undone: the merge row keeps what it changed (the records it
re-pointed, the KvK number the survivor took over) and when, by whom and why it was undone.
Registry data, not tenant data: no row-level security.

Revision ID: 5b7e2c9d4a10
Revises: b81d94c6e2a5
Create Date: 2026-11-24 00:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b7e2c9d4a10'
down_revision = 'b81d94c6e2a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('provider_merges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kvk_taken_over', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('repointed_ids', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('undone_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('undo_reason', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_provider_merges_undone_by_id_users'), 'users', ['undone_by_id'], ['id']
        )


def downgrade():
    with op.batch_alter_table('provider_merges', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_provider_merges_undone_by_id_users'), type_='foreignkey')
        batch_op.drop_column('undo_reason')
        batch_op.drop_column('undone_by_id')
        batch_op.drop_column('undone_at')
        batch_op.drop_column('repointed_ids')
        batch_op.drop_column('kvk_taken_over')
