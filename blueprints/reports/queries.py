"""Reads of reports, always inside the tenant scope; an id of another gemeente is not found."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import abort
from sqlalchemy import select

from blueprints.reports.models import LegalRemedy, Publication, Report, ReportVersion, ResponsePoint, ResponseRound
from regiotoezicht import audit
from regiotoezicht.extensions import db


def _not_found(object_type: str, object_id: int) -> NoReturn:
    audit.record_outside_transaction("access.not_found", object_type=object_type, object_id=object_id)
    abort(404)


def report_of(investigation_id: int) -> Report | None:
    return db.session.execute(
        select(Report).where(Report.investigation_id == investigation_id)
    ).scalar_one_or_none()


def get_report_or_404(investigation_id: int) -> Report:
    report = report_of(investigation_id)
    if report is None:
        _not_found("Report", investigation_id)
    return report


def _one(model: Any, object_id: int, **where: Any) -> Any:
    query = select(model).where(model.id == object_id)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    found = db.session.execute(query).scalar_one_or_none()
    if found is None:
        _not_found(model.__name__, object_id)
    return found


def get_version_or_404(report: Report, version_id: int) -> ReportVersion:
    return _one(ReportVersion, version_id, report_id=report.id)  # type: ignore[no-any-return]


def get_round_or_404(report: Report, round_id: int) -> ResponseRound:
    return _one(ResponseRound, round_id, report_id=report.id)  # type: ignore[no-any-return]


def get_point_or_404(round_: ResponseRound, point_id: int) -> ResponsePoint:
    return _one(ResponsePoint, point_id, round_id=round_.id)  # type: ignore[no-any-return]


def get_remedy_or_404(publication: Publication, remedy_id: int) -> LegalRemedy:
    return _one(LegalRemedy, remedy_id, publication_id=publication.id)  # type: ignore[no-any-return]
