"""Test-only jobs, importable by a worker that runs from the repository root, and a blueprint
that enqueues them from inside a real request."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from blueprints.contacts.models import GemeenteContact
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.jobs import QUEUES, enqueue_after_commit, get_queue, redis_connection, tenant_job
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.resolution import current_gemeente


@tenant_job
def add_contact(gemeente_id: int, name: str, email: str = "job@test.nl") -> int:
    """Write a contact in the job's gemeente (the scoping stamps gemeente_id) and say which."""
    ctx = require_tenant_context()
    assert ctx.active_id == gemeente_id and ctx.allowed_ids == {gemeente_id}
    contact = GemeenteContact(name=name, email=email, function=f"job in {gemeente_id}")
    db.session.add(contact)
    db.session.flush()
    return contact.id


@tenant_job
def add_contact_in(gemeente_id: int, other_gemeente_id: int) -> None:
    """Try to write into another gemeente than the job's: the flush guard must refuse it."""
    db.session.add(GemeenteContact(gemeente_id=other_gemeente_id, name="Indringer", email="x@test.nl"))
    db.session.flush()


@tenant_job
def visible_contact_ids(gemeente_id: int) -> list[int]:
    return list(db.session.execute(select(GemeenteContact.id).order_by(GemeenteContact.id)).scalars())


@tenant_job
def label_contact(gemeente_id: int, contact_id: int, description: str) -> None:
    """Set a contact's function; the contact must exist, so a job run before commit fails.

    The argument is called `description` on purpose: RQ takes that keyword for itself.
    """
    contact = db.session.get(GemeenteContact, contact_id)
    if contact is None:
        raise LookupError(f"contact {contact_id} not found in gemeente {gemeente_id}")
    contact.function = description


@tenant_job
def flaky(gemeente_id: int, counter_key: str, failures: int) -> str:
    """Fail the first `failures` runs (counted in Redis), then succeed."""
    conn = redis_connection()
    assert conn is not None
    attempt = int(conn.incr(counter_key))
    if attempt <= failures:
        raise RuntimeError(f"poging {attempt} mislukt (opzettelijk)")
    return f"gelukt bij poging {attempt}"


bp = Blueprint("test_jobs", __name__)


@bp.get("/g/<slug>/test-jobs/<outcome>")
@requires(Permission.CONTACTS_MANAGE)
def enqueue_in_request(outcome: str) -> ResponseReturnValue:
    """Add a contact and enqueue a job that labels it; commit, or roll back on 'rollback'."""
    gemeente = current_gemeente()
    assert gemeente is not None
    contact = GemeenteContact(name="Uit een request", email="request@test.nl")
    db.session.add(contact)
    db.session.flush()
    enqueue_after_commit(label_contact, gemeente.id, contact.id, description=request.args["label"])
    queued = {name: get_queue(name).count for name in QUEUES} if redis_connection() else None
    status = 200 if outcome == "commit" else 409
    return jsonify(contact_id=contact.id, queued_before_commit=queued), status


def register_test_routes(app: Flask) -> Flask:
    app.register_blueprint(bp)
    return app
