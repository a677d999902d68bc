"""enforcement: advice, cases, improvement plans, measures and their decisions

Every table is tenant data under row-level security. Cases and besluiten (measure decisions)
use the scope "tenant_or_participants": the other participant gemeenten of the investigation
they point at may read them; advice, improvement plans and the measure procedure stay strict.

Revision ID: e5f0a7c1d2b4
Revises: 5b7e2c9d4a10
Create Date: 2026-11-24 00:40:00

"""
from alembic import op
import sqlalchemy as sa

from tenants import rls


# revision identifiers, used by Alembic.
revision = 'e5f0a7c1d2b4'
down_revision = '5b7e2c9d4a10'
branch_labels = None
depends_on = None

#: The participant rows of the investigation a shared row points at.
PARTICIPANTS = ("investigation_participants", "investigation_id", "investigation_id")
TABLES = ('enforcement_advices', 'enforcement_cases', 'enforcement_improvement_plans',
          'enforcement_measures', 'enforcement_measure_decisions')


def upgrade():
    op.create_table('enforcement_advices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('advised_on', sa.Date(), nullable=False),
    sa.Column('advised_by_id', sa.Integer(), nullable=True),
    sa.Column('recommends_improvement_plan', sa.Boolean(), nullable=False),
    sa.Column('recommended_kinds', sa.JSON(), nullable=False),
    sa.Column('reasoning', sa.Text(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['advised_by_id'], ['users.id'], name=op.f('fk_enforcement_advices_advised_by_id_users')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_enforcement_advices_gemeente_id_gemeenten')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_enforcement_advices_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_enforcement_advices_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_advices')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_enforcement_advices_gemeente_id_id'))
    )

    with op.batch_alter_table('enforcement_advices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_advices_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_advices_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_advices_provider_id'), ['provider_id'], unique=False)

    op.create_table('enforcement_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=True),
    sa.Column('advice_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('outcome_reasoning', sa.Text(), nullable=False),
    sa.Column('follow_up_investigation_id', sa.Integer(), nullable=True),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['follow_up_investigation_id'], ['investigations.id'], name=op.f('fk_enforcement_cases_follow_up_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['gemeente_id', 'advice_id'], ['enforcement_advices.gemeente_id', 'enforcement_advices.id'], name=op.f('fk_enforcement_cases_gemeente_id_advice_id_enforcement_advices')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_enforcement_cases_gemeente_id_gemeenten')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_enforcement_cases_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_enforcement_cases_opened_by_id_users')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_enforcement_cases_provider_id_providers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_cases')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_enforcement_cases_gemeente_id_id'))
    )

    with op.batch_alter_table('enforcement_cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_cases_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_cases_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_cases_provider_id'), ['provider_id'], unique=False)

    op.create_table('enforcement_improvement_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('term_weeks', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.Column('assessment', sa.String(length=20), nullable=True),
    sa.Column('assessment_reasoning', sa.Text(), nullable=False),
    sa.Column('recheck_on', sa.Date(), nullable=True),
    sa.Column('recheck_outcome', sa.String(length=20), nullable=True),
    sa.Column('recheck_reasoning', sa.Text(), nullable=False),
    sa.Column('recheck_investigation_id', sa.Integer(), nullable=True),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id', 'case_id'], ['enforcement_cases.gemeente_id', 'enforcement_cases.id'], name=op.f('fk_enforcement_improvement_plans_gemeente_id_case_id_enforcement_cases')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_enforcement_improvement_plans_gemeente_id_gemeenten')),
    sa.ForeignKeyConstraint(['recheck_investigation_id'], ['investigations.id'], name=op.f('fk_enforcement_improvement_plans_recheck_investigation_id_investigations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_improvement_plans')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_enforcement_improvement_plans_gemeente_id_id'))
    )

    with op.batch_alter_table('enforcement_improvement_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_improvement_plans_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_improvement_plans_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('enforcement_measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('intended_on', sa.Date(), nullable=False),
    sa.Column('view_term_weeks', sa.Integer(), nullable=False),
    sa.Column('view_due_on', sa.Date(), nullable=False),
    sa.Column('view_recorded_on', sa.Date(), nullable=True),
    sa.Column('view_received', sa.Boolean(), nullable=True),
    sa.Column('view_received_on', sa.Date(), nullable=True),
    sa.Column('view_summary', sa.Text(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), nullable=False),
    sa.Column('objection_due_on', sa.Date(), nullable=True),
    sa.Column('objection_lodged_on', sa.Date(), nullable=True),
    sa.Column('objection_late', sa.Boolean(), nullable=False),
    sa.Column('objection_committee', sa.Boolean(), nullable=False),
    sa.Column('objection_decision_due_on', sa.Date(), nullable=True),
    sa.Column('objection_decided_on', sa.Date(), nullable=True),
    sa.Column('objection_outcome', sa.String(length=20), nullable=True),
    sa.Column('appeal_due_on', sa.Date(), nullable=True),
    sa.Column('appeal_lodged_on', sa.Date(), nullable=True),
    sa.Column('appeal_decided_on', sa.Date(), nullable=True),
    sa.Column('appeal_outcome', sa.String(length=20), nullable=True),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id', 'case_id'], ['enforcement_cases.gemeente_id', 'enforcement_cases.id'], name=op.f('fk_enforcement_measures_gemeente_id_case_id_enforcement_cases')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_enforcement_measures_gemeente_id_gemeenten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_measures')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_enforcement_measures_gemeente_id_id'))
    )

    with op.batch_alter_table('enforcement_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_measures_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_measures_gemeente_id'), ['gemeente_id'], unique=False)

    op.create_table('enforcement_measure_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('imposed', sa.Boolean(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('legal_basis', sa.String(length=300), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('mandate', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('recovery_term_weeks', sa.Integer(), nullable=True),
    sa.Column('recovery_due_on', sa.Date(), nullable=True),
    sa.Column('penalty_amount_cents', sa.Integer(), nullable=True),
    sa.Column('penalty_unit', sa.String(length=40), nullable=False),
    sa.Column('penalty_cap_cents', sa.Integer(), nullable=True),
    sa.Column('standing', sa.String(length=20), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id', 'case_id'], ['enforcement_cases.gemeente_id', 'enforcement_cases.id'], name=op.f('fk_enforcement_measure_decisions_gemeente_id_case_id_enforcement_cases')),
    sa.ForeignKeyConstraint(['gemeente_id', 'measure_id'], ['enforcement_measures.gemeente_id', 'enforcement_measures.id'], name=op.f('fk_enforcement_measure_decisions_gemeente_id_measure_id_enforcement_measures')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_enforcement_measure_decisions_gemeente_id_gemeenten')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_enforcement_measure_decisions_investigation_id_investigations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_measure_decisions')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_enforcement_measure_decisions_gemeente_id_id'))
    )

    with op.batch_alter_table('enforcement_measure_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enforcement_measure_decisions_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_measure_decisions_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_measure_decisions_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enforcement_measure_decisions_measure_id'), ['measure_id'], unique=False)

    rls.enable_tenant_rls(op, 'enforcement_advices', 'strict')
    rls.enable_tenant_rls(op, 'enforcement_cases', 'tenant_or_participants', PARTICIPANTS)
    rls.enable_tenant_rls(op, 'enforcement_improvement_plans', 'strict')
    rls.enable_tenant_rls(op, 'enforcement_measures', 'strict')
    rls.enable_tenant_rls(op, 'enforcement_measure_decisions', 'tenant_or_participants', PARTICIPANTS)


def downgrade():
    for table in reversed(TABLES):
        op.drop_table(table)
