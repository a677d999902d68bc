"""Deadline reminders on a real Redis and PostgreSQL: the scheduler enqueues the daily job, a real
RQ worker runs it and its per-gemeente jobs, the case team (or, with nobody on the case, the
gemeente's inspectors) gets an outbox mail per due or passed deadline, and running again sends
nothing twice. A deadline that passes later gets its one 'overdue' reminder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from flask import Flask
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import select

from blueprints.meldingen import deadlines, reminders, services
from blueprints.meldingen.models import (
    Melding,
    MeldingDeadlineReminder,
    MeldingStatus,
    ProviderInvestigationRequest,
    ReminderStage,
)
from blueprints.workdays.calendar import add_working_days
from regiotoezicht.context import TenantContext, tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.jobs import QUEUES
from regiotoezicht.scheduler import REGISTRY, Registry, Scheduler
from tenants.entitlements import today
from tests.blueprints.meldingen.conftest import TRIAGE_OK, MWorld, acting, bring_to, register
from tests.conftest import login
from tests.factories import PASSWORD
from tests.isolation.support import inspect_rows

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture()
def redis_conn(app: Flask) -> Iterator[Redis]:
    conn = Redis.from_url(os.environ["REDIS_URL"])
    conn.flushdb()
    yield conn
    conn.flushdb()
    conn.close()


@pytest.fixture()
def run_worker(app: Flask, redis_conn: Redis) -> Callable[[], None]:
    """A real RQ worker in burst mode in this process, as `flask regio worker` runs it."""

    def run() -> None:
        with app.app_context():
            worker = SimpleWorker([Queue(q, connection=redis_conn) for q in QUEUES], connection=redis_conn)
            worker.work(burst=True, logging_level="WARNING")

    return run


def _received_on_for_due_tomorrow(gemeente_id: int, on: date) -> date:
    """A date of receipt whose triage deadline (the gemeente's term) is not yet passed on `on`
    but falls by the next working day."""
    horizon = add_working_days(on, 1).due_on
    with tenant_context(TenantContext(allowed_ids=frozenset({gemeente_id}), reason="test")):
        for back in range(0, 15):
            candidate = on - timedelta(days=back)
            probe = Melding(gemeente_id=gemeente_id, received_on=candidate)
            due = deadlines.triage_deadline(probe).due_on
            if on <= due <= horizon:
                return candidate
    raise AssertionError("no date of receipt gives a deadline by the next working day")


def _outbox() -> list[tuple[str, str, str]]:
    return inspect_rows("SELECT recipient, subject, body FROM outbox_messages WHERE subject LIKE 'Termijn%' ORDER BY id")


def test_the_daily_job_reminds_each_case_team_once(
    app: Flask, mworld: MWorld, redis_conn: Redis, run_worker: Callable[[], None]
) -> None:
    on = today()
    with app.app_context():
        due_received = _received_on_for_due_tomorrow(mworld.a_id, on)
    with acting(app, mworld.secretariaat_id, mworld.a_id, commit=True):
        overdue = register(mworld, received_on=on - timedelta(days=12), kind="signaal", reporter_kind="inwoner").reference
        due = register(mworld, received_on=due_received, kind="signaal", reporter_kind="inwoner")
        due_ref, due_id = due.reference, due.id
        fresh = register(mworld, kind="signaal", reporter_kind="inwoner").reference  # 3 working days left
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        closed = bring_to(mworld, MeldingStatus.CLOSED, received_on=on - timedelta(days=12)).reference
    with acting(app, mworld.inspector_b_id, mworld.b_id, commit=True):
        report = register(mworld, received_on=on - timedelta(days=90))
        services.triage(report, TRIAGE_OK)
        request = services.request_provider_investigation(report, {"requested_on": on - timedelta(days=80)})
        assert request.requested_on == on - timedelta(days=80)  # 8 weeks: long passed
        report_ref = report.reference

    registry = Registry()
    entry = REGISTRY.jobs()[[j.name for j in REGISTRY.jobs()].index("meldingen.deadline_reminders")]
    assert (entry.every, entry.queue) == (timedelta(days=1), "mail")
    registry.register(entry.name, entry.every, entry.job, entry.queue)
    scheduler = Scheduler(redis_conn, registry)
    assert scheduler.run_due() == ["meldingen.deadline_reminders"]
    run_worker()

    mails = _outbox()
    by_ref: dict[str, set[str]] = {}
    for recipient, subject, _ in mails:
        by_ref.setdefault(subject.rsplit(" ", 1)[-1], set()).add(recipient)
    a_inspectors = {"inspecteur.a2@test.nl", "inspecteur.ab@test.nl", mworld.emails[mworld.inspector_a_id]}
    # Nobody on the case yet: every inspector of A; B's case team is inspector B alone.
    assert by_ref == {overdue: a_inspectors, due_ref: a_inspectors, report_ref: {"inspecteur.b@test.nl"}}
    assert fresh not in by_ref and closed not in by_ref
    subjects = {subject for _, subject, _ in mails}
    assert f"Termijn verstreken: triage melding {overdue}" in subjects
    assert f"Termijn verstreken: rapport van de aanbieder melding {report_ref}" in subjects
    assert any(s.startswith("Termijn verloopt ") and s.endswith(due_ref) for s in subjects)
    for _, _, body in mails:
        assert "Karel" not in body and "Mila" not in body and "CL-778" not in body
    assert any(f"/g/{mworld.world.a_slug}/meldingen/{due_id}" in body for _, _, body in mails)
    assert inspect_rows(
        "SELECT gemeente_id, stage, deadline FROM melding_deadline_reminders ORDER BY gemeente_id, id"
    ) == [(mworld.a_id, "overdue", "triage"), (mworld.a_id, "due", "triage"), (mworld.b_id, "overdue", "provider_report")]
    assert inspect_rows(
        "SELECT count(*), count(DISTINCT gemeente_id) FROM audit_events WHERE action = 'melding.deadline_reminder_sent'"
    ) == [(3, 2)]

    # Not due again within the day; run anyway (a retry, a second worker): nothing is sent twice.
    assert scheduler.run_due() == []
    with app.app_context():
        reminders.send_deadline_reminders()
    run_worker()
    assert _outbox() == mails

    # Two working days on: the near deadline has passed (its one 'overdue' reminder) and the
    # fresh melding's falls on the next working day; the long-overdue ones stay quiet.
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        later = add_working_days(on, 2).due_on
        fresh_due = add_working_days(on, 3).due_on
        assert reminders.send_reminders(mworld.a_id, later) == 2
        assert reminders.send_reminders(mworld.a_id, later) == 0
    new = _outbox()[len(mails):]
    assert {subject for _, subject, _ in new} == {
        f"Termijn verstreken: triage melding {due_ref}",
        f"Termijn verloopt op {fresh_due:%d-%m-%Y}: triage melding {fresh}",
    }


def test_a_reminder_follows_the_case_team_and_the_open_round(app: Flask, mworld: MWorld) -> None:
    on = today()
    with acting(app, mworld.inspector_a_id, mworld.a_id, commit=True):
        melding = register(mworld, received_on=on - timedelta(days=120))
        services.triage(melding, TRIAGE_OK)
        services.request_provider_investigation(melding, {"requested_on": on - timedelta(days=110)})
        services.receive_provider_report(melding, {"report_received_on": on - timedelta(days=60)})
        services.assess_provider_report(melding, {
            "has_independent_chair": True, "has_facts": False, "has_root_causes": True, "has_measures": True,
            "client_involved": True, "outcome": "aanvulling_gevraagd", "assessment": "Feiten ontbreken", "term_weeks": 2,
        })
        second = db.session.execute(
            select(ProviderInvestigationRequest).where(ProviderInvestigationRequest.round == 2)
        ).scalar_one()
        second.requested_on = on - timedelta(days=30)  # two weeks asked, a month ago
        melding_id = melding.id
    with acting(app, None, mworld.a_id, commit=True):
        assert reminders.send_reminders(mworld.a_id, on) == 1
        [row] = db.session.execute(select(MeldingDeadlineReminder)).scalars().all()
        assert (row.melding_id, row.round, row.stage, row.recipient_count) == (melding_id, 2, ReminderStage.OVERDUE, 1)
    assert [r for r, _, _ in _outbox()] == [mworld.emails[mworld.inspector_a_id]]
    # The melding's page says so (to the GGD; a gemeente role does not see the mail traffic).
    page = login(app.test_client(), mworld.emails[mworld.inspector_a_id], PASSWORD).get(
        f"/g/{mworld.world.a_slug}/meldingen/{melding_id}").get_data(as_text=True)
    assert "Herinneringen per e-mail: rapport van de aanbieder verstreken" in page
    assert f"verstuurd op {on:%d-%m-%Y} aan 1 persoon." in page
    viewer = login(app.test_client(), mworld.emails[mworld.viewer_a_id], PASSWORD)
    assert "Herinneringen per e-mail" not in viewer.get(f"/g/{mworld.world.a_slug}/meldingen/{melding_id}").get_data(as_text=True)
    # Another gemeente's run sees none of A's meldingen.
    with acting(app, None, mworld.b_id, commit=True):
        assert reminders.send_reminders(mworld.b_id, on) == 0
