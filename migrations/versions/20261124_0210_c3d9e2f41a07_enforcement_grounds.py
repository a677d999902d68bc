"""enforcement grounds: the findings an advice and a measure rest on

An advice and a measure that needs a finding now name the findings (tekortkomingen of the
provider in the investigation) they rest on. Both link tables are strict tenant data of the
advice's or measure's gemeente, under row-level security.

Revision ID: c3d9e2f41a07
Revises: c9664714c08e
Create Date: 2026-11-24 02:10:00

"""
from alembic import op
import sqlalchemy as sa

from tenants import rls


# revision identifiers, used by Alembic.
revision = 'c3d9e2f41a07'
down_revision = 'c9664714c08e'
branch_labels = None
depends_on = None

#: (table, the column naming the enforcement row, the table it points at)
LINKS = (
    ('enforcement_advice_findings', 'advice_id', 'enforcement_advices'),
    ('enforcement_measure_findings', 'measure_id', 'enforcement_measures'),
)


def upgrade():
    for table, column, target in LINKS:
        op.create_table(table,
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column(column, sa.Integer(), nullable=False),
        sa.Column('finding_id', sa.Integer(), nullable=False),
        sa.Column('gemeente_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['finding_id'], ['investigation_findings.id'], name=op.f(f'fk_{table}_finding_id_investigation_findings')),
        sa.ForeignKeyConstraint(['gemeente_id', column], [f'{target}.gemeente_id', f'{target}.id'], name=op.f(f'fk_{table}_gemeente_id_{column}_{target}')),
        sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f(f'fk_{table}_gemeente_id_gemeenten')),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint(column, 'finding_id', name=op.f(f'uq_{table}_{column}_finding_id')),
        sa.UniqueConstraint('gemeente_id', 'id', name=op.f(f'uq_{table}_gemeente_id_id'))
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_finding_id'), ['finding_id'], unique=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_gemeente_id'), ['gemeente_id'], unique=False)
        rls.enable_tenant_rls(op, table, 'strict')


def downgrade():
    for table, _, _ in reversed(LINKS):
        op.drop_table(table)
