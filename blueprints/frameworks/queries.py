"""Reads of toetsingskaders: a region's frameworks, one framework, the versions usable on a date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import abort
from sqlalchemy import or_, select

from blueprints.frameworks.models import Framework, FrameworkDomain, FrameworkPart, FrameworkStatus, Norm
from regiotoezicht.extensions import db


def frameworks_of(region_ids: Iterable[int]) -> list[Framework]:
    ids = sorted(set(region_ids))
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Framework).where(Framework.region_id.in_(ids)).order_by(Framework.name, Framework.version.desc())
        )
    )


def get_framework_or_404(framework_id: int, region_ids: Iterable[int]) -> Framework:
    """A framework of one of these regions; any other id is simply not found."""
    framework = db.session.get(Framework, framework_id)
    if framework is None or framework.region_id not in set(region_ids):
        abort(404)
    return framework


def get_part_or_404(part_id: int, framework: Framework) -> FrameworkPart:
    part = db.session.get(FrameworkPart, part_id)
    if part is None or part.domain.framework_id != framework.id:
        abort(404)
    return part


def get_domain_or_404(domain_id: int, framework: Framework) -> FrameworkDomain:
    domain = db.session.get(FrameworkDomain, domain_id)
    if domain is None or domain.framework_id != framework.id:
        abort(404)
    return domain


def get_norm_or_404(norm_id: int, framework: Framework) -> Norm:
    norm = db.session.get(Norm, norm_id)
    if norm is None or norm.framework_id != framework.id:
        abort(404)
    return norm


def usable_frameworks(region_ids: Iterable[int], on_date: date) -> list[Framework]:
    """Fixed versions valid on that day: what a new investigation may choose."""
    ids = sorted(set(region_ids))
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Framework)
            .where(
                Framework.region_id.in_(ids),
                Framework.status == FrameworkStatus.FIXED.value,
                Framework.valid_from <= on_date,
                or_(Framework.valid_until.is_(None), Framework.valid_until >= on_date),
            )
            .order_by(Framework.name, Framework.version.desc())
        )
    )
