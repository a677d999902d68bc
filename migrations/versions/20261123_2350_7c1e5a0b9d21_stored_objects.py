"""stored objects: blobs of the database storage backend

Uploads and generated PDFs (regiotoezicht.storage, STORAGE_BACKEND=database). The gemeente_id
column is derived from a `g<id>/` key (NULL for a region-level `r<id>/` key); on PostgreSQL a
CHECK constraint ties it to the key, so a row cannot claim to be region-level while its key
names a gemeente, and row-level security (forced) limits every command to the gemeenten of the
tenant context, region-level objects excepted.

Revision ID: 7c1e5a0b9d21
Revises: 9cc50e27937b
Create Date: 2026-11-23 23:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = "7c1e5a0b9d21"
down_revision = "9cc50e27937b"
branch_labels = None
depends_on = None

KEY_CHECK_SQL = (
    "key ~ '^[gr][1-9][0-9]{0,9}/' AND gemeente_id IS NOT DISTINCT FROM "
    "CAST(substring(key FROM '^g([0-9]+)/') AS integer)"
)
VISIBLE = "gemeente_id IS NULL OR app_gemeente_allowed(gemeente_id)"


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    constraints = [sa.CheckConstraint(KEY_CHECK_SQL, name=op.f("ck_stored_objects_key_scope"))] if postgres else []
    op.create_table(
        "stored_objects",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("gemeente_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["gemeente_id"], ["gemeenten.id"], name=op.f("fk_stored_objects_gemeente_id_gemeenten")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_stored_objects")),
        *constraints,
    )
    with op.batch_alter_table("stored_objects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_objects_gemeente_id"), ["gemeente_id"], unique=False)
    if postgres:
        # Blobs are already compressed (PDF, JPEG, DOCX): skip TOAST's pointless compression.
        op.execute("ALTER TABLE stored_objects ALTER COLUMN content SET STORAGE EXTERNAL")
        op.execute("ALTER TABLE stored_objects ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE stored_objects FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_isolation ON stored_objects USING ({VISIBLE}) WITH CHECK ({VISIBLE})")


def downgrade():
    with op.batch_alter_table("stored_objects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_objects_gemeente_id"))
    op.drop_table("stored_objects")
