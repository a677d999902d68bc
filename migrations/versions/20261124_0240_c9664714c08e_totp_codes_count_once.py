"""totp codes count once

users.totp_last_step: the RFC 6238 time step of the last second-factor code accepted, so the
same code cannot be used twice within the window it stays valid. API tokens always expire now:
a token made without a validity (it used to mean "never") gets the longest, 365 days from now.

Revision ID: c9664714c08e
Revises: 5e1a0c2d7b93
Create Date: 2026-11-24 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9664714c08e'
down_revision = '5e1a0c2d7b93'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE api_tokens SET expires_at = now() + interval '365 days' WHERE expires_at IS NULL")
    else:
        op.execute("UPDATE api_tokens SET expires_at = datetime('now', '+365 days') WHERE expires_at IS NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
