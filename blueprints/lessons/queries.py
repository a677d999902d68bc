"""Searching the region's lessons, for readers of the regions they work in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from blueprints.lessons.models import Lesson
from blueprints.providers.models import ServiceType
from regiotoezicht.context import TenantContext
from regiotoezicht.extensions import db
from regiotoezicht.permissions import Permission, permissions_for
from tenants.entitlements import Entitlements
from tenants.models import RegionGemeente

PAGE_SIZE = 25


@dataclass(frozen=True)
class LessonQuery:
    service_type_id: int | None = None
    theme: str | None = None
    text: str | None = None
    page: int = 1


@dataclass(frozen=True)
class LessonPage:
    lessons: list[Lesson]
    total: int
    page: int
    pages: int


def reader_region_ids(ents: Entitlements, ctx: TenantContext) -> set[int]:
    """The regions whose lessons this reader sees: those serving a gemeente they read lessons in
    (today), and those where a region role grants it."""
    regions = {
        rid for rid, roles in ents.roles_by_region.items()
        if Permission.LESSONS_READ in permissions_for(roles)
    }
    if ctx.allowed_ids:
        on = ents.on_date
        regions |= set(
            db.session.execute(
                select(RegionGemeente.region_id).where(
                    RegionGemeente.gemeente_id.in_(ctx.allowed_ids),
                    RegionGemeente.valid_from <= on,
                    or_(RegionGemeente.valid_until.is_(None), RegionGemeente.valid_until >= on),
                )
            ).scalars()
        )
    return regions


def _words(text: str | None) -> list[str]:
    return [w for w in (text or "").split() if w][:8]


def search(region_ids: set[int], query: LessonQuery) -> LessonPage:
    """Lessons of these regions matching service type, theme and every word of the text."""
    conditions = [Lesson.region_id.in_(sorted(region_ids))]
    if query.service_type_id is not None:
        conditions.append(Lesson.service_type_id == query.service_type_id)
    if query.theme:
        conditions.append(Lesson.theme == query.theme)
    for word in _words(query.text):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(func.lower(Lesson.text).like(f"%{escaped.lower()}%", escape="\\"))
    where = and_(*conditions)
    total = int(db.session.execute(select(func.count(Lesson.id)).where(where)).scalar_one())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, query.page), pages)
    lessons = list(
        db.session.execute(
            select(Lesson)
            .options(selectinload(Lesson.service_type))
            .where(where)
            .order_by(Lesson.learned_in.desc(), Lesson.id.desc())
            .limit(PAGE_SIZE)
            .offset((page - 1) * PAGE_SIZE)
        ).scalars()
    )
    return LessonPage(lessons=lessons, total=total, page=page, pages=pages)


def service_types() -> list[ServiceType]:
    return list(
        db.session.execute(select(ServiceType).order_by(ServiceType.sort_order, ServiceType.label)).scalars()
    )
