"""attachments

Uploads belonging to a tenant record (a melding, later an investigation): the checked metadata
here, the bytes in regiotoezicht.storage under g<gemeente>/attachments/<uuid>. A tenant table
with row-level security.

Revision ID: a7c3e1f20b44
Revises: 7c1e5a0b9d21
Create Date: 2026-11-24 00:00:00

"""
from alembic import op
import sqlalchemy as sa

from tenants import rls


# revision identifiers, used by Alembic.
revision = 'a7c3e1f20b44'
down_revision = '7c1e5a0b9d21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=300), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_attachments_gemeente_id_gemeenten')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_attachments_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_attachments_gemeente_id_id')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_attachments_storage_key'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index('ix_attachments_subject', ['subject_type', 'subject_id'], unique=False)
    rls.enable_tenant_rls(op, "attachments", "strict")


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index('ix_attachments_subject')
        batch_op.drop_index(batch_op.f('ix_attachments_gemeente_id'))
    op.drop_table('attachments')
