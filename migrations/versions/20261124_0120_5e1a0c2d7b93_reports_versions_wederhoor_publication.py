"""reports: versions, status history, hoor en wederhoor, dispatches, publication per gemeente

Region-level report rows belong to an investigation and follow its participants (scope
"participants", one RLS policy with EXISTS on investigation_participants); publication rows are
strict tenant rows of the gemeente that decides. Versions, status histories and dispatches are
append-only for the app role: REVOKE UPDATE, DELETE (tests/blueprints/reports prove it).

Revision ID: 5e1a0c2d7b93
Revises: 7d447a45c6de
Create Date: 2026-11-24 01:00:00

"""
from alembic import op
import sqlalchemy as sa
from flask import current_app

from tenants import rls


# revision identifiers, used by Alembic.
revision = '5e1a0c2d7b93'
down_revision = '7d447a45c6de'
branch_labels = None
depends_on = None

PARTICIPANTS = ("investigation_participants", "investigation_id", "investigation_id")
REPORT_TABLES = (
    "reports", "report_versions", "report_status_changes", "report_response_rounds",
    "report_response_points", "report_dispatches",
)
PUBLICATION_TABLES = ("report_publications", "report_legal_remedies", "report_publication_status_changes")
#: Immutable for the app: a new version is a new row, history is only ever appended.
APPEND_ONLY = ("report_versions", "report_status_changes", "report_dispatches", "report_publication_status_changes")


def upgrade():
    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('judgement', sa.Text(), nullable=False),
    sa.Column('advice', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_version_id', sa.Integer(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_reports_approved_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_reports_investigation_id_investigations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('investigation_id', name=op.f('uq_reports_investigation_id'))
    )
    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('pdf_key', sa.String(length=300), nullable=True),
    sa.Column('based_on_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('dated_on', sa.Date(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['based_on_id'], ['report_versions.id'], name=op.f('fk_report_versions_based_on_id_report_versions')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_report_versions_created_by_id_users')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_report_versions_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_versions_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_versions')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_report_versions_report_id_number'))
    )
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_versions_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_versions_report_id'), ['report_id'], unique=False)

    op.create_table('report_dispatches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('recipient_kind', sa.String(length=20), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('to_gemeente_id', sa.Integer(), nullable=True),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('outbox_message_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_report_dispatches_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['outbox_message_id'], ['outbox_messages.id'], name=op.f('fk_report_dispatches_outbox_message_id_outbox_messages')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_report_dispatches_provider_id_providers')),
    sa.ForeignKeyConstraint(['to_gemeente_id'], ['gemeenten.id'], name=op.f('fk_report_dispatches_to_gemeente_id_gemeenten')),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'], name=op.f('fk_report_dispatches_version_id_report_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_dispatches'))
    )
    with op.batch_alter_table('report_dispatches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_dispatches_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_dispatches_version_id'), ['version_id'], unique=False)

    op.create_table('report_publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('publish', sa.Boolean(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('woo_basis', sa.String(length=300), nullable=False),
    sa.Column('decision_reference', sa.String(length=100), nullable=False),
    sa.Column('delay_weeks', sa.Integer(), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('bestuurlijke_reactie', sa.Text(), nullable=False),
    sa.Column('bestuurlijke_reactie_on', sa.Date(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('published_version_id', sa.Integer(), nullable=True),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_report_publications_gemeente_id_gemeenten')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_report_publications_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['published_version_id'], ['report_versions.id'], name=op.f('fk_report_publications_published_version_id_report_versions')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_publications_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_publications')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_report_publications_gemeente_id_id')),
    sa.UniqueConstraint('gemeente_id', 'report_id', name=op.f('uq_report_publications_gemeente_id_report_id'))
    )
    with op.batch_alter_table('report_publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_publications_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_publications_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_publications_report_id'), ['report_id'], unique=False)

    op.create_table('report_response_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('concept_version_id', sa.Integer(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('term_weeks', sa.Integer(), nullable=False),
    sa.Column('term_gemeente_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('reaction', sa.Text(), nullable=False),
    sa.Column('reaction_words', sa.Integer(), nullable=False),
    sa.Column('attach_reaction', sa.Boolean(), nullable=False),
    sa.Column('publication_view', sa.String(length=20), nullable=False),
    sa.Column('publication_view_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['concept_version_id'], ['report_versions.id'], name=op.f('fk_report_response_rounds_concept_version_id_report_versions')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_report_response_rounds_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['provider_id'], ['providers.id'], name=op.f('fk_report_response_rounds_provider_id_providers')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_response_rounds_report_id_reports')),
    sa.ForeignKeyConstraint(['term_gemeente_id'], ['gemeenten.id'], name=op.f('fk_report_response_rounds_term_gemeente_id_gemeenten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_response_rounds')),
    sa.UniqueConstraint('report_id', 'provider_id', name=op.f('uq_report_response_rounds_report_id_provider_id'))
    )
    with op.batch_alter_table('report_response_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_response_rounds_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_response_rounds_report_id'), ['report_id'], unique=False)

    op.create_table('report_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_report_status_changes_changed_by_id_users')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_report_status_changes_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_status_changes_report_id_reports')),
    sa.ForeignKeyConstraint(['version_id'], ['report_versions.id'], name=op.f('fk_report_status_changes_version_id_report_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_status_changes'))
    )
    with op.batch_alter_table('report_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_status_changes_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_status_changes_report_id'), ['report_id'], unique=False)

    op.create_table('report_legal_remedies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('lodged_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['gemeente_id', 'publication_id'], ['report_publications.gemeente_id', 'report_publications.id'], name=op.f('fk_report_legal_remedies_gemeente_id_publication_id_report_publications')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_report_legal_remedies_gemeente_id_gemeenten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_legal_remedies')),
    sa.UniqueConstraint('gemeente_id', 'id', name=op.f('uq_report_legal_remedies_gemeente_id_id'))
    )
    with op.batch_alter_table('report_legal_remedies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_legal_remedies_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_legal_remedies_publication_id'), ['publication_id'], unique=False)

    op.create_table('report_publication_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_report_publication_status_changes_changed_by_id_users')),
    sa.ForeignKeyConstraint(['gemeente_id', 'publication_id'], ['report_publications.gemeente_id', 'report_publications.id'], name=op.f('fk_report_publication_status_changes_gemeente_id_publication_id_report_publications')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeenten.id'], name=op.f('fk_report_publication_status_changes_gemeente_id_gemeenten')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_publication_status_changes'))
    )
    with op.batch_alter_table('report_publication_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_publication_status_changes_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_publication_status_changes_publication_id'), ['publication_id'], unique=False)

    op.create_table('report_response_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('handling', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigations.id'], name=op.f('fk_report_response_points_investigation_id_investigations')),
    sa.ForeignKeyConstraint(['round_id'], ['report_response_rounds.id'], name=op.f('fk_report_response_points_round_id_report_response_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_response_points'))
    )
    with op.batch_alter_table('report_response_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_response_points_investigation_id'), ['investigation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_response_points_round_id'), ['round_id'], unique=False)

    for table in REPORT_TABLES:
        rls.enable_tenant_rls(op, table, "participants", PARTICIPANTS)
    for table in PUBLICATION_TABLES:
        rls.enable_tenant_rls(op, table, "strict")
    role = current_app.config.get("APP_DB_ROLE", "")
    if role and op.get_bind().dialect.name == "postgresql":
        quoted = '"' + role.replace('"', '""') + '"'
        for table in APPEND_ONLY:
            op.execute(f"REVOKE UPDATE, DELETE ON {table} FROM {quoted}")


def downgrade():
    with op.batch_alter_table('report_response_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_response_points_round_id'))
        batch_op.drop_index(batch_op.f('ix_report_response_points_investigation_id'))

    op.drop_table('report_response_points')
    with op.batch_alter_table('report_publication_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_publication_status_changes_publication_id'))
        batch_op.drop_index(batch_op.f('ix_report_publication_status_changes_gemeente_id'))

    op.drop_table('report_publication_status_changes')
    with op.batch_alter_table('report_legal_remedies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_legal_remedies_publication_id'))
        batch_op.drop_index(batch_op.f('ix_report_legal_remedies_gemeente_id'))

    op.drop_table('report_legal_remedies')
    with op.batch_alter_table('report_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_status_changes_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_status_changes_investigation_id'))

    op.drop_table('report_status_changes')
    with op.batch_alter_table('report_response_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_response_rounds_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_response_rounds_investigation_id'))

    op.drop_table('report_response_rounds')
    with op.batch_alter_table('report_publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_publications_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_publications_investigation_id'))
        batch_op.drop_index(batch_op.f('ix_report_publications_gemeente_id'))

    op.drop_table('report_publications')
    with op.batch_alter_table('report_dispatches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_dispatches_version_id'))
        batch_op.drop_index(batch_op.f('ix_report_dispatches_investigation_id'))

    op.drop_table('report_dispatches')
    with op.batch_alter_table('report_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_versions_report_id'))
        batch_op.drop_index(batch_op.f('ix_report_versions_investigation_id'))

    op.drop_table('report_versions')
    op.drop_table('reports')
