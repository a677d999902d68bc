"""Outgoing mail: the outbox without a mail server, SMTP delivery through the mail queue with a
real worker and a local SMTP sink, failures recorded and retried."""

from __future__ import annotations

import socket

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from rq.job import Job, JobStatus

from regiotoezicht.extensions import db
from regiotoezicht.jobs import enqueue_after_commit
from regiotoezicht.mail import deliver_message, send_mail
from tests.factories import World
from tests.regiotoezicht.conftest import SqlRunner
from tests.regiotoezicht.smtp_sink import smtp_sink

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

SUBJECT = "Uitnodiging voor Regiotoezicht — geëxporteerd"
BODY = "Beste collega,\n\nKies een wachtwoord via de link.\n.\nRegel die met een punt begint.\n"


def queue_more(app: Flask) -> int:
    with app.app_context():
        message = send_mail("ontvanger@gemeente.test", SUBJECT, BODY, created_by_id=None)
        message_id = message.id
        db.session.commit()
    return message_id


def outbox(owner_sql: SqlRunner) -> list[dict[str, object]]:
    return owner_sql("SELECT * FROM outbox_messages ORDER BY id")


def test_without_mail_url_the_outbox_is_the_delivery(
    app: Flask, world: World, redis_conn: Redis, owner_sql: SqlRunner, audit_rows, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAIL_URL", "")
    queue_more(app)
    [row] = outbox(owner_sql)
    assert row["status"] == "outbox" and row["sent_at"] is None
    assert row["recipient"] == "ontvanger@gemeente.test" and row["body"] == BODY
    assert all(Queue(name, connection=redis_conn).count == 0 for name in ("default", "mail"))
    [audit] = audit_rows("mail.queued")
    assert audit["object_id"] == str(row["id"]) and audit["object_type"] == "OutboxMessage"
    assert "wachtwoord" not in str(audit)  # the body (with its one-time link) is not logged


def test_mail_rolled_back_with_its_transaction_is_neither_kept_nor_sent(
    app: Flask, world: World, redis_conn: Redis, owner_sql: SqlRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAIL_URL", "smtp://127.0.0.1:9")
    with app.app_context():
        send_mail("ontvanger@gemeente.test", SUBJECT, BODY)
        db.session.rollback()
        db.session.commit()
    assert outbox(owner_sql) == []
    assert Queue("mail", connection=redis_conn).count == 0


def test_smtp_delivery_through_the_mail_queue(
    app: Flask, world: World, redis_conn: Redis, run_worker, owner_sql: SqlRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_sink() as (port, mailbox):
        monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
        message_id = queue_more(app)
        assert outbox(owner_sql)[0]["status"] == "queued"
        assert Queue("default", connection=redis_conn).count == 0
        [job_id] = Queue("mail", connection=redis_conn).job_ids
        assert Job.fetch(job_id, connection=redis_conn).args == (message_id,)
        assert mailbox.messages == []  # nothing goes out before a worker runs

        run_worker("mail")
        assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.FINISHED
        [row] = outbox(owner_sql)
        assert row["status"] == "sent" and row["sent_at"] is not None and row["error"] is None

        [received] = mailbox.messages
        assert received.recipients == ["ontvanger@gemeente.test"]
        assert received.message["To"] == "ontvanger@gemeente.test"
        assert received.message["From"] == app.config["MAIL_FROM"]
        assert received.message["Subject"] == SUBJECT
        assert received.message.get_content().replace("\r\n", "\n") == BODY  # SMTP sends CRLF

        # Idempotent: delivering a sent message again sends nothing.
        with app.app_context():
            enqueue_after_commit(deliver_message, message_id, queue="mail")
            db.session.commit()
        run_worker("mail")
        assert len(mailbox.messages) == 1


def test_smtp_failure_is_recorded_and_retried(
    app: Flask, world: World, redis_conn: Redis, run_worker, owner_sql: SqlRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{_closed_port()}")
    queue_more(app)
    [job_id] = Queue("mail", connection=redis_conn).job_ids
    run_worker("mail")
    job = Job.fetch(job_id, connection=redis_conn)
    assert job.get_status() == JobStatus.FAILED
    assert job.retries_left == 0  # send_mail asked for three retries: all were used
    [row] = outbox(owner_sql)
    assert row["status"] == "failed" and row["sent_at"] is None
    assert row["error"] and "refused" in row["error"].lower()


def test_without_redis_mail_is_delivered_in_process_after_commit(
    app: Flask, world: World, owner_sql: SqlRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_sink() as (port, mailbox):
        monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
        monkeypatch.setitem(app.config, "REDIS_URL", "")
        queue_more(app)
        assert outbox(owner_sql)[0]["status"] == "sent"
        assert [m.message["Subject"] for m in mailbox.messages] == [SUBJECT]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
