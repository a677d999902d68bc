"""Alembic environment: migrations run as the owner role (DATABASE_OWNER_URL), never the app role.

Batch mode is on so SQLite (the embedded demo) migrates too. The app role named in APP_DB_ROLE
receives its grants from the migrations themselves (tenants.rls.grant_app_role).
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import create_engine, pool

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_metadata = current_app.extensions["migrate"].db.metadata


def owner_url() -> str:
    return current_app.config["DATABASE_OWNER_URL"]


def run_migrations_offline() -> None:
    context.configure(url=owner_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty(ctx, revision, directives):  # noqa: ANN001 - alembic's callback signature
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    engine = create_engine(owner_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            process_revision_directives=skip_empty,
            **{"render_as_batch": True, "compare_type": True,
               **current_app.extensions["migrate"].configure_args},
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
