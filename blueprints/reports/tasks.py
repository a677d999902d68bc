"""Jobs of the reports slice: the definitive report to each participant gemeente's contacts.

One job per gemeente, in that gemeente's own tenant context: its contact persons are its own
data, and the report (scope "participants") is visible there because the gemeente takes part.
Idempotent: a gemeente that already received a version is not sent it again.
"""

from __future__ import annotations

from sqlalchemy import select

from blueprints.contacts.models import GemeenteContact
from blueprints.reports.models import ReportDispatch, ReportVersion
from regiotoezicht import audit
from regiotoezicht.context import require_tenant_context
from regiotoezicht.extensions import db
from regiotoezicht.jobs import tenant_job
from regiotoezicht.mail import send_mail


@tenant_job
def send_definitive_to_gemeente(gemeente_id: int, version_id: int) -> int:
    """Mail every contact of the gemeente who receives reports; returns how many were sent."""
    assert require_tenant_context().active_id == gemeente_id
    version = db.session.execute(select(ReportVersion).where(ReportVersion.id == version_id)).scalar_one_or_none()
    if version is None:  # not a participant, or gone: nothing to send
        return 0
    already = db.session.execute(
        select(ReportDispatch.id).where(
            ReportDispatch.version_id == version_id, ReportDispatch.to_gemeente_id == gemeente_id
        )
    ).first()
    if already:
        return 0
    contacts = list(
        db.session.execute(
            select(GemeenteContact).where(GemeenteContact.receives_reports.is_(True)).order_by(GemeenteContact.id)
        ).scalars()
    )
    if not contacts:
        audit.record("report.no_gemeente_recipients", version, gemeente_id=gemeente_id)
        return 0
    for contact in contacts:
        message = send_mail(
            contact.email,
            f"Definitief rapport toezicht Wmo (versie {version.number})",
            f"Beste {contact.name},\n\nHet definitieve rapport van een toezichtonderzoek waaraan uw gemeente "
            f"deelneemt, met het advies aan het college, staat voor u klaar in Regiotoezicht (versie "
            f"{version.number}, kenmerk {version.sha256[:12]}). Daar legt de gemeente ook haar besluit over "
            "de openbaarmaking vast.\n\nDe toezichthouder Wmo",
        )
        db.session.add(
            ReportDispatch(
                version_id=version.id, investigation_id=version.investigation_id, recipient_kind="gemeente",
                to_gemeente_id=gemeente_id, recipient=contact.email, outbox_message_id=message.id,
            )
        )
    db.session.flush()
    audit.record("report.sent_to_gemeente", version, gemeente_id=gemeente_id, detail={"recipients": len(contacts)})
    return len(contacts)
