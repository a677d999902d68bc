"""The region's lessons: a search page for everyone who reads lessons (/regio/lessen)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from blueprints.lessons import queries
from blueprints.lessons.themes import THEMES
from regiotoezicht.context import require_tenant_context
from regiotoezicht.permissions import Permission
from regiotoezicht.web import requires
from tenants.resolution import current_entitlements

bp = Blueprint("lessons", __name__, template_folder="templates")


def parse_query(args: dict[str, str], type_ids: set[int]) -> tuple[queries.LessonQuery, dict[str, str]]:
    """The search from query-string arguments, with a Dutch message per bad one."""
    errors: dict[str, str] = {}
    service_type_id = None
    raw_type = (args.get("voorziening") or "").strip()
    if raw_type:
        if raw_type.isdigit() and int(raw_type) in type_ids:
            service_type_id = int(raw_type)
        else:
            errors["voorziening"] = "Kies een voorziening uit de lijst."
    theme = (args.get("thema") or "").strip() or None
    if theme and theme not in THEMES:
        errors["thema"] = "Kies een thema uit de lijst."
        theme = None
    text = (args.get("q") or "").strip()
    if len(text) > 200:
        errors["q"] = "Zoek met hoogstens 200 tekens."
        text = ""
    raw_page = (args.get("pagina") or "1").strip()
    page = int(raw_page) if raw_page.isdigit() and int(raw_page) > 0 else 1
    return queries.LessonQuery(service_type_id, theme, text or None, page), errors


@bp.get("/regio/lessen")
@requires(Permission.LESSONS_READ)
def search() -> ResponseReturnValue:
    ents = current_entitlements()
    assert ents is not None
    region_ids = queries.reader_region_ids(ents, require_tenant_context())
    types = queries.service_types()
    query, errors = parse_query(request.args, {t.id for t in types})
    result = None if errors else queries.search(region_ids, query)
    args = {k: v for k, v in request.args.items() if k in ("voorziening", "thema", "q") and v}
    return render_template(
        "lessons/search.html", result=result, errors=errors, types=types, themes=THEMES,
        query=query, args=args,
    ), (400 if errors else 200)
