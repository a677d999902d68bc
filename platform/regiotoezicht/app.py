"""The app factory: settings, extensions, tenancy, the slices and the CLI, in one flat list."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

import blueprints.attachments.blueprint as attachments_slice
import blueprints.audit.blueprint as audit_slice
import blueprints.contacts.blueprint as contacts_slice
import blueprints.enforcement.blueprint as enforcement_slice
import blueprints.frameworks.blueprint as frameworks_slice
import blueprints.home.blueprint as home_slice
import blueprints.investigations.blueprint as investigations_slice
import blueprints.lessons.blueprint as lessons_slice
import blueprints.meldingen.blueprint as meldingen_slice
import blueprints.meldpunt.blueprint as meldpunt_slice
import blueprints.outbox.blueprint as outbox_slice
import blueprints.privacy.blueprint as privacy_slice
import blueprints.providers.blueprint as providers_slice
import blueprints.region.blueprint as region_slice
import blueprints.reports.blueprint as reports_slice
import blueprints.settings.blueprint as settings_slice
import blueprints.users.blueprint as users_slice
import blueprints.workdays.blueprint as workdays_slice
import tenants
from regiotoezicht import api as api_module
from regiotoezicht import audit, cli, errors, health, jobs, logs, storage, web
from regiotoezicht.auth import loader as auth_loader
from regiotoezicht.auth import routes as auth_routes
from regiotoezicht.config import ConfigError, load_config
from regiotoezicht.extensions import csrf, db, migrate

#: Feature slices, registered in this order. Each has `bp` (pages) and may have `api_bp`.
SLICES = [
    home_slice,
    region_slice,
    contacts_slice,
    users_slice,
    audit_slice,
    outbox_slice,
    settings_slice,
    workdays_slice,
    providers_slice,
    meldingen_slice,
    frameworks_slice,
    investigations_slice,
    reports_slice,
    privacy_slice,
    attachments_slice,
    lessons_slice,
    enforcement_slice,
    meldpunt_slice,
]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. `config` overrides settings read from the environment (tests use it)."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or None)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    if app.config["REGIOTOEZICHT_ENV"] == "production" and app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        raise ConfigError("DATABASE_URL must point to PostgreSQL in production, not SQLite")
    proxies = int(app.config.get("TRUSTED_PROXY_COUNT", 0))
    if proxies:
        # Behind an ingress: the client's address (audit log), scheme and host come from the
        # X-Forwarded-* headers that exactly this many proxies added; anything before is ignored.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(app, db, directory=app.config["MIGRATIONS_DIR"], render_as_batch=True)
    csrf.init_app(app)
    logs.init_app(app)
    auth_loader.init_app(app)
    web.init_app(app)
    audit.init_app(app)
    jobs.init_app(app)
    storage.init_app(app)
    tenants.init_app(app)
    api_module.init_app(app)
    errors.init_app(app)

    app.register_blueprint(health.bp)
    app.register_blueprint(auth_routes.bp)
    for slice_ in SLICES:
        app.register_blueprint(slice_.bp)
        api_bp = getattr(slice_, "api_bp", None)
        if api_bp is not None:
            api_module.register(app, api_bp)
    cli.init_app(app)
    web.check_declarations(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLite ignores foreign keys unless asked; the embedded demo must keep them too.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
